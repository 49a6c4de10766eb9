//! Membership statistics: the public network statistics (`/stats`, `public`) and the
//! staff dashboard (`/staff/statistics`, `staff`), both read from the statistics
//! rollup through `services::statistics`. `query` reads the statistics query string
//! the dashboard and the growth API share; `tables` names and orders the dashboard's
//! tables, and `download` writes them as CSV.

mod download;
mod public;
pub(crate) mod query;
mod staff;
mod tables;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}
