//! Work that finishes after the response: emails whose sending (or not sending) must
//! not show in how long a request takes, or the timing would tell whether an address
//! has an account. Failures are logged. Tests wait for [`Background::settled`].

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use tokio::sync::Notify;

#[derive(Clone, Default)]
pub struct Background {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    pending: AtomicUsize,
    settled: Notify,
}

impl Background {
    pub fn spawn(
        &self,
        what: &'static str,
        work: impl Future<Output = anyhow::Result<()>> + Send + 'static,
    ) {
        let inner = Arc::clone(&self.inner);
        inner.pending.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            if let Err(error) = work.await {
                tracing::error!(
                    task = what,
                    error = format!("{error:#}"),
                    "background task failed"
                );
            }
            if inner.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
                inner.settled.notify_waiters();
            }
        });
    }

    /// Waits until no background work is pending.
    pub async fn settled(&self) {
        loop {
            let notified = self.inner.settled.notified();
            if self.inner.pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn settled_waits_for_every_task() {
        let background = Background::default();
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        for n in 0..3 {
            let sender = sender.clone();
            background.spawn("test", async move {
                tokio::time::sleep(std::time::Duration::from_millis(10 * n)).await;
                sender.send(n)?;
                Ok(())
            });
        }
        background.settled().await;
        let mut done = Vec::new();
        while let Ok(n) = receiver.try_recv() {
            done.push(n);
        }
        assert_eq!(done.len(), 3);
    }
}
