//! The member's own account: see and change name and country.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::{Account, CountryCode, FullName};
use membernet_persistence::members;
use serde::Deserialize;
use time::OffsetDateTime;
use validator::Validate;

use crate::{
    auth::{AuthSession, RequireUser},
    error::Result,
    forms::{FieldErrors, messages},
    page::Page,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/account", get(show).post(save))
}

#[derive(Debug, Default, Deserialize, Validate)]
pub struct ProfileForm {
    #[serde(default)]
    #[validate(length(min = 1, code = "field.full_name.missing"))]
    pub full_name: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.country.missing"))]
    pub country: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountTemplate {
    page: Page,
    account: Account,
    form: ProfileForm,
    errors: FieldErrors,
}

async fn show(RequireUser(account): RequireUser, page: Page) -> AccountTemplate {
    let form = ProfileForm {
        full_name: account.full_name.to_string(),
        country: account
            .country
            .map(|code| code.to_string())
            .unwrap_or_default(),
    };
    AccountTemplate {
        page,
        account,
        form,
        errors: FieldErrors::default(),
    }
}

async fn save(
    State(state): State<AppState>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
    Form(form): Form<ProfileForm>,
) -> Result<Response> {
    let locale = page.locale;
    let mut errors = match form.validate() {
        Ok(()) => FieldErrors::default(),
        Err(shape) => FieldErrors::from_validation(&shape, locale, &["full_name", "country"]),
    };
    let full_name = FullName::parse(&form.full_name)
        .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
    let country = CountryCode::parse(&form.country)
        .map_err(|error| errors.add("country", locale.t(messages::country(error))));
    let (Ok(full_name), Ok(country)) = (full_name, country) else {
        errors.order_by(&["full_name", "country"]);
        let template = AccountTemplate {
            page,
            account,
            form,
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
    };
    let now = OffsetDateTime::now_utc();
    members::update_profile(&state.db, account.id, &full_name, country, now).await?;
    members::set_locale(&state.db, account.id, locale.code()).await?;
    session.set_flash("account.saved").await?;
    Ok(Redirect::to("/account").into_response())
}
