//! The membership event log: the append-only history every statistic derives from.
//!
//! A member joins when their email address is verified, leaves when their account
//! is erased or suspended, moves when they change country while counted, and
//! changes profile when what they count as (category, sectors, organisation type)
//! changes. Events keep the standing and the time but not the person once they are
//! erased, so erasing a person leaves history true.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipEventKind {
    Joined,
    Left,
    ChangedCountry,
    ChangedProfile,
}

impl MembershipEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipEventKind::Joined => "joined",
            MembershipEventKind::Left => "left",
            MembershipEventKind::ChangedCountry => "changed_country",
            MembershipEventKind::ChangedProfile => "changed_profile",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "joined" => Some(MembershipEventKind::Joined),
            "left" => Some(MembershipEventKind::Left),
            "changed_country" => Some(MembershipEventKind::ChangedCountry),
            "changed_profile" => Some(MembershipEventKind::ChangedProfile),
            _ => None,
        }
    }
}

impl MembershipEventKind {
    /// The kind of event a change is recorded as.
    pub fn of(change: &crate::statistics::Change) -> Self {
        use crate::statistics::Change;
        match change {
            Change::Joined(_) => MembershipEventKind::Joined,
            Change::Left(_) => MembershipEventKind::Left,
            Change::Changed { from, to } if from.country != to.country => {
                MembershipEventKind::ChangedCountry
            }
            Change::Changed { .. } => MembershipEventKind::ChangedProfile,
        }
    }
}

/// The month an instant falls in, as the yyyymm number the rollups are keyed by.
pub fn month_key(at: time::OffsetDateTime) -> i32 {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.year() * 100 + i32::from(u8::from(at.month()))
}

/// The first instant of a yyyymm month.
pub fn month_start(key: i32) -> Option<time::OffsetDateTime> {
    let month = time::Month::try_from(u8::try_from(key % 100).ok()?).ok()?;
    let date = time::Date::from_calendar_date(key / 100, month, 1).ok()?;
    Some(date.midnight().assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_fall_in_their_utc_month() {
        let at = time::macros::datetime!(2024-02-29 23:30 -02:00);
        assert_eq!(
            month_key(at),
            202403,
            "23:30 at UTC-2 is already March in UTC"
        );
        assert_eq!(
            month_start(202403),
            Some(time::macros::datetime!(2024-03-01 0:00 UTC))
        );
        assert_eq!(month_start(202413), None);
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            MembershipEventKind::Joined,
            MembershipEventKind::Left,
            MembershipEventKind::ChangedCountry,
            MembershipEventKind::ChangedProfile,
        ] {
            assert_eq!(MembershipEventKind::parse(kind.as_str()), Some(kind));
        }
    }
}
