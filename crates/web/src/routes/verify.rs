//! Verifying an email address. The link opens a page with a confirm button; only the
//! POST verifies, because mail scanners and link checkers follow links with GET.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::token::TokenPurpose;
use membernet_persistence::{members, tokens};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::{
    auth::{AuthSession, RequireUser},
    error::Result,
    mailer::EmailKind,
    page::Page,
    rate_limit,
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
    State(state): State<AppState>,
    page: Page,
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
    State(state): State<AppState>,
    page: Page,
    Form(TokenParam { token }): Form<TokenParam>,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let Some((member, _)) =
        tokens::consume(&state.db, &token, &[TokenPurpose::VerifyEmail], now).await?
    else {
        return Ok(verify_page(page, None));
    };
    members::verify_email(&state.db, member, now).await?;
    Ok(VerifiedTemplate { page }.into_response())
}

async fn resend(
    State(state): State<AppState>,
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
    let name = account.full_name.as_str();
    state
        .mailer
        .send(
            &account.email,
            page.locale,
            EmailKind::VerifyEmail {
                name,
                token: &token,
            },
        )
        .await?;
    session.set_flash("verify.resent").await?;
    Ok(Redirect::to("/account"))
}
