//! The session store: tower-sessions over the same sea-orm pool as everything else.
//!
//! (tower-sessions-sqlx-store pins another sqlx major than sea-orm 2, so it cannot
//! share the pool.) Records are JSON. The signed-in member's id is also kept in its own
//! indexed column, so "sign this member out everywhere" is one delete.
//!
//! A session is stored under the SHA-256 of its id, so the database never holds a
//! cookie that would sign someone in. Besides its idle expiry, a session ends
//! [`ABSOLUTE_LIFETIME`] after it began, however much it is used.

use membernet_domain::MemberId;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use time::OffsetDateTime;
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store,
};

use crate::{Result, entity::session};

/// However active, a session ends this long after it began.
pub const ABSOLUTE_LIFETIME: time::Duration = time::Duration::days(30);

/// The key a session is stored under: a hash of its id.
fn stored_id(id: &Id) -> String {
    membernet_domain::token::hash_token(&id.to_string())
}

/// A session's id (the web layer's sessions are stored here).
pub use tower_sessions::session::Id as SessionId;

/// The session key holding the signed-in member's id. The web layer writes it; the
/// store reads it to fill the `member_id` column.
pub const MEMBER_ID_KEY: &str = "member_id";

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// Deletes the sessions that have expired (housekeeping).
pub async fn delete_expired(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::ExpiresAt.lt(now))
                .add(session::Column::CreatedAt.lt(now - ABSOLUTE_LIFETIME)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of `member` except `keep` (the one making the request).
pub async fn delete_for_member(
    db: &impl ConnectionTrait,
    member: MemberId,
    keep: Option<Id>,
) -> Result<u64> {
    let mut delete = session::Entity::delete_many().filter(session::Column::MemberId.eq(member.0));
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::Id.ne(stored_id(&keep)));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn to_row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let member_id = record
        .data
        .get(MEMBER_ID_KEY)
        .and_then(|value| value.as_i64());
    let data = serde_json::to_string(&record.data)
        .map_err(|error| session_store::Error::Encode(error.to_string()))?;
    Ok(session::ActiveModel {
        id: sea_orm::ActiveValue::Set(stored_id(&record.id)),
        member_id: sea_orm::ActiveValue::Set(member_id),
        data: sea_orm::ActiveValue::Set(data),
        expires_at: sea_orm::ActiveValue::Set(record.expiry_date),
        // Set when the session is created, never by a save.
        created_at: sea_orm::ActiveValue::NotSet,
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // 128 random bits make a collision practically impossible; if one happens,
        // draw again rather than overwrite someone else's session.
        loop {
            let mut row = to_row(record)?;
            row.created_at = sea_orm::ActiveValue::Set(Some(OffsetDateTime::now_utc()));
            let inserted = session::Entity::insert(row)
                .on_conflict(
                    OnConflict::column(session::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a live session. A session deleted meanwhile (signed out, or ended by a
    /// password reset while this request was in flight) stays deleted: only `create`
    /// inserts.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = to_row(record)?;
        session::Entity::update_many()
            .set(row)
            .filter(session::Column::Id.eq(stored_id(&record.id)))
            .filter(session::Column::ExpiresAt.gt(OffsetDateTime::now_utc()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc();
        let row = session::Entity::find_by_id(stored_id(id))
            .filter(session::Column::ExpiresAt.gt(now))
            .filter(session::Column::CreatedAt.gt(now - ABSOLUTE_LIFETIME))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|error| session_store::Error::Decode(error.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: row.expires_at,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::Id.eq(stored_id(id)))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
