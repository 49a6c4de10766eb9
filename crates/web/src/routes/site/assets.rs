//! Static assets, compiled into the binary so it runs from any directory.
//!
//! Each is served at an address holding a hash of its content (see
//! [`StaticAsset`]), cacheable for a year: a new release changes the address, never
//! the file behind one. The plain old address (`/static/site.css`) redirects to the
//! current one, for pages a browser or a proxy kept from before.
//!
//! Browsers also ask for two fixed addresses: `/favicon.ico` (kept a day) and the web
//! app manifest, `/manifest.webmanifest`, with the network's name in the reader's
//! language and its icons.

use axum::{
    Extension, Router,
    extract::Path,
    http::header,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};

use crate::{
    assets::{
        EVENTS_JS, FAVICON, ICON_192, ICON_512, ICON_SVG, ORGANIZATION_SUGGEST_JS, SHARE_JS,
        SITE_CSS, StaticAsset,
    },
    error::AppError,
    locale::Locale,
    state::AppState,
};

const ASSETS: [&StaticAsset; 7] = [
    &SITE_CSS,
    &ORGANIZATION_SUGGEST_JS,
    &EVENTS_JS,
    &SHARE_JS,
    &ICON_SVG,
    &ICON_192,
    &ICON_512,
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{file}", get(asset))
        .route("/favicon.ico", get(favicon))
        .route("/manifest.webmanifest", get(manifest))
}

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/vnd.microsoft.icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

async fn manifest(Extension(locale): Extension<Locale>) -> Response {
    let name = locale.t("site.name");
    let icon = |asset: &StaticAsset, sizes: &str| serde_json::json!({ "src": asset.url(), "sizes": sizes, "type": asset.content_type });
    let body = serde_json::json!({
        "name": name,
        "short_name": name,
        "lang": locale.code(),
        "start_url": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [icon(&ICON_SVG, "any"), icon(&ICON_192, "192x192"), icon(&ICON_512, "512x512")],
    });
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::VARY, "Accept-Language, Cookie"),
        ],
        body.to_string(),
    )
        .into_response()
}

async fn asset(Path(file): Path<String>) -> Result<Response, AppError> {
    for asset in ASSETS {
        if file == asset.file_name() {
            return Ok((
                [
                    (header::CONTENT_TYPE, asset.content_type),
                    (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                ],
                asset.body,
            )
                .into_response());
        }
        if file == format!("{}.{}", asset.stem, asset.extension) {
            return Ok(Redirect::permanent(&asset.url()).into_response());
        }
    }
    Err(AppError::NotFound)
}
