//! The site around the features: the home page, the language switcher, the static
//! assets and the health check.

mod assets;
mod health;
mod home;
mod language;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(language::router())
        .merge(health::router())
        .merge(assets::router())
}
