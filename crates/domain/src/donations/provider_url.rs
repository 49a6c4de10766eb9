//! The address of a provider's payment link or donation page. Membernet sends
//! givers there and nowhere else, so only what staff typed and these rules let
//! through is ever a link: `https://`, a named host on the internet (not an IP
//! address, not `localhost`), no user name or password in it, at most
//! [`MAX_URL`] characters.

use std::fmt;

use url::{Host, Url};

pub const MAX_URL: usize = 2000;

/// A provider's page, as it is linked to (the `url` crate's normal form: the host
/// in lower case and punycode, spaces and the like percent-encoded).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProviderUrl(String);

/// Why an address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    Missing,
    TooLong,
    /// Not an address at all, or one with spaces or control characters in it.
    Invalid,
    /// `http://`, `javascript:`, `data:`…: only `https://` is a way to give.
    NotHttps,
    /// No host, an IP address, `localhost` or a name without a dot.
    HostInvalid,
    /// `https://user:password@host/`: a way to disguise where a link goes.
    Credentials,
}

impl ProviderUrl {
    pub fn parse(raw: &str) -> Result<ProviderUrl, UrlError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(UrlError::Missing);
        }
        if raw.chars().count() > MAX_URL {
            return Err(UrlError::TooLong);
        }
        // The parser quietly drops tabs and newlines ("java\tscript:"); such an
        // address is refused rather than read differently from how it looks.
        if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::Invalid);
        }
        match raw.split_once(':') {
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {}
            Some((scheme, _)) if is_scheme(scheme) => return Err(UrlError::NotHttps),
            _ => return Err(UrlError::Invalid),
        }
        let url = Url::parse(raw).map_err(|_| UrlError::Invalid)?;
        if url.scheme() != "https" {
            return Err(UrlError::NotHttps);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlError::Credentials);
        }
        match url.host() {
            Some(Host::Domain(name)) if is_public_name(name) => {}
            _ => return Err(UrlError::HostInvalid),
        }
        let normal = url.as_str();
        if normal.len() > MAX_URL {
            return Err(UrlError::TooLong);
        }
        Ok(ProviderUrl(normal.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, to say where a link goes ("donate.stripe.com").
    pub fn host(&self) -> &str {
        let after_scheme = &self.0["https://".len()..];
        let end = after_scheme
            .find([':', '/', '?', '#'])
            .unwrap_or(after_scheme.len());
        &after_scheme[..end]
    }
}

/// What RFC 3986 allows before the colon: a letter, then letters, digits, `+`, `-`, `.`.
fn is_scheme(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A name in the internet's DNS: two labels at least, and not a name for this
/// machine or the local network.
fn is_public_name(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| !label.is_empty())
        && !matches!(
            labels.last().copied(),
            Some("localhost" | "local" | "internal" | "localdomain" | "home" | "lan")
        )
        // The last label is letters (or an IDN's punycode), never a number.
        && labels
            .last()
            .is_some_and(|top| !top.chars().all(|c| c.is_ascii_digit()))
}

impl fmt::Display for ProviderUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_addresses_of_named_hosts_are_provider_pages() {
        for (typed, stored) in [
            (
                "https://donate.stripe.com/test_abc123",
                "https://donate.stripe.com/test_abc123",
            ),
            (
                "  HTTPS://www.PayPal.com/donate?hosted_button_id=XYZ  ",
                "https://www.paypal.com/donate?hosted_button_id=XYZ",
            ),
            (
                "https://www.globalgiving.org/projects/social-workforce/",
                "https://www.globalgiving.org/projects/social-workforce/",
            ),
            ("https://example.org", "https://example.org/"),
            (
                "https://dons.exemple.fr:8443/x",
                "https://dons.exemple.fr:8443/x",
            ),
            (
                "https://bücher.example/don",
                "https://xn--bcher-kva.example/don",
            ),
        ] {
            let url = ProviderUrl::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(url.as_str(), stored);
        }
        assert_eq!(
            ProviderUrl::parse("https://donate.stripe.com:443/x")
                .unwrap()
                .host(),
            "donate.stripe.com"
        );
        assert_eq!(
            ProviderUrl::parse("https://dons.exemple.fr:8443/x")
                .unwrap()
                .host(),
            "dons.exemple.fr"
        );
    }

    #[test]
    fn other_schemes_are_refused_as_not_https() {
        for typed in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "http://donate.example.org/",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org/",
            "mailto:give@example.org",
            "//evil.example/",
        ] {
            let refused = ProviderUrl::parse(typed).unwrap_err();
            assert!(
                matches!(refused, UrlError::NotHttps | UrlError::Invalid),
                "{typed}: {refused:?}"
            );
        }
        assert_eq!(
            ProviderUrl::parse("javascript:alert(1)"),
            Err(UrlError::NotHttps)
        );
        assert_eq!(
            ProviderUrl::parse("http://donate.example.org/"),
            Err(UrlError::NotHttps)
        );
    }

    #[test]
    fn hosts_that_are_not_public_names_are_refused() {
        for typed in [
            "https://",
            "https:///path",
            "https://localhost/give",
            "https://127.0.0.1/give",
            "https://[::1]/give",
            "https://192.168.1.10/",
            "https://intranet/give",
            "https://router.local/",
            "https://1.2.3.4.5/",
        ] {
            let refused = ProviderUrl::parse(typed).unwrap_err();
            assert!(
                matches!(refused, UrlError::HostInvalid | UrlError::Invalid),
                "{typed}: {refused:?}"
            );
        }
        assert_eq!(
            ProviderUrl::parse("https://localhost/give"),
            Err(UrlError::HostInvalid)
        );
    }

    #[test]
    fn credentials_hidden_characters_and_length_are_refused() {
        assert_eq!(
            ProviderUrl::parse("https://donate.example.org@evil.example/"),
            Err(UrlError::Credentials)
        );
        assert_eq!(
            ProviderUrl::parse("https://user:pw@donate.example.org/"),
            Err(UrlError::Credentials)
        );
        assert_eq!(
            ProviderUrl::parse("https://donate.example.org/a b"),
            Err(UrlError::Invalid)
        );
        assert_eq!(
            ProviderUrl::parse("java\tscript:alert(1)"),
            Err(UrlError::Invalid)
        );
        assert_eq!(ProviderUrl::parse("   "), Err(UrlError::Missing));
        let long = format!("https://donate.example.org/{}", "a".repeat(MAX_URL));
        assert_eq!(ProviderUrl::parse(&long), Err(UrlError::TooLong));
        let fits = format!("https://donate.example.org/{}", "a".repeat(1900));
        assert!(ProviderUrl::parse(&fits).is_ok());
    }
}
