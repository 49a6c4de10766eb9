//! Staff's scenarios on the planner page: saving the plan shown under a name, and
//! publishing (on the country's profile and in the API), withdrawing and deleting
//! one. Each lands back on the planner with a message.

use axum::{
    Router,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use membernet_domain::{
    CountryCode,
    planner::{RawPlanInputs, ScenarioName},
};
use serde::Deserialize;

use super::planner_path;
use crate::{
    error::{AppError, Result},
    http::{auth::RequireStaff, extract::Form, session::AuthSession},
    services::{
        Services,
        planner::{self, Change, Saved},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/countries/{code}/scenarios", post(save))
        .route(
            "/staff/countries/{code}/scenarios/{id}/publish",
            post(publish),
        )
        .route(
            "/staff/countries/{code}/scenarios/{id}/withdraw",
            post(withdraw),
        )
        .route(
            "/staff/countries/{code}/scenarios/{id}/delete",
            post(delete),
        )
}

fn country(code: &str) -> Result<CountryCode> {
    CountryCode::parse(code).map_err(|_| AppError::NotFound)
}

#[derive(Deserialize, Default)]
struct SaveForm {
    #[serde(default)]
    name: String,
    /// The planner's query string.
    #[serde(default)]
    inputs: String,
}

async fn save(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    session: AuthSession,
    Path(code): Path<String>,
    Form(form): Form<SaveForm>,
) -> Result<Response> {
    let code = country(&code)?;
    let inputs: RawPlanInputs =
        serde_urlencoded::from_str(&form.inputs).map_err(|_| AppError::BadRequest)?;
    let saved = match ScenarioName::parse(&form.name) {
        Ok(name) => planner::save_scenario(&services, code, &name, &inputs, staff.id).await?,
        Err(_) => Saved::Invalid,
    };
    // Saved, the link is the canonical one; refused, the planner as it was sent.
    let (flash, query) = match &saved {
        Saved::Saved { inputs } => ("planner.scenario.saved", inputs),
        Saved::Invalid => ("planner.scenario.invalid", &form.inputs),
    };
    session.set_flash(flash).await?;
    Ok(Redirect::to(&format!("{}?{query}", planner_path(code))).into_response())
}

async fn change(
    services: &Services,
    session: &AuthSession,
    code: &str,
    id: i64,
    change: Change,
) -> Result<Response> {
    let code = country(code)?;
    planner::change_scenario(services, code, id, change).await?;
    let flash = match change {
        Change::Publish => "planner.scenario.published",
        Change::Withdraw => "planner.scenario.withdrawn",
        Change::Delete => "planner.scenario.deleted",
    };
    session.set_flash(flash).await?;
    Ok(Redirect::to(&format!("{}#scenarios", planner_path(code))).into_response())
}

async fn publish(
    State(services): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&services, &session, &code, id, Change::Publish).await
}

async fn withdraw(
    State(services): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&services, &session, &code, id, Change::Withdraw).await
}

async fn delete(
    State(services): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&services, &session, &code, id, Change::Delete).await
}
