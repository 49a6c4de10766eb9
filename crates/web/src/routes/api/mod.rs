//! The public JSON API (DESIGN.md, "API"): read-only, public figures only, open to
//! other sites (CORS) and cacheable. Errors are `{"error": …, "detail": …}` with the
//! right status code.
//!
//! Every answer is one of the response types below, and the OpenAPI document at
//! `/api/openapi.json` is generated from those same types and the handlers'
//! `#[utoipa::path]` attributes, so the document cannot describe a field the API
//! does not send. A new endpoint needs its attribute and a line in
//! `openapi::ApiDoc`.

use std::collections::BTreeMap;

use axum::extract::{Query, rejection::QueryRejection};
use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    CountryCode, country,
    growth::{Month, Point},
    planner::plan,
    token::hash_token,
};
use membernet_persistence::{countries, organizations, scenarios};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::services::Services;
use crate::{
    routes::{planner::RawQuery, statistics::query::StatsQuery},
    services::statistics,
    state::AppState,
};

mod openapi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/stats/growth", get(growth))
        .route("/api/v1/countries", get(countries_list))
        .route("/api/v1/countries/{code}", get(country))
        .route("/api/v1/countries/{code}/scenarios", get(country_scenarios))
        .route("/api/openapi.json", get(openapi::document))
}

/// The network in three figures.
#[derive(Serialize, ToSchema)]
struct Stats {
    /// Members of the network.
    members: u64,
    /// Countries with at least one member.
    countries: usize,
    /// Organisations with at least one member counted.
    organizations: u64,
}

/// Members, countries with members, and organisations with a counted member.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    tag = "statistics",
    responses(
        (status = 200, description = "The network's figures", body = Stats),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
async fn stats(State(state): State<Services>, headers: HeaderMap) -> Response {
    let figures = async {
        let members = countries::member_counts(&state.db).await?;
        let organizations = organizations::counts_by_country(&state.db).await?;
        Ok::<_, membernet_persistence::Error>(Stats {
            members: members.values().sum(),
            countries: members.len(),
            organizations: organizations.values().sum(),
        })
    };
    match figures.await {
        Ok(body) => public_json(&headers, &body),
        Err(error) => internal(error),
    }
}

/// Every country of ISO 3166-1, with or without members.
#[derive(Serialize, ToSchema)]
struct CountryList {
    countries: Vec<CountrySummary>,
}

#[derive(Serialize, ToSchema)]
struct CountrySummary {
    /// ISO 3166-1 alpha-2 code, like `KE`.
    code: &'static str,
    /// English name.
    name: &'static str,
    /// UN M49 region, like `Africa`.
    region: &'static str,
    /// UN M49 sub-region, like `Sub-Saharan Africa`.
    sub_region: &'static str,
    members: u64,
    organizations: u64,
}

/// Every country with its members and organisations.
#[utoipa::path(
    get,
    path = "/api/v1/countries",
    tag = "countries",
    responses(
        (status = 200, description = "Every country, in ISO 3166-1 order", body = CountryList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
async fn countries_list(State(state): State<Services>, headers: HeaderMap) -> Response {
    let figures = async {
        let members = countries::member_counts(&state.db).await?;
        let organizations = organizations::counts_by_country(&state.db).await?;
        Ok::<_, membernet_persistence::Error>(CountryList {
            countries: country::all()
                .iter()
                .map(|country| CountrySummary {
                    code: country.alpha2,
                    name: country.name_en,
                    region: country.region,
                    sub_region: country.sub_region,
                    members: members.get(country.alpha2).copied().unwrap_or(0),
                    organizations: organizations.get(country.alpha2).copied().unwrap_or(0),
                })
                .collect(),
        })
    };
    match figures.await {
        Ok(body) => public_json(&headers, &body),
        Err(error) => internal(error),
    }
}

/// One country's figures, as its profile page shows them.
#[derive(Serialize, ToSchema)]
struct CountryProfile {
    /// ISO 3166-1 alpha-2 code, like `KE`.
    code: &'static str,
    name: &'static str,
    region: &'static str,
    sub_region: &'static str,
    members: u64,
    /// 1 for the country with the most members; `null` without members.
    #[schema(required)]
    rank: Option<usize>,
    countries_with_members: usize,
    organizations: u64,
    /// Members who chose to be listed in the public directory.
    listed_in_directory: u64,
    #[schema(required)]
    population: Option<Population>,
    /// `null` without a population figure.
    #[schema(required)]
    members_per_million: Option<f64>,
    /// The social service workforce, where staff have recorded it.
    #[schema(required)]
    workforce: Option<Workforce>,
    /// Members by workforce category code.
    by_category: BTreeMap<&'static str, u64>,
    /// Members by sector code.
    by_sector: BTreeMap<&'static str, u64>,
}

#[derive(Serialize, ToSchema)]
struct Population {
    people: u64,
    #[schema(required)]
    year: Option<u16>,
    source: &'static str,
}

#[derive(Serialize, ToSchema)]
struct Workforce {
    workers: u64,
    year: i32,
    source: String,
    /// Workers per 100,000 people; `null` without a population figure.
    #[schema(required)]
    per_100k: Option<f64>,
}

/// One country's profile figures, as its page shows them.
#[utoipa::path(
    get,
    path = "/api/v1/countries/{code}",
    tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, any case", example = "ke")),
    responses(
        (status = 200, description = "The country's figures", body = CountryProfile),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 404, description = "No country has that code", body = ApiError),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
async fn country(
    State(state): State<Services>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let Ok(code) = CountryCode::parse(&code) else {
        return unknown_country();
    };
    let figures = async {
        let all = countries::member_counts(&state.db).await?;
        let country = code.country();
        let members = all.get(country.alpha2).copied().unwrap_or(0);
        let rank =
            (members > 0).then(|| all.values().filter(|other| **other > members).count() + 1);
        let workforce = countries::workforce(&state.db, code).await?;
        let population = country.population.unwrap_or(0);
        Ok::<_, membernet_persistence::Error>(CountryProfile {
            code: country.alpha2,
            name: country.name_en,
            region: country.region,
            sub_region: country.sub_region,
            members,
            rank,
            countries_with_members: all.len(),
            organizations: organizations::count_in_country(&state.db, code).await?,
            listed_in_directory: countries::listed_count(&state.db, code).await?,
            population: country.population.map(|people| Population {
                people,
                year: country.population_year,
                source: country.population_source,
            }),
            members_per_million: membernet_domain::workforce::members_per_million(
                members, population,
            ),
            workforce: workforce.map(|figure| Workforce {
                per_100k: figure.per_100k(population),
                workers: figure.workers,
                year: figure.year,
                source: figure.source,
            }),
            by_category: countries::category_counts(&state.db, code)
                .await?
                .into_iter()
                .map(|(category, n)| (category.code(), n))
                .collect(),
            by_sector: countries::sector_counts(&state.db, code)
                .await?
                .into_iter()
                .map(|(sector, n)| (sector.code(), n))
                .collect(),
        })
    };
    match figures.await {
        Ok(body) => public_json(&headers, &body),
        Err(error) => internal(error),
    }
}

/// A growth series and the selection it is for, with the period's open ends closed.
#[derive(Serialize, ToSchema)]
struct GrowthSeries {
    /// ISO 3166-1 alpha-2 code, upper case; `null` for a region or the network.
    #[schema(required)]
    country: Option<String>,
    #[schema(required)]
    region: Option<String>,
    #[schema(required)]
    category: Option<String>,
    #[schema(required)]
    sector: Option<String>,
    #[schema(required)]
    organization_type: Option<String>,
    /// First month, like `2019-01`.
    from: String,
    /// Last month, like `2024-12`.
    to: String,
    #[schema(schema_with = StatsQuery::interval_schema)]
    interval: &'static str,
    series: Vec<GrowthPoint>,
}

/// One period of a growth series.
#[derive(Serialize, ToSchema)]
struct GrowthPoint {
    /// Like `2024-W05`, `2024-01`, `2024-Q1` or `2024`.
    period: String,
    /// Members at the end of the period.
    members: i64,
    joined: i64,
    left: i64,
    /// Moves in minus moves out.
    moved: i64,
    net: i64,
}

impl From<&Point> for GrowthPoint {
    fn from(point: &Point) -> Self {
        GrowthPoint {
            period: point.period.clone(),
            members: point.members,
            joined: point.joined,
            left: point.left,
            moved: point.moved,
            net: point.net,
        }
    }
}

/// The growth series: members at the end of each interval, joined, left, moved, net.
#[utoipa::path(
    get,
    path = "/api/v1/stats/growth",
    tag = "statistics",
    params(StatsQuery),
    responses(
        (status = 200, description = "The series, one point per interval", body = GrowthSeries),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 400, description = "A parameter is wrong; `error` says which problem", body = ApiError),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
async fn growth(
    State(state): State<Services>,
    headers: HeaderMap,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "bad_query",
            "the query string could not be read",
        );
    };
    let selection = match query.parse(Month::of(OffsetDateTime::now_utc())) {
        Ok(selection) => selection,
        Err(problems) => {
            let first = &problems[0];
            return api_error(StatusCode::BAD_REQUEST, first.error, first.detail);
        }
    };
    let series = match statistics::series_for(&state, &selection).await {
        Ok(series) => series,
        Err(error) => return internal(error),
    };
    let segment = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    public_json(
        &headers,
        &GrowthSeries {
            country: segment(query.country).map(|code| code.trim().to_ascii_uppercase()),
            region: segment(query.region),
            category: segment(query.category),
            sector: segment(query.sector),
            organization_type: segment(query.organization_type),
            from: series.from.to_string(),
            to: series.to.to_string(),
            interval: selection.interval.as_str(),
            series: series.points.iter().map(GrowthPoint::from).collect(),
        },
    )
}

/// A country's published planner scenarios.
#[derive(Serialize, ToSchema)]
struct ScenarioList {
    /// ISO 3166-1 alpha-2 code, upper case.
    country: &'static str,
    scenarios: Vec<Scenario>,
}

/// A published scenario of the workforce planner: its inputs and its plan. Sums of
/// money are decimal strings with two decimals, like `"125000.00"`, in `currency`.
#[derive(Serialize, ToSchema)]
struct Scenario {
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
struct ScenarioYear {
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
    tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, any case", example = "ke")),
    responses(
        (status = 200, description = "The published scenarios, possibly none", body = ScenarioList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 404, description = "No country has that code", body = ApiError),
        (status = 500, description = "The scenarios could not be read", body = ApiError),
    )
)]
async fn country_scenarios(
    State(state): State<Services>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let Ok(code) = CountryCode::parse(&code) else {
        return unknown_country();
    };
    let published = match scenarios::for_country(&state.db, code, false).await {
        Ok(published) => published,
        Err(error) => return internal(error),
    };
    let year = OffsetDateTime::now_utc().year();
    let scenarios = published
        .iter()
        .filter_map(|scenario| {
            let raw: RawQuery = serde_urlencoded::from_str(&scenario.inputs).ok()?;
            let inputs = raw.into_raw().parse(year).ok()?;
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
        })
        .collect();
    public_json(
        &headers,
        &ScenarioList {
            country: code.country().alpha2,
            scenarios,
        },
    )
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
struct ApiError {
    /// A stable, machine-readable code, like `unknown_country` or `bad_period`.
    error: &'static str,
    /// A sentence for the client's developer.
    detail: &'static str,
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "an API request failed");
    api_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the figures could not be read; try again later",
    )
}

fn unknown_country() -> Response {
    api_error(
        StatusCode::NOT_FOUND,
        "unknown_country",
        "there is no country with that ISO 3166-1 alpha-2 code",
    )
}

/// An error answer; other sites may read it too, but it is not cached.
fn api_error(status: StatusCode, error: &'static str, detail: &'static str) -> Response {
    (
        status,
        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
        Json(ApiError { error, detail }),
    )
        .into_response()
}

/// A public JSON answer with an ETag: a client that sends the tag back in
/// `If-None-Match` gets `304 Not Modified` and no body.
fn public_json(request: &HeaderMap, body: &impl Serialize) -> Response {
    match serde_json::to_string(body) {
        Ok(bytes) => public_body(request, bytes),
        Err(error) => internal(error),
    }
}

fn public_body(request: &HeaderMap, bytes: String) -> Response {
    // The SHA-256 of the body (the same digest tokens are stored by).
    let tag = format!("\"{}\"", &hash_token(&bytes)[..32]);
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|sent| {
            sent.split(',')
                .any(|candidate| candidate.trim() == tag || candidate.trim() == "*")
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
    };
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    public(response)
}

fn public(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
