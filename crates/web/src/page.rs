//! What every page template needs: the language, the CSRF token for its forms, who
//! is signed in (for the navigation), the path (for the language switcher), and a
//! one-time message from the previous page.

use std::sync::LazyLock;

use axum::{extract::FromRequestParts, http::request::Parts};
use membernet_domain::{Account, Country, CountryCode, country};

use crate::{
    auth::{AuthSession, CurrentUser},
    csrf,
    error::AppError,
    i18n::Locale,
    state::AppState,
};

pub struct Page {
    pub locale: Locale,
    pub csrf_token: String,
    pub user: Option<Account>,
    pub path: String,
    pub flash: Option<String>,
    /// The database holds the synthetic demo network: every page says so.
    pub demo: bool,
}

impl Page {
    /// A page outside any session (error pages).
    pub fn bare(locale: Locale, path: String) -> Self {
        Self {
            locale,
            csrf_token: String::new(),
            user: None,
            path,
            flash: None,
            demo: false,
        }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.locale.t_with(key, &[(name, value)])
    }

    pub fn t_with2(&self, key: &str, name: &str, value: &str, name2: &str, value2: &str) -> String {
        self.locale.t_with(key, &[(name, value), (name2, value2)])
    }

    pub fn languages(&self) -> [Locale; 2] {
        Locale::ALL
    }

    /// A country's name in the page's language.
    pub fn country_name(&self, code: &CountryCode) -> &'static str {
        code.country().name(self.lang())
    }

    /// A whole number with the language's thousands separator.
    pub fn number(&self, value: impl std::fmt::Display) -> String {
        let digits = value.to_string();
        if let Some(positive) = digits.strip_prefix('-') {
            return format!("-{}", self.number(positive));
        }
        let separator = match self.locale {
            Locale::En => ",",
            Locale::Fr => "\u{202f}",
        };
        let mut grouped = String::new();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// The stylesheet's address, which changes whenever its content does.
    pub fn stylesheet(&self) -> String {
        SITE_CSS.url()
    }

    /// The organisation suggester's address, which changes whenever its content does.
    pub fn organization_suggest_script(&self) -> String {
        ORGANIZATION_SUGGEST_JS.url()
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(Account::may_open_staff_area)
    }

    /// Every country, sorted by its name in the page's language.
    pub fn countries(&self) -> &'static [(&'static str, &'static str)] {
        static BY_LOCALE: LazyLock<Vec<Vec<(&'static str, &'static str)>>> = LazyLock::new(|| {
            Locale::ALL
                .iter()
                .map(|locale| {
                    let mut countries: Vec<_> = country::all()
                        .iter()
                        .map(|country: &Country| (country.alpha2, country.name(locale.code())))
                        .collect();
                    countries.sort_by_cached_key(|(_, name)| collate(name));
                    countries
                })
                .collect()
        });
        let index = Locale::ALL
            .iter()
            .position(|l| *l == self.locale)
            .unwrap_or(0);
        &BY_LOCALE[index]
    }
}

/// A file from `web/static`, compiled into the binary and served by `routes::assets`
/// at an address holding a hash of its content (`/static/site.0123abcd….css`), so
/// browsers may keep it for a year and still never see a stale copy.
pub struct StaticAsset {
    pub stem: &'static str,
    pub extension: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
    hash: u64,
}

impl StaticAsset {
    const fn new(
        stem: &'static str,
        extension: &'static str,
        content_type: &'static str,
        body: &'static str,
    ) -> Self {
        Self {
            stem,
            extension,
            content_type,
            body,
            hash: fnv1a(body.as_bytes()),
        }
    }

    /// `site.0123456789abcdef.css`
    pub fn file_name(&self) -> String {
        format!("{}.{:016x}.{}", self.stem, self.hash, self.extension)
    }

    pub fn url(&self) -> String {
        format!("/static/{}", self.file_name())
    }
}

pub static SITE_CSS: StaticAsset = StaticAsset::new(
    "site",
    "css",
    "text/css; charset=utf-8",
    include_str!("../../../web/static/site.css"),
);
pub static ORGANIZATION_SUGGEST_JS: StaticAsset = StaticAsset::new(
    "organization-suggest",
    "js",
    "text/javascript; charset=utf-8",
    include_str!("../../../web/static/organization-suggest.js"),
);

/// FNV-1a, 64 bits: computed at compile time, stable across builds and Rust
/// versions (unlike `DefaultHasher`); a cache key, not a security measure.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < bytes.len() {
        hash ^= bytes[index] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        index += 1;
    }
    hash
}

/// A sort key that puts "Åland" with the As and "Éthiopie" with the Es.
pub(crate) fn collate(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'À'..='Å' | 'à'..='å' => 'a',
            'Ç' | 'ç' => 'c',
            'È'..='Ë' | 'è'..='ë' => 'e',
            'Ì'..='Ï' | 'ì'..='ï' => 'i',
            'Ñ' | 'ñ' => 'n',
            'Ò'..='Ö' | 'ò'..='ö' | 'Ø' | 'ø' => 'o',
            'Ù'..='Ü' | 'ù'..='ü' => 'u',
            'Ý' | 'ý' | 'ÿ' => 'y',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let locale = parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default();
        let session = AuthSession::from_request_parts(parts, state).await?;
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let flash = session.take_flash().await?.map(|key| locale.t(&key));
        Ok(Self {
            locale,
            // Signed-in pages carry the log-out form, so they need a token; for
            // visitors only pages with forms create one (see `FormPage`).
            csrf_token: match &user {
                Some(_) => csrf::token(&session.0).await?,
                None => csrf::existing(&session.0).await?.unwrap_or_default(),
            },
            user,
            path: parts.uri.path().to_owned(),
            flash,
            demo: state.demo.load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// A page with a form: like [`Page`], and its CSRF token always exists.
pub struct FormPage(pub Page);

impl FromRequestParts<AppState> for FormPage {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut page = Page::from_request_parts(parts, state).await?;
        if page.csrf_token.is_empty() {
            let session = AuthSession::from_request_parts(parts, state).await?;
            page.csrf_token = csrf::token(&session.0).await?;
        }
        Ok(FormPage(page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_in_the_pages_language() {
        let page = Page::bare(Locale::En, "/".into());
        assert_eq!(page.number(54_027_487u64), "54,027,487");
        assert_eq!(page.number(999u64), "999");
        let page = Page::bare(Locale::Fr, "/".into());
        assert_eq!(page.number(1_000u64), "1\u{202f}000");
    }

    #[test]
    fn accented_names_sort_with_their_letter() {
        let mut names = vec!["Égypte", "Espagne", "Allemagne", "Éthiopie", "Zambie"];
        names.sort_by_key(|name| collate(name));
        assert_eq!(
            names,
            ["Allemagne", "Égypte", "Espagne", "Éthiopie", "Zambie"]
        );
    }
}
