//! `/api/v1/events`: the network's published events, filtered like `/events`,
//! with times in UTC and the zone each is held in.

use axum::extract::{Query, State, rejection::QueryRejection};
use membernet_domain::{
    CountryCode,
    events::{EventKind, EventStatus, LANGUAGES},
    statistics::Area,
};
use membernet_persistence::events::Listing;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::{
    services::{Services, events},
    views::rfc3339,
};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct EventsQuery {
    /// `upcoming` (not yet ended, soonest first; the default), `past` (latest
    /// first) or `all`.
    when: Option<String>,
    /// A language code: `en`, `fr`, `es`, `pt`, `ar`, `ru`, `zh` or `sw`.
    language: Option<String>,
    /// A UN M49 region slug (`africa`, `eastern-africa`) or an ISO 3166-1 alpha-2
    /// country code.
    region: Option<String>,
    /// `webinar`, `in_person` or `hybrid`.
    kind: Option<String>,
}

/// Published events (and cancelled ones, marked so).
#[derive(Serialize, ToSchema)]
pub(super) struct EventList {
    events: Vec<EventSummary>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct EventSummary {
    slug: String,
    title: String,
    summary: String,
    /// `webinar`, `in_person` or `hybrid`.
    kind: &'static str,
    /// `published` or `cancelled`.
    status: &'static str,
    /// RFC 3339, UTC.
    starts_at: String,
    /// RFC 3339, UTC.
    ends_at: String,
    /// The IANA time zone the event is held in, like `America/New_York`.
    time_zone: String,
    languages: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of the countries it concerns.
    countries: Vec<String>,
    /// UN M49 region slugs it concerns.
    regions: Vec<String>,
    /// Seats left; `null` without a limit.
    #[schema(required)]
    seats_left: Option<u32>,
    registration_open: bool,
    /// The event's page.
    url: String,
    /// The event as an iCalendar file.
    calendar_url: String,
}

fn listing(query: &EventsQuery) -> Result<Listing, ApiError> {
    let upcoming = match query.when.as_deref() {
        None | Some("upcoming") => Some(true),
        Some("past") => Some(false),
        Some("all") => None,
        Some(_) => {
            return Err(ApiError::bad_request(
                "unknown_when",
                "when is upcoming, past or all",
            ));
        }
    };
    let language = match query.language.as_deref() {
        None | Some("") => None,
        Some(code) => Some(
            LANGUAGES
                .iter()
                .find(|known| **known == code)
                .ok_or(ApiError::bad_request(
                    "unknown_language",
                    "language is one of en, fr, es, pt, ar, ru, zh, sw",
                ))?
                .to_string(),
        ),
    };
    let area = match query.region.as_deref() {
        None | Some("") => None,
        Some(code) if code.len() == 2 => Some(
            CountryCode::parse(code)
                .map_err(|_| ApiError::bad_request("unknown_region", "no such country or region"))?
                .as_str()
                .to_owned(),
        ),
        Some(slug) => Some(
            Area::from_slug(slug)
                .ok_or(ApiError::bad_request(
                    "unknown_region",
                    "no such country or region",
                ))?
                .key(),
        ),
    };
    let kind = match query.kind.as_deref() {
        None | Some("") => None,
        Some(code) => Some(EventKind::parse(code).ok_or(ApiError::bad_request(
            "unknown_kind",
            "kind is webinar, in_person or hybrid",
        ))?),
    };
    Ok(Listing {
        upcoming,
        language,
        area,
        kind,
        ..Listing::default()
    })
}

/// The network's events.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    operation_id = "events_list",
    tag = "events",
    params(EventsQuery),
    responses(
        (status = 200, description = "Up to 200 events", body = EventList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 400, description = "A parameter is wrong; `error` says which", body = ApiError),
        (status = 500, description = "The events could not be read", body = ApiError),
    )
)]
pub(super) async fn list(
    State(services): State<Services>,
    request: IfNoneMatch,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Result<PublicJson, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(ApiError::bad_request(
            "bad_query",
            "the query string could not be read",
        ));
    };
    let listing = listing(&query)?;
    let now = OffsetDateTime::now_utc();
    let found = events::listed(&services, &listing, now).await?;
    let base = &services.config.base_url;
    request.answer(&EventList {
        events: found
            .into_iter()
            .map(|event| EventSummary {
                url: format!("{base}/events/{}", event.slug),
                calendar_url: format!("{base}/events/{}.ics", event.slug),
                kind: event.draft.kind.code(),
                status: match event.status {
                    EventStatus::Cancelled => "cancelled",
                    _ => "published",
                },
                starts_at: rfc3339(event.draft.starts_at),
                ends_at: rfc3339(event.draft.ends_at),
                time_zone: event.draft.zone.name().to_owned(),
                seats_left: event.seats_left(),
                registration_open: event.registration_open(now),
                languages: event.draft.languages.clone(),
                countries: event
                    .draft
                    .countries
                    .iter()
                    .map(|code| code.as_str().to_owned())
                    .collect(),
                regions: event.draft.regions.clone(),
                title: event.draft.title,
                summary: event.draft.summary,
                slug: event.slug,
            })
            .collect(),
    })
}
