//! Confirming an email address. The link opens a page with a confirm button; only the
//! POST confirms, because mail scanners and link checkers follow links with GET.
//!
//! Anyone can join with any address, so the person who confirms (the address's
//! owner) may not be the person who joined. Confirmed in a browser signed in to the
//! account, the account stays as it is and its other sessions end. Confirmed anywhere
//! else, the password and what was written about the person are cleared, every
//! session ends, and the owner chooses a password (see `credentials::Confirmed`).

use membernet_domain::{Account, MemberId, rate_limit::LimitKey, token::TokenPurpose};
use membernet_persistence::{credentials, sessions::SessionId, tokens};

pub use membernet_persistence::credentials::Confirmed;
use time::OffsetDateTime;

use crate::{
    locale::Locale,
    mail::Transactional,
    services::{Result, Services, rate_limit},
};

/// The account a live confirmation link (unused, not expired) belongs to.
pub async fn link_owner(services: &Services, token: &str) -> Result<Option<MemberId>> {
    let now = OffsetDateTime::now_utc();
    let purposes = [TokenPurpose::VerifyEmail];
    Ok(tokens::peek(&services.db, token, &purposes, now)
        .await?
        .map(|(member, _)| member))
}

/// Confirms the address the link was sent to; `None` when the link is dead.
/// `browser` is the confirming browser's session and who is signed in there.
pub async fn confirm(
    services: &Services,
    token: &str,
    browser: Option<(SessionId, MemberId)>,
) -> Result<Option<Confirmed>> {
    let now = OffsetDateTime::now_utc();
    let confirmed = credentials::confirm_email(&services.db, token, browser, now).await?;
    if let Some(Confirmed::ChoosePassword { member, .. }) = &confirmed {
        tracing::info!(
            member_id = member.0,
            "address confirmed elsewhere than in the account: password cleared"
        );
    }
    Ok(confirmed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resent {
    Sent,
    AlreadyConfirmed,
}

/// A new confirmation link for a signed-in account, within the address's email limit.
pub async fn resend(services: &Services, account: &Account, locale: Locale) -> Result<Resent> {
    if account.is_verified() {
        return Ok(Resent::AlreadyConfirmed);
    }
    rate_limit::enforce(services, &LimitKey::EmailsTo(account.email.clone())).await?;
    let now = OffsetDateTime::now_utc();
    let token = tokens::issue(&services.db, account.id, TokenPurpose::VerifyEmail, now).await?;
    let email = Transactional::VerifyEmail { token: &token };
    services.mailer.send(&account.email, locale, email).await?;
    Ok(Resent::Sent)
}
