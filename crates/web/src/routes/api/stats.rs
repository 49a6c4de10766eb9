//! `/api/v1/stats`: the network in three figures, the same as the home page's and
//! `/stats`' (see `services::public_figures`).

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::services::{Services, public_figures};

/// The network in three figures.
#[derive(Serialize, ToSchema)]
pub(super) struct Stats {
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
pub(super) async fn stats(
    State(services): State<Services>,
    request: IfNoneMatch,
) -> Result<PublicJson, ApiError> {
    let totals = public_figures::all(&services).await?.totals();
    request.answer(&Stats {
        members: totals.members,
        countries: totals.countries,
        organizations: totals.organizations,
    })
}
