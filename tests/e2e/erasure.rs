use membernet_persistence::{
    countries,
    entity::{
        email_token, member, member_sector, membership_event, outbox_email, rate_limit, session,
    },
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

/// Whether a rate-limit counter is one of those that name amina@ngo.org.
fn names_amina(key: &str) -> bool {
    use membernet_domain::rate_limit::{KeyMatch, LimitKey};
    let email = membernet_domain::MemberEmail::parse("amina@ngo.org").unwrap();
    LimitKey::naming(&email)
        .iter()
        .any(|pattern| match pattern {
            KeyMatch::Exact(exact) => exact == key,
            KeyMatch::Prefix(prefix) => key.starts_with(prefix.as_str()),
        })
}

use crate::{
    helpers::{PASSWORD, spawn},
    profile::{save_profile, signed_in_member},
};

#[tokio::test]
async fn the_export_holds_everything_about_the_member() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    let fields = [
        ("job_title", "Child protection officer"),
        ("category", "social_worker"),
        ("sectors", "child_protection"),
        ("organization", "Kenya Red Cross"),
        ("organization_type", "ngo"),
        ("interests", "Family tracing"),
        ("bio", "Fifteen years."),
        ("listed", "yes"),
    ];
    save_profile(&app, "Amina Otieno", "TZ", &fields).await;
    let response = app
        .client
        .get(app.url("/account/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let data: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(data["account"]["email"], "amina@ngo.org");
    assert_eq!(data["account"]["full_name"], "Amina Otieno");
    assert_eq!(data["account"]["country"], "TZ");
    assert_eq!(data["profile"]["job_title"], "Child protection officer");
    assert_eq!(data["profile"]["category"], "social_worker");
    assert_eq!(
        data["profile"]["sectors"],
        serde_json::json!(["child_protection"])
    );
    assert_eq!(data["profile"]["areas_of_interest"], "Family tracing");
    assert_eq!(data["profile"]["bio"], "Fifteen years.");
    assert_eq!(data["profile"]["listed_in_directory"], true);
    assert_eq!(data["organization"]["name"], "Kenya Red Cross");
    let history = data["membership_history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "joined in Kenya, moved to Tanzania");
    assert_eq!(
        data["emails_sent"][0]["subject"],
        "Confirm your email address"
    );
    assert!(
        !data.to_string().contains("argon2"),
        "no password hash in the export"
    );
    assert_eq!(app.get("/account/export").await.status, StatusCode::OK);
    let visitor = crate::helpers::new_client();
    assert_eq!(
        app.get_with(&visitor, "/account/export").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn erasure_needs_the_password_and_leaves_only_anonymous_history() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[("sectors", "health"), ("listed", "yes"), ("bio", "Hello.")],
    )
    .await;
    // Leave counters keyed by the address behind, as a forgetful login would.
    let other = crate::helpers::new_client();
    app.log_in_with(&other, "amina@ngo.org", "a wrong guess here")
        .await;
    let counters = rate_limit::Entity::find().all(app.db()).await.unwrap();
    assert!(counters.iter().any(|c| names_amina(&c.key)));
    let wrong = app
        .submit(
            "/account",
            "/account/delete",
            &[("password", "not my password")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("The password is not right");
    assert_eq!(member::Entity::find().count(app.db()).await.unwrap(), 1);

    let done = app
        .submit("/account", "/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    done.assert_contains("Your account is deleted");
    assert_eq!(
        app.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );

    assert_eq!(member::Entity::find().count(app.db()).await.unwrap(), 0);
    assert_eq!(
        member_sector::Entity::find().count(app.db()).await.unwrap(),
        0
    );
    assert_eq!(
        email_token::Entity::find().count(app.db()).await.unwrap(),
        0
    );
    assert_eq!(
        outbox_email::Entity::find().count(app.db()).await.unwrap(),
        0
    );
    let sessions = session::Entity::find().all(app.db()).await.unwrap();
    assert!(
        sessions
            .iter()
            .all(|s| s.member_id.is_none() && !s.data.contains("amina"))
    );
    let counters = rate_limit::Entity::find().all(app.db()).await.unwrap();
    assert!(
        counters.iter().all(|c| !names_amina(&c.key)),
        "{:?}",
        counters.iter().map(|c| &c.key).collect::<Vec<_>>()
    );
    let events = membership_event::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    let kinds: Vec<_> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.country_code.as_str(), e.member_id))
        .collect();
    assert_eq!(
        kinds,
        [
            ("joined", "KE", None),
            ("changed_profile", "KE", None),
            ("left", "KE", None)
        ],
        "the anonymous history stays"
    );
    assert_eq!(
        countries::member_counts(app.db()).await.unwrap().get("KE"),
        None,
        "and the figures are true"
    );
    assert!(
        events.iter().all(|e| e.category.is_none()
            && e.sectors.is_none()
            && e.organization_type.is_none()
            && e.occurred_at.day() == 1),
        "what they said about their work and the exact moments go"
    );
    app.assert_rollup_matches_log().await;
    assert!(!app.get("/members").await.body.contains("Amina"));
}

#[tokio::test]
async fn guessing_the_password_to_erase_an_account_is_rate_limited() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    for _ in 0..5 {
        let wrong = app
            .submit("/account", "/account/delete", &[("password", "a guess")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let refused = app
        .submit("/account", "/account/delete", &[("password", "a guess")])
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(member::Entity::find().count(app.db()).await.unwrap(), 1);
}

/// Whether any of the database's files (the main file, the write-ahead log) holds
/// `text`, in any case.
fn database_files_hold(database: &std::path::Path, text: &str) -> Vec<String> {
    let needle = text.to_lowercase().into_bytes();
    let mut found = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let lower = bytes.to_ascii_lowercase();
        if lower
            .windows(needle.len())
            .any(|window| window == needle.as_slice())
        {
            found.push(path.display().to_string());
        }
    }
    found
}

#[tokio::test]
async fn an_erased_person_cannot_be_read_back_from_the_database_files() {
    let mut app = spawn().await;
    let Some(database) = app.sqlite_file() else {
        return; // PostgreSQL: its files are the server's (README: backups and erasure).
    };
    signed_in_member(&app, "Quintessa Vondrak", "quintessa@ngo.org", "KE").await;
    save_profile(
        &app,
        "Quintessa Vondrak",
        "KE",
        &[
            ("job_title", "Unicorn wrangler"),
            ("bio", "Marmalade aficionado."),
            ("listed", "yes"),
        ],
    )
    .await;
    let details = [
        "quintessa@ngo.org",
        "Quintessa",
        "Vondrak",
        "Unicorn wrangler",
        "Marmalade aficionado",
    ];
    assert!(
        !database_files_hold(&database, "Vondrak").is_empty(),
        "the test reads the files"
    );
    let erased = app
        .submit("/account", "/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(erased.status, StatusCode::OK);
    for detail in details {
        let found = database_files_hold(&database, detail);
        assert!(
            found.is_empty(),
            "{detail:?} is still in {found:?} after the erasure"
        );
    }
    app.shut_down().await;
    for detail in details {
        let found = database_files_hold(&database, detail);
        assert!(
            found.is_empty(),
            "{detail:?} is in {found:?} after shutting down"
        );
    }
}

#[tokio::test]
async fn the_last_admin_cannot_erase_their_account_until_there_is_another() {
    use crate::helpers::STAFF_PASSWORD;
    let app = spawn().await;
    app.sign_in_admin_with(&app.client, "dana@alliance.org", "Dana Director")
        .await;
    let refused = app
        .submit(
            "/account",
            "/account/delete",
            &[("password", STAFF_PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("You are the network&#39;s last admin");
    assert_eq!(member::Entity::find().count(app.db()).await.unwrap(), 1);

    let other = crate::helpers::new_client();
    app.sign_in_admin_with(&other, "eli@alliance.org", "Eli Admin")
        .await;
    let erased = app
        .submit(
            "/account",
            "/account/delete",
            &[("password", STAFF_PASSWORD)],
        )
        .await;
    assert_eq!(erased.status, StatusCode::OK);
    assert_eq!(member::Entity::find().count(app.db()).await.unwrap(), 1);
}
