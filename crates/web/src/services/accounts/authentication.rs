//! Signing in. A wrong password and an unknown address get the same answer after the
//! same work: an unknown address is checked against a dummy hash (see
//! `crate::passwords`). Attempts are limited per client, per account and client (so
//! someone guessing cannot lock the owner out from elsewhere), and per account from
//! anywhere (a looser backstop); the counters live in the database so they hold
//! across instances.

use membernet_domain::{
    Account, MemberEmail,
    rate_limit::{ClientAddress, LimitKey},
};
use membernet_persistence::members;

use crate::services::{Result, Services, rate_limit};

pub enum SignedIn {
    Welcome(Account),
    /// The address or the password is not right, or the account may not sign in;
    /// which, the answer does not say.
    Refused,
}

/// Checks `password` for the account with the address as typed.
pub async fn sign_in(
    services: &Services,
    client: ClientAddress,
    typed_email: &str,
    password: String,
) -> Result<SignedIn> {
    rate_limit::enforce(services, &LimitKey::LoginFrom(client)).await?;
    // Every attempt on an account counts before its password is checked, in one
    // atomic step, so attempts made at the same moment cannot slip past the limit.
    // Text that is not an address names no account: only the client's limit applies.
    let email = MemberEmail::parse(typed_email).ok();
    let account_key = email
        .clone()
        .map(|account| LimitKey::LoginTo { account, client });
    if let Some(email) = &email {
        rate_limit::enforce(services, &LimitKey::LoginToFromAnywhere(email.clone())).await?;
    }
    if let Some(key) = &account_key {
        rate_limit::enforce(services, key).await?;
    }
    let found = match &email {
        Some(email) => members::find_with_password_hash(&services.db, email).await?,
        None => None,
    };
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, None),
    };
    let matches = services.passwords.verify(password, hash).await?;
    match account {
        Some(account) if matches && account.may_sign_in() => {
            // The owner is in: their failed attempts from here are forgotten.
            if let Some(key) = &account_key {
                rate_limit::clear(services, key).await?;
            }
            tracing::info!(member_id = account.id.0, "signed in");
            Ok(SignedIn::Welcome(account))
        }
        _ => {
            services.metrics.failed_login();
            Ok(SignedIn::Refused)
        }
    }
}
