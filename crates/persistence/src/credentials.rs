//! Spending a one-time link: each is one transaction, so a failure half-way leaves
//! the link usable and the account as it was.

use membernet_domain::{MemberId, token::TokenPurpose};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use crate::{Result, members, sessions, tokens};

/// Confirms an address with its verification link. Other sessions of the account end
/// (someone else may have opened it with this address), except `keep`, the
/// confirming browser's own when it is signed in to this account.
pub async fn confirm_email(
    db: &(impl ConnectionTrait + TransactionTrait),
    raw_token: &str,
    keep: Option<Id>,
    now: OffsetDateTime,
) -> Result<Option<MemberId>> {
    let txn = db.begin().await?;
    let Some((member, _)) =
        tokens::consume(&txn, raw_token, &[TokenPurpose::VerifyEmail], now).await?
    else {
        return Ok(None);
    };
    members::verify_email(&txn, member, now).await?;
    sessions::delete_for_member(&txn, member, keep).await?;
    txn.commit().await?;
    Ok(Some(member))
}

/// Sets a password with a reset or account-setup link. The link proves the address,
/// so it is verified too; every session of the account ends. `None` when the link is
/// dead or the account is suspended.
pub async fn reset_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    raw_token: &str,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<MemberId>> {
    let txn = db.begin().await?;
    let purposes = [TokenPurpose::PasswordReset, TokenPurpose::AccountSetup];
    let Some((member, _)) = tokens::consume(&txn, raw_token, &purposes, now).await? else {
        return Ok(None);
    };
    let active = members::find(&txn, member)
        .await?
        .is_some_and(|account| account.is_active());
    if !active {
        txn.rollback().await?;
        return Ok(None);
    }
    members::set_password_hash(&txn, member, password_hash, now).await?;
    let account = members::find(&txn, member).await?;
    if account.is_some_and(|account| !account.is_verified()) {
        // Whoever joined with this address never proved it: what they wrote about
        // themselves goes, so the owner starts from a blank, unlisted profile.
        members::clear_profile(&txn, member).await?;
    }
    members::verify_email(&txn, member, now).await?;
    sessions::delete_for_member(&txn, member, None).await?;
    txn.commit().await?;
    Ok(Some(member))
}
