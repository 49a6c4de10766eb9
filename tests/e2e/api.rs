use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{PASSWORD, spawn};

async fn json(app: &crate::helpers::TestApp, path: &str) -> (StatusCode, Value) {
    let page = app.get(path).await;
    (
        page.status,
        serde_json::from_str(&page.body).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_api_figures_agree_with_each_other_and_the_pages() {
    let app = spawn().await;
    membernet_web::cli::seed_demo(&app.services, 500, 9)
        .await
        .unwrap();
    let (status, stats) = json(&app, "/api/v1/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["members"], 500);
    let (_, list) = json(&app, "/api/v1/countries").await;
    let rows = list["countries"].as_array().unwrap();
    assert_eq!(rows.len(), membernet_domain::country::all().len());
    let sum: u64 = rows
        .iter()
        .map(|row| row["members"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 500);
    let with_members = rows
        .iter()
        .filter(|row| row["members"].as_u64().unwrap() > 0)
        .count();
    assert_eq!(stats["countries"], with_members);
    app.get("/")
        .await
        .assert_contains(&format!("500 members in {with_members} countries"));

    let top = rows
        .iter()
        .max_by_key(|row| row["members"].as_u64().unwrap())
        .unwrap();
    let code = top["code"].as_str().unwrap();
    let (_, profile) = json(&app, &format!("/api/v1/countries/{}", code.to_lowercase())).await;
    assert_eq!(profile["members"], top["members"]);
    assert_eq!(profile["rank"], 1);
    let by_category: u64 = profile["by_category"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        by_category,
        top["members"].as_u64().unwrap(),
        "every demo member has a category"
    );

    let (_, growth) = json(
        &app,
        &format!("/api/v1/stats/growth?country={code}&interval=year&from=2000-01"),
    )
    .await;
    let series = growth["series"].as_array().unwrap();
    assert_eq!(
        series.last().unwrap()["members"],
        top["members"],
        "the series ends at today's figure"
    );
    let joined: i64 = series.iter().map(|p| p["joined"].as_i64().unwrap()).sum();
    let left: i64 = series.iter().map(|p| p["left"].as_i64().unwrap()).sum();
    assert_eq!(
        joined - left,
        top["members"].as_i64().unwrap(),
        "members = joined - left"
    );

    let (_, network) = json(&app, "/api/v1/stats/growth?interval=quarter").await;
    assert_eq!(
        network["series"].as_array().unwrap().last().unwrap()["members"],
        500
    );
    let (_, africa) = json(&app, "/api/v1/stats/growth?region=africa&interval=year").await;
    let africa_now = africa["series"].as_array().unwrap().last().unwrap()["members"]
        .as_i64()
        .unwrap();
    let africa_sum: i64 = rows
        .iter()
        .filter(|row| row["region"] == "Africa")
        .map(|row| row["members"].as_i64().unwrap())
        .sum();
    assert_eq!(africa_now, africa_sum);
}

#[tokio::test]
async fn a_move_shows_in_both_countries_growth_and_not_in_the_networks() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    app.submit(
        "/account",
        "/account",
        &[("full_name", "Amina Otieno"), ("country", "UG")],
    )
    .await;
    let last = |body: Value| body["series"].as_array().unwrap().last().unwrap().clone();
    let kenya = last(json(&app, "/api/v1/stats/growth?country=KE").await.1);
    let uganda = last(json(&app, "/api/v1/stats/growth?country=ug").await.1);
    let network = last(json(&app, "/api/v1/stats/growth").await.1);
    assert_eq!(
        (kenya["members"].as_i64(), kenya["moved"].as_i64()),
        (Some(0), Some(-1))
    );
    assert_eq!(
        (uganda["members"].as_i64(), uganda["moved"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(network["members"], 1);
    assert_eq!(network["moved"], 0);
}

#[tokio::test]
async fn the_api_rejects_bad_parameters_with_a_clear_json_error() {
    let app = spawn().await;
    for (path, status, error) in [
        (
            "/api/v1/stats/growth?country=QQ",
            StatusCode::BAD_REQUEST,
            "unknown_country",
        ),
        (
            "/api/v1/stats/growth?region=atlantis",
            StatusCode::BAD_REQUEST,
            "unknown_region",
        ),
        (
            "/api/v1/stats/growth?country=KE&region=africa",
            StatusCode::BAD_REQUEST,
            "bad_selection",
        ),
        (
            "/api/v1/stats/growth?from=2024-05&to=2019-01",
            StatusCode::BAD_REQUEST,
            "bad_period",
        ),
        (
            "/api/v1/stats/growth?from=2019-13",
            StatusCode::BAD_REQUEST,
            "bad_month",
        ),
        (
            "/api/v1/stats/growth?interval=fortnight",
            StatusCode::BAD_REQUEST,
            "unknown_interval",
        ),
        (
            "/api/v1/countries/zz",
            StatusCode::NOT_FOUND,
            "unknown_country",
        ),
        (
            "/api/v1/stats/growth?sector=astrology",
            StatusCode::BAD_REQUEST,
            "unknown_sector",
        ),
        (
            "/api/v1/stats/growth?category=educator&sector=health",
            StatusCode::BAD_REQUEST,
            "bad_segment",
        ),
    ] {
        let (got, body) = json(&app, path).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(body["error"], error, "{path}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|detail| !detail.is_empty()),
            "{path}"
        );
        let headers = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            headers.headers()["access-control-allow-origin"],
            "*",
            "other sites can read the error: {path}"
        );
        assert_eq!(headers.headers()["cache-control"], "no-store", "{path}");
    }
    let response = app
        .client
        .get(app.url("/api/v1/stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
}

#[tokio::test]
async fn api_answers_carry_an_etag_and_an_unchanged_answer_is_not_sent_again() {
    let app = spawn().await;
    let first = app
        .client
        .get(app.url("/api/v1/stats"))
        .send()
        .await
        .unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'));
    let again = app
        .client
        .get(app.url("/api/v1/stats"))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.text().await.unwrap().is_empty());

    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let changed = app
        .client
        .get(app.url("/api/v1/stats"))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        changed.status(),
        StatusCode::OK,
        "a new member changes the answer"
    );
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
}

#[tokio::test]
async fn the_statistics_page_shows_the_same_figures_as_the_api() {
    let app = spawn().await;
    membernet_web::cli::seed_demo(&app.services, 300, 4)
        .await
        .unwrap();
    let (_, stats) = json(&app, "/api/v1/stats").await;
    let page = app.get("/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("<dt>Members</dt><dd>{}</dd>", stats["members"]));
    page.assert_contains(&format!(
        "<dt>Countries with members</dt><dd>{}</dd>",
        stats["countries"]
    ));
    page.assert_contains("<title id=\"network-growth-title\">Members of the network</title>");
    let (_, list) = json(&app, "/api/v1/countries").await;
    let africa: u64 = list["countries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["region"] == "Africa")
        .map(|row| row["members"].as_u64().unwrap())
        .sum();
    page.assert_contains(&format!(
        "<td>Africa</td><td class=\"number\">{africa}</td>"
    ));
}
