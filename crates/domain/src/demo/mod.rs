//! A synthetic demo network: members, their countries and organisations, generated
//! deterministically from a seed, so the site can be shown and measured with data that
//! looks like a real alliance without holding anyone's personal data.
//!
//! Everything here is invented. Names come from short hand-typed lists per naming
//! tradition, kept with the other word lists in `seed/demo/` (see its README);
//! addresses use the reserved domain `demo.membernet.example`, and organisation
//! websites live under `example.org`. Any likeness to a real person is chance.
//!
//! The shape is the published growth of the model network, the Global Social Service
//! Workforce Alliance ([`PUBLISHED_MILESTONES`]): launched on 2013-01-01, 350 members in
//! 52 countries by mid-2014, 3,000 in 145 by mid-2022 and 3,400 in about 150 on [`AS_OF`].
//! Cumulative membership is a monotone cubic through those milestones (no kinks, so
//! monthly growth charts have no steps at them), and member `i` of `N` joins when the
//! curve reaches `i + u` members, `u` drawn per member in `[0, 1)`: times are jittered but
//! stay in order, and every milestone is met to the member.
//!
//! A network of `N` members scales every member count by `N / 3,400`. Countries follow
//! their own published curve, capped by how many countries the real network had at the
//! same number of members: a large network (≥ 3,400) reaches 52 / 88 / 136 / 145 / 150
//! countries on the milestone dates, a small one naturally reaches fewer. Countries enter
//! in a seeded order that favours those where the social service workforce is organised
//! (Kenya, Nigeria, the United States, …), the first member after a country's entry date
//! is from that country, and later members choose among the entered countries by weight.
//!
//! The same seed gives the same network for a given version of this code and of
//! `seed/demo/`, on every platform: the random numbers come from
//! [`SplitMix64`](crate::random::SplitMix64), not from a crate whose stream may change,
//! and only exactly rounded float operations decide anything.

pub mod campaigns;
mod curve;
pub mod events;
pub mod library;
mod names;
mod organizations;
mod placement;
mod profile;
mod sources;
pub mod weeks;
mod words;

#[cfg(test)]
mod tests;

use time::{
    Date, Duration, OffsetDateTime,
    macros::{date, datetime},
};

use self::{
    curve::MonotoneCurve,
    names::email_address,
    placement::{
        MemberCountry, Placement, countries_in_order_of_entry, country_entry_seconds,
        milestone_points,
    },
    profile::{CATEGORY_WEIGHTS, choose_sectors, write_bio},
    words::job_titles,
};
use crate::{
    country::CountryCode,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

/// The size of the model network on [`AS_OF`].
/// How many kinds of organisation there are (`OrganizationType::ALL`).
const ORGANIZATION_KINDS: usize = crate::organization::OrganizationType::ALL.len();

pub const DEFAULT_MEMBERS: usize = 3_400;

/// The day the generated history ends.
pub const AS_OF: Date = date!(2026 - 06 - 30);

/// The network's launch: the generated history starts here with no members.
const LAUNCH: OffsetDateTime = datetime!(2013-01-01 0:00 UTC);

/// Members and countries by the end of a day, as published for the model network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestone {
    pub date: Date,
    pub members: usize,
    pub countries: usize,
}

/// The model network's published figures, which the generated growth passes through.
pub const PUBLISHED_MILESTONES: [Milestone; 5] = [
    Milestone {
        date: date!(2014 - 06 - 30),
        members: 350,
        countries: 52,
    },
    Milestone {
        date: date!(2016 - 12 - 31),
        members: 1_100,
        countries: 88,
    },
    Milestone {
        date: date!(2019 - 06 - 30),
        members: 2_200,
        countries: 136,
    },
    Milestone {
        date: date!(2022 - 06 - 30),
        members: 3_000,
        countries: 145,
    },
    Milestone {
        date: AS_OF,
        members: DEFAULT_MEMBERS,
        countries: 150,
    },
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrganization {
    pub name: String,
    pub kind: OrganizationType,
    pub country: CountryCode,
    /// Always under `example.org`, never a real domain.
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMember {
    pub full_name: String,
    /// Unique in the network, at `demo.membernet.example`.
    pub email: String,
    pub country: CountryCode,
    /// When the member verified their address, in UTC.
    pub joined_at: OffsetDateTime,
    pub category: WorkforceCategory,
    /// One to three, distinct, in their natural order.
    pub sectors: Vec<Sector>,
    pub job_title: String,
    /// An index into [`DemoNetwork::organizations`], always in the member's country.
    pub organization: Option<usize>,
    pub listed: bool,
    pub bio: Option<String>,
    /// The link they joined from.
    pub source: crate::join_source::JoinSource,
}

/// A generated network. Organisations are held in memory; members are generated on
/// demand, in order of joining, so a million of them need not exist at once.
pub struct DemoNetwork {
    pub organizations: Vec<DemoOrganization>,
    members: usize,
    seed: u64,
    /// Seconds since launch → cumulative members, already scaled to this network.
    growth: MonotoneCurve,
    /// The countries that ever get members, in order of entry.
    countries: Vec<MemberCountry>,
}

impl DemoNetwork {
    /// `members` members in total as of [`AS_OF`], seeded by `seed`.
    pub fn new(members: usize, seed: u64) -> Self {
        let scale = members as f64 / DEFAULT_MEMBERS as f64;
        let growth = MonotoneCurve::through(&milestone_points(|m| m.members as f64 * scale));
        let entry_seconds = country_entry_seconds(&growth, members);
        let mut network = Self {
            organizations: Vec::new(),
            members,
            seed,
            countries: countries_in_order_of_entry(&entry_seconds, seed),
            growth,
        };
        let mut members_per_country = vec![0_usize; network.countries.len()];
        for placement in network.placements() {
            members_per_country[placement.country] += 1;
        }
        network.add_organizations(&members_per_country);
        network
    }

    pub fn len(&self) -> usize {
        self.members
    }

    pub fn is_empty(&self) -> bool {
        self.members == 0
    }

    /// The members in order of `joined_at`, generated as they are read.
    pub fn members(&self) -> impl Iterator<Item = DemoMember> + '_ {
        self.placements().map(|placement| self.member(placement))
    }

    fn member(&self, placement: Placement) -> DemoMember {
        let Placement {
            index,
            second,
            country,
            mut rng,
        } = placement;
        let member_country = &self.countries[country];
        let names = member_country.names;
        let given = *rng.pick(&names.given);
        let family = *rng.pick(&names.family);
        let (first, last) = if names.family_first {
            (family, given)
        } else {
            (given, family)
        };
        let mut full_name = String::with_capacity(first.len() + last.len() + 1);
        full_name.push_str(first);
        full_name.push(' ');
        full_name.push_str(last);

        let category = WorkforceCategory::ALL[rng.weighted(&CATEGORY_WEIGHTS)];
        let (job_title, title_sector) = *rng.pick(job_titles(category));
        let sectors = choose_sectors(title_sector, &mut rng);
        let organization = self.organization_for(member_country, category, &mut rng);
        let listed = rng.chance(0.4);
        let bio = (listed && rng.chance(0.5)).then(|| {
            let organization = organization.map(|i| self.organizations[i].name.as_str());
            write_bio(
                job_title,
                category,
                &sectors,
                organization,
                member_country.country,
                &mut rng,
            )
        });

        let joined_at = LAUNCH + Duration::seconds(second as i64);
        // Drawn last, so every earlier draw (and the network a seed gave before
        // sources) stays as it was.
        let source = sources::join_source(joined_at, &mut rng);

        DemoMember {
            full_name,
            email: email_address(given, family, index),
            country: member_country.code,
            joined_at,
            category,
            sectors,
            job_title: job_title.to_owned(),
            organization,
            listed,
            bio,
            source,
        }
    }
}

/// Independent random streams for each purpose, so members can be generated one at a
/// time and the organisations do not depend on the members' draws.
#[derive(Clone, Copy)]
enum Stream {
    Member = 1,
    CountryOrder = 2,
    Organizations = 3,
}
