//! Password hashing with argon2id, off the async runtime, a bounded number at once.
//!
//! Production uses OWASP's parameters (`Argon2::default()`: m=19 MiB, t=2, p=1).
//! Signing in with an unknown address still verifies against a dummy hash made with
//! the same parameters, so the response takes as long as for a real account.
//!
//! Each hash takes about 19 MiB and a core for tens of milliseconds, so they run on
//! [`HashingLimits::slots`] threads of their own (by default one a core), which take
//! the next hash in line the moment one ends (no hand-over through the async
//! runtime, so no core idles while requests wait). A request waits in line for at
//! most [`HashingLimits::wait`]; one that waited longer gets [`HashError::Busy`] (a
//! "try again in a moment" page) rather than piling up threads and memory.

use std::{
    sync::{
        Arc, Mutex, OnceLock,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
    time::{Duration, Instant},
};

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::oneshot;

/// argon2id parameters. Production always uses OWASP's (`Argon2::default()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordHashing {
    Owasp,
    /// Minimal cost, for tests only; never reachable from the environment.
    CheapForTests,
}

/// How many hashes may run at once, and how long a request waits for its turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingLimits {
    pub slots: usize,
    pub wait: Duration,
}

impl Default for HashingLimits {
    fn default() -> Self {
        Self {
            slots: std::thread::available_parallelism().map_or(2, usize::from),
            wait: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("every password-hashing slot stayed busy")]
    Busy,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// A hash in line: it runs on a hashing thread.
type Job = Box<dyn FnOnce() + Send>;

#[derive(Clone)]
pub struct Passwords {
    params: Params,
    dummy_hash: Arc<OnceLock<String>>,
    /// The line the hashing threads take their work from; they end when the last
    /// `Passwords` is dropped.
    line: mpsc::Sender<Job>,
    wait: Duration,
    running: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl Passwords {
    pub fn new(cost: PasswordHashing, limits: HashingLimits) -> Self {
        let params = match cost {
            PasswordHashing::Owasp => Params::default(),
            // The smallest cost argon2 accepts: tests hash many passwords on two cores.
            PasswordHashing::CheapForTests => {
                Params::new(Params::MIN_M_COST, Params::MIN_T_COST, 1, None).unwrap_or_default()
            }
        };
        let (line, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for n in 0..limits.slots.max(1) {
            let jobs = Arc::clone(&jobs);
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let next = jobs.lock().map(|jobs| jobs.recv());
                        match next {
                            Ok(Ok(job)) => job(),
                            _ => break,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "a password-hashing thread could not start");
            }
        }
        Self {
            params,
            dummy_hash: Arc::new(OnceLock::new()),
            line,
            wait: limits.wait,
            running: Arc::new(AtomicUsize::new(0)),
            peak: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// Hashes running now.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// The most hashes that ever ran at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Runs `work` on a hashing thread when its turn comes; refused as busy when the
    /// turn comes after [`HashingLimits::wait`].
    async fn in_a_slot<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let deadline = Instant::now() + self.wait;
        let (done, outcome) = oneshot::channel();
        let running = Arc::clone(&self.running);
        let peak = Arc::clone(&self.peak);
        let job: Job = Box::new(move || {
            if done.is_closed() {
                return; // The request is gone.
            }
            if Instant::now() > deadline {
                let _ = done.send(Err(HashError::Busy));
                return;
            }
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let result = work();
            running.fetch_sub(1, Ordering::SeqCst);
            let _ = done.send(Ok(result));
        });
        self.line
            .send(job)
            .map_err(|_| anyhow::anyhow!("the password-hashing threads have stopped"))?;
        outcome
            .await
            .map_err(|_| anyhow::anyhow!("a password-hashing thread stopped"))?
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let params = self.params.clone();
        Ok(self
            .in_a_slot(move || hash_blocking(params, &password))
            .await??)
    }

    /// Whether `password` matches `hash`. With no hash (unknown account, or one that
    /// has no password yet) it checks a dummy and answers false, taking the same time.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, HashError> {
        let params = self.params.clone();
        let dummy = Arc::clone(&self.dummy_hash);
        self.in_a_slot(move || {
            let is_real = hash.is_some();
            let hash = match hash {
                Some(hash) => hash,
                None => dummy
                    .get_or_init(|| {
                        hash_blocking(params.clone(), "not a password anyone has")
                            .unwrap_or_default()
                    })
                    .clone(),
            };
            let matches = Self::argon2(params)
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            is_real && matches
        })
        .await
    }
}

fn hash_blocking(params: Params, password: &str) -> anyhow::Result<String> {
    Passwords::argon2(params)
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("argon2 could not hash: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Passwords {
        Passwords::new(PasswordHashing::CheapForTests, HashingLimits::default())
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let passwords = cheap();
        let hash = passwords.hash("river ledger".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            passwords
                .verify("river ledger".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("river ledgex".into(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn without_a_hash_verification_fails() {
        let passwords = cheap();
        assert!(
            !passwords
                .verify("not a password anyone has".into(), None)
                .await
                .unwrap()
        );
    }

    #[test]
    fn production_uses_the_owasp_parameters() {
        let passwords = Passwords::new(PasswordHashing::Owasp, HashingLimits::default());
        assert_eq!(passwords.params.m_cost(), 19_456);
        assert_eq!(passwords.params.t_cost(), 2);
        assert_eq!(passwords.params.p_cost(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_slots() {
        let limits = HashingLimits {
            slots: 2,
            wait: Duration::from_secs(30),
        };
        let passwords = Passwords::new(PasswordHashing::Owasp, limits);
        let hashes: Vec<_> = (0..8)
            .map(|n| {
                let passwords = passwords.clone();
                tokio::spawn(async move { passwords.hash(format!("password {n}")).await })
            })
            .collect();
        for hash in hashes {
            hash.await.unwrap().unwrap();
        }
        assert_eq!(passwords.peak(), 2);
        assert_eq!(passwords.running(), 0);
    }

    #[tokio::test]
    async fn a_request_that_waits_too_long_for_a_slot_is_told_the_site_is_busy() {
        let limits = HashingLimits {
            slots: 1,
            wait: Duration::from_millis(1),
        };
        let passwords = Passwords::new(PasswordHashing::Owasp, limits);
        let first = {
            let passwords = passwords.clone();
            tokio::spawn(async move { passwords.hash("first in line".into()).await })
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
        let second = passwords.hash("second in line".into()).await;
        assert!(matches!(second, Err(HashError::Busy)));
        first.await.unwrap().unwrap();
    }
}
