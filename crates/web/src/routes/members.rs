//! `/members`: the directory of members who chose to be listed — searched by name,
//! filtered by country, region, organisation, category and sector, a page at a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_domain::{
    CountryCode, country,
    profile::{Sector, WorkforceCategory},
};
use membernet_persistence::{
    directory::{self, DirectoryEntry, DirectoryQuery},
    organizations::{self, BySlug},
};
use serde::Deserialize;

use crate::http::extract::Query;
use crate::services::Services;
use crate::{
    error::Result,
    page::Page,
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
#[template(path = "members.html")]
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
    State(state): State<Services>,
    page: Page,
    Query(mut filters): Query<Filters>,
) -> Result<DirectoryTemplate> {
    filters.page = filters.page.min(10_000);
    let mut query = DirectoryQuery {
        name: filters.q.clone(),
        page: filters.page,
        ..DirectoryQuery::default()
    };
    match CountryCode::parse(&filters.country) {
        Ok(code) => query.countries = vec![code],
        Err(_) => {
            filters.country.clear();
            query.countries = country::in_region(&filters.region);
            if query.countries.is_empty() {
                filters.region.clear();
            }
        }
    }
    query.category = WorkforceCategory::parse(&filters.category);
    query.sector = Sector::parse(&filters.sector);
    let mut organization_name = None;
    if !filters.organization.is_empty() {
        match organizations::by_slug(&state.db, &filters.organization).await? {
            BySlug::Found(organization) => {
                query.organization = Some(organization.id);
                organization_name = Some(organization.name);
            }
            _ => filters.organization.clear(),
        }
    }
    let (listed, has_more) = directory::search(&state.db, &query).await?;
    Ok(DirectoryTemplate {
        page,
        filters,
        organization_name,
        regions: region_options(),
        categories: WorkforceCategory::ALL,
        sectors: Sector::ALL,
        listed,
        has_more,
    })
}
