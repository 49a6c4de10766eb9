//! The workforce planner: what reaching a minimum ratio of social service workers
//! per population would take and cost, year by year, for one country.
//!
//! The page is a GET form, so every scenario is a URL that can be shared, bookmarked
//! and printed; `?format=csv` downloads the year-by-year table. The calculation is
//! `membernet_domain::planner`. Staff can save a scenario and publish it on the
//! country's profile.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{
    CountryCode,
    planner::{Plan, PlanInputs, PlannerError, RawPlanInputs, Scope, plan},
};
use membernet_persistence::{countries, scenarios};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::download::Download;
use crate::http::extract::{Form, Query};
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, session::AuthSession},
    locale::Locale,
    page::Page,
    state::AppState,
    views::charts,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/countries/{code}/planner", get(planner))
        .route("/staff/countries/{code}/scenarios", post(save_scenario))
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

/// The planner's query string: every input, plus `format=csv` for the download.
#[derive(Deserialize, Default)]
pub struct PlannerQuery {
    #[serde(flatten)]
    pub raw: RawQuery,
    #[serde(default)]
    pub format: String,
}

/// `RawPlanInputs` as query parameters (its fields, by the same names).
#[derive(Deserialize, Default, Clone)]
pub struct RawQuery {
    pub population: Option<String>,
    #[serde(default)]
    pub target_group_label: String,
    #[serde(default)]
    pub target_group_size: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub current_workers: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub years: String,
    #[serde(default)]
    pub attrition: String,
    #[serde(default)]
    pub population_growth: String,
    #[serde(default)]
    pub salary: String,
    #[serde(default)]
    pub on_costs: String,
    #[serde(default)]
    pub supervision_span: String,
    #[serde(default)]
    pub supervisor_salary: String,
    #[serde(default)]
    pub recruitment: String,
    #[serde(default)]
    pub initial_training: String,
    #[serde(default)]
    pub equipment: String,
    #[serde(default)]
    pub in_service_training: String,
    #[serde(default)]
    pub transport: String,
    #[serde(default)]
    pub operating: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub price_year: String,
}

impl RawQuery {
    pub fn into_raw(self) -> RawPlanInputs {
        RawPlanInputs {
            population: self.population.unwrap_or_default(),
            target_group_label: self.target_group_label,
            target_group_size: self.target_group_size,
            scope: self.scope,
            current_workers: self.current_workers,
            target: self.target,
            years: self.years,
            attrition: self.attrition,
            population_growth: self.population_growth,
            salary: self.salary,
            on_costs: self.on_costs,
            supervision_span: self.supervision_span,
            supervisor_salary: self.supervisor_salary,
            recruitment: self.recruitment,
            initial_training: self.initial_training,
            equipment: self.equipment,
            in_service_training: self.in_service_training,
            transport: self.transport,
            operating: self.operating,
            currency: self.currency,
            price_year: self.price_year,
        }
    }
}

/// The inputs as a query string, the way the form sends them.
pub fn query_string(raw: &RawPlanInputs) -> String {
    serde_urlencoded::to_string(fields(raw)).unwrap_or_default()
}

fn fields(raw: &RawPlanInputs) -> [(&'static str, &str); 21] {
    [
        ("population", &raw.population),
        ("target_group_label", &raw.target_group_label),
        ("target_group_size", &raw.target_group_size),
        ("scope", &raw.scope),
        ("current_workers", &raw.current_workers),
        ("target", &raw.target),
        ("years", &raw.years),
        ("attrition", &raw.attrition),
        ("population_growth", &raw.population_growth),
        ("salary", &raw.salary),
        ("on_costs", &raw.on_costs),
        ("supervision_span", &raw.supervision_span),
        ("supervisor_salary", &raw.supervisor_salary),
        ("recruitment", &raw.recruitment),
        ("initial_training", &raw.initial_training),
        ("equipment", &raw.equipment),
        ("in_service_training", &raw.in_service_training),
        ("transport", &raw.transport),
        ("operating", &raw.operating),
        ("currency", &raw.currency),
        ("price_year", &raw.price_year),
    ]
}

/// What the country's own figures give: population, today's workforce, and the
/// planning horizon a ministry usually works to.
async fn prefilled(
    state: &Services,
    code: CountryCode,
    now: OffsetDateTime,
) -> Result<RawPlanInputs> {
    let country = code.country();
    let workforce = countries::workforce(&state.db, code).await?;
    Ok(RawPlanInputs {
        population: country
            .population
            .map(|people| people.to_string())
            .unwrap_or_default(),
        scope: Scope::SocialWorkers.code().to_owned(),
        current_workers: workforce
            .map(|figure| figure.workers.to_string())
            .unwrap_or_default(),
        years: "5".to_owned(),
        price_year: now.year().to_string(),
        ..RawPlanInputs::default()
    })
}

fn error_key(error: PlannerError) -> &'static str {
    match error {
        PlannerError::Missing => "planner.error.missing",
        PlannerError::NotANumber => "planner.error.not_a_number",
        PlannerError::Negative => "planner.error.negative",
        PlannerError::TooLarge => "planner.error.too_large",
        PlannerError::YearsOutOfRange => "planner.error.years",
        PlannerError::AttritionOutOfRange => "planner.error.attrition",
        PlannerError::GrowthOutOfRange => "planner.error.growth",
        PlannerError::SpanTooSmall => "planner.error.span",
        PlannerError::TargetZero => "planner.error.target_zero",
        PlannerError::GroupLargerThanPopulation => "planner.error.group_too_large",
        PlannerError::CurrencyInvalid => "planner.error.currency",
        PlannerError::PriceYearOutOfRange => "planner.error.price_year",
        PlannerError::TooManyDecimals => "planner.error.decimals",
        PlannerError::GroupNeedsBoth => "planner.error.group_needs_both",
    }
}

const FIELD_ORDER: [&str; 21] = [
    "population",
    "target_group_label",
    "target_group_size",
    "scope",
    "current_workers",
    "target",
    "years",
    "attrition",
    "population_growth",
    "salary",
    "on_costs",
    "supervision_span",
    "supervisor_salary",
    "recruitment",
    "initial_training",
    "equipment",
    "in_service_training",
    "transport",
    "operating",
    "currency",
    "price_year",
];

#[derive(Template, WebTemplate)]
#[template(path = "planner.html")]
struct PlannerTemplate {
    page: Page,
    code: CountryCode,
    name: &'static str,
    form: RawPlanInputs,
    errors: FieldErrors,
    inputs: Option<PlanInputs>,
    plan: Option<Plan>,
    chart: String,
    query: String,
    scenarios: Vec<scenarios::Scenario>,
}

impl PlannerTemplate {
    pub fn ratio(&self, hundredths: &u64) -> String {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }

    pub fn scenario_link(&self, scenario: &scenarios::Scenario) -> String {
        format!(
            "/countries/{}/planner?{}",
            self.code.as_str().to_lowercase(),
            scenario.inputs
        )
    }
}

async fn planner(
    State(state): State<Services>,
    page: Page,
    Path(code): Path<String>,
    Query(query): Query<PlannerQuery>,
) -> Result<Response> {
    let code = CountryCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let submitted = query.raw.population.is_some();
    let form = if submitted {
        query.raw.clone().into_raw()
    } else {
        prefilled(&state, code, now).await?
    };
    let (inputs, plan, errors) = match form.parse(now.year()) {
        Ok(inputs) => {
            let plan = plan(&inputs);
            (Some(inputs), Some(plan), FieldErrors::default())
        }
        Err(problems) if submitted => {
            let mut errors = FieldErrors::default();
            for (field, problem) in problems {
                errors.add(field, page.locale.t(error_key(problem)));
            }
            errors.order_by(&FIELD_ORDER);
            (None, None, errors)
        }
        // A first visit shows the form with the country's own figures, no complaints.
        Err(_) => (None, None, FieldErrors::default()),
    };
    if query.format == "csv" {
        let (Some(inputs), Some(plan)) = (&inputs, &plan) else {
            return Err(AppError::BadRequest);
        };
        return Ok(csv(code, inputs, plan, page.locale));
    }
    let chart = match &plan {
        Some(plan) => charts::bars_svg(
            "cost",
            &page.locale.t("planner.chart.title"),
            &page.locale.t("planner.chart.description"),
            &plan
                .rows
                .iter()
                .map(|row| {
                    (
                        page.locale.t1("planner.year_n", "n", &row.year.to_string()),
                        row.total.0,
                    )
                })
                .collect::<Vec<_>>(),
        ),
        None => String::new(),
    };
    let name = code.country().name(page.lang());
    let staff = page.is_staff();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let template = PlannerTemplate {
        scenarios: scenarios::for_country(&state.db, code, staff).await?,
        query: query_string(&form),
        page,
        code,
        name,
        form,
        errors,
        inputs,
        plan,
        chart,
    };
    Ok((status, template).into_response())
}

fn csv(code: CountryCode, inputs: &PlanInputs, plan: &Plan, locale: Locale) -> Response {
    let mut out = String::new();
    let header = [
        "planner.csv.year",
        "planner.csv.population",
        "planner.csv.headcount",
        "planner.csv.ratio",
        "planner.csv.net_new",
        "planner.csv.replacements",
        "planner.csv.hires",
        "planner.csv.supervisors",
        "planner.csv.one_off",
        "planner.csv.recurring",
        "planner.csv.total",
        "planner.csv.cumulative",
    ];
    out.push_str(
        &header
            .iter()
            .map(|key| crate::views::csv::field(&locale.t(key)))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in &plan.rows {
        let cells = [
            row.year.to_string(),
            row.population.to_string(),
            row.headcount.to_string(),
            format!(
                "{}.{:02}",
                row.ratio_hundredths / 100,
                row.ratio_hundredths % 100
            ),
            row.net_new.to_string(),
            row.replacements.to_string(),
            row.hires.to_string(),
            row.supervisors.to_string(),
            row.one_off.plain(),
            row.recurring.plain(),
            row.total.plain(),
            row.cumulative.plain(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let filename = format!(
        "workforce-plan-{}-{}-{}.csv",
        code.as_str().to_lowercase(),
        inputs.currency.to_lowercase(),
        inputs.price_year
    );
    Download::csv(filename, out).into_response()
}

#[derive(Deserialize, Default)]
struct SaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    inputs: String,
}

async fn save_scenario(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    session: AuthSession,
    Path(code): Path<String>,
    Form(form): Form<SaveForm>,
) -> Result<Response> {
    let code = CountryCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let back = format!(
        "/countries/{}/planner?{}",
        code.as_str().to_lowercase(),
        form.inputs
    );
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    let raw: RawQuery =
        serde_urlencoded::from_str(&form.inputs).map_err(|_| AppError::BadRequest)?;
    let now = OffsetDateTime::now_utc();
    if name.is_empty()
        || name.chars().count() > 120
        || raw.clone().into_raw().parse(now.year()).is_err()
    {
        session.set_flash("planner.scenario.invalid").await?;
        return Ok(Redirect::to(&back).into_response());
    }
    // Stored in the form's own order, so the saved link is the canonical one.
    let inputs = query_string(&raw.into_raw());
    scenarios::save(&state.db, code, &name, &inputs, staff.id, now).await?;
    session.set_flash("planner.scenario.saved").await?;
    Ok(Redirect::to(&format!(
        "/countries/{}/planner?{inputs}",
        code.as_str().to_lowercase()
    ))
    .into_response())
}

async fn change(
    state: &Services,
    session: &AuthSession,
    code: &str,
    id: i64,
    what: Change,
) -> Result<Response> {
    let code = CountryCode::parse(code).map_err(|_| AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let found = match what {
        Change::Publish => scenarios::set_published(&state.db, code, id, true, now).await?,
        Change::Withdraw => scenarios::set_published(&state.db, code, id, false, now).await?,
        Change::Delete => scenarios::delete(&state.db, code, id).await?,
    };
    if !found {
        return Err(AppError::NotFound);
    }
    session.set_flash(what.flash()).await?;
    Ok(Redirect::to(&format!(
        "/countries/{}/planner#scenarios",
        code.as_str().to_lowercase()
    ))
    .into_response())
}

#[derive(Clone, Copy)]
enum Change {
    Publish,
    Withdraw,
    Delete,
}

impl Change {
    fn flash(self) -> &'static str {
        match self {
            Change::Publish => "planner.scenario.published",
            Change::Withdraw => "planner.scenario.withdrawn",
            Change::Delete => "planner.scenario.deleted",
        }
    }
}

async fn publish(
    State(state): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&state, &session, &code, id, Change::Publish).await
}

async fn withdraw(
    State(state): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&state, &session, &code, id, Change::Withdraw).await
}

async fn delete(
    State(state): State<Services>,
    _: RequireStaff,
    session: AuthSession,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response> {
    change(&state, &session, &code, id, Change::Delete).await
}
