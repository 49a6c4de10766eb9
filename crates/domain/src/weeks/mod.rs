//! Awareness weeks: a theme, a hashtag and a few days, each with its own theme and
//! what the network offers that day (events, resources, stories, the day's email
//! campaign), and a share kit for social networks.
//!
//! - [`draft`]: what staff type for a week and a day, checked into drafts that can
//!   only hold valid values (dates in order, a hashtag that is one, addresses of
//!   things that exist on the site);
//! - [`share`]: ready-made posts, the plain share links of each network, and the
//!   graphics' sizes.

pub mod draft;
pub mod share;

use time::{Date, OffsetDateTime};

use crate::join_source::{JoinSource, SourceSlug};

pub use draft::{DayDraft, DayInput, WeekDraft, WeekError, WeekInput};
pub use share::{Graphic, GraphicShape, Network, Post, PostDraft, PostError, PostInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WeekId(pub i64);

/// A week is built as a draft and shown once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekStatus {
    Draft,
    Published,
}

impl WeekStatus {
    pub fn code(self) -> &'static str {
        match self {
            WeekStatus::Draft => "draft",
            WeekStatus::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [WeekStatus::Draft, WeekStatus::Published]
            .into_iter()
            .find(|status| status.code() == code)
    }
}

/// A week as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub id: WeekId,
    pub slug: String,
    pub status: WeekStatus,
    pub draft: WeekDraft,
    pub created_at: OffsetDateTime,
}

impl Week {
    pub fn is_public(&self) -> bool {
        self.status == WeekStatus::Published
    }

    /// The week's dates, first to last.
    pub fn dates(&self) -> Vec<Date> {
        self.draft.dates()
    }

    /// Where `today` (the reader's date) falls.
    pub fn when(&self, today: Date) -> When {
        if today < self.draft.starts_on {
            When::Before {
                days: (self.draft.starts_on - today).whole_days(),
            }
        } else if today > self.draft.ends_on {
            When::After
        } else {
            When::During(today)
        }
    }

    /// Where a join from the week's pages comes from, so it is counted as the
    /// week's (a week's address is always a valid source).
    pub fn join_source(&self) -> JoinSource {
        SourceSlug::parse(&self.slug)
            .map(JoinSource::Week)
            .unwrap_or(JoinSource::Direct)
    }
}

/// Where a reader's today falls in a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Before { days: i64 },
    During(Date),
    After,
}

/// A day of a week as stored: its theme and a line about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Day {
    pub theme: String,
    pub summary: String,
}

/// What a day can offer: each is something the site already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Event,
    Resource,
    Story,
    /// The day's email campaign (its archive page once sent).
    Campaign,
}

impl ItemKind {
    pub const ALL: &'static [ItemKind] = &[
        ItemKind::Event,
        ItemKind::Resource,
        ItemKind::Story,
        ItemKind::Campaign,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Event => "event",
            ItemKind::Resource => "resource",
            ItemKind::Story => "story",
            ItemKind::Campaign => "campaign",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }

    /// Where such things live on the site (`/events/{slug}`).
    pub fn path_prefix(self) -> &'static str {
        match self {
            ItemKind::Event => "/events/",
            ItemKind::Resource => "/resources/",
            ItemKind::Story => "/stories/",
            ItemKind::Campaign => "/newsletters/",
        }
    }

    pub fn message_key(self) -> String {
        format!("weeks.item.{}", self.code())
    }
}

/// Something a day offers, named by its address on the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemAddress {
    pub kind: ItemKind,
    pub slug: String,
}

impl ItemAddress {
    /// Reads an address as staff paste it: a path (`/events/ratios-2022-10-20`) or a
    /// whole link to this site or any other (only the path counts), with or without
    /// a query or fragment.
    pub fn parse(text: &str) -> Option<ItemAddress> {
        let text = text.trim();
        let path = match text.find("://") {
            Some(scheme_end) => {
                let rest = &text[scheme_end + 3..];
                &rest[rest.find('/')?..]
            }
            None => text,
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_end_matches('/');
        ItemKind::ALL.iter().find_map(|kind| {
            let slug = path.strip_prefix(kind.path_prefix())?;
            let valid = !slug.is_empty()
                && slug.len() <= 120
                && slug
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then(|| ItemAddress {
                kind: *kind,
                slug: slug.to_ascii_lowercase(),
            })
        })
    }

    pub fn path(&self) -> String {
        format!("{}{}", self.kind.path_prefix(), self.slug)
    }
}

/// A day's item, found: what it is, its id in its own table, its address and
/// title, and whether the public may see it now (a draft event, an unpublished
/// resource or an unsent campaign is kept on the day but not shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub ref_id: i64,
    pub day: Date,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// An event's start.
    pub starts_at: Option<OffsetDateTime>,
    pub public: bool,
    /// Named publicly before it is public, without a link: a campaign scheduled
    /// or being sent (what joining brings). A draft or cancelled one is not.
    pub announced: bool,
}

impl Item {
    pub fn path(&self) -> String {
        format!("{}{}", self.kind.path_prefix(), self.slug)
    }
}

/// ISO `YYYY-MM-DD`, how days are stored and addressed (`/weeks/2022/2022-10-17`).
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads [`iso`] back.
pub fn parse_iso(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if !(1900..=9999).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn week() -> Week {
        let draft = WeekDraft::check(&WeekInput {
            title: "Social Service Workforce Week 2022".into(),
            slug: "2022".into(),
            theme: "Making the case".into(),
            hashtag: "SSWWeek".into(),
            intro: String::new(),
            starts_on: "2022-10-17".into(),
            ends_on: "2022-10-21".into(),
            show_donation_total: false,
        })
        .unwrap();
        Week {
            id: WeekId(1),
            slug: "2022".into(),
            status: WeekStatus::Published,
            draft,
            created_at: datetime!(2022-09-01 0:00 UTC),
        }
    }

    #[test]
    fn today_is_before_during_or_after_the_week() {
        let week = week();
        assert_eq!(week.when(date!(2022 - 10 - 14)), When::Before { days: 3 });
        assert_eq!(
            week.when(date!(2022 - 10 - 17)),
            When::During(date!(2022 - 10 - 17))
        );
        assert_eq!(
            week.when(date!(2022 - 10 - 21)),
            When::During(date!(2022 - 10 - 21))
        );
        assert_eq!(week.when(date!(2022 - 10 - 22)), When::After);
        assert_eq!(week.dates().len(), 5);
        assert_eq!(week.join_source().join_link(), "/join?from=week:2022");
    }

    #[test]
    fn addresses_are_read_from_paths_and_links() {
        let event = ItemAddress::parse("/events/ratios-2022-10-20").unwrap();
        assert_eq!(event.kind, ItemKind::Event);
        assert_eq!(event.slug, "ratios-2022-10-20");
        let story =
            ItemAddress::parse(" https://network.example/stories/Amina-Profile/?utm=x#top ")
                .unwrap();
        assert_eq!(
            (story.kind, story.slug.as_str()),
            (ItemKind::Story, "amina-profile")
        );
        assert_eq!(
            ItemAddress::parse("/newsletters/day-one").unwrap().kind,
            ItemKind::Campaign
        );
        assert_eq!(
            ItemAddress::parse("/resources/costing-guidance")
                .unwrap()
                .path(),
            "/resources/costing-guidance"
        );
        for bad in [
            "",
            "/events/",
            "/members/12",
            "/events/a/b",
            "/resources/<script>",
            "https://example.org",
            "events/x",
        ] {
            assert_eq!(ItemAddress::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(iso(date!(2022 - 10 - 07)), "2022-10-07");
        assert_eq!(parse_iso("2022-10-07"), Some(date!(2022 - 10 - 07)));
        assert_eq!(parse_iso("2022-02-30"), None);
        assert_eq!(parse_iso("22-1"), None);
        assert_eq!(parse_iso("0001-01-01"), None);
    }
}
