//! Awareness weeks: the public pages (`public`: the week, its days, its share kit,
//! its graphics) and staff's (`staff`: building a week, its days, posts and
//! graphics), with what both show (`view`) and the forms (`forms`).

mod forms;
mod public;
mod staff;
mod view;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}
