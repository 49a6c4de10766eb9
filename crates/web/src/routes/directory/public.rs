//! `/members`: the directory of members who chose to be listed — searched by name,
//! filtered by country, region, organisation, category and sector, a page at a time.
//! A country, region or organisation not understood is dropped from the form and its
//! links; a category or sector not understood filters nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_domain::{
    CountryCode, country,
    profile::{Sector, WorkforceCategory},
};
use membernet_persistence::directory::DirectoryEntry;
use serde::Deserialize;

use crate::{
    error::Result,
    http::extract::Query,
    page::Page,
    services::{
        Services,
        directory::{self, Search},
    },
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/members", get(directory_page))
}

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub page: u64,
}

impl Filters {
    /// The search the filters ask for; a country or region not understood is
    /// cleared.
    fn search(&mut self) -> Search {
        self.page = self.page.min(10_000);
        let countries = match CountryCode::parse(&self.country) {
            Ok(code) => vec![code],
            Err(_) => {
                self.country.clear();
                let countries = country::in_region(&self.region);
                if countries.is_empty() {
                    self.region.clear();
                }
                countries
            }
        };
        Search {
            name: self.q.clone(),
            countries,
            organization: Some(self.organization.clone()).filter(|slug| !slug.is_empty()),
            category: WorkforceCategory::parse(&self.category),
            sector: Sector::parse(&self.sector),
            page: self.page,
        }
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.country.eq_ignore_ascii_case(code)
    }

    /// The same search in every organisation.
    pub fn without_organization(&self) -> String {
        let filters = Filters {
            organization: String::new(),
            q: self.q.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            category: self.category.clone(),
            sector: self.sector.clone(),
            page: 0,
        };
        filters.link(0)
    }

    pub fn link(&self, page: u64) -> String {
        let page = page.to_string();
        let pairs = [
            ("q", self.q.as_str()),
            ("country", self.country.as_str()),
            ("region", self.region.as_str()),
            ("organization", self.organization.as_str()),
            ("category", self.category.as_str()),
            ("sector", self.sector.as_str()),
            ("page", page.as_str()),
        ];
        let kept: Vec<_> = pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .collect();
        format!(
            "/members?{}",
            serde_urlencoded::to_string(kept).unwrap_or_default()
        )
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "directory/members.html")]
struct DirectoryTemplate {
    page: Page,
    filters: Filters,
    organization_name: Option<String>,
    regions: Vec<RegionOption>,
    categories: &'static [WorkforceCategory],
    sectors: &'static [Sector],
    listed: Vec<DirectoryEntry>,
    has_more: bool,
}

async fn directory_page(
    State(services): State<Services>,
    page: Page,
    Query(mut filters): Query<Filters>,
) -> Result<DirectoryTemplate> {
    let listing = directory::search(&services, filters.search()).await?;
    if listing.organization.is_none() {
        filters.organization.clear();
    }
    Ok(DirectoryTemplate {
        page,
        filters,
        organization_name: listing.organization.map(|organization| organization.name),
        regions: region_options(),
        categories: WorkforceCategory::ALL,
        sectors: Sector::ALL,
        listed: listing.listed,
        has_more: listing.has_more,
    })
}
