//! Erasing one's own account, confirmed with the password. The person goes; the
//! anonymous fact that a member in their country joined and left stays, so the
//! figures remain true.

use membernet_domain::{Account, rate_limit::LimitKey};
use membernet_persistence::{
    members,
    personal_data::{self, Erasure},
};
use time::OffsetDateTime;

use crate::services::{Error, Result, Services, rate_limit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    Erased,
    WrongPassword,
    /// The network's last admin stays until another admin is made.
    LastAdmin,
}

pub async fn erase_own_account(
    services: &Services,
    account: &Account,
    password: String,
) -> Result<Erased> {
    // Each attempt checks a password: a stolen session cannot guess it at will.
    rate_limit::enforce(services, &LimitKey::DeleteAccount(account.id)).await?;
    let hash = members::password_hash(&services.db, account.id).await?;
    if !services.passwords.verify(password, hash).await? {
        return Ok(Erased::WrongPassword);
    }
    crate::services::events::release_before_erasure(services, account.id).await?;
    let now = OffsetDateTime::now_utc();
    match personal_data::erase(&services.db, account.id, None, now).await? {
        Erasure::Erased => {
            tracing::info!("an account was erased at its owner's request");
            services.scrub_after_erasure().await?;
            Ok(Erased::Erased)
        }
        Erasure::LastAdmin => Ok(Erased::LastAdmin),
        Erasure::NotFound => Err(Error::NotFound),
    }
}
