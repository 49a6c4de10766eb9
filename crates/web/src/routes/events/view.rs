//! What the events' pages show of an event, in the reader's language and zone:
//! its times in the event's zone, the reader's and the reference zones staff
//! chose; and the reader's zone itself (chosen, remembered, or guessed).

use axum::{
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use membernet_domain::{
    Account, CountryCode,
    events::{Event, EventStatus, Zone},
};
use time::OffsetDateTime;

use crate::{http::fetch_site, locale::Locale};

/// The cookie that remembers the zone a visitor chose.
pub const ZONE_COOKIE: &str = "membernet_tz";

/// The reader's zone: the one just chosen (`?tz=`), else the one remembered in
/// this browser, else the member's country's, else the country of the browser's
/// language ("fr-SN": Senegal), else UTC.
pub struct ReaderZone {
    pub zone: Zone,
    /// A `Set-Cookie` value when the reader has just chosen.
    pub remember: Option<String>,
}

impl ReaderZone {
    pub fn of(
        headers: &HeaderMap,
        chosen: Option<Zone>,
        user: Option<&Account>,
        secure: bool,
    ) -> Self {
        if let Some(zone) = chosen {
            let remember = (!fetch_site::is_cross_site(headers)).then(|| {
                format!(
                    "{ZONE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
                    zone.name(),
                    if secure { "; Secure" } else { "" }
                )
            });
            return ReaderZone { zone, remember };
        }
        let remembered = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .find_map(|pair| {
                pair.trim()
                    .strip_prefix(&format!("{ZONE_COOKIE}="))
                    .map(str::to_owned)
            })
            .and_then(|name| Zone::parse(&name));
        let from_country = || user.and_then(|user| user.country).and_then(Zone::guess_for);
        let from_language = || {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| {
                    value.split(',').find_map(|tag| {
                        let tag = tag.split(';').next()?.trim();
                        let region = tag.split(['-', '_']).nth(1)?;
                        (region.len() == 2)
                            .then(|| CountryCode::parse(region).ok())
                            .flatten()
                    })
                })
                .and_then(Zone::guess_for)
        };
        let zone = remembered
            .or_else(from_country)
            .or_else(from_language)
            .unwrap_or_else(Zone::utc);
        ReaderZone {
            zone,
            remember: None,
        }
    }
}

/// `page`, remembering the zone the reader just chose.
pub fn with_zone_cookie(cookie: Option<String>, page: impl IntoResponse) -> Response {
    match cookie {
        Some(cookie) => ([(header::SET_COOKIE, cookie)], page).into_response(),
        None => page.into_response(),
    }
}

/// One line of times: where, and when there.
pub struct ZoneTime {
    pub label: String,
    pub when: String,
}

/// An event as a page or a list shows it.
pub struct EventView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub cancelled: bool,
    pub ended: bool,
    /// The event's own zone first, then the reader's (if another), then the
    /// reference zones.
    pub times: Vec<ZoneTime>,
    pub languages: Vec<String>,
    pub seats_left: Option<u32>,
    pub full: bool,
    pub open: bool,
    /// When, in the reader's zone (for lists).
    pub reader_when: String,
}

impl EventView {
    pub fn new(locale: Locale, event: &Event, reader: &Zone, now: OffsetDateTime) -> Self {
        let draft = &event.draft;
        let span = |zone: &Zone| locale.span_in(zone, draft.starts_at, draft.ends_at);
        let mut times = vec![ZoneTime {
            label: locale.t("events.time.event_zone"),
            when: span(&draft.zone),
        }];
        if *reader != draft.zone {
            times.push(ZoneTime {
                label: locale.t("events.time.your_zone"),
                when: span(reader),
            });
        }
        for zone in &draft.reference_zones {
            if *zone != draft.zone && zone != reader {
                times.push(ZoneTime {
                    label: zone.name().replace('_', " "),
                    when: span(zone),
                });
            }
        }
        EventView {
            slug: event.slug.clone(),
            title: draft.title.clone(),
            summary: draft.summary.clone(),
            kind: locale.t(&draft.kind.message_key()),
            cancelled: event.status == EventStatus::Cancelled,
            ended: event.has_ended(now),
            times,
            languages: draft
                .languages
                .iter()
                .map(|code| locale.t(&format!("language.{code}")))
                .collect(),
            seats_left: event.seats_left(),
            full: event.is_full(),
            open: event.registration_open(now),
            reader_when: span(reader),
        }
    }
}
