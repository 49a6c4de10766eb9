//! The process's metrics (`prometheus-client`): requests by route and status with
//! their latency, the outbox (depth, age of the oldest email due, emails sent and
//! failed), signups, failed sign-ins, rate-limit refusals and the database pool.
//! Counted here; served by `http::metrics`.

use std::sync::{Arc, Mutex};

use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: String,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

struct Inner {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    signups: Counter,
    failed_logins: Counter,
    refusals: Family<LimitLabels, Counter>,
    emails_sent: Counter,
    emails_failed: Counter,
    outbox_depth: Gauge,
    outbox_oldest_due: Gauge,
    pool_size: Gauge,
    pool_idle: Gauge,
}

/// The process's metrics; cloned freely.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("membernet");
        let inner = Inner {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            signups: Counter::default(),
            failed_logins: Counter::default(),
            refusals: Family::default(),
            emails_sent: Counter::default(),
            emails_failed: Counter::default(),
            outbox_depth: Gauge::default(),
            outbox_oldest_due: Gauge::default(),
            pool_size: Gauge::default(),
            pool_idle: Gauge::default(),
            registry: Mutex::new(Registry::default()),
        };
        registry.register(
            "http_requests",
            "HTTP requests answered",
            inner.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route",
            inner.latency.clone(),
        );
        registry.register("signups", "Join forms accepted", inner.signups.clone());
        registry.register(
            "failed_logins",
            "Sign-ins refused (wrong address or password)",
            inner.failed_logins.clone(),
        );
        registry.register(
            "rate_limit_refusals",
            "Requests refused by a rate limit",
            inner.refusals.clone(),
        );
        registry.register(
            "emails_sent",
            "Emails the SMTP server accepted",
            inner.emails_sent.clone(),
        );
        registry.register(
            "emails_failed",
            "Email sending attempts that failed",
            inner.emails_failed.clone(),
        );
        registry.register(
            "outbox_depth",
            "Emails waiting to be sent",
            inner.outbox_depth.clone(),
        );
        registry.register(
            "outbox_oldest_due_seconds",
            "How long the longest-waiting email due has waited (0 when none)",
            inner.outbox_oldest_due.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections open",
            inner.pool_size.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections idle",
            inner.pool_idle.clone(),
        );
        *inner
            .registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = registry;
        Metrics(Arc::new(inner))
    }
}

impl Metrics {
    pub fn signup(&self) {
        self.0.signups.inc();
    }

    pub fn failed_login(&self) {
        self.0.failed_logins.inc();
    }

    pub fn refused(&self, limit: &str) {
        self.0
            .refusals
            .get_or_create(&LimitLabels {
                limit: limit.to_owned(),
            })
            .inc();
    }

    pub fn email_sent(&self) {
        self.0.emails_sent.inc();
    }

    pub fn email_failed(&self) {
        self.0.emails_failed.inc();
    }

    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.0
            .requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.0
            .latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// The text exposition, the gauges read from the database first.
    pub async fn render(&self, db: &membernet_persistence::DatabaseConnection) -> String {
        if let Ok(depth) = membernet_persistence::outbox::waiting(db).await {
            self.0.outbox_depth.set(depth as i64);
        }
        let now = time::OffsetDateTime::now_utc();
        if let Ok(due) = membernet_persistence::outbox::oldest_due(db, now).await {
            self.0
                .outbox_oldest_due
                .set(due.map_or(0, |due| (now - due).whole_seconds().max(0)));
        }
        let (size, idle) = membernet_persistence::db::pool_use(db);
        self.0.pool_size.set(i64::from(size));
        self.0.pool_idle.set(idle as i64);
        let mut text = String::new();
        let registry = self
            .0
            .registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = encode(&mut text, &registry);
        text
    }
}
