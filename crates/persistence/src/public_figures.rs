//! Reading the network's public figures (see `membernet_domain::public_figures`), in
//! one place: members now per country from the statistics rollup
//! ([`countries::member_counts`]), organisations with a counted member per country
//! ([`organizations::counts_by_country`]), and each region's members and countries
//! with members from the rollup's own region rows.
//!
//! [`load`] reads them all. The home page and a country's profile show only part of
//! them, so [`members`] and [`country`] read only that part, with the same queries.

use std::collections::HashMap;

use membernet_domain::{
    CountryCode, country,
    public_figures::{self, CountryStanding, Members, PublicFigures, RegionTotals},
    statistics::{Area, COUNTRIES},
};
use sea_orm::ConnectionTrait;

use crate::{Error, Result, countries, organizations, rollup};

/// Every public figure: each country's members and organisations, and each region's
/// totals. The three reads are independent, so they run side by side (each on a
/// connection of its own): the answer waits for the slowest, not for the sum.
pub async fn load(db: &impl ConnectionTrait) -> Result<PublicFigures> {
    let (members, organizations, regions) =
        tokio::try_join!(members(db), organizations(db), regions(db))?;
    Ok(PublicFigures::new(members, organizations, regions))
}

/// Each country's members now: the headline figures.
pub async fn members(db: &impl ConnectionTrait) -> Result<Members> {
    let counts = countries::member_counts(db).await?;
    Ok(Members::new(known_countries(&counts)))
}

/// A country's figures and rank: every country's members (for the rank) and this
/// country's organisations.
pub async fn country(db: &impl ConnectionTrait, country: CountryCode) -> Result<CountryStanding> {
    let members = members(db).await?;
    let organizations = organizations::count_in_country(db, country).await?;
    Ok(CountryStanding::new(&members, country, organizations))
}

/// Each country's organisations with a counted member.
async fn organizations(db: &impl ConnectionTrait) -> Result<Vec<(CountryCode, u64)>> {
    let counts = organizations::counts_by_country(db).await?;
    let known = known_countries(&counts);
    if known.len() < counts.len() {
        return Err(Error::Corrupt(
            "an organisation's country is not in the reference data".to_owned(),
        ));
    }
    Ok(known)
}

/// Counts by alpha-2 code as countries of the reference data (looked up, not parsed
/// again one by one).
fn known_countries(counts: &HashMap<String, u64>) -> Vec<(CountryCode, u64)> {
    country::all()
        .iter()
        .filter_map(|country| Some((country.code(), *counts.get(country.alpha2)?)))
        .collect()
}

/// Each region's members and countries with members now: the latest month row of
/// the region's own series, everyone and the country count.
async fn regions(db: &impl ConnectionTrait) -> Result<Vec<RegionTotals>> {
    let slugs = public_figures::regions();
    let keys: Vec<String> = slugs
        .iter()
        .map(|slug| Area::Region(slug.clone()).key())
        .collect();
    let members = rollup::members_now(db, &keys).await?;
    // The latest row of the country-count series: a period no row comes after.
    let countries = rollup::summaries(db, &keys, COUNTRIES, i32::MAX, i32::MAX).await?;
    Ok(slugs
        .into_iter()
        .zip(&keys)
        .map(|(slug, key)| RegionTotals {
            slug,
            members: members.get(key).copied().unwrap_or(0).max(0) as u64,
            countries: countries
                .get(key)
                .map_or(0, |summary| summary.members)
                .max(0) as u64,
        })
        .collect())
}
