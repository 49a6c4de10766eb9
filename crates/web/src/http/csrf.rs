//! Cross-site request forgery protection: every state-changing request carries a
//! token, in the form field `csrf_token` (or the `X-CSRF-Token` header), that only
//! this site could have put in the browser's page. An upload form
//! (`multipart/form-data`, many megabytes) has the field first: only that first part
//! is read here, and the rest of the body goes on to the route unread.
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

use std::{
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll},
};

use axum::{
    body::{Body, BodyDataStream, Bytes, HttpBody, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use futures_util::StreamExt;
use http_body::{Frame, SizeHint};
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
    let from_header = parts
        .headers
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let (sent, body) = match is_multipart(content_type) {
        // An upload: its first part is the token (unless the header carries it),
        // and the rest goes on unread, however large (the route sets its limit).
        true => match (from_header, multipart_boundary(content_type)) {
            (Some(token), _) => (Some(token), body),
            (None, Some(boundary)) => {
                let (read, rest) = first_part(body, &boundary).await?;
                let token = token_in_first_part(&read, &boundary);
                (token, replay(read, rest))
            }
            (None, None) => (None, body),
        },
        false => {
            let bytes = to_bytes(body, MAX_FORM_BYTES)
                .await
                .map_err(|error| body_error(&error))?;
            let sent = from_header.or_else(|| {
                serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                    .ok()?
                    .into_iter()
                    .find(|(name, _)| name == FIELD)
                    .map(|(_, value)| value)
            });
            (sent, Body::from(bytes))
        }
    };
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
            Ok(Request::from_parts(parts, body))
        }
        _ => {
            tracing::warn!(path = parts.uri.path(), "CSRF token missing or wrong");
            Err(AppError::CsrfRejected)
        }
    }
}

/// How much of a `multipart/form-data` body is read to find the token: its first
/// part must end within this.
pub const MAX_FIRST_PART_BYTES: usize = 8 * 1024;

fn is_multipart(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// The boundary of a `multipart/form-data` body, from its content type (`None` for
/// another type, or none given).
fn multipart_boundary(content_type: &str) -> Option<String> {
    if !is_multipart(content_type) {
        return None;
    }
    content_type
        .split(';')
        .skip(1)
        .find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| unquote(value.trim()))
        })
        .filter(|boundary| (1..=70).contains(&boundary.len()))
}

/// A header parameter's value, quoted (`"a \"b\""`) or not.
fn unquote(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|value| value.strip_suffix('"'))
    else {
        return value.to_owned();
    };
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.extend(chars.next()),
            c => text.push(c),
        }
    }
    text
}

/// What the start of a multipart body says about its first part.
#[derive(Debug, PartialEq, Eq)]
enum FirstPart {
    /// It has not ended yet: more bytes are needed.
    Incomplete,
    /// It is the `csrf_token` field, with this value.
    Token(String),
    /// It is something else (another field, a file, not multipart at all).
    Other,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Reads the first part of a multipart body (`bytes` is its start).
fn parse_first_part(bytes: &[u8], boundary: &str) -> FirstPart {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    // The first delimiter starts the body or a line (after an ignored preamble).
    let start = if bytes.starts_with(delimiter) {
        0
    } else {
        let mut line_delimiter = b"\r\n".to_vec();
        line_delimiter.extend_from_slice(delimiter);
        match find(bytes, &line_delimiter) {
            Some(at) => at + 2,
            None => return FirstPart::Incomplete,
        }
    };
    let rest = &bytes[start + delimiter.len()..];
    // Transport padding, then the end of the line ("--" instead: no parts at all).
    let Some(line_end) = find(rest, b"\r\n") else {
        return FirstPart::Incomplete;
    };
    if !rest[..line_end].iter().all(|b| *b == b' ' || *b == b'\t') {
        return FirstPart::Other;
    }
    let rest = &rest[line_end + 2..];
    let (headers, content) = if let Some(content) = rest.strip_prefix(b"\r\n") {
        (&[][..], content)
    } else {
        let Some(end) = find(rest, b"\r\n\r\n") else {
            return FirstPart::Incomplete;
        };
        (&rest[..end], &rest[end + 4..])
    };
    let mut closing = b"\r\n".to_vec();
    closing.extend_from_slice(delimiter);
    let Some(end) = find(content, &closing) else {
        return FirstPart::Incomplete;
    };
    let Ok(headers) = std::str::from_utf8(headers) else {
        return FirstPart::Other;
    };
    let is_token = headers.split("\r\n").any(|line| {
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        if !name.trim().eq_ignore_ascii_case("content-disposition") {
            return false;
        }
        let mut params = value.split(';');
        let form_data = params
            .next()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("form-data"));
        form_data
            && params.any(|param| {
                param.split_once('=').is_some_and(|(name, value)| {
                    name.trim().eq_ignore_ascii_case("name") && unquote(value.trim()) == FIELD
                })
            })
    });
    match std::str::from_utf8(&content[..end]) {
        Ok(value) if is_token => FirstPart::Token(value.trim().to_owned()),
        _ => FirstPart::Other,
    }
}

/// The `csrf_token` field's value when it is the first part of the multipart body
/// that `bytes` starts, and that part ends within [`MAX_FIRST_PART_BYTES`].
fn token_in_first_part(bytes: &[u8], boundary: &str) -> Option<String> {
    match parse_first_part(&bytes[..bytes.len().min(MAX_FIRST_PART_BYTES)], boundary) {
        FirstPart::Token(token) => Some(token),
        FirstPart::Incomplete | FirstPart::Other => None,
    }
}

/// Reads a multipart body until its first part has ended (or
/// [`MAX_FIRST_PART_BYTES`] are read, or the body ends): the bytes read, and the
/// rest of the body, unread.
async fn first_part(body: Body, boundary: &str) -> Result<(Bytes, BodyDataStream), AppError> {
    let mut rest = body.into_data_stream();
    let mut read = Vec::new();
    while read.len() < MAX_FIRST_PART_BYTES
        && parse_first_part(&read, boundary) == FirstPart::Incomplete
    {
        match rest.next().await {
            None => break,
            Some(Err(error)) => return Err(body_error(&error)),
            Some(Ok(data)) => read.extend_from_slice(&data),
        }
    }
    Ok((Bytes::from(read), rest))
}

/// The body to pass on: the bytes read, then the rest as it comes.
fn replay(read: Bytes, rest: BodyDataStream) -> Body {
    Body::new(Replay {
        head: (!read.is_empty()).then_some(read),
        rest,
    })
}

/// A body whose first bytes were already read: those, then the rest.
struct Replay {
    head: Option<Bytes>,
    rest: BodyDataStream,
}

impl HttpBody for Replay {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Some(head) = this.head.take() {
            return Poll::Ready(Some(Ok(Frame::data(head))));
        }
        Pin::new(&mut this.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.head.is_none() && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let rest = self.rest.size_hint();
        let head = self.head.as_ref().map_or(0, |head| head.len() as u64);
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower() + head);
        if let Some(upper) = rest.upper() {
            hint.set_upper(upper + head);
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multipart(boundary: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let mut body = String::new();
        for (name, value) in parts {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        body.into_bytes()
    }

    #[test]
    fn an_uploads_token_is_its_first_part() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"abc123\""),
            Some("abc123".to_owned())
        );
        assert_eq!(
            multipart_boundary("Multipart/Form-Data;boundary=xyz"),
            Some("xyz".to_owned())
        );
        assert_eq!(
            multipart_boundary("application/x-www-form-urlencoded"),
            None
        );
        let body = multipart("b0", &[("csrf_token", "TOKEN"), ("title", "x")]);
        assert_eq!(token_in_first_part(&body, "b0").as_deref(), Some("TOKEN"));
        let late = multipart("b0", &[("title", "x"), ("csrf_token", "TOKEN")]);
        assert_eq!(token_in_first_part(&late, "b0"), None);
    }

    #[tokio::test]
    async fn the_body_read_for_the_token_is_passed_on_whole() {
        let body = multipart(
            "b1",
            &[("csrf_token", "TOKEN"), ("file", &"x".repeat(100_000))],
        );
        let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = body
            .chunks(1_000)
            .map(|chunk| Ok(axum::body::Bytes::copy_from_slice(chunk)))
            .collect();
        let streamed = Body::from_stream(futures_util::stream::iter(chunks));
        let (prefix, rest) = first_part(streamed, "b1").await.unwrap();
        assert!(prefix.len() < 2_000);
        assert_eq!(token_in_first_part(&prefix, "b1").as_deref(), Some("TOKEN"));
        let replay =
            futures_util::stream::once(async move { Ok::<_, axum::Error>(prefix) }).chain(rest);
        let whole = to_bytes(Body::from_stream(replay), usize::MAX)
            .await
            .unwrap();
        assert_eq!(whole.as_ref(), body.as_slice());
    }

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

    const FORM: &str = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok3n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZ--\r\n";

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4"),
            Some("----WebKitFormBoundary7MA4".to_owned())
        );
        assert_eq!(
            multipart_boundary("Multipart/Form-Data; charset=utf-8; Boundary=\"a b:c\""),
            Some("a b:c".to_owned())
        );
        assert!(is_multipart("multipart/form-data"));
        assert_eq!(multipart_boundary("multipart/form-data"), None);
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=\"\""),
            None
        );
        assert!(!is_multipart("application/x-www-form-urlencoded"));
        assert!(!is_multipart(""));
    }

    #[test]
    fn the_token_is_the_first_part_of_an_upload() {
        assert_eq!(
            parse_first_part(FORM.as_bytes(), "XyZ"),
            FirstPart::Token("tok3n".to_owned())
        );
        // Quoted or not, any case, other headers in the part, a preamble.
        let other = "preamble\r\n--b\r\ncontent-disposition: Form-Data; Name=csrf_token\r\nContent-Type: text/plain\r\n\r\n tok3n \r\n--b--";
        assert_eq!(
            token_in_first_part(other.as_bytes(), "b").as_deref(),
            Some("tok3n")
        );
        // Cut anywhere before the part ends: more is needed.
        let end = FORM
            .find("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"")
            .unwrap();
        for cut in 0..end + 7 {
            assert_eq!(
                parse_first_part(&FORM.as_bytes()[..cut], "XyZ"),
                FirstPart::Incomplete,
                "{cut}"
            );
        }
        // Another field first, a file first, no parts, a name that only starts the
        // same, a file name: not the token.
        let file_first = FORM.replacen("name=\"csrf_token\"", "name=\"file\"; filename=\"x\"", 1);
        assert_eq!(
            parse_first_part(file_first.as_bytes(), "XyZ"),
            FirstPart::Other
        );
        let longer = FORM.replacen("csrf_token", "csrf_token2", 1);
        assert_eq!(parse_first_part(longer.as_bytes(), "XyZ"), FirstPart::Other);
        assert_eq!(parse_first_part(b"--XyZ--\r\n", "XyZ"), FirstPart::Other);
        let filename_only = FORM.replacen("name=\"csrf_token\"", "filename=\"csrf_token\"", 1);
        assert_eq!(
            parse_first_part(filename_only.as_bytes(), "XyZ"),
            FirstPart::Other
        );
        assert_eq!(token_in_first_part(FORM.as_bytes(), "other"), None);
        // A first part that ends only past the limit.
        let long = FORM.replace("tok3n", &"t".repeat(MAX_FIRST_PART_BYTES));
        assert_eq!(token_in_first_part(long.as_bytes(), "XyZ"), None);
    }

    fn chunked(bytes: &[u8], size: usize) -> Body {
        let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
            .chunks(size)
            .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
            .collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    }

    async fn token_and_replay(body: Body, boundary: &str) -> (Option<String>, Bytes) {
        let (read, rest) = first_part(body, boundary).await.unwrap();
        let token = token_in_first_part(&read, boundary);
        let replayed = to_bytes(replay(read, rest), usize::MAX).await.unwrap();
        (token, replayed)
    }

    #[tokio::test]
    async fn the_body_passed_on_is_the_body_sent() {
        let mut upload = FORM.replace("%PDF-1.7", "").into_bytes();
        let at = upload.len() - "\r\n--XyZ--\r\n".len();
        let content: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        upload.splice(at..at, content);
        for size in [1, 5, 100, 4096, 1 << 20] {
            let (read, rest) = first_part(chunked(&upload, size), "XyZ").await.unwrap();
            // Only the first part (and the rest of the chunk it ends in) is read.
            assert!(
                read.len() < 200 || read.len() <= size,
                "{size}: {}",
                read.len()
            );
            let body = replay(read, rest);
            let (token, replayed) = token_and_replay(chunked(&upload, size), "XyZ").await;
            assert_eq!(token.as_deref(), Some("tok3n"), "{size}");
            assert_eq!(replayed, upload, "{size}");
            assert_eq!(to_bytes(body, usize::MAX).await.unwrap(), upload, "{size}");
        }
    }

    #[tokio::test]
    async fn a_first_part_that_does_not_end_soon_is_refused() {
        let long = FORM.replace("tok3n", &"t".repeat(MAX_FIRST_PART_BYTES)) + &"x".repeat(100_000);
        let (read, _) = first_part(chunked(long.as_bytes(), 1000), "XyZ")
            .await
            .unwrap();
        // Reading stopped at the limit.
        assert_eq!(read.len(), 9000);
        let (token, replayed) = token_and_replay(chunked(long.as_bytes(), 1000), "XyZ").await;
        assert_eq!(token, None);
        // What was read is still passed on in full.
        assert_eq!(replayed, long.as_bytes());
        let (token, replayed) = token_and_replay(chunked(b"--XyZ\r\nContent-Disp", 3), "XyZ").await;
        assert_eq!(
            (token, &replayed[..]),
            (None, &b"--XyZ\r\nContent-Disp"[..])
        );
        let (token, replayed) = token_and_replay(Body::empty(), "XyZ").await;
        assert_eq!((token, replayed.len()), (None, 0));
    }
}
