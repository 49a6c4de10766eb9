//! Country pages: every country grouped by UN M49 region, and a profile for each.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    routing::get,
};
use membernet_domain::{
    Country, CountryCode,
    country::{self, region_slug},
    profile::{Sector, WorkforceCategory},
    workforce::{WorkforceFigure, members_per_million},
};
use membernet_persistence::{
    countries,
    directory::{self, DirectoryEntry, DirectoryQuery},
    organizations, rollup,
};
use serde::Deserialize;

use crate::http::extract::Query;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    page::Page,
    state::AppState,
    views::charts,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/countries", get(list))
        .route("/countries/{code}", get(profile))
}

pub struct CountryRow {
    pub country: &'static Country,
    pub name: &'static str,
    pub members: u64,
    pub organizations: u64,
}

pub struct SubRegionGroup {
    pub key: String,
    pub countries: Vec<CountryRow>,
}

pub struct RegionGroup {
    pub key: String,
    pub members: u64,
    pub sub_regions: Vec<SubRegionGroup>,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    sort: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "countries.html")]
struct ListTemplate {
    page: Page,
    headline: String,
    by_members: bool,
    regions: Vec<RegionGroup>,
}

async fn list(
    State(state): State<Services>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<ListTemplate> {
    let members = countries::member_counts(&state.db).await?;
    let organizations = organizations::counts_by_country(&state.db).await?;
    let by_members = query.sort == "members";
    let total: u64 = members.values().sum();
    let headline = page.locale.t_with(
        "home.headline",
        &[
            ("members", &total.to_string()),
            ("countries", &members.len().to_string()),
        ],
    );
    let regions = country::regions()
        .into_iter()
        .map(|(region, subs)| {
            let sub_regions: Vec<SubRegionGroup> = subs
                .into_iter()
                .map(|sub| {
                    let mut rows: Vec<CountryRow> = country::all()
                        .iter()
                        .filter(|country| country.region == region && country.sub_region == sub)
                        .map(|country| CountryRow {
                            country,
                            name: country.name(page.lang()),
                            members: members.get(country.alpha2).copied().unwrap_or(0),
                            organizations: organizations.get(country.alpha2).copied().unwrap_or(0),
                        })
                        .collect();
                    if by_members {
                        rows.sort_by(|a, b| {
                            b.members.cmp(&a.members).then_with(|| a.name.cmp(b.name))
                        });
                    } else {
                        rows.sort_by(|a, b| a.name.cmp(b.name));
                    }
                    SubRegionGroup {
                        key: format!("region.{}", region_slug(sub)),
                        countries: rows,
                    }
                })
                .collect();
            RegionGroup {
                key: format!("region.{}", region_slug(region)),
                members: sub_regions
                    .iter()
                    .flat_map(|sub| &sub.countries)
                    .map(|row| row.members)
                    .sum(),
                sub_regions,
            }
        })
        .collect();
    Ok(ListTemplate {
        page,
        headline,
        by_members,
        regions,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "country.html")]
struct ProfileTemplate {
    page: Page,
    country: &'static Country,
    code: CountryCode,
    name: &'static str,
    sub_region_key: Option<String>,
    members: u64,
    /// (rank, countries with members)
    rank: Option<(usize, usize)>,
    organizations: u64,
    listed_count: u64,
    per_million: Option<String>,
    workforce: Option<WorkforceFigure>,
    workforce_per_100k: Option<String>,
    people_per_worker: Option<String>,
    categories: Vec<(WorkforceCategory, u64)>,
    sectors: Vec<(Sector, u64)>,
    chart: String,
    years: Vec<(i32, u64)>,
    listed: Vec<DirectoryEntry>,
    scenarios: Vec<membernet_persistence::scenarios::Scenario>,
}

pub(super) fn decimal(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

async fn profile(
    State(state): State<Services>,
    page: Page,
    Path(code): Path<String>,
) -> Result<ProfileTemplate> {
    let code = CountryCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let country = code.country();
    let name = country.name(page.lang());
    let counts = countries::member_counts(&state.db).await?;
    let members = counts.get(country.alpha2).copied().unwrap_or(0);
    let rank = (members > 0).then(|| {
        let ahead = counts.values().filter(|other| **other > members).count();
        (ahead + 1, counts.len())
    });
    let population = country.population.unwrap_or(0);
    let workforce = countries::workforce(&state.db, code).await?;
    let cumulative = rollup::month_ends(&state.db, code.as_str()).await?;
    let chart = charts::growth_svg(
        "growth",
        &page
            .locale
            .t_with("country.chart.title", &[("country", name)]),
        &page.locale.t_with(
            "country.chart.description",
            &[("country", name), ("members", &members.to_string())],
        ),
        &cumulative,
    );
    let query = DirectoryQuery {
        countries: vec![code],
        ..DirectoryQuery::default()
    };
    let (listed, _) = directory::search(&state.db, &query).await?;
    Ok(ProfileTemplate {
        per_million: members_per_million(members, population).map(decimal),
        workforce_per_100k: workforce
            .as_ref()
            .and_then(|figure| figure.per_100k(population))
            .map(decimal),
        people_per_worker: workforce
            .as_ref()
            .and_then(|figure| figure.people_per_worker(population))
            .map(|n| n.to_string()),
        organizations: organizations::count_in_country(&state.db, code).await?,
        listed_count: countries::listed_count(&state.db, code).await?,
        categories: countries::category_counts(&state.db, code).await?,
        sectors: countries::sector_counts(&state.db, code).await?,
        years: charts::by_year(&cumulative)
            .into_iter()
            .map(|(year, total)| (year, total.max(0) as u64))
            .collect(),
        sub_region_key: (!country.sub_region.is_empty())
            .then(|| format!("region.{}", region_slug(country.sub_region))),
        page,
        country,
        code,
        name,
        members,
        rank,
        workforce,
        chart,
        listed,
        scenarios: membernet_persistence::scenarios::for_country(&state.db, code, false).await?,
    })
}
