//! Small numbers identify people. "Two members in Tuvalu work in health" names
//! them to anyone who knows the country's few social workers, although neither chose
//! to be listed in the directory. Public breakdowns (members by category, sector or
//! organisation, and the flows of a growth series) therefore show a count below a
//! threshold as "fewer than N"; staff see exact figures.
//!
//! Totals stay exact: a country's or a region's member count is the headline the
//! network publishes, and says nothing about any one person. Zero stays exact: it
//! reveals no one.

use crate::statistics::{Area, Interval, Segment};

/// Whether the public may see a growth series in this detail: a single country's
/// weekly series, or its series for one category, sector or organisation type, has
/// cells of one or two people, and is for staff. A region's or the network's is
/// public (its flows are still withheld when small: [`Threshold::flows`]).
pub fn growth_detail_is_public(area: &Area, segment: Segment, interval: Interval) -> bool {
    !matches!(area, Area::Country(_))
        || (segment == Segment::Everyone && interval != Interval::Week)
}

/// The smallest count a public breakdown shows as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u64);

/// A count as the public sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact(u64),
    /// At least one, fewer than this.
    FewerThan(u64),
}

impl Shown {
    /// The count, or `None` when it is withheld.
    pub fn exact(self) -> Option<u64> {
        match self {
            Shown::Exact(count) => Some(count),
            Shown::FewerThan(_) => None,
        }
    }
}

/// A growth period's flows as the public sees them: all three, or none (see
/// [`Threshold::flows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flows {
    pub joined: i64,
    pub left: i64,
    pub moved: i64,
}

impl Threshold {
    /// The default: 5, as many statistics offices use for small-cell suppression.
    pub const DEFAULT: Threshold = Threshold(5);

    /// A threshold of `min` (at least 1: 1 shows every count).
    pub fn new(min: u64) -> Self {
        Self(min.max(1))
    }

    pub fn min(self) -> u64 {
        self.0
    }

    /// Whether an area of `members` members shows breakdowns (by role, sector) at
    /// all: with fewer than the threshold, which rows there are would say what each
    /// of them does.
    pub fn shows_breakdowns(self, members: u64) -> bool {
        members >= self.0
    }

    /// `count` as the public sees it: exact when 0 or at least the threshold.
    pub fn cell(self, count: u64) -> Shown {
        if count == 0 || count >= self.0 {
            Shown::Exact(count)
        } else {
            Shown::FewerThan(self.0)
        }
    }

    /// A growth period's flows for the public. The members at the end of each
    /// period are published, so their difference (the net change) is known; were
    /// one small flow withheld and the others shown, it would follow from the net.
    /// So when any flow is small, all three are withheld and only the net remains,
    /// which cannot tell a member who left from one who was suspended.
    pub fn flows(self, flows: Flows) -> Option<Flows> {
        let small = |count: i64| count != 0 && count.unsigned_abs() < self.0;
        if small(flows.joined) || small(flows.left) || small(flows.moved) {
            None
        } else {
            Some(flows)
        }
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_below_the_threshold_are_withheld() {
        let five = Threshold::DEFAULT;
        assert_eq!(five.cell(0), Shown::Exact(0));
        for count in 1..5 {
            assert_eq!(five.cell(count), Shown::FewerThan(5));
            assert_eq!(five.cell(count).exact(), None);
        }
        assert_eq!(five.cell(5), Shown::Exact(5));
        assert_eq!(five.cell(1_000), Shown::Exact(1_000));
        assert_eq!(Threshold::new(0).cell(1), Shown::Exact(1), "1 shows all");
        assert!(!five.shows_breakdowns(4));
        assert!(five.shows_breakdowns(5));
    }

    #[test]
    fn a_single_countrys_weekly_or_segment_series_is_for_staff() {
        use crate::{CountryCode, profile::Sector};
        let kenya = Area::Country(CountryCode::parse("KE").unwrap());
        let africa = Area::Region("africa".into());
        let health = Segment::Sector(Sector::Health);
        assert!(growth_detail_is_public(
            &kenya,
            Segment::Everyone,
            Interval::Month
        ));
        assert!(!growth_detail_is_public(
            &kenya,
            Segment::Everyone,
            Interval::Week
        ));
        assert!(!growth_detail_is_public(&kenya, health, Interval::Year));
        assert!(growth_detail_is_public(&africa, health, Interval::Week));
        assert!(growth_detail_is_public(
            &Area::World,
            health,
            Interval::Week
        ));
    }

    #[test]
    fn one_small_flow_withholds_all_three() {
        let five = Threshold::DEFAULT;
        let flows = |joined, left, moved| Flows {
            joined,
            left,
            moved,
        };
        assert_eq!(five.flows(flows(12, 0, 5)), Some(flows(12, 0, 5)));
        assert_eq!(five.flows(flows(12, 1, 5)), None, "one suspension");
        assert_eq!(five.flows(flows(12, 7, -3)), None, "moves out count too");
        assert_eq!(five.flows(flows(0, 0, 0)), Some(flows(0, 0, 0)));
    }
}
