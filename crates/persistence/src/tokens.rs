//! One-time email tokens: issued for a purpose, consumed once, expired on time.
//!
//! Only the token's hash is stored (see `membernet_domain::token`). Consuming is a
//! conditional update, so two clicks racing on the same link cannot both succeed.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use membernet_domain::{
    MemberId,
    token::{TokenPurpose, hash_token},
};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use time::OffsetDateTime;

use crate::{Result, entity::email_token};

/// Issues a token and returns it raw, for the email link. Earlier unused tokens of the
/// same purpose for the same member stop working: only the newest link is live.
pub async fn issue(
    db: &impl ConnectionTrait,
    member: MemberId,
    purpose: TokenPurpose,
    now: OffsetDateTime,
) -> Result<String> {
    email_token::Entity::delete_many()
        .filter(email_token::Column::MemberId.eq(member.0))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let raw = URL_SAFE_NO_PAD.encode(bytes);
    email_token::ActiveModel {
        member_id: Set(member.0),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(hash_token(&raw)),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(raw)
}

/// The member a live (unused, unexpired) token of one of `purposes` belongs to,
/// without using it up: for pages that show a form before the token is spent.
pub async fn peek(
    db: &impl ConnectionTrait,
    raw: &str,
    purposes: &[TokenPurpose],
    now: OffsetDateTime,
) -> Result<Option<(MemberId, TokenPurpose)>> {
    let Some(row) = email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(hash_token(raw)))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(TokenPurpose::parse(&row.purpose)
        .filter(|purpose| purposes.contains(purpose))
        .map(|purpose| (MemberId(row.member_id), purpose)))
}

/// Uses a live token up. `None` when it is unknown, expired, already used, or for
/// another purpose.
pub async fn consume(
    db: &impl ConnectionTrait,
    raw: &str,
    purposes: &[TokenPurpose],
    now: OffsetDateTime,
) -> Result<Option<(MemberId, TokenPurpose)>> {
    // The conditional update comes first: it takes the write lock (SQLite) or the
    // row (PostgreSQL) before anything is read, so a writer in between, such as the
    // mailer marking the email sent, cannot fail the transaction.
    let hash = hash_token(raw);
    let used = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::TokenHash.eq(hash.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now))
        .filter(email_token::Column::Purpose.is_in(purposes.iter().map(|p| p.as_str())))
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    let Some(row) = email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(TokenPurpose::parse(&row.purpose).map(|purpose| (MemberId(row.member_id), purpose)))
}

/// Removes tokens that can no longer be used (periodic housekeeping).
pub async fn delete_expired(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64> {
    Ok(email_token::Entity::delete_many()
        .filter(email_token::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected)
}
