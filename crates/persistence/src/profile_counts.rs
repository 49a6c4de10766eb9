//! Counted members per country by category, by sector, and listed in the directory
//! (`member_count`), kept exact in the same transaction as each change to who counts
//! or what they said about their work. Whatever changes a member's counted state,
//! country, category, sectors or listing takes a [`snapshot`] before and after and
//! passes both to [`crate::membership::change`], which calls [`apply`] and records
//! the event: verification, the account form, erasure, suspension, organisation
//! edits. Country pages then read a few rows instead of counting members. The same
//! snapshots keep each organisation's count of members (`organization_counts`).

use std::collections::HashMap;

use membernet_domain::{
    CountryCode, MemberId,
    join_source::{JoinSource, SourceKind},
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
    statistics::Standing,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};

use crate::{
    Result,
    entity::{member, member_count, member_sector, organization},
    organization_counts,
};

pub const CATEGORY: &str = "category";
pub const SECTOR: &str = "sector";
pub const LISTED: &str = "listed";

/// What a counted member adds to their country's breakdowns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub country: CountryCode,
    pub category: Option<WorkforceCategory>,
    pub sectors: Vec<Sector>,
    pub organization_type: Option<OrganizationType>,
    /// The organisation they count at (`organization_counts`).
    pub organization: Option<i64>,
    pub listed: bool,
    /// Where they came from (`None`: joined before sources were recorded); counted
    /// in the statistics only, not in the country breakdowns.
    pub source: Option<SourceKind>,
}

impl Counted {
    /// What the member counts as in the statistics.
    pub fn standing(&self) -> Standing {
        Standing {
            country: self.country,
            category: self.category,
            sectors: self.sectors.clone(),
            organization_type: self.organization_type,
            source: self.source,
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        let mut keys: Vec<(&'static str, &'static str)> = Vec::new();
        if let Some(category) = self.category {
            keys.push((CATEGORY, category.code()));
        }
        keys.extend(self.sectors.iter().map(|sector| (SECTOR, sector.code())));
        if self.listed {
            keys.push((LISTED, "yes"));
        }
        keys
    }
}

/// The member as counted now; `None` when they do not count (unverified,
/// suspended, without a country, or gone).
pub async fn snapshot(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<Counted>> {
    let Some(row) = member::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let account = crate::member_rows::to_account(row.clone())?;
    let (true, Some(country)) = (account.counts_as_member(), account.country) else {
        return Ok(None);
    };
    let sectors = member_sector::Entity::find()
        .filter(member_sector::Column::MemberId.eq(id.0))
        .all(db)
        .await?
        .iter()
        .filter_map(|row| Sector::parse(&row.sector))
        .collect();
    let organization_type = match row.organization_id {
        Some(id) => organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .and_then(|organization| OrganizationType::parse(&organization.kind)),
        None => None,
    };
    Ok(Some(Counted {
        country,
        category: row.category.as_deref().and_then(WorkforceCategory::parse),
        sectors,
        organization_type,
        organization: row.organization_id,
        listed: row.listed,
        source: row
            .join_source
            .as_deref()
            .map(|source| JoinSource::parse(source).kind()),
    }))
}

/// Moves a member's contribution from `before` to `after`.
pub async fn apply(
    db: &impl ConnectionTrait,
    before: Option<&Counted>,
    after: Option<&Counted>,
) -> Result<()> {
    let mut deltas: HashMap<(String, &'static str, &'static str), i64> = HashMap::new();
    for (counted, sign) in [(before, -1), (after, 1)] {
        if let Some(counted) = counted {
            for (dimension, code) in counted.keys() {
                *deltas
                    .entry((counted.country.as_str().to_owned(), dimension, code))
                    .or_default() += sign;
            }
        }
    }
    for ((country, dimension, code), delta) in deltas {
        if delta != 0 {
            add(db, &country, dimension, code, delta).await?;
        }
    }
    let mut organizations: HashMap<i64, i64> = HashMap::new();
    for (counted, sign) in [(before, -1), (after, 1)] {
        if let Some(organization) = counted.and_then(|counted| counted.organization) {
            *organizations.entry(organization).or_default() += sign;
        }
    }
    for (organization, delta) in organizations {
        organization_counts::add(db, organization, delta).await?;
    }
    Ok(())
}

pub async fn add(
    db: &impl ConnectionTrait,
    country: &str,
    dimension: &str,
    code: &str,
    delta: i64,
) -> Result<()> {
    use member_count::Column;
    let statement = Query::insert()
        .into_table(member_count::Entity)
        .columns([
            Column::CountryCode,
            Column::Dimension,
            Column::Code,
            Column::Members,
        ])
        .values_panic([country.into(), dimension.into(), code.into(), delta.into()])
        .on_conflict(
            OnConflict::columns([Column::CountryCode, Column::Dimension, Column::Code])
                .value(
                    Column::Members,
                    Expr::col((member_count::Entity, Column::Members))
                        .add(Expr::col((Alias::new("excluded"), Column::Members))),
                )
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await?;
    Ok(())
}

/// A country's counts in one dimension: (code, members), largest first.
pub async fn for_country(
    db: &impl ConnectionTrait,
    country: CountryCode,
    dimension: &str,
) -> Result<Vec<(String, u64)>> {
    let mut rows: Vec<(String, u64)> = member_count::Entity::find()
        .filter(member_count::Column::CountryCode.eq(country.as_str()))
        .filter(member_count::Column::Dimension.eq(dimension))
        .filter(member_count::Column::Members.gt(0))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.code, row.members as u64))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}
