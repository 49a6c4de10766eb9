//! Membership statistics: the public network statistics (`/stats`, `public`) and the
//! staff dashboard (`/staff/statistics`, `staff`), both read from the statistics
//! rollup through `services::statistics`. `query` reads the statistics query string
//! the dashboard and the growth API share; `download` writes the dashboard's tables
//! as CSV.

mod download;
mod public;
pub(crate) mod query;
mod staff;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}
