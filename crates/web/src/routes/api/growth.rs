//! `/api/v1/stats/growth`: the growth series of an area and segment over a period,
//! by week, month, quarter or year, read from the same query string as the staff
//! dashboard (see `routes::statistics::query`) and over the same default period.

use axum::extract::{Query, State, rejection::QueryRejection};
use membernet_domain::statistics::Month;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::{
    routes::statistics::query::StatsQuery,
    services::{
        Services,
        statistics::{self, PublicPoint, PublicSeries},
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
    /// When any of a period's flows (`joined`, `left`, `moved`) is from 1 to below
    /// this, all three are withheld (`null`): only `members` and `net` remain.
    withheld_below: u64,
}

/// One period of a growth series.
#[derive(Serialize, ToSchema)]
pub(super) struct GrowthPoint {
    /// Like `2024-W05`, `2024-01`, `2024-Q1` or `2024`.
    period: String,
    /// Members at the end of the period.
    members: i64,
    /// Members who began to count (joined, confirmed, or came back); `null` when
    /// withheld (see `withheld_below`).
    #[schema(required)]
    joined: Option<i64>,
    /// Members who stopped counting, for whatever reason; `null` when withheld.
    #[schema(required)]
    left: Option<i64>,
    /// Moves in minus moves out; `null` when withheld.
    #[schema(required)]
    moved: Option<i64>,
    net: i64,
}

impl From<&PublicPoint> for GrowthPoint {
    fn from(point: &PublicPoint) -> Self {
        GrowthPoint {
            period: point.period.clone(),
            members: point.members,
            joined: point.flows.map(|flows| flows.joined),
            left: point.flows.map(|flows| flows.left),
            moved: point.flows.map(|flows| flows.moved),
            net: point.net,
        }
    }
}

/// The growth series: members at the end of each interval, joined, left, moved, net.
///
/// The area is the whole network, one country (`country`) or one region (`region`):
/// the two exclude each other, and a request with both is refused (400,
/// `bad_selection`). `from` must not come after `to`. A single country's series is
/// public by month, quarter or year and for everyone: by week, or for one category,
/// sector or organisation type, it would count one or two people, and is refused
/// (400, `detail_not_public`; staff see it on their dashboard). Small flows are
/// withheld (see `withheld_below`).
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
    match statistics::public_series(&services, &selection).await? {
        PublicSeries::Series {
            from,
            to,
            points,
            threshold,
        } => request.answer(&GrowthSeries {
            from: from.to_string(),
            to: to.to_string(),
            series: points.iter().map(GrowthPoint::from).collect(),
            withheld_below: threshold.min(),
            interval: selection.interval.as_str(),
            ..GrowthSeries::selected(query)
        }),
        PublicSeries::NotPublic => Err(ApiError::bad_request(
            "detail_not_public",
            "a single country's series is public by month, quarter or year and for \
             everyone; by week or by segment it would count one or two people",
        )),
    }
}

impl GrowthSeries {
    /// The selection as asked for (codes as sent, the country in upper case), the
    /// rest empty.
    fn selected(query: StatsQuery) -> Self {
        let given = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
        GrowthSeries {
            country: given(query.country).map(|code| code.trim().to_ascii_uppercase()),
            region: given(query.region),
            category: given(query.category),
            sector: given(query.sector),
            organization_type: given(query.organization_type),
            from: String::new(),
            to: String::new(),
            interval: "",
            series: Vec::new(),
            withheld_below: 0,
        }
    }
}
