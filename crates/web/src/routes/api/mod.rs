//! The public JSON API (DESIGN.md, "API"): read-only, public figures only, open to
//! other sites (CORS) and cacheable. One file a resource: `stats` (the network's
//! figures), `growth` (the growth series), `countries` (every country, one
//! country's profile figures), `scenarios` (a country's published workforce plans),
//! and `openapi` (the document describing them).
//!
//! Every answer is a [`PublicJson`] (an `ETag`, `304 Not Modified` for a client that
//! has it, CORS and cache headers) or an [`ApiError`] (`{"error": …, "detail": …}`
//! with the right status code, readable by other sites, not cached). The OpenAPI
//! document at `/api/openapi.json` is generated from the same response types and
//! the handlers' `#[utoipa::path]` attributes, so it cannot describe a field the
//! API does not send. A new endpoint needs its attribute and a line in
//! `openapi::ApiDoc`.
//!
//! The API's router sits outside the session and CSRF layers (`App::router`): it
//! reads public figures only and never looks at who asks. An endpoint that changes
//! something would need both; put it with the site's routes instead.

mod countries;
mod events;
mod growth;
mod openapi;
mod resources;
mod scenarios;
mod stats;

use std::convert::Infallible;

use axum::{
    Json, Router,
    extract::FromRequestParts,
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::token::hash_token;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{services, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/stats", get(stats::stats))
        .route("/api/v1/stats/growth", get(growth::growth))
        .route("/api/v1/countries", get(countries::list))
        .route("/api/v1/countries/{code}", get(countries::profile))
        .route(
            "/api/v1/countries/{code}/scenarios",
            get(scenarios::published),
        )
        .route("/api/v1/events", get(events::list))
        .route("/api/v1/resources", get(resources::list))
        .route("/api/openapi.json", get(openapi::document))
        .method_not_allowed_fallback(method_not_allowed)
}

/// Any method but GET (and HEAD) on an API address: 405, with the JSON error body;
/// axum adds the `Allow` header.
async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "the API only reads: use GET",
    )
}

/// The body of every error answer.
// (The one line above is also the schema's description in the OpenAPI document.)
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ApiError {
    /// Sent as the answer's status, not in its body.
    #[serde(skip)]
    status: StatusCode,
    /// A stable, machine-readable code, like `unknown_country` or `bad_period`.
    error: &'static str,
    /// A sentence for the client's developer.
    detail: &'static str,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, error: &'static str, detail: &'static str) -> Self {
        Self {
            status,
            error,
            detail,
        }
    }

    /// A 400 naming what is wrong with the request.
    pub(super) fn bad_request(error: &'static str, detail: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, detail)
    }

    /// A 404 for a code that names no country.
    pub(super) fn unknown_country() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "unknown_country",
            "there is no country with that ISO 3166-1 alpha-2 code",
        )
    }

    /// A 500; the cause is logged, never sent.
    pub(super) fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "an API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the figures could not be read; try again later",
        )
    }
}

/// The API reads public figures only, which are never refused: whatever a service
/// reports is a failure to read them.
impl From<services::Error> for ApiError {
    fn from(error: services::Error) -> Self {
        ApiError::internal(error)
    }
}

/// Other sites may read an error too, but it is not cached.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
            Json(self),
        )
            .into_response()
    }
}

/// The request's `If-None-Match` header: the tag of an answer the client holds.
pub(super) struct IfNoneMatch(Option<HeaderValue>);

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatch {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(Self(parts.headers.get(header::IF_NONE_MATCH).cloned()))
    }
}

impl IfNoneMatch {
    /// `body` as the answer to this request.
    pub(super) fn answer(self, body: &impl Serialize) -> Result<PublicJson, ApiError> {
        let json = serde_json::to_string(body).map_err(ApiError::internal)?;
        Ok(self.answer_json(json))
    }

    /// JSON already written, as the answer to this request.
    pub(super) fn answer_json(self, json: String) -> PublicJson {
        PublicJson {
            json,
            if_none_match: self.0,
        }
    }
}

/// A public JSON answer with an `ETag`: a client that sends the tag back in
/// `If-None-Match` gets `304 Not Modified` and no body. Any site may read it and
/// keep it five minutes.
pub(super) struct PublicJson {
    json: String,
    if_none_match: Option<HeaderValue>,
}

impl IntoResponse for PublicJson {
    fn into_response(self) -> Response {
        // The SHA-256 of the body (the same digest tokens are stored by).
        let tag = format!("\"{}\"", &hash_token(&self.json)[..32]);
        let matches = self
            .if_none_match
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .is_some_and(|sent| {
                sent.split(',')
                    .any(|candidate| candidate.trim() == tag || candidate.trim() == "*")
            });
        let mut response = if matches {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            ([(header::CONTENT_TYPE, "application/json")], self.json).into_response()
        };
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&tag) {
            headers.insert(header::ETAG, value);
        }
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        response
    }
}
