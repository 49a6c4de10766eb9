//! Prometheus metrics over HTTP: each request counted and timed by the route it
//! matched (`/events/{slug}`, never the path asked for, so no address, token or
//! name reaches a metric), and the text exposition served at `/metrics` to a
//! request bearing `MEMBERNET_METRICS_TOKEN`, or on an address of its own
//! (`MEMBERNET_METRICS_BIND`, no token, for a private network); with neither, not
//! at all. The counters are in `crate::metrics`.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use subtle::ConstantTimeEq;

pub use crate::metrics::Metrics;

/// The route a request matched, handed from inside the router (where it is known)
/// to the layer outside that times the request.
#[derive(Clone)]
struct Route(String);

/// Inside the router: notes the matched route on the response.
pub async fn tag_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// Outside the router: counts and times every request.
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or("unmatched", |route| route.0.as_str())
        .to_owned();
    metrics.record(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `/metrics` on the site: for the bearer of the metrics token only.
pub async fn behind_token(
    State(services): State<crate::services::Services>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(token) = services.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !bool::from(sent.as_bytes().ct_eq(token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "a metrics token is needed\n",
        )
            .into_response();
    }
    exposition(&services).await
}

/// The metrics as Prometheus text.
pub async fn exposition(services: &crate::services::Services) -> Response {
    let text = services.metrics.render(&services.db).await;
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}
