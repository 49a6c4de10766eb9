//! `MEMBERNET_TRUSTED_PROXIES`: the reverse proxies whose `X-Forwarded-For` header
//! is believed. The client is the right-most address in that header that is not
//! itself a trusted proxy (`http::client_ip` applies it to requests).

use std::net::IpAddr;

use anyhow::{Context, bail};

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
