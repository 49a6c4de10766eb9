//! Rate-limit counters: one row per key, counting hits in the current fixed window.
//!
//! The count is one upsert (`INSERT … ON CONFLICT … RETURNING`, on SQLite and
//! PostgreSQL alike), so concurrent requests on several instances count exactly.

use membernet_domain::rate_limit::{Decision, KeyMatch, RateLimit};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict, Query},
};

use crate::{Error, Result, entity::rate_limit};

/// Counts one hit on `key` and says whether it is within `limit`.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    limit: RateLimit,
    now_unix: i64,
) -> Result<Decision> {
    let window_start = limit.window_start(now_unix);
    let statement = Query::insert()
        .into_table(rate_limit::Entity)
        .columns([
            rate_limit::Column::Key,
            rate_limit::Column::WindowStart,
            rate_limit::Column::Hits,
        ])
        .values_panic([key.into(), window_start.into(), 1i32.into()])
        .on_conflict(
            OnConflict::column(rate_limit::Column::Key)
                // A hit in a new window starts the count again.
                .value(
                    rate_limit::Column::Hits,
                    Expr::cust(
                        "CASE WHEN rate_limit.window_start = excluded.window_start \
                         THEN rate_limit.hits + 1 ELSE 1 END",
                    ),
                )
                .update_column(rate_limit::Column::WindowStart)
                .to_owned(),
        )
        .returning_col(rate_limit::Column::Hits)
        .to_owned();
    let row = db
        .query_one(&statement)
        .await?
        .ok_or_else(|| Error::Corrupt("the rate-limit upsert returned no row".into()))?;
    let hits: i32 = row.try_get("", "hits")?;
    Ok(limit.decide(hits.max(0) as u32, window_start, now_unix))
}

/// Whether `key` is within `limit` now, without counting a hit.
pub async fn check(
    db: &impl ConnectionTrait,
    key: &str,
    limit: RateLimit,
    now_unix: i64,
) -> Result<Decision> {
    let window_start = limit.window_start(now_unix);
    let hits = rate_limit::Entity::find_by_id(key.to_owned())
        .filter(rate_limit::Column::WindowStart.eq(window_start))
        .one(db)
        .await?
        .map_or(0, |row| row.hits.max(0) as u32);
    // The next hit would be number hits + 1.
    Ok(limit.decide(hits + 1, window_start, now_unix))
}

/// Removes counters whose window ended before `before_unix` (housekeeping).
pub async fn delete_stale(db: &impl ConnectionTrait, before_unix: i64) -> Result<u64> {
    Ok(rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::WindowStart.lt(before_unix))
        .exec(db)
        .await?
        .rows_affected)
}

/// Forgets the counter of `key` (after a successful sign-in, say).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    rate_limit::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets every counter that `pattern` matches (a person's, when they are erased).
pub async fn clear_matching(db: &impl ConnectionTrait, pattern: &KeyMatch) -> Result<u64> {
    let filter = match pattern {
        KeyMatch::Exact(key) => rate_limit::Column::Key.eq(key.as_str()),
        KeyMatch::Prefix(prefix) => rate_limit::Column::Key.starts_with(prefix.as_str()),
    };
    Ok(rate_limit::Entity::delete_many()
        .filter(filter)
        .exec(db)
        .await?
        .rows_affected)
}
