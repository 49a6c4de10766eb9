//! `/api/v1/countries/{code}/scenarios`: a country's published workforce plans, each
//! with its inputs and its plan, worked out by `membernet_domain::planner` as the
//! planner page does.

use axum::extract::{Path, State};
use membernet_domain::{
    CountryCode,
    planner::{RawPlanInputs, plan},
};
use membernet_persistence::scenarios::Scenario as StoredScenario;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::services::{Services, countries};

/// A country's published planner scenarios.
#[derive(Serialize, ToSchema)]
pub(super) struct ScenarioList {
    /// ISO 3166-1 alpha-2 code, upper case.
    country: &'static str,
    scenarios: Vec<Scenario>,
}

/// A published scenario of the workforce planner: its inputs and its plan. Sums of
/// money are decimal strings with two decimals, like `"125000.00"`, in `currency`.
#[derive(Serialize, ToSchema)]
pub(super) struct Scenario {
    name: String,
    /// The planner page with the scenario's inputs.
    url: String,
    /// RFC 3339.
    updated_at: String,
    /// ISO 4217 code, like `KES`.
    currency: String,
    /// The year the sums of money are in.
    price_year: i32,
    years: u32,
    current_workers: u64,
    /// The target: workers per 100,000 people.
    target_per_100k: f64,
    /// Workers needed in the final year.
    workers_required: u64,
    /// Workers needed beyond today's, 0 when already there.
    gap: u64,
    total_cost: String,
    /// The lasting yearly cost once the target is met.
    incremental_recurring_cost: String,
    rows: Vec<ScenarioYear>,
}

/// One year of a scenario's plan; counts are at the end of the year.
#[derive(Serialize, ToSchema)]
pub(super) struct ScenarioYear {
    /// 1 for the first year of the plan.
    year: u32,
    workers: u64,
    hires: u64,
    one_off_cost: String,
    recurring_cost: String,
    total_cost: String,
}

/// The published planner scenarios of a country, with their inputs and results.
#[utoipa::path(
    get,
    path = "/api/v1/countries/{code}/scenarios",
    operation_id = "country_scenarios",
    tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, any case", example = "ke")),
    responses(
        (status = 200, description = "The published scenarios, possibly none", body = ScenarioList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 404, description = "No country has that code", body = ApiError),
        (status = 500, description = "The scenarios could not be read", body = ApiError),
    )
)]
pub(super) async fn published(
    State(services): State<Services>,
    request: IfNoneMatch,
    Path(code): Path<String>,
) -> Result<PublicJson, ApiError> {
    let code = CountryCode::parse(&code).map_err(|_| ApiError::unknown_country())?;
    let published = countries::published_scenarios(&services, code).await?;
    let year = OffsetDateTime::now_utc().year();
    request.answer(&ScenarioList {
        country: code.country().alpha2,
        scenarios: published
            .iter()
            .filter_map(|scenario| Scenario::new(code, scenario, year))
            .collect(),
    })
}

impl Scenario {
    /// A stored scenario with its plan, worked out again from its inputs; `None`
    /// (the scenario is left out) when its inputs do not read.
    fn new(code: CountryCode, scenario: &StoredScenario, year: i32) -> Option<Self> {
        let raw: RawPlanInputs = serde_urlencoded::from_str(&scenario.inputs).ok()?;
        let inputs = raw.parse(year).ok()?;
        let result = plan(&inputs);
        Some(Scenario {
            name: scenario.name.clone(),
            url: format!(
                "/countries/{}/planner?{}",
                code.as_str().to_lowercase(),
                scenario.inputs
            ),
            updated_at: scenario
                .updated_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            target_per_100k: inputs.target_per_100k_hundredths as f64 / 100.0,
            price_year: inputs.price_year,
            years: inputs.years,
            current_workers: inputs.current_workers,
            workers_required: result.required,
            gap: result.gap,
            total_cost: result.total_cost.plain(),
            incremental_recurring_cost: result.incremental_recurring.plain(),
            rows: result
                .rows
                .iter()
                .map(|row| ScenarioYear {
                    year: row.year,
                    workers: row.headcount,
                    hires: row.hires,
                    one_off_cost: row.one_off.plain(),
                    recurring_cost: row.recurring.plain(),
                    total_cost: row.total.plain(),
                })
                .collect(),
            currency: inputs.currency,
        })
    }
}
