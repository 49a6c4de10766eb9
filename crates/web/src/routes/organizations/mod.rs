//! Organisations members work for: the public list and pages, suggestions as a
//! member types, and staff's edits and merges. The work is in
//! `services::organizations`.

mod forms;
mod public;
mod staff;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}
