//! `/organizations`: a searchable list, a page each (with the members the directory
//! lists there), and `/organizations/suggest` for the account form's suggestions.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Json, Router,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::{CountryCode, disclosure, organization::Organization};
use membernet_persistence::directory::DirectoryEntry;
use serde::Deserialize;

use crate::{
    error::Result,
    http::extract::Query,
    page::Page,
    services::{
        Services,
        organizations::{self, ListedOrganization, OrganizationPage, Shown},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list))
        .route("/organizations/suggest", get(suggest))
        .route("/organizations/{slug}", get(show))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub page: u64,
}

impl ListQuery {
    pub fn is_country(&self, code: &str) -> bool {
        self.country.eq_ignore_ascii_case(code)
    }

    /// The query string for page `page` with the same filters.
    pub fn page_link(&self, page: u64) -> String {
        let query = serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("country", self.country.as_str()),
            ("page", &page.to_string()),
        ])
        .unwrap_or_default();
        format!("/organizations?{query}")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "organizations/list.html")]
struct ListTemplate {
    page: Page,
    query: ListQuery,
    organizations: Vec<ListedOrganization>,
    has_more: bool,
}

async fn list(
    State(services): State<Services>,
    page: Page,
    Query(mut query): Query<ListQuery>,
) -> Result<ListTemplate> {
    let country = CountryCode::parse(&query.country).ok();
    if country.is_none() {
        query.country.clear();
    }
    query.page = query.page.min(10_000);
    let (organizations, has_more) =
        organizations::search(&services, &query.q, country, query.page).await?;
    Ok(ListTemplate {
        page,
        query,
        organizations,
        has_more,
    })
}

#[derive(Deserialize)]
struct SuggestQuery {
    #[serde(default)]
    q: String,
}

/// Names of organisations starting like `q`, for the account form's suggestions.
async fn suggest(
    State(services): State<Services>,
    Query(SuggestQuery { q }): Query<SuggestQuery>,
) -> Result<Json<Vec<String>>> {
    Ok(Json(organizations::suggest(&services, &q).await?))
}

#[derive(Template, WebTemplate)]
#[template(path = "organizations/organization.html")]
struct ShowTemplate {
    page: Page,
    organization: Organization,
    members: disclosure::Shown,
    listed: Vec<DirectoryEntry>,
    more_listed: bool,
}

async fn show(
    State(services): State<Services>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response> {
    let shown = match organizations::page(&services, &slug).await? {
        Shown::Page(shown) => shown,
        Shown::MergedInto(target) => {
            return Ok(Redirect::permanent(&format!("/organizations/{target}")).into_response());
        }
    };
    let OrganizationPage {
        organization,
        members,
        listed,
        more_listed,
    } = shown;
    Ok(ShowTemplate {
        page,
        organization,
        members,
        listed,
        more_listed,
    }
    .into_response())
}
