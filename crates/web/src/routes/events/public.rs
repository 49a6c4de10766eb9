//! `/events` and `/events/{slug}`: the programme and an event's page, with times in
//! the reader's zone, registration, and calendar files (`/events.ics`,
//! `/events/{slug}.ics`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    events::{EventKind, LANGUAGES, Registration, RegistrationStatus, zone},
    statistics::Area,
};
use time::OffsetDateTime;

use super::{
    forms::{Filters, GuestForm},
    view::{EventView, ReaderZone, with_zone_cookie},
};
use crate::{
    error::Result,
    forms::{FieldErrors, shown},
    http::{download::Download, extract::Query},
    page::FormPage,
    page::Page,
    services::{Services, events},
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events.ics", get(feed))
        .route("/events/{slug}", get(show))
}

#[derive(Template, WebTemplate)]
#[template(path = "events/list.html")]
struct ListTemplate {
    page: Page,
    filters: Filters,
    upcoming: Vec<EventView>,
    past: Vec<EventView>,
    past_page: u64,
    more_past: bool,
    zone: String,
    zones: &'static [&'static str],
    languages: &'static [&'static str],
    kinds: &'static [EventKind],
    regions: Vec<RegionOption>,
}

async fn list(
    State(services): State<Services>,
    page: Page,
    headers: HeaderMap,
    Query(filters): Query<Filters>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let reader = ReaderZone::of(
        &headers,
        filters.zone(),
        page.user.as_ref(),
        services.config.secure_cookies,
    );
    let past_page = filters.page.unwrap_or(0).min(10_000);
    let programme = events::programme(&services, &filters.listing(), past_page, now).await?;
    let view = |event| EventView::new(page.locale, event, &reader.zone, now);
    let template = ListTemplate {
        upcoming: programme.upcoming.iter().map(view).collect(),
        past: programme.past.iter().map(view).collect(),
        more_past: (past_page + 1) * events::PAGE_SIZE < programme.past_total,
        past_page,
        zone: reader.zone.name().to_owned(),
        zones: zone::choices(),
        languages: LANGUAGES,
        kinds: EventKind::ALL,
        regions: region_options(),
        filters,
        page,
    };
    Ok(with_zone_cookie(reader.remember, template))
}

#[derive(Template, WebTemplate)]
#[template(path = "events/show.html")]
pub(super) struct ShowTemplate {
    pub page: Page,
    pub event: EventView,
    pub description: String,
    pub place: Option<String>,
    pub speakers: Vec<membernet_domain::events::Speaker>,
    pub countries: Vec<String>,
    pub recording_url: Option<String>,
    pub slides_url: Option<String>,
    /// The reader's registration, when a member is signed in.
    pub registration: Option<Registration>,
    /// Shown only to someone with a seat.
    pub join_url: Option<String>,
    pub guest: GuestForm,
    pub errors: FieldErrors,
    pub zone: String,
    pub zones: &'static [&'static str],
}

impl ShowTemplate {
    pub fn is_registered(&self) -> bool {
        self.registration
            .as_ref()
            .is_some_and(|row| row.status == RegistrationStatus::Registered)
    }

    pub fn is_waiting(&self) -> bool {
        self.registration
            .as_ref()
            .is_some_and(|row| row.status == RegistrationStatus::Waiting)
    }
}

#[derive(serde::Deserialize, Default)]
pub(super) struct ZoneQuery {
    #[serde(default)]
    tz: String,
}

/// An event's page; `slug.ics` is its calendar file.
async fn show(
    State(services): State<Services>,
    FormPage(page): FormPage,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<ZoneQuery>,
) -> Result<Response> {
    if let Some(slug) = slug.strip_suffix(".ics") {
        let event = events::public(&services, slug).await?;
        let file = Download::calendar(format!("{slug}.ics"), events::ics(&services, &event));
        return Ok(file.into_response());
    }
    let event = events::public(&services, &slug).await?;
    let chosen = membernet_domain::events::Zone::parse(&query.tz);
    let reader = ReaderZone::of(
        &headers,
        chosen,
        page.user.as_ref(),
        services.config.secure_cookies,
    );
    let template = show_template(&services, page, &event, &reader.zone).await?;
    Ok(with_zone_cookie(reader.remember, template))
}

/// The event's page for `page`'s reader, with an empty guest form.
pub(super) async fn show_template(
    services: &Services,
    page: Page,
    event: &membernet_domain::events::Event,
    reader: &membernet_domain::events::Zone,
) -> Result<ShowTemplate> {
    let now = OffsetDateTime::now_utc();
    let registration = match &page.user {
        Some(user) => events::registration_of(services, event, user).await?,
        None => None,
    };
    let has_seat = registration
        .as_ref()
        .is_some_and(|row| row.status == RegistrationStatus::Registered);
    let draft = &event.draft;
    Ok(ShowTemplate {
        event: EventView::new(page.locale, event, reader, now),
        description: membernet_domain::markdown::to_html(&draft.description),
        place: draft.place.clone(),
        speakers: draft.speakers.clone(),
        countries: draft
            .countries
            .iter()
            .map(|code| page.locale.country_name(code).to_owned())
            .chain(
                draft
                    .regions
                    .iter()
                    .filter(|slug| Area::from_slug(slug).is_some())
                    .map(|slug| page.locale.t(&format!("region.{slug}"))),
            )
            .collect(),
        recording_url: draft.recording_url.clone(),
        slides_url: draft.slides_url.clone(),
        join_url: if has_seat {
            draft.join_url.clone()
        } else {
            None
        },
        registration,
        guest: GuestForm {
            shown: shown::stamp(&services.signing, now),
            ..GuestForm::default()
        },
        errors: FieldErrors::default(),
        zone: reader.name().to_owned(),
        zones: zone::choices(),
        page,
    })
}

/// The programme as a calendar to subscribe to.
async fn feed(State(services): State<Services>) -> Result<Response> {
    let body = events::feed(&services).await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}
