//! Forgotten passwords: ask for a link, then choose a new password.
//!
//! The "check your email" answer is the same whether or not the address has an
//! account. A reset link works once, for an hour; using it ends every other session
//! of the account and proves the address, so it also verifies it. The same page sets
//! a first password from the link `membernet admin create` prints.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::{Account, MemberEmail, NewPassword, token::TokenPurpose};
use membernet_persistence::{credentials, members, tokens};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::extract::{Form, Query};
use crate::services::Services;
use crate::{
    error::Result,
    forms::{FieldErrors, messages},
    http::client_ip::ClientIp,
    http::session::AuthSession,
    page::{FormPage, Page},
    services::account_emails,
    services::rate_limit,
    state::AppState,
};

const RESET_PURPOSES: [TokenPurpose; 2] = [TokenPurpose::PasswordReset, TokenPurpose::AccountSetup];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/password/forgot", get(show_forgot).post(submit_forgot))
        .route("/password/reset", get(show_reset).post(submit_reset))
}

#[derive(Debug, Default, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    pub email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "forgot.html")]
struct ForgotTemplate {
    page: Page,
    form: ForgotForm,
    errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "forgot_sent.html")]
struct ForgotSentTemplate {
    page: Page,
    email: String,
}

async fn show_forgot(FormPage(page): FormPage) -> ForgotTemplate {
    ForgotTemplate {
        page,
        form: ForgotForm::default(),
        errors: FieldErrors::default(),
    }
}

async fn submit_forgot(
    State(state): State<Services>,
    ip: ClientIp,
    FormPage(page): FormPage,
    Form(form): Form<ForgotForm>,
) -> Result<Response> {
    let limits = state.config.rate_limits;
    rate_limit::enforce(&state, &format!("reset:ip:{ip}"), limits.reset_per_ip).await?;
    let email = match MemberEmail::parse(&form.email) {
        Ok(email) => email,
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("email", page.locale.t(messages::email(error)));
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                ForgotTemplate { page, form, errors },
            )
                .into_response());
        }
    };
    let work = account_emails::reset_link(state.clone(), email.clone(), page.locale);
    state.background.spawn("password reset email", work);
    Ok(ForgotSentTemplate {
        page,
        email: email.to_string(),
    }
    .into_response())
}

#[derive(Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "reset.html")]
struct ResetTemplate {
    page: Page,
    /// `None` when the link is unknown, used or expired.
    token: Option<String>,
    errors: FieldErrors,
}

fn invalid_link(page: Page) -> Response {
    let template = ResetTemplate {
        page,
        token: None,
        errors: FieldErrors::default(),
    };
    (StatusCode::NOT_FOUND, template).into_response()
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
}

/// The active account a live reset or setup link belongs to.
async fn account_for_link(state: &Services, token: &str) -> Result<Option<Account>> {
    let now = OffsetDateTime::now_utc();
    let Some((member, _)) = tokens::peek(&state.db, token, &RESET_PURPOSES, now).await? else {
        return Ok(None);
    };
    Ok(members::find(&state.db, member)
        .await?
        .filter(Account::is_active))
}

async fn show_reset(
    State(state): State<Services>,
    FormPage(page): FormPage,
    Query(TokenParam { token }): Query<TokenParam>,
) -> Result<Response> {
    if account_for_link(&state, &token).await?.is_none() {
        return Ok(invalid_link(page));
    }
    Ok(ResetTemplate {
        page,
        token: Some(token),
        errors: FieldErrors::default(),
    }
    .into_response())
}

async fn submit_reset(
    State(state): State<Services>,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(form): Form<ResetForm>,
) -> Result<Response> {
    let Some(account) = account_for_link(&state, &form.token).await? else {
        return Ok(invalid_link(page));
    };
    let personal = [account.full_name.as_str(), account.email.as_str()];
    let password = match NewPassword::parse(&form.password, &personal) {
        Ok(password) => password,
        Err(error) => {
            let mut errors = FieldErrors::default();
            let message = if form.password.is_empty() {
                page.locale.t("field.new_password.missing")
            } else {
                page.locale.t(messages::new_password(error))
            };
            errors.add("password", message);
            let template = ResetTemplate {
                page,
                token: Some(form.token),
                errors,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    let hash = state.passwords.hash(password.expose().to_owned()).await?;
    let now = OffsetDateTime::now_utc();
    let Some(member) = credentials::reset_password(&state.db, &form.token, &hash, now).await?
    else {
        return Ok(invalid_link(page));
    };
    tracing::info!(
        member_id = member.0,
        "password set; every other session ended"
    );
    session.sign_in(member).await?;
    session.set_flash("reset.done").await?;
    let target = if account.may_open_staff_area() {
        "/staff"
    } else {
        "/account"
    };
    Ok(Redirect::to(target).into_response())
}
