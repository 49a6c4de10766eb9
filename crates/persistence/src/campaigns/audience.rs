//! Who a campaign goes to: counted members who chose its topic, whose address
//! takes mail, narrowed by its audience's filters. Counted before sending (staff see
//! the number) and frozen into `campaign_recipient` when sending starts, in one
//! `INSERT … SELECT` (a hundred thousand recipients in one statement).

use membernet_domain::{
    campaigns::{Audience, Campaign, CampaignId, CampaignStatus, RecipientStatus, Topic},
    events::RegistrationStatus,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionSession,
    TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement},
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{
        campaign, campaign_recipient as recipient, event_registration, member, member_sector,
        member_topic, organization,
    },
    member_rows,
};

/// `member.id, member.locale, member.country_code` of everyone the audience holds.
fn select(topic: Topic, audience: &Audience) -> SelectStatement {
    let mut select = Query::select();
    select
        .from(member::Entity)
        .inner_join(
            member_topic::Entity,
            Expr::col((member_topic::Entity, member_topic::Column::MemberId))
                .equals((member::Entity, member::Column::Id)),
        )
        .and_where(Expr::col((member_topic::Entity, member_topic::Column::Topic)).eq(topic.code()))
        .cond_where(member_rows::counted())
        .and_where(Expr::col((member::Entity, member::Column::EmailUndeliverableAt)).is_null());
    if !audience.countries.is_empty() {
        select.and_where(
            Expr::col((member::Entity, member::Column::CountryCode))
                .is_in(audience.countries.iter().map(|code| code.as_str())),
        );
    }
    if let Some(category) = audience.category {
        select.and_where(Expr::col((member::Entity, member::Column::Category)).eq(category.code()));
    }
    if let Some(sector) = audience.sector {
        select.and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(member_sector::Entity)
                .and_where(
                    Expr::col((member_sector::Entity, member_sector::Column::MemberId))
                        .equals((member::Entity, member::Column::Id)),
                )
                .and_where(
                    Expr::col((member_sector::Entity, member_sector::Column::Sector))
                        .eq(sector.code()),
                )
                .to_owned(),
        ));
    }
    if let Some(kind) = audience.organization_type {
        select.and_where(
            Expr::col((member::Entity, member::Column::OrganizationId)).in_subquery(
                Query::select()
                    .column(organization::Column::Id)
                    .from(organization::Entity)
                    .and_where(Expr::col(organization::Column::Kind).eq(kind.code()))
                    .to_owned(),
            ),
        );
    }
    if let Some(event) = audience.event {
        select.and_where(
            Expr::col((member::Entity, member::Column::Id)).in_subquery(
                Query::select()
                    .column(event_registration::Column::MemberId)
                    .from(event_registration::Entity)
                    .and_where(Expr::col(event_registration::Column::EventId).eq(event.0))
                    .and_where(
                        Expr::col(event_registration::Column::Status)
                            .eq(RegistrationStatus::Registered.code()),
                    )
                    .and_where(Expr::col(event_registration::Column::MemberId).is_not_null())
                    .to_owned(),
            ),
        );
    }
    select
}

/// How many members the audience holds now.
pub async fn count(db: &impl ConnectionTrait, topic: Topic, audience: &Audience) -> Result<u64> {
    let mut select = select(topic, audience);
    select.expr_as(
        Func::count(Expr::col((member::Entity, member::Column::Id))),
        Alias::new("n"),
    );
    let statement = db.get_database_backend().build(&select);
    let row = db.query_one_raw(statement).await?;
    Ok(row
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .clamp(0, i64::MAX) as u64)
}

/// Scheduled campaigns whose time has come, soonest first.
pub async fn due(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<Vec<CampaignId>> {
    Ok(campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .filter(campaign::Column::Status.eq(CampaignStatus::Scheduled.code()))
        .filter(campaign::Column::SendAt.lte(now))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .map(CampaignId)
        .collect())
}

/// Starts sending `campaign`: claims it (scheduled → sending; `None` when another
/// instance did first) and freezes its audience as recipients, in one transaction.
/// Returns the number of recipients.
pub async fn freeze(
    db: &(impl ConnectionTrait + TransactionTrait),
    campaign: &Campaign,
    now: OffsetDateTime,
) -> Result<Option<u64>> {
    let txn = crate::db::begin_write(db).await?;
    let claimed = campaign::Entity::update_many()
        .col_expr(
            campaign::Column::Status,
            Expr::value(CampaignStatus::Sending.code()),
        )
        .col_expr(campaign::Column::StartedAt, Expr::value(now))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(campaign.id.0))
        .filter(campaign::Column::Status.eq(CampaignStatus::Scheduled.code()))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(None);
    }
    let mut select = select(campaign.draft.topic, &campaign.draft.audience);
    select
        .expr(Expr::val(campaign.id.0))
        .column((member::Entity, member::Column::Id))
        .column((member::Entity, member::Column::Locale))
        .column((member::Entity, member::Column::CountryCode))
        .expr(Expr::val(RecipientStatus::Pending.code()))
        .expr(Expr::val(0))
        .expr(Expr::val(now));
    let insert = Query::insert()
        .into_table(recipient::Entity)
        .columns([
            recipient::Column::CampaignId,
            recipient::Column::MemberId,
            recipient::Column::Language,
            recipient::Column::CountryCode,
            recipient::Column::Status,
            recipient::Column::Attempts,
            recipient::Column::NextAttemptAt,
        ])
        .select_from(select)
        .map_err(|error| crate::Error::Corrupt(format!("audience query: {error}")))?
        .to_owned();
    let inserted = txn
        .execute_raw(txn.get_database_backend().build(&insert))
        .await?
        .rows_affected();
    campaign::Entity::update_many()
        .col_expr(campaign::Column::Recipients, Expr::value(inserted as i64))
        .filter(campaign::Column::Id.eq(campaign.id.0))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(inserted))
}
