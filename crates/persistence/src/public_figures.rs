//! Reading the network's public figures (see `membernet_domain::public_figures`), in
//! one place: members now per country from the statistics rollup
//! ([`countries::member_counts`]), organisations with a counted member per country
//! ([`organizations::counts_by_country`]), and each region's members and countries
//! with members from the rollup's own region rows.
//!
//! [`load`] reads them all. The home page and a country's profile show only part of
//! them, so [`members`] and [`country`] read only that part, with the same queries.

use membernet_domain::{
    CountryCode,
    public_figures::{self, CountryStanding, Members, PublicFigures, RegionTotals},
    rollup::{Area, COUNTRIES},
};
use sea_orm::ConnectionTrait;

use crate::{Error, Result, countries, organizations, rollup};

/// Every public figure: each country's members and organisations, and each region's
/// totals.
pub async fn load(db: &impl ConnectionTrait) -> Result<PublicFigures> {
    let members = members(db).await?;
    let organizations = organizations::counts_by_country(db)
        .await?
        .into_iter()
        .map(|(code, count)| {
            let code = CountryCode::parse(&code)
                .map_err(|_| Error::Corrupt(format!("organisation country {code:?}")))?;
            Ok((code, count))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PublicFigures::new(
        members,
        organizations,
        regions(db).await?,
    ))
}

/// Each country's members now: the headline figures.
pub async fn members(db: &impl ConnectionTrait) -> Result<Members> {
    let counts = countries::member_counts(db).await?;
    let mut found = Vec::with_capacity(counts.len());
    for (code, members) in counts {
        let code = CountryCode::parse(&code)
            .map_err(|_| Error::Corrupt(format!("rollup country {code:?}")))?;
        found.push((code, members));
    }
    Ok(Members::new(found))
}

/// A country's figures and rank: every country's members (for the rank) and this
/// country's organisations.
pub async fn country(db: &impl ConnectionTrait, country: CountryCode) -> Result<CountryStanding> {
    let members = members(db).await?;
    let organizations = organizations::count_in_country(db, country).await?;
    Ok(CountryStanding::new(&members, country, organizations))
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
