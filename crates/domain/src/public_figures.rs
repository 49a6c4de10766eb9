//! The network's public figures: what the home page, `/stats`, `/countries`, each
//! country profile and the JSON API tell the public, and the rules that derive one
//! figure from another, written once so the pages and the API cannot disagree.
//!
//! Everything starts from counts per country — members now (from the statistics
//! rollup) and organisations with a counted member — and from each region's own
//! rows in the rollup. The network's totals are sums over the countries, and a
//! country's rank is one more than the number of countries with more members.

use std::collections::HashMap;

use crate::{
    CountryCode,
    country::{self, region_slug},
};

/// Members now in each country; only countries with members are held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Members(HashMap<CountryCode, u64>);

impl Members {
    /// Counts per country; zeros are left out, so a country either has members or
    /// is absent.
    pub fn new(counts: impl IntoIterator<Item = (CountryCode, u64)>) -> Self {
        Self(
            counts
                .into_iter()
                .filter(|(_, members)| *members > 0)
                .collect(),
        )
    }

    /// A country's members, 0 when it has none.
    pub fn of(&self, country: CountryCode) -> u64 {
        self.0.get(&country).copied().unwrap_or(0)
    }

    /// Members of the network.
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// Countries with at least one member.
    pub fn countries(&self) -> usize {
        self.0.len()
    }

    /// A country's place among the countries with members: 1 + the countries with
    /// more members (countries with as many share a place). `None` without members.
    pub fn rank(&self, country: CountryCode) -> Option<Rank> {
        let members = self.of(country);
        (members > 0).then(|| Rank {
            position: self.0.values().filter(|other| **other > members).count() + 1,
            of: self.countries(),
        })
    }

    /// The countries with members, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (CountryCode, u64)> + '_ {
        self.0.iter().map(|(code, members)| (*code, *members))
    }
}

/// A country's place among the countries with members: `position` of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    pub position: usize,
    pub of: usize,
}

/// The network in three figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkTotals {
    pub members: u64,
    /// Countries with at least one member.
    pub countries: usize,
    /// Organisations with at least one counted member.
    pub organizations: u64,
}

/// One country's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CountryFigures {
    pub members: u64,
    /// Organisations of the country with at least one counted member.
    pub organizations: u64,
}

/// A UN M49 region's figures, from its own rows in the rollup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionTotals {
    /// Like `africa`.
    pub slug: String,
    pub members: u64,
    /// Countries of the region with at least one member.
    pub countries: u64,
}

/// The regions public figures are given for: the UN M49 regions (Africa, Americas,
/// Asia, Europe, Oceania), by slug, in order of name.
pub fn regions() -> Vec<String> {
    country::regions()
        .into_iter()
        .map(|(region, _)| region_slug(region))
        .collect()
}

/// Every public figure of the network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicFigures {
    pub members: Members,
    organizations: HashMap<CountryCode, u64>,
    regions: Vec<RegionTotals>,
}

impl PublicFigures {
    /// `regions` in the order of [`regions`].
    pub fn new(
        members: Members,
        organizations: impl IntoIterator<Item = (CountryCode, u64)>,
        regions: Vec<RegionTotals>,
    ) -> Self {
        Self {
            members,
            organizations: organizations.into_iter().collect(),
            regions,
        }
    }

    pub fn totals(&self) -> NetworkTotals {
        NetworkTotals {
            members: self.members.total(),
            countries: self.members.countries(),
            organizations: self.organizations.values().sum(),
        }
    }

    pub fn country(&self, country: CountryCode) -> CountryFigures {
        CountryFigures {
            members: self.members.of(country),
            organizations: self.organizations.get(&country).copied().unwrap_or(0),
        }
    }

    /// Each region's figures, in the order of [`regions`].
    pub fn regions(&self) -> &[RegionTotals] {
        &self.regions
    }

    /// A region's figures by slug; zeros for a region not held.
    pub fn region(&self, slug: &str) -> RegionTotals {
        self.regions
            .iter()
            .find(|region| region.slug == slug)
            .cloned()
            .unwrap_or(RegionTotals {
                slug: slug.to_owned(),
                members: 0,
                countries: 0,
            })
    }
}

/// A country's figures beside the rest of the network: its profile's headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryStanding {
    pub figures: CountryFigures,
    pub rank: Option<Rank>,
    pub countries_with_members: usize,
}

impl CountryStanding {
    pub fn new(members: &Members, country: CountryCode, organizations: u64) -> Self {
        Self {
            figures: CountryFigures {
                members: members.of(country),
                organizations,
            },
            rank: members.rank(country),
            countries_with_members: members.countries(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(alpha2: &str) -> CountryCode {
        CountryCode::parse(alpha2).unwrap()
    }

    fn members(pairs: &[(&str, u64)]) -> Members {
        Members::new(pairs.iter().map(|(alpha2, n)| (code(alpha2), *n)))
    }

    #[test]
    fn a_country_ranks_one_after_the_countries_with_more_members() {
        let members = members(&[("KE", 5), ("UG", 9), ("TZ", 5), ("SE", 1), ("FR", 0)]);
        assert_eq!(members.rank(code("UG")), Some(Rank { position: 1, of: 4 }));
        // Kenya and Tanzania share second place; Sweden comes after both.
        assert_eq!(members.rank(code("KE")), Some(Rank { position: 2, of: 4 }));
        assert_eq!(members.rank(code("TZ")), Some(Rank { position: 2, of: 4 }));
        assert_eq!(members.rank(code("SE")), Some(Rank { position: 4, of: 4 }));
        assert_eq!(members.rank(code("FR")), None, "no members, no rank");
    }

    #[test]
    fn network_totals_are_sums_over_the_countries_with_members() {
        let figures = PublicFigures::new(
            members(&[("KE", 5), ("UG", 9), ("FR", 0)]),
            [(code("KE"), 2), (code("SE"), 1)],
            Vec::new(),
        );
        assert_eq!(
            figures.totals(),
            NetworkTotals {
                members: 14,
                countries: 2,
                organizations: 3,
            }
        );
        assert_eq!(
            figures.country(code("KE")),
            CountryFigures {
                members: 5,
                organizations: 2,
            }
        );
        assert_eq!(figures.country(code("SE")).members, 0);
        assert_eq!(figures.region("africa").members, 0, "a region not held");
    }

    #[test]
    fn the_regions_are_the_five_un_m49_regions() {
        assert_eq!(
            regions(),
            ["africa", "americas", "asia", "europe", "oceania"]
        );
    }

    #[test]
    fn a_standing_holds_the_country_its_rank_and_the_countries_with_members() {
        let standing = CountryStanding::new(&members(&[("KE", 5), ("UG", 9)]), code("KE"), 3);
        assert_eq!(standing.figures.members, 5);
        assert_eq!(standing.figures.organizations, 3);
        assert_eq!(standing.rank, Some(Rank { position: 2, of: 2 }));
        assert_eq!(standing.countries_with_members, 2);
    }
}
