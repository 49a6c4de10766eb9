//! Building and running the application: the state, the router with its middleware,
//! and the background tasks (the email sender, housekeeping).

use std::{
    net::SocketAddr,
    sync::{Arc, atomic::AtomicBool},
    time::Duration,
};

use anyhow::Context;
use axum::{
    Router,
    body::Body,
    http::{Extensions, HeaderMap, HeaderValue, Request, StatusCode, Version, header},
    middleware::{self, Next},
    response::Response,
};
use membernet_domain::token::TokenPurpose;
use membernet_persistence::{
    countries, db, members, outbox, rate_limits, rollup, sessions::DbSessionStore, settings, tokens,
};
use rand::RngCore;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tower_http::{
    compression::{CompressionLayer, Predicate, predicate::DefaultPredicate},
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};
use tracing::Level;

use crate::{
    background::Background, config::Config, csrf, error::AppError, error::render_error_pages, i18n,
    mailer::Mailer, passwords::Passwords, routes, security, state::AppState,
};

pub const SESSION_COOKIE: &str = "membernet_session";
/// A session unused for this long ends.
const SESSION_IDLE_LIFETIME: time::Duration = time::Duration::days(14);
const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(600);

pub struct App {
    pub state: AppState,
}

impl App {
    /// Connects to the database, applies migrations and builds the state.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = db::connect(&config.database_url).await.with_context(|| {
            format!(
                "cannot open the database at {}",
                redact(&config.database_url)
            )
        })?;
        db::migrate(&db)
            .await
            .context("cannot apply the database migrations")?;
        countries::load_reference(&db)
            .await
            .context("cannot load the country reference data")?;
        // Once, after upgrading a database from before the statistics rollup.
        if rollup::ensure(&db)
            .await
            .context("cannot build the statistics rollup")?
        {
            tracing::info!("built the statistics rollup from the membership event log");
        }
        let demo = settings::get(&db, settings::DEMO_NETWORK).await?.is_some();
        let config = Arc::new(config);
        let state = AppState {
            passwords: Passwords::new(config.password_hashing),
            mailer: Mailer::new(db.clone(), Arc::clone(&config)),
            sessions: DbSessionStore::new(db.clone()),
            background: Background::default(),
            demo: Arc::new(AtomicBool::new(demo)),
            db,
            config,
        };
        Ok(Self { state })
    }

    pub fn router(&self) -> Router {
        let state = self.state.clone();
        let sessions = SessionManagerLayer::new(state.sessions.clone())
            .with_name(SESSION_COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(state.config.secure_cookies)
            .with_expiry(Expiry::OnInactivity(SESSION_IDLE_LIFETIME));
        routes::router()
            .fallback(|| async { AppError::NotFound })
            .layer(middleware::from_fn(csrf::verify))
            .layer(sessions)
            .layer(middleware::from_fn(render_error_pages))
            .layer(middleware::from_fn(i18n::detect_locale))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                security::headers,
            ))
            .layer(middleware::from_fn(mark_answers_to_sessions))
            .layer(
                CompressionLayer::new()
                    .gzip(true)
                    .compress_when(DefaultPredicate::new().and(holds_no_session_secret)),
            )
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &Request<_>| {
                        let request_id = request
                            .extensions()
                            .get::<RequestId>()
                            .and_then(|id| id.header_value().to_str().ok())
                            .unwrap_or_default();
                        // The path only: query strings can hold one-time tokens.
                        tracing::info_span!(
                            "request",
                            request_id,
                            method = %request.method(),
                            path = request.uri().path(),
                        )
                    })
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
            .with_state(state)
    }

    /// Starts the email sender and the housekeeping loop.
    pub fn spawn_background_tasks(&self) {
        tokio::spawn(self.state.mailer.clone().run_sender());
        tokio::spawn(housekeeping(self.state.clone()));
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn serve(self, listener: TcpListener) -> anyhow::Result<()> {
        let address = listener.local_addr()?;
        if !members::staff_exists(&self.state.db).await? {
            tracing::warn!(
                "no staff account yet: create one with `membernet admin create --email you@example.org` \
                 (or `cargo run --release -- admin create --email you@example.org`)"
            );
        }
        if self.state.config.smtp_url.is_none() {
            tracing::info!(
                "MEMBERNET_SMTP_URL is not set: emails stay in the outbox and their links are logged here"
            );
        }
        self.spawn_background_tasks();
        let router = self.router();
        tracing::info!("Membernet is listening on http://{address}");
        println!("Membernet is listening on http://{address}");
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        Ok(())
    }
}

/// A database URL fit for a log line: no password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Marks an answer to a request that came with a session cookie.
#[derive(Clone, Copy)]
struct AnswersASession;

async fn mark_answers_to_sessions(request: Request<Body>, next: Next) -> Response {
    let has_session = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|cookie| {
            cookie
                .trim_start()
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
fn holds_no_session_secret(
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

#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::rng().next_u64());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

async fn housekeeping(state: AppState) {
    let mut interval = tokio::time::interval(HOUSEKEEPING_INTERVAL);
    loop {
        interval.tick().await;
        let now = OffsetDateTime::now_utc();
        let outcome = async {
            let sessions = state.sessions.delete_expired(now).await?;
            let tokens = tokens::delete_expired(&state.db, now).await?;
            let counters =
                rate_limits::delete_stale(&state.db, now.unix_timestamp() - 86_400).await?;
            // Every link in an email has expired after the longest token lifetime.
            let longest = TokenPurpose::VerifyEmail.lifetime();
            outbox::redact_unsent_before(&state.db, now - longest).await?;
            Ok::<_, membernet_persistence::Error>((sessions, tokens, counters))
        }
        .await;
        match outcome {
            Ok((sessions, tokens, counters)) => tracing::debug!(
                sessions,
                tokens,
                counters,
                "housekeeping: expired rows deleted"
            ),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn database_passwords_stay_out_of_logs() {
        assert_eq!(
            redact("postgres://app:secret@db.internal/membernet"),
            "postgres://…@db.internal/membernet"
        );
        assert_eq!(
            redact("sqlite://data/membernet.db?mode=rwc"),
            "sqlite://data/membernet.db?mode=rwc"
        );
    }
}
