//! The `membernet` command line (DESIGN.md, "Commands").

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use membernet_domain::{FullName, MemberEmail, demo::DEFAULT_MEMBERS, staff::Refusal};
use membernet_persistence::rollup;
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::services::{Services, accounts::admin, demo, staff};
use crate::{
    app::App,
    config::{Config, Settings},
    locale::Locale,
    routes::staff::forms::Filters,
};
use membernet_persistence::staff_audit::Actor;

#[derive(Parser)]
#[command(
    name = "membernet",
    version,
    about = "A self-hostable membership network"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default when no command is given).
    Serve {
        /// Address to listen on [env: MEMBERNET_BIND] [default: 127.0.0.1:3000]
        #[arg(long)]
        bind: Option<String>,
        /// Load the synthetic demo network first, if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Fill the database with data.
    Seed {
        #[command(subcommand)]
        command: SeedCommand,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Staff administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Export data (written to the staff audit log as done from the command line).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// The statistics rollup.
    Stats {
        #[command(subcommand)]
        command: StatsCommand,
    },
    /// Members' accounts.
    Member {
        #[command(subcommand)]
        command: MemberCommand,
    },
    /// Copy the whole network into another, empty database (moving from SQLite to
    /// PostgreSQL), then check the copy: rows per table and the statistics.
    Copy {
        /// The database to copy, like sqlite://data/membernet.db
        #[arg(long)]
        from: String,
        /// The new database, like postgres://membernet@localhost/membernet
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the SQLite database to FILE, while it serves
    /// (PostgreSQL: use pg_dump).
    Backup { file: std::path::PathBuf },
    /// Put a backup back in place of the SQLite database (refused while a server
    /// runs on it); the database it replaces is kept beside it.
    Restore { file: std::path::PathBuf },
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Erase an account for good (a suspended member's, say), as staff can from its
    /// page; written to the staff audit log as done from the command line.
    Erase {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum StatsCommand {
    /// Replay the membership event log, report every row of the statistics rollup
    /// that differs from it, and rewrite the rollup from the log. Exits with 1 when
    /// there were differences.
    Rebuild {
        /// Only report; change nothing.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every account, as the staff member list's CSV, to standard output. The
    /// filters are the list's (`/staff/members?…`).
    Members {
        /// The file format (only `csv`).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Name words or the start of an email address.
        #[arg(long, default_value = "")]
        search: String,
        /// An alpha-2 country code, like KE.
        #[arg(long, default_value = "")]
        country: String,
        /// A region or sub-region, like sub-saharan-africa.
        #[arg(long, default_value = "")]
        region: String,
        /// active or suspended.
        #[arg(long, default_value = "")]
        status: String,
        /// yes or no.
        #[arg(long, default_value = "")]
        verified: String,
        /// member, staff or admin.
        #[arg(long, default_value = "")]
        role: String,
        /// name, joined or country.
        #[arg(long, default_value = "")]
        sort: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
}

#[derive(Subcommand)]
enum SeedCommand {
    /// A synthetic, deterministic demo network, into an empty database.
    Demo {
        /// Members in the network [default: 3400, the model network's size]
        #[arg(long, default_value_t = DEFAULT_MEMBERS)]
        members: usize,
        /// The same seed gives the same network.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make an admin (a new account, or an existing one promoted) and print a
    /// one-time link to set the password.
    Create {
        #[arg(long)]
        email: String,
        /// The name shown for a new account [default: the address's local part]
        #[arg(long)]
        name: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::from_env();
    match cli.command.unwrap_or(Command::Serve {
        bind: None,
        demo: false,
    }) {
        Command::Serve { bind, demo } => {
            if bind.is_some() {
                settings.bind = bind;
            }
            let config = Config::from_settings(settings)?;
            let bind: SocketAddr = config.bind;
            // Held while serving: `membernet restore` waits for no running server.
            let _serving = crate::server_lock::ServerLock::serving(&config.database_url)?;
            let app = App::build(config).await?;
            if demo && !seed_demo(&app.state.services, DEFAULT_MEMBERS, 1).await? {
                tracing::info!(
                    "--demo: the database already has members; serving them as they are"
                );
            }
            // What seeding used is not needed to serve.
            crate::memory::release_free_memory();
            let listener = TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            app.serve(listener).await
        }
        Command::Seed {
            command: SeedCommand::Demo { members, seed },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            if seed_demo(&app.state.services, members, seed).await? {
                Ok(())
            } else {
                anyhow::bail!(
                    "the database already holds a network; the demo network goes only into an empty one"
                )
            }
        }
        Command::Migrate => {
            App::build(Config::from_settings(settings)?).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            let link = create_admin(&app.state.services, &email, name.as_deref()).await?;
            println!(
                "{email} is an admin. To choose a password, open this link within 24 hours (it works once):"
            );
            println!("{link}");
            Ok(())
        }
        Command::Export {
            command:
                ExportCommand::Members {
                    format: ExportFormat::Csv,
                    search,
                    country,
                    region,
                    status,
                    verified,
                    role,
                    sort,
                },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            let filters = Filters {
                q: search,
                country,
                region,
                status,
                verified,
                role,
                sort,
                ..Filters::default()
            };
            let csv = export_members(&app.state.services, &filters).await?;
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(csv.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        Command::Member {
            command: MemberCommand::Erase { email },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            erase_member(&app.state.services, &email).await?;
            println!("{email}'s account is erased (recorded in the staff audit log).");
            Ok(())
        }
        Command::Copy { from, to } => {
            let report = copy_database(&from, &to, true).await?;
            println!("{report}");
            Ok(())
        }
        Command::Backup { file } => {
            let config = Config::from_settings(settings)?;
            let written = backup(&config.database_url, &file).await?;
            println!("{written}");
            Ok(())
        }
        Command::Restore { file } => {
            let config = Config::from_settings(settings)?;
            let restored = restore(&config.database_url, &file).await?;
            println!("{restored}");
            Ok(())
        }
        Command::Stats {
            command: StatsCommand::Rebuild { check },
        } => {
            let app = App::build(Config::from_settings(settings)?).await?;
            let started = std::time::Instant::now();
            let rebuilt = crate::services::statistics::rebuild(&app.state.services, check).await?;
            print!("{}", rebuild_report(&rebuilt, check));
            println!("({:.1} s)", started.elapsed().as_secs_f64());
            if rebuilt.agrees() {
                Ok(())
            } else {
                std::process::exit(1)
            }
        }
    }
}

/// `membernet copy --from A --to B`: migrates B, refuses it unless it is empty,
/// copies every table with a progress bar, then checks the copy (the same rows in
/// every table, and the statistics agreeing with the membership log). Says what it
/// copied; an error when anything differs.
pub async fn copy_database(from: &str, to: &str, show_progress: bool) -> anyhow::Result<String> {
    let source = membernet_persistence::db::connect(from)
        .await
        .with_context(|| format!("cannot open {}", crate::app::redact(from)))?;
    let pending = membernet_persistence::db::pending_migrations(&source).await?;
    anyhow::ensure!(
        pending.is_empty(),
        "the source database is from an older Membernet: run `membernet migrate` on it first"
    );
    let mut settings = Settings::from_env();
    settings.database_url = Some(to.to_owned());
    let target = App::build(Config::from_settings(settings)?).await?;
    let target = &target.state.services;
    let expected = membernet_persistence::copy::counts(&source).await?;
    let total: u64 = expected.iter().map(|(_, n)| n).sum();
    let bar = if show_progress {
        ProgressBar::new(total)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    membernet_persistence::copy::copy(&source, &target.db, |n| bar.inc(n))
        .await
        .map_err(|error| match error {
            membernet_persistence::Error::NotEmpty => anyhow::anyhow!(
                "the target database already holds a network: copy only into an empty one"
            ),
            other => other.into(),
        })?;
    bar.finish_and_clear();
    let copied = membernet_persistence::copy::counts(&target.db).await?;
    let differing: Vec<String> = expected
        .iter()
        .zip(&copied)
        .filter(|((_, a), (table, b))| a != b && *table != "setting")
        .map(|((table, a), (_, b))| format!("{table}: {a} rows in the source, {b} copied"))
        .collect();
    anyhow::ensure!(
        differing.is_empty(),
        "the copy differs: {}",
        differing.join("; ")
    );
    let rebuilt = crate::services::statistics::rebuild(target, true).await?;
    anyhow::ensure!(
        rebuilt.agrees(),
        "the copy's statistics disagree with its log:\n{}",
        rebuild_report(&rebuilt, true)
    );
    target.public_changed().await?;
    source.close().await.ok();
    Ok(format!(
        "Copied {total} rows in {} tables; row counts match and the statistics agree.",
        expected.len()
    ))
}

/// `membernet backup FILE`: a consistent copy of the SQLite database, taken while
/// it serves. Says what was written.
pub async fn backup(database_url: &str, file: &std::path::Path) -> anyhow::Result<String> {
    if membernet_persistence::db::sqlite_file_path(database_url).is_none() {
        anyhow::bail!(
            "this is a PostgreSQL database: back it up with pg_dump, e.g. \
             pg_dump --format=custom --file={} \"$MEMBERNET_DATABASE_URL\" (see docs/deploy.md)",
            file.display()
        );
    }
    let db = membernet_persistence::db::connect(database_url).await?;
    membernet_persistence::backup::vacuum_into(&db, file)
        .await
        .with_context(|| format!("cannot write the backup to {}", file.display()))?;
    db.close().await.ok();
    let (members, _) = membernet_persistence::backup::inspect(file).await?;
    let bytes = std::fs::metadata(file)?.len();
    Ok(format!(
        "Backed up {members} accounts to {} ({:.1} MB).",
        file.display(),
        bytes as f64 / 1e6
    ))
}

/// `membernet restore FILE`: puts a backup in place of the SQLite database, refused
/// while any server runs on it. The database it replaces is kept beside it
/// (`…db.before-restore-<unix time>`); a half-copied file never takes its place.
pub async fn restore(database_url: &str, file: &std::path::Path) -> anyhow::Result<String> {
    let Some(target) = membernet_persistence::db::sqlite_file_path(database_url) else {
        anyhow::bail!(
            "this is a PostgreSQL database: restore it with pg_restore (see docs/deploy.md)"
        );
    };
    let (members, _) = membernet_persistence::backup::inspect(file)
        .await
        .with_context(|| format!("{} cannot be restored", file.display()))?;
    let _lock = crate::server_lock::ServerLock::exclusive(database_url)?;
    let target = std::path::PathBuf::from(target);
    let staging = target.with_extension("restoring");
    std::fs::copy(file, &staging)
        .with_context(|| format!("cannot copy {} next to the database", file.display()))?;
    std::fs::File::open(&staging)?.sync_all()?;
    let kept = if target.exists() {
        let kept = std::path::PathBuf::from(format!(
            "{}.before-restore-{}",
            target.display(),
            OffsetDateTime::now_utc().unix_timestamp()
        ));
        std::fs::rename(&target, &kept)?;
        // Its write-ahead log goes with it (it holds its latest writes), and must
        // not be replayed into the restored one.
        for suffix in ["-wal", "-shm"] {
            let log = format!("{}{suffix}", target.display());
            if std::path::Path::new(&log).exists() {
                std::fs::rename(&log, format!("{}{suffix}", kept.display()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staging, &target)?;
    Ok(match kept {
        Some(kept) => format!(
            "Restored {} ({members} accounts); the database it replaced is at {}.",
            target.display(),
            kept.display()
        ),
        None => format!("Restored {} ({members} accounts).", target.display()),
    })
}

/// What `stats rebuild` found, for people: counts, then the first differences.
pub fn rebuild_report(rebuilt: &rollup::Rebuilt, check: bool) -> String {
    use std::fmt::Write;
    const SHOWN: usize = 20;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "The event log gives {} rollup rows; {} differ from the table.",
        rebuilt.rows,
        rebuilt.differences.len()
    );
    if rebuilt.events_unreadable > 0 {
        let _ = writeln!(
            out,
            "{} events could not be read (unknown kind, country or code) and were left out.",
            rebuilt.events_unreadable
        );
    }
    let show = |totals: Option<membernet_domain::statistics::Totals>| match totals {
        Some(t) => format!(
            "joined {} left {} in {} out {} → members {} (joined {}, left {} in all)",
            t.joined, t.left, t.moved_in, t.moved_out, t.members, t.joined_total, t.left_total
        ),
        None => "no row".to_owned(),
    };
    for difference in rebuilt.differences.iter().take(SHOWN) {
        let key = &difference.key;
        let _ = writeln!(
            out,
            "  {} [{}] {} {}: table {}; log {}",
            key.area,
            if key.segment.is_empty() {
                "everyone"
            } else {
                key.segment.as_str()
            },
            key.grain.code(),
            key.period,
            show(difference.stored),
            show(difference.replayed)
        );
    }
    if rebuilt.differences.len() > SHOWN {
        let _ = writeln!(out, "  … and {} more", rebuilt.differences.len() - SHOWN);
    }
    let _ = writeln!(
        out,
        "{} organisations' member counts differ from the member rows.",
        rebuilt.organizations.len()
    );
    for difference in rebuilt.organizations.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "  organisation {}: table {}; member rows {}",
            difference.organization, difference.stored, difference.counted
        );
    }
    let _ = writeln!(
        out,
        "{}",
        if check {
            "Nothing was changed (--check)."
        } else if rebuilt.differences.is_empty() && rebuilt.organizations.is_empty() {
            "The table was rewritten from the log (it already agreed)."
        } else {
            "The table was rewritten from the log, and the organisations' counts from the member rows."
        }
    );
    out
}

/// The member list's CSV for `filters`, written to the audit log as an export
/// from the command line.
pub async fn export_members(state: &Services, filters: &Filters) -> anyhow::Result<String> {
    let query = filters.parse(Locale::En).map_err(|errors| {
        let problems: Vec<String> = errors
            .iter()
            .map(|(field, message)| {
                format!(
                    "--{}: {message}",
                    if field == "q" { "search" } else { field }
                )
            })
            .collect();
        anyhow::anyhow!(problems.join("; "))
    })?;
    let now = OffsetDateTime::now_utc();
    let described = filters.audited();
    let export = staff::export_members(state, Actor::CommandLine, &query, &described, now)
        .await
        .map_err(|error| anyhow::anyhow!("the export failed: {error}"))?;
    eprintln!(
        "Exported {} accounts (recorded in the staff audit log).",
        export.rows
    );
    Ok(export.csv)
}

/// Writes the demo network, with a progress bar on the terminal. Returns false when
/// the database already holds a network (nothing is written then).
pub async fn seed_demo(services: &Services, members: usize, seed: u64) -> anyhow::Result<bool> {
    let started = std::time::Instant::now();
    let bar = ProgressBar::new(members as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} members ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message("Seeding the demo network");
    let seeded = demo::seed(services, members, seed, |done| bar.set_position(done)).await?;
    bar.finish_and_clear();
    match seeded {
        demo::Seeded::Seeded {
            members,
            organizations,
        } => {
            println!(
                "Seeded a synthetic demo network: {members} members, {organizations} organisations, in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(true)
        }
        demo::Seeded::NotEmpty => Ok(false),
    }
}

/// Makes the admin and returns the one-time link for choosing a password.
pub async fn create_admin(
    services: &Services,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<String> {
    let email = MemberEmail::parse(email).map_err(|error| anyhow::anyhow!("--email: {error}"))?;
    let local_part = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("Admin")
        .to_owned();
    let name = FullName::parse(name.unwrap_or(&local_part))
        .map_err(|error| anyhow::anyhow!("--name: {error}"))?;
    Ok(admin::create_admin(services, &email, &name).await?)
}

/// `membernet member erase --email E`.
pub async fn erase_member(services: &Services, email: &str) -> anyhow::Result<()> {
    let email = MemberEmail::parse(email).map_err(|error| anyhow::anyhow!("--email: {error}"))?;
    match staff::erase_from_command_line(services, &email).await {
        Ok(staff::Erased::Erased) => Ok(()),
        Ok(staff::Erased::Refused(Refusal::LastAdmin)) => Err(anyhow::anyhow!(
            "{email} is the last admin: make another admin first"
        )),
        Ok(other) => Err(anyhow::anyhow!("{email} was not erased: {other:?}")),
        Err(crate::services::Error::NotFound) => {
            Err(anyhow::anyhow!("no account has the address {email}"))
        }
        Err(error) => Err(error.into()),
    }
}
