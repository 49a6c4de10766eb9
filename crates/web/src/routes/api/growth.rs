//! `/api/v1/stats/growth`: the growth series of an area and segment over a period,
//! by week, month, quarter or year, read from the same query string as the staff
//! dashboard (see `routes::statistics::query`) and over the same default period.

use axum::extract::{Query, State, rejection::QueryRejection};
use membernet_domain::statistics::{Interval, Month, Point};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::{
    routes::statistics::query::StatsQuery,
    services::{
        Services,
        statistics::{self, Series},
    },
};

/// A growth series and the selection it is for, with the period's open ends closed.
#[derive(Serialize, ToSchema)]
pub(super) struct GrowthSeries {
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
pub(super) struct GrowthPoint {
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
///
/// The area is the whole network, one country (`country`) or one region (`region`):
/// the two exclude each other, and a request with both is refused (400,
/// `bad_selection`). `from` must not come after `to`.
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
pub(super) async fn growth(
    State(services): State<Services>,
    request: IfNoneMatch,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<PublicJson, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(ApiError::bad_request(
            "bad_query",
            "the query string could not be read",
        ));
    };
    let selection = query
        .parse(Month::of(OffsetDateTime::now_utc()))
        .map_err(|problems| ApiError::bad_request(problems[0].error, problems[0].detail))?;
    let series = statistics::series_for(&services, &selection).await?;
    request.answer(&GrowthSeries::new(query, selection.interval, series))
}

impl GrowthSeries {
    /// The series with the selection as asked for (codes as sent, the country in
    /// upper case) and its period closed.
    fn new(query: StatsQuery, interval: Interval, series: Series) -> Self {
        let given = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
        GrowthSeries {
            country: given(query.country).map(|code| code.trim().to_ascii_uppercase()),
            region: given(query.region),
            category: given(query.category),
            sector: given(query.sector),
            organization_type: given(query.organization_type),
            from: series.from.to_string(),
            to: series.to.to_string(),
            interval: interval.as_str(),
            series: series.points.iter().map(GrowthPoint::from).collect(),
        }
    }
}
