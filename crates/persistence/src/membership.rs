//! Writing the membership event log, and the rollups kept exact beside it: the
//! monthly one by country (`membership_month`, for country pages) and the statistics
//! rollup by area, segment, week and month (see [`crate::rollup`]).
//!
//! Every event is written with its rollup updates in the caller's transaction, so
//! they never disagree. [`change`] is the one way to record that who counts changed.

use membernet_domain::{
    CountryCode, MemberId,
    membership::{MembershipEventKind, month_key},
    rollup::{Change, Standing},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ConnectionTrait,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{membership_event, membership_month},
    profile_counts::{self, Counted},
    rollup,
};

/// Records a change in who counts: the event (with the standing before and after),
/// the monthly rollup by country and the statistics rollup, in the caller's
/// transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    member: MemberId,
    change: &Change,
    now: OffsetDateTime,
) -> Result<()> {
    let kind = MembershipEventKind::of(change);
    let (from, to) = match change {
        Change::Joined(to) | Change::Left(to) => (None, to),
        Change::Changed { from, to } => (Some(from), to),
    };
    membership_event::ActiveModel {
        member_id: Set(Some(member.0)),
        kind: Set(kind.as_str().to_owned()),
        country_code: Set(to.country.as_str().to_owned()),
        from_country_code: Set(from
            .filter(|from| from.country != to.country)
            .map(|from| from.country.as_str().to_owned())),
        occurred_at: Set(now),
        category: Set(to.category.map(|category| category.code().to_owned())),
        sectors: Set(to.sectors_text()),
        organization_type: Set(to.organization_type.map(|kind| kind.code().to_owned())),
        from_category: Set(from.and_then(|from| from.category.map(|c| c.code().to_owned()))),
        from_sectors: Set(from.and_then(Standing::sectors_text)),
        from_organization_type: Set(
            from.and_then(|from| from.organization_type.map(|kind| kind.code().to_owned()))
        ),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let month = month_key(now);
    let one = Delta::default();
    match (kind, from) {
        (MembershipEventKind::Joined, _) => {
            add(db, to.country, month, Delta { joined: 1, ..one }).await?
        }
        (MembershipEventKind::Left, _) => {
            add(db, to.country, month, Delta { left: 1, ..one }).await?
        }
        (MembershipEventKind::ChangedCountry, Some(from)) => {
            add(db, to.country, month, Delta { moved_in: 1, ..one }).await?;
            add(
                db,
                from.country,
                month,
                Delta {
                    moved_out: 1,
                    ..one
                },
            )
            .await?;
        }
        _ => {}
    }
    rollup::apply(db, change, now).await
}

/// Counts to add to one country's month.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delta {
    pub joined: i32,
    pub left: i32,
    pub moved_in: i32,
    pub moved_out: i32,
}

pub async fn add(
    db: &impl ConnectionTrait,
    country: CountryCode,
    month: i32,
    delta: Delta,
) -> Result<()> {
    use membership_month::Column;
    let sum = |column: Column| {
        Expr::col((membership_month::Entity, column)).add(Expr::col((
            sea_orm::sea_query::Alias::new("excluded"),
            column,
        )))
    };
    let statement = Query::insert()
        .into_table(membership_month::Entity)
        .columns([
            Column::CountryCode,
            Column::Month,
            Column::Joined,
            Column::LeftCount,
            Column::MovedIn,
            Column::MovedOut,
        ])
        .values_panic([
            country.as_str().into(),
            month.into(),
            delta.joined.into(),
            delta.left.into(),
            delta.moved_in.into(),
            delta.moved_out.into(),
        ])
        .on_conflict(
            OnConflict::columns([Column::CountryCode, Column::Month])
                .value(Column::Joined, sum(Column::Joined))
                .value(Column::LeftCount, sum(Column::LeftCount))
                .value(Column::MovedIn, sum(Column::MovedIn))
                .value(Column::MovedOut, sum(Column::MovedOut))
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await?;
    Ok(())
}

/// Moves a member from how they counted (`before`) to how they count (`after`), both
/// from [`profile_counts::snapshot`]: the breakdowns by country, and the event with
/// its rollups when what they count as changed. Every change to who counts goes
/// through here: verification, the account form, erasure, suspension, organisation
/// edits.
pub async fn change(
    db: &impl ConnectionTrait,
    member: MemberId,
    before: Option<&Counted>,
    after: Option<&Counted>,
    now: OffsetDateTime,
) -> Result<()> {
    profile_counts::apply(db, before, after).await?;
    let (before, after) = (before.map(Counted::standing), after.map(Counted::standing));
    match Change::between(before.as_ref(), after.as_ref()) {
        Some(change) => record(db, member, &change, now).await,
        None => Ok(()),
    }
}
