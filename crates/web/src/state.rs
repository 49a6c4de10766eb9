//! The router's state: the application's services and the session store. Cloned per
//! request (everything inside is shared). Handlers take the narrowest part they need
//! (`State<Services>`, or an extractor that needs only the trusted proxies).

use axum::extract::FromRef;
use membernet_persistence::sessions::DbSessionStore;

use crate::{config::TrustedProxies, http::cache::PageCache, services::Services};

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    pub sessions: DbSessionStore,
    /// Public answers kept in memory (see `http::cache`).
    pub cache: PageCache,
}

impl FromRef<AppState> for Services {
    fn from_ref(state: &AppState) -> Self {
        state.services.clone()
    }
}

impl FromRef<AppState> for TrustedProxies {
    fn from_ref(state: &AppState) -> Self {
        state.services.config.trusted_proxies.clone()
    }
}
