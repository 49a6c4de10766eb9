//! Signing in and out.
//!
//! A wrong password and an unknown address get the same message after the same work
//! (an unknown address is checked against a dummy hash). Attempts are limited per IP
//! and per account; the account limit lives in the database so it holds across
//! instances.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{Account, MemberEmail};
use membernet_persistence::members;
use serde::Deserialize;

use crate::http::extract::{Form, Query};
use crate::services::Services;
use crate::{
    error::Result,
    forms::FieldErrors,
    http::client_ip::ClientIp,
    http::{auth::safe_next, session::AuthSession},
    page::{FormPage, Page},
    services::rate_limit,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(show).post(submit))
        .route("/logout", post(logout))
}

#[derive(Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginTemplate {
    page: Page,
    form: LoginForm,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct NextParam {
    next: Option<String>,
}

async fn show(
    FormPage(page): FormPage,
    Query(NextParam { next }): Query<NextParam>,
) -> Result<Response> {
    if page.user.is_some() {
        return Ok(Redirect::to(&safe_next(next.as_deref())).into_response());
    }
    let form = LoginForm {
        next: next.unwrap_or_default(),
        ..LoginForm::default()
    };
    Ok(LoginTemplate {
        page,
        form,
        errors: FieldErrors::default(),
    }
    .into_response())
}

async fn submit(
    State(state): State<Services>,
    ip: ClientIp,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(mut form): Form<LoginForm>,
) -> Result<Response> {
    let locale = page.locale;
    let mut errors = FieldErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", locale.t("field.email.missing"));
    }
    if form.password.is_empty() {
        errors.add("password", locale.t("field.password.missing"));
    }
    if !errors.is_empty() {
        form.password.clear();
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            LoginTemplate { page, form, errors },
        )
            .into_response());
    }

    let limits = state.config.rate_limits;
    rate_limit::enforce(&state, &format!("login:ip:{ip}"), limits.login_per_ip).await?;
    // Only failures count against an account, so its owner can still sign in while
    // someone else guesses, up to the limit.
    let account_key = format!("login:account:{}", form.email.trim().to_lowercase());
    rate_limit::enforce_without_counting(&state, &account_key, limits.login_per_account).await?;

    let found = match MemberEmail::parse(&form.email) {
        Ok(email) => members::find_with_password_hash(&state.db, &email).await?,
        Err(_) => None,
    };
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, None),
    };
    let password = std::mem::take(&mut form.password);
    let matches = state.passwords.verify(password, hash).await;
    match account {
        Some(account) if matches && account.may_sign_in() => {
            session.sign_in(account.id).await?;
            tracing::info!(member_id = account.id.0, "signed in");
            Ok(Redirect::to(&landing(&account, &form.next)).into_response())
        }
        _ => {
            rate_limit::within(&state, &account_key, limits.login_per_account).await?;
            errors.add("email", locale.t("login.error.failed"));
            Ok((
                StatusCode::UNAUTHORIZED,
                LoginTemplate { page, form, errors },
            )
                .into_response())
        }
    }
}

/// Where to go after signing in: where they were going, else their account page.
fn landing(account: &Account, next: &str) -> String {
    let next = (!next.is_empty()).then_some(next);
    match next {
        None if account.may_open_staff_area() => "/staff".to_owned(),
        _ => safe_next(next),
    }
}

async fn logout(session: AuthSession) -> Result<Redirect> {
    session.sign_out().await?;
    Ok(Redirect::to("/"))
}
