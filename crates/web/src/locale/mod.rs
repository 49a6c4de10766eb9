//! The reader's language, and everything that depends on it: the messages (looked up
//! in the catalogue `web/locales/*.yml`, compiled in by rust-i18n), numbers and
//! money ([`format`]), and the order and names of countries ([`collate`]).
//!
//! A [`Locale`] is a small `Copy` value. Whatever writes words for people (a page, an
//! email, a chart, the map, a CSV header, a form's errors) takes the `Locale` and
//! nothing more. Which language a request gets is decided at the edge
//! (`http::locale`).

mod collate;
mod dates;
mod format;

pub use collate::collate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
    Es,
    Pt,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Es, Locale::Pt];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Pt => "pt",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Es => "Español",
            Locale::Pt => "Português",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|locale| locale.code() == primary)
    }

    /// The best supported language in an `Accept-Language` header, by q-value.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut best: Option<(Locale, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let quality = pieces
                .find_map(|piece| piece.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Self::parse(tag)
                && quality > 0.0
                && best.is_none_or(|(_, q)| quality > q)
            {
                best = Some((locale, quality));
            }
        }
        best.map(|(locale, _)| locale)
    }

    /// The message for `key` in this language (English where it has none).
    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
    }

    /// The message for `key` with `%{name}` placeholders filled in.
    pub fn t_with(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut message = self.t(key);
        for (name, value) in args {
            message = message.replace(&format!("%{{{name}}}"), value);
        }
        message
    }

    /// The message for `key` with one placeholder filled in.
    pub fn t1(self, key: &str, name: &str, value: &str) -> String {
        self.t_with(key, &[(name, value)])
    }

    /// The message for `key` with two placeholders filled in.
    pub fn t2(self, key: &str, name: &str, value: &str, name2: &str, value2: &str) -> String {
        self.t_with(key, &[(name, value), (name2, value2)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(
            Locale::negotiate("fr-CH, fr;q=0.9, en;q=0.8"),
            Some(Locale::Fr)
        );
        assert_eq!(
            Locale::negotiate("de-DE, en;q=0.5, fr;q=0.7"),
            Some(Locale::Fr)
        );
        assert_eq!(Locale::negotiate("de-DE"), None);
        assert_eq!(Locale::negotiate("fr;q=0, en"), Some(Locale::En));
        assert_eq!(Locale::negotiate("es-MX, en;q=0.5"), Some(Locale::Es));
        assert_eq!(
            Locale::negotiate("pt-BR, pt;q=0.9, en;q=0.8"),
            Some(Locale::Pt)
        );
        assert_eq!(Locale::negotiate("de, pt-PT;q=0.4"), Some(Locale::Pt));
    }

    #[test]
    fn messages_are_translated_and_filled_in() {
        assert_eq!(Locale::Fr.t("nav.log_in"), "Se connecter");
        assert!(
            Locale::En
                .t_with("join.sent.body", &[("email", "a@b.org")])
                .contains("a@b.org")
        );
    }

    /// Every key of the English catalogue is in every other language's catalogue,
    /// in the same order, and no more.
    #[test]
    fn every_catalogue_has_every_english_key() {
        fn keys(yaml: &str) -> Vec<&str> {
            yaml.lines()
                .filter(|line| !line.starts_with('#') && !line.starts_with("_version"))
                .filter_map(|line| line.split_once(": ").map(|(key, _)| key.trim()))
                .filter(|key| !key.is_empty())
                .collect()
        }
        let english = keys(include_str!("../../../../web/locales/en.yml"));
        assert!(
            english.len() > 50,
            "the catalogue parsed to {} keys",
            english.len()
        );
        let others = [
            ("fr", include_str!("../../../../web/locales/fr.yml")),
            ("es", include_str!("../../../../web/locales/es.yml")),
            ("pt", include_str!("../../../../web/locales/pt.yml")),
        ];
        assert_eq!(others.len() + 1, Locale::ALL.len());
        for (code, yaml) in others {
            let theirs = keys(yaml);
            let missing: Vec<_> = english.iter().filter(|key| !theirs.contains(key)).collect();
            let extra: Vec<_> = theirs.iter().filter(|key| !english.contains(key)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{code}.yml lacks {missing:?} and has extra {extra:?}"
            );
            let mut sorted_english = english.clone();
            let mut sorted_theirs = theirs.clone();
            sorted_english.sort_unstable();
            sorted_theirs.sort_unstable();
            assert_eq!(sorted_english, sorted_theirs, "{code}.yml has a key twice");
        }
    }

    /// Each language's catalogue is its own: a few messages in each, and placeholders
    /// kept.
    #[test]
    fn spanish_and_portuguese_are_translated() {
        assert_eq!(Locale::Es.t("nav.log_in"), "Iniciar sesión");
        assert_eq!(Locale::Pt.t("nav.log_in"), "Entrar");
        assert_eq!(
            Locale::Es
                .t1("home.headline", "members", "1.234")
                .replace("%{countries}", "5"),
            "1.234 miembros en 5 países"
        );
        assert!(
            Locale::Pt
                .t_with("join.sent.body", &[("email", "a@b.org")])
                .contains("a@b.org")
        );
    }
}
