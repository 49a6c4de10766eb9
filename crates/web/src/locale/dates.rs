//! Dates and times as the reader's language writes them: "Tuesday 10 March 2026,
//! 08:30 EDT"; "mardi 10 mars 2026, 08:30 EDT".

use membernet_domain::events::{Zone, zone::LocalTime};
use time::OffsetDateTime;

use super::Locale;

impl Locale {
    /// The day: "Tuesday 10 March 2026".
    pub fn day(self, at: &LocalTime) -> String {
        self.t_with(
            "date.day",
            &[
                ("weekday", &self.t(&format!("date.weekday.{}", at.weekday))),
                ("day", &at.day.to_string()),
                ("month", &self.t(&format!("date.month.{}", at.month))),
                ("year", &at.year.to_string()),
            ],
        )
    }

    /// The day and time: "Tuesday 10 March 2026, 08:30 EDT".
    pub fn day_and_time(self, at: &LocalTime) -> String {
        format!("{}, {} {}", self.day(at), at.clock(), at.abbreviation)
    }

    /// From `start` to `end` in `zone`: "Tuesday 10 March 2026, 08:30–10:00 EDT
    /// (America/New_York)", with the end's day when it is another.
    pub fn span_in(self, zone: &Zone, start: OffsetDateTime, end: OffsetDateTime) -> String {
        let (from, to) = (zone.local(start), zone.local(end));
        let span = if from.same_day(&to) {
            format!(
                "{}, {}–{} {}",
                self.day(&from),
                from.clock(),
                to.clock(),
                to.abbreviation
            )
        } else {
            format!("{} – {}", self.day_and_time(&from), self.day_and_time(&to))
        };
        format!("{span} ({})", zone.name().replace('_', " "))
    }

    /// A calendar date with its weekday: "Monday 17 October 2022".
    pub fn date(self, date: time::Date) -> String {
        self.day(&Zone::utc().local(date.midnight().assume_utc()))
    }

    /// A date alone ("10 March 2026"; "10 de marzo de 2026"), for lists.
    pub fn short_day(self, at: &LocalTime) -> String {
        self.t_with(
            "date.short",
            &[
                ("day", &at.day.to_string()),
                ("month", &self.t(&format!("date.month.{}", at.month))),
                ("year", &at.year.to_string()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_webinar_reads_in_every_language() {
        let zone = Zone::parse("America/New_York").unwrap();
        let start = datetime!(2026-03-10 12:30 UTC);
        let end = datetime!(2026-03-10 14:00 UTC);
        assert_eq!(
            Locale::En.span_in(&zone, start, end),
            "Tuesday 10 March 2026, 08:30–10:00 EDT (America/New York)"
        );
        assert_eq!(
            Locale::Fr.span_in(&zone, start, end),
            "mardi 10 mars 2026, 08:30–10:00 EDT (America/New York)"
        );
        assert_eq!(
            Locale::Es.span_in(&zone, start, end),
            "martes 10 de marzo de 2026, 08:30–10:00 EDT (America/New York)"
        );
        assert_eq!(
            Locale::Pt.span_in(&zone, start, end),
            "terça-feira, 10 de março de 2026, 08:30–10:00 EDT (America/New York)"
        );
        let day = zone.local(start);
        assert_eq!(Locale::En.short_day(&day), "10 March 2026");
        assert_eq!(Locale::Fr.short_day(&day), "10 mars 2026");
        assert_eq!(Locale::Es.short_day(&day), "10 de marzo de 2026");
        assert_eq!(Locale::Pt.short_day(&day), "10 de março de 2026");
    }
}
