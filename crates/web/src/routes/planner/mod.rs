//! The workforce planner (`/countries/{code}/planner`): the page and its CSV for
//! everyone, and the scenarios staff save, publish, withdraw and delete. The
//! calculation is `membernet_domain::planner`; the work is in `services::planner`.

mod public;
mod staff;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}

/// The planner's page for `code`.
fn planner_path(code: membernet_domain::CountryCode) -> String {
    format!("/countries/{}/planner", code.as_str().to_lowercase())
}
