//! Building and running the application: the state, the router with its middleware,
//! and the background tasks (the email sender, housekeeping).

use std::{
    future::Future,
    sync::{Arc, atomic::AtomicBool},
    time::{Duration, Instant},
};

use anyhow::Context;
use axum::{
    Router,
    http::{HeaderValue, Request},
    middleware,
};
use membernet_domain::signature::SigningKey;
use membernet_persistence::{
    countries, db, members, public_version, rollup, sessions::DbSessionStore, settings,
};
use rand::RngCore;
use tokio::{net::TcpListener, sync::watch};
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    timeout::{RequestBodyTimeoutLayer, TimeoutLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::{
    background::Background,
    config::Config,
    error::AppError,
    error_page::render_error_pages,
    http::{
        cache::{self, PageCache},
        csrf,
        locale::detect_locale,
        metrics, security, session,
    },
    mail::{MailSettings, Mailer},
    passwords::Passwords,
    routes, server,
    services::{self, Services},
    state::AppState,
};

const HOUSEKEEPING_INTERVAL: Duration = Duration::from_secs(600);
/// How often event reminders that have come due are sent.
const REMINDER_INTERVAL: Duration = Duration::from_secs(60);

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
        // One instance at a time from here to the signing key (PostgreSQL).
        let start_up = db::lock_start_up(&db)
            .await
            .context("cannot take the start-up lock")?;
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
        let signing = SigningKey::from_bytes(
            settings::signing_key(&db)
                .await
                .context("cannot read the signing key")?,
        );
        start_up
            .release()
            .await
            .context("cannot release the start-up lock")?;
        let mail = MailSettings {
            base_url: config.base_url.clone(),
            smtp_url: config.smtp_url.clone(),
            from: config.email_from.clone(),
            poll_interval: config.outbox_poll_interval,
        };
        let metrics = crate::metrics::Metrics::default();
        let files = crate::files::FileStore::open(&config.files)?;
        let services = Services {
            files,
            passwords: Passwords::new(config.password_hashing, config.hashing_limits),
            mailer: Mailer::new(db.clone(), mail, metrics.clone()),
            background: Background::default(),
            demo: Arc::new(AtomicBool::new(demo)),
            scrub_pending: Arc::new(AtomicBool::new(false)),
            campaign_wake: Arc::new(tokio::sync::Notify::new()),
            public_generation: Arc::default(),
            metrics,
            signing,
            config: Arc::new(config),
            db: db.clone(),
        };
        let cache = PageCache::new(Arc::clone(&services.public_generation));
        cache.set_shared(public_version::get(&db).await?);
        let state = AppState {
            services,
            sessions: DbSessionStore::new(db),
            cache,
        };
        Ok(Self { state })
    }

    pub fn router(&self) -> Router {
        let state = self.state.clone();
        let sessions = session::layer(state.sessions.clone(), state.services.config.secure_cookies);
        let timeouts = state.services.config.timeouts;
        routes::router()
            .route_layer(middleware::from_fn(metrics::tag_route))
            .fallback(|| async { AppError::NotFound })
            .layer(middleware::from_fn_with_state(
                csrf::CsrfSettings {
                    key: state.services.signing.clone(),
                    secure: state.services.config.secure_cookies,
                },
                csrf::protect,
            ))
            .layer(sessions)
            .layer(middleware::from_fn(render_error_pages))
            .merge(routes::api().route_layer(middleware::from_fn(metrics::tag_route)))
            .route("/metrics", axum::routing::get(metrics::behind_token))
            .layer(middleware::from_fn(detect_locale))
            .layer(middleware::from_fn_with_state(
                security::Https(state.services.config.base_url.starts_with("https://")),
                security::headers,
            ))
            .layer(CompressionLayer::new().gzip(true))
            .layer(middleware::from_fn_with_state(
                (state.cache.clone(), state.services.clone()),
                cache::serve,
            ))
            .layer(middleware::from_fn_with_state(
                state.services.metrics.clone(),
                metrics::track,
            ))
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
            .layer(RequestBodyTimeoutLayer::new(timeouts.body))
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                timeouts.request,
            ))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
            .with_state(state)
    }

    /// `/metrics` alone, without a token, on an address of its own
    /// (`MEMBERNET_METRICS_BIND`).
    async fn serve_metrics(
        &self,
        bind: std::net::SocketAddr,
    ) -> anyhow::Result<tokio::task::JoinHandle<()>> {
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen for metrics on {bind}"))?;
        let services = self.state.services.clone();
        let router = axum::Router::new().route(
            "/metrics",
            axum::routing::get(move || {
                let services = services.clone();
                async move { metrics::exposition(&services).await }
            }),
        );
        tracing::info!("metrics on http://{bind}/metrics");
        Ok(tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "the metrics server stopped");
            }
        }))
    }

    /// Starts the email sender and the housekeeping loop.
    pub fn spawn_background_tasks(&self) -> Workers {
        let (stop, stopped) = watch::channel(false);
        Workers {
            sender: tokio::spawn(self.state.services.mailer.clone().run_sender(stopped)),
            housekeeping: tokio::spawn(housekeeping(self.state.services.clone())),
            cache: tokio::spawn(follow_public_version(self.state.clone())),
            reminders: tokio::spawn(event_reminders(self.state.services.clone())),
            campaigns: tokio::spawn(services::campaigns::sending::run(
                self.state.services.clone(),
                stop.subscribe(),
            )),
            stop,
        }
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn serve(self, listener: TcpListener) -> anyhow::Result<()> {
        self.serve_until(listener, shutdown_signal()).await
    }

    /// Serves until `shutdown` resolves, then shuts down in order within the
    /// shutdown deadline: no new connections; the requests in flight finish; the
    /// work they left to the background (emails being prepared) finishes; the email
    /// sender finishes the email it is sending and stops.
    pub async fn serve_until(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let address = listener.local_addr()?;
        if !members::staff_exists(&self.state.services.db).await? {
            tracing::warn!(
                "no staff account yet: create one with `membernet admin create --email you@example.org` \
                 (or `cargo run --release -- admin create --email you@example.org`)"
            );
        }
        if self.state.services.config.smtp_url.is_none() {
            tracing::info!(
                "MEMBERNET_SMTP_URL is not set: emails stay in the outbox and their links are logged here"
            );
        }
        let workers = self.spawn_background_tasks();
        let metrics_server = match self.state.services.config.metrics_bind {
            Some(bind) => Some(self.serve_metrics(bind).await?),
            None => None,
        };
        let router = self.router();
        let timeouts = self.state.services.config.timeouts;
        tracing::info!("Membernet is listening on http://{address}");
        println!("Membernet is listening on http://{address}");
        let began = Arc::new(std::sync::OnceLock::new());
        let shutdown = {
            let began = Arc::clone(&began);
            async move {
                shutdown.await;
                let _ = began.set(Instant::now());
            }
        };
        let finished = server::serve(
            listener,
            router,
            timeouts.headers,
            shutdown,
            timeouts.shutdown,
        )
        .await?;
        if !finished {
            tracing::warn!("requests still in flight at the shutdown deadline were dropped");
        }
        let deadline = began.get().copied().unwrap_or_else(Instant::now) + timeouts.shutdown;
        let left = || deadline.saturating_duration_since(Instant::now());
        let background = &self.state.services.background;
        if tokio::time::timeout(left(), background.settled())
            .await
            .is_err()
        {
            tracing::warn!("background work still running at the shutdown deadline was dropped");
        }
        workers.housekeeping.abort();
        workers.cache.abort();
        workers.reminders.abort();
        if let Some(server) = metrics_server {
            server.abort();
        }
        let _ = workers.stop.send(true);
        if tokio::time::timeout(left(), workers.sender).await.is_err() {
            tracing::warn!("the email sender was still sending at the shutdown deadline");
        }
        if tokio::time::timeout(left(), workers.campaigns)
            .await
            .is_err()
        {
            tracing::warn!("the campaign sender was still sending at the shutdown deadline");
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The background tasks of a serving process.
pub struct Workers {
    sender: tokio::task::JoinHandle<()>,
    housekeeping: tokio::task::JoinHandle<()>,
    cache: tokio::task::JoinHandle<()>,
    reminders: tokio::task::JoinHandle<()>,
    campaigns: tokio::task::JoinHandle<()>,
    stop: watch::Sender<bool>,
}

/// A database URL fit for a log line: no password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::rng().next_u64());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

async fn housekeeping(services: Services) {
    let mut interval = tokio::time::interval(HOUSEKEEPING_INTERVAL);
    loop {
        interval.tick().await;
        // One instance a round: the others skip it.
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let lease = HOUSEKEEPING_INTERVAL.as_secs() as i64 - 5;
        match membernet_persistence::settings::take_lease(&services.db, "housekeeping", now, lease)
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                // An erasure made on this instance is scrubbed here all the same.
                if let Err(error) = services.scrub_if_pending().await {
                    tracing::warn!(%error, "scrubbing an erasure failed");
                }
                continue;
            }
            Err(error) => {
                tracing::warn!(%error, "housekeeping: the lease could not be read");
                continue;
            }
        }
        match services::housekeeping::tidy(&services).await {
            Ok(tidied) => tracing::debug!(
                sessions = tidied.sessions,
                tokens = tidied.tokens,
                counters = tidied.counters,
                "housekeeping: expired rows deleted"
            ),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
        crate::memory::release_free_memory();
    }
}

/// Sends the event reminders that have come due, every minute. Each is claimed in
/// the database before it is queued, so instances running this side by side, or a
/// restart in the middle, send none twice.
async fn event_reminders(services: Services) {
    let mut interval = tokio::time::interval(REMINDER_INTERVAL);
    loop {
        interval.tick().await;
        // One instance a round (each reminder is claimed besides, so none goes twice).
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let lease = REMINDER_INTERVAL.as_secs() as i64 - 5;
        if !membernet_persistence::settings::take_lease(&services.db, "reminders", now, lease)
            .await
            .unwrap_or(false)
        {
            continue;
        }
        match services::events::send_due_reminders(&services, time::OffsetDateTime::now_utc()).await
        {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "event reminders queued"),
            Err(error) => tracing::warn!(%error, "event reminders failed"),
        }
    }
}

/// Reads the database's public version (moved on by other instances and commands)
/// every `cache::POLL`, so kept answers are stale there for at most that long.
async fn follow_public_version(state: AppState) {
    let mut interval = tokio::time::interval(cache::POLL);
    loop {
        interval.tick().await;
        match public_version::get(&state.services.db).await {
            Ok(version) => state.cache.set_shared(version),
            Err(error) => tracing::debug!(%error, "the public version could not be read"),
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
