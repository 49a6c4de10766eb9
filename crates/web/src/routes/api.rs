//! The public JSON API (DESIGN.md, "API"): read-only, public figures only, open to
//! other sites (CORS) and cacheable. Errors are `{"error": …, "detail": …}` with the
//! right status code.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{CountryCode, planner::plan};
use membernet_persistence::scenarios;
use serde_json::json;
use time::OffsetDateTime;

use crate::{routes::planner::RawQuery, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/countries/{code}/scenarios", get(country_scenarios))
}

fn api_error(status: StatusCode, error: &str, detail: &str) -> Response {
    (status, Json(json!({ "error": error, "detail": detail }))).into_response()
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
async fn country_scenarios(State(state): State<AppState>, Path(code): Path<String>) -> Response {
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
    public(Json(json!({ "country": code.as_str(), "scenarios": items })).into_response())
}
