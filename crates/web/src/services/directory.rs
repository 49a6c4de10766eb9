//! The directory (`/members`): members who chose to be listed, searched by name and
//! filtered by where they are, whom they work for and what they do. Who is listed
//! is `membernet_persistence::directory`'s rule (counted members who opted in).

use membernet_domain::{
    CountryCode,
    organization::Organization,
    profile::{Sector, WorkforceCategory},
};
use membernet_persistence::{
    directory::{self, DirectoryEntry, DirectoryQuery},
    organizations::{self, BySlug},
};

use super::{Result, Services};

/// A directory search, every filter understood.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// Words of a name.
    pub name: String,
    /// Empty: anywhere. A region is passed as its countries.
    pub countries: Vec<CountryCode>,
    /// The slug of the organisation to search in.
    pub organization: Option<String>,
    pub category: Option<WorkforceCategory>,
    pub sector: Option<Sector>,
    pub page: u64,
}

pub struct Listing {
    pub listed: Vec<DirectoryEntry>,
    pub has_more: bool,
    /// The organisation searched in; `None` when the slug names none shown (the
    /// search then runs in every organisation).
    pub organization: Option<Organization>,
}

pub async fn search(services: &Services, search: Search) -> Result<Listing> {
    let mut organization = None;
    if let Some(slug) = &search.organization
        && let BySlug::Found(found) = organizations::by_slug(&services.db, slug).await?
    {
        organization = Some(found);
    }
    let query = DirectoryQuery {
        name: search.name,
        countries: search.countries,
        organization: organization.as_ref().map(|organization| organization.id),
        category: search.category,
        sector: search.sector,
        page: search.page,
    };
    let (listed, has_more) = directory::search(&services.db, &query).await?;
    Ok(Listing {
        listed,
        has_more,
        organization,
    })
}
