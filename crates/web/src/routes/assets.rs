//! Static assets, compiled into the binary so it runs from any directory.

use axum::{Router, http::header, response::IntoResponse, routing::get};

use crate::state::AppState;

const SITE_CSS: &str = include_str!("../../../../web/static/site.css");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/site.css", get(site_css))
}

async fn site_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SITE_CSS,
    )
}
