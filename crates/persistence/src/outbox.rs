//! The email outbox: every email is written here first, so none is lost when the
//! SMTP server is down. A sender drains it with back-off; after sending, the body
//! (its text and HTML parts, which may hold a one-time link) is cleared and only the
//! envelope is kept.

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use time::OffsetDateTime;

use crate::{Result, entity::outbox_email};

pub use crate::entity::outbox_email::Model as OutboxEmail;

/// An email to queue: its recipient, subject, plain text and (for some) an HTML part.
pub struct NewEmail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
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
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Unsent emails whose next attempt is due, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    limit: u64,
) -> Result<Vec<OutboxEmail>> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .filter(outbox_email::Column::NextAttemptAt.lte(now))
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
        .filter(outbox_email::Column::SentAt.is_null())
        .filter(outbox_email::Column::NextAttemptAt.eq(email.next_attempt_at))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, now: OffsetDateTime) -> Result<()> {
    outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::SentAt, Expr::value(now))
        .col_expr(outbox_email::Column::BodyText, Expr::value(""))
        .col_expr(
            outbox_email::Column::BodyHtml,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox_email::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i64,
    next_attempt_at: OffsetDateTime,
    error: &str,
) -> Result<()> {
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
    Ok(())
}

/// Every email ever queued for an address, newest first (tests and support use it).
pub async fn for_address(db: &impl ConnectionTrait, to: &str) -> Result<Vec<OutboxEmail>> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_desc(outbox_email::Column::Id)
        .all(db)
        .await?)
}

/// Clears the body of unsent emails queued before `before`: by then any one-time link
/// in them has expired, and the database should not keep it.
pub async fn redact_unsent_before(
    db: &impl ConnectionTrait,
    before: OffsetDateTime,
) -> Result<u64> {
    Ok(outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::BodyText, Expr::value(""))
        .col_expr(
            outbox_email::Column::BodyHtml,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_email::Column::SentAt.is_null())
        .filter(outbox_email::Column::CreatedAt.lt(before))
        .filter(outbox_email::Column::BodyText.ne(""))
        .exec(db)
        .await?
        .rows_affected)
}

/// How many emails wait to be sent.
pub async fn waiting(db: &impl ConnectionTrait) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .count(db)
        .await?)
}
