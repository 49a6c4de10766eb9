//! Cross-site request forgery protection: every state-changing request carries a
//! token, in the form field `csrf_token` (or the `X-CSRF-Token` header), that only
//! this site could have put in the browser's page.
//!
//! Each browser has a secret of 256 random bits. A signed-in browser keeps it in its
//! session. A visitor has no session (reading and filling in a form write nothing to
//! the database): their secret is in a cookie signed with the network's key, so it
//! cannot be made up, and the form sends it back beside the cookie ("signed double
//! submit"). Signing in starts from a new secret, so a token seen before does not
//! work after.
//!
//! A page never carries the secret itself but the secret masked with fresh random
//! bytes (`pad ‖ secret ⊕ pad`, as Django and Rails do): no two answers hold the same
//! token, so pages can be compressed without letting an eavesdropper guess the
//! secret from their sizes (BREACH). The check is one middleware over the whole
//! router, so no handler can forget it; secrets are compared in constant time.

use std::sync::{Arc, Mutex};

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use membernet_domain::signature::{Purpose, SIGNATURE_BYTES, SigningKey};
use rand::RngCore;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::{locale::cookie_value, session::AuthSession};
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";
/// Forms are small; anything larger is refused before it is parsed.
pub const MAX_FORM_BYTES: usize = 64 * 1024;
const SECRET_BYTES: usize = 32;

/// A browser's secret.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Secret([u8; SECRET_BYTES]);

impl Secret {
    fn random() -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// A token for one page: the secret under a fresh mask.
    fn masked(&self) -> String {
        let mut token = [0u8; 2 * SECRET_BYTES];
        rand::rng().fill_bytes(&mut token[..SECRET_BYTES]);
        for index in 0..SECRET_BYTES {
            token[SECRET_BYTES + index] = self.0[index] ^ token[index];
        }
        URL_SAFE_NO_PAD.encode(token)
    }

    /// The secret a token holds.
    fn unmasked(token: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(token.trim()).ok()?;
        if bytes.len() != 2 * SECRET_BYTES {
            return None;
        }
        let mut secret = [0u8; SECRET_BYTES];
        for (index, byte) in secret.iter_mut().enumerate() {
            *byte = bytes[index] ^ bytes[SECRET_BYTES + index];
        }
        Some(Self(secret))
    }

    fn matches(&self, other: &Secret) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

/// The visitor's cookie: the secret and the network's signature of it.
fn cookie_value_for(key: &SigningKey, secret: &Secret) -> String {
    let signature = key.sign(Purpose::CsrfCookie, &secret.0);
    format!("{}.{}", secret.encode(), URL_SAFE_NO_PAD.encode(signature))
}

fn secret_from_cookie(key: &SigningKey, value: &str) -> Option<Secret> {
    let (secret, signature) = value.split_once('.')?;
    let secret = Secret::decode(secret)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    (signature.len() == SIGNATURE_BYTES && key.verify(Purpose::CsrfCookie, &secret.0, &signature))
        .then_some(secret)
}

/// What the middleware needs: the key that signs visitors' cookies, and whether
/// cookies are secure (then the cookie is `__Host-` prefixed).
#[derive(Clone)]
pub struct CsrfSettings {
    pub key: SigningKey,
    pub secure: bool,
}

impl CsrfSettings {
    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-membernet_csrf"
        } else {
            "membernet_csrf"
        }
    }
}

/// The visitor's side of a request, in its extensions: their cookie's secret if it
/// is genuine, and a new one to set when a form needs one and there is none.
#[derive(Clone)]
pub struct VisitorSecret {
    from_cookie: Option<Secret>,
    new: Arc<Mutex<Option<Secret>>>,
}

impl VisitorSecret {
    /// A token for the visitor's form (its secret made, and its cookie set, if need be).
    pub fn token(&self) -> String {
        if let Some(secret) = self.from_cookie {
            return secret.masked();
        }
        let mut new = self
            .new
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        new.get_or_insert_with(Secret::random).masked()
    }
}

/// A token for a signed-in browser's page: its session's secret, made on first use.
pub async fn session_token(session: &AuthSession) -> Result<String, AppError> {
    if let Some(secret) = session
        .csrf_secret()
        .await?
        .as_deref()
        .and_then(Secret::decode)
    {
        return Ok(secret.masked());
    }
    let secret = Secret::random();
    session.set_csrf_secret(&secret.encode()).await?;
    Ok(secret.masked())
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Paths whose POST is authorised by a signed token in the request itself, and
/// must work without a page from this site: the one-click unsubscribe, which mail
/// clients POST straight from the email (RFC 8058). A forged request would need
/// the token, which only the recipient has.
fn carries_its_own_proof(path: &str) -> bool {
    path == "/unsubscribe"
}

/// Checks every state-changing request's token, and sets a visitor's cookie when a
/// page gave them their first form.
pub async fn protect(
    State(settings): State<CsrfSettings>,
    mut request: Request,
    next: Next,
) -> Response {
    let from_cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookies| cookie_value(cookies, settings.cookie_name()))
        .and_then(|value| secret_from_cookie(&settings.key, value));
    let visitor = VisitorSecret {
        from_cookie,
        new: Arc::new(Mutex::new(None)),
    };
    request.extensions_mut().insert(visitor.clone());
    if changes_state(request.method()) && !carries_its_own_proof(request.uri().path()) {
        request = match check(request, from_cookie).await {
            Ok(request) => request,
            Err(error) => return error.into_response(),
        };
    }
    let mut response = next.run(request).await;
    let new = *visitor
        .new
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(secret) = new {
        let secure = if settings.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={}; Path=/; HttpOnly; SameSite=Lax{secure}",
            settings.cookie_name(),
            cookie_value_for(&settings.key, &secret)
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
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

/// The token sent must hold the browser's secret: its session's when it is signed
/// in, else its signed cookie's.
async fn check(request: Request, from_cookie: Option<Secret>) -> Result<Request, AppError> {
    let session = request
        .extensions()
        .get::<Session>()
        .cloned()
        .map(AuthSession::new);
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
    // Signed in: only the session's secret (made after signing in) will do.
    let expected = match &session {
        Some(session) if session.member_id().await?.is_some() => session
            .csrf_secret()
            .await?
            .as_deref()
            .and_then(Secret::decode),
        _ => from_cookie,
    };
    match (sent.as_deref().and_then(Secret::unmasked), expected) {
        (Some(sent), Some(expected)) if sent.matches(&expected) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => {
            tracing::warn!(path = parts.uri.path(), "CSRF token missing or wrong");
            Err(AppError::CsrfRejected)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_token_holds_the_secret_and_differs_every_time() {
        let secret = Secret::random();
        let first = secret.masked();
        let second = secret.masked();
        assert_ne!(first, second);
        assert!(Secret::unmasked(&first).unwrap().matches(&secret));
        assert!(Secret::unmasked(&second).unwrap().matches(&secret));
        assert!(!first.contains(&secret.encode()));
        assert!(Secret::unmasked("not a token").is_none());
    }

    #[test]
    fn a_cookie_is_believed_only_with_the_networks_signature() {
        let key = SigningKey::from_bytes([1; 32]);
        let secret = Secret::random();
        let cookie = cookie_value_for(&key, &secret);
        assert!(secret_from_cookie(&key, &cookie).unwrap().matches(&secret));
        let made_up = format!("{}.{}", secret.encode(), URL_SAFE_NO_PAD.encode([0u8; 32]));
        assert!(secret_from_cookie(&key, &made_up).is_none());
        let other = SigningKey::from_bytes([2; 32]);
        assert!(secret_from_cookie(&other, &cookie).is_none());
    }
}
