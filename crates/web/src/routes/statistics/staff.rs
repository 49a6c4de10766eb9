//! `/staff/statistics`: membership growth for staff. Choose an area (the network, a
//! region, a country), who counts (everyone, or one category, sector or organisation
//! type, or where they joined from), a period of months and an interval; see the
//! totals and their change, how the area compares with the regions it is part of,
//! the growth chart, where members came from, tables by country and by region, and
//! the map. Every choice is in the query string, so each
//! view has an address to bookmark and share, and every table downloads as CSV
//! (`?format=csv&table=…`, see `download`) with the choices in the file name.
//!
//! The figures are `services::statistics::dashboard`'s report; here they are named
//! in the reader's language, ordered as chosen, and drawn.

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
    join_source::SourceKind,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
    statistics::{Area, Segment},
    statistics::{Interval, Month, Point},
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    download::{self, Table},
    query::{Problem, StatsQuery},
    tables::{AreaRow, SourceRow, Tables, area_name},
};
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, extract::Query},
    locale::Locale,
    page::Page,
    services::{
        Services,
        statistics::{
            Selection,
            dashboard::{self, Report},
        },
    },
    state::AppState,
    views::regions::{RegionOption, region_options},
    views::{charts, map},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/statistics", get(dashboard))
}

async fn dashboard(
    State(services): State<Services>,
    RequireStaff(_staff): RequireStaff,
    page: Page,
    Query(query): Query<DashboardQuery>,
) -> Result<Response> {
    let now = Month::of(OffsetDateTime::now_utc());
    let wants_csv = query.wants_csv()?;
    let selection = match query.stats().parse(now) {
        Ok(selection) => selection,
        Err(problems) => {
            let template = DashboardTemplate::refused(page, query, &problems, now);
            return Ok((StatusCode::BAD_REQUEST, template).into_response());
        }
    };
    let table = wants_csv
        .then(|| Table::parse(&query.table).ok_or(AppError::BadRequest))
        .transpose()?;
    let report = dashboard::report(&services, &selection).await?;
    let tables = Tables::new(page.locale, &report, query.sort_key());
    Ok(match table {
        Some(table) => {
            download::csv(page.locale, &selection, &report, &tables, table).into_response()
        }
        None => {
            DashboardTemplate::new(page, query, &selection, report, tables, now).into_response()
        }
    })
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
    /// Where members joined from: a `SourceKind` code.
    #[serde(default)]
    pub source: String,
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
            source: some(&self.source),
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
            ("source", &self.source),
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

    /// Whether a CSV file is asked for (`format=csv`) rather than the page; any
    /// other format is a bad request.
    fn wants_csv(&self) -> Result<bool> {
        match self.format.as_str() {
            "" => Ok(false),
            "csv" => Ok(true),
            _ => Err(AppError::BadRequest),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics/dashboard.html")]
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
    pub sources: Vec<SourceRow>,
    pub map: String,
    pub regions: Vec<RegionOption>,
    pub categories: &'static [WorkforceCategory],
    pub sectors: &'static [Sector],
    pub organization_types: &'static [OrganizationType],
    pub source_kinds: &'static [SourceKind],
    pub intervals: [Interval; 4],
    pub quick_periods: Vec<(String, String)>,
}

impl DashboardTemplate {
    fn new(
        page: Page,
        query: DashboardQuery,
        selection: &Selection,
        report: Report,
        tables: Tables,
        now: Month,
    ) -> Self {
        let locale = page.locale;
        let area_name = area_name(locale, &selection.area);
        let chart = charts::growth_svg(
            "staff-growth",
            &locale.t1("statistics.chart.title", "area", &area_name),
            &locale.t2(
                "statistics.chart.description",
                "from",
                &report.from.to_string(),
                "to",
                &report.to.to_string(),
            ),
            &report.month_ends,
        );
        DashboardTemplate {
            segment_name: segment_name(locale, selection.segment),
            from: report.from.to_string(),
            to: report.to.to_string(),
            interval: selection.interval.as_str(),
            compare: tables.compare,
            chart,
            growth_rows: tables.growth,
            show_countries: tables.show_countries,
            by_country: tables.by_country,
            without_members: tables.without_members,
            by_region: tables.by_region,
            sources: tables.sources,
            map: map::world_map("staff-map", &report.members_by_country, locale),
            area_name,
            ..Self::empty(page, query, FieldErrors::default(), now)
        }
    }

    /// The form again, with what is wrong and no figures.
    fn refused(page: Page, query: DashboardQuery, problems: &[Problem], now: Month) -> Self {
        let mut errors = FieldErrors::default();
        for problem in problems {
            errors.add(problem.field, page.locale.t(problem.message));
        }
        Self::empty(page, query, errors, now)
    }

    fn empty(page: Page, query: DashboardQuery, errors: FieldErrors, now: Month) -> Self {
        let quick_periods = [
            (11, "statistics.period.twelve_months"),
            (35, "statistics.period.three_years"),
            (119, "statistics.period.ten_years"),
        ]
        .into_iter()
        .map(|(back, key)| {
            let (from, to) = (now.minus(back).to_string(), now.to_string());
            (
                page.locale.t(key),
                query.link(&[("from", &from), ("to", &to)]),
            )
        })
        .collect();
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
            sources: Vec::new(),
            map: String::new(),
            regions: region_options(),
            categories: WorkforceCategory::ALL,
            sectors: Sector::ALL,
            organization_types: OrganizationType::ALL,
            source_kinds: SourceKind::ALL,
            intervals: Interval::ALL,
            quick_periods,
            page,
        }
    }
}

fn segment_name(locale: Locale, segment: Segment) -> Option<String> {
    match segment {
        Segment::Everyone => None,
        Segment::Category(category) => Some(locale.t(&category.message_key())),
        Segment::Sector(sector) => Some(locale.t(&sector.message_key())),
        Segment::OrganizationType(kind) => Some(locale.t(&kind.message_key())),
        Segment::Source(kind) => Some(locale.t(&format!("join_source.segment.{}", kind.code()))),
    }
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
