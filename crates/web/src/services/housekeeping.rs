//! Housekeeping, every ten minutes: expired sessions, one-time links and rate-limit
//! counters go; unsent emails whose links have all expired lose their bodies; an
//! erasure whose traces could not be scrubbed from the database files at once is
//! scrubbed.

use membernet_domain::token::TokenPurpose;
use membernet_persistence::{outbox, rate_limits, sessions, tokens};
use time::OffsetDateTime;

use super::{Result, Services};

/// What one round deleted.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tidied {
    pub sessions: u64,
    pub tokens: u64,
    pub counters: u64,
}

pub async fn tidy(services: &Services) -> Result<Tidied> {
    let db = &services.db;
    let now = OffsetDateTime::now_utc();
    let tidied = Tidied {
        sessions: sessions::delete_expired(db, now).await?,
        tokens: tokens::delete_expired(db, now).await?,
        // A day is longer than any limit's window.
        counters: rate_limits::delete_stale(db, now.unix_timestamp() - 86_400).await?,
    };
    // Every link in an email has expired after the longest token lifetime.
    let longest = TokenPurpose::VerifyEmail.lifetime();
    outbox::redact_unsent_before(db, now - longest).await?;
    services.scrub_if_pending().await?;
    Ok(tidied)
}
