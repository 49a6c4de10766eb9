//! The member's own account page: their name, country, work, organisation and
//! whether the directory lists them.

use membernet_domain::{
    Account, CountryCode, FullName, organization::Organization, profile::Profile,
    signup::Affiliation,
};
use membernet_persistence::members;
use time::OffsetDateTime;

use super::affiliated;
use crate::{
    locale::Locale,
    services::{Result, Services},
};

/// What the account page shows about the member's work.
pub async fn load(
    services: &Services,
    account: &Account,
) -> Result<(Profile, Option<Organization>)> {
    Ok(members::profile(&services.db, account.id)
        .await?
        .unwrap_or_default())
}

/// The account page as sent, every field valid.
pub struct Changes {
    pub full_name: FullName,
    pub country: CountryCode,
    pub profile: Profile,
    pub organization: Option<Affiliation>,
    /// The language the member chose for their emails (the page's, when the form
    /// did not say).
    pub locale: Locale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Saved,
    /// The organisation is new to the network and its type was not chosen.
    OrganizationTypeNeeded,
}

/// Saves the page. A counted member who moves country moves in the figures; a
/// verified account given its first country starts to count.
/// The language a member's emails are in.
pub async fn language(services: &Services, account: &Account) -> Result<Locale> {
    Ok(
        membernet_persistence::members::locale(&services.db, account.id)
            .await?
            .and_then(|code| Locale::parse(&code))
            .unwrap_or_default(),
    )
}

pub async fn save(services: &Services, account: &Account, changes: Changes) -> Result<Saved> {
    let organization = match &changes.organization {
        None => None,
        Some(affiliation) => match affiliated(services, affiliation).await? {
            Some(organization) => Some(organization),
            None => return Ok(Saved::OrganizationTypeNeeded),
        },
    };
    let now = OffsetDateTime::now_utc();
    let stored = members::AccountChanges {
        full_name: &changes.full_name,
        country: changes.country,
        profile: &changes.profile,
        organization,
        locale: changes.locale.code(),
    };
    members::update_account(&services.db, account.id, stored, now).await?;
    Ok(Saved::Saved)
}
