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
        accounts::verification::{self, Confirmed, Resent},
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
    /// This browser is signed in to the link's account (else the person will choose
    /// a password once the address is confirmed).
    signed_in_here: bool,
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
    let Some(owner) = verification::link_owner(&services, &token).await? else {
        return Ok(dead_link(page));
    };
    let signed_in_here = page.user.as_ref().is_some_and(|user| user.id == owner);
    let token = Some(token);
    Ok(VerifyTemplate {
        page,
        token,
        signed_in_here,
    }
    .into_response())
}

fn dead_link(page: Page) -> Response {
    let template = VerifyTemplate {
        page,
        token: None,
        signed_in_here: false,
    };
    (StatusCode::NOT_FOUND, template).into_response()
}

async fn confirm(
    State(services): State<Services>,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(TokenParam { token }): Form<TokenParam>,
) -> Result<Response> {
    let browser = match (session.id(), session.member_id().await?) {
        (Some(id), Some(member)) => Some((id, member)),
        _ => None,
    };
    Ok(
        match verification::confirm(&services, &token, browser).await? {
            Some(Confirmed::Kept(_)) => VerifiedTemplate { page }.into_response(),
            Some(Confirmed::ChoosePassword { setup_token, .. }) => {
                let next = format!("/password/reset?token={setup_token}&confirmed=yes");
                Redirect::to(&next).into_response()
            }
            None => dead_link(page),
        },
    )
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
