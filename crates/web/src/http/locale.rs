//! Which language a request gets: the visitor's choice from the switcher (a `lang`
//! cookie), else the best match of their browser's `Accept-Language`, else English.
//! The middleware puts the [`Locale`] in the request's extensions for extractors and
//! handlers, and says which language answered (`Content-Language`).

use axum::{
    extract::Request,
    http::{HeaderMap, header},
    middleware::Next,
    response::Response,
};

use crate::locale::Locale;

pub const LANGUAGE_COOKIE: &str = "lang";

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The language a request's headers ask for (see the module doc).
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookies| cookie_value(cookies, LANGUAGE_COOKIE))
        .and_then(Locale::parse);
    chosen
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or_default()
}

/// Decides the request's language and puts it in the request's extensions.
pub async fn detect_locale(mut request: Request, next: Next) -> Response {
    let locale = locale_of(request.headers());
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        header::HeaderValue::from_static(locale.code()),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        assert_eq!(cookie_value("id=abc; lang=fr; x=y", "lang"), Some("fr"));
        assert_eq!(cookie_value("id=abc", "lang"), None);
    }
}
