//! Public pages are kept in memory (`http::cache`): they are served again until a
//! change, and show the change as soon as its transaction commits.

use std::time::Duration;

use reqwest::{StatusCode, header};

use crate::helpers::{PASSWORD, Page, STAFF_PASSWORD, TestApp, new_client, spawn, token_of};

/// What a visitor (no session) reads at `path`.
async fn visitor(app: &TestApp, path: &str) -> Page {
    app.get_with(&new_client(), path).await
}

fn figure_on_home(page: &Page) -> &str {
    // "<strong>N members in M countries</strong>" or the like: the headline.
    page.body
        .split("members in")
        .next()
        .and_then(|before| before.rsplit('>').next())
        .unwrap_or_default()
        .trim()
}

#[tokio::test]
async fn a_visitors_page_is_served_again_with_an_etag_and_304_when_unchanged() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let first = visitor(&app, "/stats").await;
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""));
    assert_eq!(first.headers[header::CACHE_CONTROL], "no-cache");
    let again = visitor(&app, "/stats").await;
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers[header::ETAG].to_str().unwrap(), etag);
    let unchanged = new_client()
        .get(app.url("/stats"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert!(unchanged.bytes().await.unwrap().is_empty());
    // Compressed for whoever takes it, from the same kept answer.
    let compressed = new_client()
        .get(app.url("/stats"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(app.services.config.base_url.starts_with("http://"));
}

#[tokio::test]
async fn each_language_has_its_own_copy() {
    let app = spawn().await;
    let english = visitor(&app, "/stats").await;
    let french = new_client()
        .get(app.url("/stats"))
        .header(header::ACCEPT_LANGUAGE, "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.body.contains("lang=\"en\""));
    assert!(french.contains("lang=\"fr\""));
}

#[tokio::test]
async fn a_confirmation_shows_at_once_on_the_public_pages() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let before = visitor(&app, "/").await;
    assert_eq!(figure_on_home(&before), "1");
    app.join("Bo Lind", "bo@ngo.org", PASSWORD, "SE").await;
    assert_eq!(figure_on_home(&visitor(&app, "/").await), "1", "not yet");
    app.verify_signed_in("bo@ngo.org", PASSWORD).await;
    assert_eq!(figure_on_home(&visitor(&app, "/").await), "2");
    assert!(
        visitor(&app, "/countries/se")
            .await
            .body
            .contains("<dd>1</dd>")
    );
}

#[tokio::test]
async fn an_erasure_a_suspension_and_a_move_show_at_once() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.member("Bo Lind", "bo@ngo.org", "SE").await;
    app.member("Chen Wei", "chen@uni.cn", "CN").await;
    assert_eq!(figure_on_home(&visitor(&app, "/").await), "3");
    visitor(&app, "/countries/ke").await;

    // Amina moves to Uganda.
    let amina = new_client();
    app.log_in_with(&amina, "amina@ngo.org", PASSWORD).await;
    let moved = app
        .submit_with(
            &amina,
            "/account",
            "/account",
            &[("full_name", "Amina Otieno"), ("country", "UG")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert!(
        visitor(&app, "/countries/ug")
            .await
            .body
            .contains("<dd>1</dd>")
    );

    // Bo erases his account.
    let bo = new_client();
    app.log_in_with(&bo, "bo@ngo.org", PASSWORD).await;
    app.submit_with(
        &bo,
        "/account",
        "/account/delete",
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(figure_on_home(&visitor(&app, "/").await), "2");

    // Staff suspend Chen.
    let staff = new_client();
    app.sign_in_admin_with(&staff, "dana@alliance.org", "Dana Director")
        .await;
    let chen = app.account("chen@uni.cn").await.id.0;
    let page = format!("/staff/members/{chen}");
    let suspended = app
        .submit_with(&staff, &page, &format!("{page}/suspend"), &[])
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    assert_eq!(figure_on_home(&visitor(&app, "/").await), "1");
    let _ = STAFF_PASSWORD;
}

#[tokio::test]
async fn staff_edits_show_at_once() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let staff = new_client();
    app.sign_in_admin_with(&staff, "dana@alliance.org", "Dana Director")
        .await;
    assert!(!visitor(&app, "/countries/ke").await.body.contains("27,013"));
    let page = "/staff/countries/ke/workforce";
    let saved = app
        .submit_with(
            &staff,
            page,
            page,
            &[
                ("workers", "27013"),
                ("year", "2022"),
                ("source", "Ministry"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(visitor(&app, "/countries/ke").await.body.contains("27,013"));
    let api = visitor(&app, "/api/v1/countries/ke").await;
    assert!(api.body.contains("27013"), "{}", api.body);
}

#[tokio::test]
async fn a_merge_of_organisations_shows_at_once() {
    let app = spawn().await;
    let fields = [
        ("organization", "Kenya Red Cross"),
        ("organization_type", "ngo"),
    ];
    app.member_with_profile("Amina Otieno", "amina@ngo.org", "KE", &fields)
        .await;
    let fields = [
        ("organization", "Red Cross Kenya"),
        ("organization_type", "ngo"),
    ];
    app.member_with_profile("Bo Lind", "bo@ngo.org", "KE", &fields)
        .await;
    let list = visitor(&app, "/organizations").await;
    assert!(list.body.contains("Red Cross Kenya"));
    let staff = new_client();
    app.sign_in_admin_with(&staff, "dana@alliance.org", "Dana Director")
        .await;
    let merged = app
        .submit_with(
            &staff,
            "/staff/organizations/red-cross-kenya",
            "/staff/organizations/red-cross-kenya/merge",
            &[("target", "kenya red cross")],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER);
    assert!(
        !visitor(&app, "/organizations")
            .await
            .body
            .contains("Red Cross Kenya<")
    );
}

#[tokio::test]
async fn a_change_made_on_another_instance_shows_within_the_stated_bound() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let other = app.second_instance().await;
    assert_eq!(figure_on_home(&visitor(&other, "/").await), "1");
    // Bo joins and confirms through the first instance.
    app.join("Bo Lind", "bo@ngo.org", PASSWORD, "SE").await;
    let link = app.link_sent_to("bo@ngo.org").await;
    let bo = new_client();
    app.log_in_with(&bo, "bo@ngo.org", PASSWORD).await;
    app.submit_with(&bo, &link, "/verify-email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(
        figure_on_home(&visitor(&app, "/").await),
        "2",
        "at once here"
    );
    // The other instance reads the database's version every second.
    let bound = membernet_web::http::cache::POLL + Duration::from_millis(500);
    tokio::time::sleep(bound).await;
    assert_eq!(figure_on_home(&visitor(&other, "/").await), "2");
}

#[tokio::test]
async fn signed_in_pages_are_not_shared() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    visitor(&app, "/stats").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let signed_in = app.get("/stats").await;
    signed_in.assert_contains("Log out");
    assert!(!visitor(&app, "/stats").await.body.contains("Log out"));
}
