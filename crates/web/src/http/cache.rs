//! Public answers served from memory: the pages and API answers every visitor gets
//! alike are rendered once, kept with their compressed form and an `ETag`, and
//! served again until something that could change them happens.
//!
//! # What is kept
//! A `GET` of a public path ([`is_public`]) from a browser without a
//! session (a visitor: a signed-in member sees their name in the navigation), whose
//! answer is a `200` HTML or JSON page that sets no cookie. It is kept per path and
//! query string and per language, with its plain and gzip bodies, up to
//! [`CAPACITY_BYTES`] in all (the oldest go first).
//!
//! # When it is stale
//! Every answer is stamped with the [`Generation`] at which its rendering began. Any
//! request that may change something (any method but `GET`, `HEAD` and `OPTIONS`)
//! moves this instance's generation on *before* it runs and again *after* it ends: an
//! answer rendered meanwhile may hold what the change did or did not do, and is never
//! served. So once a change's transaction commits, this instance serves nothing
//! older. Other processes (another instance on the same PostgreSQL, a command such
//! as `membernet stats rebuild`) move a version kept in the database; each instance
//! reads it every [`POLL`], so an answer is stale there for at most that long.
//!
//! # Answers
//! Hits and fresh renders carry a weak `ETag`; a matching `If-None-Match` gets `304`.
//! HTML pages say `Cache-Control: no-cache` (a browser keeps them but asks again,
//! cheaply, with their `ETag`) and `Vary: Cookie, Accept-Language, Accept-Encoding`.

use std::{
    collections::{HashMap, VecDeque},
    io::Write,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use flate2::{Compression, write::GzEncoder};

use super::{locale::locale_of, session::SESSION_COOKIE};
use crate::{locale::Locale, services::Services};

/// At most this much is kept (plain and gzip bodies together).
pub const CAPACITY_BYTES: usize = 8 * 1024 * 1024;
/// How often each instance reads the database's version (changes made elsewhere).
pub const POLL: Duration = Duration::from_secs(1);
/// Larger answers are not kept (they would crowd out the rest).
const LARGEST: usize = 512 * 1024;

/// The pages and API answers that are the same for every visitor.
pub fn is_public(path: &str) -> bool {
    const PREFIXES: [&str; 6] = [
        "/countries",
        "/members",
        "/organizations",
        "/stats",
        "/api/v1/",
        "/api/openapi.json",
    ];
    // Events change with the clock (registration closes, an event becomes past)
    // and with every registration on any instance: rendered each time.
    if path.starts_with("/api/v1/events") {
        return false;
    }
    path == "/" || PREFIXES.iter().any(|prefix| path.starts_with(prefix))
}

/// What an answer was rendered at: this instance's changes, and the database's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Generation {
    local: u64,
    shared: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    locale: Locale,
}

struct Entry {
    generation: Generation,
    headers: HeaderMap,
    plain: Bytes,
    gzip: Bytes,
    etag: HeaderValue,
    /// What the router noted on the answer (the route it matched, for metrics).
    extensions: axum::http::Extensions,
}

impl Entry {
    fn size(&self) -> usize {
        self.plain.len() + self.gzip.len()
    }
}

#[derive(Default)]
struct Store {
    entries: HashMap<Key, Arc<Entry>>,
    /// Keys in the order they were stored, for eviction.
    order: VecDeque<Key>,
    bytes: usize,
}

/// The cache, shared by every request of the process.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// This instance's generation, shared with the services
    /// (`Services::public_changed` moves it on too).
    local: Arc<AtomicU64>,
    shared: AtomicU64,
    store: Mutex<Store>,
    /// One rendering at a time per key: visitors asking for a page being rendered
    /// wait for it rather than render it again (after a change, 32 connections would
    /// otherwise render the same page 32 times).
    rendering: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

impl PageCache {
    /// A cache whose generation moves with `local`.
    pub fn new(local: Arc<AtomicU64>) -> Self {
        Self {
            inner: Arc::new(Inner {
                local,
                ..Inner::default()
            }),
        }
    }

    fn generation(&self) -> Generation {
        Generation {
            local: self.inner.local.load(Ordering::SeqCst),
            shared: self.inner.shared.load(Ordering::SeqCst),
        }
    }

    /// Something on this instance may have changed what public pages show.
    pub fn changed_here(&self) {
        self.inner.local.fetch_add(1, Ordering::SeqCst);
    }

    /// The database's version, as last read.
    pub fn set_shared(&self, version: u64) {
        self.inner.shared.store(version, Ordering::SeqCst);
    }

    fn get(&self, key: &Key, now: Generation) -> Option<Arc<Entry>> {
        let store = self.inner.store.lock().unwrap_or_else(|e| e.into_inner());
        store
            .entries
            .get(key)
            .filter(|entry| entry.generation == now)
            .cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        if entry.size() > LARGEST {
            return;
        }
        let mut store = self.inner.store.lock().unwrap_or_else(|e| e.into_inner());
        let size = entry.size();
        if let Some(old) = store.entries.insert(key.clone(), Arc::new(entry)) {
            store.bytes -= old.size();
            store.order.retain(|stored| stored != &key);
        }
        store.bytes += size;
        store.order.push_back(key);
        while store.bytes > CAPACITY_BYTES {
            let Some(oldest) = store.order.pop_front() else {
                break;
            };
            if let Some(old) = store.entries.remove(&oldest) {
                store.bytes -= old.size();
            }
        }
    }

    fn lock_for(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self
            .inner
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // Forget the locks nobody holds any more.
        rendering.retain(|_, lock| Arc::strong_count(lock) > 1);
        Arc::clone(rendering.entry(key.clone()).or_default())
    }

    /// How much is kept (for tests and metrics).
    pub fn stored_bytes(&self) -> usize {
        self.inner
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .bytes
    }
}

fn has_session(headers: &HeaderMap) -> bool {
    headers
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
        })
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|param| {
                param
                    .trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>() == Ok(0.0))
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    let bare = etag.trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|sent| sent == "*" || sent.trim_start_matches("W/") == bare)
}

/// Keeps public answers and serves them again (see the module doc); moves the
/// generation on around every request that may change something, and the database's
/// version after it, for the other instances.
pub async fn serve(
    State((cache, services)): State<(PageCache, Services)>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        cache.changed_here();
        let response = next.run(request).await;
        // Again once it is done (and its transaction committed), here and for the
        // other instances; a request refused (4xx, 5xx) changed nothing public.
        if response.status().as_u16() < 400 {
            if let Err(error) = services.public_changed().await {
                tracing::warn!(%error, "the public version could not be moved on");
            }
        } else {
            cache.changed_here();
        }
        return response;
    }
    let headers = request.headers();
    if method != Method::GET || !is_public(request.uri().path()) || has_session(headers) {
        return next.run(request).await;
    }
    let key = Key {
        path_and_query: request
            .uri()
            .path_and_query()
            .map(|path| path.as_str().to_owned())
            .unwrap_or_default(),
        locale: locale_of(headers),
    };
    let gzip = accepts_gzip(headers);
    let conditional = headers.clone();
    if let Some(entry) = cache.get(&key, cache.generation()) {
        return answer(&entry, &conditional, gzip);
    }
    let lock = cache.lock_for(&key);
    let _rendering = lock.lock().await;
    let before = cache.generation();
    if let Some(entry) = cache.get(&key, before) {
        return answer(&entry, &conditional, gzip);
    }
    // Rendered plain: the cache compresses once and keeps both.
    let mut request = request;
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    match keep(response, before).await {
        Kept::Entry(entry) => {
            let entry = Arc::new(entry);
            cache.put(key, clone_entry(&entry));
            answer(&entry, &conditional, gzip)
        }
        Kept::Not(response) => response,
    }
}

fn clone_entry(entry: &Entry) -> Entry {
    Entry {
        generation: entry.generation,
        headers: entry.headers.clone(),
        plain: entry.plain.clone(),
        gzip: entry.gzip.clone(),
        etag: entry.etag.clone(),
        extensions: entry.extensions.clone(),
    }
}

enum Kept {
    Entry(Entry),
    Not(Response),
}

/// The answer as an entry to keep, when it may be kept.
async fn keep(response: Response, generation: Generation) -> Kept {
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let keepable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && (content_type.starts_with("text/html") || content_type.starts_with("application/json"));
    if !keepable {
        return Kept::Not(response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(plain) = to_bytes(body, LARGEST * 4).await else {
        return Kept::Not(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    let mut encoder = GzEncoder::new(Vec::with_capacity(plain.len() / 4), Compression::new(6));
    let gzip = match encoder.write_all(&plain).and_then(|()| encoder.finish()) {
        Ok(gzip) => Bytes::from(gzip),
        Err(_) => return Kept::Not((parts, plain).into_response()),
    };
    let etag = parts
        .headers
        .get(header::ETAG)
        .cloned()
        .unwrap_or_else(|| weak_etag(&plain));
    for name in [
        header::CONTENT_LENGTH,
        header::DATE,
        header::TRANSFER_ENCODING,
        header::ETAG,
    ] {
        parts.headers.remove(name);
    }
    parts.headers.remove("x-request-id");
    if content_type.starts_with("text/html") {
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    parts.headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language, Accept-Encoding"),
    );
    Kept::Entry(Entry {
        generation,
        headers: parts.headers,
        plain,
        gzip,
        etag,
        extensions: parts.extensions,
    })
}

/// `W/"<FNV-1a of the body>"`: a validator, not a secret.
fn weak_etag(body: &[u8]) -> HeaderValue {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in body {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    HeaderValue::from_str(&format!("W/\"{hash:016x}\""))
        .unwrap_or(HeaderValue::from_static("W/\"0\""))
}

fn answer(entry: &Entry, request: &HeaderMap, gzip: bool) -> Response {
    let mut headers = entry.headers.clone();
    headers.insert(header::ETAG, entry.etag.clone());
    if matches_etag(request, &entry.etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        *response.extensions_mut() = entry.extensions.clone();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(value) = headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        return response;
    }
    let body = if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        entry.gzip.clone()
    } else {
        entry.plain.clone()
    };
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    *response.extensions_mut() = entry.extensions.clone();
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_pages_every_visitor_gets_alike_are_public() {
        for path in ["/", "/stats", "/countries/ke", "/members", "/api/v1/stats"] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/join",
            "/login",
            "/account",
            "/staff",
            "/verify-email",
            "/static/site.css",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }

    #[test]
    fn gzip_is_sent_only_to_those_who_take_it() {
        assert!(accepts_gzip(&headers(&[(
            "accept-encoding",
            "gzip, deflate, br"
        )])));
        assert!(accepts_gzip(&headers(&[("accept-encoding", "*")])));
        assert!(!accepts_gzip(&headers(&[(
            "accept-encoding",
            "gzip;q=0, br"
        )])));
        assert!(!accepts_gzip(&headers(&[])));
    }

    #[test]
    fn a_matching_etag_is_found_weak_or_strong() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(matches_etag(
            &headers(&[("if-none-match", "W/\"abc\"")]),
            &etag
        ));
        assert!(matches_etag(
            &headers(&[("if-none-match", "\"x\", \"abc\"")]),
            &etag
        ));
        assert!(!matches_etag(
            &headers(&[("if-none-match", "\"abd\"")]),
            &etag
        ));
    }

    #[test]
    fn the_oldest_answers_go_first_when_the_cache_is_full() {
        let cache = PageCache::default();
        let generation = cache.generation();
        let entry = |size: usize| Entry {
            generation,
            headers: HeaderMap::new(),
            plain: Bytes::from(vec![b'x'; size]),
            gzip: Bytes::new(),
            etag: HeaderValue::from_static("W/\"0\""),
            extensions: Default::default(),
        };
        let key = |n: usize| Key {
            path_and_query: format!("/members?page={n}"),
            locale: Locale::En,
        };
        for n in 0..40 {
            cache.put(key(n), entry(LARGEST / 2));
        }
        assert!(cache.stored_bytes() <= CAPACITY_BYTES);
        assert!(cache.get(&key(0), generation).is_none());
        assert!(cache.get(&key(39), generation).is_some());
    }

    #[test]
    fn a_change_here_makes_every_kept_answer_stale() {
        let cache = PageCache::default();
        let before = cache.generation();
        let key = Key {
            path_and_query: "/stats".into(),
            locale: Locale::En,
        };
        cache.put(
            key.clone(),
            Entry {
                generation: before,
                headers: HeaderMap::new(),
                plain: Bytes::from_static(b"x"),
                gzip: Bytes::new(),
                etag: HeaderValue::from_static("W/\"0\""),
                extensions: Default::default(),
            },
        );
        assert!(cache.get(&key, cache.generation()).is_some());
        cache.changed_here();
        assert!(cache.get(&key, cache.generation()).is_none());
        cache.set_shared(7);
        assert_ne!(cache.generation(), before);
    }
}
