//! Staff enter a country's social service workforce figure: workers, year, source.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::{
    CountryCode,
    workforce::{WorkforceError, WorkforceFigure},
};
use membernet_persistence::countries;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::extract::Form;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, session::AuthSession},
    page::Page,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/countries/{code}/workforce", get(show).post(save))
}

#[derive(Deserialize, Default)]
pub struct WorkforceForm {
    #[serde(default)]
    pub workers: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_workforce.html")]
struct WorkforceTemplate {
    page: Page,
    code: CountryCode,
    name: &'static str,
    form: WorkforceForm,
    errors: FieldErrors,
}

fn country(code: &str) -> Result<CountryCode> {
    CountryCode::parse(code).map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(code): Path<String>,
) -> Result<WorkforceTemplate> {
    let code = country(&code)?;
    let form = match countries::workforce(&state.db, code).await? {
        Some(figure) => WorkforceForm {
            workers: figure.workers.to_string(),
            year: figure.year.to_string(),
            source: figure.source,
        },
        None => WorkforceForm::default(),
    };
    let name = code.country().name(page.lang());
    Ok(WorkforceTemplate {
        page,
        code,
        name,
        form,
        errors: FieldErrors::default(),
    })
}

async fn save(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(code): Path<String>,
    Form(form): Form<WorkforceForm>,
) -> Result<Response> {
    let code = country(&code)?;
    let now = OffsetDateTime::now_utc();
    match WorkforceFigure::parse(&form.workers, &form.year, &form.source, now.year()) {
        Ok(figure) => {
            countries::set_workforce(&state.db, code, &figure, staff.id, now).await?;
            session.set_flash("workforce.saved").await?;
            Ok(
                Redirect::to(&format!("/countries/{}", code.as_str().to_lowercase()))
                    .into_response(),
            )
        }
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for problem in problems {
                let (field, key) = match problem {
                    WorkforceError::Workers => ("workers", "field.workers.invalid"),
                    WorkforceError::Year => ("year", "field.year.invalid"),
                    WorkforceError::SourceMissing => ("source", "field.source.missing"),
                    WorkforceError::SourceTooLong => ("source", "field.source.too_long"),
                };
                errors.add(field, page.locale.t(key));
            }
            let name = code.country().name(page.lang());
            let template = WorkforceTemplate {
                page,
                code,
                name,
                form,
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}
