//! Events: the public programme and pages, registration and cancellation, the
//! calendar files, and staff's tools. The work is in `services::events`.

mod forms;
mod public;
mod register;
mod staff;
pub(crate) mod view;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(register::router())
        .merge(staff::router())
}
