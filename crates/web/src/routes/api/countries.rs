//! `/api/v1/countries`: every country with its members and organisations (the same
//! figures as `/countries`), and `/api/v1/countries/{code}`: one country's profile
//! figures (the same as its page, see `services::countries`).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use membernet_domain::{Country, CountryCode, country};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::services::{Services, countries, public_figures};

/// Every country of ISO 3166-1, with or without members.
#[derive(Serialize, ToSchema)]
pub(super) struct CountryList {
    countries: Vec<CountrySummary>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct CountrySummary {
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
    operation_id = "countries_list",
    tag = "countries",
    responses(
        (status = 200, description = "Every country, in ISO 3166-1 order", body = CountryList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
pub(super) async fn list(
    State(services): State<Services>,
    request: IfNoneMatch,
) -> Result<PublicJson, ApiError> {
    let figures = public_figures::all(&services).await?;
    request.answer(&CountryList {
        countries: country::all()
            .iter()
            .map(|country| {
                let here = figures.country(country.code());
                CountrySummary {
                    code: country.alpha2,
                    name: country.name_en,
                    region: country.region,
                    sub_region: country.sub_region,
                    members: here.members,
                    organizations: here.organizations,
                }
            })
            .collect(),
    })
}

/// One country's figures, as its profile page shows them.
#[derive(Serialize, ToSchema)]
pub(super) struct CountryProfile {
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
    /// Members by workforce category code; `null` for a count from 1 to below
    /// `withheld_below`, withheld so that no one can be picked out; empty while the
    /// country has fewer members than `withheld_below`.
    by_category: BTreeMap<&'static str, Option<u64>>,
    /// Members by sector code; `null` as in `by_category`.
    by_sector: BTreeMap<&'static str, Option<u64>>,
    /// Counts from 1 to below this are withheld (`null`) in the breakdowns.
    withheld_below: u64,
}

#[derive(Serialize, ToSchema)]
pub(super) struct Population {
    people: u64,
    #[schema(required)]
    year: Option<u16>,
    source: &'static str,
}

#[derive(Serialize, ToSchema)]
pub(super) struct Workforce {
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
    operation_id = "country",
    tag = "countries",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, any case", example = "ke")),
    responses(
        (status = 200, description = "The country's figures", body = CountryProfile),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 404, description = "No country has that code", body = ApiError),
        (status = 500, description = "The figures could not be read", body = ApiError),
    )
)]
pub(super) async fn profile(
    State(services): State<Services>,
    request: IfNoneMatch,
    Path(code): Path<String>,
) -> Result<PublicJson, ApiError> {
    let code = CountryCode::parse(&code).map_err(|_| ApiError::unknown_country())?;
    let figures = countries::figures(&services, code).await?;
    request.answer(&CountryProfile::new(code.country(), figures))
}

impl CountryProfile {
    fn new(country: &'static Country, figures: countries::Figures) -> Self {
        let standing = figures.standing;
        let population = country.population.unwrap_or(0);
        CountryProfile {
            code: country.alpha2,
            name: country.name_en,
            region: country.region,
            sub_region: country.sub_region,
            members: standing.figures.members,
            rank: standing.rank.map(|rank| rank.position),
            countries_with_members: standing.countries_with_members,
            organizations: standing.figures.organizations,
            listed_in_directory: figures.listed,
            population: country.population.map(|people| Population {
                people,
                year: country.population_year,
                source: country.population_source,
            }),
            members_per_million: figures.per_million,
            workforce: figures.workforce.map(|figure| Workforce {
                per_100k: figure.per_100k(population),
                workers: figure.workers,
                year: figure.year,
                source: figure.source,
            }),
            by_category: figures
                .categories
                .into_iter()
                .map(|(category, n)| (category.code(), n.exact()))
                .collect(),
            by_sector: figures
                .sectors
                .into_iter()
                .map(|(sector, n)| (sector.code(), n.exact()))
                .collect(),
            withheld_below: figures.threshold.min(),
        }
    }
}
