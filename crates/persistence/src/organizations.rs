//! Organisations: found by their normalised name or created, listed with member
//! counts, edited and merged by staff.
//!
//! A merged organisation keeps its row (so its old address can redirect) with
//! `merged_into_id` set; its members move to the one it was merged into, and anyone
//! typing its name later is matched to that one too.

use std::collections::HashMap;

use membernet_domain::{
    CountryCode, MemberId,
    organization::{Organization, OrganizationId, OrganizationName, OrganizationType},
    statistics::{Change, Standing},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionSession, TransactionTrait, TryInsertResult,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use time::OffsetDateTime;

use crate::{
    Error, Result,
    entity::{member, organization},
    member_rows, membership, organization_counts, profile_counts,
};

pub const PAGE_SIZE: u64 = 30;

/// The rule for showing an organisation in public: at least one counted member
/// (see `member_rows::counted`) works there. An organisation typed on the join form by
/// someone who never confirmed their address stays out of sight.
/// At least one counted member works there (the count kept by
/// `organization_counts`).
fn has_counted_member() -> sea_orm::sea_query::SimpleExpr {
    Expr::col((organization::Entity, organization::Column::CountedMembers)).gt(0)
}

fn to_organization(row: organization::Model) -> Result<Organization> {
    let corrupt = |what: &str| Error::Corrupt(format!("organization {}: {what}", row.id));
    Ok(Organization {
        id: OrganizationId(row.id),
        kind: OrganizationType::parse(&row.kind).ok_or_else(|| corrupt("type"))?,
        country: member_rows::stored_country(row.country_code.as_deref())
            .map_err(|_| corrupt("country"))?,
        slug: row.slug,
        name: row.name,
        website: row.website,
    })
}

/// Follows merges to the organisation that stands now.
async fn resolve(
    db: &impl ConnectionTrait,
    mut row: organization::Model,
) -> Result<organization::Model> {
    // Merges never form cycles (a merge target is always a standing organisation),
    // but a bound keeps a damaged table from looping forever.
    for _ in 0..16 {
        let Some(target) = row.merged_into_id else {
            return Ok(row);
        };
        match organization::Entity::find_by_id(target).one(db).await? {
            Some(next) => row = next,
            None => return Ok(row),
        }
    }
    Err(Error::Corrupt(format!(
        "organization {} merges in a loop",
        row.id
    )))
}

pub async fn find(db: &impl ConnectionTrait, id: OrganizationId) -> Result<Option<Organization>> {
    organization::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_organization)
        .transpose()
}

/// The organisation of that name (after normalisation), if there is one.
pub async fn find_by_name(
    db: &impl ConnectionTrait,
    name: &OrganizationName,
) -> Result<Option<Organization>> {
    let row = organization::Entity::find()
        .filter(organization::Column::NormalizedName.eq(name.normalized()))
        .one(db)
        .await?;
    match row {
        Some(row) => Ok(Some(to_organization(resolve(db, row).await?)?)),
        None => Ok(None),
    }
}

/// What `/organizations/{slug}` finds: the organisation, or where a merged one went.
pub enum BySlug {
    Found(Organization),
    MergedInto(String),
    Missing,
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<BySlug> {
    let Some(row) = organization::Entity::find()
        .filter(organization::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(BySlug::Missing);
    };
    if row.merged_into_id.is_none() && row.counted_members <= 0 {
        return Ok(BySlug::Missing);
    }
    if row.merged_into_id.is_some() {
        let target = resolve(db, row).await?;
        return Ok(BySlug::MergedInto(target.slug));
    }
    Ok(BySlug::Found(to_organization(row)?))
}

/// The organisation named `name`, created with `kind` and `country` when new.
pub async fn find_or_create(
    db: &impl ConnectionTrait,
    name: &OrganizationName,
    kind: OrganizationType,
    country: Option<CountryCode>,
    now: OffsetDateTime,
) -> Result<Organization> {
    if let Some(existing) = find_by_name(db, name).await? {
        return Ok(existing);
    }
    let base = name.slug();
    for attempt in 0..50u32 {
        let slug = slug_candidate(&base, name.normalized(), attempt);
        let row = organization::ActiveModel {
            slug: Set(slug),
            name: Set(name.as_str().to_owned()),
            normalized_name: Set(name.normalized().to_owned()),
            kind: Set(kind.code().to_owned()),
            country_code: Set(country.map(|code| code.as_str().to_owned())),
            website: Set(None),
            merged_into_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        // `ON CONFLICT DO NOTHING` rather than catching the unique violation: on
        // PostgreSQL a failed statement would end the caller's transaction.
        let inserted = organization::Entity::insert(row)
            .on_conflict(OnConflict::new().do_nothing().to_owned())
            .try_insert()
            .exec(db)
            .await?;
        match inserted {
            TryInsertResult::Inserted(inserted) => {
                return find(db, OrganizationId(inserted.last_insert_id))
                    .await?
                    .ok_or_else(|| Error::Corrupt("a new organisation vanished".into()));
            }
            TryInsertResult::Conflicted | TryInsertResult::Empty => {
                // Someone created the same name meanwhile, or the slug is taken.
                if let Some(existing) = find_by_name(db, name).await? {
                    return Ok(existing);
                }
            }
        }
    }
    Err(Error::Corrupt(format!(
        "no free slug for {}",
        name.as_str()
    )))
}

/// The slug to try on `attempt`: the name's own, then numbered, then (for names
/// that all slug alike, as names in non-Latin scripts do) one made unique by a
/// hash of the normalised name.
fn slug_candidate(base: &str, normalized: &str, attempt: u32) -> String {
    match attempt {
        0 => base.to_owned(),
        1..=3 => format!("{base}-{}", attempt + 1),
        _ => {
            let hash = membernet_domain::token::hash_token(&format!("{normalized}#{attempt}"));
            format!("{base}-{}", &hash[..8])
        }
    }
}

/// An organisation in a list, with its member count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub organization: Organization,
    pub members: u64,
}

/// Standing organisations with at least one counted member (an organisation typed
/// by someone who never confirmed their address stays out of sight) whose name
/// contains every word of `query` (all when empty), optionally in one country, by
/// name; one page and whether there is more.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &str,
    country: Option<CountryCode>,
    page: u64,
) -> Result<(Vec<Listed>, bool)> {
    let mut select = organization::Entity::find()
        .filter(organization::Column::MergedIntoId.is_null())
        .filter(has_counted_member());
    for word in query.split_whitespace().take(5) {
        let word = membernet_domain::organization::normalize(word);
        if !word.is_empty() {
            select = select.filter(organization::Column::NormalizedName.contains(&word));
        }
    }
    if let Some(country) = country {
        select = select.filter(organization::Column::CountryCode.eq(country.as_str()));
    }
    let rows = select
        .order_by_asc(organization::Column::Name)
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    let rows: Vec<_> = rows.into_iter().take(PAGE_SIZE as usize).collect();
    let counts = member_counts(db, &rows.iter().map(|row| row.id).collect::<Vec<_>>()).await?;
    let listed = rows
        .into_iter()
        .map(|row| {
            let members = counts.get(&row.id).copied().unwrap_or(0);
            to_organization(row).map(|organization| Listed {
                organization,
                members,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((listed, has_more))
}

/// Counted members of each organisation in `ids`.
pub async fn member_counts(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::CountedMembers)
        .filter(organization::Column::Id.is_in(ids.iter().copied()))
        .filter(organization::Column::CountedMembers.gt(0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, count)| (id, Ord::max(count, 0) as u64))
        .collect())
}

/// Organisations whose name starts like `prefix`, for suggestions as one types.
pub async fn suggest(
    db: &impl ConnectionTrait,
    prefix: &str,
    limit: u64,
) -> Result<Vec<Organization>> {
    let normalized = membernet_domain::organization::normalize(prefix);
    if normalized.is_empty() {
        return Ok(Vec::new());
    }
    organization::Entity::find()
        .filter(organization::Column::MergedIntoId.is_null())
        .filter(organization::Column::NormalizedName.starts_with(&normalized))
        .filter(has_counted_member())
        .order_by_asc(organization::Column::NormalizedName)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(to_organization)
        .collect()
}

pub struct Changes<'a> {
    pub name: &'a OrganizationName,
    pub kind: OrganizationType,
    pub country: Option<CountryCode>,
    pub website: Option<&'a str>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Updated {
    Updated,
    /// Another organisation already has that name: merge instead.
    NameTaken(Organization),
}

/// The members of an organisation as they count now (those who do not count left
/// out), their rows locked: taken before a change to the organisation, so the
/// statistics by organisation type follow it.
async fn counted_members(
    db: &impl ConnectionTrait,
    organization: OrganizationId,
    now: OffsetDateTime,
) -> Result<Vec<(MemberId, profile_counts::Counted)>> {
    // Written first, so an account edit at the same moment waits (see `members::lock`).
    member::Entity::update_many()
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::OrganizationId.eq(organization.0))
        .exec(db)
        .await?;
    let ids: Vec<i64> = member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .filter(member::Column::OrganizationId.eq(organization.0))
        .filter(member_rows::counted())
        .into_tuple()
        .all(db)
        .await?;
    let mut counted = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(snapshot) = profile_counts::snapshot(db, MemberId(id)).await? {
            counted.push((MemberId(id), snapshot));
        }
    }
    Ok(counted)
}

/// Records, in one go, that each member taken by [`counted_members`] now works for
/// an organisation of type `kind`.
async fn restand(
    db: &impl ConnectionTrait,
    before: Vec<(MemberId, profile_counts::Counted)>,
    kind: Option<OrganizationType>,
    now: OffsetDateTime,
) -> Result<()> {
    let changes: Vec<(MemberId, Change)> = before
        .into_iter()
        .filter_map(|(id, was)| {
            let from = was.standing();
            let to = Standing {
                organization_type: kind,
                ..from.clone()
            };
            Change::between(Some(&from), Some(&to)).map(|change| (id, change))
        })
        .collect();
    membership::record_many(db, &changes, now).await
}

/// Staff edit an organisation. Its slug stays, so links keep working. A new type
/// moves its counted members in the statistics by organisation type.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: OrganizationId,
    changes: Changes<'_>,
    now: OffsetDateTime,
) -> Result<Updated> {
    if let Some(other) = find_by_name(db, changes.name).await?
        && other.id != id
    {
        return Ok(Updated::NameTaken(other));
    }
    let txn = crate::db::begin_write(db).await?;
    let kind_changes = organization::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .is_some_and(|row| row.kind != changes.kind.code());
    let before = if kind_changes {
        counted_members(&txn, id, now).await?
    } else {
        Vec::new()
    };
    organization::Entity::update_many()
        .col_expr(
            organization::Column::Name,
            Expr::value(changes.name.as_str()),
        )
        .col_expr(
            organization::Column::NormalizedName,
            Expr::value(changes.name.normalized()),
        )
        .col_expr(organization::Column::Kind, Expr::value(changes.kind.code()))
        .col_expr(
            organization::Column::CountryCode,
            Expr::value(changes.country.map(|code| code.as_str().to_owned())),
        )
        .col_expr(
            organization::Column::Website,
            Expr::value(changes.website.map(str::to_owned)),
        )
        .col_expr(organization::Column::UpdatedAt, Expr::value(now))
        .filter(organization::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    restand(&txn, before, Some(changes.kind), now).await?;
    txn.commit().await?;
    Ok(Updated::Updated)
}

/// Merges `duplicate` into `target`: its members move, and it redirects from now on.
/// Returns how many members moved.
pub async fn merge(
    db: &(impl ConnectionTrait + TransactionTrait),
    duplicate: OrganizationId,
    target: OrganizationId,
    now: OffsetDateTime,
) -> Result<u64> {
    if duplicate == target {
        return Err(Error::Corrupt(
            "an organisation cannot be merged into itself".into(),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let kinds = organization::Entity::find()
        .filter(organization::Column::Id.is_in([duplicate.0, target.0]))
        .all(&txn)
        .await?;
    let kind_of = |id: OrganizationId| {
        kinds
            .iter()
            .find(|row| row.id == id.0)
            .and_then(|row| OrganizationType::parse(&row.kind))
    };
    let target_kind = kind_of(target);
    let before = if kind_of(duplicate) == target_kind {
        Vec::new()
    } else {
        counted_members(&txn, duplicate, now).await?
    };
    let moved = member::Entity::update_many()
        .col_expr(member::Column::OrganizationId, Expr::value(target.0))
        .filter(member::Column::OrganizationId.eq(duplicate.0))
        .exec(&txn)
        .await?
        .rows_affected;
    // Its counted members count at the target now (read after the move, which holds
    // their rows: an account edit at the same moment waits).
    let counted = organization::Entity::find_by_id(duplicate.0)
        .one(&txn)
        .await?
        .map_or(0, |row| row.counted_members);
    organization_counts::add(&txn, duplicate.0, -counted).await?;
    organization_counts::add(&txn, target.0, counted).await?;
    // Anything merged into the duplicate earlier now points at the target directly.
    organization::Entity::update_many()
        .col_expr(organization::Column::MergedIntoId, Expr::value(target.0))
        .filter(
            Condition::any()
                .add(organization::Column::Id.eq(duplicate.0))
                .add(organization::Column::MergedIntoId.eq(duplicate.0)),
        )
        .exec(&txn)
        .await?;
    organization::Entity::update_many()
        .col_expr(organization::Column::UpdatedAt, Expr::value(now))
        .filter(organization::Column::Id.is_in([duplicate.0, target.0]))
        .exec(&txn)
        .await?;
    restand(&txn, before, target_kind, now).await?;
    txn.commit().await?;
    Ok(moved)
}

/// Standing organisations per country.
pub async fn counts_by_country(db: &impl ConnectionTrait) -> Result<HashMap<String, u64>> {
    let rows: Vec<(Option<String>, i64)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::CountryCode)
        .column_as(organization::Column::Id.count(), "organizations")
        .filter(organization::Column::MergedIntoId.is_null())
        .filter(has_counted_member())
        .group_by(organization::Column::CountryCode)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, count)| code.map(|code| (code, Ord::max(count, 0) as u64)))
        .collect())
}

pub async fn count_in_country(db: &impl ConnectionTrait, country: CountryCode) -> Result<u64> {
    Ok(organization::Entity::find()
        .filter(organization::Column::MergedIntoId.is_null())
        .filter(organization::Column::CountryCode.eq(country.as_str()))
        .filter(has_counted_member())
        .count(db)
        .await?)
}

/// Saves an organisation's website (for `find_or_create` callers that know it).
pub async fn set_website(
    db: &impl ConnectionTrait,
    id: OrganizationId,
    website: Option<&str>,
) -> Result<()> {
    organization::ActiveModel {
        id: Set(id.0),
        website: Set(website.map(str::to_owned)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
