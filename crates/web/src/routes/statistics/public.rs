//! `/stats`: the network's public figures — the headline, its growth since the first
//! member, members by region, and the map of members by country with its table. The
//! same numbers as the API and the country pages, from the same public figures.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};

use crate::{
    error::Result,
    page::Page,
    services::{Services, statistics::network},
    state::AppState,
    views::{charts, map},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/stats", get(stats))
}

pub struct RegionRow {
    pub key: String,
    pub members: u64,
    pub countries: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics/network.html")]
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

async fn stats(State(services): State<Services>, page: Page) -> Result<StatsTemplate> {
    let network = network::load(&services).await?;
    Ok(StatsTemplate::new(page, network))
}

impl StatsTemplate {
    fn new(page: Page, network: network::NetworkStatistics) -> Self {
        let totals = network.figures.totals();
        let chart = charts::growth_svg(
            "network-growth",
            &page.locale.t("stats.chart.title"),
            &page.locale.t1(
                "stats.chart.description",
                "members",
                &totals.members.to_string(),
            ),
            &network.month_ends,
        );
        let by_country: HashMap<String, u64> = network
            .figures
            .members
            .iter()
            .map(|(code, members)| (code.as_str().to_owned(), members))
            .collect();
        Self {
            members: totals.members,
            countries: totals.countries,
            organizations: totals.organizations,
            chart,
            years: charts::by_year(&network.month_ends)
                .into_iter()
                .map(|(year, total)| (year, total.max(0) as u64))
                .collect(),
            regions: network
                .figures
                .regions()
                .iter()
                .map(|region| RegionRow {
                    key: format!("region.{}", region.slug),
                    members: region.members,
                    countries: region.countries,
                })
                .collect(),
            map: map::world_map("members-map", &by_country, page.locale),
            by_country: map::by_members(&by_country, page.locale),
            page,
        }
    }
}
