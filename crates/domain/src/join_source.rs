//! Where a member came from: the link that brought them to the join form.
//!
//! A link to `/join` may carry `?from=week:2022`, `?from=event:{slug}` or
//! `?from=campaign:{slug}` (a newsletter's slug, `/newsletters/{slug}`); the form
//! keeps it in a hidden field and the account keeps it from signup on. The staff
//! statistics count joins by its [`SourceKind`].
//!
//! The parameter comes from anyone's link, so reading it never fails: anything
//! unknown or malformed is [`JoinSource::Direct`], and the joiner never sees an
//! error about it. Whether the named week, event or newsletter exists is not
//! checked: a made-up slug only tags the maker's own joins, which is harmless, and
//! checking would tie joining to three other features' tables.

use std::fmt;

use crate::profile::code_list;

code_list!(
    /// What kind of link a member came from: the figure the statistics count.
    SourceKind, "join_source.kind", {
        Direct => "direct",
        Week => "week",
        Event => "event",
        Campaign => "campaign",
    }
);

/// The longest slug a source names (event slugs are up to about 70 characters).
pub const SLUG_MAX_CHARS: usize = 100;

/// A slug as a source names it: 1 to [`SLUG_MAX_CHARS`] lower-case ASCII letters,
/// digits and hyphens (the shape of every slug the site makes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceSlug(String);

impl SourceSlug {
    pub fn parse(raw: &str) -> Option<SourceSlug> {
        let fits = !raw.is_empty()
            && raw.len() <= SLUG_MAX_CHARS
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        fits.then(|| SourceSlug(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SourceSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a member came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum JoinSource {
    /// No tagged link (or one that did not read).
    #[default]
    Direct,
    /// The awareness week `/weeks/{slug}`.
    Week(SourceSlug),
    /// The event `/events/{slug}`.
    Event(SourceSlug),
    /// The newsletter `/newsletters/{slug}`.
    Campaign(SourceSlug),
}

impl JoinSource {
    /// Reads a `from` parameter (`week:2022`, `event:some-slug`,
    /// `campaign:october-news`, `direct`); anything else is [`JoinSource::Direct`].
    pub fn parse(raw: &str) -> JoinSource {
        let Some((kind, slug)) = raw.trim().split_once(':') else {
            return JoinSource::Direct;
        };
        let Some(slug) = SourceSlug::parse(slug) else {
            return JoinSource::Direct;
        };
        match SourceKind::parse(kind) {
            Some(kind) => JoinSource::tagged(kind, slug),
            None => JoinSource::Direct,
        }
    }

    /// The source of `kind` naming `slug` (the kind [`SourceKind::Direct`] names
    /// nothing).
    pub fn tagged(kind: SourceKind, slug: SourceSlug) -> JoinSource {
        match kind {
            SourceKind::Direct => JoinSource::Direct,
            SourceKind::Week => JoinSource::Week(slug),
            SourceKind::Event => JoinSource::Event(slug),
            SourceKind::Campaign => JoinSource::Campaign(slug),
        }
    }

    pub fn kind(&self) -> SourceKind {
        match self {
            JoinSource::Direct => SourceKind::Direct,
            JoinSource::Week(_) => SourceKind::Week,
            JoinSource::Event(_) => SourceKind::Event,
            JoinSource::Campaign(_) => SourceKind::Campaign,
        }
    }

    pub fn slug(&self) -> Option<&SourceSlug> {
        match self {
            JoinSource::Direct => None,
            JoinSource::Week(slug) | JoinSource::Event(slug) | JoinSource::Campaign(slug) => {
                Some(slug)
            }
        }
    }

    /// The source as a `from` parameter and as stored: `direct`, `week:2022`, …
    /// ([`JoinSource::parse`] reads it back).
    pub fn as_param(&self) -> String {
        match self.slug() {
            None => SourceKind::Direct.code().to_owned(),
            Some(slug) => format!("{}:{slug}", self.kind().code()),
        }
    }

    /// The address of the join form tagged with this source (`/join` for direct).
    /// Slugs hold no character a query string must escape.
    pub fn join_link(&self) -> String {
        match self {
            JoinSource::Direct => "/join".to_owned(),
            tagged => format!("/join?from={}", tagged.as_param()),
        }
    }
}

impl fmt::Display for JoinSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_param())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(raw: &str) -> SourceSlug {
        SourceSlug::parse(raw).unwrap()
    }

    #[test]
    fn tagged_links_read_as_their_source() {
        assert_eq!(
            JoinSource::parse("week:2022"),
            JoinSource::Week(slug("2022"))
        );
        assert_eq!(
            JoinSource::parse("event:webinar-supervision-2026-03-10"),
            JoinSource::Event(slug("webinar-supervision-2026-03-10"))
        );
        assert_eq!(
            JoinSource::parse("campaign:october-news"),
            JoinSource::Campaign(slug("october-news"))
        );
        assert_eq!(
            JoinSource::parse(" week:2022 "),
            JoinSource::Week(slug("2022"))
        );
    }

    #[test]
    fn anything_unknown_or_malformed_is_direct() {
        let too_long = format!("event:{}", "a".repeat(SLUG_MAX_CHARS + 1));
        for raw in [
            "",
            "direct",
            "week",
            "week:",
            ":2022",
            "weeks:2022",
            "Week:2022",
            "direct:2022",
            "week:20 22",
            "week:2022/../admin",
            "event:Some-Slug",
            "event:<script>",
            "campaign:octobre-été",
            "week:2022:extra",
            too_long.as_str(),
        ] {
            assert_eq!(JoinSource::parse(raw), JoinSource::Direct, "{raw:?}");
        }
        let longest = format!("event:{}", "a".repeat(SLUG_MAX_CHARS));
        assert_eq!(JoinSource::parse(&longest).kind(), SourceKind::Event);
    }

    #[test]
    fn a_source_round_trips_through_its_parameter() {
        for source in [
            JoinSource::Direct,
            JoinSource::Week(slug("2022")),
            JoinSource::Event(slug("regional-workshop-2026-04-02")),
            JoinSource::Campaign(slug("network-news")),
        ] {
            assert_eq!(JoinSource::parse(&source.as_param()), source);
        }
        assert_eq!(JoinSource::Direct.as_param(), "direct");
        assert_eq!(JoinSource::Week(slug("2022")).as_param(), "week:2022");
    }

    #[test]
    fn join_links_carry_their_source_except_direct() {
        assert_eq!(JoinSource::Direct.join_link(), "/join");
        assert_eq!(
            JoinSource::Campaign(slug("october-news")).join_link(),
            "/join?from=campaign:october-news"
        );
    }

    #[test]
    fn each_source_has_its_kind() {
        assert_eq!(JoinSource::Direct.kind(), SourceKind::Direct);
        assert_eq!(JoinSource::Week(slug("2022")).kind(), SourceKind::Week);
        assert_eq!(
            JoinSource::tagged(SourceKind::Direct, slug("x")),
            JoinSource::Direct
        );
        for kind in SourceKind::ALL {
            assert_eq!(SourceKind::parse(kind.code()), Some(*kind));
        }
        assert_eq!(SourceKind::Event.message_key(), "join_source.kind.event");
    }
}
