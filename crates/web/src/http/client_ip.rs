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

use crate::config::TrustedProxies;

/// The client's IP address (see the module doc). It displays as the key rate limits
/// count under: an IPv4 address, or the /64 an IPv6 address belongs to (one
/// subscriber usually holds a whole /64 and could rotate through it).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.to_canonical() {
            IpAddr::V4(address) => write!(f, "{address}"),
            IpAddr::V6(address) => {
                let network = u128::from(address) & (u128::MAX << 64);
                write!(f, "{}/64", std::net::Ipv6Addr::from(network))
            }
        }
    }
}

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
        Ok(ClientIp(
            TrustedProxies::from_ref(state).client(peer, &forwarded),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn rate_limits_count_ipv6_clients_by_their_64() {
        assert_eq!(
            ClientIp(ip("2001:db8:1:2:3:4:5:6")).to_string(),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            ClientIp(ip("::ffff:203.0.113.9")).to_string(),
            "203.0.113.9"
        );
        assert_eq!(ClientIp(ip("203.0.113.9")).to_string(), "203.0.113.9");
    }
}
