//! The staff dashboard's report for a selection: the area beside the regions it is
//! part of, its growth series (with the countries that had members at the end of
//! each interval), the regions and countries within it, and the members at the end
//! of the period in each country (for the map), and the area's joins by where
//! members came from. The reader names, orders and draws it; every figure is here.

use std::collections::HashMap;

use membernet_domain::{
    CountryCode,
    join_source::SourceKind,
    statistics::{Area, Segment, SourceJoins, joins_by_source},
    statistics::{Interval, Month, Point, Summary},
};
use membernet_persistence::DatabaseConnection;

use super::{Selection, countries_over_time, growth, summaries};
use crate::services::{Result, Services};

/// Everything the dashboard shows for one selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub from: Month,
    pub to: Month,
    /// The area, then the regions it is part of, the network last.
    pub compare: Vec<(Area, Summary)>,
    /// The area's countries with any figure in the period, in reference order.
    pub by_country: Vec<(CountryCode, Summary)>,
    /// The area's countries without members at the end of the period.
    pub without_members: Vec<CountryCode>,
    /// The regions within the area, in the order of `Area::regions`.
    pub by_region: Vec<RegionSummary>,
    /// One point per interval.
    pub growth: Vec<Point>,
    /// Beside each point of `growth`, the area's countries with members at its end:
    /// `None` where not counted (a country, weeks); empty for a segment.
    pub countries_over_time: Vec<Option<i64>>,
    /// Members at the end of each month of the period, for the chart.
    pub month_ends: Vec<(i32, i64)>,
    /// Members at the end of the period in each country with members, by code.
    pub members_by_country: HashMap<String, u64>,
    /// The area's joins over the period by where members came from, whoever the
    /// selection counts.
    pub sources: Vec<SourceJoins>,
}

/// A region's summary and how many of its countries had members at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSummary {
    pub area: Area,
    pub summary: Summary,
    pub countries: u64,
}

/// The report for a selection, over its period (see [`Selection::period`]).
pub async fn report(services: &Services, selection: &Selection) -> Result<Report> {
    let db = &services.db;
    let (from, to) = selection.period();
    let area = &selection.area;
    let segment = selection.segment;
    let compare = summaries(db, &area.with_parents(), segment, from, to).await?;

    let countries: Vec<Area> = area.countries().into_iter().map(Area::Country).collect();
    let mut by_country = Vec::new();
    let mut without_members = Vec::new();
    let mut members_by_country = HashMap::new();
    for (country, summary) in summaries(db, &countries, segment, from, to).await? {
        let Area::Country(code) = country else {
            continue;
        };
        if summary.members > 0 {
            members_by_country.insert(code.as_str().to_owned(), summary.members as u64);
        } else {
            without_members.push(code);
        }
        if summary != Summary::default() {
            by_country.push((code, summary));
        }
    }

    let by_region = summaries(db, &area.regions_within(), segment, from, to)
        .await?
        .into_iter()
        .map(|(region, summary)| RegionSummary {
            countries: region
                .countries()
                .iter()
                .filter(|code| members_by_country.contains_key(code.as_str()))
                .count() as u64,
            area: region,
            summary,
        })
        .collect();

    let points = growth(db, area, segment, from, to, selection.interval).await?;
    let countries_over_time = if segment == Segment::Everyone {
        let over_time = countries_over_time(db, area, from, to, selection.interval).await?;
        points
            .iter()
            .map(|point| {
                over_time
                    .iter()
                    .find(|counted| counted.period == point.period)
                    .map(|counted| counted.members)
            })
            .collect()
    } else {
        Vec::new()
    };
    let monthly = if selection.interval == Interval::Month {
        points.clone()
    } else {
        growth(db, area, segment, from, to, Interval::Month).await?
    };
    let everyone = match compare.first() {
        Some((_, summary)) if segment == Segment::Everyone => summary.joined,
        _ => joined(db, area, Segment::Everyone, from, to).await?,
    };
    let mut by_kind = Vec::new();
    for kind in SourceKind::ALL {
        by_kind.push((
            *kind,
            joined(db, area, Segment::Source(*kind), from, to).await?,
        ));
    }
    let sources = joins_by_source(everyone, &by_kind);

    let month_ends = Interval::Month
        .slots(from, to)
        .into_iter()
        .zip(&monthly)
        .map(|((month, _), point)| (month, point.members))
        .collect();

    Ok(Report {
        from,
        to,
        compare,
        by_country,
        without_members,
        by_region,
        growth: points,
        countries_over_time,
        month_ends,
        members_by_country,
        sources,
    })
}

/// The joins in one area and segment over the period: one summary from the rollup.
async fn joined(
    db: &DatabaseConnection,
    area: &Area,
    segment: Segment,
    from: Month,
    to: Month,
) -> membernet_persistence::Result<i64> {
    let found = summaries(db, std::slice::from_ref(area), segment, from, to).await?;
    Ok(found.first().map_or(0, |(_, summary)| summary.joined))
}
