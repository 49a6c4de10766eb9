//! Applying the rate limits of `membernet_domain::rate_limit` (counted in the
//! database, so they hold across instances).

use membernet_domain::rate_limit::{Decision, LimitKey};
use membernet_persistence::rate_limits;
use time::OffsetDateTime;

use super::{Error, Result, Services};

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Counts a hit on `key`; over its limit, the caller gets `TooManyRequests`.
pub async fn enforce(services: &Services, key: &LimitKey) -> Result<()> {
    let limit = key.limit(&services.config.rate_limits);
    match rate_limits::hit(&services.db, &key.key(), limit, now()).await? {
        Decision::Allow => Ok(()),
        Decision::Deny { retry_after } => {
            tracing::info!(limit = key.name(), "rate limit reached");
            services.metrics.refused(key.name());
            Err(Error::TooManyRequests { retry_after })
        }
    }
}

/// Refuses (`TooManyRequests`) when `key` has reached its limit, without counting.
pub async fn enforce_without_counting(services: &Services, key: &LimitKey) -> Result<()> {
    let limit = key.limit(&services.config.rate_limits);
    match rate_limits::check(&services.db, &key.key(), limit, now()).await? {
        Decision::Allow => Ok(()),
        Decision::Deny { retry_after } => {
            services.metrics.refused(key.name());
            Err(Error::TooManyRequests { retry_after })
        }
    }
}

/// Counts a hit on `key` and says whether it is within the limit, for limits that
/// must not show (an email quietly not sent rather than a page that tells).
pub async fn within(services: &Services, key: &LimitKey) -> Result<bool> {
    let limit = key.limit(&services.config.rate_limits);
    let allowed =
        rate_limits::hit(&services.db, &key.key(), limit, now()).await? == Decision::Allow;
    if !allowed {
        services.metrics.refused(key.name());
    }
    Ok(allowed)
}

/// Forgets the counter of `key`.
pub async fn clear(services: &Services, key: &LimitKey) -> Result<()> {
    rate_limits::clear(&services.db, &key.key()).await?;
    Ok(())
}
