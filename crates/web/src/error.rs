//! The web layer's error type and the pages it becomes.
//!
//! Use [`AppError`] from handlers and extractors. `Internal` is for anything
//! unexpected: its cause is logged with the request id and never shown; the person
//! sees a plain "something went wrong" page. The other variants are outcomes a
//! person can act on, each with its status code and page. Errors become responses
//! that carry an [`ErrorPage`] marker; [`render_error_pages`] turns the marker into a
//! page in the request's language.

use std::time::Duration;

use askama::Template;
use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};

use crate::{i18n::Locale, page::Page};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("the form's CSRF token is missing or wrong")]
    CsrfRejected,
    #[error("bad request")]
    BadRequest,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("rate limit reached")]
    TooManyRequests { retry_after: Duration },
    #[error("sign-in required")]
    SignInRequired { next: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl From<membernet_persistence::Error> for AppError {
    fn from(error: membernet_persistence::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        AppError::Internal(error.into())
    }
}

/// Marks a response whose body is to be an error page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    NotFound,
    Forbidden,
    CsrfRejected,
    BadRequest,
    PayloadTooLarge,
    TooManyRequests { retry_after: Duration },
    Internal,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match self {
            AppError::SignInRequired { next } => {
                let target = format!("/login?next={}", urlencode(&next));
                return Redirect::to(&target).into_response();
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorPage::Forbidden),
            AppError::CsrfRejected => (StatusCode::FORBIDDEN, ErrorPage::CsrfRejected),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, ErrorPage::BadRequest),
            AppError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorPage::PayloadTooLarge)
            }
            AppError::TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorPage::TooManyRequests { retry_after },
            ),
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Internal)
            }
        };
        let mut response = status.into_response();
        if let ErrorPage::TooManyRequests { retry_after } = page {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after.as_secs().max(1)),
            );
        }
        response.extensions_mut().insert(page);
        response
    }
}

pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|encoded| encoded.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: Page,
    title: String,
    message: String,
}

/// Renders error pages in the request's language (see the module doc).
pub async fn render_error_pages(request: Request, next: Next) -> Response {
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let Some(page) = response.extensions().get::<ErrorPage>().copied() else {
        return response;
    };
    let (title, message) = match page {
        ErrorPage::NotFound => (
            locale.t("error.not_found.title"),
            locale.t("error.not_found.body"),
        ),
        ErrorPage::Forbidden => (
            locale.t("error.forbidden.title"),
            locale.t("error.forbidden.body"),
        ),
        ErrorPage::CsrfRejected => (locale.t("error.csrf.title"), locale.t("error.csrf.body")),
        ErrorPage::BadRequest => (
            locale.t("error.bad_request.title"),
            locale.t("error.bad_request.body"),
        ),
        ErrorPage::PayloadTooLarge => (
            locale.t("error.too_large.title"),
            locale.t("error.too_large.body"),
        ),
        ErrorPage::TooManyRequests { retry_after } => {
            let minutes = retry_after.as_secs().div_ceil(60).max(1).to_string();
            (
                locale.t("error.too_many.title"),
                locale.t_with("error.too_many.body", &[("minutes", &minutes)]),
            )
        }
        ErrorPage::Internal => (
            locale.t("error.internal.title"),
            locale.t("error.internal.body"),
        ),
    };
    let template = ErrorTemplate {
        page: Page::bare(locale, path),
        title,
        message,
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match template.render() {
        Ok(html) => {
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            (parts, Html(html)).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "the error page could not be rendered");
            (parts, "Error").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn next_paths_are_url_encoded() {
        assert_eq!(urlencode("/staff?x=1&y=2"), "%2Fstaff%3Fx%3D1%26y%3D2");
    }
}
