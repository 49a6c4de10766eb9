//! Countries: ISO 3166-1 codes with their current names, UN M49 region and population.
//!
//! The reference data is `seed/countries.tsv` (how it is made, and from what, is in
//! `seed/README.md`), compiled into the binary. Codes are stored as upper-case alpha-2.
//! isocountry confirms every code is a real ISO 3166-1 assignment; its English names
//! are partly stale, so display names come from the seed file. Kosovo (`XK`) is not in
//! ISO 3166-1 but is a code in common use (European Commission, World Bank) and the
//! network has members there, so it is accepted deliberately.

use std::{fmt, sync::LazyLock};

const SEED: &str = include_str!("../../../seed/countries.tsv");

/// Codes accepted although ISO 3166-1 has not assigned them.
const DELIBERATE_ADDITIONS: &[&str] = &["XK"];

#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: &'static str,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    pub name_es: &'static str,
    pub name_pt: &'static str,
    pub region: &'static str,
    pub sub_region: &'static str,
    pub population: Option<u64>,
    pub population_year: Option<u16>,
    pub population_source: &'static str,
    /// The UN M49 intermediate region ("Eastern Africa") where there is one.
    pub intermediate_region: &'static str,
}

impl Country {
    /// The name in the given language (`en`, `fr`, `es`, `pt`), English where there
    /// is none.
    pub fn name(&self, language: &str) -> &'static str {
        match language {
            "fr" if !self.name_fr.is_empty() => self.name_fr,
            "es" if !self.name_es.is_empty() => self.name_es,
            "pt" if !self.name_pt.is_empty() => self.name_pt,
            _ => self.name_en,
        }
    }

    pub fn code(&self) -> CountryCode {
        CountryCode(code_bytes(self.alpha2))
    }
}

static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    let mut lines = SEED.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with(
            "alpha2\talpha3\tnumeric\tname_en\tname_fr\tregion\tsub_region\tpopulation"
        ),
        "seed/countries.tsv has an unexpected header: {header}"
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let field: Vec<&'static str> = line.split('\t').collect();
            let get = |i: usize| field.get(i).copied().unwrap_or_default().trim();
            Country {
                alpha2: get(0),
                alpha3: get(1),
                numeric: get(2),
                name_en: get(3),
                name_fr: get(4),
                region: get(5),
                sub_region: get(6),
                population: get(7).parse().ok(),
                population_year: get(8).parse().ok(),
                population_source: get(9),
                intermediate_region: get(10),
                name_es: get(11),
                name_pt: get(12),
            }
        })
        .collect()
});

/// Every country, in the order of the seed file (by alpha-2 code).
pub fn all() -> &'static [Country] {
    &COUNTRIES
}

/// A region's or sub-region's URL and catalogue form: "Sub-Saharan Africa" →
/// "sub-saharan-africa".
pub fn region_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// UN M49 regions with their sub-regions, by name.
pub fn regions() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut regions: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for country in all().iter().filter(|country| !country.region.is_empty()) {
        match regions
            .iter_mut()
            .find(|(region, _)| *region == country.region)
        {
            Some((_, subs)) => {
                if !subs.contains(&country.sub_region) {
                    subs.push(country.sub_region);
                }
            }
            None => regions.push((country.region, vec![country.sub_region])),
        }
    }
    regions.sort();
    for (_, subs) in &mut regions {
        subs.sort();
    }
    regions
}

/// UN M49 intermediate regions by name, each with the sub-region it is part of.
pub fn intermediate_regions() -> Vec<(&'static str, &'static str)> {
    let mut found: Vec<(&'static str, &'static str)> = all()
        .iter()
        .filter(|country| !country.intermediate_region.is_empty())
        .map(|country| (country.intermediate_region, country.sub_region))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The countries of a region, sub-region or intermediate region, given its slug;
/// empty when unknown.
pub fn in_region(slug: &str) -> Vec<CountryCode> {
    all()
        .iter()
        .filter(|country| {
            !country.region.is_empty()
                && (region_slug(country.region) == slug
                    || region_slug(country.sub_region) == slug
                    || (!country.intermediate_region.is_empty()
                        && region_slug(country.intermediate_region) == slug))
        })
        .map(Country::code)
        .collect()
}

/// A country code known to the reference data, upper-case alpha-2.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CountryError {
    #[error("no country was chosen")]
    Empty,
    #[error("that is not a country we know")]
    Unknown,
}

fn code_bytes(alpha2: &str) -> [u8; 2] {
    let bytes = alpha2.as_bytes();
    [bytes[0], bytes[1]]
}

impl CountryCode {
    /// Accepts an alpha-2 code in any case (`ke`, `KE`).
    pub fn parse(raw: &str) -> Result<Self, CountryError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(CountryError::Empty);
        }
        let assigned = isocountry::CountryCode::for_alpha2(&code).is_ok()
            || DELIBERATE_ADDITIONS.contains(&code.as_str());
        if !assigned {
            return Err(CountryError::Unknown);
        }
        all()
            .iter()
            .find(|country| country.alpha2 == code)
            .map(Country::code)
            .ok_or(CountryError::Unknown)
    }

    pub fn as_str(&self) -> &str {
        // Always two ASCII letters: only `parse` and `Country::code` build one.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    pub fn country(&self) -> &'static Country {
        // A CountryCode exists only for a row of the seed data.
        all()
            .iter()
            .find(|country| country.alpha2.as_bytes() == self.0)
            .unwrap_or_else(|| unreachable!("CountryCode built outside the reference data"))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_3166_country_is_in_the_reference_data() {
        for code in isocountry::CountryCode::iter() {
            assert!(
                CountryCode::parse(code.alpha2()).is_ok(),
                "{} is missing from seed/countries.tsv",
                code.alpha2()
            );
        }
    }

    #[test]
    fn codes_are_accepted_in_any_case() {
        assert_eq!(CountryCode::parse("ke").unwrap().as_str(), "KE");
        assert_eq!(CountryCode::parse(" Ke ").unwrap().as_str(), "KE");
    }

    #[test]
    fn unknown_and_empty_codes_are_refused() {
        assert_eq!(CountryCode::parse("QQ"), Err(CountryError::Unknown));
        assert_eq!(CountryCode::parse("KEN"), Err(CountryError::Unknown));
        assert_eq!(CountryCode::parse(""), Err(CountryError::Empty));
    }

    #[test]
    fn kosovo_is_accepted_deliberately() {
        assert_eq!(
            CountryCode::parse("XK").unwrap().country().name_en,
            "Kosovo"
        );
    }

    #[test]
    fn names_are_current_not_isocountrys_stale_ones() {
        assert_eq!(
            CountryCode::parse("SZ").unwrap().country().name_en,
            "Eswatini"
        );
        assert_eq!(
            CountryCode::parse("MK").unwrap().country().name_en,
            "North Macedonia"
        );
    }

    #[test]
    fn regions_and_sub_regions_hold_their_countries() {
        let regions = regions();
        assert_eq!(
            regions
                .iter()
                .map(|(region, _)| *region)
                .collect::<Vec<_>>(),
            ["Africa", "Americas", "Asia", "Europe", "Oceania"]
        );
        let east_africa = in_region("sub-saharan-africa");
        assert!(east_africa.contains(&CountryCode::parse("KE").unwrap()));
        assert!(!east_africa.contains(&CountryCode::parse("EG").unwrap()));
        assert!(in_region("africa").len() > east_africa.len());
        assert!(in_region("atlantis").is_empty());
        assert_eq!(
            region_slug("Latin America and the Caribbean"),
            "latin-america-and-the-caribbean"
        );
    }

    #[test]
    fn names_come_in_french_too() {
        let kenya = CountryCode::parse("KE").unwrap().country();
        assert_eq!(kenya.name("fr"), "Kenya");
        assert_eq!(
            CountryCode::parse("DE").unwrap().country().name("fr"),
            "Allemagne"
        );
    }
}
