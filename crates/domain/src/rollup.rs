//! The statistics rollup: what each membership event adds to the figures of each area
//! (a country, its sub-region, its region, the network) and segment (everyone, or the
//! members of one category, sector or organisation type), by week and by month.
//!
//! A member's [`Standing`] is what they count as: their country and what they said
//! about their work. Every change to who counts is a [`Change`] from one standing to
//! another, recorded in the event log with both standings; [`deltas`] turns it into
//! counts to add. The database applies those in the event's transaction, and
//! [`Rollup`] replays the whole log in memory: the rebuild command compares the two.
//!
//! Each row also carries running totals (members at the end of the period, everyone
//! who ever joined, everyone who ever left), so any period's figures are two index
//! look-ups, not a sum over history.
//!
//! One more segment counts countries rather than members: for a sub-region, region or
//! the network, how many of its countries have at least one member at the end of each
//! month ([`COUNTRIES`], see [`countries_delta`]).

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::LazyLock,
};

use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::{
    CountryCode,
    country::region_slug,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

/// The network as an area.
pub const WORLD: &str = "world";
/// The segment of every member.
pub const EVERYONE: &str = "";
/// The segment counting an area's countries with members (month grain only).
pub const COUNTRIES: &str = "countries";

/// Where a figure is counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    World,
    /// A UN M49 region, by slug ("africa").
    Region(String),
    /// A UN M49 sub-region ("sub-saharan-africa") or intermediate region
    /// ("eastern-africa"), by slug.
    SubRegion(String),
    Country(CountryCode),
}

impl Area {
    /// The rollup's key: "world", "region:africa", "subregion:eastern-africa", "KE".
    pub fn key(&self) -> String {
        match self {
            Area::World => WORLD.to_owned(),
            Area::Region(slug) => format!("region:{slug}"),
            Area::SubRegion(slug) => format!("subregion:{slug}"),
            Area::Country(code) => code.as_str().to_owned(),
        }
    }

    /// A region, sub-region or intermediate region by its slug; `None` when none
    /// has that slug.
    pub fn from_slug(slug: &str) -> Option<Area> {
        Area::regions().into_iter().find(|area| match area {
            Area::Region(known) | Area::SubRegion(known) => known == slug,
            _ => false,
        })
    }

    /// The areas a country's members count in: the country, its intermediate
    /// region, sub-region and region, and the network (fewer for a country without
    /// a region).
    pub fn containing(country: CountryCode) -> Vec<Area> {
        let reference = country.country();
        let mut areas = vec![Area::Country(country)];
        if !reference.intermediate_region.is_empty() {
            areas.push(Area::SubRegion(region_slug(reference.intermediate_region)));
        }
        if !reference.sub_region.is_empty() {
            areas.push(Area::SubRegion(region_slug(reference.sub_region)));
        }
        if !reference.region.is_empty() {
            areas.push(Area::Region(region_slug(reference.region)));
        }
        areas.push(Area::World);
        areas
    }

    /// Every region, each followed by its sub-regions, each followed by its
    /// intermediate regions.
    pub fn regions() -> Vec<Area> {
        let intermediate = crate::country::intermediate_regions();
        let mut areas = Vec::new();
        for (region, subs) in crate::country::regions() {
            areas.push(Area::Region(region_slug(region)));
            for sub in subs {
                areas.push(Area::SubRegion(region_slug(sub)));
                areas.extend(
                    intermediate
                        .iter()
                        .filter(|(_, parent)| *parent == sub)
                        .map(|(name, _)| Area::SubRegion(region_slug(name))),
                );
            }
        }
        areas
    }

    /// The area followed by the regions it is part of, the network last: Kenya,
    /// Eastern Africa, Sub-Saharan Africa, Africa, the network.
    pub fn with_parents(&self) -> Vec<Area> {
        match self {
            Area::World => vec![Area::World],
            Area::Country(code) => Area::containing(*code),
            _ => {
                let Some(inside) = self.countries().first().copied() else {
                    return vec![self.clone(), Area::World];
                };
                let chain = Area::containing(inside);
                let start = chain.iter().position(|area| area == self).unwrap_or(0);
                chain[start..].to_vec()
            }
        }
    }

    /// The regions inside this area (every region for the network; none for a
    /// country), in the order of [`Area::regions`].
    pub fn regions_within(&self) -> Vec<Area> {
        match self {
            Area::Country(_) => Vec::new(),
            Area::World => Area::regions(),
            _ => {
                let inside = self.countries();
                Area::regions()
                    .into_iter()
                    .filter(|candidate| candidate != self)
                    .filter(|candidate| {
                        let theirs = candidate.countries();
                        !theirs.is_empty() && theirs.iter().all(|code| inside.contains(code))
                    })
                    .collect()
            }
        }
    }

    /// How deep a region is: 0 for a region (and the network or a country), 1 for
    /// a sub-region, 2 for an intermediate region.
    pub fn level(&self) -> u8 {
        match self {
            Area::SubRegion(slug) => {
                let intermediate = crate::country::intermediate_regions()
                    .iter()
                    .any(|(name, _)| region_slug(name) == *slug);
                if intermediate { 2 } else { 1 }
            }
            _ => 0,
        }
    }

    /// The countries in this area.
    pub fn countries(&self) -> Vec<CountryCode> {
        match self {
            Area::World => crate::country::all().iter().map(|c| c.code()).collect(),
            Area::Region(slug) | Area::SubRegion(slug) => crate::country::in_region(slug),
            Area::Country(code) => vec![*code],
        }
    }
}

/// The keys of the areas a country's members count in (see [`Area::containing`]),
/// worked out once per country: replaying a million events asks for them often.
fn area_keys(country: CountryCode) -> &'static [String] {
    static KEYS: LazyLock<HashMap<CountryCode, Vec<String>>> = LazyLock::new(|| {
        crate::country::all()
            .iter()
            .map(|country| {
                let code = country.code();
                (code, Area::containing(code).iter().map(Area::key).collect())
            })
            .collect()
    });
    KEYS.get(&country).map_or(&[], Vec::as_slice)
}

/// A filter on who is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Everyone,
    Category(WorkforceCategory),
    Sector(Sector),
    OrganizationType(OrganizationType),
}

impl Segment {
    pub fn key(self) -> String {
        match self {
            Segment::Everyone => EVERYONE.to_owned(),
            Segment::Category(category) => format!("category:{}", category.code()),
            Segment::Sector(sector) => format!("sector:{}", sector.code()),
            Segment::OrganizationType(kind) => format!("organization:{}", kind.code()),
        }
    }
}

/// What a counted member counts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub country: CountryCode,
    pub category: Option<WorkforceCategory>,
    pub sectors: Vec<Sector>,
    pub organization_type: Option<OrganizationType>,
}

impl Standing {
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = vec![Segment::Everyone];
        segments.extend(self.category.map(Segment::Category));
        let sectors: BTreeSet<Sector> = self.sectors.iter().copied().collect();
        segments.extend(sectors.into_iter().map(Segment::Sector));
        segments.extend(self.organization_type.map(Segment::OrganizationType));
        segments
    }

    /// Every (area, segment) key this standing counts in.
    pub fn keys(&self) -> BTreeSet<(String, String)> {
        let segments: Vec<String> = self.segments().into_iter().map(Segment::key).collect();
        area_keys(self.country)
            .iter()
            .flat_map(|area| {
                segments
                    .iter()
                    .map(move |segment| (area.clone(), segment.clone()))
            })
            .collect()
    }

    /// Sectors as stored in the event log: codes, sorted, comma-separated.
    pub fn sectors_text(&self) -> Option<String> {
        let codes: BTreeSet<&str> = self.sectors.iter().map(|sector| sector.code()).collect();
        (!codes.is_empty()).then(|| codes.into_iter().collect::<Vec<_>>().join(","))
    }

    /// Reads [`Standing::sectors_text`] back (unknown codes dropped).
    pub fn parse_sectors(text: Option<&str>) -> Vec<Sector> {
        text.unwrap_or_default()
            .split(',')
            .filter_map(|code| Sector::parse(code.trim()))
            .collect()
    }
}

/// A change in who counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Joined(Standing),
    Left(Standing),
    /// A counted member moved country or changed what they count as.
    Changed {
        from: Standing,
        to: Standing,
    },
}

impl Change {
    /// The change between two snapshots of a member; `None` when nothing counted changed.
    pub fn between(before: Option<&Standing>, after: Option<&Standing>) -> Option<Change> {
        match (before, after) {
            (None, None) => None,
            (None, Some(to)) => Some(Change::Joined(to.clone())),
            (Some(from), None) => Some(Change::Left(from.clone())),
            (Some(from), Some(to)) => (from.keys() != to.keys()).then(|| Change::Changed {
                from: from.clone(),
                to: to.clone(),
            }),
        }
    }
}

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
    use time::macros::datetime;

    use super::*;

    fn code(alpha2: &str) -> CountryCode {
        CountryCode::parse(alpha2).unwrap()
    }

    fn standing(alpha2: &str) -> Standing {
        Standing {
            country: code(alpha2),
            category: None,
            sectors: vec![],
            organization_type: None,
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
    fn a_member_counts_in_their_country_sub_region_region_and_the_network() {
        let keys: Vec<String> = Area::containing(code("KE")).iter().map(Area::key).collect();
        assert_eq!(
            keys,
            [
                "KE",
                "subregion:eastern-africa",
                "subregion:sub-saharan-africa",
                "region:africa",
                "world"
            ]
        );
        assert_eq!(
            Area::containing(code("FR")).len(),
            4,
            "no intermediate region"
        );
        assert_eq!(
            Area::from_slug("africa"),
            Some(Area::Region("africa".into()))
        );
        assert_eq!(
            Area::from_slug("sub-saharan-africa"),
            Some(Area::SubRegion("sub-saharan-africa".into()))
        );
        assert_eq!(Area::from_slug("atlantis"), None);
    }

    #[test]
    fn kenya_compares_with_east_africa_and_up() {
        let kenya = Area::Country(code("KE"));
        let keys: Vec<String> = kenya.with_parents().iter().map(Area::key).collect();
        assert_eq!(
            keys,
            [
                "KE",
                "subregion:eastern-africa",
                "subregion:sub-saharan-africa",
                "region:africa",
                "world"
            ]
        );
        let east = Area::SubRegion("eastern-africa".into());
        assert_eq!(east.with_parents().len(), 4);
        assert_eq!(east.level(), 2);
        assert_eq!(Area::SubRegion("sub-saharan-africa".into()).level(), 1);
        let within: Vec<String> = Area::SubRegion("sub-saharan-africa".into())
            .regions_within()
            .iter()
            .map(Area::key)
            .collect();
        assert!(within.contains(&"subregion:eastern-africa".to_owned()));
        assert!(!within.contains(&"subregion:northern-africa".to_owned()));
    }

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

    use crate::random::SplitMix64;

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
                    let after = random_standing(&mut rng);
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
