//! Registering for an event: a seat while there are seats, else the waiting list;
//! a guest's registration waits for their address to be confirmed; reminders a day
//! and an hour before, each sent once.

use time::{Duration, OffsetDateTime};

use super::EventId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationStatus {
    /// A guest who has not yet confirmed their address: holds no seat.
    Pending,
    /// Has a seat.
    Registered,
    /// On the waiting list, in the order of arrival.
    Waiting,
    Cancelled,
}

impl RegistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Waiting => "waiting",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            RegistrationStatus::Pending,
            RegistrationStatus::Registered,
            RegistrationStatus::Waiting,
            RegistrationStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| status.code() == code)
    }

    /// Still counts: has a seat or a place in line.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Registered | RegistrationStatus::Waiting
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegistrationId(pub i64);

/// One person's registration for one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: RegistrationId,
    pub event: EventId,
    /// The member, when a member registered.
    pub member: Option<i64>,
    pub name: String,
    pub email: String,
    pub country: Option<String>,
    /// The language of their emails.
    pub language: String,
    pub status: RegistrationStatus,
    pub attended: bool,
    pub created_at: OffsetDateTime,
}

/// A reminder before an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    DayBefore,
    HourBefore,
}

impl Reminder {
    pub fn lead(self) -> Duration {
        match self {
            Reminder::DayBefore => Duration::hours(24),
            Reminder::HourBefore => Duration::hours(1),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Reminder::DayBefore => "day",
            Reminder::HourBefore => "hour",
        }
    }

    /// The reminder to send now to someone registered at `registered_at` for an
    /// event starting at `starts_at`, given the ones already sent. A reminder is
    /// for people who registered before its time (someone registering twenty
    /// minutes before the start has just had their confirmation); when both are
    /// due (the server was down), only the hour's is sent.
    pub fn due(
        starts_at: OffsetDateTime,
        registered_at: OffsetDateTime,
        now: OffsetDateTime,
        day_sent: bool,
        hour_sent: bool,
    ) -> Option<Reminder> {
        if now >= starts_at {
            return None;
        }
        let until = starts_at - now;
        let wanted = |reminder: Reminder| {
            until <= reminder.lead() && registered_at < starts_at - reminder.lead()
        };
        if !hour_sent && wanted(Reminder::HourBefore) {
            Some(Reminder::HourBefore)
        } else if !day_sent && !hour_sent && wanted(Reminder::DayBefore) {
            Some(Reminder::DayBefore)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const START: OffsetDateTime = datetime!(2026-03-10 12:30 UTC);
    const EARLY: OffsetDateTime = datetime!(2026-03-01 09:00 UTC);

    #[test]
    fn the_day_reminder_then_the_hour_reminder() {
        let due = |now, day, hour| Reminder::due(START, EARLY, now, day, hour);
        assert_eq!(due(datetime!(2026-03-09 12:00 UTC), false, false), None);
        assert_eq!(
            due(datetime!(2026-03-09 12:31 UTC), false, false),
            Some(Reminder::DayBefore)
        );
        assert_eq!(due(datetime!(2026-03-09 13:00 UTC), true, false), None);
        assert_eq!(
            due(datetime!(2026-03-10 11:45 UTC), true, false),
            Some(Reminder::HourBefore)
        );
        assert_eq!(due(datetime!(2026-03-10 11:45 UTC), true, true), None);
        assert_eq!(due(START, false, false), None);
    }

    #[test]
    fn a_late_start_sends_only_the_hour_reminder() {
        let now = datetime!(2026-03-10 12:00 UTC);
        assert_eq!(
            Reminder::due(START, EARLY, now, false, false),
            Some(Reminder::HourBefore)
        );
        // …and after it, not the day's.
        assert_eq!(Reminder::due(START, EARLY, now, false, true), None);
    }

    #[test]
    fn late_registrations_get_no_reminder_they_do_not_need() {
        let registered = datetime!(2026-03-10 12:00 UTC);
        let now = datetime!(2026-03-10 12:10 UTC);
        assert_eq!(Reminder::due(START, registered, now, false, false), None);
        let registered = datetime!(2026-03-10 02:00 UTC);
        assert_eq!(
            Reminder::due(START, registered, now, false, false),
            Some(Reminder::HourBefore)
        );
    }
}

/// The addresses in an attendee list as webinar tools export it (CSV with a
/// header, the address in any column; quoted or not), normalised, each once.
pub fn attendee_addresses(file: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in file.lines() {
        for cell in line.split([',', ';', '\t']) {
            let cell = cell.trim().trim_matches('"').trim();
            if !cell.contains('@') {
                continue;
            }
            if let Ok(email) = crate::MemberEmail::parse(cell) {
                let email = email.as_str().to_owned();
                if !found.contains(&email) {
                    found.push(email);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod attendee_tests {
    use super::attendee_addresses;

    #[test]
    fn addresses_are_found_in_any_column() {
        let file = "Name,Email,Join time\n\"Amina O\",\"Amina@Example.org\",10:02\nBob;bob@example.org;10:05\nno address here\nAmina again,amina@example.org,10:30\n";
        assert_eq!(
            attendee_addresses(file),
            ["amina@example.org", "bob@example.org"]
        );
    }
}
