//! Backups of a SQLite database: a consistent copy taken while the server writes
//! (`VACUUM INTO` reads one snapshot of the database and writes it compacted to a
//! new file), and the check that a file is a Membernet database before it is put
//! back. PostgreSQL has `pg_dump` and `pg_restore` for both.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use crate::{Error, Result};

fn refused(message: String) -> Error {
    Error::Database(sea_orm::DbErr::Custom(message))
}

/// Writes a consistent copy of the (SQLite) database to `file`, which must not
/// exist yet.
pub async fn vacuum_into(db: &impl ConnectionTrait, file: &Path) -> Result<()> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(refused(
            "backups of PostgreSQL are made with pg_dump".into(),
        ));
    }
    if file.exists() {
        return Err(refused(format!("{} exists already", file.display())));
    }
    let path = file.to_string_lossy().replace('\'', "''");
    db.execute_raw(Statement::from_string(
        DbBackend::Sqlite,
        format!("VACUUM INTO '{path}'"),
    ))
    .await?;
    Ok(())
}

/// How many members and applied migrations `file` holds, when it is a SQLite
/// Membernet database (read-only: the file is not changed).
pub async fn inspect(file: &Path) -> Result<(u64, u64)> {
    if !file.is_file() {
        return Err(refused(format!("{} is not a file", file.display())));
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let db = Database::connect(url.as_str()).await?;
    let count = |sql: &'static str| {
        let db = &db;
        async move {
            let row = db
                .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
                .await
                .map_err(|_| refused(format!("{} is not a Membernet database", file.display())))?
                .ok_or_else(|| refused("no answer".into()))?;
            let n: i64 = row.try_get_by_index(0)?;
            Ok::<u64, Error>(n.max(0) as u64)
        }
    };
    let migrations = count("SELECT COUNT(*) FROM seaql_migrations").await?;
    let members = count("SELECT COUNT(*) FROM member").await?;
    db.close().await.ok();
    if migrations == 0 {
        return Err(refused(format!(
            "{} is not a Membernet database",
            file.display()
        )));
    }
    Ok((members, migrations))
}
