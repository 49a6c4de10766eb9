//! `/stats`: the network's public figures — the headline, its growth since the first
//! member, members by region, and the map of members by country with its table. The same numbers as the API and the country pages,
//! from the same rollup.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_domain::{
    country::{self, region_slug},
    statistics::WORLD,
};
use membernet_persistence::{countries, organizations, rollup};

use crate::services::Services;
use crate::{error::Result, page::Page, state::AppState, views::charts, views::map};

pub fn router() -> Router<AppState> {
    Router::new().route("/stats", get(stats))
}

pub struct RegionRow {
    pub key: String,
    pub members: u64,
    pub countries: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "stats.html")]
struct StatsTemplate {
    page: Page,
    members: u64,
    countries: usize,
    organizations: u64,
    chart: String,
    years: Vec<(i32, u64)>,
    regions: Vec<RegionRow>,
    map: String,
    by_country: Vec<map::CountryMembers>,
}

async fn stats(State(state): State<Services>, page: Page) -> Result<StatsTemplate> {
    let by_country = countries::member_counts(&state.db).await?;
    let members: u64 = by_country.values().sum();
    let organizations: u64 = organizations::counts_by_country(&state.db)
        .await?
        .values()
        .sum();
    let cumulative = rollup::month_ends(&state.db, WORLD).await?;
    let chart = charts::growth_svg(
        "network-growth",
        &page.locale.t("stats.chart.title"),
        &page
            .locale
            .t1("stats.chart.description", "members", &members.to_string()),
        &cumulative,
    );
    let regions = country::regions()
        .into_iter()
        .map(|(region, _)| {
            let in_region: Vec<u64> = country::all()
                .iter()
                .filter(|country| country.region == region)
                .filter_map(|country| by_country.get(country.alpha2).copied())
                .collect();
            RegionRow {
                key: format!("region.{}", region_slug(region)),
                members: in_region.iter().sum(),
                countries: in_region.len(),
            }
        })
        .collect();
    Ok(StatsTemplate {
        members,
        countries: by_country.len(),
        organizations,
        chart,
        years: charts::by_year(&cumulative)
            .into_iter()
            .map(|(year, total)| (year, total.max(0) as u64))
            .collect(),
        regions,
        map: map::world_map("members-map", &by_country, page.locale),
        by_country: map::by_members(&by_country, page.locale),
        page,
    })
}
