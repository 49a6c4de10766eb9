//! Events as iCalendar (RFC 5545) files, written with the `icalendar` crate: times
//! in UTC (every calendar converts them to its reader's zone), a stable UID per
//! event so an updated file replaces the entry instead of adding one, and the
//! event's page as its URL. The joining link is not in it: calendar files are
//! public (the feed), the link is for registrants (their email).

use icalendar::{Calendar, Component, EventLike, EventStatus as IcsStatus};
use membernet_domain::events::{Event, EventStatus};
use time::OffsetDateTime;

fn utc(at: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0).unwrap_or_default()
}

pub fn calendar(base_url: &str, events: &[Event]) -> String {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .trim_end_matches('/');
    let mut calendar = Calendar::new();
    calendar.name("Membernet events");
    for event in events {
        let draft = &event.draft;
        let page = format!("{base_url}/events/{}", event.slug);
        let mut entry = icalendar::Event::new();
        entry
            .uid(&format!("event-{}@{host}", event.id.0))
            .summary(&draft.title)
            .description(&format!(
                "{}\n\n{page}",
                membernet_domain::markdown::to_text(if draft.summary.is_empty() {
                    &draft.description
                } else {
                    &draft.summary
                })
            ))
            .starts(utc(draft.starts_at))
            .ends(utc(draft.ends_at))
            .url(&page)
            .timestamp(utc(OffsetDateTime::now_utc()))
            .status(match event.status {
                EventStatus::Cancelled => IcsStatus::Cancelled,
                _ => IcsStatus::Confirmed,
            });
        if let Some(place) = &draft.place {
            entry.location(place);
        } else {
            entry.location(&page);
        }
        calendar.push(entry.done());
    }
    calendar.done().to_string()
}
