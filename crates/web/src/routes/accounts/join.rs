//! `/join`: a free account in one form (see `services::accounts::signup`). A link
//! may say where the joiner came from (`/join?from=week:2022`, see
//! `membernet_domain::join_source`): the form carries it in a hidden field, through
//! a failed submit too, to the account.

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
    campaigns::Topic, join_source::JoinSource, organization::OrganizationType,
    profile::WorkforceCategory,
};
use time::OffsetDateTime;

use super::forms::{JoinForm, organization_type_needed};
use crate::{
    error::Result,
    forms::{FieldErrors, shown},
    http::{
        client_ip::ClientIp,
        extract::{Form, Query},
    },
    page::{FormPage, Page},
    services::{
        Services,
        accounts::signup::{self, JoinRequest, Joined},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/join", get(show).post(submit))
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/join.html")]
struct JoinTemplate {
    page: Page,
    form: JoinForm,
    errors: FieldErrors,
    categories: &'static [WorkforceCategory],
    organization_types: &'static [OrganizationType],
}

impl JoinTemplate {
    /// Every topic, ticked as the form came back (none at first).
    fn topic_choices(&self) -> Vec<(Topic, bool)> {
        let ticked = self.form.topics();
        Topic::ALL
            .iter()
            .map(|topic| (*topic, ticked.contains(topic)))
            .collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/join_sent.html")]
struct JoinSentTemplate {
    page: Page,
    email: String,
}

/// The form, tagged with the `from` of the link that led here. The query is read
/// as pairs, so nothing in it (a repeated or unknown parameter) refuses the page:
/// a source that does not read is a direct join.
async fn show(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let from = query
        .into_iter()
        .find(|(name, _)| name == "from")
        .map(|(_, value)| value)
        .unwrap_or_default();
    let form = JoinForm {
        shown: shown::stamp(&services.signing, OffsetDateTime::now_utc()),
        from,
        ..JoinForm::default()
    };
    Ok(rerender(page, form, FieldErrors::default(), StatusCode::OK))
}

async fn submit(
    State(services): State<Services>,
    ClientIp(client): ClientIp,
    FormPage(page): FormPage,
    Form(mut form): Form<JoinForm>,
) -> Result<Response> {
    let locale = page.locale;
    let parsed = form.parse(locale);
    let now = OffsetDateTime::now_utc();
    let request = JoinRequest {
        client,
        honeypot: !form.website.is_empty(),
        form_shown_at: shown::at(&services.signing, &form.shown),
        now,
        signup: parsed.as_ref().ok().cloned(),
        locale,
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(match signup::join(&services, request).await? {
        Joined::Sent => {
            let email = match &parsed {
                Ok(signup) => signup.email.to_string(),
                Err(_) => form.email.trim().to_owned(),
            };
            JoinSentTemplate { page, email }.into_response()
        }
        Joined::TooFast => {
            // The time to fill it in starts again.
            form.shown = shown::stamp(&services.signing, now);
            let mut errors = FieldErrors::default();
            errors.add("full_name", locale.t("join.error.too_fast"));
            rerender(page, form, errors, invalid)
        }
        Joined::Invalid => rerender(page, form, parsed.err().unwrap_or_default(), invalid),
        Joined::OrganizationTypeNeeded => {
            rerender(page, form, organization_type_needed(locale), invalid)
        }
    })
}

/// The form again, as typed (but the password), with its errors; the source as
/// it reads (none for a direct join).
fn rerender(page: Page, mut form: JoinForm, errors: FieldErrors, status: StatusCode) -> Response {
    form.password.clear();
    form.from = match form.source() {
        JoinSource::Direct => String::new(),
        source => source.as_param(),
    };
    let template = JoinTemplate {
        page,
        form,
        errors,
        categories: WorkforceCategory::ALL,
        organization_types: OrganizationType::ALL,
    };
    (status, template).into_response()
}
