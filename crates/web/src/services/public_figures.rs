//! The network's public figures — members, countries with members, organisations,
//! each country's figures and rank, each region's totals — for the home page,
//! `/stats`, `/countries`, the country profiles and the JSON API, all read by
//! `membernet_persistence::public_figures` and derived by the rules of
//! `membernet_domain::public_figures`, so no two of them can disagree.

use membernet_domain::{
    CountryCode,
    public_figures::{CountryStanding, Members, PublicFigures},
};
use membernet_persistence::public_figures;

use super::{Result, Services};

/// Every public figure.
pub async fn all(services: &Services) -> Result<PublicFigures> {
    Ok(public_figures::load(&services.db).await?)
}

/// Each country's members: the headline ("3,000 members in 145 countries").
pub async fn headline(services: &Services) -> Result<Members> {
    Ok(public_figures::members(&services.db).await?)
}

/// A country's figures and rank among the countries with members.
pub async fn country(services: &Services, country: CountryCode) -> Result<CountryStanding> {
    Ok(public_figures::country(&services.db, country).await?)
}
