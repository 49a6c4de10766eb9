//! The public version: a number moved on by every change to what public pages show,
//! read by every instance to know when the answers it keeps are stale.

use sea_orm::{ConnectionTrait, Statement};

use crate::{Error, Result};

/// The version now.
pub async fn get(db: &impl ConnectionTrait) -> Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM public_version WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| Error::Corrupt("the public version row is missing".into()))?;
    let version: i64 = row.try_get_by_index(0)?;
    Ok(version.max(0) as u64)
}

/// Moves the version on (after a change that public pages may show).
pub async fn bump(db: &impl ConnectionTrait) -> Result<()> {
    let backend = db.get_database_backend();
    let sql = "UPDATE public_version SET version = version + 1 WHERE id = 1";
    db.execute_raw(Statement::from_string(backend, sql)).await?;
    Ok(())
}
