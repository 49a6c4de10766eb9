//! The membership event log: the append-only history every statistic derives from.
//!
//! A member joins when their email address is verified, leaves when their account
//! is erased or suspended, and moves when they change country while counted. Events
//! keep only the country and the time, so erasing a person leaves history true.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipEventKind {
    Joined,
    Left,
    ChangedCountry,
}

impl MembershipEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipEventKind::Joined => "joined",
            MembershipEventKind::Left => "left",
            MembershipEventKind::ChangedCountry => "changed_country",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "joined" => Some(MembershipEventKind::Joined),
            "left" => Some(MembershipEventKind::Left),
            "changed_country" => Some(MembershipEventKind::ChangedCountry),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            MembershipEventKind::Joined,
            MembershipEventKind::Left,
            MembershipEventKind::ChangedCountry,
        ] {
            assert_eq!(MembershipEventKind::parse(kind.as_str()), Some(kind));
        }
    }
}
