//! `/staff/events`: staff create, edit, publish, cancel and duplicate events, see
//! who registered (searched, exported as CSV through the audit log), mark who
//! attended (by hand or from the attendee list a webinar tool exports), and see
//! registrations and attendance by country.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{
    CountryCode,
    events::{
        Event, EventKind, EventStatus, LANGUAGES, Registration, RegistrationId, SpeakerInput, zone,
    },
};
use membernet_persistence::staff_audit::Actor;
use serde::Deserialize;
use time::OffsetDateTime;

use super::forms::EventForm;
use crate::{
    error::Result,
    forms::FieldErrors,
    http::{
        auth::RequireStaff,
        download::Download,
        extract::{Form, Query},
        fetch_site,
        session::AuthSession,
    },
    page::Page,
    services::{Services, events},
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/events", get(list))
        .route("/staff/events/new", get(new).post(create))
        .route("/staff/events/{slug}", get(edit).post(save))
        .route("/staff/events/{slug}/registrations", get(registrations))
        .route("/staff/events/{slug}/attendance", post(attendance))
        .route("/staff/events/{slug}/{action}", post(act))
        .route(
            "/staff/events/{slug}/attendance/import",
            post(import_attendance),
        )
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/staff_list.html")]
struct ListTemplate {
    page: Page,
    q: String,
    events: Vec<(Event, String)>,
    page_number: u64,
    has_more: bool,
}

async fn list(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<ListTemplate> {
    let page_number = query.page.min(10_000);
    let search = Some(query.q.clone()).filter(|q| !q.trim().is_empty());
    let now = OffsetDateTime::now_utc();
    let (rows, total) = events::staff_list(&services, search, page_number, now).await?;
    let events = rows
        .into_iter()
        .map(|event| {
            let when = page.locale.span_in(
                &event.draft.zone,
                event.draft.starts_at,
                event.draft.ends_at,
            );
            (event, when)
        })
        .collect();
    Ok(ListTemplate {
        page,
        q: query.q,
        events,
        has_more: (page_number + 1) * events::PAGE_SIZE < total,
        page_number,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "events/edit.html")]
struct EditTemplate {
    page: Page,
    /// `None` for a new event.
    event: Option<Event>,
    form: EventForm,
    errors: FieldErrors,
    kinds: &'static [EventKind],
    languages: &'static [&'static str],
    zones: &'static [&'static str],
    regions: Vec<RegionOption>,
}

impl EditTemplate {
    fn new(page: Page, event: Option<Event>, form: EventForm) -> Self {
        Self {
            page,
            event,
            form,
            errors: FieldErrors::default(),
            kinds: EventKind::ALL,
            languages: LANGUAGES,
            zones: zone::choices(),
            regions: region_options(),
        }
    }

    fn action(&self) -> String {
        match &self.event {
            Some(event) => format!("/staff/events/{}", event.slug),
            None => "/staff/events/new".to_owned(),
        }
    }

    /// (name, value) of the date-and-time fields.
    fn time_fields(&self) -> Vec<(&'static str, String)> {
        let input = &self.form.0;
        vec![
            ("starts", input.starts.clone()),
            ("ends", input.ends.clone()),
            ("deadline", input.deadline.clone()),
        ]
    }

    /// (name, value, input type) of the one-line fields after the times.
    fn text_fields(&self) -> Vec<(&'static str, String, &'static str)> {
        let input = &self.form.0;
        vec![
            ("join_url", input.join_url.clone(), "url"),
            ("place", input.place.clone(), "text"),
            ("capacity", input.capacity.clone(), "number"),
            ("reference_zones", input.reference_zones.clone(), "text"),
            ("recording_url", input.recording_url.clone(), "url"),
            ("slides_url", input.slides_url.clone(), "url"),
        ]
    }

    fn speaker_rows(&self) -> Vec<SpeakerInput> {
        self.form.speaker_rows()
    }

    fn status_key(&self) -> String {
        match &self.event {
            Some(event) => format!("events.status.{}", event.status.code()),
            None => "events.status.new".to_owned(),
        }
    }

    fn may_publish(&self) -> bool {
        self.event
            .as_ref()
            .is_some_and(|event| event.status == EventStatus::Draft)
    }

    fn may_cancel(&self) -> bool {
        self.event
            .as_ref()
            .is_some_and(|event| event.status != EventStatus::Cancelled)
    }

    fn refused(mut self, errors: FieldErrors) -> Response {
        self.errors = errors;
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

async fn new(RequireStaff(_): RequireStaff, page: Page) -> EditTemplate {
    EditTemplate::new(page, None, EventForm::blank())
}

async fn create(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let form = EventForm::from_pairs(pairs);
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => return Ok(EditTemplate::new(page, None, form).refused(errors)),
    };
    let event = events::create(&services, &draft).await?;
    session.set_flash("events.flash.created").await?;
    Ok(Redirect::to(&format!("/staff/events/{}", event.slug)).into_response())
}

async fn edit(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(slug): Path<String>,
) -> Result<EditTemplate> {
    let event = events::for_staff(&services, &slug).await?;
    let form = EventForm(membernet_domain::events::EventInput::of(&event.draft));
    Ok(EditTemplate::new(page, Some(event), form))
}

async fn save(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let event = events::for_staff(&services, &slug).await?;
    let form = EventForm::from_pairs(pairs);
    let draft = match form.parse(page.locale) {
        Ok(draft) => draft,
        Err(errors) => return Ok(EditTemplate::new(page, Some(event), form).refused(errors)),
    };
    events::update(&services, &event, &draft).await?;
    session.set_flash("events.flash.saved").await?;
    Ok(Redirect::to(&format!("/staff/events/{}", event.slug)).into_response())
}

/// The event page's buttons: publish, cancel (everyone registered is told),
/// duplicate (a draft a week later, which opens next).
async fn act(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    session: AuthSession,
    Path((slug, action)): Path<(String, String)>,
) -> Result<Response> {
    let event = events::for_staff(&services, &slug).await?;
    let (flash, slug) = match action.as_str() {
        "publish" => {
            events::publish(&services, &event).await?;
            ("events.flash.published", event.slug)
        }
        "cancel" => {
            events::cancel_event(&services, &event).await?;
            ("events.flash.cancelled_event", event.slug)
        }
        "duplicate" => {
            let copy = events::duplicate(&services, &event).await?;
            ("events.flash.duplicated", copy.slug)
        }
        _ => return Err(crate::error::AppError::NotFound),
    };
    session.set_flash(flash).await?;
    Ok(Redirect::to(&format!("/staff/events/{slug}")).into_response())
}

#[derive(Deserialize, Default)]
struct RegistrationsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    format: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/registrations.html")]
struct RegistrationsTemplate {
    page: Page,
    event: Event,
    q: String,
    registrations: Vec<Registration>,
    /// (country name, registered, attended)
    by_country: Vec<(String, u64, u64)>,
    /// (region name, registered, attended)
    by_region: Vec<(String, u64, u64)>,
    attended: u64,
}

async fn registrations(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<RegistrationsQuery>,
) -> Result<Response> {
    let event = events::for_staff(&services, &slug).await?;
    if query.format == "csv" {
        fetch_site::refuse_cross_site(&headers)?;
        let csv = events::export_registrants(&services, Actor::Staff(staff.id), &event).await?;
        tracing::info!(staff = staff.id.0, "event registrants exported");
        return Ok(Download::csv(
            format!("membernet-event-{}-registrations.csv", event.slug),
            csv,
        )
        .into_response());
    }
    let search = Some(query.q.as_str()).filter(|q| !q.trim().is_empty());
    let registrations = events::registrants(&services, &event, search).await?;
    let counts = events::by_country(&services, &event).await?;
    let (by_country, by_region, attended) = tables(page.locale, &counts);
    Ok(RegistrationsTemplate {
        page,
        event,
        q: query.q,
        registrations,
        by_country,
        by_region,
        attended,
    }
    .into_response())
}

/// Rows by country as a table shows them, rows by region, and everyone who
/// attended.
#[allow(clippy::type_complexity)]
fn tables(
    locale: crate::locale::Locale,
    counts: &[(Option<CountryCode>, u64, u64)],
) -> (Vec<(String, u64, u64)>, Vec<(String, u64, u64)>, u64) {
    let by_country = counts
        .iter()
        .map(|(country, registered, attended)| {
            let name = match country {
                Some(code) => locale.country_name(code).to_owned(),
                None => locale.t("events.no_country"),
            };
            (name, *registered, *attended)
        })
        .collect();
    let attended = counts.iter().map(|(_, _, attended)| attended).sum();
    (by_country, regions_of(locale, counts), attended)
}

/// Registrations and attendance summed by UN M49 region.
fn regions_of(
    locale: crate::locale::Locale,
    counts: &[(Option<CountryCode>, u64, u64)],
) -> Vec<(String, u64, u64)> {
    use membernet_domain::statistics::Area;
    let mut regions: Vec<(String, u64, u64)> = Vec::new();
    for (country, registered, attended) in counts {
        let Some(country) = country else { continue };
        let Some(Area::Region(slug)) = Area::containing(*country)
            .into_iter()
            .find(|area| matches!(area, Area::Region(_)))
        else {
            continue;
        };
        let name = locale.t(&format!("region.{slug}"));
        match regions.iter_mut().find(|(known, _, _)| *known == name) {
            Some(entry) => {
                entry.1 += registered;
                entry.2 += attended;
            }
            None => regions.push((name, *registered, *attended)),
        }
    }
    regions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    regions
}

async fn attendance(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let event = events::for_staff(&services, &slug).await?;
    let attended: Vec<RegistrationId> = pairs
        .iter()
        .filter(|(name, _)| name == "attended")
        .filter_map(|(_, value)| value.parse().ok().map(RegistrationId))
        .collect();
    events::set_attendance(&services, &event, &attended).await?;
    session.set_flash("events.flash.attendance_saved").await?;
    Ok(Redirect::to(&format!("/staff/events/{}/registrations", event.slug)).into_response())
}

#[derive(Deserialize, Default)]
struct ImportForm {
    #[serde(default)]
    attendees: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/imported.html")]
struct ImportedTemplate {
    page: Page,
    event: Event,
    addresses: u64,
    matched: u64,
}

async fn import_attendance(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(slug): Path<String>,
    Form(form): Form<ImportForm>,
) -> Result<ImportedTemplate> {
    let event = events::for_staff(&services, &slug).await?;
    let matched = events::import_attendance(&services, &event, &form.attendees).await?;
    Ok(ImportedTemplate {
        page,
        event,
        addresses: matched.addresses,
        matched: matched.matched,
    })
}
