//! The lock a serving process holds on its SQLite database, so that `membernet
//! restore` never replaces a database under a running server: every server takes a
//! shared lock on `<database>.lock` (several may serve one file), and restoring needs
//! it exclusively. The operating system releases it when the process ends, however
//! it ends. PostgreSQL databases are restored with `pg_restore`: no lock here.

use std::{fs::File, os::fd::AsRawFd, path::PathBuf};

use anyhow::Context;

pub struct ServerLock(#[allow(dead_code)] File);

fn lock_file(database_url: &str) -> Option<PathBuf> {
    let path = membernet_persistence::db::sqlite_file_path(database_url)?;
    Some(PathBuf::from(format!("{path}.lock")))
}

fn open(path: &PathBuf) -> anyhow::Result<File> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))
}

/// `flock` without waiting: `true` when taken.
fn flock(file: &File, operation: libc::c_int) -> bool {
    // SAFETY: flock on a file descriptor this process owns; no memory is shared.
    unsafe { libc::flock(file.as_raw_fd(), operation | libc::LOCK_NB) == 0 }
}

impl ServerLock {
    /// The lock a server holds while it serves (`None` for PostgreSQL).
    pub fn serving(database_url: &str) -> anyhow::Result<Option<ServerLock>> {
        let Some(path) = lock_file(database_url) else {
            return Ok(None);
        };
        let file = open(&path)?;
        anyhow::ensure!(
            flock(&file, libc::LOCK_SH),
            "the database is being restored ({} is locked)",
            path.display()
        );
        Ok(Some(ServerLock(file)))
    }

    /// The lock a restore holds: refused while any server runs on the database.
    pub fn exclusive(database_url: &str) -> anyhow::Result<ServerLock> {
        let path = lock_file(database_url).context("restore is for SQLite databases")?;
        let file = open(&path)?;
        anyhow::ensure!(
            flock(&file, libc::LOCK_EX),
            "a Membernet server is running on this database: stop it before restoring"
        );
        Ok(ServerLock(file))
    }
}
