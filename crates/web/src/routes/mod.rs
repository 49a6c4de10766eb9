//! The site's pages, one module per feature; each exports `router()`.

use axum::Router;

use crate::state::AppState;

mod account;
mod api;
mod assets;
mod countries;
mod health;
mod home;
mod join;
mod language;
mod login;
mod members;
mod organizations;
mod password;
pub mod planner;
mod staff;
mod staff_member;
pub mod staff_members;
mod staff_organizations;
mod staff_statistics;
mod staff_workforce;
mod stats;
mod verify;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(join::router())
        .merge(verify::router())
        .merge(login::router())
        .merge(password::router())
        .merge(account::router())
        .merge(staff::router())
        .merge(staff_members::router())
        .merge(staff_member::router())
        .merge(staff_organizations::router())
        .merge(staff_statistics::router())
        .merge(staff_workforce::router())
        .merge(members::router())
        .merge(organizations::router())
        .merge(countries::router())
        .merge(planner::router())
        .merge(api::router())
        .merge(stats::router())
        .merge(language::router())
        .merge(health::router())
        .merge(assets::router())
}
