//! A member's own data, as JSON: everything the network holds about them.

use membernet_domain::Account;
use membernet_persistence::personal_data;

use crate::services::{Error, Result, Services};

/// The member's data, ready to download.
pub async fn export(services: &Services, account: &Account) -> Result<serde_json::Value> {
    personal_data::export(&services.db, account.id)
        .await?
        .ok_or(Error::NotFound)
}
