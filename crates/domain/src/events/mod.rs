//! Events: webinars and meetings the network holds, who registers, the waiting list,
//! reminders and attendance.
//!
//! - [`zone`]: time zones (the IANA database bundled with `jiff`), a time shown in
//!   several zones, and the zone guessed for a reader from their country;
//! - [`draft`]: what staff type, checked into an [`EventDraft`] that can only hold a
//!   valid event (end after start, a zone that exists, a deadline before the start…);
//! - [`registration`]: who may register and when, a seat or the waiting list, and
//!   which reminder is due.

pub mod draft;
pub mod registration;
pub mod zone;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::CountryCode;

pub use draft::{EventDraft, EventError, EventInput, SpeakerInput};
pub use registration::{
    Registration, RegistrationId, RegistrationStatus, Reminder, attendee_addresses,
};
pub use zone::Zone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub i64);

/// How people attend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Webinar,
    InPerson,
    Hybrid,
}

impl EventKind {
    pub const ALL: &'static [EventKind] =
        &[EventKind::Webinar, EventKind::InPerson, EventKind::Hybrid];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Webinar => "webinar",
            EventKind::InPerson => "in_person",
            EventKind::Hybrid => "hybrid",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.code() == code)
    }

    pub fn message_key(self) -> String {
        format!("events.kind.{}", self.code())
    }

    /// Attended through a joining link.
    pub fn is_online(self) -> bool {
        matches!(self, EventKind::Webinar | EventKind::Hybrid)
    }

    /// Attended at a place.
    pub fn has_place(self) -> bool {
        matches!(self, EventKind::InPerson | EventKind::Hybrid)
    }
}

/// Where an event stands. Only published and cancelled events are public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Draft,
    Published,
    Cancelled,
}

impl EventStatus {
    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            EventStatus::Draft,
            EventStatus::Published,
            EventStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }

    pub fn is_public(self) -> bool {
        !matches!(self, EventStatus::Draft)
    }
}

/// The languages an event can be held in: the United Nations' six and the
/// network's other working languages.
pub const LANGUAGES: &[&str] = &["en", "fr", "es", "pt", "ar", "ru", "zh", "sw"];

/// Someone who speaks at an event; `member` links to their directory entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub member: Option<i64>,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub slug: String,
    pub status: EventStatus,
    pub draft: EventDraft,
    /// Seats taken: registrations confirmed (not waiting, not cancelled).
    pub registered: u32,
    /// People on the waiting list.
    pub waiting: u32,
    pub created_at: OffsetDateTime,
}

impl Event {
    pub fn starts_at(&self) -> OffsetDateTime {
        self.draft.starts_at
    }

    /// Whether the event has begun (a past event once it has ended).
    pub fn has_ended(&self, now: OffsetDateTime) -> bool {
        self.draft.ends_at <= now
    }

    /// Whether registering is possible now: published, before the deadline (or the
    /// start, when there is none).
    pub fn registration_open(&self, now: OffsetDateTime) -> bool {
        self.status == EventStatus::Published
            && now
                < self
                    .draft
                    .registration_deadline
                    .unwrap_or(self.draft.starts_at)
    }

    /// Whether a seat freed now goes to the first in line: only while the event
    /// is on and has not started.
    pub fn fills_freed_seats(&self, now: OffsetDateTime) -> bool {
        self.status == EventStatus::Published && now < self.draft.starts_at
    }

    /// Seats left, `None` without a capacity.
    pub fn seats_left(&self) -> Option<u32> {
        self.draft
            .capacity
            .map(|capacity| capacity.saturating_sub(self.registered))
    }

    pub fn is_full(&self) -> bool {
        self.seats_left() == Some(0)
    }
}

/// `base` if no address in `taken` is it, else the first free of `base-2`,
/// `base-3`… (an event's or a campaign's address).
pub fn first_free(base: &str, taken: &[String]) -> String {
    (1..)
        .map(|n| match n {
            1 => base.to_owned(),
            n => format!("{base}-{n}"),
        })
        .find(|slug| !taken.contains(slug))
        .unwrap_or_else(|| base.to_owned())
}

/// The address of an event: words of its title and its date, like
/// `developing-minimum-ratios-2026-03-10`; a number is added when taken.
pub fn slug_for(title: &str, starts_at: OffsetDateTime) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let words = slug.trim_end_matches('-');
    let date = starts_at.date();
    let date = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    if words.is_empty() {
        format!("event-{date}")
    } else {
        format!("{words}-{date}")
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' => 'a',
        'É' | 'È' | 'Ê' => 'e',
        other => other,
    }
}

/// The areas an event concerns, as the statistics name them ("KE",
/// "subregion:eastern-africa", "region:africa"), each with the areas containing
/// it, so that a filter by region finds the events of its countries.
pub fn area_keys(countries: &[CountryCode], regions: &[String]) -> Vec<String> {
    use crate::statistics::Area;
    let mut keys: Vec<String> = Vec::new();
    let mut add = |areas: Vec<Area>| {
        for area in areas {
            if area == Area::World {
                continue;
            }
            let key = area.key();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    };
    for country in countries {
        add(Area::containing(*country));
    }
    for region in regions {
        // A region and the regions containing it: those of any of its countries,
        // from the region up.
        let Some(area) = Area::from_slug(region) else {
            continue;
        };
        let key = area.key();
        match crate::country::in_region(region).first() {
            Some(country) => {
                let containing = Area::containing(*country);
                let from = containing
                    .iter()
                    .position(|candidate| candidate.key() == key)
                    .unwrap_or(0);
                add(containing.into_iter().skip(from).collect());
            }
            None => add(vec![area]),
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn slugs_are_words_and_the_date() {
        assert_eq!(
            slug_for(
                "Développer des ratios minimums !",
                datetime!(2026-03-10 13:30 UTC)
            ),
            "developper-des-ratios-minimums-2026-03-10"
        );
        assert_eq!(
            slug_for("!!!", datetime!(2026-03-10 13:30 UTC)),
            "event-2026-03-10"
        );
    }

    #[test]
    fn a_country_brings_its_regions() {
        let keys = area_keys(&[CountryCode::parse("KE").unwrap()], &[]);
        assert!(keys.contains(&"KE".to_owned()));
        assert!(keys.contains(&"subregion:eastern-africa".to_owned()));
        assert!(keys.contains(&"region:africa".to_owned()));
        let keys = area_keys(&[], &["eastern-africa".to_owned()]);
        assert_eq!(
            keys,
            [
                "subregion:eastern-africa",
                "subregion:sub-saharan-africa",
                "region:africa"
            ]
        );
        assert!(area_keys(&[], &["atlantis".to_owned()]).is_empty());
    }
}
