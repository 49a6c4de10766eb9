//! The site's pages, one module per feature; each exports `router()`. The JSON API
//! has a router of its own ([`api`]): it takes no session and no CSRF token, since
//! it only reads.

use axum::Router;

use crate::state::AppState;

mod accounts;
mod api;
mod campaigns;
mod countries;
mod directory;
mod donations;
mod events;
pub mod library;
mod organizations;
mod planner;
mod site;
pub mod staff;
mod statistics;
mod weeks;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(site::router())
        .merge(accounts::router())
        .merge(staff::router())
        .merge(statistics::router())
        .merge(directory::router())
        .merge(organizations::router())
        .merge(countries::router())
        .merge(planner::router())
        .merge(events::router())
        .merge(campaigns::router())
        .merge(library::router())
        .merge(donations::router())
        .merge(weeks::router())
}

/// The public JSON API: GET only; any other method gets its `405` as JSON.
pub fn api() -> Router<AppState> {
    api::router()
}
