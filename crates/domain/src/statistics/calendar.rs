//! How statistics cut time: ISO weeks keyed by their Monday, calendar months, in
//! UTC.

use std::fmt;

use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// How finely a row cuts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grain {
    /// Periods are ISO weeks, keyed by their Monday as yyyymmdd.
    Week,
    /// Periods are calendar months, keyed as yyyymm.
    Month,
}

impl Grain {
    pub const ALL: [Grain; 2] = [Grain::Week, Grain::Month];

    pub fn code(self) -> &'static str {
        match self {
            Grain::Week => "w",
            Grain::Month => "m",
        }
    }

    pub fn parse(code: &str) -> Option<Grain> {
        match code {
            "w" => Some(Grain::Week),
            "m" => Some(Grain::Month),
            _ => None,
        }
    }

    /// The period an instant falls in (in UTC).
    pub fn period(self, at: OffsetDateTime) -> i32 {
        let date = at.to_offset(UtcOffset::UTC).date();
        match self {
            Grain::Week => date_key(monday_of(date)),
            Grain::Month => date.year() * 100 + i32::from(u8::from(date.month())),
        }
    }
}

/// A date as yyyymmdd.
pub fn date_key(date: Date) -> i32 {
    date.year() * 10_000 + i32::from(u8::from(date.month())) * 100 + i32::from(date.day())
}

/// The Monday of a date's ISO week.
pub fn monday_of(date: Date) -> Date {
    date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
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

    pub fn first_day(self) -> Option<Date> {
        let month = time::Month::try_from(u8::try_from(self.0 % 100).ok()?).ok()?;
        Date::from_calendar_date(self.0 / 100, month, 1).ok()
    }

    /// The month an instant falls in (UTC).
    pub fn of(at: OffsetDateTime) -> Self {
        Month(Grain::Month.period(at))
    }

    /// The month `months` before this one.
    pub fn minus(self, months: i32) -> Self {
        let index = (self.0 / 100) * 12 + (self.0 % 100 - 1) - months;
        Month((index / 12) * 100 + index % 12 + 1)
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

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn weeks_start_on_monday_and_months_are_utc() {
        // 2024-01-03 is a Wednesday.
        assert_eq!(
            Grain::Week.period(datetime!(2024-01-03 12:00 UTC)),
            20240101
        );
        assert_eq!(
            Grain::Week.period(datetime!(2024-01-07 23:59 UTC)),
            20240101
        );
        assert_eq!(Grain::Week.period(datetime!(2024-01-08 0:00 UTC)), 20240108);
        // A week can start in the previous year.
        assert_eq!(Grain::Week.period(datetime!(2021-01-01 0:00 UTC)), 20201228);
        assert_eq!(
            Grain::Month.period(datetime!(2024-02-29 23:30 -02:00)),
            202403
        );
    }

    #[test]
    fn months_parse_strictly_and_count_back() {
        assert_eq!(Month::parse("2019-01"), Some(Month(201901)));
        assert_eq!(Month::parse("2019-13"), None);
        assert_eq!(Month::parse("2019"), None);
        assert_eq!(Month(201912).next(), Month(202001));
        assert_eq!(Month(202401).minus(1), Month(202312));
        assert_eq!(Month(202412).minus(11), Month(202401));
        assert_eq!(Month(202403).minus(27), Month(202112));
    }
}
