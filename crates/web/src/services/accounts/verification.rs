//! Confirming an email address. The link opens a page with a confirm button; only the
//! POST confirms, because mail scanners and link checkers follow links with GET.
//! Confirming ends the account's other sessions (someone else may have opened it
//! with this address), except the confirming browser's own.

use membernet_domain::{Account, rate_limit::LimitKey, token::TokenPurpose};
use membernet_persistence::{credentials, sessions::SessionId, tokens};
use time::OffsetDateTime;

use crate::{
    locale::Locale,
    mail::Transactional,
    services::{Result, Services, rate_limit},
};

/// Whether a confirmation link is live (unused and not expired).
pub async fn link_is_live(services: &Services, token: &str) -> Result<bool> {
    let now = OffsetDateTime::now_utc();
    let purposes = [TokenPurpose::VerifyEmail];
    Ok(tokens::peek(&services.db, token, &purposes, now)
        .await?
        .is_some())
}

/// Confirms the address the link was sent to; false when the link is dead. `keep` is
/// the confirming browser's session, kept when it is signed in to the account.
pub async fn confirm(services: &Services, token: &str, keep: Option<SessionId>) -> Result<bool> {
    let now = OffsetDateTime::now_utc();
    Ok(credentials::confirm_email(&services.db, token, keep, now)
        .await?
        .is_some())
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
