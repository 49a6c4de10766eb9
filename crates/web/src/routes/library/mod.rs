//! The library: the public pages of resources and stories with their feeds and
//! files (`public`), members' submissions (`submit`), staff's moderation
//! (`staff`); the form they share (`forms`) and how an item reads (`view`).

use axum::Router;

use crate::state::AppState;

mod form_page;
mod forms;
mod public;
mod staff;
mod submit;
pub mod view;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(submit::router())
        .merge(staff::router())
}
