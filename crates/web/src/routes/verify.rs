//! Verifying an email address. The link opens a page with a confirm button; only the
//! POST verifies, because mail scanners and link checkers follow links with GET.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::token::TokenPurpose;
use membernet_persistence::{credentials, tokens};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::extract::{Form, Query};
use crate::services::Services;
use crate::{
    error::Result,
    http::{auth::RequireUser, session::AuthSession},
    mail::Transactional,
    page::{FormPage, Page},
    services::rate_limit,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verify-email", get(show).post(confirm))
        .route("/verify-email/resend", post(resend))
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
struct VerifyTemplate {
    page: Page,
    /// `None` when the link is unknown, used or expired.
    token: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "verified.html")]
struct VerifiedTemplate {
    page: Page,
}

async fn show(
    State(state): State<Services>,
    FormPage(page): FormPage,
    Query(TokenParam { token }): Query<TokenParam>,
) -> Result<Response> {
    let live = tokens::peek(
        &state.db,
        &token,
        &[TokenPurpose::VerifyEmail],
        OffsetDateTime::now_utc(),
    )
    .await?
    .is_some();
    Ok(verify_page(page, live.then_some(token)))
}

fn verify_page(page: Page, token: Option<String>) -> Response {
    let status = if token.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    (status, VerifyTemplate { page, token }).into_response()
}

async fn confirm(
    State(state): State<Services>,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(TokenParam { token }): Form<TokenParam>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let keep = session.id();
    match credentials::confirm_email(&state.db, &token, keep, now).await? {
        Some(_) => Ok(VerifiedTemplate { page }.into_response()),
        None => Ok(verify_page(page, None)),
    }
}

async fn resend(
    State(state): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
) -> Result<Redirect> {
    if account.is_verified() {
        return Ok(Redirect::to("/account"));
    }
    let key = format!("email:{}", account.email);
    rate_limit::enforce(&state, &key, state.config.rate_limits.email_per_address).await?;
    let now = OffsetDateTime::now_utc();
    let token = tokens::issue(&state.db, account.id, TokenPurpose::VerifyEmail, now).await?;
    let kind = Transactional::VerifyEmail { token: &token };
    state.mailer.send(&account.email, page.locale, kind).await?;
    session.set_flash("verify.resent").await?;
    Ok(Redirect::to("/account"))
}
