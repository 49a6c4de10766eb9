//! Growth series: members at the end of each interval, joined, left and net change,
//! computed from the monthly rollup of the membership event log.
//!
//! A month's row says how many joined, left, moved in and moved out. Members at the
//! end of an interval are everyone counted before it plus the interval's net change,
//! so the series needs the months before `from` too (as an opening balance).

use std::fmt;

/// One month of a selection (a country, a region, the network), summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthCounts {
    /// yyyymm
    pub month: i32,
    pub joined: i64,
    pub left: i64,
    pub moved_in: i64,
    pub moved_out: i64,
}

impl MonthCounts {
    pub fn net(&self) -> i64 {
        self.joined - self.left + self.moved_in - self.moved_out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Month,
    Quarter,
    Year,
}

impl Interval {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "month" => Some(Interval::Month),
            "quarter" => Some(Interval::Quarter),
            "year" => Some(Interval::Year),
            _ => None,
        }
    }

    /// The label of the interval a yyyymm month falls in: "2024-03", "2024-Q1", "2024".
    pub fn label(self, month: i32) -> String {
        let (year, m) = (month / 100, month % 100);
        match self {
            Interval::Month => format!("{year}-{m:02}"),
            Interval::Quarter => format!("{year}-Q{}", (m - 1) / 3 + 1),
            Interval::Year => year.to_string(),
        }
    }
}

/// A month given as `yyyy-mm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(pub i32);

impl Month {
    pub fn parse(raw: &str) -> Option<Self> {
        let (year, month) = raw.trim().split_once('-')?;
        let (year, month) = (year.parse::<i32>().ok()?, month.parse::<i32>().ok()?);
        ((1900..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month(year * 100 + month))
    }

    pub fn next(self) -> Self {
        let (year, month) = (self.0 / 100, self.0 % 100);
        if month == 12 {
            Month((year + 1) * 100 + 1)
        } else {
            Month(self.0 + 1)
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0 / 100, self.0 % 100)
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

/// The series from `from` to `to` (inclusive, months) by `interval`. `months` may be
/// in any order and may start before `from` (those count as the opening balance).
pub fn series(months: &[MonthCounts], from: Month, to: Month, interval: Interval) -> Vec<Point> {
    let mut sorted = months.to_vec();
    sorted.sort_by_key(|month| month.month);
    let mut members: i64 = sorted
        .iter()
        .filter(|m| m.month < from.0)
        .map(MonthCounts::net)
        .sum();
    let mut points: Vec<Point> = Vec::new();
    let mut month = from;
    let mut index = sorted.partition_point(|m| m.month < from.0);
    while month <= to {
        let label = interval.label(month.0);
        let counts = match sorted.get(index) {
            Some(counts) if counts.month == month.0 => {
                index += 1;
                *counts
            }
            _ => MonthCounts {
                month: month.0,
                ..MonthCounts::default()
            },
        };
        members += counts.net();
        match points.last_mut() {
            Some(point) if point.period == label => {
                point.joined += counts.joined;
                point.left += counts.left;
                point.moved += counts.moved_in - counts.moved_out;
                point.net += counts.net();
                point.members = members;
            }
            _ => points.push(Point {
                period: label,
                members,
                joined: counts.joined,
                left: counts.left,
                moved: counts.moved_in - counts.moved_out,
                net: counts.net(),
            }),
        }
        month = month.next();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(month: i32, joined: i64, left: i64) -> MonthCounts {
        MonthCounts {
            month,
            joined,
            left,
            ..MonthCounts::default()
        }
    }

    #[test]
    fn months_before_the_period_open_the_balance_and_quiet_months_count() {
        let data = [
            month(202311, 5, 0),
            month(202401, 3, 1),
            month(202403, 2, 0),
        ];
        let points = series(&data, Month(202401), Month(202403), Interval::Month);
        let members: Vec<i64> = points.iter().map(|p| p.members).collect();
        assert_eq!(members, [7, 7, 9]);
        assert_eq!(points[1].period, "2024-02");
        assert_eq!(points[1].net, 0);
    }

    #[test]
    fn quarters_and_years_sum_their_months_and_end_on_the_last() {
        let data = [
            month(202401, 3, 0),
            month(202402, 1, 1),
            month(202405, 4, 0),
        ];
        let quarters = series(&data, Month(202401), Month(202406), Interval::Quarter);
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
        let years = series(&data, Month(202401), Month(202412), Interval::Year);
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].net, 7);
    }

    #[test]
    fn a_move_changes_both_countries_but_not_their_sum() {
        let kenya = [MonthCounts {
            month: 202401,
            joined: 2,
            moved_out: 1,
            ..MonthCounts::default()
        }];
        let uganda = [MonthCounts {
            month: 202401,
            moved_in: 1,
            ..MonthCounts::default()
        }];
        let k = series(&kenya, Month(202401), Month(202401), Interval::Month);
        let u = series(&uganda, Month(202401), Month(202401), Interval::Month);
        assert_eq!(k[0].members + u[0].members, 2);
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(Month::parse("2019-01"), Some(Month(201901)));
        assert_eq!(Month::parse("2019-13"), None);
        assert_eq!(Month::parse("2019"), None);
        assert_eq!(Month(201912).next(), Month(202001));
        assert_eq!(Interval::parse("week"), None);
    }
}
