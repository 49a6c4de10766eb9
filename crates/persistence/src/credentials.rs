//! Spending a one-time link: each is one transaction, so a failure half-way leaves
//! the link usable and the account as it was.

use membernet_domain::{MemberId, token::TokenPurpose};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use time::OffsetDateTime;
use tower_sessions::session::Id;

use crate::{Result, members, sessions, tokens};

/// What confirming an address did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The account is kept as it is: the confirming browser is signed in to it (and
    /// stays so, with its password), or the address was confirmed before.
    Kept(MemberId),
    /// Confirmed from a browser not signed in to the account. Whoever joined may not
    /// be the address's owner, who has just proven it: the password they chose and
    /// what they wrote about themselves are cleared, every session ends, and the owner
    /// chooses a password with `setup_token` (an account-setup link).
    ChoosePassword {
        member: MemberId,
        setup_token: String,
    },
}

/// Confirms an address with its verification link. `browser` is the confirming
/// browser's session and who is signed in there.
pub async fn confirm_email(
    db: &(impl ConnectionTrait + TransactionTrait),
    raw_token: &str,
    browser: Option<(Id, MemberId)>,
    now: OffsetDateTime,
) -> Result<Option<Confirmed>> {
    let txn = crate::db::begin_write(db).await?;
    let Some((member, _)) =
        tokens::consume(&txn, raw_token, &[TokenPurpose::VerifyEmail], now).await?
    else {
        return Ok(None);
    };
    members::lock(&txn, member, now).await?;
    let confirmed_before = members::find(&txn, member)
        .await?
        .is_some_and(|account| account.is_verified());
    let confirmed = match browser {
        Some((session, signed_in)) if signed_in == member => {
            members::verify_email(&txn, member, now).await?;
            // Someone else may have opened the account with this address.
            sessions::delete_for_member(&txn, member, Some(session)).await?;
            Confirmed::Kept(member)
        }
        _ if confirmed_before => Confirmed::Kept(member),
        _ => {
            // Cleared while the account does not count yet, so the figures never
            // hold what the first person said about their work.
            members::clear_password(&txn, member, now).await?;
            members::clear_profile(&txn, member).await?;
            members::verify_email(&txn, member, now).await?;
            sessions::delete_for_member(&txn, member, None).await?;
            let setup_token = tokens::issue(&txn, member, TokenPurpose::AccountSetup, now).await?;
            Confirmed::ChoosePassword {
                member,
                setup_token,
            }
        }
    };
    txn.commit().await?;
    Ok(Some(confirmed))
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
    let txn = crate::db::begin_write(db).await?;
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
