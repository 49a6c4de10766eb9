//! Applying the rate limits of `membernet_domain::rate_limit` to requests.

use membernet_domain::rate_limit::{Decision, RateLimit};
use membernet_persistence::rate_limits;
use time::OffsetDateTime;

use super::Services;
use crate::error::AppError;

/// Counts a hit on `key`; over the limit, the request ends with a 429 page.
pub async fn enforce(state: &Services, key: &str, limit: RateLimit) -> Result<(), AppError> {
    match rate_limits::hit(
        &state.db,
        key,
        limit,
        OffsetDateTime::now_utc().unix_timestamp(),
    )
    .await?
    {
        Decision::Allow => Ok(()),
        Decision::Deny { retry_after } => {
            tracing::info!(
                limit = key.split(':').take(2).collect::<Vec<_>>().join(":"),
                "rate limit reached"
            );
            Err(AppError::TooManyRequests { retry_after })
        }
    }
}

/// Refuses the request (429) when `key` has reached its limit, without counting.
pub async fn enforce_without_counting(
    state: &Services,
    key: &str,
    limit: RateLimit,
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    match rate_limits::check(&state.db, key, limit, now).await? {
        Decision::Allow => Ok(()),
        Decision::Deny { retry_after } => Err(AppError::TooManyRequests { retry_after }),
    }
}

/// Counts a hit on `key` and says whether it is within the limit, for limits that
/// must not show (an email quietly not sent rather than a page that tells).
pub async fn within(state: &Services, key: &str, limit: RateLimit) -> Result<bool, AppError> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    Ok(rate_limits::hit(&state.db, key, limit, now).await? == Decision::Allow)
}
