//! Running it for real: liveness and readiness, several instances starting on one
//! PostgreSQL database at once.

use std::time::Duration;

use membernet_web::app::App;
use reqwest::StatusCode;
use time::OffsetDateTime;

use crate::helpers::{empty_postgres_database, spawn, spawn_with, test_config};

#[tokio::test]
async fn healthz_says_alive_and_readyz_says_ready_until_the_database_is_gone() {
    let app = spawn().await;
    assert_eq!(app.get("/healthz").await.body.trim(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.body.trim(), "ready");

    // The database goes away (the pool closes, as when the server is unreachable).
    app.db().clone().close().await.unwrap();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body.trim(), "database unavailable");
    // Alive all the same: a supervisor need not restart it.
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn readyz_fails_when_an_email_has_waited_too_long() {
    // SMTP configured, but the sender looks at the outbox only once an hour (and
    // nothing wakes it): an email queued behind its back waits.
    let app = spawn_with(|config| {
        config.smtp_url = Some("smtp://127.0.0.1:9".into());
        config.outbox_poll_interval = Duration::from_secs(3600);
        config.outbox_stuck_after = time::Duration::minutes(15);
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
    let an_hour_ago = OffsetDateTime::now_utc() - time::Duration::hours(1);
    membernet_persistence::outbox::enqueue(
        app.db(),
        membernet_persistence::outbox::NewEmail {
            to: "someone@example.org",
            subject: "Waiting",
            text: "…",
            html: None,
            calendar: None,
            expires_at: OffsetDateTime::now_utc() + time::Duration::hours(2),
        },
        an_hour_ago,
    )
    .await
    .unwrap();
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        ready
            .body
            .starts_with("outbox stuck: an email has been due for 6"),
        "{}",
        ready.body
    );
}

/// Two instances started at the same moment on one new PostgreSQL database: the
/// start-up lock lets one migrate while the other waits, and both serve.
#[tokio::test]
async fn two_instances_starting_at_once_migrate_once() {
    let Some((url, _database)) = empty_postgres_database().await else {
        return;
    };
    let config = || {
        let mut config = test_config();
        config.database_url = url.clone();
        config
    };
    let (first, second) = tokio::join!(App::build(config()), App::build(config()));
    let (first, second) = (
        first.expect("the first starts"),
        second.expect("the second starts"),
    );
    for app in [&first, &second] {
        let pending = membernet_persistence::db::pending_migrations(&app.state.services.db)
            .await
            .unwrap();
        assert!(pending.is_empty(), "{pending:?}");
    }
    // One signing key for both: what one signs, the other accepts.
    let signed = first
        .state
        .services
        .signing
        .sign(membernet_domain::signature::Purpose::FormShown, b"x");
    assert!(second.state.services.signing.verify(
        membernet_domain::signature::Purpose::FormShown,
        b"x",
        &signed
    ));
}

/// A backup taken while members join is a consistent database: every account in it
/// is whole, and the statistics agree with the membership log.
#[tokio::test]
async fn a_backup_taken_during_writes_restores_to_a_consistent_database() {
    let app = spawn().await;
    let Some(file) = app.sqlite_file() else {
        return; // PostgreSQL: pg_dump (docs/deploy.md).
    };
    let database_url = format!("sqlite://{}?mode=rwc", file.display());
    app.seed_demo_network(200).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    // Members join while the backup is taken.
    let joining = async {
        for n in 0..8 {
            app.join(
                &format!("Writer {n}"),
                &format!("writer{n}@example.org"),
                crate::helpers::PASSWORD,
                "KE",
            )
            .await;
        }
    };
    let backing_up = async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        membernet_web::cli::backup(&database_url, &backup)
            .await
            .unwrap()
    };
    let ((), said) = tokio::join!(joining, backing_up);
    assert!(said.starts_with("Backed up "), "{said}");
    // A second backup to the same file is refused, never overwritten.
    assert!(
        membernet_web::cli::backup(&database_url, &backup)
            .await
            .is_err()
    );

    // Restored in place of another database: whole, and its figures agree.
    let restored = dir.path().join("restored.db");
    let restored_url = format!("sqlite://{}?mode=rwc", restored.display());
    let said = membernet_web::cli::restore(&restored_url, &backup)
        .await
        .unwrap();
    assert!(said.starts_with("Restored "), "{said}");
    let mut config = test_config();
    config.database_url = restored_url.clone();
    let copy = App::build(config).await.unwrap();
    let rebuilt = membernet_web::services::statistics::rebuild(&copy.state.services, true)
        .await
        .unwrap();
    assert!(rebuilt.agrees(), "the backup's figures agree with its log");
    use sea_orm::{EntityTrait, PaginatorTrait};
    let accounts = membernet_persistence::entity::member::Entity::find()
        .count(&copy.state.services.db)
        .await
        .unwrap();
    assert!(accounts >= 200, "{accounts}");
    drop(copy);

    // Not while a server runs on it; and never a file that is not a Membernet
    // database.
    let serving = membernet_web::server_lock::ServerLock::serving(&restored_url).unwrap();
    let refused = membernet_web::cli::restore(&restored_url, &backup)
        .await
        .unwrap_err();
    assert!(
        format!("{refused:#}").contains("a Membernet server is running"),
        "{refused:#}"
    );
    drop(serving);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    assert!(
        membernet_web::cli::restore(&restored_url, &junk)
            .await
            .is_err()
    );
    membernet_web::cli::restore(&restored_url, &backup)
        .await
        .unwrap();
}
