//! The dashboard's tables: `services::statistics::dashboard`'s report named in the
//! reader's language and ordered as chosen, for the page and its CSV files alike.

use std::cmp::Reverse;

use membernet_domain::{
    statistics::Area,
    statistics::{Point, SourceJoins, Summary, permille_text},
    workforce::members_per_million,
};

use crate::{
    locale::{Locale, collate},
    routes::countries::decimal,
    services::statistics::dashboard::Report,
};

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

impl AreaRow {
    fn new(locale: Locale, area: Area, summary: Summary) -> Self {
        let population = match &area {
            Area::Country(code) => code.country().population,
            _ => None,
        };
        AreaRow {
            name: area_name(locale, &area),
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
}

/// One row of the table of where members came from.
pub struct SourceRow {
    /// The kind's code (`week`), or `unknown` for joins before sources were recorded.
    pub code: &'static str,
    pub name: String,
    pub joined: i64,
    /// Share of the period's joins, in percent to one decimal.
    pub share: Option<String>,
}

impl SourceRow {
    fn new(locale: Locale, joins: &SourceJoins) -> Self {
        let (code, name) = match joins.source {
            Some(kind) => (kind.code(), locale.t(&kind.message_key())),
            None => ("unknown", locale.t("join_source.kind.unknown")),
        };
        SourceRow {
            code,
            name,
            joined: joins.joined,
            share: joins.share_text(),
        }
    }
}

/// The report's tables, named in the reader's language and in the chosen order.
pub struct Tables {
    pub compare: Vec<AreaRow>,
    pub by_country: Vec<AreaRow>,
    pub by_region: Vec<AreaRow>,
    /// The names of the countries without members, in alphabetical order.
    pub without_members: Vec<String>,
    /// Each period with the countries that had members at its end.
    pub growth: Vec<(Point, Option<i64>)>,
    /// Whether the growth table has a column of countries.
    pub show_countries: bool,
    /// Joins by where members came from.
    pub sources: Vec<SourceRow>,
}

impl Tables {
    pub fn new(locale: Locale, report: &Report, sort: &str) -> Self {
        let mut by_country: Vec<AreaRow> = report
            .by_country
            .iter()
            .map(|(code, summary)| AreaRow::new(locale, Area::Country(*code), *summary))
            .collect();
        sort_rows(&mut by_country, sort);
        let mut without_members: Vec<String> = report
            .without_members
            .iter()
            .map(|code| locale.country_name(code).to_owned())
            .collect();
        without_members.sort_by_key(|name| collate(name));
        Tables {
            compare: report
                .compare
                .iter()
                .map(|(area, summary)| AreaRow::new(locale, area.clone(), *summary))
                .collect(),
            by_country,
            by_region: report
                .by_region
                .iter()
                .map(|region| AreaRow {
                    countries: Some(region.countries),
                    ..AreaRow::new(locale, region.area.clone(), region.summary)
                })
                .collect(),
            without_members,
            growth: report
                .growth
                .iter()
                .enumerate()
                .map(|(index, point)| {
                    let countries = report.countries_over_time.get(index).copied().flatten();
                    (point.clone(), countries)
                })
                .collect(),
            show_countries: !report.countries_over_time.is_empty(),
            sources: report
                .sources
                .iter()
                .map(|joins| SourceRow::new(locale, joins))
                .collect(),
        }
    }
}

/// An area's name in the reader's language: the network, a region, a country.
pub fn area_name(locale: Locale, area: &Area) -> String {
    match area {
        Area::World => locale.t("statistics.network"),
        Area::Region(slug) | Area::SubRegion(slug) => locale.t(&format!("region.{slug}")),
        Area::Country(code) => locale.country_name(code).to_owned(),
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
        "name" => rows.sort_by_key(|row| collate(&row.name)),
        _ => rows.sort_by_key(|row| (Reverse(row.summary.net), Reverse(row.summary.members))),
    }
}
