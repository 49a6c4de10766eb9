//! Registering: a member with one button, a visitor with name, address and
//! country (confirmed by email); confirming a guest's address; cancelling from the
//! account or from the signed link in an email, without signing in.

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
    events::Event,
    join_source::{JoinSource, SourceSlug},
};
use serde::Deserialize;
use time::OffsetDateTime;

use super::{forms::GuestForm, public::show_template, view::ReaderZone};
use crate::{
    error::{AppError, Result},
    forms::shown,
    http::{
        client_ip::ClientIp,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::{FormPage, Page},
    services::{
        Services,
        events::{self, GuestRequest, Outcome},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{slug}/register", post(register))
        .route("/events/{slug}/cancel", post(cancel_own))
        .route("/events/confirm", get(confirm))
        .route("/events/cancel", get(cancel_page).post(cancel_by_link))
}

#[derive(Template, WebTemplate)]
#[template(path = "events/outcome.html")]
struct OutcomeTemplate {
    page: Page,
    title: String,
    slug: String,
    /// `events.outcome.*`
    outcome: &'static str,
    email: String,
}

impl OutcomeTemplate {
    fn title_key(&self) -> String {
        format!("events.outcome.{}.title", self.outcome)
    }

    fn body_key(&self) -> String {
        format!("events.outcome.{}.body", self.outcome)
    }

    /// The join form, tagged as coming from this event.
    fn join_link(&self) -> String {
        SourceSlug::parse(&self.slug)
            .map_or(JoinSource::Direct, JoinSource::Event)
            .join_link()
    }
}

fn outcome_key(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Registered => "registered",
        Outcome::Waiting => "waiting",
        Outcome::AlreadyRegistered => "already",
        Outcome::Closed => "closed",
        Outcome::CheckEmail => "check_email",
        Outcome::TooFast => "too_fast",
    }
}

fn outcome_page(page: Page, event: &Event, outcome: Outcome, email: String) -> Response {
    let status = match outcome {
        Outcome::Closed => StatusCode::CONFLICT,
        _ => StatusCode::OK,
    };
    let template = OutcomeTemplate {
        page,
        title: event.draft.title.clone(),
        slug: event.slug.clone(),
        outcome: outcome_key(outcome),
        email,
    };
    (status, template).into_response()
}

/// A member's one button, or a visitor's form.
async fn register(
    State(services): State<Services>,
    ClientIp(client): ClientIp,
    FormPage(page): FormPage,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<GuestForm>,
) -> Result<Response> {
    let event = events::public(&services, &slug).await?;
    let locale = page.locale;
    if let Some(user) = page.user.clone() {
        let locale = events::member_locale(&services, &user, locale).await?;
        let outcome = events::register_member(&services, &event, &user, locale).await?;
        return Ok(outcome_page(page, &event, outcome, user.email.to_string()));
    }
    guest(&services, client, page, &headers, &event, form).await
}

/// A visitor's registration: the outcome's page, or the form again with its
/// messages and everything typed.
async fn guest(
    services: &Services,
    client: membernet_domain::rate_limit::ClientAddress,
    page: Page,
    headers: &HeaderMap,
    event: &Event,
    mut form: GuestForm,
) -> Result<Response> {
    let locale = page.locale;
    let parsed = form.parse(locale);
    let request = GuestRequest {
        client,
        guest: parsed.as_ref().ok().cloned(),
        honeypot: !form.website.is_empty(),
        form_shown_at: shown::at(&services.signing, &form.shown),
        locale,
    };
    let errors = match (
        events::register_guest(services, event, request).await?,
        parsed,
    ) {
        (Some(Outcome::TooFast), _) => {
            let mut errors = crate::forms::FieldErrors::default();
            errors.add("full_name", locale.t("join.error.too_fast"));
            errors
        }
        (Some(outcome), parsed) => {
            let email = parsed.map_or_else(|_| form.email.clone(), |guest| guest.email.to_string());
            return Ok(outcome_page(page, event, outcome, email));
        }
        (None, parsed) => parsed.err().unwrap_or_default(),
    };
    let reader = ReaderZone::of(headers, None, None, services.config.secure_cookies);
    let mut template = show_template(services, page, event, &reader.zone).await?;
    form.shown = shown::stamp(&services.signing, OffsetDateTime::now_utc());
    template.guest = form;
    template.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
}

#[derive(Deserialize)]
struct Signed {
    #[serde(default)]
    r: String,
}

/// A guest confirms their address from the link in their email.
async fn confirm(
    State(services): State<Services>,
    page: Page,
    Query(Signed { r }): Query<Signed>,
) -> Result<Response> {
    let Some((event, outcome)) = events::confirm_guest(&services, &r).await? else {
        return Err(AppError::NotFound);
    };
    Ok(outcome_page(page, &event, outcome, String::new()))
}

#[derive(Template, WebTemplate)]
#[template(path = "events/cancel.html")]
struct CancelTemplate {
    page: Page,
    event: Event,
    signed: String,
    done: bool,
}

/// The link in an email opens a page with a button: a GET never cancels (mail
/// scanners follow links).
async fn cancel_page(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Query(Signed { r }): Query<Signed>,
) -> Result<Response> {
    let Some((event, registration)) = events::by_cancel_link(&services, &r).await? else {
        return Err(AppError::NotFound);
    };
    let done = !registration.status.is_active();
    Ok(CancelTemplate {
        page,
        event,
        signed: r,
        done,
    }
    .into_response())
}

#[derive(Deserialize)]
struct CancelForm {
    #[serde(default)]
    r: String,
}

async fn cancel_by_link(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Form(CancelForm { r }): Form<CancelForm>,
) -> Result<Response> {
    let Some((event, registration)) = events::by_cancel_link(&services, &r).await? else {
        return Err(AppError::NotFound);
    };
    events::cancel_registration(&services, &registration).await?;
    Ok(CancelTemplate {
        page,
        event,
        signed: r,
        done: true,
    }
    .into_response())
}

/// A member cancels from the event's page or their account.
async fn cancel_own(
    State(services): State<Services>,
    crate::http::auth::RequireUser(user): crate::http::auth::RequireUser,
    session: AuthSession,
    Path(slug): Path<String>,
) -> Result<Response> {
    let event = events::public(&services, &slug).await?;
    if events::cancel_for_member(&services, &event, &user).await? {
        session.set_flash("events.flash.cancelled").await?;
    }
    Ok(Redirect::to(&format!("/events/{}", event.slug)).into_response())
}
