//! The client's address, for rate limits and logs.
//!
//! By default it is the TCP peer's. Behind a reverse proxy every request comes from
//! the proxy, so `MEMBERNET_TRUSTED_PROXIES` names the proxies whose
//! `X-Forwarded-For` header is believed: the client is the right-most address in that
//! header that is not itself a trusted proxy.

use std::net::{IpAddr, SocketAddr};

use anyhow::{Context, bail};
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::state::AppState;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(text: &str) -> anyhow::Result<Self> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .with_context(|| format!("'{text}' is not an IP address or CIDR"))?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= max)
                .with_context(|| format!("'{text}' has a bad prefix length"))?,
            None => max,
        };
        Ok(Self { network, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        match (self.network, address.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

impl TrustedProxies {
    /// A comma- or space-separated list of addresses and CIDRs.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let entries = text
            .split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(Cidr::parse)
            .collect::<anyhow::Result<Vec<_>>>()?;
        if entries.iter().any(|cidr| cidr.prefix == 0) {
            bail!("trusting every address (/0) would let any client choose its address");
        }
        Ok(Self(entries))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|cidr| cidr.contains(address))
    }

    /// The client, given the peer and the `X-Forwarded-For` header values.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(address) => {
                    client = address;
                    if !self.trusts(address) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }
}

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

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
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
            state.config.trusted_proxies.client(peer, &forwarded),
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
    fn without_trusted_proxies_the_peer_is_the_client() {
        let proxies = TrustedProxies::parse("").unwrap();
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &["203.0.113.9"]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let proxies = TrustedProxies::parse("127.0.0.1/32, 10.0.0.0/8").unwrap();
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["198.51.100.7, 203.0.113.9, 10.1.2.3"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let proxies = TrustedProxies::parse("127.0.0.1").unwrap();
        assert_eq!(
            proxies.client(ip("192.0.2.1"), &["203.0.113.9"]),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn garbage_in_the_header_stops_the_walk() {
        let proxies = TrustedProxies::parse("127.0.0.1").unwrap();
        assert_eq!(
            proxies.client(ip("127.0.0.1"), &["not-an-ip"]),
            ip("127.0.0.1")
        );
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

    #[test]
    fn ipv6_ranges_work_and_zero_prefixes_are_refused() {
        let proxies = TrustedProxies::parse("fd00::/8").unwrap();
        assert_eq!(
            proxies.client(ip("fd00::1"), &["2001:db8::5"]),
            ip("2001:db8::5")
        );
        assert!(TrustedProxies::parse("0.0.0.0/0").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }
}
