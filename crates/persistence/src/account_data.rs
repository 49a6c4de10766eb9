//! A member's own data: all of it as JSON (`/account/export`), and erasure.
//!
//! Erasure removes the person: their account row with its profile, sectors, tokens
//! and sessions, the emails addressed to them, and the rate-limit counters keyed by
//! their address. What stays is the anonymous history — membership events keep their
//! country and time, with the member's id cleared — so the figures stay true.

use membernet_domain::{
    MemberEmail, MemberId,
    membership::{month_key, month_start},
    rate_limit::LimitKey,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait, sea_query::Expr,
};
use serde_json::{Value, json};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{
    Result,
    entity::{member, membership_event, outbox_email, rate_limit, session},
    members, membership, profile_counts, rollup, sessions,
};

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// Everything held about the member, as JSON.
pub async fn export(db: &impl ConnectionTrait, id: MemberId) -> Result<Option<Value>> {
    let Some(account) = members::find(db, id).await? else {
        return Ok(None);
    };
    let Some((profile, organization)) = members::profile(db, id).await? else {
        return Ok(None);
    };
    let events = membership_event::Entity::find()
        .filter(membership_event::Column::MemberId.eq(id.0))
        .order_by_asc(membership_event::Column::Id)
        .all(db)
        .await?;
    let emails = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(account.email.as_str()))
        .order_by_asc(outbox_email::Column::Id)
        .all(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::MemberId.eq(id.0))
        .all(db)
        .await?;
    let locale = members::locale(db, id).await?;
    Ok(Some(json!({
        "account": {
            "email": account.email.as_str(),
            "full_name": account.full_name.as_str(),
            "country": account.country.map(|code| code.to_string()),
            "role": account.role.as_str(),
            "status": account.status.as_str(),
            "language": locale,
            "email_verified_at": account.email_verified_at.map(timestamp),
            "joined_at": timestamp(account.created_at),
            "has_password": account.has_password,
        },
        "profile": {
            "job_title": profile.job_title,
            "category": profile.category.map(|category| category.code()),
            "sectors": profile.sectors.iter().map(|sector| sector.code()).collect::<Vec<_>>(),
            "areas_of_interest": profile.interests,
            "bio": profile.bio,
            "listed_in_directory": profile.listed,
        },
        "organization": organization.map(|organization| json!({
            "name": organization.name,
            "type": organization.kind.code(),
            "country": organization.country.map(|code| code.to_string()),
            "website": organization.website,
        })),
        "membership_history": events.iter().map(|event| json!({
            "event": event.kind,
            "country": event.country_code,
            "from_country": event.from_country_code,
            "at": timestamp(event.occurred_at),
        })).collect::<Vec<_>>(),
        "emails_sent": emails.iter().map(|email| json!({
            "subject": email.subject,
            "queued_at": timestamp(email.created_at),
            "sent_at": email.sent_at.map(timestamp),
        })).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|session| json!({
            "expires_at": timestamp(session.expires_at),
        })).collect::<Vec<_>>(),
        "exported_at": timestamp(OffsetDateTime::now_utc()),
    })))
}

/// Erases the member (see the module doc). A counted member leaves the figures in
/// the same transaction.
pub async fn erase(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: MemberId,
    now: OffsetDateTime,
) -> Result<bool> {
    let txn = db.begin().await?;
    members::lock(&txn, id, now).await?;
    let Some(account) = members::find(&txn, id).await? else {
        return Ok(false);
    };
    let counted = profile_counts::snapshot(&txn, id).await?;
    membership::change(&txn, id, counted.as_ref(), None, now).await?;
    // Events keep their country and month; the link to the person, what they said
    // about their work and the exact moments go, and the rollup follows.
    let events = membership_event::Entity::find()
        .filter(membership_event::Column::MemberId.eq(id.0))
        .all(&txn)
        .await?;
    for event in events {
        let month = month_start(month_key(event.occurred_at)).unwrap_or(event.occurred_at);
        let mut anonymous = event.clone();
        anonymous.member_id = None;
        anonymous.occurred_at = month;
        anonymous.category = None;
        anonymous.sectors = None;
        anonymous.organization_type = None;
        anonymous.from_category = None;
        anonymous.from_sectors = None;
        anonymous.from_organization_type = None;
        if let (Some(was), Some(now_is)) =
            (rollup::change_of(&event), rollup::change_of(&anonymous))
        {
            rollup::reattribute(&txn, (&was, event.occurred_at), (&now_is, month)).await?;
        }
        let none = || Expr::value(Option::<String>::None);
        membership_event::Entity::update_many()
            .col_expr(
                membership_event::Column::MemberId,
                Expr::value(Option::<i64>::None),
            )
            .col_expr(membership_event::Column::OccurredAt, Expr::value(month))
            .col_expr(membership_event::Column::Category, none())
            .col_expr(membership_event::Column::Sectors, none())
            .col_expr(membership_event::Column::OrganizationType, none())
            .col_expr(membership_event::Column::FromCategory, none())
            .col_expr(membership_event::Column::FromSectors, none())
            .col_expr(membership_event::Column::FromOrganizationType, none())
            .filter(membership_event::Column::Id.eq(event.id))
            .exec(&txn)
            .await?;
    }
    sessions::delete_for_member(&txn, id, None).await?;
    outbox_email::Entity::delete_many()
        .filter(outbox_email::Column::ToAddress.eq(account.email.as_str()))
        .exec(&txn)
        .await?;
    delete_counters_for(&txn, &account.email).await?;
    // Tokens and sectors go with the row (ON DELETE CASCADE).
    member::Entity::delete_by_id(id.0).exec(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

async fn delete_counters_for(db: &impl ConnectionTrait, email: &MemberEmail) -> Result<()> {
    // The same keys the limits counted under: one type names them both ways.
    let keys = LimitKey::naming(email).map(|key| key.key());
    rate_limit::Entity::delete_many()
        .filter(rate_limit::Column::Key.is_in(keys))
        .exec(db)
        .await?;
    Ok(())
}
