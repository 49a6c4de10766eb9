//! The dashboard's tables as CSV files (`?format=csv&table=countries`, `regions`,
//! `growth` or `sources`): a header row in the reader's language, then the rows as the page shows
//! them, named after the choices
//! (`membernet-region-eastern-africa-sector-health-2025-12-to-2026-11-month-countries.csv`).

use membernet_domain::{
    statistics::{Area, Segment},
    statistics::{Interval, Month},
};

use super::tables::{AreaRow, Tables};
use crate::{
    http::download::Download,
    locale::Locale,
    services::statistics::{Selection, dashboard::Report},
    views::csv,
};

/// A table the dashboard downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Countries,
    Regions,
    Growth,
    Sources,
}

impl Table {
    pub fn parse(raw: &str) -> Option<Table> {
        match raw {
            "countries" => Some(Table::Countries),
            "regions" => Some(Table::Regions),
            "growth" => Some(Table::Growth),
            "sources" => Some(Table::Sources),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Table::Countries => "countries",
            Table::Regions => "regions",
            Table::Growth => "growth",
            Table::Sources => "sources",
        }
    }
}

/// One of the tables as a CSV download.
pub fn csv(
    locale: Locale,
    selection: &Selection,
    report: &Report,
    tables: &Tables,
    table: Table,
) -> Download {
    let body = match table {
        Table::Countries => area_csv(locale, &tables.by_country, true),
        Table::Regions => area_csv(locale, &tables.by_region, false),
        Table::Growth => growth_csv(locale, tables),
        Table::Sources => sources_csv(locale, tables),
    };
    let name = file_name(
        &selection.area,
        selection.segment,
        report.from,
        report.to,
        selection.interval,
    );
    Download::csv(format!("{name}-{}.csv", table.as_str()), body)
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

fn area_csv(locale: Locale, rows: &[AreaRow], countries: bool) -> String {
    let mut out = String::new();
    let mut header = vec![
        locale.t("statistics.column.area"),
        locale.t("statistics.column.code"),
        locale.t("statistics.column.members_start"),
        locale.t("statistics.column.members"),
        locale.t("statistics.column.joined"),
        locale.t("statistics.column.left"),
        locale.t("statistics.column.moved"),
        locale.t("statistics.column.net"),
        locale.t("statistics.column.growth"),
    ];
    if countries {
        header.push(locale.t("statistics.column.per_million"));
    } else {
        header.push(locale.t("statistics.column.countries"));
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

fn growth_csv(locale: Locale, tables: &Tables) -> String {
    let mut out = csv::line(&[
        locale.t("statistics.column.period"),
        locale.t("statistics.column.members"),
        locale.t("statistics.column.joined"),
        locale.t("statistics.column.left"),
        locale.t("statistics.column.moved"),
        locale.t("statistics.column.net"),
        locale.t("statistics.column.countries"),
    ]);
    for (point, countries) in &tables.growth {
        out.push_str(&csv::line(&[
            point.period.clone(),
            point.members.to_string(),
            point.joined.to_string(),
            point.left.to_string(),
            point.moved.to_string(),
            point.net.to_string(),
            countries.map(|n| n.to_string()).unwrap_or_default(),
        ]));
    }
    out
}

fn sources_csv(locale: Locale, tables: &Tables) -> String {
    let mut out = csv::line(&[
        locale.t("join_source.column.source"),
        locale.t("statistics.column.code"),
        locale.t("statistics.column.joined"),
        locale.t("join_source.column.share"),
    ]);
    for row in &tables.sources {
        out.push_str(&csv::line(&[
            row.name.clone(),
            row.code.to_owned(),
            row.joined.to_string(),
            row.share.clone().unwrap_or_default(),
        ]));
    }
    out
}
