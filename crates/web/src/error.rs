//! The web layer's error type and the pages it becomes.
//!
//! Use [`AppError`] from handlers and extractors. `Internal` is for anything
//! unexpected: its cause is logged with the request id and never shown; the person
//! sees a plain "something went wrong" page. The other variants are outcomes a
//! person can act on, each with its status code and page. Errors become responses
//! that carry an [`ErrorPage`] marker; `http::error_page` turns the marker into a
//! page in the request's language. This module sits at the bottom of the crate: it
//! knows nothing of pages, sessions or templates.

use std::time::Duration;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

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
    #[error("the request took too long to arrive")]
    RequestTimeout,
    #[error("rate limit reached")]
    TooManyRequests { retry_after: Duration },
    #[error("too busy to answer now")]
    Busy { retry_after: Duration },
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
    RequestTimeout,
    TooManyRequests { retry_after: Duration },
    Busy { retry_after: Duration },
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
            AppError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, ErrorPage::RequestTimeout),
            AppError::TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorPage::TooManyRequests { retry_after },
            ),
            AppError::Busy { retry_after } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorPage::Busy { retry_after },
            ),
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Internal)
            }
        };
        let mut response = status.into_response();
        if let ErrorPage::TooManyRequests { retry_after } | ErrorPage::Busy { retry_after } = page {
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

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn next_paths_are_url_encoded() {
        assert_eq!(urlencode("/staff?x=1&y=2"), "%2Fstaff%3Fx%3D1%26y%3D2");
    }
}
