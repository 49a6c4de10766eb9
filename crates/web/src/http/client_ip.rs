//! The client's address, for rate limits and logs.
//!
//! By default it is the TCP peer's. Behind a reverse proxy every request comes from
//! the proxy, so `MEMBERNET_TRUSTED_PROXIES` names the proxies whose
//! `X-Forwarded-For` header is believed: the client is the right-most address in that
//! header that is not itself a trusted proxy.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRef, FromRequestParts},
    http::request::Parts,
};

use membernet_domain::rate_limit::ClientAddress;

use crate::config::TrustedProxies;

/// The client's address (see the module doc), as rate limits count it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub ClientAddress);

/// Needs only the trusted proxies from the state.
impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    TrustedProxies: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect::<Vec<_>>();
        let client = TrustedProxies::from_ref(state).client(peer, &forwarded);
        Ok(ClientIp(ClientAddress(client)))
    }
}
