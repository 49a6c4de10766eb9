//! When and where each member joins: the countries that enter, in a seeded order and
//! at the times the published country counts set, and each member's moment on the
//! growth curve and country among those entered.

use std::ops::Range;

use time::{Date, Duration};

use super::{
    AS_OF, DemoNetwork, LAUNCH, Milestone, ORGANIZATION_KINDS, PUBLISHED_MILESTONES, Stream,
    curve::MonotoneCurve,
    words::{Names, names_for},
};
use crate::{
    country::{self, Country, CountryCode},
    random::SplitMix64,
};

pub(super) struct MemberCountry {
    pub(super) country: &'static Country,
    pub(super) code: CountryCode,
    /// Seconds since launch from which members may come from here.
    pub(super) entry_second: f64,
    /// Of this country's weight and all that entered before it: picking among the
    /// first `k` entered countries is one binary search.
    pub(super) cumulative_weight: f64,
    pub(super) names: &'static Names,
    pub(super) organizations: Range<usize>,
    /// Sub-ranges of `organizations`, indexed like `OrganizationType::ALL`.
    pub(super) organizations_by_kind: [Range<usize>; ORGANIZATION_KINDS],
}

impl DemoNetwork {
    /// When and where each member joins: the part of a member that decides the
    /// organisations, so [`DemoNetwork::new`] can count members per country cheaply.
    pub(super) fn placements(&self) -> Placements<'_> {
        Placements {
            network: self,
            next_member: 0,
            segment: 0,
            entered: 0,
            opened: 0,
        }
    }
}

pub(super) struct Placements<'a> {
    network: &'a DemoNetwork,
    next_member: usize,
    /// The growth curve's segment of the last member: members come in time order.
    segment: usize,
    /// Countries whose entry time has passed.
    entered: usize,
    /// Countries that have their first member; always the first `opened` entered ones.
    opened: usize,
}

pub(super) struct Placement {
    pub(super) index: usize,
    pub(super) second: f64,
    /// An index into `DemoNetwork::countries`.
    pub(super) country: usize,
    /// The member's own stream, continued for the rest of the member.
    pub(super) rng: SplitMix64,
}

impl Iterator for Placements<'_> {
    type Item = Placement;

    fn next(&mut self) -> Option<Placement> {
        let network = self.network;
        let index = self.next_member;
        if index >= network.members {
            return None;
        }
        self.next_member += 1;
        let mut rng = SplitMix64::stream(network.seed, Stream::Member as u64, index as u64);
        let second = network
            .growth
            .inverse(index as f64 + rng.unit(), &mut self.segment);
        let pick = rng.unit();

        // The first country enters at launch, so every member finds one open.
        let countries = &network.countries;
        while self.entered < countries.len() && countries[self.entered].entry_second <= second {
            self.entered += 1;
        }
        let country = if self.opened < self.entered {
            // The country that has just entered gets this member, so the count of
            // countries with members keeps pace with the published one.
            self.opened += 1;
            self.opened - 1
        } else {
            let total = countries[self.opened - 1].cumulative_weight;
            let open = &countries[..self.opened];
            open.partition_point(|c| c.cumulative_weight <= pick * total)
                .min(self.opened - 1)
        };
        Some(Placement {
            index,
            second,
            country,
            rng,
        })
    }
}

/// The published milestones as (seconds since launch, value), starting from zero at launch.
pub(super) fn milestone_points(value: impl Fn(&Milestone) -> f64) -> Vec<(f64, f64)> {
    let mut points = vec![(0.0, 0.0)];
    points.extend(
        PUBLISHED_MILESTONES
            .iter()
            .map(|m| (seconds_by_end_of(m.date), value(m))),
    );
    points
}

fn seconds_by_end_of(date: Date) -> f64 {
    let end = date.midnight().assume_utc() + Duration::DAY;
    (end - LAUNCH).whole_seconds() as f64
}

/// How many countries the model network had when it had `members` members.
fn published_countries_at(members: f64) -> f64 {
    let mut previous = (0.0, 0.0);
    for milestone in &PUBLISHED_MILESTONES {
        let point = (milestone.members as f64, milestone.countries as f64);
        if members <= point.0 {
            return previous.1
                + (point.1 - previous.1) * (members - previous.0) / (point.0 - previous.0);
        }
        previous = point;
    }
    previous.1
}

/// When each country that ever gets members enters, in order: the `k`-th (from 1) when
/// the country curve reaches `k - 0.5`, the first at launch so the first member has one.
pub(super) fn country_entry_seconds(growth: &MonotoneCurve, members: usize) -> Vec<f64> {
    if members == 0 {
        return Vec::new();
    }
    let published = MonotoneCurve::through(&milestone_points(|m| m.countries as f64));
    let countries_at = |second: f64| {
        published
            .at(second)
            .min(published_countries_at(growth.at(second)))
    };
    let end = seconds_by_end_of(AS_OF);
    let inhabited = country::all().iter().filter(|c| is_inhabited(c)).count();
    let mut entries = vec![0.0];
    while entries.len() < inhabited {
        let threshold = entries.len() as f64 + 0.5;
        if countries_at(end) < threshold {
            break;
        }
        let (mut low, mut high) = (entries[entries.len() - 1], end);
        for _ in 0..64 {
            let middle = 0.5 * (low + high);
            if countries_at(middle) >= threshold {
                high = middle;
            } else {
                low = middle;
            }
        }
        entries.push(high);
    }
    entries
}

pub(super) fn is_inhabited(country: &Country) -> bool {
    country.population.is_some_and(|people| people > 0) && !country.region.is_empty()
}

/// Draws the countries that enter, without replacement, each with its weight.
pub(super) fn countries_in_order_of_entry(entry_seconds: &[f64], seed: u64) -> Vec<MemberCountry> {
    let mut candidates: Vec<(&'static Country, f64)> = country::all()
        .iter()
        .filter(|c| is_inhabited(c))
        .map(|c| (c, country_weight(c)))
        .collect();
    let mut rng = SplitMix64::stream(seed, Stream::CountryOrder as u64, 0);
    let mut cumulative_weight = 0.0;
    let mut entered = Vec::with_capacity(entry_seconds.len());
    for &entry_second in entry_seconds {
        let total: f64 = candidates.iter().map(|(_, weight)| weight).sum();
        let mut target = rng.unit() * total;
        let position = candidates
            .iter()
            .position(|(_, weight)| {
                target -= weight;
                target < 0.0
            })
            .unwrap_or(candidates.len() - 1);
        let (country, weight) = candidates.remove(position);
        cumulative_weight += weight;
        entered.push(MemberCountry {
            country,
            code: country.code(),
            entry_second,
            cumulative_weight,
            names: names_for(country),
            organizations: 0..0,
            organizations_by_kind: std::array::from_fn(|_| 0..0),
        });
    }
    entered
}

/// Where the workforce is organised and networked, set by hand; elsewhere the square
/// root of the population in millions, more in Sub-Saharan Africa, where the model
/// network is strongest, and less in East Asia, where it barely reaches.
fn country_weight(country: &Country) -> f64 {
    let strong = match country.alpha2 {
        "US" => 110.0,
        "KE" => 70.0,
        "NG" => 65.0,
        "UG" | "IN" => 55.0,
        "ZA" => 45.0,
        "PH" => 35.0,
        "GB" | "GH" | "TZ" => 30.0,
        "ZW" | "ET" => 25.0,
        "RW" => 22.0,
        "MW" | "ZM" | "CA" => 20.0,
        "AU" | "ID" | "BD" => 16.0,
        "KH" | "NP" | "PK" | "BR" => 14.0,
        "MX" | "CO" | "UA" => 12.0,
        "LB" | "JO" | "RO" => 10.0,
        "MD" => 8.0,
        _ => 0.0,
    };
    if strong > 0.0 {
        return strong;
    }
    let factor = match country.sub_region {
        "Sub-Saharan Africa" => 1.0,
        "Eastern Asia" => 0.15,
        _ => 0.4,
    };
    let millions = country.population.unwrap_or(0) as f64 / 1_000_000.0;
    millions.sqrt() * factor
}
