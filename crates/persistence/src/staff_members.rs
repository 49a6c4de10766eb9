//! Staff's view of the accounts: the member list (every account, emails included,
//! searched, filtered and sorted), its export, and the two changes staff make to an
//! account — its role and whether it is suspended.
//!
//! The rules (who may change what, the last admin) are `membernet_domain::staff`'s;
//! here they are applied to the rows as they are inside the change's transaction,
//! where the other admins are counted. Suspension and reinstatement change who
//! counts, so [`set_status`] changes the figures in the same transaction, exactly as
//! verification and the account form do: a counted member who is suspended leaves,
//! one who counts again on reinstatement joins. A suspended member's sessions end
//! with it.
//!
//! Suspensions, reinstatements and role changes are written to the staff audit log
//! in their own transactions.
//!
//! Queries read indexes (see the `staff_audit` migration): name search uses the
//! full-text index the directory uses, email search a prefix of the unique index,
//! and a page's organisations and sectors come in one query each.

use std::collections::HashMap;

use membernet_domain::{
    Account, AccountStatus, CountryCode, MemberId, Role,
    profile::{Sector, WorkforceCategory},
    staff::{self, Changed, Party, Refusal, RoleChange},
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, TransactionSession, TransactionTrait,
    sea_query::{Expr, NullOrdering},
};
use time::OffsetDateTime;

use crate::{
    Error, Result, directory,
    entity::{member, member_sector, organization},
    members, membership, profile_counts, sessions, staff_audit,
};

pub const PAGE_SIZE: u64 = 50;
/// Rows read at a time by an export.
const EXPORT_BATCH: u64 = 1_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberSort {
    #[default]
    Name,
    /// Newest verified first; the unverified last.
    Newest,
    Country,
}

impl MemberSort {
    pub const ALL: [MemberSort; 3] = [MemberSort::Name, MemberSort::Newest, MemberSort::Country];

    pub fn code(self) -> &'static str {
        match self {
            MemberSort::Name => "name",
            MemberSort::Newest => "joined",
            MemberSort::Country => "country",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.code() == code)
    }
}

#[derive(Debug, Clone, Default)]
pub struct MemberQuery {
    /// Words of a name, or the start of an email address; case does not matter.
    pub search: String,
    /// Empty: anywhere. A region is passed as its countries.
    pub countries: Vec<CountryCode>,
    pub status: Option<AccountStatus>,
    pub verified: Option<bool>,
    pub role: Option<Role>,
    pub sort: MemberSort,
    pub page: u64,
}

/// An account as staff see it, with what it said about its work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: MemberId,
    pub full_name: String,
    pub email: String,
    pub country: Option<CountryCode>,
    pub organization: Option<String>,
    pub category: Option<WorkforceCategory>,
    pub sectors: Vec<Sector>,
    pub verified_at: Option<OffsetDateTime>,
    pub status: AccountStatus,
    pub role: Role,
    pub created_at: OffsetDateTime,
}

impl MemberRow {
    /// The account as the staff rules see it.
    pub fn party(&self) -> Party {
        Party {
            id: self.id,
            role: self.role,
            status: self.status,
            verified: self.verified_at.is_some(),
        }
    }
}

/// Matches names by their words' starts, or addresses by their start.
fn search_condition(backend: DbBackend, text: &str) -> Option<Condition> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let email = text.to_lowercase();
    let mut any = Condition::any();
    any = match backend {
        DbBackend::Postgres => {
            let pattern = format!(
                "{}%",
                email
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            any.add(Expr::cust_with_values(
                "\"member\".\"email\" LIKE $1",
                [pattern],
            ))
        }
        // The range of the unique index that starts with `email` (SQLite compares
        // bytes, and no character sorts after U+10FFFF).
        _ => any.add(
            Condition::all()
                .add(member::Column::Email.gte(email.clone()))
                .add(member::Column::Email.lt(format!("{email}\u{10FFFF}"))),
        ),
    };
    if !text.contains('@')
        && let Some(matches) = directory::name_match(backend, text)
    {
        any = any.add(matches);
    }
    Some(any)
}

fn filtered(backend: DbBackend, query: &MemberQuery) -> Select<member::Entity> {
    let mut select = member::Entity::find();
    if let Some(condition) = search_condition(backend, &query.search) {
        select = select.filter(condition);
    }
    if !query.countries.is_empty() {
        let codes = query.countries.iter().map(|code| code.as_str().to_owned());
        select = select.filter(member::Column::CountryCode.is_in(codes));
    }
    if let Some(status) = query.status {
        select = select.filter(member::Column::Status.eq(status.as_str()));
    }
    match query.verified {
        Some(true) => select = select.filter(member::Column::EmailVerifiedAt.is_not_null()),
        Some(false) => select = select.filter(member::Column::EmailVerifiedAt.is_null()),
        None => {}
    }
    if let Some(role) = query.role {
        select = select.filter(member::Column::Role.eq(role.as_str()));
    }
    select
}

fn sorted(select: Select<member::Entity>, sort: MemberSort) -> Select<member::Entity> {
    match sort {
        MemberSort::Name => select
            .order_by_asc(member::Column::FullName)
            .order_by_asc(member::Column::Id),
        MemberSort::Newest => select
            .order_by_with_nulls(
                member::Column::EmailVerifiedAt,
                Order::Desc,
                NullOrdering::Last,
            )
            .order_by_desc(member::Column::Id),
        MemberSort::Country => select
            .order_by_asc(member::Column::CountryCode)
            .order_by_asc(member::Column::FullName)
            .order_by_asc(member::Column::Id),
    }
}

/// One page of the list, and whether another follows.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &MemberQuery,
) -> Result<(Vec<MemberRow>, bool)> {
    let select = sorted(filtered(db.get_database_backend(), query), query.sort);
    let models = select
        .offset(query.page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let has_more = models.len() as u64 > PAGE_SIZE;
    let models: Vec<_> = models.into_iter().take(PAGE_SIZE as usize).collect();
    Ok((to_rows(db, models).await?, has_more))
}

/// One account as the list shows it.
pub async fn find(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<MemberRow>> {
    let Some(model) = member::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    Ok(to_rows(db, vec![model]).await?.pop())
}

/// Every account the query matches, in its order, for an export. Read a batch at a
/// time in id order (one pass over the table, whatever the filters), then sorted.
pub async fn export(db: &impl ConnectionTrait, query: &MemberQuery) -> Result<Vec<MemberRow>> {
    let backend = db.get_database_backend();
    let mut rows = Vec::new();
    let mut after = 0i64;
    loop {
        let models = filtered(backend, query)
            .filter(member::Column::Id.gt(after))
            .order_by_asc(member::Column::Id)
            .limit(EXPORT_BATCH)
            .all(db)
            .await?;
        let Some(last) = models.last() else {
            break;
        };
        after = last.id;
        let full = models.len() as u64 == EXPORT_BATCH;
        rows.extend(to_rows(db, models).await?);
        if !full {
            break;
        }
    }
    match query.sort {
        MemberSort::Name => rows.sort_by(|a, b| (&a.full_name, a.id).cmp(&(&b.full_name, b.id))),
        MemberSort::Newest => rows.sort_by(|a, b| {
            (b.verified_at.is_some(), b.verified_at, b.id).cmp(&(
                a.verified_at.is_some(),
                a.verified_at,
                a.id,
            ))
        }),
        MemberSort::Country => rows.sort_by(|a, b| {
            (a.country.map(|c| c.as_str().to_owned()), &a.full_name, a.id).cmp(&(
                b.country.map(|c| c.as_str().to_owned()),
                &b.full_name,
                b.id,
            ))
        }),
    }
    Ok(rows)
}

/// Rows for `models`, with their organisations and sectors read in one query each.
async fn to_rows(db: &impl ConnectionTrait, models: Vec<member::Model>) -> Result<Vec<MemberRow>> {
    let mut organization_ids: Vec<i64> = models
        .iter()
        .filter_map(|row| row.organization_id)
        .collect();
    organization_ids.sort_unstable();
    organization_ids.dedup();
    let organizations: HashMap<i64, String> = if organization_ids.is_empty() {
        HashMap::new()
    } else {
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(organization_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.id, row.name))
            .collect()
    };
    let mut sectors: HashMap<i64, Vec<Sector>> = HashMap::new();
    if !models.is_empty() {
        let ids = models.iter().map(|row| row.id);
        for row in member_sector::Entity::find()
            .filter(member_sector::Column::MemberId.is_in(ids))
            .all(db)
            .await?
        {
            if let Some(sector) = Sector::parse(&row.sector) {
                sectors.entry(row.member_id).or_default().push(sector);
            }
        }
    }
    models
        .into_iter()
        .map(|row| {
            let corrupt = |what: &str| Error::Corrupt(format!("member {}: {what}", row.id));
            let mut member_sectors = sectors.remove(&row.id).unwrap_or_default();
            member_sectors.sort();
            Ok(MemberRow {
                id: MemberId(row.id),
                organization: row
                    .organization_id
                    .and_then(|id| organizations.get(&id).cloned()),
                country: crate::member_rows::stored_country(row.country_code.as_deref())
                    .map_err(|_| corrupt("country"))?,
                category: row.category.as_deref().and_then(WorkforceCategory::parse),
                sectors: member_sectors,
                verified_at: row.email_verified_at,
                status: AccountStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?,
                role: Role::parse(&row.role).ok_or_else(|| corrupt("role"))?,
                created_at: row.created_at,
                full_name: row.full_name,
                email: row.email,
            })
        })
        .collect()
}

/// Suspends or reinstates `target` on `actor`'s behalf. In one transaction: the
/// row is locked, the figures move (a counted member who is suspended leaves; one
/// who counts again when reinstated joins), and a suspended member's sessions end.
pub async fn set_status(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Account,
    target: MemberId,
    to: AccountStatus,
    now: OffsetDateTime,
) -> Result<std::result::Result<Changed, Refusal>> {
    let txn = crate::db::begin_write(db).await?;
    members::lock(&txn, target, now).await?;
    // The actor as they are now, not as the request found them.
    let actor_now = members::find(&txn, actor.id).await?;
    let before = members::find(&txn, target).await?;
    let decision = staff::status_change(
        actor_now.as_ref().map(Party::from).as_ref(),
        before.as_ref().map(Party::from).as_ref(),
        to,
    );
    if decision != Ok(Changed::Changed) {
        txn.rollback().await?;
        return Ok(decision);
    }
    let counted_before = profile_counts::snapshot(&txn, target).await?;
    member::Entity::update_many()
        .col_expr(member::Column::Status, Expr::value(to.as_str()))
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(target.0))
        .exec(&txn)
        .await?;
    let counted_after = profile_counts::snapshot(&txn, target).await?;
    membership::change(
        &txn,
        target,
        counted_before.as_ref(),
        counted_after.as_ref(),
        now,
    )
    .await?;
    if to == AccountStatus::Suspended {
        sessions::delete_for_member(&txn, target, None).await?;
    }
    let action = match to {
        AccountStatus::Suspended => staff_audit::SUSPEND_MEMBER,
        AccountStatus::Active => staff_audit::REINSTATE_MEMBER,
    };
    staff_audit::record(&txn, audit_entry(actor, action, target, ""), now).await?;
    txn.commit().await?;
    Ok(Ok(Changed::Changed))
}

/// Gives `target` a role on an admin's behalf, keeping at least one admin.
pub async fn set_role(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Account,
    target: MemberId,
    to: Role,
    now: OffsetDateTime,
) -> Result<std::result::Result<Changed, Refusal>> {
    let txn = crate::db::begin_write(db).await?;
    lock_admins(&txn, now).await?;
    members::lock(&txn, target, now).await?;
    let before = members::find(&txn, target).await?;
    // The actor as they are now, not as the request began: an admin demoted
    // meanwhile is an admin no longer.
    let actor_now = members::find(&txn, actor.id).await?;
    let decision = staff::role_change(
        actor_now.as_ref().map(Party::from).as_ref(),
        before.as_ref().map(Party::from).as_ref(),
        to,
    );
    // `Some` when nothing is to be written: a refusal, or the role it already has.
    let settled = match decision {
        Err(refusal) => Some(Err(refusal)),
        Ok(RoleChange::Unchanged) => Some(Ok(Changed::Unchanged)),
        Ok(RoleChange::Allowed) => None,
        Ok(RoleChange::AllowedIfAnotherAdmin) => {
            let other_admins = other_active_admins(&txn, target).await?;
            staff::keep_an_admin(other_admins).err().map(Err)
        }
    };
    if let Some(outcome) = settled {
        txn.rollback().await?;
        return Ok(outcome);
    }
    member::Entity::update_many()
        .col_expr(member::Column::Role, Expr::value(to.as_str()))
        .filter(member::Column::Id.eq(target.0))
        .exec(&txn)
        .await?;
    let detail = format!("role={}", to.as_str());
    let entry = audit_entry(actor, staff_audit::CHANGE_ROLE, target, &detail);
    staff_audit::record(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(Ok(Changed::Changed))
}

fn audit_entry<'a>(
    actor: &Account,
    action: &'static str,
    target: MemberId,
    detail: &'a str,
) -> staff_audit::Entry<'a> {
    staff_audit::Entry {
        actor: staff_audit::Actor::Staff(actor.id),
        action,
        subject: Some(target),
        detail,
        rows: None,
    }
}

/// Every admin's row, locked for the rest of the transaction: two admins demoting or
/// erasing each other at once queue, and the second sees the first's change.
pub(crate) async fn lock_admins(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<()> {
    member::Entity::update_many()
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Role.eq(Role::Admin.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// The active admins other than `except` (after [`lock_admins`]).
pub(crate) async fn other_active_admins(
    db: &impl ConnectionTrait,
    except: MemberId,
) -> Result<u64> {
    Ok(member::Entity::find()
        .filter(member::Column::Role.eq(Role::Admin.as_str()))
        .filter(member::Column::Status.eq(AccountStatus::Active.as_str()))
        .filter(member::Column::Id.ne(except.0))
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_round_trip_through_their_codes() {
        for sort in MemberSort::ALL {
            assert_eq!(MemberSort::parse(sort.code()), Some(sort));
        }
        assert_eq!(MemberSort::parse("email"), None);
    }
}
