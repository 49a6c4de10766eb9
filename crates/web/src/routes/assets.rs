//! Static assets, compiled into the binary so it runs from any directory.

use axum::{Router, http::header, response::IntoResponse, routing::get};

use crate::state::AppState;

const SITE_CSS: &str = include_str!("../../../../web/static/site.css");
const ORGANIZATION_SUGGEST_JS: &str =
    include_str!("../../../../web/static/organization-suggest.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/site.css", get(site_css))
        .route(
            "/static/organization-suggest.js",
            get(organization_suggest_js),
        )
}

async fn organization_suggest_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        ORGANIZATION_SUGGEST_JS,
    )
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
