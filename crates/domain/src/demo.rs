//! A synthetic demo network: members, their countries and organisations, generated
//! deterministically from a seed, so the site can be shown and measured with data that
//! looks like a real alliance without holding anyone's personal data.
//!
//! Everything here is invented. Names come from short hand-typed lists per world region,
//! addresses use the reserved domain `demo.membernet.example`, and organisation websites
//! live under `example.org`. Any likeness to a real person is chance.
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
//! The same seed gives the same network for a given version of this file, on every
//! platform: the random numbers come from [`SplitMix64`], not from a crate whose stream
//! may change, and only exactly rounded float operations decide anything.

use std::{collections::HashSet, fmt::Write, ops::Range};

use time::{
    Date, Duration, OffsetDateTime,
    macros::{date, datetime},
};

use crate::{
    country::{self, Country, CountryCode},
    organization::{self, OrganizationName, OrganizationType},
    profile::{Sector, WorkforceCategory},
    random::SplitMix64,
};

/// The size of the model network on [`AS_OF`].
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

/// A country grows its organisations with its membership, up to this many.
const MAX_ORGANIZATIONS_PER_COUNTRY: usize = 300;
const MEMBERS_PER_EXTRA_ORGANIZATION: usize = 40;
const EMAIL_DOMAIN: &str = "demo.membernet.example";

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

struct MemberCountry {
    country: &'static Country,
    code: CountryCode,
    /// Seconds since launch from which members may come from here.
    entry_second: f64,
    /// Of this country's weight and all that entered before it: picking among the
    /// first `k` entered countries is one binary search.
    cumulative_weight: f64,
    names: Names,
    organizations: Range<usize>,
    /// Sub-ranges of `organizations`, indexed like `OrganizationType::ALL`.
    organizations_by_kind: [Range<usize>; ORGANIZATION_KINDS],
}

const ORGANIZATION_KINDS: usize = OrganizationType::ALL.len();

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

    /// When and where each member joins: the part of a member that decides the
    /// organisations, so [`DemoNetwork::new`] can count members per country cheaply.
    fn placements(&self) -> Placements<'_> {
        Placements {
            network: self,
            next_member: 0,
            segment: 0,
            entered: 0,
            opened: 0,
        }
    }

    fn add_organizations(&mut self, members_per_country: &[usize]) {
        let mut taken_names = HashSet::new();
        for (entry, &members) in members_per_country.iter().enumerate() {
            if members == 0 {
                continue;
            }
            let count =
                (2 + members / MEMBERS_PER_EXTRA_ORGANIZATION).min(MAX_ORGANIZATIONS_PER_COUNTRY);
            let mut rng = SplitMix64::stream(self.seed, Stream::Organizations as u64, entry as u64);
            let mut kinds: Vec<OrganizationType> = (0..count)
                .map(|i| match FIRST_ORGANIZATION_KINDS.get(i) {
                    Some(&kind) => kind,
                    None => OrganizationType::ALL[rng.weighted(&ORGANIZATION_KIND_WEIGHTS)],
                })
                .collect();
            kinds.sort();
            let country = self.countries[entry].country;
            let start = self.organizations.len();
            for &kind in &kinds {
                let name = unique_organization_name(kind, country, &mut rng, &mut taken_names);
                let website = rng.chance(0.7).then(|| website_for(&name, country));
                self.organizations.push(DemoOrganization {
                    name,
                    kind,
                    country: country.code(),
                    website,
                });
            }
            // `kinds` is sorted, so each kind is one run of it.
            let by_kind = std::array::from_fn(|k| {
                start + kinds.partition_point(|&kind| (kind as usize) < k)
                    ..start + kinds.partition_point(|&kind| (kind as usize) <= k)
            });
            let member_country = &mut self.countries[entry];
            member_country.organizations = start..self.organizations.len();
            member_country.organizations_by_kind = by_kind;
        }
    }

    fn member(&self, placement: Placement) -> DemoMember {
        let Placement {
            index,
            second,
            country,
            mut rng,
        } = placement;
        let member_country = &self.countries[country];
        let names = &member_country.names;
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

        DemoMember {
            full_name,
            email: email_address(given, family, index),
            country: member_country.code,
            joined_at: LAUNCH + Duration::seconds(second as i64),
            category,
            sectors,
            job_title: job_title.to_owned(),
            organization,
            listed,
            bio,
        }
    }

    fn organization_for(
        &self,
        country: &MemberCountry,
        category: WorkforceCategory,
        rng: &mut SplitMix64,
    ) -> Option<usize> {
        if country.organizations.is_empty() || !rng.chance(0.85) {
            return None;
        }
        let preferred = preferred_organization_kind(category)
            .filter(|&(_, likelihood)| rng.chance(likelihood))
            .map(|(kind, _)| country.organizations_by_kind[kind as usize].clone())
            .filter(|range| !range.is_empty());
        let kind_range = preferred.unwrap_or_else(|| {
            let any = country.organizations.start + rng.below(country.organizations.len());
            country
                .organizations_by_kind
                .iter()
                .find(|range| range.contains(&any))
                .cloned()
                .unwrap_or(any..any + 1)
        });
        // A few large employers of each kind take most of its members, as in life.
        let skewed = rng.unit() * rng.unit();
        let offset = ((skewed * kind_range.len() as f64) as usize).min(kind_range.len() - 1);
        Some(kind_range.start + offset)
    }
}

struct Placements<'a> {
    network: &'a DemoNetwork,
    next_member: usize,
    /// The growth curve's segment of the last member: members come in time order.
    segment: usize,
    /// Countries whose entry time has passed.
    entered: usize,
    /// Countries that have their first member; always the first `opened` entered ones.
    opened: usize,
}

struct Placement {
    index: usize,
    second: f64,
    /// An index into `DemoNetwork::countries`.
    country: usize,
    /// The member's own stream, continued for the rest of the member.
    rng: SplitMix64,
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
fn milestone_points(value: impl Fn(&Milestone) -> f64) -> Vec<(f64, f64)> {
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
fn country_entry_seconds(growth: &MonotoneCurve, members: usize) -> Vec<f64> {
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

fn is_inhabited(country: &Country) -> bool {
    country.population.is_some_and(|people| people > 0) && !country.region.is_empty()
}

/// Draws the countries that enter, without replacement, each with its weight.
fn countries_in_order_of_entry(entry_seconds: &[f64], seed: u64) -> Vec<MemberCountry> {
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
            names: Names::of(names_for(country)),
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

/// A cubic through the points with Fritsch–Butland slopes: it never decreases where the
/// points do not, and its slope is continuous at the points.
struct MonotoneCurve {
    x: Vec<f64>,
    y: Vec<f64>,
    slope: Vec<f64>,
}

impl MonotoneCurve {
    fn through(points: &[(f64, f64)]) -> Self {
        let x: Vec<f64> = points.iter().map(|p| p.0).collect();
        let y: Vec<f64> = points.iter().map(|p| p.1).collect();
        let secant = |i: usize| (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        let last = points.len() - 1;
        let slope = (0..=last)
            .map(|i| {
                if i == 0 {
                    return secant(0);
                }
                if i == last {
                    return secant(last - 1);
                }
                let (before, after) = (secant(i - 1), secant(i));
                if before * after <= 0.0 {
                    return 0.0;
                }
                let (h0, h1) = (x[i] - x[i - 1], x[i + 1] - x[i]);
                3.0 * (h0 + h1) / ((2.0 * h1 + h0) / before + (h1 + 2.0 * h0) / after)
            })
            .collect();
        Self { x, y, slope }
    }

    fn at(&self, x: f64) -> f64 {
        let last = self.x.len() - 1;
        if x <= self.x[0] {
            return self.y[0];
        }
        if x >= self.x[last] {
            return self.y[last];
        }
        let segment = self.x.partition_point(|&knot| knot <= x) - 1;
        let width = self.x[segment + 1] - self.x[segment];
        self.on_segment(segment, (x - self.x[segment]) / width)
    }

    /// Hermite form on `segment` at `s` in `[0, 1]`.
    fn on_segment(&self, segment: usize, s: f64) -> f64 {
        let width = self.x[segment + 1] - self.x[segment];
        let (s2, s3) = (s * s, s * s * s);
        (2.0 * s3 - 3.0 * s2 + 1.0) * self.y[segment]
            + (s3 - 2.0 * s2 + s) * width * self.slope[segment]
            + (-2.0 * s3 + 3.0 * s2) * self.y[segment + 1]
            + (s3 - s2) * width * self.slope[segment + 1]
    }

    /// Where the curve reaches `y`, searching from `segment` on (and leaving it at the
    /// segment found), so a rising sequence of targets costs one pass over the knots.
    fn inverse(&self, y: f64, segment: &mut usize) -> f64 {
        let last = self.x.len() - 1;
        while *segment + 1 < last && self.y[*segment + 1] <= y {
            *segment += 1;
        }
        let (mut low, mut high) = (0.0, 1.0);
        // 40 halvings pin a segment of a few years to well under a second.
        for _ in 0..40 {
            let middle = 0.5 * (low + high);
            if self.on_segment(*segment, middle) < y {
                low = middle;
            } else {
                high = middle;
            }
        }
        self.x[*segment] + high * (self.x[*segment + 1] - self.x[*segment])
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

/// `given.family.N@demo.membernet.example`: the member's number keeps it unique.
fn email_address(given: &str, family: &str, index: usize) -> String {
    let mut email = String::with_capacity(given.len() + family.len() + EMAIL_DOMAIN.len() + 10);
    push_address_part(&mut email, given);
    email.push('.');
    push_address_part(&mut email, family);
    // Writing to a String cannot fail.
    let _ = write!(email, ".{}@{EMAIL_DOMAIN}", index + 1);
    email
}

/// Lower-case ASCII letters with word breaks as dots: what mail systems take everywhere.
fn push_address_part(email: &mut String, name: &str) {
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            email.push(c);
        } else if c == ' ' || c == '-' {
            if !email.ends_with('.') {
                email.push('.');
            }
        } else if let Some(plain) = ascii_letter(c) {
            email.push_str(plain);
        }
    }
}

/// The base letters of the accented letters in the name lists below.
fn ascii_letter(c: char) -> Option<&'static str> {
    const FOLDS: [(&str, &str); 18] = [
        ("a", "àáâãäåāăąạảấầẩẫậắằẳẵặ"),
        ("e", "èéêëēĕėęěẹẻẽếềểễệ"),
        ("i", "ìíîïīĭįıỉị"),
        ("o", "òóôõöøōŏőơọỏốồổỗộớờởỡợ"),
        ("u", "ùúûüūŭůűųưụủứừửữự"),
        ("y", "ýÿỳỵỷỹ"),
        ("c", "çćĉċč"),
        ("d", "đďð"),
        ("g", "ğģ"),
        ("l", "ł"),
        ("n", "ñńň"),
        ("r", "ř"),
        ("s", "śşšș"),
        ("t", "ţťț"),
        ("z", "źżž"),
        ("ss", "ß"),
        ("ae", "æ"),
        ("oe", "œ"),
    ];
    FOLDS
        .iter()
        .find(|(_, accented)| accented.contains(c))
        .map(|(plain, _)| *plain)
}

// Member profiles ------------------------------------------------------------------

/// Indexed like `WorkforceCategory::ALL`.
const CATEGORY_WEIGHTS: [u32; 8] = [34, 12, 15, 9, 7, 6, 12, 5];
/// Indexed like `Sector::ALL`.
const SECTOR_WEIGHTS: [u32; 10] = [20, 26, 10, 8, 6, 7, 10, 5, 4, 4];
/// One, two or three sectors.
const SECTOR_COUNT_WEIGHTS: [u32; 3] = [45, 35, 20];

/// Titles people in each category give themselves, with the sector a title implies.
fn job_titles(category: WorkforceCategory) -> &'static [(&'static str, Option<Sector>)] {
    use Sector::*;
    match category {
        WorkforceCategory::SocialWorker => &[
            ("Social worker", None),
            ("Senior social worker", None),
            ("Child protection officer", Some(ChildProtection)),
            ("Child and family social worker", Some(ChildProtection)),
            ("Case manager", None),
            ("Medical social worker", Some(Health)),
            ("Clinical social worker", Some(Health)),
            ("School social worker", Some(Education)),
            ("Probation officer", Some(Justice)),
            ("Social welfare officer", Some(SocialWelfare)),
            ("Protection officer", Some(Humanitarian)),
            ("Disability case worker", Some(Disability)),
            (
                "Social worker, services for older people",
                Some(OlderPeople),
            ),
            ("Family support worker", Some(SocialWelfare)),
        ],
        WorkforceCategory::ParaProfessional => &[
            ("Community health worker", Some(Health)),
            ("Para-social worker", Some(ChildProtection)),
            ("Community case worker", None),
            ("Child protection volunteer", Some(ChildProtection)),
            (
                "Community development assistant",
                Some(CommunityDevelopment),
            ),
            ("Outreach worker", None),
            ("Home-based care worker", Some(OlderPeople)),
            ("Youth worker", None),
            ("Community child care worker", Some(ChildProtection)),
            ("Family support assistant", Some(SocialWelfare)),
        ],
        WorkforceCategory::Manager => &[
            ("Director of social services", Some(SocialWelfare)),
            ("Programme manager", None),
            ("Child protection specialist", Some(ChildProtection)),
            ("Case management supervisor", None),
            ("Head of programmes", None),
            ("Country director", None),
            ("Social protection coordinator", Some(SocialWelfare)),
            ("Humanitarian programme manager", Some(Humanitarian)),
            ("Executive director", None),
            ("Team leader, children's services", Some(ChildProtection)),
        ],
        WorkforceCategory::Educator => &[
            ("Lecturer in social work", None),
            ("Senior lecturer in social work", None),
            ("Professor of social work", None),
            ("Assistant professor of social work", None),
            ("Field education coordinator", None),
            ("Dean, school of social work", None),
            ("Trainer, social service workforce", Some(SocialWelfare)),
            (
                "Lecturer in community development",
                Some(CommunityDevelopment),
            ),
        ],
        WorkforceCategory::Researcher => &[
            ("Research fellow", None),
            ("Research officer", None),
            ("Senior researcher, child protection", Some(ChildProtection)),
            ("Monitoring and evaluation officer", None),
            ("Doctoral researcher", None),
            ("Policy researcher", Some(SocialWelfare)),
            ("Research associate, social protection", Some(SocialWelfare)),
        ],
        WorkforceCategory::Policymaker => &[
            ("Policy adviser, social welfare", Some(SocialWelfare)),
            ("Director of social welfare", Some(SocialWelfare)),
            ("Commissioner for children", Some(ChildProtection)),
            (
                "Deputy director, children's services",
                Some(ChildProtection),
            ),
            ("Senior policy officer", None),
            ("Social protection policy specialist", Some(SocialWelfare)),
            ("Chief social welfare officer", Some(SocialWelfare)),
            (
                "Principal secretary, social development",
                Some(CommunityDevelopment),
            ),
        ],
        WorkforceCategory::Student => &[
            ("Social work student", None),
            ("Master of social work student", None),
            ("Doctoral student in social work", None),
            ("Student social worker", None),
            ("Intern, child protection", Some(ChildProtection)),
            ("Community development student", Some(CommunityDevelopment)),
        ],
        WorkforceCategory::Other => &[
            ("Consultant", None),
            (
                "Independent consultant, child protection",
                Some(ChildProtection),
            ),
            ("Communications officer", None),
            ("Advocacy officer", None),
            ("Psychologist", Some(Health)),
            ("Counsellor", Some(Health)),
            ("Project officer", None),
            ("Volunteer coordinator", Some(CommunityDevelopment)),
        ],
    }
}

/// One to three distinct sectors in their natural order, including the one the job
/// title implies.
fn choose_sectors(implied: Option<Sector>, rng: &mut SplitMix64) -> Vec<Sector> {
    let wanted = 1 + rng.weighted(&SECTOR_COUNT_WEIGHTS);
    let mut chosen = implied.map_or(0_u16, |sector| 1 << sector as u16);
    while (chosen.count_ones() as usize) < wanted {
        chosen |= 1 << rng.weighted(&SECTOR_WEIGHTS);
    }
    Sector::ALL
        .iter()
        .copied()
        .filter(|&sector| chosen & (1 << sector as u16) != 0)
        .collect()
}

/// The kind of organisation people in a category mostly work for, and how likely.
fn preferred_organization_kind(category: WorkforceCategory) -> Option<(OrganizationType, f64)> {
    match category {
        WorkforceCategory::Educator
        | WorkforceCategory::Researcher
        | WorkforceCategory::Student => Some((OrganizationType::Academic, 0.75)),
        WorkforceCategory::Policymaker => Some((OrganizationType::Government, 0.65)),
        WorkforceCategory::SocialWorker => Some((OrganizationType::Government, 0.35)),
        WorkforceCategory::ParaProfessional => Some((OrganizationType::Ngo, 0.5)),
        WorkforceCategory::Manager => Some((OrganizationType::Ngo, 0.4)),
        WorkforceCategory::Other => None,
    }
}

fn sector_phrase(sector: Sector) -> &'static str {
    match sector {
        Sector::SocialWelfare => "social welfare",
        Sector::ChildProtection => "child protection",
        Sector::Health => "health",
        Sector::Education => "education",
        Sector::Justice => "justice for children and families",
        Sector::Humanitarian => "humanitarian response",
        Sector::CommunityDevelopment => "community development",
        Sector::Disability => "disability inclusion",
        Sector::OlderPeople => "care for older people",
        Sector::Other => "social services",
    }
}

fn write_bio(
    job_title: &str,
    category: WorkforceCategory,
    sectors: &[Sector],
    organization: Option<&str>,
    country: &Country,
    rng: &mut SplitMix64,
) -> String {
    let mut fields = String::new();
    for (i, &sector) in sectors.iter().enumerate() {
        let separator = match (i, sectors.len() - i) {
            (0, _) => "",
            (_, 1) => " and ",
            _ => ", ",
        };
        fields.push_str(separator);
        fields.push_str(sector_phrase(sector));
    }
    let place = with_article(country.name_en);
    let years = 2 + rng.below(24);
    let mut bio = String::with_capacity(160);
    // Writing to a String cannot fail.
    let _ = match (category, organization, rng.below(4)) {
        (WorkforceCategory::Student, _, 0 | 1) => write!(
            bio,
            "Studying social work in {place}. I am most interested in {fields} and hope to work in the field after graduating."
        ),
        (WorkforceCategory::Student, _, _) => {
            write!(
                bio,
                "{job_title} in {place}, learning about {fields} through field placements."
            )
        }
        (_, Some(organization), 0 | 1) => {
            write!(
                bio,
                "{job_title} at {organization}. I work on {fields} in {place}."
            )
        }
        (_, _, 0 | 1) => {
            write!(
                bio,
                "{job_title} in {place} with {years} years of experience in {fields}."
            )
        }
        (_, _, 2) => write!(
            bio,
            "I work on {fields} in {place} and joined the network to learn from colleagues in other countries."
        ),
        _ => write!(
            bio,
            "{job_title}. My focus is {fields}; I am interested in supervision, training and workforce planning."
        ),
    };
    bio
}

// Organisations ----------------------------------------------------------------------

/// Every country with members has a government office and an NGO to work for; larger
/// ones add the kinds in this order before the rest are drawn by weight.
const FIRST_ORGANIZATION_KINDS: [OrganizationType; 5] = [
    OrganizationType::Government,
    OrganizationType::Ngo,
    OrganizationType::Academic,
    OrganizationType::UnAgency,
    OrganizationType::ProfessionalAssociation,
];
/// Indexed like `OrganizationType::ALL`.
const ORGANIZATION_KIND_WEIGHTS: [u32; ORGANIZATION_KINDS] = [18, 6, 28, 9, 10, 12, 6, 6, 5];

/// Templates by kind; `{country}` is the country's name, `{the country}` the same with
/// an article where English needs one ("the Philippines").
fn organization_templates(kind: OrganizationType) -> &'static [&'static str] {
    match kind {
        OrganizationType::Government => &[
            "Ministry of Social Development, {country}",
            "Ministry of Gender, Children and Social Protection, {country}",
            "Department of Children's Services, {country}",
            "Department of Social Welfare, {country}",
            "Ministry of Labour and Social Affairs, {country}",
            "National Council for Children, {country}",
            "Directorate of Probation and Aftercare Services, {country}",
            "Ministry of Health, {country}",
            "Ministry of Education, {country}",
            "National Social Protection Agency, {country}",
            "Office of the Children's Commissioner, {country}",
            "Department of Community Development, {country}",
        ],
        OrganizationType::UnAgency => &[
            "UNICEF {country} Country Office",
            "UNHCR {country}",
            "UNFPA {country} Country Office",
            "WHO Country Office for {the country}",
            "UNDP {country}",
            "IOM {country}",
            "UN Women {country}",
            "ILO Country Office for {the country}",
            "WFP {country} Country Office",
        ],
        OrganizationType::Ngo => &[
            "{country} Child Welfare Society",
            "Hope for Families {country}",
            "{country} Red Cross Society",
            "SOS Children's Villages {country}",
            "Save the Children {country}",
            "Plan International {country}",
            "World Vision {country}",
            "Terre des hommes {country}",
            "{country} Family Care Network",
        ],
        OrganizationType::FaithBased => &[
            "{country} Council of Churches Social Services",
            "Islamic Relief {country}",
            "Caritas {country}",
            "Catholic Relief Services {country}",
            "Lutheran World Federation {country}",
            "Salvation Army {country} Social Services",
            "Muslim Aid {country}",
            "Adventist Development and Relief Agency {country}",
            "{country} Interfaith Action for Children",
        ],
        OrganizationType::CivilSociety => &[
            "{country} Coalition on the Rights of the Child",
            "{country} Federation of Women Lawyers",
            "Community Voices {country}",
            "{country} Social Protection Platform",
            "{country} Alliance for Child Protection",
            "{country} Disability Rights Forum",
            "{country} Network of Care Leavers",
            "{country} Older People's Forum",
            "Parents' Association of {the country}",
        ],
        OrganizationType::Academic => &[
            "University of {the country} School of Social Work",
            "{country} Institute of Social Work",
            "Metropolitan University of {the country}, Department of Social Work",
            "{country} College of Social Development",
            "{country} Open University Faculty of Social Sciences",
            "{country} School of Public Health",
            "Centre for Child Well-being, University of {the country}",
            "{country} Polytechnic Department of Community Development",
        ],
        OrganizationType::ProfessionalAssociation => &[
            "{country} Association of Social Workers",
            "{country} Council for Social Work",
            "{country} Association of Para-social Workers",
            "{country} Child and Youth Care Workers' Association",
            "{country} Association of Schools of Social Work",
            "{country} Community Health Workers' Association",
            "{country} Association of Probation Officers",
        ],
        OrganizationType::PrivateSector => &[
            "{country} Social Care Services Ltd",
            "CareBridge Consulting {country}",
            "Pathways Counselling {country}",
            "{country} Employee Assistance Partners",
            "Insight Social Research {country}",
            "BrightPath Home Care {country}",
        ],
        OrganizationType::Other => &[
            "{country} National Human Rights Commission",
            "Ombudsman for Children, {country}",
            "{country} Foster Carers' Network",
            "{country} Legal Aid Board",
        ],
    }
}

/// NGO and civil-society names beyond the templates: a theme and a form.
const NGO_THEMES: [&str; 16] = [
    "Bright Futures",
    "Safe Homes",
    "Family Care",
    "Child Rights",
    "Kinship Care",
    "Youth Action",
    "Better Care",
    "Family Strengthening",
    "Stronger Communities",
    "Open Doors",
    "New Horizons",
    "Circle of Care",
    "Every Child",
    "Second Chance",
    "Growing Together",
    "Caring Hands",
];
const NGO_FORMS: [&str; 8] = [
    "Foundation",
    "Trust",
    "Initiative",
    "Network",
    "Society",
    "Alliance",
    "Project",
    "Centre",
];

/// Offices of one organisation in different parts of a country, when names run out.
const BRANCHES: [&str; 10] = [
    "Northern Region",
    "Southern Region",
    "Eastern Region",
    "Western Region",
    "Central Region",
    "Coastal Region",
    "Capital District",
    "Lake Region",
    "Highlands Region",
    "Border District",
];

fn unique_organization_name(
    kind: OrganizationType,
    country: &Country,
    rng: &mut SplitMix64,
    taken: &mut HashSet<String>,
) -> String {
    let mut name = String::new();
    // A few fresh draws first, so branch offices appear only in large countries.
    for _ in 0..4 {
        name = organization_name(kind, country, rng);
        if taken.insert(organization::normalize(&name)) {
            return name;
        }
    }
    for branch in 0.. {
        let office = match BRANCHES.get(branch) {
            Some(region) => format!("{name} — {region}"),
            None => format!("{name} — Region {}", branch - BRANCHES.len() + 1),
        };
        if taken.insert(organization::normalize(&office)) {
            return office;
        }
    }
    unreachable!("there are endless region numbers")
}

fn organization_name(kind: OrganizationType, country: &Country, rng: &mut SplitMix64) -> String {
    let combined =
        matches!(kind, OrganizationType::Ngo | OrganizationType::CivilSociety) && rng.chance(0.5);
    if combined {
        let theme = rng.pick(&NGO_THEMES);
        let form = rng.pick(&NGO_FORMS);
        return format!("{theme} {form} {}", country.name_en);
    }
    rng.pick(organization_templates(kind))
        .replace("{the country}", &with_article(country.name_en))
        .replace("{country}", country.name_en)
}

fn website_for(name: &str, country: &Country) -> String {
    let slug = OrganizationName::parse(name)
        .map(|name| name.slug())
        .unwrap_or_default();
    format!(
        "https://example.org/{}/{slug}",
        country.alpha2.to_ascii_lowercase()
    )
}

/// "the Philippines", "the United States", "Kenya".
fn with_article(name: &str) -> String {
    let needs_article = name.starts_with("United ")
        || name.contains("Republic")
        || name.ends_with("Islands")
        || matches!(
            name,
            "Philippines"
                | "Netherlands"
                | "Gambia"
                | "Bahamas"
                | "Maldives"
                | "Comoros"
                | "Seychelles"
                | "Isle of Man"
        );
    if needs_article {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

// Names --------------------------------------------------------------------------------

/// Given and family names of one naming tradition, comma-separated so the lists stay
/// readable; a name may have several words ("Mary Joy", "Dela Cruz").
struct NameGroup {
    given: &'static str,
    family: &'static str,
    /// Shown family name first, as at home.
    family_first: bool,
}

/// A name group split into lists, once per network.
struct Names {
    given: Vec<&'static str>,
    family: Vec<&'static str>,
    family_first: bool,
}

impl Names {
    fn of(group: &NameGroup) -> Self {
        let split = |list: &'static str| {
            list.split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .collect()
        };
        Self {
            given: split(group.given),
            family: split(group.family),
            family_first: group.family_first,
        }
    }
}

fn names_for(country: &Country) -> &'static NameGroup {
    match country.alpha2 {
        "KE" | "UG" | "TZ" | "RW" | "BI" | "SS" => &EAST_AFRICAN,
        "ET" | "ER" => &HORN_OF_AFRICA,
        "NG" | "GH" | "SL" | "LR" | "GM" => &WEST_AFRICAN,
        "CD" | "CG" | "CM" | "GA" | "CF" | "TD" | "GQ" | "CI" | "BF" | "ML" | "NE" | "SN"
        | "GN" | "TG" | "BJ" | "HT" | "MF" => &FRANCOPHONE,
        "AO" | "MZ" | "CV" | "GW" | "ST" => &LUSOPHONE_AFRICAN,
        "SO" | "DJ" | "MR" | "KM" => &ARABIC,
        "IR" | "AF" | "TJ" => &PERSIAN,
        "TR" | "AZ" | "MN" => &TURKIC,
        "PK" | "BD" | "MV" => &SOUTH_ASIAN_MUSLIM,
        "IL" => &HEBREW,
        "AM" | "GE" => &CAUCASIAN,
        "RO" | "MD" => &ROMANIAN,
        "PL" | "CZ" | "SK" | "HU" => &CENTRAL_EUROPEAN,
        "BA" | "RS" | "HR" | "ME" | "MK" | "AL" | "XK" | "SI" | "BG" => &BALKAN,
        "FR" | "IT" | "ES" | "PT" | "GR" | "CY" | "MT" | "MC" | "AD" | "SM" | "VA" | "GI" => {
            &SOUTHERN_EUROPEAN
        }
        "BR" => &BRAZILIAN,
        "PH" => &FILIPINO,
        "VN" => &VIETNAMESE,
        "TH" | "KH" | "LA" | "MM" => &MAINLAND_SOUTH_EAST_ASIAN,
        "JP" => &JAPANESE,
        "KR" | "KP" => &KOREAN,
        "GB" | "IE" | "IM" | "JE" | "GG" | "JM" | "TT" | "BB" | "BS" | "GY" | "BZ" | "AG"
        | "DM" | "GD" | "KN" | "LC" | "VC" | "KY" | "TC" | "VG" | "VI" | "AI" | "MS" => &ANGLOPHONE,
        _ => match country.sub_region {
            "Sub-Saharan Africa" => &SOUTHERN_AFRICAN,
            "Northern Africa" | "Western Asia" => &ARABIC,
            "Southern Asia" => &SOUTH_ASIAN,
            "South-eastern Asia" => &MALAY,
            "Eastern Asia" => &CHINESE,
            "Central Asia" => &TURKIC,
            "Latin America and the Caribbean" => &SPANISH,
            "Northern America" | "Australia and New Zealand" => &ANGLOPHONE,
            "Eastern Europe" => &EAST_SLAVIC,
            "Melanesia" | "Micronesia" | "Polynesia" => &PACIFIC,
            _ => &NORTHERN_EUROPEAN,
        },
    }
}

const EAST_AFRICAN: NameGroup = NameGroup {
    given: "Amina, Wanjiru, Achieng, Akinyi, Njeri, Nafula, Grace, Faith, Mercy, Esther, Joyce, Neema, Rehema, \
            Aisha, Brenda, Irene, Aline, Claudine, Kevin, Brian, Dennis, Samuel, Joseph, Peter, Emmanuel, Baraka, \
            Juma, Hassan, Moses, Isaac, Collins, Innocent",
    family: "Otieno, Odhiambo, Ochieng, Onyango, Kamau, Mwangi, Njoroge, Kariuki, Mutua, Kiprotich, Chebet, Wafula, \
             Wekesa, Mugisha, Nakato, Ssempala, Okello, Namubiru, Kato, Mushi, Mwakalinga, Massawe, Kimaro, Mollel, \
             Uwimana, Niyonzima, Habimana, Mukamana, Nduwimana, Deng, Lual",
    family_first: false,
};

const HORN_OF_AFRICA: NameGroup = NameGroup {
    given: "Abebe, Tigist, Selam, Hanna, Meron, Dawit, Yonas, Bereket, Mekdes, Liya, Hiwot, Tesfaye, Alemayehu, \
            Meseret, Solomon, Biruk, Rahel, Saba, Yohannes, Kidist, Bethlehem, Samrawit, Fikru, Mulu",
    family: "Bekele, Tadesse, Haile, Girma, Alemu, Kebede, Mengistu, Desta, Wolde, Gebremedhin, Hailu, Tekle, Abera, \
             Negash, Assefa, Mekonnen, Demissie, Ayele, Berhane, Gebru, Woldemariam, Tesfaye",
    family_first: false,
};

const WEST_AFRICAN: NameGroup = NameGroup {
    given: "Chinedu, Ngozi, Adaeze, Oluwaseun, Funmilayo, Bukola, Yetunde, Emeka, Chukwuemeka, Ifeoma, Fatima, Musa, \
            Ibrahim, Abubakar, Kwame, Kofi, Ama, Akosua, Yaw, Efua, Abena, Kwesi, Adwoa, Mariama, Fatmata, Mohamed, \
            Aminata, Blessing, Chiamaka, Tunde",
    family: "Okafor, Okonkwo, Adeyemi, Adebayo, Oladipo, Eze, Nwosu, Obi, Balogun, Ogunleye, Bello, Abdullahi, Yusuf, \
             Mensah, Asante, Boateng, Owusu, Appiah, Osei, Agyeman, Darko, Kamara, Sesay, Koroma, Conteh, Jalloh, \
             Bangura, Kollie, Ceesay, Jallow",
    family_first: false,
};

const FRANCOPHONE: NameGroup = NameGroup {
    given: "Jean-Baptiste, Marie-Claire, Aïcha, Mamadou, Fatoumata, Serge, Arlette, Didier, Odile, Ousmane, Clarisse, \
            Patrice, Béatrice, Ange, Josiane, Hervé, Mariam, Blaise, Delphine, Koffi, Adjoa, Landry, Pélagie, Awa, \
            Moussa, Chantal, Gédéon, Espérance",
    family: "Kouassi, Traoré, Diallo, Koné, Ouédraogo, Mukendi, Ilunga, Mbuyi, Tshibangu, Kabongo, Mbarga, Ngono, \
             Fotso, Tchoumi, Bamba, Sawadogo, Zongo, Camara, Sylla, Ndiaye, Diop, Fall, Sow, Houngbo, Agbodjan, \
             Kaboré, Coulibaly, Touré, Ngoma, Mahamat",
    family_first: false,
};

const SOUTHERN_AFRICAN: NameGroup = NameGroup {
    given: "Thandiwe, Nomvula, Sipho, Thabo, Lerato, Palesa, Nokuthula, Zanele, Bongani, Mandla, Tendai, Tatenda, \
            Rutendo, Farai, Chipo, Tsitsi, Kudzai, Mwila, Chanda, Mulenga, Thoko, Chikondi, Limbani, Kondwani, \
            Naledi, Kagiso, Boitumelo, Mpho, Kabelo, Tsepo",
    family: "Dlamini, Nkosi, Ndlovu, Khumalo, Mthembu, Zulu, Mokoena, Molefe, Mahlangu, Sibanda, Moyo, Ncube, Mutasa, \
             Banda, Phiri, Mwale, Tembo, Mbewe, Chirwa, Mhango, Nyirenda, Sithole, Moloi, Shikongo, Motsamai, \
             Mokhele, Kgosi, Masilela",
    family_first: false,
};

const LUSOPHONE_AFRICAN: NameGroup = NameGroup {
    given: "João, Celso, Armando, Domingos, Manuel, Edson, Nelson, Alberto, Lúcia, Graça, Esperança, Joana, Celeste, \
            Amélia, Isabel, Rosa, Carla, Ilda",
    family: "Machava, Cossa, Macuácua, Mondlane, Sitoe, Nhantumbo, Chissano, Tembe, Dos Santos, Neto, Lopes, Gomes, \
             Tavares, Fortes, Cardoso, Baptista, Mendes, Vaz",
    family_first: false,
};

const ARABIC: NameGroup = NameGroup {
    given: "Mohammed, Ahmed, Omar, Youssef, Khaled, Hassan, Ali, Mahmoud, Karim, Tariq, Samir, Rami, Nour, Fatima, \
            Aisha, Mariam, Layla, Rania, Huda, Salma, Yasmin, Dina, Hiba, Reem, Amal, Lina, Zainab, Abdi, Hodan, \
            Ibrahim",
    family: "Haddad, Khoury, Nasser, Mansour, Saleh, Hamdan, Al-Masri, Al-Hassan, Abdallah, Aziz, Farah, Ibrahim, \
             Khalil, Qasim, Rahman, Said, Suleiman, Yousef, Zaki, Othman, Hamdi, Ben Ali, El Amrani, Bouzid, \
             Hussein, Jaber, Darwish, Warsame, Abdullahi, Ould Mohamed",
    family_first: false,
};

const PERSIAN: NameGroup = NameGroup {
    given: "Zahra, Maryam, Fatemeh, Narges, Shirin, Parisa, Leila, Nasrin, Mahsa, Roya, Reza, Mohammad, Hossein, \
            Amir, Mehdi, Farhad, Dariush, Ahmad, Javad, Sohrab, Farid, Habib, Ziba, Firuza, Rustam",
    family: "Ahmadi, Hosseini, Mohammadi, Rezaei, Karimi, Moradi, Rahimi, Jafari, Sadeghi, Hashemi, Rostami, Azizi, \
             Naderi, Safavi, Popal, Wardak, Sultani, Haidari, Rahmon, Nazari",
    family_first: false,
};

const TURKIC: NameGroup = NameGroup {
    given: "Ayşe, Elif, Zeynep, Fatma, Emine, Mehmet, Mustafa, Ahmet, Emre, Murat, Aigerim, Aruzhan, Dinara, \
            Gulnara, Nurlan, Yerlan, Bakyt, Aziz, Dilnoza, Madina, Leyla, Kamran, Nigar, Rustam, Shahnoza, Oyuunaa",
    family: "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan, Koç, Kurt, Seitkali, \
             Zhumabek, Nurmagambet, Tursun, Sadyk, Karimov, Aliyev, Batbayar",
    family_first: false,
};

const SOUTH_ASIAN: NameGroup = NameGroup {
    given: "Priya, Anjali, Kavita, Sunita, Deepa, Pooja, Neha, Lakshmi, Meena, Sita, Sabina, Chamari, Rahul, Amit, \
            Rajesh, Sanjay, Vikram, Arjun, Ravi, Suresh, Anil, Bishnu, Ramesh, Nimal, Tashi, Kiran",
    family: "Sharma, Singh, Patel, Kumar, Gupta, Reddy, Nair, Iyer, Das, Banerjee, Mukherjee, Joshi, Shrestha, \
             Thapa, Gurung, Karki, Adhikari, Rai, Perera, Fernando, Jayasinghe, Dorji",
    family_first: false,
};

const SOUTH_ASIAN_MUSLIM: NameGroup = NameGroup {
    given: "Nasreen, Farzana, Tahmina, Ayesha, Saima, Rashida, Sadia, Nusrat, Hina, Mahmuda, Imran, Asif, Farhan, \
            Bilal, Tanvir, Kamal, Rafiq, Shahid, Zubair, Arif",
    family: "Rahman, Hossain, Islam, Chowdhury, Akter, Khan, Ahmed, Qureshi, Malik, Hussain, Siddiqui, Sheikh, Butt, \
             Mirza, Haque, Uddin, Iqbal, Shah",
    family_first: false,
};

const FILIPINO: NameGroup = NameGroup {
    given: "Maria, Ana, Liza, Kristine, Jocelyn, Maricel, Rowena, Grace, Angelica, Rosalie, Mary Joy, Jhoanna, Bea, \
            Juan, Jose, Mark, John Paul, Carlo, Ramon, Paolo, Michael, Jerome, Renato, Rodel, Arnel, Jericho",
    family: "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Tomas, Andrada, Castillo, Flores, \
             Villanueva, Ramos, Castro, Rivera, Aquino, Navarro, Salazar, Mercado, Dela Cruz, Del Rosario, Soriano, \
             Manalo, Pascual, Dizon, Lim, Tan",
    family_first: false,
};

const MALAY: NameGroup = NameGroup {
    given: "Siti, Nur, Dewi, Sri, Putri, Ayu, Rina, Wulan, Indah, Fitri, Ahmad, Muhammad, Budi, Agus, Eko, Hendra, \
            Rizky, Dimas, Arif, Fajar, Nurul, Farah, Hafiz, Aisyah",
    family: "Rahayu, Wijaya, Santoso, Susanto, Hidayat, Saputra, Kurniawan, Setiawan, Pratama, Nugroho, Lestari, \
             Wahyudi, Siregar, Nasution, Simanjuntak, Hutapea, Abdullah, Ismail, Ibrahim, Othman, Yusof",
    family_first: false,
};

const VIETNAMESE: NameGroup = NameGroup {
    given: "Thị Lan, Văn Hùng, Minh Anh, Thu Hà, Quốc Bảo, Thanh Hương, Đức Minh, Ngọc Ánh, Văn Nam, Thị Mai, \
            Hoài Phương, Tuấn Anh, Thị Hạnh, Quang Huy, Thị Thảo, Hữu Phước, Thị Hoa, Văn Long, Bảo Ngọc, Thanh Tùng",
    family: "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý",
    family_first: true,
};

const MAINLAND_SOUTH_EAST_ASIAN: NameGroup = NameGroup {
    given: "Somchai, Somsak, Malee, Siriporn, Nattaya, Kanya, Pimchanok, Anong, Sokha, Sophea, Dara, Chenda, Vanna, \
            Bopha, Phalla, Rithy, Sreymom, Visal, Khamla, Souksavanh, Aung, Thandar, Hnin, Zaw, Thida, Kyaw",
    family: "Saetang, Srisuk, Wongsa, Chaiyaporn, Boonmee, Kaewkham, Sok, Chea, Chan, Heng, Keo, Meas, Pich, \
             Phommachanh, Vongsa, Sisavath, Keomany, Win, Oo, Htun, Naing, Thein, Lwin",
    family_first: false,
};

const CHINESE: NameGroup = NameGroup {
    given: "Wei, Fang, Min, Jing, Li Na, Xiuying, Yan, Hui, Jun, Lei, Ting, Hao, Yu, Xin, Ming, Qiang, Jie, Mei, \
            Ling, Xiaoming, Yifan, Zihan, Ka Wai, Wing Yan",
    family: "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, Lin, He, Gao, Luo, \
             Chan, Wong, Leung, Cheung",
    family_first: true,
};

const JAPANESE: NameGroup = NameGroup {
    given: "Yuki, Haruka, Aoi, Sakura, Yui, Mei, Keiko, Naoko, Tomoko, Akiko, Hiroshi, Takashi, Kenji, Daisuke, \
            Shota, Yuto, Haruto, Kenta, Satoshi, Ryo",
    family: "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, Yoshida, Yamada, \
             Sasaki, Matsumoto, Inoue, Kimura, Hayashi, Shimizu",
    family_first: false,
};

const KOREAN: NameGroup = NameGroup {
    given: "Min-jun, Seo-yeon, Ji-hoon, Ji-woo, Ha-eun, Do-yun, Soo-jin, Hye-jin, Eun-ji, Young-ho, Sung-min, \
            Ji-young, Min-seo, Jae-won, Yu-na, Hyun-woo",
    family: "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin, Seo, Kwon, Hwang, Ahn",
    family_first: true,
};

const SPANISH: NameGroup = NameGroup {
    given: "María, José, Juan, Carlos, Luis, Jorge, Miguel, Alejandro, Diego, Andrés, Javier, Fernando, Ricardo, \
            Ana, Lucía, Carmen, Sofía, Valentina, Camila, Daniela, Gabriela, Paola, Andrea, Mariana, Verónica, Rosa, \
            Patricia, Claudia, Guadalupe, Ximena",
    family: "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, Torres, Flores, \
             Rivera, Gómez, Díaz, Morales, Vargas, Castillo, Jiménez, Romero, Herrera, Medina, Aguilar, Rojas, \
             Mendoza, Quispe, Mamani, Gutiérrez, Ortiz, Silva, Navarro",
    family_first: false,
};

const BRAZILIAN: NameGroup = NameGroup {
    given: "Ana, Maria, Juliana, Fernanda, Camila, Larissa, Beatriz, Gabriela, Mariana, Patrícia, Luciana, Aline, \
            Letícia, João, Pedro, Lucas, Gabriel, Rafael, Felipe, Thiago, Bruno, Rodrigo, Marcelo, Gustavo, André, \
            Paulo",
    family: "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, \
             Martins, Carvalho, Almeida, Lopes, Sousa, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Araújo, \
             Moreira, Cavalcanti",
    family_first: false,
};

const ANGLOPHONE: NameGroup = NameGroup {
    given: "Emily, Sarah, Jessica, Jennifer, Ashley, Rachel, Megan, Laura, Hannah, Olivia, Emma, Chloe, Claire, \
            Siobhan, Aoife, Keisha, Aaliyah, Michael, David, James, John, Robert, Daniel, Matthew, Christopher, \
            Andrew, Thomas, Ryan, Liam, Sean, Connor, Marcus, Jamal, Tyrone",
    family: "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore, \
             Jackson, Martin, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, King, Wright, \
             Campbell, Murphy, O'Brien, Kelly, Walsh, MacDonald, Stewart, Grant, Baptiste, Henry, Francis",
    family_first: false,
};

const NORTHERN_EUROPEAN: NameGroup = NameGroup {
    given: "Anna, Julia, Laura, Lena, Sophie, Ingrid, Astrid, Sofie, Eva, Lotte, Emma, Katrin, Liis, Lukas, Jonas, \
            Thomas, Felix, Lars, Mikael, Jan, Pieter, Erik, Anders, Stefan, Jukka",
    family: "Müller, Schmidt, Schneider, Fischer, Weber, Wagner, Becker, de Vries, Jansen, Janssens, Peeters, \
             Bakker, Hansen, Johansson, Andersson, Nielsen, Larsen, Virtanen, Korhonen, Berg, Lindqvist, Tamm",
    family_first: false,
};

const SOUTHERN_EUROPEAN: NameGroup = NameGroup {
    given: "Marie, Léa, Camille, Chiara, Giulia, Francesca, Elena, Lucía, Inês, Sara, Carla, Sofia, Eleni, Pierre, \
            Nicolas, Julien, Luca, Marco, Matteo, Pablo, Javier, Tiago, Rui, Dimitris, Yannis",
    family: "Martin, Bernard, Dubois, Moreau, Laurent, Rossi, Russo, Bianchi, Romano, Colombo, Fernández, Ruiz, \
             García, Ferreira, Santos, Costa, Papadopoulos, Georgiou, Borg, Camilleri",
    family_first: false,
};

const HEBREW: NameGroup = NameGroup {
    given: "Noa, Yael, Tamar, Maya, Shira, Michal, Avi, Yossi, Daniel, Eitan, Omer, Amit",
    family: "Cohen, Levi, Mizrahi, Peretz, Biton, Friedman, Katz, Shapiro, Avraham, Dahan",
    family_first: false,
};

const CAUCASIAN: NameGroup = NameGroup {
    given: "Anahit, Nino, Tamar, Mariam, Ani, Lusine, Giorgi, Armen, Levan, Davit, Tigran, Lasha",
    family: "Beridze, Kapanadze, Gelashvili, Lomidze, Maisuradze, Petrosyan, Hovhannisyan, Sargsyan, Grigoryan, \
             Harutyunyan",
    family_first: false,
};

const EAST_SLAVIC: NameGroup = NameGroup {
    given: "Olena, Oksana, Iryna, Natalia, Tetiana, Yulia, Anastasia, Svitlana, Halyna, Daria, Andriy, Oleksandr, \
            Serhiy, Dmytro, Ivan, Mykola, Taras, Pavlo, Yuriy, Vasyl",
    family: "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, Kovalchuk, Savchenko, \
             Rudenko, Lysenko, Marchenko, Polishchuk, Moroz, Koval, Oliynyk",
    family_first: false,
};

const ROMANIAN: NameGroup = NameGroup {
    given: "Ioana, Andreea, Elena, Maria, Mihaela, Cristina, Diana, Alina, Natalia, Mihai, Andrei, Alexandru, \
            Ion, Vasile, Gheorghe, Ștefan, Adrian, Victor",
    family: "Popescu, Ionescu, Popa, Rusu, Ceban, Munteanu, Lungu, Moraru, Stan, Dumitru, Constantin, Marin, Ciobanu, \
             Țurcanu, Rotaru, Cojocaru",
    family_first: false,
};

const CENTRAL_EUROPEAN: NameGroup = NameGroup {
    given: "Magdalena, Katarzyna, Agnieszka, Marta, Eszter, Zsófia, Petra, Lucie, Tereza, Piotr, Tomasz, Marek, \
            Paweł, Gábor, László, Jakub, Martin, Ondřej",
    family: "Nowak, Kowalczyk, Wójcik, Kamiński, Lewandowski, Zieliński, Novák, Dvořák, Svoboda, Horváth, Nagy, \
             Kovács, Szabó, Tóth, Varga",
    family_first: false,
};

const BALKAN: NameGroup = NameGroup {
    given: "Ivana, Milica, Jelena, Ana, Marija, Vesna, Elira, Arta, Desislava, Nikola, Stefan, Marko, Luka, \
            Dragan, Arben, Besnik, Georgi, Dimitar",
    family: "Jovanović, Petrović, Nikolić, Marković, Đorđević, Horvat, Kovačević, Babić, Hoxha, Krasniqi, Gashi, \
             Berisha, Dimitrov, Georgiev, Stojanovski, Novak",
    family_first: false,
};

const PACIFIC: NameGroup = NameGroup {
    given: "Mere, Losana, Salote, Ana, Litia, Sera, Vika, Grace, Mary, Esther, Ruth, Tevita, Sione, Viliami, Josaia, \
            Jone, Peni, Sefo, Tui, John, Peter, Paul, Moses, Timote",
    family: "Tuilagi, Fifita, Vainikolo, Koroi, Nailatikau, Tabua, Waqa, Tora, Soro, Kila, Namaliu, Kapa, Tamate, \
             Taufa, Lolo, Faleafa, Leota, Sapolu, Teiwaki, Tebano, Mataio, Kalsakau, Natapei",
    family_first: false,
};

#[cfg(test)]
mod tests {
    use std::{collections::HashMap, time::Instant};

    use super::*;
    use crate::{email::MemberEmail, name::FullName};

    fn end_of(date: Date) -> OffsetDateTime {
        date.midnight().assume_utc() + Duration::DAY
    }

    /// Members and countries with members by the end of each milestone's date.
    fn measured_milestones(network: &DemoNetwork) -> Vec<(usize, usize)> {
        let joins: Vec<(OffsetDateTime, CountryCode)> = network
            .members()
            .map(|member| (member.joined_at, member.country))
            .collect();
        PUBLISHED_MILESTONES
            .iter()
            .map(|milestone| {
                let by_then: Vec<_> = joins
                    .iter()
                    .filter(|(at, _)| *at < end_of(milestone.date))
                    .collect();
                let countries: HashSet<_> = by_then.iter().map(|(_, country)| *country).collect();
                (by_then.len(), countries.len())
            })
            .collect()
    }

    fn assert_within_five_percent(measured: usize, expected: f64, what: &str) {
        let error = (measured as f64 - expected).abs() / expected;
        assert!(
            error <= 0.05,
            "{what}: measured {measured}, expected {expected}"
        );
    }

    #[test]
    fn the_generator_is_deterministic() {
        let first = DemoNetwork::new(DEFAULT_MEMBERS, 7);
        let again = DemoNetwork::new(DEFAULT_MEMBERS, 7);
        let other = DemoNetwork::new(DEFAULT_MEMBERS, 8);
        let members = |network: &DemoNetwork| network.members().take(100).collect::<Vec<_>>();
        assert_eq!(members(&first), members(&again));
        assert_eq!(first.organizations, again.organizations);
        assert_ne!(members(&first), members(&other));
        assert_ne!(first.organizations, other.organizations);
    }

    #[test]
    fn the_growth_matches_the_published_milestones_within_five_percent() {
        let network = DemoNetwork::new(DEFAULT_MEMBERS, 1);
        let measured = measured_milestones(&network);
        for (milestone, (members, countries)) in PUBLISHED_MILESTONES.iter().zip(measured) {
            println!(
                "{}: {members} members in {countries} countries",
                milestone.date
            );
            assert_within_five_percent(members, milestone.members as f64, "members");
            assert_within_five_percent(countries, milestone.countries as f64, "countries");
        }
    }

    #[test]
    fn the_growth_scales_with_the_number_of_members() {
        let network = DemoNetwork::new(10 * DEFAULT_MEMBERS, 2);
        let measured = measured_milestones(&network);
        for (milestone, (members, countries)) in PUBLISHED_MILESTONES.iter().zip(measured) {
            assert_within_five_percent(members, 10.0 * milestone.members as f64, "members");
            assert_within_five_percent(countries, milestone.countries as f64, "countries");
        }
    }

    #[test]
    fn a_small_network_reaches_fewer_countries() {
        let network = DemoNetwork::new(100, 3);
        let countries: HashSet<_> = network.members().map(|member| member.country).collect();
        assert!((5..=40).contains(&countries.len()), "{}", countries.len());
    }

    #[test]
    fn every_member_and_organisation_is_valid() {
        for (size, seed) in [(0, 1), (1, 2), (12, 3), (DEFAULT_MEMBERS, 4), (20_000, 5)] {
            let network = DemoNetwork::new(size, seed);
            for organization in &network.organizations {
                assert!(
                    OrganizationName::parse(&organization.name).is_ok(),
                    "{}",
                    organization.name
                );
                assert!(is_inhabited(organization.country.country()));
                if let Some(website) = &organization.website {
                    assert!(website.starts_with("https://example.org/"), "{website}");
                }
            }
            let mut emails = HashSet::new();
            let mut first_join = HashMap::new();
            let mut previous = LAUNCH;
            let mut count = 0;
            for member in network.members() {
                count += 1;
                assert!(
                    FullName::parse(&member.full_name).is_ok(),
                    "{}",
                    member.full_name
                );
                let email = MemberEmail::parse(&member.email).expect("a valid address");
                assert_eq!(email.as_str(), member.email);
                assert!(
                    emails.insert(member.email.clone()),
                    "{} twice",
                    member.email
                );
                assert!(is_inhabited(member.country.country()));
                assert!((1..=3).contains(&member.sectors.len()));
                assert!(
                    member.sectors.windows(2).all(|pair| pair[0] < pair[1]),
                    "{:?}",
                    member.sectors
                );
                if let Some(index) = member.organization {
                    assert_eq!(network.organizations[index].country, member.country);
                }
                assert!(member.bio.is_none() || member.listed);
                assert!(
                    member
                        .bio
                        .as_ref()
                        .is_none_or(|bio| bio.chars().count() <= 500)
                );
                assert!(member.joined_at >= previous && member.joined_at < end_of(AS_OF));
                previous = member.joined_at;
                first_join.entry(member.country).or_insert(member.joined_at);
            }
            assert_eq!(count, network.len());
            for entered in &network.countries {
                if let Some(first) = first_join.get(&entered.code) {
                    assert!(*first >= LAUNCH + Duration::seconds(entered.entry_second as i64));
                }
            }
        }
    }

    #[test]
    fn every_name_in_the_lists_has_an_address_form() {
        for country in country::all().iter().filter(|c| is_inhabited(c)) {
            let names = Names::of(names_for(country));
            for (given, family) in names.given.iter().zip(names.family.iter().cycle()) {
                assert!(
                    MemberEmail::parse(&email_address(given, family, 0)).is_ok(),
                    "{given}"
                );
            }
            for (family, given) in names.family.iter().zip(names.given.iter().cycle()) {
                assert!(
                    MemberEmail::parse(&email_address(given, family, 0)).is_ok(),
                    "{family}"
                );
            }
        }
    }

    #[test]
    fn the_profile_mix_is_about_as_described() {
        let network = DemoNetwork::new(DEFAULT_MEMBERS, 6);
        let members: Vec<_> = network.members().collect();
        let share = |test: fn(&DemoMember) -> bool| {
            members.iter().filter(|m| test(m)).count() as f64 / members.len() as f64
        };
        assert!((0.82..0.88).contains(&share(|m| m.organization.is_some())));
        assert!((0.37..0.43).contains(&share(|m| m.listed)));
        assert!((0.17..0.23).contains(&share(|m| m.bio.is_some())));
    }

    #[test]
    fn organisation_names_are_unique_after_normalisation() {
        for (size, seed) in [(DEFAULT_MEMBERS, 1), (200_000, 9)] {
            let network = DemoNetwork::new(size, seed);
            let mut seen = HashSet::new();
            for organization in &network.organizations {
                let normalized = organization::normalize(&organization.name);
                assert!(seen.insert(normalized), "{} twice", organization.name);
            }
        }
    }

    /// Every member and organisation of a network, one line each, hashed: a change
    /// anywhere in the output changes the digest.
    fn fingerprint(network: &DemoNetwork) -> String {
        let mut text = String::new();
        for member in network.members() {
            let sectors: Vec<&str> = member.sectors.iter().map(|s| s.code()).collect();
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:?}\t{}\t{:?}",
                member.full_name,
                member.email,
                member.country,
                member.joined_at.unix_timestamp(),
                member.category.code(),
                sectors.join(","),
                member.job_title,
                member.organization,
                member.listed,
                member.bio,
            );
        }
        for organization in &network.organizations {
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{:?}",
                organization.name,
                organization.kind.code(),
                organization.country,
                organization.website,
            );
        }
        hex(&text)
    }

    fn hex(text: &str) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// Pinned when the word lists moved out of this file: the generated network must
    /// not change with the code's shape.
    #[test]
    fn a_seed_generates_the_same_network_as_before() {
        assert_eq!(
            fingerprint(&DemoNetwork::new(DEFAULT_MEMBERS, 1)),
            "41baaf877ea97e8fe1cfb991a1916bc1b0018e14d7f90c74bc7cb180349c480b"
        );
        assert_eq!(
            fingerprint(&DemoNetwork::new(100, 3)),
            "0f67393d8157ede5cab4fdfd90581265bfe73b0fb98f1a28b3891f205d9b84d2"
        );
    }

    /// Every word list, as the generator reads it, hashed: the networks above do
    /// not reach every country, so they do not read every list.
    #[test]
    fn the_word_lists_read_as_before() {
        let mut text = String::new();
        for country in country::all().iter().filter(|c| is_inhabited(c)) {
            let names = Names::of(names_for(country));
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}",
                country.alpha2,
                names.family_first,
                names.given.join(","),
                names.family.join(",")
            );
        }
        for &category in WorkforceCategory::ALL {
            for (title, sector) in job_titles(category) {
                let _ = writeln!(text, "{}\t{title}\t{:?}", category.code(), sector);
            }
        }
        for &sector in Sector::ALL {
            let _ = writeln!(text, "{}\t{}", sector.code(), sector_phrase(sector));
        }
        for &kind in OrganizationType::ALL {
            for template in organization_templates(kind) {
                let _ = writeln!(text, "{}\t{template}", kind.code());
            }
        }
        let _ = writeln!(text, "{}", NGO_THEMES.join(","));
        let _ = writeln!(text, "{}", NGO_FORMS.join(","));
        let _ = writeln!(text, "{}", BRANCHES.join(","));
        assert_eq!(
            hex(&text),
            "93fcdb69471b67a7544f932f7ff942d30c5c6704ed987a886f6d692f3845065e"
        );
    }

    #[test]
    #[ignore = "slow without optimisation; run in release"]
    fn a_million_members_generate_quickly() {
        let started = Instant::now();
        let network = DemoNetwork::new(1_000_000, 42);
        let count = network.members().count();
        let elapsed = started.elapsed();
        println!(
            "{count} members and {} organisations in {elapsed:.2?}",
            network.organizations.len()
        );
        assert_eq!(count, 1_000_000);
        assert!(elapsed.as_secs_f64() < 10.0);
    }
}
