//! Which answers may be compressed. See [`holds_no_session_secret`].

use axum::{
    body::Body,
    http::{Extensions, HeaderMap, Request, StatusCode, Version, header},
    middleware::Next,
    response::Response,
};

use super::session::SESSION_COOKIE;

/// Marks an answer to a request that came with a session cookie.
#[derive(Clone, Copy)]
struct AnswersASession;

pub async fn mark_answers_to_sessions(request: Request<Body>, next: Next) -> Response {
    let has_session = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|cookie| {
            cookie
                .trim_start()
                .trim_start_matches("__Host-")
                .strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        });
    let mut response = next.run(request).await;
    if has_session {
        response.extensions_mut().insert(AnswersASession);
    }
    response
}

/// Pages are compressed (gzip) for people on slow connections, except a page sent
/// to an existing session: it holds the session's CSRF token, and some pages echo
/// what the request asked (a search, `next`), and compressing a secret beside
/// attacker-chosen text lets an eavesdropper guess it from the sizes (BREACH).
/// A request without a session gets a brand-new token at most, never the same one
/// twice, so there is nothing to guess. Styles, scripts and JSON hold no secret.
pub fn holds_no_session_secret(
    _status: StatusCode,
    _version: Version,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> bool {
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    !(is_html && extensions.get::<AnswersASession>().is_some())
}
