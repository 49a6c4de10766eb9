//! Time zones: names from the IANA database (bundled with `jiff`, so every
//! instance converts alike whatever its system holds), never fixed offsets, so a
//! time is right on both sides of a daylight-saving change.

use std::{collections::BTreeMap, fmt, sync::LazyLock};

use jiff::{Timestamp, tz::TimeZone};
use time::OffsetDateTime;

use crate::CountryCode;

/// A time zone that exists in the IANA database, by its name ("Africa/Nairobi").
#[derive(Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = TimeZone::get(name).ok()?;
        // The database's own spelling ("america/new_york" is found, but shown as
        // the database writes it).
        let name = tz.iana_name().unwrap_or(name).to_owned();
        Some(Zone { name, tz })
    }

    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone guessed for a reader from `country`: its capital's or most populous
    /// region's (`seed/time-zones.tsv`).
    pub fn guess_for(country: CountryCode) -> Option<Zone> {
        ZONES_BY_COUNTRY
            .get(country.as_str())
            .and_then(|zones| zones.first())
            .and_then(|name| Zone::parse(name))
    }

    /// `at` as it reads in this zone.
    pub fn local(&self, at: OffsetDateTime) -> LocalTime {
        let timestamp =
            Timestamp::from_second(at.unix_timestamp()).unwrap_or(Timestamp::UNIX_EPOCH);
        let zoned = timestamp.to_zoned_datetime(self.tz.clone());
        LocalTime {
            year: zoned.year(),
            month: zoned.month() as u8,
            day: zoned.day() as u8,
            weekday: zoned.weekday().to_monday_one_offset() as u8,
            hour: zoned.hour() as u8,
            minute: zoned.minute() as u8,
            abbreviation: zoned
                .time_zone()
                .to_offset_info(timestamp)
                .abbreviation()
                .to_owned(),
            offset_seconds: zoned.offset().seconds(),
        }
    }

    /// The moment a local date and time (`2026-03-08T08:30`, as a
    /// `datetime-local` field sends it) names in this zone. A time the clocks skip
    /// (the hour lost in spring) or pass twice (the hour repeated in autumn) is
    /// refused: the person must say which moment they mean.
    pub fn moment(&self, local: &str) -> Result<OffsetDateTime, LocalTimeError> {
        let civil: jiff::civil::DateTime =
            local.trim().parse().map_err(|_| LocalTimeError::Invalid)?;
        let zoned = self
            .tz
            .to_ambiguous_zoned_datetime(civil)
            .unambiguous()
            .map_err(|_| LocalTimeError::SkippedOrRepeated)?;
        OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second())
            .map_err(|_| LocalTimeError::Invalid)
    }

    /// `days` calendar days after `at` at the same time on this zone's clocks (a
    /// webinar at 08:30 stays at 08:30 across a daylight-saving change).
    pub fn days_later(&self, at: OffsetDateTime, days: i64) -> OffsetDateTime {
        let timestamp =
            Timestamp::from_second(at.unix_timestamp()).unwrap_or(Timestamp::UNIX_EPOCH);
        let later = timestamp
            .to_zoned_datetime(self.tz.clone())
            .checked_add(jiff::Span::new().days(days))
            .map(|zoned| zoned.timestamp().as_second())
            .unwrap_or(at.unix_timestamp() + days * 86_400);
        OffsetDateTime::from_unix_timestamp(later).unwrap_or(at)
    }

    /// `at` in this zone as a `datetime-local` field shows it (`2026-03-08T08:30`).
    pub fn field_value(&self, at: OffsetDateTime) -> String {
        let local = self.local(at);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            local.year, local.month, local.day, local.hour, local.minute
        )
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTimeError {
    /// Not a date and time.
    Invalid,
    /// A time the clocks skip or pass twice in that zone.
    SkippedOrRepeated,
}

/// A moment as a clock in some zone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i16,
    pub month: u8,
    pub day: u8,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u8,
    pub hour: u8,
    pub minute: u8,
    /// "EST", "EDT", "SAST", or an offset ("+07") where the zone has no letters.
    pub abbreviation: String,
    pub offset_seconds: i32,
}

impl LocalTime {
    /// The same calendar day as `other` (for "8:30 – 10:00" without a second date).
    pub fn same_day(&self, other: &LocalTime) -> bool {
        (self.year, self.month, self.day) == (other.year, other.month, other.day)
    }

    pub fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// Every zone of `seed/time-zones.tsv` by country, the guess first.
static ZONES_BY_COUNTRY: LazyLock<BTreeMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| {
        let mut zones: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for line in TIME_ZONES_TSV.lines().filter(|line| !line.starts_with('#')) {
            if let Some((country, zone)) = line.split_once('\t') {
                zones.entry(country).or_default().push(zone);
            }
        }
        zones
    });

const TIME_ZONES_TSV: &str = include_str!("../../../../seed/time-zones.tsv");

/// Every zone a reader can choose, sorted by name, UTC first.
pub fn choices() -> &'static [&'static str] {
    static CHOICES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut names: Vec<&str> = ZONES_BY_COUNTRY
            .values()
            .flatten()
            .copied()
            .filter(|name| TimeZone::get(name).is_ok())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.insert(0, "UTC");
        names
    });
    &CHOICES
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn unknown_zones_are_refused() {
        assert!(Zone::parse("Africa/Nairobi").is_some());
        assert!(Zone::parse("Mars/Olympus_Mons").is_none());
        assert!(Zone::parse("").is_none());
        assert!(Zone::parse("+03:00").is_none());
    }

    /// New York moves its clocks on 8 March 2026, Johannesburg never: the same
    /// webinar at 14:30 in Johannesburg is 07:30 in New York before the change
    /// and 08:30 after.
    #[test]
    fn times_follow_daylight_saving_in_each_zone() {
        let johannesburg = Zone::parse("Africa/Johannesburg").unwrap();
        let new_york = Zone::parse("America/New_York").unwrap();
        let before = johannesburg.moment("2026-03-05T14:30").unwrap();
        let after = johannesburg.moment("2026-03-12T14:30").unwrap();
        assert_eq!(before, datetime!(2026-03-05 12:30 UTC));
        assert_eq!(new_york.local(before).clock(), "07:30");
        assert_eq!(new_york.local(before).abbreviation, "EST");
        assert_eq!(new_york.local(after).clock(), "08:30");
        assert_eq!(new_york.local(after).abbreviation, "EDT");
        assert_eq!(johannesburg.local(after).abbreviation, "SAST");
        let jakarta = Zone::parse("Asia/Jakarta").unwrap();
        assert_eq!(jakarta.local(after).clock(), "19:30");
    }

    #[test]
    fn skipped_and_repeated_hours_are_refused() {
        let new_york = Zone::parse("America/New_York").unwrap();
        assert_eq!(
            new_york.moment("2026-03-08T02:30"),
            Err(LocalTimeError::SkippedOrRepeated)
        );
        assert_eq!(
            new_york.moment("2026-11-01T01:30"),
            Err(LocalTimeError::SkippedOrRepeated)
        );
        assert_eq!(new_york.moment("tomorrow"), Err(LocalTimeError::Invalid));
        let at = new_york.moment("2026-11-01T03:30").unwrap();
        assert_eq!(new_york.field_value(at), "2026-11-01T03:30");
    }

    #[test]
    fn a_week_later_keeps_the_local_time_across_a_change() {
        let new_york = Zone::parse("America/New_York").unwrap();
        let before = new_york.moment("2026-03-05T08:30").unwrap();
        let after = new_york.days_later(before, 7);
        assert_eq!(new_york.field_value(after), "2026-03-12T08:30");
        assert_eq!(after - before, time::Duration::hours(7 * 24 - 1));
    }

    #[test]
    fn a_country_has_a_first_guess() {
        let guess = |code| Zone::guess_for(CountryCode::parse(code).unwrap()).unwrap();
        assert_eq!(guess("KE").name(), "Africa/Nairobi");
        assert_eq!(guess("US").name(), "America/New_York");
        assert_eq!(guess("BR").name(), "America/Sao_Paulo");
        assert!(choices().len() > 300);
        assert!(choices().iter().all(|name| Zone::parse(name).is_some()));
    }
}
