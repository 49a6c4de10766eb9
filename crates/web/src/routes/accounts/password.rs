//! `/password/forgot` and `/password/reset` (see `services::accounts::password_reset`).
//! The same reset page sets the first password of an admin made from the command
//! line.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::MemberEmail;
use serde::Deserialize;

use crate::{
    error::Result,
    forms::{FieldErrors, messages},
    http::{
        client_ip::ClientIp,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::{FormPage, Page},
    services::{
        Services,
        accounts::password_reset::{self, Reset},
    },
    state::AppState,
};

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
#[template(path = "accounts/forgot.html")]
struct ForgotTemplate {
    page: Page,
    form: ForgotForm,
    errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/forgot_sent.html")]
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
    State(services): State<Services>,
    ClientIp(client): ClientIp,
    FormPage(page): FormPage,
    Form(form): Form<ForgotForm>,
) -> Result<Response> {
    let email = MemberEmail::parse(&form.email);
    password_reset::request_link(&services, client, email.clone().ok(), page.locale).await?;
    match email {
        Ok(email) => {
            let email = email.to_string();
            Ok(ForgotSentTemplate { page, email }.into_response())
        }
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("email", page.locale.t(messages::email(error)));
            let template = ForgotTemplate { page, form, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}

#[derive(Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/reset.html")]
struct ResetTemplate {
    page: Page,
    /// `None` when the link is unknown, used or expired.
    token: Option<String>,
    errors: FieldErrors,
    /// The person arrives from confirming their address.
    confirmed: bool,
}

fn invalid_link(page: Page) -> Response {
    let template = ResetTemplate {
        page,
        token: None,
        errors: FieldErrors::default(),
        confirmed: false,
    };
    (StatusCode::NOT_FOUND, template).into_response()
}

#[derive(Deserialize)]
struct TokenParam {
    #[serde(default)]
    token: String,
    /// "yes" when the person comes from confirming their address.
    #[serde(default)]
    confirmed: String,
}

async fn show_reset(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Query(TokenParam { token, confirmed }): Query<TokenParam>,
) -> Result<Response> {
    if password_reset::account_for_link(&services, &token)
        .await?
        .is_none()
    {
        return Ok(invalid_link(page));
    }
    let template = ResetTemplate {
        page,
        token: Some(token),
        errors: FieldErrors::default(),
        confirmed: confirmed == "yes",
    };
    Ok(template.into_response())
}

async fn submit_reset(
    State(services): State<Services>,
    FormPage(page): FormPage,
    session: AuthSession,
    Form(form): Form<ResetForm>,
) -> Result<Response> {
    match password_reset::reset(&services, &form.token, &form.password).await? {
        Reset::Done { member, account } => {
            session.sign_in(member).await?;
            session.set_flash("reset.done").await?;
            let target = if account.may_open_staff_area() {
                "/staff"
            } else {
                "/account"
            };
            Ok(Redirect::to(target).into_response())
        }
        Reset::DeadLink => Ok(invalid_link(page)),
        Reset::Refused(error) => {
            let key = if form.password.is_empty() {
                "field.new_password.missing"
            } else {
                messages::new_password(error)
            };
            let mut errors = FieldErrors::default();
            errors.add("password", page.locale.t(key));
            let token = Some(form.token);
            let template = ResetTemplate {
                page,
                token,
                errors,
                confirmed: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}
