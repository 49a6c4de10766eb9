//! Where a figure is counted: the network, a UN M49 region, sub-region or
//! intermediate region, or a country, and how they nest.

use std::{collections::HashMap, sync::LazyLock};

use crate::{CountryCode, country::region_slug};

/// The network as an area.
pub const WORLD: &str = "world";

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
pub(super) fn area_keys(country: CountryCode) -> &'static [String] {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn code(alpha2: &str) -> CountryCode {
        CountryCode::parse(alpha2).unwrap()
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
}
