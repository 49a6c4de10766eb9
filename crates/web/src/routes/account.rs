//! The member's own account: name, country, work and directory listing; their data
//! as JSON; and erasure.

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
    Account, CountryCode, FullName,
    organization::{Organization, OrganizationType},
    profile::{self, Profile, Sector, WorkforceCategory},
};
use membernet_persistence::{account_data, members};
use time::OffsetDateTime;

use crate::http::download::Download;
use crate::http::extract::Form;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::{FieldErrors, messages},
    http::{auth::RequireUser, session::AuthSession},
    locale::Locale,
    page::Page,
    services::affiliation::{self, Affiliation},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show).post(save))
        .route("/account/export", get(export))
        .route("/account/delete", post(delete))
}

/// The account form as typed. Sectors repeat, so the body is read as pairs.
#[derive(Default)]
pub struct AccountForm {
    pub full_name: String,
    pub country: String,
    pub job_title: String,
    pub category: String,
    pub sectors: Vec<String>,
    pub organization: String,
    pub organization_type: String,
    pub interests: String,
    pub bio: String,
    pub listed: bool,
}

const FIELD_ORDER: [&str; 9] = [
    "full_name",
    "country",
    "job_title",
    "category",
    "sectors",
    "organization",
    "organization_type",
    "interests",
    "bio",
];

impl AccountForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "full_name" => form.full_name = value,
                "country" => form.country = value,
                "job_title" => form.job_title = value,
                "category" => form.category = value,
                "sectors" => form.sectors.push(value),
                "organization" => form.organization = value,
                "organization_type" => form.organization_type = value,
                "interests" => form.interests = value,
                "bio" => form.bio = value,
                "listed" => form.listed = value == "yes",
                _ => {}
            }
        }
        form
    }

    fn from_account(
        account: &Account,
        profile: &Profile,
        organization: Option<&Organization>,
    ) -> Self {
        Self {
            full_name: account.full_name.to_string(),
            country: account
                .country
                .map(|code| code.to_string())
                .unwrap_or_default(),
            job_title: profile.job_title.clone().unwrap_or_default(),
            category: profile
                .category
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            sectors: profile
                .sectors
                .iter()
                .map(|s| s.code().to_owned())
                .collect(),
            organization: organization.map(|o| o.name.clone()).unwrap_or_default(),
            organization_type: organization
                .map(|o| o.kind.code().to_owned())
                .unwrap_or_default(),
            interests: profile.interests.clone().unwrap_or_default(),
            bio: profile.bio.clone().unwrap_or_default(),
            listed: profile.listed,
        }
    }

    pub fn is_listed(&self) -> bool {
        self.listed
    }

    pub fn has_sector(&self, code: &str) -> bool {
        self.sectors.iter().any(|sector| sector == code)
    }
}

struct Parsed {
    full_name: FullName,
    country: CountryCode,
    profile: Profile,
    organization: Option<Affiliation>,
}

fn parse(form: &AccountForm, locale: Locale) -> std::result::Result<Parsed, FieldErrors> {
    let mut errors = FieldErrors::default();
    let full_name = FullName::parse(&form.full_name)
        .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
    let country = CountryCode::parse(&form.country)
        .map_err(|error| errors.add("country", locale.t(messages::country(error))));
    let mut text = |field: &str, raw: &str, max: usize, multiline: bool| {
        profile::optional_text(raw, max, multiline).unwrap_or_else(|error| {
            let key = match error {
                profile::TextError::TooLong => "field.text.too_long",
                profile::TextError::ForbiddenCharacters => "field.text.invalid",
            };
            errors.add(field, locale.t_with(key, &[("max", &max.to_string())]));
            None
        })
    };
    let job_title = text(
        "job_title",
        &form.job_title,
        profile::JOB_TITLE_MAX_CHARS,
        false,
    );
    let interests = text(
        "interests",
        &form.interests,
        profile::INTERESTS_MAX_CHARS,
        true,
    );
    let bio = text("bio", &form.bio, profile::BIO_MAX_CHARS, true);
    let category = match form.category.as_str() {
        "" => None,
        code => WorkforceCategory::parse(code).or_else(|| {
            errors.add("category", locale.t("field.category.unknown"));
            None
        }),
    };
    let mut sectors = Vec::new();
    for code in &form.sectors {
        match Sector::parse(code) {
            Some(sector) if !sectors.contains(&sector) => sectors.push(sector),
            Some(_) => {}
            None => errors.add("sectors", locale.t("field.sectors.unknown")),
        }
    }
    sectors.sort();
    let organization = affiliation::parse(
        &form.organization,
        &form.organization_type,
        locale,
        &mut errors,
    );
    match (full_name, country) {
        (Ok(full_name), Ok(country)) if errors.is_empty() => Ok(Parsed {
            full_name,
            country,
            profile: Profile {
                job_title,
                category,
                sectors,
                interests,
                bio,
                listed: form.listed,
            },
            organization,
        }),
        _ => {
            errors.order_by(&FIELD_ORDER);
            Err(errors)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountTemplate {
    page: Page,
    account: Account,
    form: AccountForm,
    errors: FieldErrors,
    delete_error: Option<String>,
    categories: &'static [WorkforceCategory],
    sectors: &'static [Sector],
    organization_types: &'static [OrganizationType],
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
        }
    }
}

async fn show(
    State(state): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
) -> Result<AccountTemplate> {
    let (profile, organization) = members::profile(&state.db, account.id)
        .await?
        .unwrap_or_default();
    let form = AccountForm::from_account(&account, &profile, organization.as_ref());
    Ok(AccountTemplate::new(page, account, form))
}

async fn save(
    State(state): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let locale = page.locale;
    let form = AccountForm::from_pairs(pairs);
    let parsed = match parse(&form, locale) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let mut template = AccountTemplate::new(page, account, form);
            template.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    let now = OffsetDateTime::now_utc();
    let organization = match &parsed.organization {
        None => None,
        Some(affiliation) => {
            match affiliation::resolve(&state, affiliation, parsed.country, locale).await? {
                Ok(id) => Some(id),
                Err(errors) => {
                    let mut template = AccountTemplate::new(page, account, form);
                    template.errors = errors;
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
                }
            }
        }
    };
    let changes = members::AccountChanges {
        full_name: &parsed.full_name,
        country: parsed.country,
        profile: &parsed.profile,
        organization,
    };
    members::update_account(&state.db, account.id, changes, now).await?;
    members::set_locale(&state.db, account.id, locale.code()).await?;
    session.set_flash("account.saved").await?;
    Ok(Redirect::to("/account").into_response())
}

async fn export(
    State(state): State<Services>,
    RequireUser(account): RequireUser,
) -> Result<Response> {
    let data = account_data::export(&state.db, account.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = serde_json::to_string_pretty(&data).map_err(anyhow::Error::from)?;
    Ok(Download::json("membernet-my-data.json", body).into_response())
}

#[derive(serde::Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account_deleted.html")]
struct DeletedTemplate {
    page: Page,
}

async fn delete(
    State(state): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
    Form(DeleteForm { password }): Form<DeleteForm>,
) -> Result<Response> {
    let hash = members::password_hash(&state.db, account.id).await?;
    if !state.passwords.verify(password, hash).await {
        let (profile, organization) = members::profile(&state.db, account.id)
            .await?
            .unwrap_or_default();
        let form = AccountForm::from_account(&account, &profile, organization.as_ref());
        let mut template = AccountTemplate::new(page, account, form);
        template.delete_error = Some(template.page.locale.t("account.delete.wrong_password"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
    }
    account_data::erase(&state.db, account.id, OffsetDateTime::now_utc()).await?;
    tracing::info!("an account was erased at its owner's request");
    session.sign_out().await?;
    let page = Page::bare(page.locale, "/".into());
    Ok(DeletedTemplate { page }.into_response())
}
