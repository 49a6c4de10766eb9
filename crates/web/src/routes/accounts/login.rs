//! `/login` and `/logout` (see `services::accounts::authentication`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::Account;
use serde::Deserialize;

use crate::{
    error::Result,
    forms::FieldErrors,
    http::{
        auth::safe_next,
        client_ip::ClientIp,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::{FormPage, Page},
    services::{
        Services,
        accounts::authentication::{self, SignedIn},
    },
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
#[template(path = "accounts/login.html")]
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
    let errors = FieldErrors::default();
    Ok(LoginTemplate { page, form, errors }.into_response())
}

async fn submit(
    State(services): State<Services>,
    ClientIp(client): ClientIp,
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
    let password = std::mem::take(&mut form.password);
    if !errors.is_empty() {
        let template = LoginTemplate { page, form, errors };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
    }
    match authentication::sign_in(&services, client, &form.email, password).await? {
        SignedIn::Welcome(account) => {
            session.sign_in(account.id).await?;
            Ok(Redirect::to(&landing(&account, &form.next)).into_response())
        }
        SignedIn::Refused => {
            errors.add("email", locale.t("login.error.failed"));
            let template = LoginTemplate { page, form, errors };
            Ok((StatusCode::UNAUTHORIZED, template).into_response())
        }
    }
}

/// Where to go after signing in: where they were going, else their account page
/// (staff: the staff area).
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
