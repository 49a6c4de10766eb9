//! Opening the database: the one pool the whole process shares, migrated.
//!
//! SQLite (the default) runs in WAL mode so readers never wait for the writer, with
//! foreign keys on and a busy timeout so concurrent writers queue instead of failing,
//! and `secure_delete` on: what is deleted is overwritten, not left in free pages
//! (an erased member must not be readable in the file). PostgreSQL is used as it
//! comes.

use std::{path::Path, time::Duration};

use membernet_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
    sqlx::sqlite::SqliteSynchronous,
};

use crate::Result;

pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    if let Some(path) = sqlite_file_path(url)
        && let Some(parent) = Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|error| {
            crate::Error::Database(sea_orm::DbErr::Custom(format!(
                "cannot create the directory {} for the database: {error}",
                parent.display()
            )))
        })?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .map_sqlx_sqlite_opts(|options| {
            options
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("secure_delete", "on")
        });
    if url.starts_with("sqlite:") {
        options.max_connections(8).min_connections(1);
    } else {
        options.max_connections(16).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL is kept in the file once set. Set once here rather than by every new
        // connection of the pool: switching needs a lock that cannot wait for a busy
        // database, and a connection opened while another writes must not fail.
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Ok(db)
}

/// Starts a transaction that writes. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`, waiting for it up to the busy timeout): a transaction that
/// reads first and writes second would otherwise fail at once, not wait, when
/// another connection wrote in between (`SQLITE_BUSY_SNAPSHOT`). Within a
/// transaction it is a savepoint; on PostgreSQL, a plain transaction.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// The key of the PostgreSQL advisory lock held while an instance starts up.
const START_UP_LOCK: i64 = 0x6d65_6d62_6572; // "member"

/// Held while an instance migrates the database and fills what start-up fills (the
/// country reference data, the signing key, a rollup to build): on PostgreSQL an
/// advisory lock on a connection of its own, so two instances starting at once
/// migrate one after the other (the second finds nothing left to do). SQLite's
/// write lock already serialises them: nothing to hold.
pub struct StartUpLock(Option<sea_orm::sqlx::pool::PoolConnection<sea_orm::sqlx::Postgres>>);

fn sqlx_error(error: sea_orm::sqlx::Error) -> crate::Error {
    crate::Error::Database(sea_orm::DbErr::Custom(format!("advisory lock: {error}")))
}

/// Waits for and takes the start-up lock.
pub async fn lock_start_up(db: &DatabaseConnection) -> Result<StartUpLock> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(StartUpLock(None));
    }
    let mut connection = db
        .get_postgres_connection_pool()
        .acquire()
        .await
        .map_err(sqlx_error)?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(START_UP_LOCK)
        .execute(&mut *connection)
        .await
        .map_err(sqlx_error)?;
    Ok(StartUpLock(Some(connection)))
}

impl StartUpLock {
    /// Lets the next instance start. (Dropped instead, the connection goes back to
    /// the pool still holding the lock until it closes: call this.)
    pub async fn release(mut self) -> Result<()> {
        if let Some(mut connection) = self.0.take() {
            sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(START_UP_LOCK)
                .execute(&mut *connection)
                .await
                .map_err(sqlx_error)?;
        }
        Ok(())
    }
}

impl Drop for StartUpLock {
    fn drop(&mut self) {
        // Not released (start-up failed): close the connection, which ends the lock.
        if let Some(connection) = self.0.take() {
            drop(connection.detach());
        }
    }
}

/// Applies every migration not yet applied.
pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// SQLite: copies the write-ahead log into the main file and empties it, so what was
/// deleted (with `secure_delete`, overwritten) is gone from both files. Another
/// connection reading at that moment can keep the log from emptying: the answer says
/// whether it did (housekeeping tries again). PostgreSQL: nothing to do.
pub async fn checkpoint(db: &impl ConnectionTrait) -> Result<bool> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(true);
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ))
        .await?;
    // (busy, log frames, frames checkpointed): busy 0 means the log was emptied.
    let busy: i32 = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 1,
    };
    Ok(busy == 0)
}

/// The connection pool's use: (open, idle) connections.
pub fn pool_use(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    }
}

/// The migrations this binary knows that the database has not applied.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>> {
    Ok(Migrator::get_pending_migrations_read_only(db)
        .await?
        .iter()
        .map(|migration| migration.name().to_owned())
        .collect())
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> Result<()> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}

/// The file behind a `sqlite://path?…` URL, when it names a file.
pub fn sqlite_file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file_path;

    #[test]
    fn the_file_is_read_from_a_sqlite_url() {
        assert_eq!(
            sqlite_file_path("sqlite://data/membernet.db?mode=rwc"),
            Some("data/membernet.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("postgres://localhost/x"), None);
    }
}
