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
pub mod countries;
pub mod public_figures;
pub mod rate_limit;
pub mod statistics;

use std::{
    sync::{Arc, atomic::AtomicBool},
    time::Duration,
};

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
}

impl Services {
    pub fn is_demo(&self) -> bool {
        self.demo.load(std::sync::atomic::Ordering::Relaxed)
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
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
            Error::Internal(error) => crate::error::AppError::Internal(error),
        }
    }
}
