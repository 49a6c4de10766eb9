//! Admins made from the command line: a new account (confirmed, no password yet) or an
//! existing one promoted, with a one-time link to choose the password.

use membernet_domain::{FullName, MemberEmail, token::TokenPurpose};
use membernet_persistence::{members, tokens};
use time::OffsetDateTime;

use crate::services::{Result, Services};

/// Makes the admin and returns the link (valid 24 hours, once) to set a password.
pub async fn create_admin(
    services: &Services,
    email: &MemberEmail,
    name: &FullName,
) -> Result<String> {
    let now = OffsetDateTime::now_utc();
    let db = &services.db;
    let id = members::make_admin(db, email, name, now).await?;
    let token = tokens::issue(db, id, TokenPurpose::AccountSetup, now).await?;
    Ok(format!(
        "{}/password/reset?token={token}",
        services.config.base_url
    ))
}
