//! The planner page: what reaching a minimum ratio of social service workers per
//! population would take and cost, year by year, for one country.
//!
//! The page is a GET form, so every scenario is a URL that can be shared, bookmarked
//! and printed; `?format=csv` downloads the year-by-year table. A first visit (no
//! inputs in the address) starts from the country's own figures.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    CountryCode,
    planner::{
        Assumed, DEFAULT_CURRENCY, DEFAULT_SUPERVISION_SPAN, DEFAULT_TARGET_PER_100K, Plan,
        PlanInputs, PlannerError, RawPlanInputs,
    },
};
use membernet_persistence::scenarios::Scenario;
use serde::Deserialize;
use time::OffsetDateTime;

use super::planner_path;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{download::Download, extract::Query},
    locale::Locale,
    page::Page,
    services::{
        Services,
        planner::{self, Calculation},
    },
    state::AppState,
    views::{charts, csv},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/countries/{code}/planner", get(page))
}

/// The planner's query string: every input, plus `format=csv` for the download.
#[derive(Deserialize)]
struct PlannerQuery {
    #[serde(flatten)]
    inputs: RawPlanInputs,
    #[serde(default)]
    format: String,
}

/// Whether the form was sent: it always sends `population`, and a first visit
/// (a link from the country's page) has no inputs at all.
#[derive(Deserialize)]
struct Sent {
    population: Option<String>,
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

/// Each field's problem in the reader's language (the domain reports them in the
/// form's order).
fn field_errors(problems: &[(&'static str, PlannerError)], locale: Locale) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, problem) in problems {
        errors.add(field, locale.t(error_key(*problem)));
    }
    errors
}

#[derive(Template, WebTemplate)]
#[template(path = "planner/planner.html")]
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
    scenarios: Vec<Scenario>,
    /// What a first visit took as defaults, one sentence each.
    assumed: Vec<String>,
}

impl PlannerTemplate {
    fn new(
        page: Page,
        code: CountryCode,
        calculation: Calculation,
        scenarios: Vec<Scenario>,
    ) -> Self {
        let Calculation {
            form,
            plan,
            problems,
            assumed,
        } = calculation;
        let (inputs, plan) = plan.unzip();
        Self {
            errors: field_errors(&problems, page.locale),
            chart: match (&inputs, &plan) {
                (Some(inputs), Some(plan)) if inputs.has_costs() => chart(plan, page.locale),
                _ => String::new(),
            },
            assumed: assumed_text(&assumed, page.locale),
            name: code.country().name(page.lang()),
            query: planner::query_string(&form),
            page,
            code,
            form,
            inputs,
            plan,
            scenarios,
        }
    }

    pub fn ratio(&self, hundredths: &u64) -> String {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }

    pub fn scenario_link(&self, scenario: &Scenario) -> String {
        format!("{}?{}", planner_path(self.code), scenario.inputs)
    }
}

/// Each default a first visit used, as the page states it.
fn assumed_text(assumed: &[Assumed], locale: Locale) -> Vec<String> {
    assumed
        .iter()
        .map(|default| match default {
            Assumed::Target => locale.t1(
                "planner.assumed.target",
                "target",
                &DEFAULT_TARGET_PER_100K.to_string(),
            ),
            Assumed::Currency => {
                locale.t1("planner.assumed.currency", "currency", DEFAULT_CURRENCY)
            }
            Assumed::SupervisionSpan => locale.t1(
                "planner.assumed.supervision_span",
                "span",
                &DEFAULT_SUPERVISION_SPAN.to_string(),
            ),
            Assumed::NoWorkers => locale.t("planner.assumed.no_workers"),
        })
        .collect()
}

/// The plan's costs year by year, as a bar chart.
fn chart(plan: &Plan, locale: Locale) -> String {
    let bars: Vec<(String, i64)> = plan
        .rows
        .iter()
        .map(|row| {
            let year = locale.t1("planner.year_n", "n", &row.year.to_string());
            (year, row.total.0)
        })
        .collect();
    charts::bars_svg(
        "cost",
        &locale.t("planner.chart.title"),
        &locale.t("planner.chart.description"),
        &bars,
    )
}

async fn page(
    State(services): State<Services>,
    page: Page,
    Path(code): Path<String>,
    Query(query): Query<PlannerQuery>,
    Query(sent): Query<Sent>,
) -> Result<Response> {
    let code = CountryCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let sent = sent.population.is_some().then_some(query.inputs);
    let now = OffsetDateTime::now_utc();
    let calculation = planner::calculate(&services, code, sent, now).await?;
    if query.format == "csv" {
        let (inputs, plan) = calculation.plan.as_ref().ok_or(AppError::BadRequest)?;
        return Ok(download(code, inputs, plan, page.locale));
    }
    let status = match calculation.problems.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let scenarios = planner::scenarios(&services, code, page.is_staff()).await?;
    let template = PlannerTemplate::new(page, code, calculation, scenarios);
    Ok((status, template).into_response())
}

/// The CSV's headings, as catalogue keys.
const CSV_HEADER: [&str; 12] = [
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

/// The year-by-year table as CSV, its headings in the reader's language.
fn download(code: CountryCode, inputs: &PlanInputs, plan: &Plan, locale: Locale) -> Response {
    let mut out = csv::line(&CSV_HEADER.map(|key| locale.t(key)));
    for row in &plan.rows {
        out.push_str(&csv::line(&[
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
        ]));
    }
    let filename = format!(
        "workforce-plan-{}-{}-{}.csv",
        code.as_str().to_lowercase(),
        inputs.currency.to_lowercase(),
        inputs.price_year
    );
    Download::csv(filename, out).into_response()
}
