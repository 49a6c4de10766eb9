//! Error pages: a response marked with an [`ErrorPage`] (see `crate::error`) gets
//! its page here, in the request's language, whichever layer produced it.

use askama::Template;
use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

use crate::{error::ErrorPage, locale::Locale, page::Page};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: Page,
    title: String,
    message: String,
}

/// Renders error pages in the request's language.
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
        ErrorPage::RequestTimeout => (
            locale.t("error.timeout.title"),
            locale.t("error.timeout.body"),
        ),
        ErrorPage::Busy { .. } => (locale.t("error.busy.title"), locale.t("error.busy.body")),
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
