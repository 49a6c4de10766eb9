//! Organisations members work for: the public list and suggestions, one
//! organisation's page with its listed members, and staff's edits and merges (a
//! duplicate's members move to the organisation it is merged into, and its address
//! redirects there).

use membernet_domain::{
    CountryCode, MemberId, disclosure,
    organization::{Organization, OrganizationName, OrganizationType},
};
use membernet_persistence::{
    directory::{self, DirectoryEntry, DirectoryQuery},
    organizations::{self, BySlug, Changes, Listed, Updated},
};
use time::OffsetDateTime;

use super::{Error, Result, Services};

/// An organisation in the public list, with its counted members (a count below
/// the public threshold withheld: see `membernet_domain::disclosure`).
pub struct ListedOrganization {
    pub organization: Organization,
    pub members: disclosure::Shown,
}

/// One page of the organisations whose names match `search` (every one when it is
/// empty), in `country` if given, and whether another page follows.
pub async fn search(
    services: &Services,
    search: &str,
    country: Option<CountryCode>,
    page: u64,
) -> Result<(Vec<ListedOrganization>, bool)> {
    let (listed, more) = organizations::search(&services.db, search, country, page).await?;
    let threshold = services.config.public_min_count;
    let listed = listed
        .into_iter()
        .map(
            |Listed {
                 organization,
                 members,
             }| ListedOrganization {
                organization,
                members: threshold.cell(members),
            },
        )
        .collect();
    Ok((listed, more))
}

/// Names of organisations starting like `typed`, for a form's suggestions.
pub async fn suggest(services: &Services, typed: &str) -> Result<Vec<String>> {
    Ok(organizations::suggest(&services.db, typed, 10)
        .await?
        .into_iter()
        .map(|organization| organization.name)
        .collect())
}

/// What `/organizations/{slug}` shows.
pub enum Shown {
    Page(OrganizationPage),
    /// Merged into the organisation with this slug.
    MergedInto(String),
}

pub struct OrganizationPage {
    pub organization: Organization,
    /// Counted members, a small count withheld.
    pub members: disclosure::Shown,
    /// The first of its members the directory lists, and whether there are more.
    pub listed: Vec<DirectoryEntry>,
    pub more_listed: bool,
}

pub async fn page(services: &Services, slug: &str) -> Result<Shown> {
    let organization = match organizations::by_slug(&services.db, slug).await? {
        BySlug::Found(organization) => organization,
        BySlug::MergedInto(target) => return Ok(Shown::MergedInto(target)),
        BySlug::Missing => return Err(Error::NotFound),
    };
    let members = organizations::member_counts(&services.db, &[organization.id.0])
        .await?
        .get(&organization.id.0)
        .copied()
        .unwrap_or(0);
    let query = DirectoryQuery {
        organization: Some(organization.id),
        ..DirectoryQuery::default()
    };
    let (listed, more_listed) = directory::search(&services.db, &query).await?;
    Ok(Shown::Page(OrganizationPage {
        organization,
        members: services.config.public_min_count.cell(members),
        listed,
        more_listed,
    }))
}

/// The organisation at `slug` as staff edit it: shown, not merged away.
pub async fn for_staff(services: &Services, slug: &str) -> Result<Organization> {
    match organizations::by_slug(&services.db, slug).await? {
        BySlug::Found(organization) => Ok(organization),
        _ => Err(Error::NotFound),
    }
}

/// An organisation as staff save it, every field valid.
pub struct Edit {
    pub name: OrganizationName,
    pub kind: OrganizationType,
    pub country: Option<CountryCode>,
    pub website: Option<String>,
}

/// Saves staff's edit; a name another organisation has is refused (merge instead).
/// A new type moves its counted members in the statistics by organisation type.
pub async fn update(
    services: &Services,
    organization: &Organization,
    edit: &Edit,
) -> Result<Updated> {
    let changes = Changes {
        name: &edit.name,
        kind: edit.kind,
        country: edit.country,
        website: edit.website.as_deref(),
    };
    let now = OffsetDateTime::now_utc();
    Ok(organizations::update(&services.db, organization.id, changes, now).await?)
}

pub enum Merge {
    /// Done: the duplicate's members moved, and its address redirects here.
    Merged { into: Organization },
    /// No organisation has the name given (or it was not a name).
    UnknownTarget,
    /// The name given is the duplicate's own.
    SameOrganization,
}

/// Staff merge `duplicate` into the organisation named `target`.
pub async fn merge(
    services: &Services,
    by: MemberId,
    duplicate: &Organization,
    target: Option<&OrganizationName>,
) -> Result<Merge> {
    let target = match target {
        Some(name) => organizations::find_by_name(&services.db, name).await?,
        None => None,
    };
    let target = match target {
        None => return Ok(Merge::UnknownTarget),
        Some(target) if target.id == duplicate.id => return Ok(Merge::SameOrganization),
        Some(target) => target,
    };
    let now = OffsetDateTime::now_utc();
    let moved = organizations::merge(&services.db, duplicate.id, target.id, now).await?;
    tracing::info!(
        staff = by.0,
        from = duplicate.id.0,
        into = target.id.0,
        moved,
        "organisations merged"
    );
    Ok(Merge::Merged { into: target })
}
