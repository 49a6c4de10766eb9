//! The site's pages, one module per feature; each exports `router()`.

use axum::Router;

use crate::state::AppState;

mod accounts;
mod api;
mod assets;
mod countries;
mod directory;
mod health;
mod home;
mod language;
mod organizations;
mod planner;
pub mod staff;
mod staff_statistics;
mod staff_workforce;
mod stats;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(accounts::router())
        .merge(staff::router())
        .merge(staff_statistics::router())
        .merge(staff_workforce::router())
        .merge(directory::router())
        .merge(organizations::router())
        .merge(countries::router())
        .merge(planner::router())
        .merge(api::router())
        .merge(stats::router())
        .merge(language::router())
        .merge(health::router())
        .merge(assets::router())
}
