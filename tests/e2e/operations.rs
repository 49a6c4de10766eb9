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

/// Two instances on one database, as behind a load balancer (on the CI's
/// PostgreSQL, and on SQLite): sessions, rate limits, the outbox and the periodic
/// jobs are the database's, not an instance's.
#[tokio::test]
async fn two_instances_share_sessions_limits_emails_and_jobs() {
    let (port, mut inbox) = crate::email_smtp::smtp_sink().await;
    let first = spawn_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.rate_limits.login_per_account = membernet_domain::rate_limit::RateLimit::new(4, 900);
    })
    .await;
    let second = first.second_instance().await;

    // A session made on one is valid on the other (one browser, one cookie jar).
    // (Written straight to the database: with SMTP, the outbox clears a link once
    // it is sent, so it cannot be read back from there.)
    first
        .stored_member("Amina Otieno", "amina@ngo.org", "KE", &[])
        .await;
    let browser = crate::helpers::new_client();
    first
        .log_in_with(&browser, "amina@ngo.org", crate::helpers::PASSWORD)
        .await;
    let account = second.get_with(&browser, "/account").await;
    assert_eq!(account.status, StatusCode::OK);
    account.assert_contains("Amina Otieno");

    // The per-account sign-in limit counts attempts on both.
    for n in 0..4 {
        let app = if n % 2 == 0 { &first } else { &second };
        let page = app.log_in("amina@ngo.org", "guess guess guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = second
        .log_in("amina@ngo.org", crate::helpers::PASSWORD)
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);

    // Both senders drain one outbox: each email arrives once.
    while inbox.try_recv().is_ok() {}
    let now = OffsetDateTime::now_utc();
    for n in 0..60 {
        membernet_persistence::outbox::enqueue(
            first.db(),
            membernet_persistence::outbox::NewEmail {
                to: &format!("reader{n}@example.org"),
                subject: &format!("Number {n}"),
                text: "Hello.",
                html: None,
                calendar: None,
                expires_at: now + time::Duration::hours(1),
            },
            now,
        )
        .await
        .unwrap();
    }
    first.services.mailer.wake();
    second.services.mailer.wake();
    let mut seen = std::collections::HashMap::new();
    while seen.values().sum::<usize>() < 60 {
        let message = tokio::time::timeout(Duration::from_secs(30), inbox.recv())
            .await
            .expect("every email arrives within 30 seconds")
            .unwrap();
        if let Some(subject) = message
            .lines()
            .find(|line| line.starts_with("Subject: Number"))
        {
            *seen.entry(subject.to_owned()).or_insert(0) += 1;
        }
    }
    // Nothing more comes.
    tokio::time::sleep(Duration::from_millis(500)).await;
    while let Ok(message) = inbox.try_recv() {
        if let Some(subject) = message
            .lines()
            .find(|line| line.starts_with("Subject: Number"))
        {
            *seen.entry(subject.to_owned()).or_insert(0) += 1;
        }
    }
    assert_eq!(seen.len(), 60);
    assert!(seen.values().all(|count| *count == 1), "{seen:?}");

    // A periodic job's round is taken by one instance at a time.
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let (a, b) = tokio::join!(
        membernet_persistence::settings::take_lease(first.db(), "housekeeping-test", now, 60),
        membernet_persistence::settings::take_lease(second.db(), "housekeeping-test", now, 60),
    );
    assert_eq!(
        [a.unwrap(), b.unwrap()]
            .iter()
            .filter(|taken| **taken)
            .count(),
        1
    );
    assert!(
        !membernet_persistence::settings::take_lease(first.db(), "housekeeping-test", now + 30, 60)
            .await
            .unwrap()
    );
    assert!(
        membernet_persistence::settings::take_lease(second.db(), "housekeeping-test", now + 61, 60)
            .await
            .unwrap()
    );
}

/// Checks `text` is Prometheus text exposition: `# HELP`/`# TYPE`/`# EOF` lines,
/// and samples `name{label="value",…} number`. Returns the samples.
fn parse_prometheus(text: &str) -> Vec<(String, f64)> {
    let mut samples = Vec::new();
    for line in text.lines().filter(|line| !line.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            assert!(
                comment.starts_with("HELP ") || comment.starts_with("TYPE ") || comment == "EOF",
                "{line}"
            );
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("a number: {line}"));
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        if let Some(labels) = series.strip_prefix(name)
            && !labels.is_empty()
        {
            {
                assert!(labels.starts_with('{') && labels.ends_with('}'), "{line}");
                for pair in labels[1..labels.len() - 1]
                    .split("\",")
                    .filter(|p| !p.is_empty())
                {
                    let (key, quoted) = pair.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
                    assert!(
                        key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                        "{line}"
                    );
                    assert!(!quoted.trim_end_matches('"').contains('"'), "{line}");
                }
            }
        }
        samples.push((series.to_owned(), value));
    }
    samples
}

fn sample(samples: &[(String, f64)], series: &str) -> f64 {
    samples
        .iter()
        .find(|(name, _)| name == series)
        .map_or(0.0, |(_, value)| *value)
}

#[tokio::test]
async fn metrics_are_prometheus_text_for_the_token_bearer_only() {
    const TOKEN: &str = "a-long-metrics-token-for-tests";
    let plain = spawn().await;
    assert_eq!(
        plain.get("/metrics").await.status,
        StatusCode::NOT_FOUND,
        "off without a token"
    );

    let app = spawn_with(|config| config.metrics_token = Some(TOKEN.into())).await;
    assert_eq!(app.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("a-long-metrics-token-for-test5")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", "not her password at all").await;
    app.get("/countries/ke").await;
    app.get("/countries/fj").await;
    app.get("/no-such-page").await;
    let scrape = || async {
        let response = app
            .client
            .get(app.url("/metrics"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        response.text().await.unwrap()
    };
    let text = scrape().await;
    let samples = parse_prometheus(&text);
    // Routes are patterns, never the paths asked for.
    assert_eq!(
        sample(
            &samples,
            "membernet_http_requests_total{method=\"GET\",route=\"/countries/{code}\",status=\"200\"}"
        ),
        2.0,
        "{text}"
    );
    assert!(!text.contains("/countries/ke"), "{text}");
    assert!(
        sample(
            &samples,
            "membernet_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"
        ) >= 1.0
    );
    assert_eq!(sample(&samples, "membernet_signups_total"), 1.0, "{text}");
    assert_eq!(
        sample(&samples, "membernet_failed_logins_total"),
        1.0,
        "{text}"
    );
    assert!(
        text.contains("membernet_http_request_duration_seconds_bucket{le=\""),
        "{text}"
    );
    assert!(text.contains("membernet_outbox_depth "), "{text}");
    assert!(
        sample(&samples, "membernet_db_pool_connections") >= 1.0,
        "{text}"
    );
    assert!(!text.contains("amina"), "no personal data in metrics");
}

#[tokio::test]
async fn metrics_can_have_an_address_of_their_own() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let app = spawn_with(|config| {
        config.metrics_bind = Some(format!("127.0.0.1:{port}").parse().unwrap());
    })
    .await;
    app.get("/").await;
    let text = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let samples = parse_prometheus(&text);
    assert!(
        sample(
            &samples,
            "membernet_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"}"
        ) >= 1.0,
        "{text}"
    );
    // Not on the site itself without the token.
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

/// Moving to PostgreSQL: a demo network copied from SQLite into an empty database
/// (PostgreSQL when the suite has one, else another SQLite file) has the same
/// members, figures and outbox, and a second copy into it is refused.
#[tokio::test]
async fn a_network_copies_into_an_empty_database_and_checks_itself() {
    let source_dir = tempfile::tempdir().unwrap();
    let source_url = format!(
        "sqlite://{}?mode=rwc",
        source_dir.path().join("source.db").display()
    );
    let mut config = test_config();
    config.database_url = source_url.clone();
    let source = App::build(config).await.unwrap();
    membernet_web::services::demo::seed(&source.state.services, 300, 7, |_| {})
        .await
        .unwrap();
    membernet_web::cli::create_admin(&source.state.services, "admin@alliance.org", Some("Ada"))
        .await
        .unwrap();

    let (target_url, _database) = match empty_postgres_database().await {
        Some((url, guard)) => (url, Some(guard)),
        None => (
            format!(
                "sqlite://{}?mode=rwc",
                source_dir.path().join("target.db").display()
            ),
            None,
        ),
    };
    let said = membernet_web::cli::copy_database(&source_url, &target_url, false)
        .await
        .unwrap();
    assert!(
        said.contains("row counts match and the statistics agree"),
        "{said}"
    );

    let mut config = test_config();
    config.database_url = target_url.clone();
    let target = App::build(config).await.unwrap();
    use sea_orm::{EntityTrait, QueryOrder};
    let emails = |db: &membernet_persistence::DatabaseConnection| {
        let db = db.clone();
        async move {
            membernet_persistence::entity::member::Entity::find()
                .order_by_asc(membernet_persistence::entity::member::Column::Id)
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|row| (row.id, row.email, row.country_code, row.organization_id))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        emails(&source.state.services.db).await,
        emails(&target.state.services.db).await
    );
    let figures = |services: &membernet_web::services::Services| {
        let services = services.clone();
        async move {
            let figures = membernet_web::services::public_figures::all(&services)
                .await
                .unwrap();
            let ke = figures.country(membernet_domain::CountryCode::parse("KE").unwrap());
            (ke.members, ke.organizations)
        }
    };
    assert_eq!(
        figures(&source.state.services).await,
        figures(&target.state.services).await
    );
    let outbox = |db: &membernet_persistence::DatabaseConnection| {
        let db = db.clone();
        async move { membernet_persistence::outbox::waiting(&db).await.unwrap() }
    };
    assert_eq!(
        outbox(&source.state.services.db).await,
        outbox(&target.state.services.db).await
    );
    // New rows take new ids after the copied ones.
    let event = membernet_persistence::events::create(
        &target.state.services.db,
        &membernet_domain::events::EventInput {
            title: "After the move".into(),
            kind: "webinar".into(),
            time_zone: "UTC".into(),
            starts: "2099-01-01T10:00".into(),
            ends: "2099-01-01T11:00".into(),
            join_url: "https://meet.example.org/x".into(),
            languages: vec!["en".into()],
            ..Default::default()
        }
        .parse()
        .unwrap(),
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert!(event.id.0 > 1);
    drop(target);

    let again = membernet_web::cli::copy_database(&source_url, &target_url, false).await;
    assert!(format!("{:#}", again.unwrap_err()).contains("already holds a network"));
}
