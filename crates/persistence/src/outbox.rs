//! The email outbox: every email is written here first, so none is lost when the
//! SMTP server is down. A sender drains it with back-off.
//!
//! An email's body may hold a working one-time link (the raw token exists nowhere
//! else: the tokens table keeps only its hash). So the body is kept only while the
//! email can still be sent: it is cleared once the email is sent, and when the outbox
//! gives up on it — when it expires unsent (each email says until when it is worth
//! sending; at most a day), fails too often, or is refused for good. An email given
//! up on is marked abandoned, with the reason, and staff see it.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, SimpleExpr},
};
use time::OffsetDateTime;

use crate::{Result, entity::outbox_email};

pub use crate::entity::outbox_email::Model as OutboxEmail;

/// An email to queue: its recipient, subject, plain text and (for some) an HTML part,
/// and until when it is worth sending.
pub struct NewEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// An iCalendar file to attach.
    pub calendar: Option<&'a str>,
    pub expires_at: OffsetDateTime,
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail<'_>,
    now: OffsetDateTime,
) -> Result<i64> {
    let row = outbox_email::ActiveModel {
        to_address: Set(email.to.to_owned()),
        subject: Set(email.subject.to_owned()),
        body_text: Set(email.text.to_owned()),
        body_html: Set(email.html.map(str::to_owned)),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        abandoned_at: Set(None),
        expires_at: Set(Some(email.expires_at)),
        calendar: Set(email.calendar.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Neither sent nor given up on.
fn waiting_to_be_sent() -> Condition {
    Condition::all()
        .add(outbox_email::Column::SentAt.is_null())
        .add(outbox_email::Column::AbandonedAt.is_null())
}

/// The body of an email that will not be sent again.
fn cleared_body() -> [(outbox_email::Column, SimpleExpr); 3] {
    [
        (outbox_email::Column::BodyText, Expr::value("")),
        (
            outbox_email::Column::BodyHtml,
            Expr::value(Option::<String>::None),
        ),
        (
            outbox_email::Column::Calendar,
            Expr::value(Option::<String>::None),
        ),
    ]
}

/// Emails waiting to be sent whose next attempt is due, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    limit: u64,
) -> Result<Vec<OutboxEmail>> {
    Ok(outbox_email::Entity::find()
        .filter(waiting_to_be_sent())
        .filter(outbox_email::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox_email::Column::ExpiresAt.is_null())
                .add(outbox_email::Column::ExpiresAt.gt(now)),
        )
        .order_by_asc(outbox_email::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Takes an email for sending: pushes its next attempt to `lease_until` if nobody
/// else has since it was read, so two instances never send the same email.
pub async fn claim(
    db: &impl ConnectionTrait,
    email: &OutboxEmail,
    lease_until: OffsetDateTime,
) -> Result<bool> {
    let claimed = outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(lease_until),
        )
        .filter(outbox_email::Column::Id.eq(email.id))
        .filter(waiting_to_be_sent())
        .filter(outbox_email::Column::NextAttemptAt.eq(email.next_attempt_at))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> Result<()> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        );
    for (column, value) in cleared_body() {
        update = update.col_expr(column, value);
    }
    update
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A failed attempt: the email is tried again at `next_attempt_at`, or given up on
/// when this was attempt number `max_attempts` (counted in the database, not from
/// a copy read earlier). Returns whether it was given up on.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i64,
    next_attempt_at: OffsetDateTime,
    error: &str,
    max_attempts: i32,
    now: OffsetDateTime,
) -> Result<bool> {
    outbox_email::Entity::update_many()
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(outbox_email::Column::LastError, Expr::value(error))
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    let mut give_up = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::AbandonedAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(format!("gave up after {max_attempts} attempts: {error}")),
        );
    for (column, value) in cleared_body() {
        give_up = give_up.col_expr(column, value);
    }
    let given_up = give_up
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::AbandonedAt.is_null())
        .filter(outbox_email::Column::Attempts.gte(max_attempts))
        .exec(db)
        .await?
        .rows_affected;
    Ok(given_up == 1)
}

/// Gives up on an email after an attempt that failed for good (or once too often).
pub async fn abandon(
    db: &impl ConnectionTrait,
    id: i64,
    reason: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::AbandonedAt, Expr::value(now))
        .col_expr(outbox_email::Column::LastError, Expr::value(reason))
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        );
    for (column, value) in cleared_body() {
        update = update.col_expr(column, value);
    }
    update
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives up on the emails that expired unsent (housekeeping): their links are stale
/// or about to be, and the database should not keep them.
pub async fn abandon_expired(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64> {
    let mut update = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::AbandonedAt, Expr::value(now))
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value("not sent before it expired"),
        );
    for (column, value) in cleared_body() {
        update = update.col_expr(column, value);
    }
    Ok(update
        .filter(waiting_to_be_sent())
        .filter(
            Condition::any()
                .add(outbox_email::Column::ExpiresAt.lte(now))
                // Queued before emails said until when: a day, the longest any does.
                .add(
                    Condition::all()
                        .add(outbox_email::Column::ExpiresAt.is_null())
                        .add(outbox_email::Column::CreatedAt.lte(now - time::Duration::days(1))),
                ),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// The emails given up on, newest first (for staff).
pub async fn abandoned(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<OutboxEmail>> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::AbandonedAt.is_not_null())
        .order_by_desc(outbox_email::Column::AbandonedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Every email ever queued for an address, newest first (tests and support use it).
pub async fn for_address(db: &impl ConnectionTrait, to: &str) -> Result<Vec<OutboxEmail>> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_desc(outbox_email::Column::Id)
        .all(db)
        .await?)
}

/// How many emails wait to be sent.
pub async fn waiting(db: &impl ConnectionTrait) -> Result<u64> {
    Ok(outbox_email::Entity::find()
        .filter(waiting_to_be_sent())
        .count(db)
        .await?)
}

/// When the longest-waiting email that is due now became due: `None` when none is
/// due (the sender keeps up). The readiness check says the outbox is stuck when this
/// is long ago.
pub async fn oldest_due(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>> {
    Ok(due(db, now, 1)
        .await?
        .first()
        .map(|email| email.next_attempt_at))
}

/// Queues many emails in one transaction (in batches of 500 rows), with `status`
/// applied to an event in the same transaction when given: all of them are queued
/// and the change made, or nothing is (a cancellation told to a few thousand people
/// is never half told).
pub async fn enqueue_all(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    emails: &[NewEmail<'_>],
    event_status: Option<(i64, &str)>,
    now: OffsetDateTime,
) -> Result<()> {
    use sea_orm::TransactionSession;
    let txn = crate::db::begin_write(db).await?;
    if let Some((event, status)) = event_status {
        crate::entity::event::Entity::update_many()
            .col_expr(crate::entity::event::Column::Status, Expr::value(status))
            .col_expr(crate::entity::event::Column::UpdatedAt, Expr::value(now))
            .filter(crate::entity::event::Column::Id.eq(event))
            .exec(&txn)
            .await?;
    }
    for chunk in emails.chunks(500) {
        let rows = chunk.iter().map(|email| outbox_email::ActiveModel {
            to_address: Set(email.to.to_owned()),
            subject: Set(email.subject.to_owned()),
            body_text: Set(email.text.to_owned()),
            body_html: Set(email.html.map(str::to_owned)),
            attempts: Set(0),
            next_attempt_at: Set(now),
            sent_at: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            abandoned_at: Set(None),
            expires_at: Set(Some(email.expires_at)),
            calendar: Set(email.calendar.map(str::to_owned)),
            ..Default::default()
        });
        outbox_email::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
