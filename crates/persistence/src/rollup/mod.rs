//! The statistics rollup (`growth_rollup`, see `membernet_domain::statistics`):
//! written in the transaction of each membership event, read by the statistics pages
//! and the API, and rebuilt from the event log on demand; one file each (`apply`,
//! `read`, `rebuild`).
//!
//! A row holds a period's counts and the running totals at its end. Adding to a
//! period inserts its row if needed (starting from the totals of the period before),
//! then adds the counts to that row and the totals to it and every later row, so the
//! running totals stay exact even for an event dated before the latest period.

mod apply;
mod read;
mod rebuild;

use membernet_domain::statistics::Totals;
use sea_orm::{DbBackend, Statement, Value};

use crate::entity::growth_rollup;

pub use apply::{add, apply, apply_many, reattribute};
pub use read::{first_period, members_now, month_ends, rows, summaries, totals_at};
pub use rebuild::{Difference, Rebuilt, change_of, ensure, rebuild, replay, write};

/// Builds a statement from SQL written with `$1`-style parameters (SQLite reads
/// them as `?1`).
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn totals(row: &growth_rollup::Model) -> Totals {
    Totals {
        joined: row.joined,
        left: row.left_count,
        moved_in: row.moved_in,
        moved_out: row.moved_out,
        members: row.members,
        joined_total: row.joined_total,
        left_total: row.left_total,
    }
}
