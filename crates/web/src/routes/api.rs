//! The public JSON API (DESIGN.md, "API"): read-only, public figures only, open to
//! other sites (CORS) and cacheable. Errors are `{"error": …, "detail": …}` with the
//! right status code.

use axum::extract::{Query, rejection::QueryRejection};
use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{CountryCode, country, planner::plan, token::hash_token};
use membernet_persistence::{countries, organizations, scenarios};
use serde_json::json;
use time::OffsetDateTime;

use crate::{
    routes::planner::RawQuery,
    state::AppState,
    statistics::{self, StatsQuery},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/stats", get(stats))
        .route("/api/v1/stats/growth", get(growth))
        .route("/api/v1/countries", get(countries_list))
        .route("/api/v1/countries/{code}", get(country))
        .route("/api/v1/countries/{code}/scenarios", get(country_scenarios))
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "an API request failed");
    api_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the figures could not be read; try again later",
    )
}

/// Members, countries with members, and organisations with a counted member.
async fn stats(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let figures = async {
        let members = countries::member_counts(&state.db).await?;
        let organizations = organizations::counts_by_country(&state.db).await?;
        Ok::<_, membernet_persistence::Error>(json!({
            "members": members.values().sum::<u64>(),
            "countries": members.len(),
            "organizations": organizations.values().sum::<u64>(),
        }))
    };
    match figures.await {
        Ok(body) => public_json(&headers, &body),
        Err(error) => internal(error),
    }
}

/// Every country with its members and organisations.
async fn countries_list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let figures = async {
        let members = countries::member_counts(&state.db).await?;
        let organizations = organizations::counts_by_country(&state.db).await?;
        Ok::<_, membernet_persistence::Error>(
            country::all()
                .iter()
                .map(|country| {
                    json!({
                        "code": country.alpha2,
                        "name": country.name_en,
                        "region": country.region,
                        "sub_region": country.sub_region,
                        "members": members.get(country.alpha2).copied().unwrap_or(0),
                        "organizations": organizations.get(country.alpha2).copied().unwrap_or(0),
                    })
                })
                .collect::<Vec<_>>(),
        )
    };
    match figures.await {
        Ok(rows) => public_json(&headers, &json!({ "countries": rows })),
        Err(error) => internal(error),
    }
}

/// One country's profile figures, as its page shows them.
async fn country(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let Ok(code) = CountryCode::parse(&code) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "unknown_country",
            "there is no country with that ISO 3166-1 alpha-2 code",
        );
    };
    let figures = async {
        let all = countries::member_counts(&state.db).await?;
        let country = code.country();
        let members = all.get(country.alpha2).copied().unwrap_or(0);
        let rank =
            (members > 0).then(|| all.values().filter(|other| **other > members).count() + 1);
        let workforce = countries::workforce(&state.db, code).await?;
        let population = country.population.unwrap_or(0);
        Ok::<_, membernet_persistence::Error>(json!({
            "code": country.alpha2,
            "name": country.name_en,
            "region": country.region,
            "sub_region": country.sub_region,
            "members": members,
            "rank": rank,
            "countries_with_members": all.len(),
            "organizations": organizations::count_in_country(&state.db, code).await?,
            "listed_in_directory": countries::listed_count(&state.db, code).await?,
            "population": country.population.map(|people| json!({
                "people": people,
                "year": country.population_year,
                "source": country.population_source,
            })),
            "members_per_million": membernet_domain::workforce::members_per_million(members, population),
            "workforce": workforce.map(|figure| json!({
                "workers": figure.workers,
                "year": figure.year,
                "source": figure.source,
                "per_100k": figure.per_100k(population),
            })),
            "by_category": countries::category_counts(&state.db, code).await?.into_iter()
                .map(|(category, n)| (category.code().to_owned(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "by_sector": countries::sector_counts(&state.db, code).await?.into_iter()
                .map(|(sector, n)| (sector.code().to_owned(), json!(n))).collect::<serde_json::Map<_, _>>(),
        }))
    };
    match figures.await {
        Ok(body) => public_json(&headers, &body),
        Err(error) => internal(error),
    }
}

/// The growth series: members at the end of each interval, joined, left, moved, net.
async fn growth(
    State(state): State<AppState>,
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
    let selection = match query.parse() {
        Ok(selection) => selection,
        Err(problems) => {
            let first = &problems[0];
            return api_error(StatusCode::BAD_REQUEST, first.error, first.detail);
        }
    };
    let figures = async {
        let (from, to) = selection
            .period(&state.db, OffsetDateTime::now_utc())
            .await?;
        let points = statistics::growth(
            &state.db,
            &selection.area,
            selection.segment,
            from,
            to,
            selection.interval,
        )
        .await?;
        Ok::<_, membernet_persistence::Error>((from, to, points))
    };
    let (from, to, points) = match figures.await {
        Ok(figures) => figures,
        Err(error) => return internal(error),
    };
    let segment = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    public_json(
        &headers,
        &json!({
            "country": segment(query.country).map(|code| code.trim().to_ascii_uppercase()),
            "region": segment(query.region),
            "category": segment(query.category),
            "sector": segment(query.sector),
            "organization_type": segment(query.organization_type),
            "from": from.to_string(),
            "to": to.to_string(),
            "interval": selection.interval.as_str(),
            "series": points.iter().map(|point| json!({
                "period": point.period,
                "members": point.members,
                "joined": point.joined,
                "left": point.left,
                "moved": point.moved,
                "net": point.net,
            })).collect::<Vec<_>>(),
        }),
    )
}

fn api_error(status: StatusCode, error: &str, detail: &str) -> Response {
    (status, Json(json!({ "error": error, "detail": detail }))).into_response()
}

/// A public JSON answer with an ETag: a client that sends the tag back in
/// `If-None-Match` gets `304 Not Modified` and no body.
fn public_json(request: &HeaderMap, body: &serde_json::Value) -> Response {
    let bytes = body.to_string();
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

/// The published planner scenarios of a country, with their inputs and results.
async fn country_scenarios(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let Ok(code) = CountryCode::parse(&code) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "unknown_country",
            "there is no country with that ISO 3166-1 alpha-2 code",
        );
    };
    let published = match scenarios::for_country(&state.db, code, false).await {
        Ok(published) => published,
        Err(error) => {
            tracing::error!(%error, "scenarios could not be read");
            return api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the figures could not be read; try again later",
            );
        }
    };
    let year = OffsetDateTime::now_utc().year();
    let items: Vec<_> = published
        .iter()
        .filter_map(|scenario| {
            let raw: RawQuery = serde_urlencoded::from_str(&scenario.inputs).ok()?;
            let inputs = raw.into_raw().parse(year).ok()?;
            let result = plan(&inputs);
            Some(json!({
                "name": scenario.name,
                "url": format!("/countries/{}/planner?{}", code.as_str().to_lowercase(), scenario.inputs),
                "updated_at": scenario.updated_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                "currency": inputs.currency,
                "price_year": inputs.price_year,
                "years": inputs.years,
                "current_workers": inputs.current_workers,
                "target_per_100k": inputs.target_per_100k_hundredths as f64 / 100.0,
                "workers_required": result.required,
                "gap": result.gap,
                "total_cost": result.total_cost.plain(),
                "incremental_recurring_cost": result.incremental_recurring.plain(),
                "rows": result.rows.iter().map(|row| json!({
                    "year": row.year,
                    "workers": row.headcount,
                    "hires": row.hires,
                    "one_off_cost": row.one_off.plain(),
                    "recurring_cost": row.recurring.plain(),
                    "total_cost": row.total.plain(),
                })).collect::<Vec<_>>(),
            }))
        })
        .collect();
    public_json(
        &headers,
        &json!({ "country": code.as_str(), "scenarios": items }),
    )
}
