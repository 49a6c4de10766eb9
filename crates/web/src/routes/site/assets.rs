//! Static assets, compiled into the binary so it runs from any directory.
//!
//! Each is served at an address holding a hash of its content (see
//! [`StaticAsset`]), cacheable for a year: a new release changes the address, never
//! the file behind one. The plain old address (`/static/site.css`) redirects to the
//! current one, for pages a browser or a proxy kept from before.

use axum::{
    Router,
    extract::Path,
    http::header,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};

use crate::{
    assets::{ORGANIZATION_SUGGEST_JS, SITE_CSS, StaticAsset},
    error::AppError,
    state::AppState,
};

const ASSETS: [&StaticAsset; 2] = [&SITE_CSS, &ORGANIZATION_SUGGEST_JS];

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(asset))
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
