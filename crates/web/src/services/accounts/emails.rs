//! The emails that follow a signup or a password-reset request. They run in the
//! background (see `crate::background`), so the response takes as long whether or
//! not the address has an account; each address gets a bounded number of them an
//! hour (strangers cannot make the network flood someone's inbox).

use membernet_domain::{
    Account, MemberEmail, rate_limit::LimitKey, signup::FollowUp, token::TokenPurpose,
};
use membernet_persistence::{members, tokens};
use time::OffsetDateTime;

use crate::{
    locale::Locale,
    mail::Transactional,
    services::{Services, rate_limit},
};

/// The language of an account's emails: its own, else the request's.
async fn locale_of(
    services: &Services,
    account: &Account,
    fallback: Locale,
) -> anyhow::Result<Locale> {
    Ok(members::locale(&services.db, account.id)
        .await?
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(fallback))
}

async fn may_email(services: &Services, email: &MemberEmail) -> anyhow::Result<bool> {
    Ok(rate_limit::within(services, &LimitKey::EmailsTo(email.clone())).await?)
}

/// A new account's confirmation link: counted against the address's emails, its
/// token issued and the email queued in one transaction (one commit instead of
/// three: signups are the write the network does most under load).
async fn confirm_new_address(
    services: &Services,
    email: &MemberEmail,
    id: membernet_domain::MemberId,
    locale: Locale,
) -> anyhow::Result<()> {
    use membernet_persistence::{db, rate_limits};
    let key = LimitKey::EmailsTo(email.clone());
    let now = OffsetDateTime::now_utc();
    let txn = db::begin_write(&services.db).await?;
    let limit = key.limit(&services.config.rate_limits);
    let decision = rate_limits::hit(&txn, &key.key(), limit, now.unix_timestamp()).await?;
    if decision != membernet_domain::rate_limit::Decision::Allow {
        txn.commit().await?;
        services.metrics.refused(key.name());
        return Ok(());
    }
    let token = tokens::issue(&txn, id, TokenPurpose::VerifyEmail, now).await?;
    let written = crate::mail::Compose::compose(
        &Transactional::VerifyEmail { token: &token },
        locale,
        &services.mailer.settings().base_url,
    );
    services.mailer.queue(&txn, email, &written).await?;
    txn.commit().await?;
    services.mailer.wake();
    Ok(())
}

/// After a signup: the email [`FollowUp::after_signup`] chooses, to the address.
pub async fn after_signup(
    services: Services,
    email: MemberEmail,
    created: members::Created,
    locale: Locale,
) -> anyhow::Result<()> {
    if let members::Created::Created(id) = created {
        return confirm_new_address(&services, &email, id, locale).await;
    }
    if !may_email(&services, &email).await? {
        return Ok(());
    }
    let existing = match created {
        members::Created::Created(_) => None,
        members::Created::EmailTaken => match members::find_by_email(&services.db, &email).await? {
            Some(account) => Some(account),
            // Erased in between: nobody to write to.
            None => return Ok(()),
        },
    };
    let now = OffsetDateTime::now_utc();
    let mailer = &services.mailer;
    match (FollowUp::after_signup(existing.as_ref()), created, existing) {
        (FollowUp::ConfirmAddress, members::Created::Created(id), _) => {
            let token = tokens::issue(&services.db, id, TokenPurpose::VerifyEmail, now).await?;
            mailer
                .send(&email, locale, Transactional::VerifyEmail { token: &token })
                .await
        }
        (FollowUp::AlreadyRegistered, _, Some(account)) => {
            let locale = locale_of(&services, &account, locale).await?;
            let name = account.full_name.as_str();
            mailer
                .send(&email, locale, Transactional::AlreadyRegistered { name })
                .await
        }
        (FollowUp::FinishJoining, _, Some(account)) => {
            let locale = locale_of(&services, &account, locale).await?;
            let token =
                tokens::issue(&services.db, account.id, TokenPurpose::PasswordReset, now).await?;
            mailer
                .send(
                    &email,
                    locale,
                    Transactional::FinishJoining { token: &token },
                )
                .await
        }
        _ => Ok(()),
    }
}

/// A password-reset link, if the address belongs to an active account.
pub async fn reset_link(
    services: Services,
    email: MemberEmail,
    locale: Locale,
) -> anyhow::Result<()> {
    let Some(account) = members::find_by_email(&services.db, &email).await? else {
        return Ok(());
    };
    if !account.is_active() || !may_email(&services, &email).await? {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let token = tokens::issue(&services.db, account.id, TokenPurpose::PasswordReset, now).await?;
    let locale = locale_of(&services, &account, locale).await?;
    // Until the address is confirmed, the name is whatever someone typed when
    // joining: it is not written to the address's owner.
    let name = account.is_verified().then_some(account.full_name.as_str());
    services
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
