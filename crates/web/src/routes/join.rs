//! Joining the network: a free account in one form.
//!
//! The answer never tells whether an address already has an account: a new address
//! gets a verification email, a known one gets "someone tried to join with your
//! address", and the person sees the same "check your email" page either way, after
//! the same work (the password is hashed in both cases). Bots meet a honeypot field
//! and a minimum fill time; addresses and IPs meet rate limits.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    CountryCode, FullName, MemberEmail, NewPassword, Role, organization::OrganizationType,
    profile::WorkforceCategory,
};
use membernet_persistence::members;
use serde::Deserialize;
use time::OffsetDateTime;
use validator::Validate;

use crate::http::extract::Form;
use crate::services::Services;
use crate::{
    error::Result,
    forms::{FieldErrors, messages},
    http::client_ip::ClientIp,
    http::session::AuthSession,
    locale::Locale,
    page::{FormPage, Page},
    services::account_emails,
    services::affiliation::{self, Affiliation},
    services::rate_limit,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/join", get(show).post(submit))
}

#[derive(Default, Deserialize, Validate)]
pub struct JoinForm {
    #[serde(default)]
    #[validate(length(min = 1, code = "field.full_name.missing"))]
    pub full_name: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.email.missing"))]
    #[validate(email(code = "field.email.invalid"))]
    pub email: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.new_password.missing"))]
    pub password: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.country.missing"))]
    pub country: String,
    #[validate(required(code = "field.privacy.missing"))]
    pub privacy: Option<String>,
    /// Optional: the member's role, their organisation, and the directory.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub organization_type: String,
    pub listed: Option<String>,
    /// The honeypot: hidden from people, irresistible to form-filling bots.
    #[serde(default)]
    pub website: String,
}

const FIELD_ORDER: [&str; 8] = [
    "full_name",
    "email",
    "password",
    "country",
    "category",
    "organization",
    "organization_type",
    "privacy",
];

#[derive(Template, WebTemplate)]
#[template(path = "join.html")]
struct JoinTemplate {
    page: Page,
    form: JoinForm,
    errors: FieldErrors,
    categories: &'static [WorkforceCategory],
    organization_types: &'static [OrganizationType],
}

impl JoinTemplate {
    fn new(page: Page, form: JoinForm, errors: FieldErrors) -> Self {
        Self {
            page,
            form,
            errors,
            categories: WorkforceCategory::ALL,
            organization_types: OrganizationType::ALL,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "join_sent.html")]
struct JoinSentTemplate {
    page: Page,
    email: String,
}

struct Signup {
    full_name: FullName,
    email: MemberEmail,
    password: NewPassword,
    country: CountryCode,
    category: Option<WorkforceCategory>,
    organization: Option<Affiliation>,
    listed: bool,
}

impl JoinForm {
    pub fn is_listed(&self) -> bool {
        self.listed.is_some()
    }

    /// The form's shape first (validator), then the domain's rules for each field.
    fn parse(&mut self, locale: Locale) -> std::result::Result<Signup, FieldErrors> {
        // People paste addresses with spaces around them; that is not an error.
        self.email = self.email.trim().to_owned();
        let mut errors = match self.validate() {
            Ok(()) => FieldErrors::default(),
            Err(shape) => FieldErrors::from_validation(&shape, locale, &FIELD_ORDER),
        };
        let full_name = FullName::parse(&self.full_name)
            .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
        let email = MemberEmail::parse(&self.email)
            .map_err(|error| errors.add("email", locale.t(messages::email(error))));
        let password = NewPassword::parse(&self.password, &[&self.full_name, &self.email])
            .map_err(|error| errors.add("password", locale.t(messages::new_password(error))));
        let country = CountryCode::parse(&self.country)
            .map_err(|error| errors.add("country", locale.t(messages::country(error))));
        let category = match self.category.as_str() {
            "" => None,
            code => WorkforceCategory::parse(code).or_else(|| {
                errors.add("category", locale.t("field.category.unknown"));
                None
            }),
        };
        let organization = affiliation::parse(
            &self.organization,
            &self.organization_type,
            locale,
            &mut errors,
        );
        match (full_name, email, password, country) {
            (Ok(full_name), Ok(email), Ok(password), Ok(country)) if errors.is_empty() => {
                Ok(Signup {
                    full_name,
                    email,
                    password,
                    country,
                    category,
                    organization,
                    listed: self.listed.is_some(),
                })
            }
            _ => {
                errors.order_by(&FIELD_ORDER);
                Err(errors)
            }
        }
    }
}

async fn show(FormPage(page): FormPage, session: AuthSession) -> Result<JoinTemplate> {
    session
        .mark_join_form_shown(OffsetDateTime::now_utc())
        .await?;
    Ok(JoinTemplate::new(
        page,
        JoinForm::default(),
        FieldErrors::default(),
    ))
}

async fn submit(
    State(state): State<Services>,
    ip: ClientIp,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(mut form): Form<JoinForm>,
) -> Result<Response> {
    let limits = state.config.rate_limits;
    rate_limit::enforce(&state, &format!("join:ip:{ip}"), limits.join_per_ip).await?;
    let locale = page.locale;

    if !form.website.is_empty() {
        tracing::info!("join: honeypot filled; nothing created");
        let email = form.email.trim().to_owned();
        return Ok(JoinSentTemplate { page, email }.into_response());
    }

    let now = OffsetDateTime::now_utc();
    let filled_too_fast = match session.join_form_shown_at().await? {
        Some(shown) => {
            (now.unix_timestamp() - shown) < state.config.join_min_fill_time.as_secs() as i64
        }
        None => !state.config.join_min_fill_time.is_zero(),
    };
    if filled_too_fast {
        tracing::info!("join: form sent back faster than a person fills it in");
        session.mark_join_form_shown(now).await?;
        let mut errors = FieldErrors::default();
        errors.add("full_name", locale.t("join.error.too_fast"));
        return Ok(rerender(page, form, errors));
    }

    let signup = match form.parse(locale) {
        Ok(signup) => signup,
        Err(errors) => return Ok(rerender(page, form, errors)),
    };

    let organization = match &signup.organization {
        None => None,
        Some(affiliation) => {
            match affiliation::resolve(&state, affiliation, signup.country, locale).await? {
                Ok(id) => Some(id),
                Err(errors) => return Ok(rerender(page, form, errors)),
            }
        }
    };

    // Hash before looking the address up, so both outcomes cost the same.
    let hash = state
        .passwords
        .hash(signup.password.expose().to_owned())
        .await?;
    let created = members::create(
        &state.db,
        members::NewAccount {
            email: &signup.email,
            full_name: &signup.full_name,
            country: Some(signup.country),
            password_hash: Some(&hash),
            role: Role::Member,
            locale: locale.code(),
            category: signup.category,
            organization,
            listed: signup.listed,
        },
        now,
    )
    .await?;

    let work = account_emails::after_signup(state.clone(), signup.email.clone(), created, locale);
    state.background.spawn("signup email", work);
    Ok(JoinSentTemplate {
        page,
        email: signup.email.to_string(),
    }
    .into_response())
}

fn rerender(page: Page, mut form: JoinForm, errors: FieldErrors) -> Response {
    form.password.clear();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        JoinTemplate::new(page, form, errors),
    )
        .into_response()
}
