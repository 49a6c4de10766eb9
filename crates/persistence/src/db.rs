//! Opening the database: the one pool the whole process shares, migrated.
//!
//! SQLite (the default) runs in WAL mode so readers never wait for the writer, with
//! foreign keys on and a busy timeout so concurrent writers queue instead of failing.
//! PostgreSQL is used as it comes.

use std::{path::Path, time::Duration};

use membernet_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
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
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    if url.starts_with("sqlite:") {
        options.max_connections(8).min_connections(1);
    } else {
        options.max_connections(16).min_connections(1);
    }
    Ok(Database::connect(options).await?)
}

/// Applies every migration not yet applied.
pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Whether the database answers (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> Result<()> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}

/// The file behind a `sqlite://path?…` URL, when it names a file.
fn sqlite_file_path(url: &str) -> Option<&str> {
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
