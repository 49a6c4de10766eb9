//! Growth over time: the series by week, month, quarter or year, and an area's
//! summary over a period, from the rollup's rows.

use std::collections::HashMap;

use time::Duration;

use super::{
    calendar::{Grain, Month, date_key, monday_of},
    rollup::{Delta, Totals},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Week,
    Month,
    Quarter,
    Year,
}

impl Interval {
    pub const ALL: [Interval; 4] = [
        Interval::Week,
        Interval::Month,
        Interval::Quarter,
        Interval::Year,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            "quarter" => Some(Interval::Quarter),
            "year" => Some(Interval::Year),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Quarter => "quarter",
            Interval::Year => "year",
        }
    }

    /// The rollup rows the interval is made of.
    pub fn grain(self) -> Grain {
        match self {
            Interval::Week => Grain::Week,
            _ => Grain::Month,
        }
    }

    /// The label of the interval a yyyymm month falls in: "2024-03", "2024-Q1", "2024".
    fn month_label(self, month: i32) -> String {
        let (year, m) = (month / 100, month % 100);
        match self {
            Interval::Week | Interval::Month => format!("{year}-{m:02}"),
            Interval::Quarter => format!("{year}-Q{}", (m - 1) / 3 + 1),
            Interval::Year => year.to_string(),
        }
    }

    /// The rollup periods from the start of `from` to the end of `to`, each with the
    /// label of the interval it belongs to. Weeks are ISO weeks ("2024-W05") whose
    /// Monday falls in the months.
    pub fn slots(self, from: Month, to: Month) -> Vec<(i32, String)> {
        let mut slots = Vec::new();
        match self {
            Interval::Week => {
                let (Some(first), Some(after)) = (from.first_day(), to.next().first_day()) else {
                    return slots;
                };
                let mut monday = monday_of(first);
                if monday < first {
                    monday += Duration::weeks(1);
                }
                while monday < after {
                    let (year, week, _) = monday.to_iso_week_date();
                    slots.push((date_key(monday), format!("{year}-W{week:02}")));
                    monday += Duration::weeks(1);
                }
            }
            _ => {
                let mut month = from;
                while month <= to {
                    slots.push((month.0, self.month_label(month.0)));
                    month = month.next();
                }
            }
        }
        slots
    }
}

/// The longest period a series may span, in years.
pub const MAX_YEARS: i32 = 200;
/// The longest weekly series, in years.
pub const MAX_WEEKLY_YEARS: i32 = 10;

/// Why a period cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    FromAfterTo,
    /// More than [`MAX_YEARS`].
    TooLong,
    /// A weekly series of more than [`MAX_WEEKLY_YEARS`].
    TooManyWeeks,
}

/// Whether a series from `from` to `to` by `interval` can be shown.
pub fn check_period(from: Month, to: Month, interval: Interval) -> Result<(), PeriodError> {
    let years = to.0 / 100 - from.0 / 100;
    if from > to {
        Err(PeriodError::FromAfterTo)
    } else if years > MAX_YEARS {
        Err(PeriodError::TooLong)
    } else if interval == Interval::Week && years > MAX_WEEKLY_YEARS {
        Err(PeriodError::TooManyWeeks)
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub period: String,
    /// Members at the end of the period.
    pub members: i64,
    pub joined: i64,
    pub left: i64,
    /// Moves in minus moves out.
    pub moved: i64,
    pub net: i64,
}

/// The series over `slots` (from [`Interval::slots`]): `opening` is the running
/// totals before the first slot, `rows` the periods' counts in any order (periods
/// outside the slots are ignored; missing ones are quiet).
pub fn series(opening: &Totals, rows: &[(i32, Delta)], slots: &[(i32, String)]) -> Vec<Point> {
    let counts: HashMap<i32, Delta> = rows.iter().copied().collect();
    let mut members = opening.members;
    let mut points: Vec<Point> = Vec::new();
    for (period, label) in slots {
        let delta = counts.get(period).copied().unwrap_or_default();
        members += delta.net();
        match points.last_mut() {
            Some(point) if point.period == *label => {
                point.joined += delta.joined;
                point.left += delta.left;
                point.moved += delta.moved_in - delta.moved_out;
                point.net += delta.net();
                point.members = members;
            }
            _ => points.push(Point {
                period: label.clone(),
                members,
                joined: delta.joined,
                left: delta.left,
                moved: delta.moved_in - delta.moved_out,
                net: delta.net(),
            }),
        }
    }
    points
}

/// An area's figures over a period, from the running totals before it and at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Members at the start of the period.
    pub opening: i64,
    /// Members at the end.
    pub members: i64,
    pub joined: i64,
    pub left: i64,
    /// Moves in less moves out.
    pub moved: i64,
    pub net: i64,
}

impl Summary {
    pub fn between(opening: &Totals, closing: &Totals) -> Summary {
        let joined = closing.joined_total - opening.joined_total;
        let left = closing.left_total - opening.left_total;
        let net = closing.members - opening.members;
        Summary {
            opening: opening.members,
            members: closing.members,
            joined,
            left,
            moved: net - joined + left,
            net,
        }
    }

    /// Net change as a percentage of the members at the start, in tenths of a
    /// percent (rounded towards zero); `None` when there were none at the start.
    pub fn growth_permille(&self) -> Option<i64> {
        (self.opening > 0).then(|| self.net * 1000 / self.opening)
    }
}

/// Tenths of a percent as text: 125 → "12.5", -3 → "-0.3".
pub fn permille_text(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let abs = permille.unsigned_abs();
    format!("{sign}{}.{}", abs / 10, abs % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(period: i32, joined: i64, left: i64) -> (i32, Delta) {
        (
            period,
            Delta {
                joined,
                left,
                ..Delta::default()
            },
        )
    }

    fn opening(members: i64) -> Totals {
        Totals {
            members,
            joined_total: members,
            ..Totals::default()
        }
    }

    #[test]
    fn the_opening_balance_carries_and_quiet_months_count() {
        let rows = [joined(202401, 3, 1), joined(202403, 2, 0)];
        let slots = Interval::Month.slots(Month(202401), Month(202403));
        let points = series(&opening(5), &rows, &slots);
        let members: Vec<i64> = points.iter().map(|p| p.members).collect();
        assert_eq!(members, [7, 7, 9]);
        assert_eq!(points[1].period, "2024-02");
        assert_eq!(points[1].net, 0);
    }

    #[test]
    fn quarters_and_years_sum_their_months_and_end_on_the_last() {
        let rows = [
            joined(202401, 3, 0),
            joined(202402, 1, 1),
            joined(202405, 4, 0),
        ];
        let quarters = series(
            &Totals::default(),
            &rows,
            &Interval::Quarter.slots(Month(202401), Month(202406)),
        );
        assert_eq!(quarters.len(), 2);
        assert_eq!(
            (
                quarters[0].period.as_str(),
                quarters[0].joined,
                quarters[0].left,
                quarters[0].members
            ),
            ("2024-Q1", 4, 1, 3)
        );
        assert_eq!(
            (quarters[1].period.as_str(), quarters[1].members),
            ("2024-Q2", 7)
        );
        let years = series(
            &Totals::default(),
            &rows,
            &Interval::Year.slots(Month(202401), Month(202412)),
        );
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].net, 7);
    }

    #[test]
    fn weeks_are_the_iso_weeks_whose_monday_falls_in_the_months() {
        // January 2024 starts on a Monday; its last Monday is the 29th.
        let slots = Interval::Week.slots(Month(202401), Month(202401));
        assert_eq!(slots.len(), 5);
        assert_eq!(slots[0], (20240101, "2024-W01".to_owned()));
        assert_eq!(slots[4], (20240129, "2024-W05".to_owned()));
        // 2021-01-01 is a Friday: the first Monday is the 4th, in ISO week 1.
        let slots = Interval::Week.slots(Month(202101), Month(202101));
        assert_eq!(slots[0], (20210104, "2021-W01".to_owned()));
        // Across a year end, ISO week-years hold.
        let slots = Interval::Week.slots(Month(202412), Month(202412));
        assert_eq!(slots.last().unwrap().1, "2025-W01");
    }

    #[test]
    fn a_summary_reads_two_running_totals() {
        let before = Totals {
            members: 10,
            joined_total: 12,
            left_total: 2,
            ..Totals::default()
        };
        let after = Totals {
            members: 13,
            joined_total: 16,
            left_total: 3,
            ..Totals::default()
        };
        let summary = Summary::between(&before, &after);
        assert_eq!((summary.joined, summary.left, summary.net), (4, 1, 3));
        assert_eq!(summary.moved, 0);
        assert_eq!(summary.growth_permille(), Some(300));
        assert_eq!(permille_text(300), "30.0");
        assert_eq!(permille_text(-3), "-0.3");
        assert_eq!(
            Summary::between(&Totals::default(), &after).growth_permille(),
            None
        );
    }

    #[test]
    fn periods_are_bounded() {
        assert_eq!(
            check_period(Month(202405), Month(202401), Interval::Month),
            Err(PeriodError::FromAfterTo)
        );
        assert_eq!(
            check_period(Month(190001), Month(202611), Interval::Year),
            Ok(())
        );
        assert_eq!(
            check_period(Month(180001), Month(202611), Interval::Year),
            Err(PeriodError::TooLong)
        );
        assert_eq!(
            check_period(Month(201001), Month(202611), Interval::Week),
            Err(PeriodError::TooManyWeeks)
        );
        assert_eq!(
            check_period(Month(201701), Month(202611), Interval::Week),
            Ok(())
        );
    }

    #[test]
    fn intervals_parse_by_name() {
        assert_eq!(Interval::parse("fortnight"), None);
        assert_eq!(Interval::parse("week"), Some(Interval::Week));
    }
}
