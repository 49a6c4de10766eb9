use membernet_persistence::entity::membership_event;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{PASSWORD, spawn};

#[tokio::test]
async fn a_member_edits_their_name_and_country_and_moves_in_the_figures() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;

    let saved = app
        .submit(
            "/account",
            "/account",
            &[("full_name", "Amina W. Otieno"), ("country", "tz")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = app.get("/account").await;
    page.assert_contains("Your changes are saved.");
    page.assert_contains("value=\"Amina W. Otieno\"");
    page.assert_contains("<option value=\"TZ\" selected>Tanzania</option>");
    assert!(
        !app.get("/account")
            .await
            .body
            .contains("Your changes are saved."),
        "the message shows once"
    );

    let events = membership_event::Entity::find()
        .order_by_asc(membership_event::Column::Id)
        .all(app.db())
        .await
        .unwrap();
    let kinds: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.kind.as_str(),
                e.country_code.as_str(),
                e.from_country_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("joined", "KE", None),
            ("changed_country", "TZ", Some("KE"))
        ]
    );
}

#[tokio::test]
async fn editing_the_account_with_bad_input_keeps_what_was_typed() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let long_name = "A".repeat(101);
    let page = app
        .submit(
            "/account",
            "/account",
            &[("full_name", &long_name), ("country", "Narnia")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("<a href=\"#full_name\">Your name must be 100 characters or fewer</a>");
    page.assert_contains("<a href=\"#country\">Choose a country from the list</a>");
    page.assert_contains(&format!("value=\"{long_name}\""));
    assert_eq!(
        app.account("amina@ngo.org").await.full_name.as_str(),
        "Amina Otieno"
    );
}

#[tokio::test]
async fn the_account_page_sends_visitors_to_log_in() {
    let app = spawn().await;
    let page = app.get("/account").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login?next=%2Faccount"));
}

#[tokio::test]
async fn what_a_member_types_is_escaped_on_the_page() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let script = "<script>alert(1)</script>";
    app.submit(
        "/account",
        "/account",
        &[("full_name", script), ("country", "KE")],
    )
    .await;
    let page = app.get("/account").await;
    assert!(!page.body.contains(script));
    page.assert_contains("&#60;script&#62;alert(1)&#60;/script&#62;");
}
