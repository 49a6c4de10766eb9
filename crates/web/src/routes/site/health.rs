//! `/healthz`: the process is alive and serving (200, always). `/readyz`: it can do
//! its work: the database answers, every migration this binary knows is applied,
//! and the outbox is not stuck (with SMTP configured, no email has been due for
//! longer than `MEMBERNET_OUTBOX_STUCK_AFTER`); 503 with the reason otherwise. A load
//! balancer sends traffic by `/readyz`; a supervisor restarts by `/healthz`.

use axum::{Router, extract::State, http::StatusCode, routing::get};
use membernet_persistence::{db, outbox};
use time::OffsetDateTime;

use crate::services::Services;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(alive))
        .route("/readyz", get(ready))
}

async fn alive() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok\n")
}

async fn ready(State(services): State<Services>) -> (StatusCode, String) {
    let unavailable = |reason: String| (StatusCode::SERVICE_UNAVAILABLE, reason);
    if let Err(error) = db::ping(&services.db).await {
        tracing::error!(%error, "readiness: the database does not answer");
        return unavailable("database unavailable\n".into());
    }
    match db::pending_migrations(&services.db).await {
        Ok(pending) if pending.is_empty() => {}
        Ok(pending) => {
            return unavailable(format!("migrations not applied: {}\n", pending.join(", ")));
        }
        Err(error) => {
            tracing::error!(%error, "readiness: the migrations cannot be read");
            return unavailable("migrations unreadable\n".into());
        }
    }
    if services.config.smtp_url.is_some() {
        let now = OffsetDateTime::now_utc();
        match outbox::oldest_due(&services.db, now).await {
            Ok(Some(due)) if now - due > services.config.outbox_stuck_after => {
                let minutes = (now - due).whole_minutes();
                return unavailable(format!(
                    "outbox stuck: an email has been due for {minutes} min\n"
                ));
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(%error, "readiness: the outbox cannot be read");
                return unavailable("outbox unreadable\n".into());
            }
        }
    }
    (StatusCode::OK, "ready\n".into())
}
