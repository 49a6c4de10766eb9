//! The language switcher: remembers the choice in a cookie and goes back. A switch
//! another site started (`Sec-Fetch-Site`) goes back without changing the cookie.

use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use crate::http::extract::Query;
use crate::services::Services;
use crate::{
    error::AppError,
    http::{auth::local_path_or, fetch_site},
    state::AppState,
    {http::locale::LANGUAGE_COOKIE, locale::Locale},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/language/{code}", get(choose))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn choose(
    State(state): State<Services>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Query(Next { next }): Query<Next>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&code).ok_or(AppError::NotFound)?;
    let target = local_path_or(next.as_deref(), "/");
    if fetch_site::is_cross_site(&headers) {
        return Ok(Redirect::to(&target).into_response());
    }
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        locale.code()
    );
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&target)).into_response())
}
