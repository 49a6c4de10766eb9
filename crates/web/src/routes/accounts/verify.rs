//! `/verify-email`: the link shows a confirm button, the POST confirms (see
//! `services::accounts::verification`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use crate::{
    error::Result,
    http::{
        auth::RequireUser,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::{FormPage, Page},
    services::{
        Services,
        accounts::verification::{self, Resent},
    },
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
#[template(path = "accounts/verify.html")]
struct VerifyTemplate {
    page: Page,
    /// `None` when the link is unknown, used or expired.
    token: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/verified.html")]
struct VerifiedTemplate {
    page: Page,
}

async fn show(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Query(TokenParam { token }): Query<TokenParam>,
) -> Result<Response> {
    let live = verification::link_is_live(&services, &token).await?;
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
    State(services): State<Services>,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(TokenParam { token }): Form<TokenParam>,
) -> Result<Response> {
    if verification::confirm(&services, &token, session.id()).await? {
        Ok(VerifiedTemplate { page }.into_response())
    } else {
        Ok(verify_page(page, None))
    }
}

async fn resend(
    State(services): State<Services>,
    RequireUser(account): RequireUser,
    page: Page,
    session: AuthSession,
) -> Result<Redirect> {
    if verification::resend(&services, &account, page.locale).await? == Resent::Sent {
        session.set_flash("verify.resent").await?;
    }
    Ok(Redirect::to("/account"))
}
