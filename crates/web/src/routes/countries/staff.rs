//! `/staff/countries/{code}/workforce`: staff enter a country's social service
//! workforce figure (workers, year, source), shown on its profile.

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
use serde::Deserialize;
use time::OffsetDateTime;

use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, extract::Form, session::AuthSession},
    locale::Locale,
    page::Page,
    services::{Services, countries},
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
#[template(path = "countries/workforce.html")]
struct WorkforceTemplate {
    page: Page,
    code: CountryCode,
    name: &'static str,
    form: WorkforceForm,
    errors: FieldErrors,
}

impl WorkforceForm {
    fn stored(figure: Option<WorkforceFigure>) -> Self {
        figure.map_or_else(Self::default, |figure| Self {
            workers: figure.workers.to_string(),
            year: figure.year.to_string(),
            source: figure.source,
        })
    }

    /// The figure the form holds, or what is wrong with each field.
    fn parse(&self, locale: Locale) -> Result<WorkforceFigure, FieldErrors> {
        let this_year = OffsetDateTime::now_utc().year();
        WorkforceFigure::parse(&self.workers, &self.year, &self.source, this_year).map_err(
            |problems| {
                let mut errors = FieldErrors::default();
                for problem in problems {
                    let (field, key) = match problem {
                        WorkforceError::Workers => ("workers", "field.workers.invalid"),
                        WorkforceError::Year => ("year", "field.year.invalid"),
                        WorkforceError::SourceMissing => ("source", "field.source.missing"),
                        WorkforceError::SourceTooLong => ("source", "field.source.too_long"),
                    };
                    errors.add(field, locale.t(key));
                }
                errors
            },
        )
    }
}

impl WorkforceTemplate {
    fn new(page: Page, code: CountryCode, form: WorkforceForm, errors: FieldErrors) -> Self {
        Self {
            name: code.country().name(page.lang()),
            page,
            code,
            form,
            errors,
        }
    }
}

fn country(code: &str) -> Result<CountryCode> {
    CountryCode::parse(code).map_err(|_| AppError::NotFound)
}

async fn show(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(code): Path<String>,
) -> Result<WorkforceTemplate> {
    let code = country(&code)?;
    let form = WorkforceForm::stored(countries::workforce(&services, code).await?);
    Ok(WorkforceTemplate::new(
        page,
        code,
        form,
        FieldErrors::default(),
    ))
}

async fn save(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(code): Path<String>,
    Form(form): Form<WorkforceForm>,
) -> Result<Response> {
    let code = country(&code)?;
    match form.parse(page.locale) {
        Ok(figure) => {
            countries::save_workforce(&services, code, &figure, staff.id).await?;
            session.set_flash("workforce.saved").await?;
            let profile = format!("/countries/{}", code.as_str().to_lowercase());
            Ok(Redirect::to(&profile).into_response())
        }
        Err(errors) => {
            let template = WorkforceTemplate::new(page, code, form, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}
