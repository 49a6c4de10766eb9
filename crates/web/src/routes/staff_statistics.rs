//! `/staff/statistics`: membership growth for staff. Choose an area (the network, a
//! region, a country), who counts (everyone, or one category, sector or organisation
//! type), a period of months and an interval; see the totals and their change, how
//! the area compares with the regions it is part of, the growth chart, tables by
//! country and by region, and the map. Every choice is in the query string, so each
//! view has an address to bookmark and share, and every table downloads as CSV
//! (`?format=csv&table=…`) with the choices in the file name.

use std::cmp::Reverse;
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    growth::{Interval, Month, Point, Summary, permille_text},
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
    rollup::{Area, Segment},
    workforce::members_per_million,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    countries::decimal,
    members::{RegionOption, region_options},
};
use crate::http::download::Download;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::auth::RequireStaff,
    http::extract::Query,
    page::Page,
    services::statistics::{self, StatsQuery},
    state::AppState,
    views::charts,
    views::csv,
    views::map,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/statistics", get(dashboard))
}

/// The dashboard's query string: the statistics choices, the table order and the
/// download.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DashboardQuery {
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub organization_type: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub interval: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub table: String,
}

impl DashboardQuery {
    fn stats(&self) -> StatsQuery {
        let some = |text: &str| Some(text.to_owned()).filter(|text| !text.trim().is_empty());
        StatsQuery {
            country: some(&self.country),
            region: some(&self.region),
            category: some(&self.category),
            sector: some(&self.sector),
            organization_type: some(&self.organization_type),
            from: some(&self.from),
            to: some(&self.to),
            interval: some(&self.interval),
        }
    }

    /// This view's address with some choices replaced (empty values left out).
    pub fn link(&self, changes: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("country", &self.country),
            ("region", &self.region),
            ("category", &self.category),
            ("sector", &self.sector),
            ("organization_type", &self.organization_type),
            ("from", &self.from),
            ("to", &self.to),
            ("interval", &self.interval),
            ("sort", &self.sort),
        ]
        .into_iter()
        .map(|(name, value)| (name, value.clone()))
        .collect();
        for (name, value) in changes {
            match pairs.iter_mut().find(|(known, _)| known == name) {
                Some(pair) => pair.1 = (*value).to_owned(),
                None => pairs.push((name, (*value).to_owned())),
            }
        }
        pairs.retain(|(_, value)| !value.is_empty());
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            "/staff/statistics".to_owned()
        } else {
            format!("/staff/statistics?{query}")
        }
    }

    /// The same view as a CSV download of one table.
    pub fn csv_link(&self, table: &str) -> String {
        self.link(&[("format", "csv"), ("table", table)])
    }

    /// The same view for another area.
    pub fn area_link(&self, area: &Area) -> String {
        match area {
            Area::World => self.link(&[("country", ""), ("region", "")]),
            Area::Region(slug) | Area::SubRegion(slug) => {
                self.link(&[("country", ""), ("region", slug)])
            }
            Area::Country(code) => self.link(&[("country", code.as_str()), ("region", "")]),
        }
    }

    pub fn sort_link(&self, sort: &str) -> String {
        self.link(&[("sort", sort)])
    }

    pub fn sorted_by(&self, sort: &str) -> bool {
        self.sort_key() == sort
    }

    fn sort_key(&self) -> &str {
        match self.sort.as_str() {
            "members" | "growth" | "name" | "joined" => self.sort.as_str(),
            _ => "net",
        }
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.country.eq_ignore_ascii_case(code)
    }
}

/// One row of a table by area.
pub struct AreaRow {
    pub area: Area,
    pub name: String,
    pub summary: Summary,
    pub growth: Option<String>,
    /// Members per million people, to one decimal (countries with a population).
    pub per_million: Option<String>,
    /// Countries with members at the end (regions only).
    pub countries: Option<u64>,
    /// 0 for a region, 1 for a sub-region, 2 for an intermediate region.
    pub level: u8,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_statistics.html")]
pub struct DashboardTemplate {
    pub page: Page,
    pub query: DashboardQuery,
    pub errors: FieldErrors,
    pub area_name: String,
    pub segment_name: Option<String>,
    pub from: String,
    pub to: String,
    pub interval: &'static str,
    pub compare: Vec<AreaRow>,
    pub chart: String,
    /// Each period with the countries that had members at its end.
    pub growth_rows: Vec<(Point, Option<i64>)>,
    pub show_countries: bool,
    pub by_country: Vec<AreaRow>,
    pub without_members: Vec<String>,
    pub by_region: Vec<AreaRow>,
    pub map: String,
    pub regions: Vec<RegionOption>,
    pub categories: &'static [WorkforceCategory],
    pub sectors: &'static [Sector],
    pub organization_types: &'static [OrganizationType],
    pub intervals: [Interval; 4],
    pub quick_periods: Vec<(String, String)>,
}

fn area_name(page: &Page, area: &Area) -> String {
    match area {
        Area::World => page.locale.t("statistics.network"),
        Area::Region(slug) | Area::SubRegion(slug) => page.locale.t(&format!("region.{slug}")),
        Area::Country(code) => page.locale.country_name(code).to_owned(),
    }
}

fn segment_name(page: &Page, segment: Segment) -> Option<String> {
    match segment {
        Segment::Everyone => None,
        Segment::Category(category) => Some(page.locale.t(&category.message_key())),
        Segment::Sector(sector) => Some(page.locale.t(&sector.message_key())),
        Segment::OrganizationType(kind) => Some(page.locale.t(&kind.message_key())),
    }
}

fn row(page: &Page, area: Area, summary: Summary) -> AreaRow {
    let population = match &area {
        Area::Country(code) => code.country().population,
        _ => None,
    };
    AreaRow {
        name: area_name(page, &area),
        growth: summary.growth_permille().map(permille_text),
        per_million: population
            .and_then(|people| members_per_million(summary.members.max(0) as u64, people))
            .map(decimal),
        countries: None,
        level: area.level(),
        area,
        summary,
    }
}

fn sort_rows(rows: &mut [AreaRow], sort: &str) {
    match sort {
        "members" => rows.sort_by_key(|row| Reverse(row.summary.members)),
        "joined" => rows.sort_by_key(|row| Reverse(row.summary.joined)),
        "growth" => rows.sort_by_key(|row| {
            (
                Reverse(row.summary.growth_permille().unwrap_or(i64::MIN)),
                Reverse(row.summary.net),
            )
        }),
        "name" => rows.sort_by_key(|row| crate::locale::collate(&row.name)),
        _ => rows.sort_by_key(|row| (Reverse(row.summary.net), Reverse(row.summary.members))),
    }
}

async fn dashboard(
    State(state): State<Services>,
    RequireStaff(_staff): RequireStaff,
    page: Page,
    Query(query): Query<DashboardQuery>,
) -> Result<Response> {
    let mut errors = FieldErrors::default();
    let now_month = Month::of(OffsetDateTime::now_utc());
    let selection = match query.stats().parse(now_month) {
        Ok(selection) => Some(selection),
        Err(problems) => {
            for problem in problems {
                errors.add(problem.field, page.locale.t(problem.message));
            }
            None
        }
    };
    if !query.format.is_empty() && query.format != "csv" {
        return Err(AppError::BadRequest);
    }
    let quick_periods = [
        (11, "statistics.period.twelve_months"),
        (35, "statistics.period.three_years"),
        (119, "statistics.period.ten_years"),
    ]
    .into_iter()
    .map(|(back, key)| {
        (
            page.locale.t(key),
            query.link(&[
                ("from", &now_month.minus(back).to_string()),
                ("to", &now_month.to_string()),
            ]),
        )
    })
    .collect();
    let Some(selection) = selection else {
        let template = empty_template(page, query, errors, quick_periods);
        return Ok((StatusCode::BAD_REQUEST, template).into_response());
    };
    let (from, to) = selection.period();
    let db = &state.db;
    let area = &selection.area;
    let segment = selection.segment;

    let compare: Vec<AreaRow> = statistics::summaries(db, &area.with_parents(), segment, from, to)
        .await?
        .into_iter()
        .map(|(area, summary)| row(&page, area, summary))
        .collect();

    let countries_in_area: Vec<Area> = area.countries().into_iter().map(Area::Country).collect();
    let summaries = statistics::summaries(db, &countries_in_area, segment, from, to).await?;
    let mut without_members = Vec::new();
    let mut by_country = Vec::new();
    let mut counts: HashMap<String, u64> = HashMap::new();
    for (country_area, summary) in summaries {
        let Area::Country(code) = &country_area else {
            continue;
        };
        if summary.members > 0 {
            counts.insert(code.as_str().to_owned(), summary.members as u64);
        } else {
            without_members.push(page.locale.country_name(code).to_owned());
        }
        if summary != Summary::default() {
            by_country.push(row(&page, country_area, summary));
        }
    }
    sort_rows(&mut by_country, query.sort_key());
    without_members.sort_by_key(|name| crate::locale::collate(name));

    let regions = area.regions_within();
    let mut by_region: Vec<AreaRow> = statistics::summaries(db, &regions, segment, from, to)
        .await?
        .into_iter()
        .map(|(area, summary)| row(&page, area, summary))
        .collect();
    for region_row in &mut by_region {
        region_row.countries = Some(
            region_row
                .area
                .countries()
                .iter()
                .filter(|code| counts.contains_key(code.as_str()))
                .count() as u64,
        );
    }

    let points = statistics::growth(db, area, segment, from, to, selection.interval).await?;
    let countries_over_time: Vec<Option<i64>> = if segment == Segment::Everyone {
        let over_time =
            statistics::countries_over_time(db, area, from, to, selection.interval).await?;
        points
            .iter()
            .map(|point| {
                over_time
                    .iter()
                    .find(|c| c.period == point.period)
                    .map(|c| c.members)
            })
            .collect()
    } else {
        Vec::new()
    };
    let monthly = if selection.interval == Interval::Month {
        points.clone()
    } else {
        statistics::growth(db, area, segment, from, to, Interval::Month).await?
    };
    let cumulative: Vec<(i32, i64)> = Interval::Month
        .slots(from, to)
        .into_iter()
        .zip(monthly.iter())
        .map(|((month, _), point)| (month, point.members))
        .collect();
    let area_name = area_name(&page, area);
    let segment_name = segment_name(&page, segment);
    let chart = charts::growth_svg(
        "staff-growth",
        &page.locale.t1("statistics.chart.title", "area", &area_name),
        &page.locale.t2(
            "statistics.chart.description",
            "from",
            &from.to_string(),
            "to",
            &to.to_string(),
        ),
        &cumulative,
    );

    if query.format == "csv" {
        let filename = file_name(area, segment, from, to, selection.interval);
        let body = match query.table.as_str() {
            "countries" => area_csv(&page, &by_country, true),
            "regions" => area_csv(&page, &by_region, false),
            "growth" => growth_csv(&page, &points, &countries_over_time),
            _ => return Err(AppError::BadRequest),
        };
        let filename = format!("{filename}-{}.csv", query.table);
        return Ok(Download::csv(filename, body).into_response());
    }

    let map = map::world_map("staff-map", &counts, page.locale);
    Ok(DashboardTemplate {
        query,
        errors,
        area_name,
        segment_name,
        from: from.to_string(),
        to: to.to_string(),
        interval: selection.interval.as_str(),
        compare,
        chart,
        show_countries: !countries_over_time.is_empty(),
        growth_rows: points
            .into_iter()
            .enumerate()
            .map(|(index, point)| (point, countries_over_time.get(index).copied().flatten()))
            .collect(),
        by_country,
        without_members,
        by_region,
        map,
        regions: region_options(),
        categories: WorkforceCategory::ALL,
        sectors: Sector::ALL,
        organization_types: OrganizationType::ALL,
        intervals: Interval::ALL,
        quick_periods,
        page,
    }
    .into_response())
}

/// The form again, with what is wrong and no figures.
fn empty_template(
    page: Page,
    query: DashboardQuery,
    errors: FieldErrors,
    quick_periods: Vec<(String, String)>,
) -> DashboardTemplate {
    DashboardTemplate {
        query,
        errors,
        area_name: page.locale.t("statistics.network"),
        segment_name: None,
        from: String::new(),
        to: String::new(),
        interval: "month",
        compare: Vec::new(),
        chart: String::new(),
        growth_rows: Vec::new(),
        show_countries: false,
        by_country: Vec::new(),
        without_members: Vec::new(),
        by_region: Vec::new(),
        map: String::new(),
        regions: region_options(),
        categories: WorkforceCategory::ALL,
        sectors: Sector::ALL,
        organization_types: OrganizationType::ALL,
        intervals: Interval::ALL,
        quick_periods,
        page,
    }
}

/// `membernet-{area}-{who}-{from}-to-{to}-{interval}`, e.g.
/// `membernet-region-eastern-africa-sector-health-2025-12-to-2026-11-month`.
fn file_name(area: &Area, segment: Segment, from: Month, to: Month, interval: Interval) -> String {
    let area = match area {
        Area::World => "network".to_owned(),
        Area::Region(slug) | Area::SubRegion(slug) => format!("region-{slug}"),
        Area::Country(code) => format!("country-{}", code.as_str()),
    };
    let who = match segment {
        Segment::Everyone => String::new(),
        other => format!("-{}", other.key().replace([':', '_'], "-")),
    };
    format!("membernet-{area}{who}-{from}-to-{to}-{}", interval.as_str())
}

fn area_csv(page: &Page, rows: &[AreaRow], countries: bool) -> String {
    let mut out = String::new();
    let mut header = vec![
        page.locale.t("statistics.column.area"),
        page.locale.t("statistics.column.code"),
        page.locale.t("statistics.column.members_start"),
        page.locale.t("statistics.column.members"),
        page.locale.t("statistics.column.joined"),
        page.locale.t("statistics.column.left"),
        page.locale.t("statistics.column.moved"),
        page.locale.t("statistics.column.net"),
        page.locale.t("statistics.column.growth"),
    ];
    if countries {
        header.push(page.locale.t("statistics.column.per_million"));
    } else {
        header.push(page.locale.t("statistics.column.countries"));
    }
    out.push_str(&csv::line(&header));
    for row in rows {
        let code = match &row.area {
            Area::Country(code) => code.as_str().to_owned(),
            Area::Region(slug) | Area::SubRegion(slug) => slug.clone(),
            Area::World => "world".to_owned(),
        };
        let last = if countries {
            row.per_million.clone().unwrap_or_default()
        } else {
            row.countries.map(|n| n.to_string()).unwrap_or_default()
        };
        out.push_str(&csv::line(&[
            row.name.clone(),
            code,
            row.summary.opening.to_string(),
            row.summary.members.to_string(),
            row.summary.joined.to_string(),
            row.summary.left.to_string(),
            row.summary.moved.to_string(),
            row.summary.net.to_string(),
            row.growth.clone().unwrap_or_default(),
            last,
        ]));
    }
    out
}

fn growth_csv(page: &Page, points: &[Point], countries: &[Option<i64>]) -> String {
    let mut out = csv::line(&[
        page.locale.t("statistics.column.period"),
        page.locale.t("statistics.column.members"),
        page.locale.t("statistics.column.joined"),
        page.locale.t("statistics.column.left"),
        page.locale.t("statistics.column.moved"),
        page.locale.t("statistics.column.net"),
        page.locale.t("statistics.column.countries"),
    ]);
    for (index, point) in points.iter().enumerate() {
        out.push_str(&csv::line(&[
            point.period.clone(),
            point.members.to_string(),
            point.joined.to_string(),
            point.left.to_string(),
            point.moved.to_string(),
            point.net.to_string(),
            countries
                .get(index)
                .copied()
                .flatten()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use membernet_domain::CountryCode;

    use super::*;

    #[test]
    fn links_keep_the_view_and_change_one_choice() {
        let query = DashboardQuery {
            region: "africa".into(),
            from: "2025-01".into(),
            ..DashboardQuery::default()
        };
        assert_eq!(
            query.csv_link("countries"),
            "/staff/statistics?region=africa&from=2025-01&format=csv&table=countries"
        );
        assert_eq!(
            query.area_link(&Area::Country(CountryCode::parse("KE").unwrap())),
            "/staff/statistics?country=KE&from=2025-01"
        );
    }
}
