//! Forgotten passwords: a link by email, then a new password.
//!
//! The answer to a request is the same whether or not the address has an account. A
//! link works once, for an hour; using it ends every session of the account and
//! proves the address, so it also confirms it. Account-setup links (for admins made
//! from the command line) are spent the same way.

use membernet_domain::{
    Account, MemberEmail, MemberId, NewPassword,
    password::PasswordError,
    rate_limit::{ClientAddress, LimitKey},
    token::TokenPurpose,
};
use membernet_persistence::{credentials, members, tokens};
use time::OffsetDateTime;

use super::emails;
use crate::{
    locale::Locale,
    services::{Result, Services, rate_limit},
};

const RESET_PURPOSES: [TokenPurpose; 2] = [TokenPurpose::PasswordReset, TokenPurpose::AccountSetup];

/// Asks for a link: sent in the background to the address if it belongs to an active
/// account (the caller shows the same page either way). `email` is `None` when what
/// was typed is not an address.
pub async fn request_link(
    services: &Services,
    client: ClientAddress,
    email: Option<MemberEmail>,
    locale: Locale,
) -> Result<()> {
    rate_limit::enforce(services, &LimitKey::ResetFrom(client)).await?;
    if let Some(email) = email {
        let work = emails::reset_link(services.clone(), email, locale);
        services.background.spawn("password reset email", work);
    }
    Ok(())
}

/// The active account a live reset or setup link belongs to.
pub async fn account_for_link(services: &Services, token: &str) -> Result<Option<Account>> {
    let now = OffsetDateTime::now_utc();
    let Some((member, _)) = tokens::peek(&services.db, token, &RESET_PURPOSES, now).await? else {
        return Ok(None);
    };
    Ok(members::find(&services.db, member)
        .await?
        .filter(Account::is_active))
}

pub enum Reset {
    /// The password is set; sign the person in as `member`.
    Done { member: MemberId, account: Account },
    /// The link is unknown, used, expired, or its account suspended.
    DeadLink,
    /// The password does not meet the policy (the person's own name and address
    /// count as easy to guess).
    Refused(PasswordError),
}

/// Sets the password typed with a reset or setup link.
pub async fn reset(services: &Services, token: &str, typed_password: &str) -> Result<Reset> {
    let Some(account) = account_for_link(services, token).await? else {
        return Ok(Reset::DeadLink);
    };
    let personal = [account.full_name.as_str(), account.email.as_str()];
    let password = match NewPassword::parse(typed_password, &personal) {
        Ok(password) => password,
        Err(error) => return Ok(Reset::Refused(error)),
    };
    let hash = services
        .passwords
        .hash(password.expose().to_owned())
        .await?;
    let now = OffsetDateTime::now_utc();
    match credentials::reset_password(&services.db, token, &hash, now).await? {
        Some(member) => {
            tracing::info!(
                member_id = member.0,
                "password set; every other session ended"
            );
            Ok(Reset::Done { member, account })
        }
        None => Ok(Reset::DeadLink),
    }
}
