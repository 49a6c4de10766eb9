//! Site-wide settings kept in the database (so every instance sees the same).

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

use crate::{Result, entity::setting};

/// Set when the database holds the synthetic demo network; the site says so.
pub const DEMO_NETWORK: &str = "demo_network";

pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>> {
    Ok(setting::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|row| row.value))
}

pub async fn set(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<()> {
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_owned()),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_column(setting::Column::Value)
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The network's signing key (see `membernet_domain::signature`): made once, at the
/// first start, and read by every instance after. Two instances starting together
/// both try to make it; the first write wins and both read that one.
pub async fn signing_key(db: &impl ConnectionTrait) -> Result<[u8; 32]> {
    const KEY: &str = "signing_key";
    if get(db, KEY).await?.is_none() {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        setting::Entity::insert(setting::ActiveModel {
            key: Set(KEY.to_owned()),
            value: Set(hex),
        })
        .on_conflict(
            OnConflict::column(setting::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let stored = get(db, KEY)
        .await?
        .ok_or_else(|| crate::Error::Corrupt("the signing key was not stored".into()))?;
    let mut key = [0u8; 32];
    if stored.len() != 64 {
        return Err(crate::Error::Corrupt(
            "the signing key is not 64 hex digits".into(),
        ));
    }
    for (index, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&stored[index * 2..index * 2 + 2], 16)
            .map_err(|_| crate::Error::Corrupt("the signing key is not hex".into()))?;
    }
    Ok(key)
}

/// A lease on a periodic job (housekeeping, reminders) for `seconds` from `now`:
/// `true` for the one instance that takes it, which runs the job; the others skip
/// their round. Kept as a setting (`lease:<job>` = the zero-padded second it ends),
/// taken by one conditional update, so it holds across instances on one database.
pub async fn take_lease(
    db: &impl ConnectionTrait,
    job: &str,
    now: i64,
    seconds: i64,
) -> Result<bool> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let key = format!("lease:{job}");
    let padded = |at: i64| format!("{:020}", at.max(0));
    setting::Entity::insert(setting::ActiveModel {
        key: Set(key.clone()),
        value: Set(padded(0)),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let taken = setting::Entity::update_many()
        .col_expr(setting::Column::Value, Expr::value(padded(now + seconds)))
        .filter(setting::Column::Key.eq(key))
        .filter(setting::Column::Value.lte(padded(now)))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}
