//! The site's pages, one module per feature; each exports `router()`.

use axum::Router;

use crate::state::AppState;

mod accounts;
mod api;
mod countries;
mod members;
mod organizations;
pub mod planner;
mod site;
mod staff;
mod staff_member;
pub mod staff_members;
mod staff_organizations;
mod statistics;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(site::router())
        .merge(accounts::router())
        .merge(staff::router())
        .merge(staff_members::router())
        .merge(staff_member::router())
        .merge(staff_organizations::router())
        .merge(statistics::router())
        .merge(members::router())
        .merge(organizations::router())
        .merge(countries::router())
        .merge(planner::router())
        .merge(api::router())
}
