//! Writing the membership event log, and the monthly rollup kept exact beside it.
//!
//! Every event is written with its rollup update in the caller's transaction, so the
//! two never disagree.

use membernet_domain::{
    CountryCode, MemberId,
    membership::{MembershipEventKind, month_key},
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
};

pub async fn record(
    db: &impl ConnectionTrait,
    member: MemberId,
    kind: MembershipEventKind,
    country: CountryCode,
    from_country: Option<CountryCode>,
    now: OffsetDateTime,
) -> Result<()> {
    membership_event::ActiveModel {
        member_id: Set(Some(member.0)),
        kind: Set(kind.as_str().to_owned()),
        country_code: Set(country.as_str().to_owned()),
        from_country_code: Set(from_country.map(|code| code.as_str().to_owned())),
        occurred_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let month = month_key(now);
    match kind {
        MembershipEventKind::Joined => {
            add(
                db,
                country,
                month,
                Delta {
                    joined: 1,
                    ..Delta::default()
                },
            )
            .await
        }
        MembershipEventKind::Left => {
            add(
                db,
                country,
                month,
                Delta {
                    left: 1,
                    ..Delta::default()
                },
            )
            .await
        }
        MembershipEventKind::ChangedCountry => {
            add(
                db,
                country,
                month,
                Delta {
                    moved_in: 1,
                    ..Delta::default()
                },
            )
            .await?;
            match from_country {
                Some(from) => {
                    add(
                        db,
                        from,
                        month,
                        Delta {
                            moved_out: 1,
                            ..Delta::default()
                        },
                    )
                    .await
                }
                None => Ok(()),
            }
        }
    }
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
