//! Housekeeping, every ten minutes: expired sessions, one-time links and rate-limit
//! counters go; emails that expired unsent are given up on (their bodies cleared); an
//! erasure whose traces could not be scrubbed from the database files at once is
//! scrubbed; guests' event registrations unconfirmed after a week go; library files
//! no item uses a day after their upload (a form left half-way, an erased member's
//! unpublished submission) go from the file store.

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
    // Emails that expired unsent lose their bodies (and the links in them).
    let abandoned = outbox::abandon_expired(db, now).await?;
    if abandoned > 0 {
        tracing::warn!(abandoned, "emails expired before they could be sent");
    }
    // A guest's registration not confirmed within a week goes.
    membernet_persistence::events::delete_unconfirmed(db, now - time::Duration::days(7)).await?;
    // A file store that does not answer (S3 down) must not hold up the rest.
    match super::library::uploads::forget_unused(services).await {
        Ok(0) => {}
        Ok(forgotten) => tracing::info!(forgotten, "unused library files removed"),
        Err(error) => tracing::warn!(%error, "unused library files could not be removed"),
    }
    services.scrub_if_pending().await?;
    Ok(tidied)
}
