//! Membership statistics: the growth series of the JSON API, the staff dashboard's
//! report ([`dashboard`]), the public statistics page ([`network`]) and the rebuild
//! of the rollup they are all read from.
//!
//! Each takes a [`Selection`] — an area (the network, a region or a country), a
//! segment (everyone, or one category, sector or organisation type, or where members
//! joined from), a period of
//! months and an interval — as the routes parsed it from a query string. A period
//! left open is closed by one rule, [`Selection::period`], for the dashboard and the
//! API alike.

pub mod dashboard;
pub mod network;

use membernet_domain::{
    disclosure::{Flows, Threshold, growth_detail_is_public},
    statistics::{Area, COUNTRIES, Grain, Segment},
    statistics::{Interval, Month, Point, Summary, series},
};
use membernet_persistence::{DatabaseConnection, rollup};

use super::{Result, Services};

/// How many months an open period spans, ending with its last month.
pub const DEFAULT_MONTHS: i32 = 12;

/// What a statistics query asks for; the period's start may still be open (see
/// [`Selection::period`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub area: Area,
    pub segment: Segment,
    pub from: Option<Month>,
    /// At most the current month (a later one is read as the current month).
    pub to: Month,
    pub interval: Interval,
}

impl Selection {
    /// The period, first and last month: without a `from`, the last
    /// [`DEFAULT_MONTHS`] months up to `to`, whatever the interval and the area.
    pub fn period(&self) -> (Month, Month) {
        let from = self.from.unwrap_or(self.to.minus(DEFAULT_MONTHS - 1));
        (from, self.to.max(from))
    }
}

/// A growth series with the period it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub from: Month,
    pub to: Month,
    /// One point per interval, oldest first.
    pub points: Vec<Point>,
}

/// A growth period as the public sees it: the flows withheld when any is small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPoint {
    pub period: String,
    /// Members at the end of the period.
    pub members: i64,
    pub flows: Option<Flows>,
    pub net: i64,
}

/// What the public growth series answers.
pub enum PublicSeries {
    Series {
        from: Month,
        to: Month,
        points: Vec<PublicPoint>,
        threshold: Threshold,
    },
    /// The selection is finer than the public may see (a single country by week
    /// or by segment): staff see it on their dashboard.
    NotPublic,
}

/// The growth series a selection asks for, as the public API gives it.
pub async fn public_series(services: &Services, selection: &Selection) -> Result<PublicSeries> {
    if !growth_detail_is_public(&selection.area, selection.segment, selection.interval) {
        return Ok(PublicSeries::NotPublic);
    }
    let (from, to) = selection.period();
    let points = growth(
        &services.db,
        &selection.area,
        selection.segment,
        from,
        to,
        selection.interval,
    )
    .await?;
    let threshold = services.config.public_min_count;
    let points = points
        .into_iter()
        .map(|point| PublicPoint {
            flows: threshold.flows(Flows {
                joined: point.joined,
                left: point.left,
                moved: point.moved,
            }),
            period: point.period,
            members: point.members,
            net: point.net,
        })
        .collect();
    Ok(PublicSeries::Series {
        from,
        to,
        points,
        threshold,
    })
}

/// Replays the membership event log and compares it with the rollup; unless `check`,
/// rewrites the rollup from the log (`membernet stats rebuild`).
pub async fn rebuild(services: &Services, check: bool) -> Result<rollup::Rebuilt> {
    let rebuilt = rollup::rebuild(&services.db, check).await?;
    let changed = !(rebuilt.differences.is_empty() && rebuilt.organizations.is_empty());
    if !check && changed {
        services.public_changed().await?;
    }
    Ok(rebuilt)
}

/// The series for an area and segment over a period.
async fn growth(
    db: &DatabaseConnection,
    area: &Area,
    segment: Segment,
    from: Month,
    to: Month,
    interval: Interval,
) -> membernet_persistence::Result<Vec<Point>> {
    let slots = interval.slots(from, to);
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(Vec::new());
    };
    let (opening, rows) = rollup::rows(
        db,
        &area.key(),
        &segment.key(),
        interval.grain(),
        first.0,
        last.0,
    )
    .await?;
    Ok(series(&opening, &rows, &slots))
}

/// How many countries of an area had members at the end of each interval (the
/// network, a region: not a country, not weekly).
async fn countries_over_time(
    db: &DatabaseConnection,
    area: &Area,
    from: Month,
    to: Month,
    interval: Interval,
) -> membernet_persistence::Result<Vec<Point>> {
    if matches!(area, Area::Country(_)) || interval == Interval::Week {
        return Ok(Vec::new());
    }
    let slots = interval.slots(from, to);
    let (opening, rows) =
        rollup::rows(db, &area.key(), COUNTRIES, Grain::Month, from.0, to.0).await?;
    Ok(series(&opening, &rows, &slots))
}

/// The summary of each of `areas` over the period, in the same order.
async fn summaries(
    db: &DatabaseConnection,
    areas: &[Area],
    segment: Segment,
    from: Month,
    to: Month,
) -> membernet_persistence::Result<Vec<(Area, Summary)>> {
    let keys: Vec<String> = areas.iter().map(Area::key).collect();
    let found = rollup::summaries(db, &keys, &segment.key(), from.0, to.0).await?;
    Ok(areas
        .iter()
        .map(|area| {
            (
                area.clone(),
                found.get(&area.key()).copied().unwrap_or_default(),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Month = Month(202611);

    fn selection(from: Option<Month>, to: Month, interval: Interval) -> Selection {
        Selection {
            area: Area::World,
            segment: Segment::Everyone,
            from,
            to,
            interval,
        }
    }

    #[test]
    fn an_open_period_is_the_last_twelve_months_whatever_the_interval() {
        for interval in Interval::ALL {
            assert_eq!(
                selection(None, NOW, interval).period(),
                (Month(202512), NOW),
                "{interval:?}"
            );
        }
        assert_eq!(
            selection(None, Month(202403), Interval::Year).period(),
            (Month(202304), Month(202403))
        );
    }

    #[test]
    fn a_chosen_start_is_kept() {
        assert_eq!(
            selection(Some(Month(201301)), NOW, Interval::Quarter).period(),
            (Month(201301), NOW)
        );
        assert_eq!(
            selection(Some(NOW), NOW, Interval::Month).period(),
            (NOW, NOW)
        );
    }
}
