//! Rebuilding the rollup from the event log: replaying it in memory, comparing the
//! table with the replay, rewriting the table, and building it once at start-up for
//! a database upgraded from before the rollup.

use std::collections::BTreeMap;

use membernet_domain::{
    CountryCode,
    join_source::{JoinSource, SourceKind},
    membership::MembershipEventKind,
    organization::OrganizationType,
    profile::WorkforceCategory,
    statistics::{Change, Grain, Key, Rollup, Standing, Totals},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IsolationLevel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};

use super::totals;
use crate::{
    Result,
    entity::{growth_rollup, member, member_sector, membership_event, organization},
    organization_counts,
};

/// The standing recorded on an event, as it was (`from` side) or became.
fn event_standing(
    country: Option<&str>,
    category: Option<&str>,
    sectors: Option<&str>,
    organization_type: Option<&str>,
    source: Option<&str>,
) -> Option<Standing> {
    Some(Standing {
        country: CountryCode::parse(country?).ok()?,
        category: category.and_then(WorkforceCategory::parse),
        sectors: Standing::parse_sectors(sectors),
        organization_type: organization_type.and_then(OrganizationType::parse),
        source: source.and_then(SourceKind::parse),
    })
}

/// The change an event row records; `None` for a row that does not read (reported
/// by the rebuild as a difference, never silently).
pub fn change_of(event: &membership_event::Model) -> Option<Change> {
    let to = event_standing(
        Some(&event.country_code),
        event.category.as_deref(),
        event.sectors.as_deref(),
        event.organization_type.as_deref(),
        event.source.as_deref(),
    )?;
    match MembershipEventKind::parse(&event.kind)? {
        MembershipEventKind::Joined => Some(Change::Joined(to)),
        MembershipEventKind::Left => Some(Change::Left(to)),
        MembershipEventKind::ChangedCountry | MembershipEventKind::ChangedProfile => {
            let from = event_standing(
                event
                    .from_country_code
                    .as_deref()
                    .or(Some(&event.country_code)),
                event.from_category.as_deref(),
                event.from_sectors.as_deref(),
                event.from_organization_type.as_deref(),
                // Where a member came from is the same on both sides.
                event.source.as_deref(),
            )?;
            Some(Change::Changed { from, to })
        }
    }
}

const PAGE: u64 = 10_000;

/// Replays the whole event log in memory. Returns the rollup and how many events
/// did not read.
pub async fn replay(db: &impl ConnectionTrait) -> Result<(Rollup, u64)> {
    let mut rollup = Rollup::default();
    let mut unreadable = 0;
    let mut after = 0i64;
    loop {
        let events = membership_event::Entity::find()
            .filter(membership_event::Column::Id.gt(after))
            .order_by_asc(membership_event::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = events.last() else {
            break;
        };
        after = last.id;
        for event in &events {
            match change_of(event) {
                Some(change) => rollup.apply(&change, event.occurred_at),
                None => unreadable += 1,
            }
        }
    }
    Ok((rollup, unreadable))
}

/// A row where the table and the replayed log disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: Key,
    pub stored: Option<Totals>,
    pub replayed: Option<Totals>,
}

/// The outcome of [`rebuild`].
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub events_unreadable: u64,
    pub rows: usize,
    pub differences: Vec<Difference>,
    /// Organisations whose count of members differs from the member rows (set
    /// right by a rebuild).
    pub organizations: Vec<organization_counts::Difference>,
}

impl Rebuilt {
    /// Whether everything agreed.
    pub fn agrees(&self) -> bool {
        self.differences.is_empty() && self.organizations.is_empty() && self.events_unreadable == 0
    }
}

/// Every stored row whose counts are not all zero (a row emptied by an erasure adds
/// nothing).
async fn stored(db: &impl ConnectionTrait) -> Result<BTreeMap<Key, Totals>> {
    let mut rows = BTreeMap::new();
    let mut pages = growth_rollup::Entity::find()
        .order_by_asc(growth_rollup::Column::Area)
        .order_by_asc(growth_rollup::Column::Segment)
        .order_by_asc(growth_rollup::Column::Grain)
        .order_by_asc(growth_rollup::Column::Period)
        .paginate(db, PAGE);
    while let Some(page) = pages.fetch_and_next().await? {
        for row in page {
            let totals = totals(&row);
            if totals.counts().is_zero() {
                continue;
            }
            let Some(grain) = Grain::parse(&row.grain) else {
                continue;
            };
            rows.insert(
                Key {
                    area: row.area,
                    segment: row.segment,
                    grain,
                    period: row.period,
                },
                totals,
            );
        }
    }
    Ok(rows)
}

/// Compares the table with the replayed event log and, unless `check_only`,
/// rewrites the table from the log. Differences are listed either way.
pub async fn rebuild(
    db: &(impl ConnectionTrait + TransactionTrait),
    check_only: bool,
) -> Result<Rebuilt> {
    // The log and the table are read in one transaction: a snapshot for a check
    // (writers carry on); for a rebuild, with the table locked first, so events
    // written meanwhile wait and are neither missed nor wiped.
    // (A SQLite transaction reads one snapshot already.)
    let isolation = (db.get_database_backend() == DbBackend::Postgres)
        .then_some(IsolationLevel::RepeatableRead);
    let txn = db.begin_with_config(isolation, None).await?;
    if !check_only {
        match txn.get_database_backend() {
            DbBackend::Postgres => {
                txn.execute_unprepared("LOCK TABLE growth_rollup, organization IN EXCLUSIVE MODE")
                    .await?;
            }
            // A write first takes SQLite's one write lock.
            _ => {
                txn.execute_unprepared("UPDATE growth_rollup SET members = members WHERE 1 = 0")
                    .await?;
            }
        }
    }
    let (rollup, events_unreadable) = replay(&txn).await?;
    let replayed = rollup.rows();
    let stored = stored(&txn).await?;
    let mut differences = Vec::new();
    for (key, totals) in &replayed {
        if stored.get(key) != Some(totals) {
            differences.push(Difference {
                key: key.clone(),
                stored: stored.get(key).copied(),
                replayed: Some(*totals),
            });
        }
    }
    for (key, totals) in &stored {
        if !replayed.contains_key(key) {
            differences.push(Difference {
                key: key.clone(),
                stored: Some(*totals),
                replayed: None,
            });
        }
    }
    differences.sort_by(|a, b| a.key.cmp(&b.key));
    let organizations = organization_counts::differences(&txn).await?;
    if check_only {
        txn.rollback().await?;
    } else {
        growth_rollup::Entity::delete_many().exec(&txn).await?;
        write(&txn, &replayed).await?;
        organization_counts::set_right(&txn, &organizations).await?;
        txn.commit().await?;
    }
    Ok(Rebuilt {
        events_unreadable,
        rows: replayed.len(),
        differences,
        organizations,
    })
}

/// Inserts rows into an empty table.
pub async fn write(db: &impl ConnectionTrait, rows: &BTreeMap<Key, Totals>) -> Result<()> {
    let models: Vec<growth_rollup::ActiveModel> = rows
        .iter()
        .map(|(key, totals)| growth_rollup::ActiveModel {
            area: Set(key.area.clone()),
            segment: Set(key.segment.clone()),
            grain: Set(key.grain.code().to_owned()),
            period: Set(key.period),
            joined: Set(totals.joined),
            left_count: Set(totals.left),
            moved_in: Set(totals.moved_in),
            moved_out: Set(totals.moved_out),
            members: Set(totals.members),
            joined_total: Set(totals.joined_total),
            left_total: Set(totals.left_total),
        })
        .collect();
    for chunk in models.chunks(1_000) {
        growth_rollup::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// At start-up: a database upgraded from before the rollup has events but no rows.
/// Gives those events the standing of their member (what they count as now and
/// where they came from, the best that is known) and builds the rollup from the
/// log, once.
pub async fn ensure(db: &(impl ConnectionTrait + TransactionTrait)) -> Result<bool> {
    let has_rows = growth_rollup::Entity::find().one(db).await?.is_some();
    let has_events = membership_event::Entity::find().one(db).await?.is_some();
    if has_rows || !has_events {
        return Ok(false);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut after = 0i64;
    loop {
        let events = membership_event::Entity::find()
            .filter(membership_event::Column::Id.gt(after))
            .filter(membership_event::Column::MemberId.is_not_null())
            .order_by_asc(membership_event::Column::Id)
            .limit(PAGE)
            .all(&txn)
            .await?;
        let Some(last) = events.last() else {
            break;
        };
        after = last.id;
        for event in events {
            let Some(member_id) = event.member_id else {
                continue;
            };
            let Some(row) = member::Entity::find_by_id(member_id).one(&txn).await? else {
                continue;
            };
            let kind = match row.organization_id {
                Some(id) => organization::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .map(|organization| organization.kind),
                None => None,
            };
            let mut sectors: Vec<String> = member_sector::Entity::find()
                .filter(member_sector::Column::MemberId.eq(member_id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|row| row.sector)
                .collect();
            sectors.sort();
            let sectors = (!sectors.is_empty()).then(|| sectors.join(","));
            let mut active: membership_event::ActiveModel = event.into();
            active.category = Set(row.category.clone());
            active.sectors = Set(sectors.clone());
            active.organization_type = Set(kind.clone());
            active.source = Set(row
                .join_source
                .as_deref()
                .map(|source| JoinSource::parse(source).kind().code().to_owned()));
            if active.kind.as_ref() != MembershipEventKind::Joined.as_str()
                && active.kind.as_ref() != MembershipEventKind::Left.as_str()
            {
                active.from_category = Set(row.category.clone());
                active.from_sectors = Set(sectors);
                active.from_organization_type = Set(kind);
            }
            sea_orm::ActiveModelTrait::update(active, &txn).await?;
        }
    }
    let (rollup, _) = replay(&txn).await?;
    write(&txn, &rollup.rows()).await?;
    txn.commit().await?;
    Ok(true)
}
