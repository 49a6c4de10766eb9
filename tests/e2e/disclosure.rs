//! Small numbers on public pages and in the API: counts from 1 to below the
//! threshold (5 by default) read "fewer than 5", a single country's weekly and
//! segment series are for staff, and a growth period's flows are withheld when any
//! is small, so that no one can be picked out, nor a suspension seen.

use membernet_domain::disclosure::Threshold;
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    helpers::{PASSWORD, TestApp, new_client, spawn_with},
    organizations::staff_client,
    profile::save_profile,
};

/// An app with the default threshold (the other tests show every count).
async fn spawn() -> TestApp {
    spawn_with(|config| config.public_min_count = Threshold::DEFAULT).await
}

async fn json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let page = app.get_with(&new_client(), path).await;
    (page.status, serde_json::from_str(&page.body).unwrap())
}

/// Two Kenyan health social workers at one organisation, neither listed in the
/// directory.
async fn two_in_health(app: &TestApp) {
    for (name, email) in [
        ("Amina Otieno", "amina@ngo.org"),
        ("Baraka Mwangi", "baraka@ngo.org"),
    ] {
        app.member(name, email, "KE").await;
        app.log_in(email, PASSWORD).await;
        let saved = save_profile(
            app,
            name,
            "KE",
            &[
                ("category", "social_worker"),
                ("sectors", "health"),
                ("organization", "Lamu Health Centre"),
                ("organization_type", "government"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        app.client
            .post(app.url("/logout"))
            .form(&[("csrf_token", app.get("/account").await.csrf_token())])
            .send()
            .await
            .ok();
    }
}

#[tokio::test]
async fn a_countrys_small_breakdowns_read_fewer_than_five_for_the_public_only() {
    let app = spawn().await;
    two_in_health(&app).await;
    // Enough members in Kenya for breakdowns to be shown at all.
    for n in 0..4 {
        app.member("Other Member", &format!("other{n}@ngo.org"), "KE")
            .await;
    }

    let page = app.get_with(&new_client(), "/countries/ke").await;
    page.assert_contains("<td>Health</td><td class=\"number\">fewer than 5</td>");
    page.assert_contains("<td>Social worker</td><td class=\"number\">fewer than 5</td>");
    page.assert_contains("Counts below 5 are shown as “fewer than 5”");
    assert!(
        !page
            .body
            .contains("<td>Health</td><td class=\"number\">2</td>")
    );

    let (_, kenya) = json(&app, "/api/v1/countries/ke").await;
    assert_eq!(kenya["members"], 6, "totals stay exact");
    assert_eq!(kenya["by_sector"]["health"], Value::Null);
    assert_eq!(kenya["by_category"]["social_worker"], Value::Null);
    assert_eq!(kenya["withheld_below"], 5);

    // Staff see the exact figure.
    let staff = staff_client(&app).await;
    let dashboard = app
        .get_with(&staff, "/staff/statistics?country=KE&sector=health")
        .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(
        dashboard.body.contains("<td class=\"number\">2</td>"),
        "the dashboard counts them exactly"
    );
}

#[tokio::test]
async fn a_country_with_fewer_members_than_the_threshold_shows_no_breakdown() {
    let app = spawn().await;
    app.member_with_profile(
        "Seini Vatu",
        "seini@ngo.org",
        "FJ",
        &[("category", "para_professional"), ("sectors", "health")],
    )
    .await;
    let page = app.get_with(&new_client(), "/countries/fj").await;
    assert!(
        !page.body.contains("<h2>Members by role</h2>"),
        "which rows there are would say what she does"
    );
    assert!(!page.body.contains("<td>Health</td>"));
    page.assert_contains(
        "Members by role and by sector are shown once a country has at least 5 members",
    );
    let (_, fiji) = json(&app, "/api/v1/countries/fj").await;
    assert_eq!(fiji["members"], 1);
    assert_eq!(fiji["by_category"], serde_json::json!({}));
    assert_eq!(fiji["by_sector"], serde_json::json!({}));
}

#[tokio::test]
async fn an_organisations_few_members_are_not_counted_in_public() {
    let app = spawn().await;
    two_in_health(&app).await;
    let list = app.get_with(&new_client(), "/organizations").await;
    list.assert_contains("Lamu Health Centre");
    list.assert_contains("<td class=\"number\">fewer than 5</td>");
    let page = app
        .get_with(&new_client(), "/organizations/lamu-health-centre")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<dd>fewer than 5</dd>");
}

#[tokio::test]
async fn a_single_countrys_weekly_or_segment_series_is_for_staff() {
    let app = spawn().await;
    two_in_health(&app).await;
    for path in [
        "/api/v1/stats/growth?country=KE&interval=week",
        "/api/v1/stats/growth?country=KE&sector=health",
        "/api/v1/stats/growth?country=ke&category=social_worker&interval=year",
        "/api/v1/stats/growth?country=KE&organization_type=government",
    ] {
        let (status, answer) = json(&app, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(answer["error"], "detail_not_public", "{path}");
    }
    let (status, _) = json(
        &app,
        "/api/v1/stats/growth?region=eastern-africa&interval=week",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a region's weeks are public");
}

#[tokio::test]
async fn small_flows_are_withheld_so_a_suspension_cannot_be_seen() {
    let app = spawn().await;
    two_in_health(&app).await;
    let this_month = |answer: &Value| answer["series"].as_array().unwrap().last().unwrap().clone();

    let (_, kenya) = json(&app, "/api/v1/stats/growth?country=KE").await;
    let now = this_month(&kenya);
    assert_eq!(now["members"], 2);
    assert_eq!(now["net"], 2);
    for flow in ["joined", "left", "moved"] {
        assert_eq!(now[flow], Value::Null, "{flow}: two joins are withheld");
    }

    let staff = staff_client(&app).await;
    let id = app.account("baraka@ngo.org").await.id.0;
    let page = format!("/staff/members/{id}");
    let suspended = app
        .submit_with(&staff, &page, &format!("{page}/suspend"), &[])
        .await;
    assert_eq!(
        suspended.status,
        StatusCode::SEE_OTHER,
        "{}",
        suspended.body
    );
    let (_, kenya) = json(&app, "/api/v1/stats/growth?country=KE").await;
    let now = this_month(&kenya);
    assert_eq!(now["members"], 1);
    assert_eq!(now["left"], Value::Null, "one left: withheld");

    // The network's own series, with more people, shows its flows; the threshold
    // is a setting.
    let open = spawn_with(|config| config.public_min_count = Threshold::new(1)).await;
    two_in_health(&open).await;
    let (_, kenya) = json(&open, "/api/v1/stats/growth?country=KE").await;
    assert_eq!(this_month(&kenya)["joined"], 2);
}
