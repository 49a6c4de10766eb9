//! Campaigns: staff's pages (`staff`), the public archive of newsletters and the
//! one-click unsubscribe (`public`).

use axum::Router;

use crate::state::AppState;

mod forms;
mod public;
mod staff;

pub fn router() -> Router<AppState> {
    Router::new().merge(staff::router()).merge(public::router())
}
