//! `/countries`: every country grouped by UN M49 region and sub-region, with its
//! members and organisations; `/countries/{code}`: a country's profile.

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
    disclosure::Shown,
    profile::{Sector, WorkforceCategory},
    public_figures::PublicFigures,
    workforce::WorkforceFigure,
};
use membernet_persistence::{directory::DirectoryEntry, scenarios::Scenario};
use serde::Deserialize;

use super::decimal;
use crate::{
    error::{AppError, Result},
    http::extract::Query,
    locale::Locale,
    page::Page,
    services::{Services, countries, public_figures},
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
#[template(path = "countries/list.html")]
struct ListTemplate {
    page: Page,
    headline: String,
    by_members: bool,
    regions: Vec<RegionGroup>,
}

async fn list(
    State(services): State<Services>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<ListTemplate> {
    let figures = public_figures::all(&services).await?;
    let by_members = query.sort == "members";
    let totals = figures.totals();
    let headline = page.locale.t_with(
        "home.headline",
        &[
            ("members", &totals.members.to_string()),
            ("countries", &totals.countries.to_string()),
        ],
    );
    Ok(ListTemplate {
        regions: groups(&figures, page.locale, by_members),
        page,
        headline,
        by_members,
    })
}

/// Each region with its total, each sub-region's countries by name or by members.
fn groups(figures: &PublicFigures, locale: Locale, by_members: bool) -> Vec<RegionGroup> {
    country::regions()
        .into_iter()
        .map(|(region, subs)| RegionGroup {
            key: format!("region.{}", region_slug(region)),
            members: figures.region(&region_slug(region)).members,
            sub_regions: subs
                .into_iter()
                .map(|sub| SubRegionGroup {
                    key: format!("region.{}", region_slug(sub)),
                    countries: rows(figures, locale, region, sub, by_members),
                })
                .collect(),
        })
        .collect()
}

fn rows(
    figures: &PublicFigures,
    locale: Locale,
    region: &str,
    sub_region: &str,
    by_members: bool,
) -> Vec<CountryRow> {
    let mut rows: Vec<CountryRow> = country::all()
        .iter()
        .filter(|country| country.region == region && country.sub_region == sub_region)
        .map(|country| {
            let here = figures.country(country.code());
            CountryRow {
                country,
                name: country.name(locale.code()),
                members: here.members,
                organizations: here.organizations,
            }
        })
        .collect();
    if by_members {
        rows.sort_by(|a, b| b.members.cmp(&a.members).then_with(|| a.name.cmp(b.name)));
    } else {
        rows.sort_by(|a, b| a.name.cmp(b.name));
    }
    rows
}

#[derive(Template, WebTemplate)]
#[template(path = "countries/profile.html")]
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
    categories: Vec<(WorkforceCategory, Shown)>,
    sectors: Vec<(Sector, Shown)>,
    /// Says why some counts read "fewer than N", or why there are no breakdowns.
    withheld_note: Option<String>,
    chart: String,
    years: Vec<(i32, u64)>,
    listed: Vec<DirectoryEntry>,
    scenarios: Vec<Scenario>,
    /// The newest resources about the country: (address, title, kind).
    resources: Vec<(String, String, String)>,
}

async fn profile(
    State(services): State<Services>,
    page: Page,
    Path(code): Path<String>,
) -> Result<ProfileTemplate> {
    let code = CountryCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let profile = countries::profile(&services, code).await?;
    let resources = crate::services::library::for_country(
        &services,
        &code,
        membernet_domain::library::Section::Resource,
        5,
    )
    .await?
    .into_iter()
    .map(|item| {
        let view = crate::routes::library::view::ItemView::new(item, page.locale);
        (view.path(), view.item.fields.title.clone(), view.kind())
    })
    .collect();
    Ok(ProfileTemplate {
        resources,
        ..ProfileTemplate::new(page, code, profile)
    })
}

impl ProfileTemplate {
    fn new(page: Page, code: CountryCode, profile: countries::Profile) -> Self {
        let country = code.country();
        let name = country.name(page.lang());
        let figures = profile.figures;
        let members = figures.standing.figures.members;
        let chart = charts::growth_svg(
            "growth",
            &page
                .locale
                .t_with("country.chart.title", &[("country", name)]),
            &page.locale.t_with(
                "country.chart.description",
                &[("country", name), ("members", &members.to_string())],
            ),
            &profile.month_ends,
        );
        Self {
            per_million: figures.per_million.map(decimal),
            workforce_per_100k: figures.workforce_per_100k.map(decimal),
            people_per_worker: figures.people_per_worker.map(|n| n.to_string()),
            organizations: figures.standing.figures.organizations,
            listed_count: figures.listed,
            withheld_note: withheld_note(&figures, page.locale),
            categories: figures.categories,
            sectors: figures.sectors,
            years: charts::by_year(&profile.month_ends)
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
            rank: figures.standing.rank.map(|rank| (rank.position, rank.of)),
            workforce: figures.workforce,
            chart,
            listed: profile.listed_members,
            scenarios: profile.scenarios,
            resources: Vec::new(),
        }
    }
}

/// The note under the breakdowns when a count in them is withheld.
fn withheld_note(figures: &countries::Figures, locale: Locale) -> Option<String> {
    let (members, threshold) = (figures.standing.figures.members, figures.threshold);
    if members > 0 && !threshold.shows_breakdowns(members) {
        let min = threshold.min().to_string();
        return Some(locale.t1("count.breakdowns_withheld", "n", &min));
    }
    let categories = figures.categories.iter().map(|(_, count)| count);
    let sectors = figures.sectors.iter().map(|(_, count)| count);
    categories.chain(sectors).find_map(|count| match count {
        Shown::FewerThan(min) => Some(locale.t1("count.withheld_note", "n", &min.to_string())),
        Shown::Exact(_) => None,
    })
}
