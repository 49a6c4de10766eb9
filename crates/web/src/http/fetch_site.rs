//! Whether a request was started by another site, from the `Sec-Fetch-Site` header
//! every current browser sends.
//!
//! A few GETs do something besides reading: the language switch sets a cookie, a
//! staff CSV export writes an audit row. A link or an image on any site can make a
//! browser send such a GET with its cookies, so these handlers refuse (or ignore)
//! requests another site started. A request without the header (an old browser, a
//! script, a typed address) is the person's own and passes.

use axum::http::HeaderMap;

use crate::error::{AppError, Result};

/// True when the browser says another site (or another subdomain of this one)
/// started the request.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    matches!(
        headers
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok()),
        Some("cross-site" | "same-site")
    )
}

/// Refuses (403) a request another site started.
pub fn refuse_cross_site(headers: &HeaderMap) -> Result<()> {
    if is_cross_site(headers) {
        tracing::warn!("refused a cross-site request with a side effect");
        return Err(AppError::Forbidden);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", value.parse().unwrap());
        headers
    }

    #[test]
    fn only_other_sites_are_cross_site() {
        assert!(is_cross_site(&with("cross-site")));
        assert!(is_cross_site(&with("same-site")));
        assert!(!is_cross_site(&with("same-origin")));
        assert!(!is_cross_site(&with("none")));
        assert!(!is_cross_site(&HeaderMap::new()));
        assert!(refuse_cross_site(&with("cross-site")).is_err());
        assert!(refuse_cross_site(&with("same-origin")).is_ok());
    }
}
