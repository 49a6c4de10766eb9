//! Sending a campaign: recipients are claimed in batches (their next attempt pushed
//! to a lease's end, in one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`
//! on PostgreSQL), so two instances never take the same one, and a recipient whose
//! sender died is taken up again when the lease runs out. Each is then marked sent,
//! bounced, failed or withdrawn.

use std::collections::HashMap;

use membernet_domain::{
    MemberId,
    campaigns::{CampaignId, CampaignStatus, RecipientStatus, Topic},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QuerySelect, TransactionSession,
    sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, LockBehavior, LockType, Order, Query},
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{campaign, campaign_recipient as recipient, consent_record, member, member_topic},
    member_rows,
};

pub use recipient::Model as Recipient;

/// Takes up to `limit` recipients due for sending, until `lease_until`.
pub async fn claim(
    db: &impl ConnectionTrait,
    limit: u32,
    lease_until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<Vec<Recipient>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let mut due = Query::select();
    due.column(recipient::Column::Id)
        .from(recipient::Entity)
        .and_where(Expr::col(recipient::Column::Status).eq(RecipientStatus::Pending.code()))
        .and_where(Expr::col(recipient::Column::NextAttemptAt).lte(now))
        .order_by(recipient::Column::NextAttemptAt, Order::Asc)
        .limit(u64::from(limit));
    if backend == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let update = Query::update()
        .table(recipient::Entity)
        .value(recipient::Column::NextAttemptAt, Expr::val(lease_until))
        .value(
            recipient::Column::Attempts,
            Expr::col(recipient::Column::Attempts).add(1),
        )
        .and_where(Expr::col(recipient::Column::Id).in_subquery(due))
        .returning_all()
        .to_owned();
    let rows = db.query_all_raw(backend.build(&update)).await?;
    let mut claimed = rows
        .iter()
        .map(|row| Recipient::from_query_result(row, ""))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    claimed.sort_by_key(|row| row.id);
    Ok(claimed)
}

/// Where to send, for the members of `ids` who still count, still take `topic`
/// and whose address still takes mail: their address by member id.
pub async fn deliverable(
    db: &impl ConnectionTrait,
    topic: Topic,
    ids: &[i64],
) -> Result<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .column(member::Column::Email)
        .filter(member::Column::Id.is_in(ids.iter().copied()))
        .filter(
            member::Column::Id.in_subquery(
                Query::select()
                    .column(member_topic::Column::MemberId)
                    .from(member_topic::Entity)
                    .and_where(Expr::col(member_topic::Column::Topic).eq(topic.code()))
                    .and_where(Expr::col(member_topic::Column::MemberId).is_in(ids.iter().copied()))
                    .to_owned(),
            ),
        )
        .filter(member_rows::counted())
        .filter(member::Column::EmailUndeliverableAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn set_status(
    db: &impl ConnectionTrait,
    ids: &[i64],
    status: RecipientStatus,
    sent_at: Option<OffsetDateTime>,
    error: Option<&str>,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    recipient::Entity::update_many()
        .col_expr(recipient::Column::Status, Expr::value(status.code()))
        .col_expr(recipient::Column::SentAt, Expr::value(sent_at))
        .col_expr(
            recipient::Column::Error,
            Expr::value(error.map(str::to_owned)),
        )
        .filter(recipient::Column::Id.is_in(ids.iter().copied()))
        .filter(recipient::Column::Status.eq(RecipientStatus::Pending.code()))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks one recipient sent, right after the server took the email. On PostgreSQL
/// the commit does not wait for the log to reach the disk (`synchronous_commit =
/// off` for this transaction alone): a database crash may forget the last marks of
/// a fraction of a second, whose emails then go again with the same Message-ID,
/// instead of every email waiting for a disk flush (5 ms each on this machine).
pub async fn mark_sent(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    id: i64,
    now: OffsetDateTime,
) -> Result<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return set_status(db, &[id], RecipientStatus::Sent, Some(now), None).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared("SET LOCAL synchronous_commit TO OFF")
        .await?;
    set_status(&txn, &[id], RecipientStatus::Sent, Some(now), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Not sent: consent withdrawn, the member gone, or the address refused since.
pub async fn mark_withdrawn(db: &impl ConnectionTrait, ids: &[i64]) -> Result<()> {
    set_status(db, ids, RecipientStatus::Withdrawn, None, None).await
}

/// Refused for good: the recipient is bounced and the member's address is marked
/// as not taking mail (no campaign goes to it until they confirm it again).
pub async fn mark_bounced(
    db: &impl ConnectionTrait,
    row: &Recipient,
    reason: &str,
    now: OffsetDateTime,
) -> Result<()> {
    set_status(db, &[row.id], RecipientStatus::Bounced, None, Some(reason)).await?;
    if let Some(member_id) = row.member_id {
        member::Entity::update_many()
            .col_expr(member::Column::EmailUndeliverableAt, Expr::value(now))
            .filter(member::Column::Id.eq(member_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A refusal that may pass: tried again at `retry_at`, or given up on after
/// `max_attempts`.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    row: &Recipient,
    error: &str,
    retry_at: OffsetDateTime,
    max_attempts: i32,
) -> Result<()> {
    if row.attempts >= max_attempts {
        return set_status(db, &[row.id], RecipientStatus::Failed, None, Some(error)).await;
    }
    recipient::Entity::update_many()
        .col_expr(recipient::Column::NextAttemptAt, Expr::value(retry_at))
        .col_expr(recipient::Column::Error, Expr::value(error))
        .filter(recipient::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Emails sent since `since`, every campaign and instance together, counted up to
/// `up_to` (the pace needs no more: the count stays as cheap as the rate is low).
pub async fn sent_since(
    db: &impl ConnectionTrait,
    since: OffsetDateTime,
    up_to: u32,
) -> Result<u64> {
    let mut recent = Query::select();
    recent
        .column(recipient::Column::Id)
        .from(recipient::Entity)
        .and_where(Expr::col(recipient::Column::SentAt).gt(since))
        .limit(u64::from(up_to));
    let count = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .from_subquery(recent, Alias::new("recent"))
        .to_owned();
    let row = db
        .query_one_raw(db.get_database_backend().build(&count))
        .await?;
    let n: i64 = match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(Ord::max(n, 0) as u64)
}

/// The demo's past newsletter: its recipients recorded as sent at `at` (the demo
/// sends no email; the figures say what a sent campaign shows).
pub async fn record_demo_delivery(
    db: &impl ConnectionTrait,
    campaign: CampaignId,
    at: OffsetDateTime,
) -> Result<()> {
    recipient::Entity::update_many()
        .col_expr(
            recipient::Column::Status,
            Expr::value(RecipientStatus::Sent.code()),
        )
        .col_expr(recipient::Column::SentAt, Expr::value(at))
        .col_expr(recipient::Column::Attempts, Expr::value(1))
        .filter(recipient::Column::CampaignId.eq(campaign.0))
        .filter(recipient::Column::Status.eq(RecipientStatus::Pending.code()))
        .exec(db)
        .await?;
    Ok(())
}

/// Campaigns sending with nobody left to send to are sent (one indexed look for a
/// pending recipient each, not a count).
pub async fn finish_done(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64> {
    let sending: Vec<i64> = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .filter(campaign::Column::Status.eq(CampaignStatus::Sending.code()))
        .into_tuple()
        .all(db)
        .await?;
    let mut finished = 0;
    for id in sending {
        let pending: Option<i64> = recipient::Entity::find()
            .select_only()
            .column(recipient::Column::Id)
            .filter(recipient::Column::CampaignId.eq(id))
            .filter(recipient::Column::Status.eq(RecipientStatus::Pending.code()))
            .into_tuple()
            .one(db)
            .await?;
        if pending.is_none() {
            finished += campaign::Entity::update_many()
                .col_expr(
                    campaign::Column::Status,
                    Expr::value(CampaignStatus::Sent.code()),
                )
                .col_expr(campaign::Column::FinishedAt, Expr::value(now))
                .filter(campaign::Column::Id.eq(id))
                .filter(campaign::Column::Status.eq(CampaignStatus::Sending.code()))
                .exec(db)
                .await?
                .rows_affected;
        }
    }
    Ok(finished)
}

/// A campaign cancelled while sending: nobody still waiting gets it.
pub async fn cancel_pending(db: &impl ConnectionTrait, campaign: CampaignId) -> Result<u64> {
    Ok(recipient::Entity::update_many()
        .col_expr(
            recipient::Column::Status,
            Expr::value(RecipientStatus::Cancelled.code()),
        )
        .filter(recipient::Column::CampaignId.eq(campaign.0))
        .filter(recipient::Column::Status.eq(RecipientStatus::Pending.code()))
        .exec(db)
        .await?
        .rows_affected)
}

/// A campaign's figures: recipients by status, and by language and by country.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// (status, recipients)
    pub by_status: Vec<(RecipientStatus, u64)>,
    /// (language, status, recipients)
    pub by_language: Vec<(String, RecipientStatus, u64)>,
    /// (country code or none, status, recipients)
    pub by_country: Vec<(Option<String>, RecipientStatus, u64)>,
    /// Members who unsubscribed through this campaign's link.
    pub unsubscribed: u64,
}

pub async fn figures(db: &impl ConnectionTrait, campaign: CampaignId) -> Result<Figures> {
    let rows: Vec<(String, Option<String>, String, i64)> = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::Language)
        .column(recipient::Column::CountryCode)
        .column(recipient::Column::Status)
        .column_as(recipient::Column::Id.count(), "n")
        .filter(recipient::Column::CampaignId.eq(campaign.0))
        .group_by(recipient::Column::Language)
        .group_by(recipient::Column::CountryCode)
        .group_by(recipient::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut figures = Figures::default();
    for (language, country, status, n) in rows {
        let Some(status) = RecipientStatus::parse(&status) else {
            continue;
        };
        let n = Ord::max(n, 0) as u64;
        add(&mut figures.by_status, (status,), n);
        add(&mut figures.by_language, (language, status), n);
        add(&mut figures.by_country, (country, status), n);
    }
    figures.unsubscribed = consent_record::Entity::find()
        .filter(consent_record::Column::CampaignId.eq(campaign.0))
        .filter(consent_record::Column::Granted.eq(false))
        .count(db)
        .await?;
    Ok(figures)
}

/// Adds `n` to the row keyed `key`, or a new row.
fn add<K: PartialEq + Tupled>(rows: &mut Vec<K::Row>, key: K, n: u64) {
    match rows.iter_mut().find(|row| K::key_of(row) == key) {
        Some(row) => *K::count_of(row) += n,
        None => rows.push(key.with(n)),
    }
}

/// A figures row's key, and the row it makes with a count.
trait Tupled: Sized {
    type Row;
    fn key_of(row: &Self::Row) -> Self;
    fn count_of(row: &mut Self::Row) -> &mut u64;
    fn with(self, n: u64) -> Self::Row;
}

impl Tupled for (RecipientStatus,) {
    type Row = (RecipientStatus, u64);
    fn key_of(row: &Self::Row) -> Self {
        (row.0,)
    }
    fn count_of(row: &mut Self::Row) -> &mut u64 {
        &mut row.1
    }
    fn with(self, n: u64) -> Self::Row {
        (self.0, n)
    }
}

impl<T: Clone + PartialEq> Tupled for (T, RecipientStatus) {
    type Row = (T, RecipientStatus, u64);
    fn key_of(row: &Self::Row) -> Self {
        (row.0.clone(), row.1)
    }
    fn count_of(row: &mut Self::Row) -> &mut u64 {
        &mut row.2
    }
    fn with(self, n: u64) -> Self::Row {
        (self.0, self.1, n)
    }
}

/// Erasure: the member's rows stay for the campaign's figures, without them; any
/// still waiting is not sent.
pub async fn erase(db: &impl ConnectionTrait, member: MemberId) -> Result<()> {
    recipient::Entity::update_many()
        .col_expr(
            recipient::Column::Status,
            Expr::value(RecipientStatus::Withdrawn.code()),
        )
        .filter(recipient::Column::MemberId.eq(member.0))
        .filter(recipient::Column::Status.eq(RecipientStatus::Pending.code()))
        .exec(db)
        .await?;
    recipient::Entity::update_many()
        .col_expr(
            recipient::Column::MemberId,
            Expr::value(Option::<i64>::None),
        )
        .filter(recipient::Column::MemberId.eq(member.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The campaigns a member received (their data export): (campaign, status, sent at).
pub async fn of_member(
    db: &impl ConnectionTrait,
    member: MemberId,
) -> Result<Vec<(CampaignId, String, Option<OffsetDateTime>)>> {
    let rows: Vec<(i64, String, Option<OffsetDateTime>)> = recipient::Entity::find()
        .select_only()
        .column(recipient::Column::CampaignId)
        .column(recipient::Column::Status)
        .column(recipient::Column::SentAt)
        .filter(recipient::Column::MemberId.eq(member.0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, status, at)| (CampaignId(id), status, at))
        .collect())
}

/// Whether the member's address was refused for good, and since when.
pub async fn undeliverable_since(
    db: &impl ConnectionTrait,
    member: MemberId,
) -> Result<Option<OffsetDateTime>> {
    Ok(member::Entity::find_by_id(member.0)
        .select_only()
        .column(member::Column::EmailUndeliverableAt)
        .into_tuple::<Option<OffsetDateTime>>()
        .one(db)
        .await?
        .flatten())
}

/// The member confirmed their address again: campaigns may go to it.
pub async fn clear_undeliverable(db: &impl ConnectionTrait, member: MemberId) -> Result<()> {
    member::Entity::update_many()
        .col_expr(
            member::Column::EmailUndeliverableAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .filter(member::Column::Id.eq(member.0))
        .exec(db)
        .await?;
    Ok(())
}
