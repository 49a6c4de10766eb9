//! `/account`: the member's own account page, their data as JSON, and erasure (see
//! `services::accounts::{profile, data, erasure}`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{
    Account,
    campaigns::Topic,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

use super::forms::{AccountForm, organization_type_needed};
use crate::{
    error::Result,
    forms::FieldErrors,
    http::{
        auth::RequireUser,
        download::Download,
        extract::{Form, Query},
        session::AuthSession,
    },
    locale::Locale,
    page::{FormPage, Page},
    services::{
        Services,
        accounts::{
            data,
            erasure::{self, Erased},
            profile::{self, Saved},
        },
        campaigns::consent,
        events,
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show).post(save))
        .route("/account/export", get(export))
        .route("/account/delete", post(delete))
        .route("/account/emails", post(save_topics))
        .route("/account/address/check", post(check_address))
        .route("/account/address", get(address_page).post(address_works))
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/account.html")]
struct AccountTemplate {
    page: Page,
    account: Account,
    form: AccountForm,
    errors: FieldErrors,
    delete_error: Option<String>,
    categories: &'static [WorkforceCategory],
    sectors: &'static [Sector],
    organization_types: &'static [OrganizationType],
    /// The member's registrations: (event slug, title, when in their zone, status).
    registrations: Vec<(String, String, String, &'static str)>,
    /// The email topics the member receives.
    topics: Vec<Topic>,
    /// What the member sent to the library.
    submissions: Vec<crate::routes::library::view::ItemView>,
    /// Campaigns skip the member's address: a server refused it for good.
    bounced: bool,
}

impl AccountTemplate {
    fn new(page: Page, account: Account, form: AccountForm) -> Self {
        Self {
            page,
            account,
            form,
            errors: FieldErrors::default(),
            delete_error: None,
            categories: WorkforceCategory::ALL,
            sectors: Sector::ALL,
            organization_types: OrganizationType::ALL,
            registrations: Vec::new(),
            topics: Vec::new(),
            submissions: Vec::new(),
            bounced: false,
        }
    }

    /// The languages emails can be in, with the one chosen (the page's when none is).
    fn language_choices(&self) -> Vec<(Locale, bool)> {
        let chosen = Locale::parse(&self.form.language).unwrap_or(self.page.locale);
        Locale::ALL
            .iter()
            .map(|locale| (*locale, *locale == chosen))
            .collect()
    }

    /// Every topic, ticked when the member receives it.
    fn topic_choices(&self) -> Vec<(Topic, bool)> {
        Topic::ALL
            .iter()
            .map(|topic| (*topic, self.topics.contains(topic)))
            .collect()
    }

    /// With the member's event registrations, times in their country's zone.
    async fn with_events(mut self, services: &Services) -> Result<Self> {
        self.topics = consent::topics(services, self.account.id).await?;
        self.bounced = consent::undeliverable_since(services, self.account.id)
            .await?
            .is_some();
        let zone = self
            .account
            .country
            .and_then(membernet_domain::events::Zone::guess_for)
            .unwrap_or_else(membernet_domain::events::Zone::utc);
        let locale = self.page.locale;
        self.submissions = crate::services::library::submissions(services, &self.account)
            .await?
            .into_iter()
            .map(|item| crate::routes::library::view::ItemView::new(item, locale))
            .collect();
        self.registrations = events::of_member(services, &self.account)
            .await?
            .into_iter()
            .map(|(event, registration)| {
                let when = locale.span_in(&zone, event.draft.starts_at, event.draft.ends_at);
                (
                    event.slug,
                    event.draft.title,
                    when,
                    registration.status.code(),
                )
            })
            .collect();
        Ok(self)
    }

    /// The page as stored.
    async fn stored(services: &Services, page: Page, account: Account) -> Result<Self> {
        let (profile, organization) = profile::load(services, &account).await?;
        let mut form = AccountForm::from_account(&account, &profile, organization.as_ref());
        form.language = profile::language(services, &account)
            .await?
            .code()
            .to_owned();
        Self::new(page, account, form).with_events(services).await
    }

    fn refused(self) -> Response {
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

async fn show(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
) -> Result<AccountTemplate> {
    AccountTemplate::stored(&services, page, account).await
}

async fn save(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let form = AccountForm::from_pairs(pairs);
    let locale = page.locale;
    let errors = match form.parse(locale) {
        Ok(changes) => match profile::save(&services, &account, changes).await? {
            Saved::Saved => {
                session.set_flash("account.saved").await?;
                return Ok(Redirect::to("/account").into_response());
            }
            Saved::OrganizationTypeNeeded => organization_type_needed(locale),
        },
        Err(errors) => errors,
    };
    let mut template = AccountTemplate::new(page, account, form)
        .with_events(&services)
        .await?;
    template.errors = errors;
    Ok(template.refused())
}

async fn export(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
) -> Result<Response> {
    let data = data::export(&services, &account).await?;
    let body = serde_json::to_string_pretty(&data).map_err(anyhow::Error::from)?;
    Ok(Download::json("membernet-my-data.json", body).into_response())
}

#[derive(serde::Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/account_deleted.html")]
struct DeletedTemplate {
    page: Page,
}

async fn delete(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
    Form(DeleteForm { password }): Form<DeleteForm>,
) -> Result<Response> {
    match erasure::erase_own_account(&services, &account, password).await? {
        Erased::Erased => {
            session.sign_out().await?;
            let page = Page::bare(page.locale, "/".into());
            Ok(DeletedTemplate { page }.into_response())
        }
        refused => {
            let key = match refused {
                Erased::LastAdmin => "account.delete.last_admin",
                _ => "account.delete.wrong_password",
            };
            let mut template = AccountTemplate::stored(&services, page, account).await?;
            template.delete_error = Some(template.page.locale.t(key));
            Ok(template.refused())
        }
    }
}

/// The email topics, from the account page's own small form.
async fn save_topics(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    session: AuthSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let wanted: Vec<Topic> = Topic::ALL
        .iter()
        .copied()
        .filter(|topic| {
            let name = format!("topic_{}", topic.code());
            pairs.iter().any(|(field, _)| *field == name)
        })
        .collect();
    consent::set_topics(&services, account.id, &wanted).await?;
    session.set_flash("campaigns.topics.saved").await?;
    Ok(Redirect::to("/account#emails").into_response())
}

/// A bounced address: a link to prove it takes mail again.
async fn check_address(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
) -> Result<Response> {
    if consent::check_address(&services, &account, page.locale).await? {
        session.set_flash("campaigns.address.sent").await?;
    }
    Ok(Redirect::to("/account#emails").into_response())
}

#[derive(serde::Deserialize, Default)]
struct AddressQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/address.html")]
struct AddressTemplate {
    page: Page,
    token: String,
    /// `None`: the button; `Some(true)`: done; `Some(false)`: the link is dead.
    outcome: Option<bool>,
}

/// The link in the email opens a button (mail scanners follow links).
async fn address_page(
    FormPage(page): FormPage,
    Query(query): Query<AddressQuery>,
) -> AddressTemplate {
    AddressTemplate {
        page,
        token: query.token,
        outcome: None,
    }
}

async fn address_works(
    State(services): State<Services>,
    page: Page,
    Form(form): Form<AddressQuery>,
) -> Result<Response> {
    let done = consent::address_works(&services, &form.token).await?;
    let status = if done {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((
        status,
        AddressTemplate {
            page,
            token: String::new(),
            outcome: Some(done),
        },
    )
        .into_response())
}
