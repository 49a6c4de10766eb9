//! The whole rollup replayed in memory from the event log: what the table built
//! event by event must equal.

use std::collections::{BTreeMap, HashMap};

use time::OffsetDateTime;

use super::{
    area::Area,
    calendar::Grain,
    rollup::{Delta, Key, Totals, countries_delta, deltas},
    standing::{COUNTRIES, Change, EVERYONE},
};
use crate::CountryCode;

/// The whole rollup, replayed in memory from the event log (for the rebuild command,
/// the demo seed and tests).
#[derive(Debug, Default)]
pub struct Rollup {
    counts: HashMap<Key, Delta>,
}

impl Rollup {
    pub fn apply(&mut self, change: &Change, at: OffsetDateTime) {
        for (key, delta) in deltas(change, at) {
            *self.counts.entry(key).or_default() += delta;
        }
    }

    /// Every row with its running totals, the country counts included; rows whose
    /// counts are all zero are left out.
    pub fn rows(&self) -> BTreeMap<Key, Totals> {
        let mut counts: BTreeMap<Key, Delta> = self
            .counts
            .iter()
            .filter(|(_, delta)| !delta.is_zero())
            .map(|(key, delta)| (key.clone(), *delta))
            .collect();
        for (key, delta) in countries_rows(&counts) {
            counts.insert(key, delta);
        }
        let mut rows = BTreeMap::new();
        let mut running: Option<((String, String, Grain), Totals)> = None;
        for (key, delta) in counts {
            let series = (key.area.clone(), key.segment.clone(), key.grain);
            let opening = match &running {
                Some((current, totals)) if *current == series => *totals,
                _ => Totals::default(),
            };
            let totals = Totals::after(&opening, delta);
            running = Some((series, totals));
            rows.insert(key, totals);
        }
        rows
    }
}

/// The [`COUNTRIES`] rows implied by the countries' month rows.
fn countries_rows(counts: &BTreeMap<Key, Delta>) -> BTreeMap<Key, Delta> {
    let mut out: BTreeMap<Key, Delta> = BTreeMap::new();
    let mut country: Option<(String, i64)> = None;
    for (key, delta) in counts {
        if key.grain != Grain::Month || key.segment != EVERYONE {
            continue;
        }
        let Ok(code) = CountryCode::parse(&key.area) else {
            continue;
        };
        let previous = match &country {
            Some((area, members)) if *area == key.area => *members,
            _ => 0,
        };
        let members = previous + delta.net();
        country = Some((key.area.clone(), members));
        let change = countries_delta(previous, previous, members);
        if change.is_zero() {
            continue;
        }
        for area in Area::containing(code).iter().skip(1) {
            *out.entry(Key {
                area: area.key(),
                segment: COUNTRIES.to_owned(),
                grain: Grain::Month,
                period: key.period,
            })
            .or_default() += change;
        }
    }
    out.retain(|_, delta| !delta.is_zero());
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use time::{Duration, macros::datetime};

    use super::*;
    use crate::{
        join_source::SourceKind,
        organization::OrganizationType,
        profile::{Sector, WorkforceCategory},
        random::SplitMix64,
        statistics::{Segment, Standing, WORLD},
    };

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

    fn row<'a>(
        rows: &'a BTreeMap<Key, Totals>,
        area: &str,
        segment: &str,
        grain: Grain,
        period: i32,
    ) -> Option<&'a Totals> {
        rows.get(&Key {
            area: area.to_owned(),
            segment: segment.to_owned(),
            grain,
            period,
        })
    }

    #[test]
    fn running_totals_carry_across_periods() {
        let mut rollup = Rollup::default();
        rollup.apply(
            &Change::Joined(standing("KE")),
            datetime!(2024-01-10 9:00 UTC),
        );
        rollup.apply(
            &Change::Joined(standing("KE")),
            datetime!(2024-03-10 9:00 UTC),
        );
        rollup.apply(
            &Change::Left(standing("KE")),
            datetime!(2024-03-20 9:00 UTC),
        );
        let rows = rollup.rows();
        let march = row(&rows, "KE", EVERYONE, Grain::Month, 202403).unwrap();
        assert_eq!(
            (march.members, march.joined_total, march.left_total),
            (1, 2, 1)
        );
        let countries = row(&rows, WORLD, COUNTRIES, Grain::Month, 202401).unwrap();
        assert_eq!(countries.members, 1);
        assert_eq!(
            row(&rows, WORLD, COUNTRIES, Grain::Month, 202403),
            None,
            "Kenya kept a member"
        );
    }

    const PLACES: [&str; 6] = ["KE", "UG", "NG", "FR", "BR", "PH"];

    fn random_standing(rng: &mut SplitMix64) -> Standing {
        Standing {
            country: code(PLACES[rng.below(PLACES.len())]),
            category: (rng.below(3) > 0)
                .then(|| WorkforceCategory::ALL[rng.below(WorkforceCategory::ALL.len())]),
            sectors: (0..rng.below(3))
                .map(|_| Sector::ALL[rng.below(Sector::ALL.len())])
                .collect(),
            organization_type: (rng.below(2) > 0)
                .then(|| OrganizationType::ALL[rng.below(OrganizationType::ALL.len())]),
            source: (rng.below(4) > 0).then(|| SourceKind::ALL[rng.below(SourceKind::ALL.len())]),
        }
    }

    /// A random history: members join, change, leave, in time order.
    fn random_history(seed: u64, events: usize) -> (Vec<(Change, OffsetDateTime)>, Vec<Standing>) {
        let mut rng = SplitMix64::seeded(seed);
        let mut members: Vec<Option<Standing>> = Vec::new();
        let mut history = Vec::new();
        let mut at = datetime!(2020-01-01 0:00 UTC);
        for _ in 0..events {
            at += Duration::hours(rng.below(24 * 20) as i64);
            let present: Vec<usize> = (0..members.len())
                .filter(|i| members[*i].is_some())
                .collect();
            let roll = rng.below(10);
            if present.is_empty() || roll < 5 {
                let standing = random_standing(&mut rng);
                history.push((Change::Joined(standing.clone()), at));
                members.push(Some(standing));
            } else {
                let who = present[rng.below(present.len())];
                let before = members[who].clone().unwrap();
                if roll < 7 {
                    history.push((Change::Left(before), at));
                    members[who] = None;
                } else {
                    // Where a member came from never changes.
                    let after = Standing {
                        source: before.source,
                        ..random_standing(&mut rng)
                    };
                    if let Some(change) = Change::between(Some(&before), Some(&after)) {
                        history.push((change, at));
                    }
                    members[who] = Some(after);
                }
            }
        }
        (history, members.into_iter().flatten().collect())
    }

    fn latest(rows: &BTreeMap<Key, Totals>, area: &str, segment: &str, grain: Grain) -> Totals {
        rows.iter()
            .rev()
            .find(|(key, _)| key.area == area && key.segment == segment && key.grain == grain)
            .map(|(_, totals)| *totals)
            .unwrap_or_default()
    }

    #[test]
    fn random_histories_add_up() {
        for seed in 1..=40 {
            let (history, remaining) = random_history(seed, 300);
            let mut rollup = Rollup::default();
            for (change, at) in &history {
                rollup.apply(change, *at);
            }
            let rows = rollup.rows();
            for grain in Grain::ALL {
                let world = latest(&rows, WORLD, EVERYONE, grain);
                // Cumulative members are everyone who joined less everyone who left.
                assert_eq!(world.members, world.joined_total - world.left_total);
                assert_eq!(world.members, remaining.len() as i64, "seed {seed}");
                // The countries add up to the network, the regions too.
                let by_country: i64 = PLACES
                    .iter()
                    .map(|place| latest(&rows, place, EVERYONE, grain).members)
                    .sum();
                assert_eq!(by_country, world.members, "seed {seed}");
                let by_region: i64 = Area::regions()
                    .iter()
                    .filter(|area| matches!(area, Area::Region(_)))
                    .map(|area| latest(&rows, &area.key(), EVERYONE, grain).members)
                    .sum();
                assert_eq!(by_region, world.members, "seed {seed}");
                // Each category's figure is the members who now have it.
                for category in WorkforceCategory::ALL {
                    let segment = Segment::Category(*category).key();
                    let expected = remaining
                        .iter()
                        .filter(|s| s.category == Some(*category))
                        .count();
                    assert_eq!(
                        latest(&rows, WORLD, &segment, grain).members,
                        expected as i64,
                        "seed {seed} {segment}"
                    );
                }
                // Each source's figure is the members who came from it; with
                // those whose source is unknown, they are everyone.
                let mut by_source = 0;
                for kind in SourceKind::ALL {
                    let segment = Segment::Source(*kind).key();
                    let expected =
                        remaining.iter().filter(|s| s.source == Some(*kind)).count() as i64;
                    let found = latest(&rows, WORLD, &segment, grain);
                    assert_eq!(found.members, expected, "seed {seed} {segment}");
                    by_source += found.members;
                }
                let unknown = remaining.iter().filter(|s| s.source.is_none()).count() as i64;
                assert_eq!(by_source + unknown, world.members, "seed {seed}");
            }
            // Countries with members now.
            let with_members: BTreeSet<CountryCode> =
                remaining.iter().map(|standing| standing.country).collect();
            assert_eq!(
                latest(&rows, WORLD, COUNTRIES, Grain::Month).members,
                with_members.len() as i64,
                "seed {seed}"
            );
        }
    }

    #[test]
    fn moves_never_change_the_network_total() {
        for seed in 100..=120 {
            let (history, _) = random_history(seed, 200);
            for (change, at) in &history {
                if let Change::Changed { .. } = change {
                    let world: Delta = deltas(change, *at)
                        .into_iter()
                        .filter(|(key, _)| key.area == WORLD && key.segment == EVERYONE)
                        .map(|(_, delta)| delta)
                        .fold(Delta::default(), |mut sum, delta| {
                            sum += delta;
                            sum
                        });
                    assert_eq!(world.net(), 0, "seed {seed}");
                }
            }
        }
    }
}
