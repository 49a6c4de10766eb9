//! What every handler can reach: the database pool, the configuration, and the few
//! services built on them. Cloned per request (everything inside is shared).

use std::sync::{Arc, atomic::AtomicBool};

use axum::extract::FromRef;
use membernet_persistence::{DatabaseConnection, sessions::DbSessionStore};

use crate::{
    background::Background,
    config::{Config, TrustedProxies},
    mailer::Mailer,
    passwords::Passwords,
};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub passwords: Passwords,
    pub mailer: Mailer,
    pub sessions: DbSessionStore,
    pub background: Background,
    /// Whether the database holds the demo network (read at start-up, set by seeding).
    pub demo: Arc<AtomicBool>,
}

impl FromRef<AppState> for TrustedProxies {
    fn from_ref(state: &AppState) -> Self {
        state.config.trusted_proxies.clone()
    }
}
