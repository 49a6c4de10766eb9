//! Cross-site request forgery protection: every state-changing request carries the
//! session's CSRF token, in the form field `csrf_token` (or the `X-CSRF-Token` header).
//!
//! The check is one middleware over the whole router, so no handler can forget it.
//! Tokens are 256 random bits kept in the session and compared in constant time.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    http::Method,
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::session::AuthSession;
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";
/// Forms are small; anything larger is refused before it is parsed.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The session's token if it has one. Pages without forms do not create one, so a
/// visitor who only reads costs no session row.
pub async fn existing(session: &AuthSession) -> Result<Option<String>, AppError> {
    session.csrf_token().await
}

/// The session's token, created on first use.
pub async fn token(session: &AuthSession) -> Result<String, AppError> {
    if let Some(token) = session.csrf_token().await? {
        return Ok(token);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    session.set_csrf_token(&token).await?;
    Ok(token)
}

/// A body that could not be read: too slow (408), else too large (413).
fn body_error(error: &axum::Error) -> AppError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.is::<tower_http::timeout::TimeoutError>() {
            return AppError::RequestTimeout;
        }
        cause = current.source();
    }
    AppError::PayloadTooLarge
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn verify(request: Request, next: Next) -> Response {
    if !changes_state(request.method()) {
        return next.run(request).await;
    }
    match check(request).await {
        Ok(request) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

async fn check(request: Request) -> Result<Request, AppError> {
    let Some(session) = request
        .extensions()
        .get::<Session>()
        .cloned()
        .map(AuthSession::new)
    else {
        return Err(AppError::CsrfRejected);
    };
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|error| body_error(&error))?;
    let from_header = parts
        .headers
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let sent = from_header.or_else(|| {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()?
            .into_iter()
            .find(|(name, _)| name == FIELD)
            .map(|(_, value)| value)
    });
    let expected = session.csrf_token().await?;
    match (sent, expected) {
        (Some(sent), Some(expected)) if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => {
            tracing::warn!(path = parts.uri.path(), "CSRF token missing or wrong");
            Err(AppError::CsrfRejected)
        }
    }
}
