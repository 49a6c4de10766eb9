//! The application layer: what the network does, one module per feature, called the
//! same way by the web routes and by the command line.
//!
//! A service function takes the [`Services`] (the database, the configuration, the
//! password hasher, the mailer, background work) and inputs that already hold valid
//! values (parsed at the edge into domain types), applies the rules of
//! `membernet_domain`, stores through `membernet_persistence`, queues emails through
//! `mail`, and returns an outcome: what happened, for the caller to show. A service
//! knows nothing of HTTP (no axum, no sessions, no templates) and writes no words for
//! people: routes and commands turn outcomes into pages and messages in the reader's
//! language.
//!
//! Errors: [`Error`] holds what a caller may show (a rate limit reached, something not
//! found or not allowed) and `Internal` for the rest (logged, never shown). Outcomes a
//! person can act on (a field to correct, an address already taken) are not errors but
//! values of each service's outcome type.

pub mod accounts;
pub mod campaigns;
pub mod countries;
pub mod demo;
pub mod directory;
pub mod donations;
pub mod events;
pub mod housekeeping;
pub mod library;
pub mod organizations;
pub mod planner;
pub mod public_figures;
pub mod rate_limit;
pub mod staff;
pub mod statistics;
pub mod weeks;

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use membernet_domain::signature::SigningKey;
use membernet_persistence::DatabaseConnection;

use crate::{background::Background, config::Config, mail::Mailer, passwords::Passwords};

/// What every service can reach. Cloned freely (everything inside is shared).
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    pub mailer: Mailer,
    pub background: Background,
    /// Whether the database holds the demo network (read at start-up, set by seeding).
    pub demo: Arc<AtomicBool>,
    /// An erasure's traces are still to be scrubbed from the database files.
    pub scrub_pending: Arc<AtomicBool>,
    /// Signs what the site hands out and gets back (see `membernet_domain::signature`).
    pub signing: SigningKey,
    /// Moved on by every change to what public pages show, on this instance (the
    /// page cache keeps nothing rendered before the latest change).
    pub public_generation: Arc<AtomicU64>,
    /// What `/metrics` reports (`http::metrics`).
    pub metrics: crate::metrics::Metrics,
    /// Tells the campaign sender a campaign is to go now.
    pub campaign_wake: Arc<tokio::sync::Notify>,
    /// Where the library's files are kept (`MEMBERNET_FILES`).
    pub files: crate::files::FileStore,
}

impl Services {
    pub fn is_demo(&self) -> bool {
        self.demo.load(Ordering::Relaxed)
    }

    /// What public pages show may have changed (a demo network seeded, an account
    /// erased from the command line…): this instance forgets the answers it keeps at
    /// once, and the others when they next read the database's version.
    pub async fn public_changed(&self) -> Result<()> {
        self.public_generation.fetch_add(1, Ordering::SeqCst);
        membernet_persistence::public_version::bump(&self.db).await?;
        Ok(())
    }

    /// After an erasure: scrubs the person's traces from the database files now, or
    /// leaves it to housekeeping when the database is busy.
    pub async fn scrub_after_erasure(&self) -> Result<()> {
        self.scrub_pending.store(true, Ordering::SeqCst);
        self.scrub_if_pending().await
    }

    /// Scrubs an erasure's traces if one is pending (housekeeping, every ten minutes).
    pub async fn scrub_if_pending(&self) -> Result<()> {
        if self.scrub_pending.swap(false, Ordering::SeqCst)
            && !membernet_persistence::personal_data::scrub(&self.db).await?
        {
            tracing::info!("the database was busy; an erasure's traces are scrubbed later");
            self.scrub_pending.store(true, Ordering::SeqCst);
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("rate limit reached")]
    TooManyRequests { retry_after: Duration },
    /// Too much work at once (every password-hashing slot busy): try again soon.
    #[error("busy")]
    Busy { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<crate::passwords::HashError> for Error {
    fn from(error: crate::passwords::HashError) -> Self {
        match error {
            crate::passwords::HashError::Busy => Error::Busy {
                retry_after: Duration::from_secs(5),
            },
            crate::passwords::HashError::Failed(error) => Error::Internal(error),
        }
    }
}

impl From<membernet_persistence::Error> for Error {
    fn from(error: membernet_persistence::Error) -> Self {
        Error::Internal(error.into())
    }
}

/// What a page makes of a service's error.
impl From<Error> for crate::error::AppError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound => crate::error::AppError::NotFound,
            Error::Forbidden => crate::error::AppError::Forbidden,
            Error::TooManyRequests { retry_after } => {
                crate::error::AppError::TooManyRequests { retry_after }
            }
            Error::Busy { retry_after } => crate::error::AppError::Busy { retry_after },
            Error::Internal(error) => crate::error::AppError::Internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Services know nothing of HTTP: no module under `services/` imports axum, the
    /// HTTP plumbing, the pages or the routes.
    #[test]
    fn no_service_uses_http() {
        fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir)
                .expect("services/ is readable")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    found.push(path);
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services");
        let mut files = Vec::new();
        sources(&dir, &mut files);
        assert!(files.len() > 5, "found {} files", files.len());
        let forbidden = [
            "axum",
            "crate::http",
            "crate::routes",
            "crate::page",
            "tower_sessions",
        ];
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // The code, not the comments, and not this test.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for line in code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
            {
                for word in forbidden {
                    assert!(
                        !line.contains(word),
                        "{} uses {word}: {line}",
                        file.display()
                    );
                }
            }
        }
    }
}
