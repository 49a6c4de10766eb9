//! What a change adds to the rollup's rows: a row's [`Key`], the counts of a
//! [`Delta`], and the running [`Totals`] at the end of a period.

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use super::{calendar::Grain, standing::Change};

/// Counts to add to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delta {
    pub joined: i64,
    pub left: i64,
    pub moved_in: i64,
    pub moved_out: i64,
}

impl Delta {
    pub fn net(&self) -> i64 {
        self.joined - self.left + self.moved_in - self.moved_out
    }

    pub fn is_zero(&self) -> bool {
        *self == Delta::default()
    }

    pub fn scaled(self, by: i64) -> Delta {
        Delta {
            joined: self.joined * by,
            left: self.left * by,
            moved_in: self.moved_in * by,
            moved_out: self.moved_out * by,
        }
    }
}

impl std::ops::AddAssign for Delta {
    fn add_assign(&mut self, other: Delta) {
        self.joined += other.joined;
        self.left += other.left;
        self.moved_in += other.moved_in;
        self.moved_out += other.moved_out;
    }
}

/// A rollup row's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub area: String,
    pub segment: String,
    pub grain: Grain,
    pub period: i32,
}

/// What a change at `at` adds to each row, zero entries left out.
pub fn deltas(change: &Change, at: OffsetDateTime) -> BTreeMap<Key, Delta> {
    let mut by_key: BTreeMap<(String, String), Delta> = BTreeMap::new();
    let mut add = |keys: BTreeSet<(String, String)>, delta: Delta| {
        for key in keys {
            *by_key.entry(key).or_default() += delta;
        }
    };
    match change {
        Change::Joined(to) => add(
            to.keys(),
            Delta {
                joined: 1,
                ..Delta::default()
            },
        ),
        Change::Left(from) => add(
            from.keys(),
            Delta {
                left: 1,
                ..Delta::default()
            },
        ),
        Change::Changed { from, to } => {
            let (before, after) = (from.keys(), to.keys());
            add(
                before.difference(&after).cloned().collect(),
                Delta {
                    moved_out: 1,
                    ..Delta::default()
                },
            );
            add(
                after.difference(&before).cloned().collect(),
                Delta {
                    moved_in: 1,
                    ..Delta::default()
                },
            );
        }
    }
    let mut out = BTreeMap::new();
    for ((area, segment), delta) in by_key {
        if delta.is_zero() {
            continue;
        }
        for grain in Grain::ALL {
            out.insert(
                Key {
                    area: area.clone(),
                    segment: segment.clone(),
                    grain,
                    period: grain.period(at),
                },
                delta,
            );
        }
    }
    out
}

/// The change to an area's count of countries with members when one of its
/// countries goes from `before` to `after` members at the end of a month, having
/// had `previous` at the end of the month before. `joined` counts countries gained
/// over the month, `left` countries lost; both follow month-end figures only, so
/// the order of events within a month does not matter.
pub fn countries_delta(previous: i64, before: i64, after: i64) -> Delta {
    let gained = |members: i64| i64::from(previous <= 0 && members > 0);
    let lost = |members: i64| i64::from(previous > 0 && members <= 0);
    Delta {
        joined: gained(after) - gained(before),
        left: lost(after) - lost(before),
        ..Delta::default()
    }
}

/// One row: a period's counts and the running totals at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub joined: i64,
    pub left: i64,
    pub moved_in: i64,
    pub moved_out: i64,
    /// Members at the end of the period.
    pub members: i64,
    /// Everyone who ever joined, to the end of the period.
    pub joined_total: i64,
    /// Everyone who ever left, to the end of the period.
    pub left_total: i64,
}

impl Totals {
    pub fn counts(&self) -> Delta {
        Delta {
            joined: self.joined,
            left: self.left,
            moved_in: self.moved_in,
            moved_out: self.moved_out,
        }
    }

    /// The running totals after a period with `delta`, from the totals before it.
    pub fn after(opening: &Totals, delta: Delta) -> Totals {
        Totals {
            joined: delta.joined,
            left: delta.left,
            moved_in: delta.moved_in,
            moved_out: delta.moved_out,
            members: opening.members + delta.net(),
            joined_total: opening.joined_total + delta.joined,
            left_total: opening.left_total + delta.left,
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::{CountryCode, profile::WorkforceCategory, statistics::Standing};

    fn code(alpha2: &str) -> CountryCode {
        CountryCode::parse(alpha2).unwrap()
    }

    fn standing(alpha2: &str) -> Standing {
        Standing {
            country: code(alpha2),
            category: None,
            sectors: vec![],
            organization_type: None,
            source: None,
        }
    }

    #[test]
    fn a_category_change_moves_only_the_category_rows() {
        let from = Standing {
            category: Some(WorkforceCategory::ALL[0]),
            ..standing("KE")
        };
        let to = Standing {
            category: Some(WorkforceCategory::ALL[1]),
            ..standing("KE")
        };
        let change = Change::between(Some(&from), Some(&to)).unwrap();
        let deltas = deltas(&change, datetime!(2024-05-10 9:00 UTC));
        assert!(
            deltas
                .keys()
                .all(|key| key.segment.starts_with("category:"))
        );
        assert_eq!(deltas.len(), 5 * 2 * 2, "5 areas, 2 categories, 2 grains");
        assert_eq!(
            Change::between(Some(&from), Some(&from.clone())),
            None,
            "nothing counted changed"
        );
    }

    #[test]
    fn a_move_within_a_sub_region_leaves_the_sub_region_alone() {
        let change = Change::Changed {
            from: standing("KE"),
            to: standing("UG"),
        };
        let moved = deltas(&change, datetime!(2024-05-10 9:00 UTC));
        let areas: BTreeSet<&str> = moved.keys().map(|key| key.area.as_str()).collect();
        assert_eq!(areas, BTreeSet::from(["KE", "UG"]));
        let change = Change::Changed {
            from: standing("KE"),
            to: standing("NG"),
        };
        let areas: BTreeSet<String> = deltas(&change, datetime!(2024-05-10 9:00 UTC))
            .into_keys()
            .map(|key| key.area)
            .collect();
        assert!(areas.contains("subregion:western-africa"));
        assert!(!areas.contains("subregion:sub-saharan-africa"));
    }

    #[test]
    fn countries_with_members_follow_month_ends_only() {
        assert_eq!(countries_delta(0, 0, 1).joined, 1);
        assert_eq!(countries_delta(0, 1, 2), Delta::default());
        assert_eq!(countries_delta(1, 1, 0).left, 1);
        // Gained then lost within the month: nothing, whatever the order.
        let gained = countries_delta(0, 0, 1);
        let lost_again = countries_delta(0, 1, 0);
        let mut total = gained;
        total += lost_again;
        assert_eq!(total, Delta::default());
    }
}
