//! The emails that follow a signup or a password-reset request. They run in the
//! background (see `background`), so the response takes as long whether or not the
//! address has an account; each address gets a bounded number of them an hour.

use membernet_domain::{MemberEmail, token::TokenPurpose};
use membernet_persistence::{members, tokens};
use time::OffsetDateTime;

use super::{Services, rate_limit};
use crate::{locale::Locale, mail::Transactional};

/// The language of an account's emails: its own, else the request's.
async fn locale_of(
    state: &Services,
    account: &membernet_domain::Account,
    fallback: Locale,
) -> anyhow::Result<Locale> {
    Ok(members::locale(&state.db, account.id)
        .await?
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(fallback))
}

async fn may_email(state: &Services, email: &MemberEmail) -> anyhow::Result<bool> {
    let limit = state.config.rate_limits.email_per_address;
    Ok(rate_limit::within(state, &format!("email:{email}"), limit).await?)
}

/// After a signup: a verification link for a new account; for an address that has an
/// account, a note to its owner, or a link to finish joining if it was never confirmed.
pub async fn after_signup(
    state: Services,
    email: MemberEmail,
    created: members::Created,
    locale: Locale,
) -> anyhow::Result<()> {
    if !may_email(&state, &email).await? {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    match created {
        members::Created::Created(id) => {
            let token = tokens::issue(&state.db, id, TokenPurpose::VerifyEmail, now).await?;
            state
                .mailer
                .send(&email, locale, Transactional::VerifyEmail { token: &token })
                .await
        }
        members::Created::EmailTaken => {
            let Some(account) = members::find_by_email(&state.db, &email).await? else {
                return Ok(());
            };
            let locale = locale_of(&state, &account, locale).await?;
            if account.is_verified() {
                let name = account.full_name.as_str();
                state
                    .mailer
                    .send(&email, locale, Transactional::AlreadyRegistered { name })
                    .await
            } else {
                let token =
                    tokens::issue(&state.db, account.id, TokenPurpose::PasswordReset, now).await?;
                state
                    .mailer
                    .send(
                        &email,
                        locale,
                        Transactional::FinishJoining { token: &token },
                    )
                    .await
            }
        }
    }
}

/// A password-reset link, if the address belongs to an active account.
pub async fn reset_link(state: Services, email: MemberEmail, locale: Locale) -> anyhow::Result<()> {
    let Some(account) = members::find_by_email(&state.db, &email).await? else {
        return Ok(());
    };
    if !account.is_active() || !may_email(&state, &email).await? {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let token = tokens::issue(&state.db, account.id, TokenPurpose::PasswordReset, now).await?;
    let locale = locale_of(&state, &account, locale).await?;
    let name = account.full_name.as_str();
    state
        .mailer
        .send(
            &email,
            locale,
            Transactional::PasswordReset {
                name,
                token: &token,
            },
        )
        .await
}
