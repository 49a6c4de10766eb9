//! The staff statistics dashboard: growth by country and region, filters in the
//! address, tables as CSV.

use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    helpers::{PASSWORD, TestApp, new_client, spawn},
    organizations::staff_client,
    planner::csv_fields,
    profile::save_profile,
};

/// A network of 300 demo members plus a Kenyan and a Ugandan who join now.
async fn network(app: &TestApp) {
    membernet_web::cli::seed_demo(&app.services, 300, 7)
        .await
        .unwrap();
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.member("Okello Ojok", "okello@ngo.org", "UG").await;
}

async fn api(app: &TestApp, path: &str) -> Value {
    let page = app.get_with(&new_client(), path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    serde_json::from_str(&page.body).unwrap()
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().map(csv_fields).collect()
}

#[tokio::test]
async fn the_dashboard_refuses_members_and_sends_visitors_to_log_in() {
    let app = spawn().await;
    let visitor = app.get("/staff/statistics?region=africa").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(
        visitor.location(),
        Some("/login?next=%2Fstaff%2Fstatistics%3Fregion%3Dafrica")
    );
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    for path in [
        "/staff/statistics",
        "/staff/statistics?format=csv&table=countries",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn kenya_compares_with_east_africa_and_the_tables_download_as_they_show() {
    let app = spawn().await;
    network(&app).await;
    let staff = staff_client(&app).await;

    // Kenya in the regions it is part of: East Africa, Sub-Saharan Africa, Africa,
    // the network.
    let kenya = app.get_with(&staff, "/staff/statistics?country=KE").await;
    assert_eq!(kenya.status, StatusCode::OK);
    for name in [
        "Kenya",
        "Eastern Africa",
        "Sub-Saharan Africa",
        "Africa",
        "The whole network",
    ] {
        kenya.assert_contains(&format!("\">{name}</a></th>"));
    }
    let figures = api(&app, "/api/v1/countries/ke").await;
    let members = figures["members"].as_i64().unwrap();
    assert!(kenya.body.contains(&format!(
        "\">Kenya</a></th>\n    <td class=\"number\">{members}</td>"
    )));

    // East Africa's countries, fastest growing first, as a table and as CSV.
    let view = "/staff/statistics?region=eastern-africa&sort=growth";
    let page = app.get_with(&staff, view).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<strong aria-current=\"true\">growth rate</strong>");
    assert!(!page.body.contains(">France</a>"), "only East Africa");
    let csv = app
        .get_with(&staff, &format!("{view}&format=csv&table=countries"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let disposition = csv.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains("membernet-region-eastern-africa-")
            && disposition.ends_with("-month-countries.csv\""),
        "{disposition}"
    );
    let table = rows(&csv.body);
    assert_eq!(table[0][0], "Area");
    assert_eq!(table[0][8], "Growth");
    let body: Vec<&Vec<String>> = table[1..].iter().collect();
    assert!(!body.is_empty());
    // The rows are those of the page, in the same order, with the API's figures.
    let mut last_growth = f64::INFINITY;
    for row in &body {
        let (name, code, members) = (&row[0], &row[1], &row[3]);
        let position = page
            .body
            .find(&format!("\">{name}</a></th>"))
            .unwrap_or_else(|| panic!("{name} is on the page"));
        assert!(position > 0);
        let figures = api(&app, &format!("/api/v1/countries/{code}")).await;
        assert_eq!(
            figures["members"].as_i64().unwrap().to_string(),
            *members,
            "{code}"
        );
        if let Ok(growth) = row[8].parse::<f64>() {
            assert!(growth <= last_growth, "sorted by growth: {row:?}");
            last_growth = growth;
        }
    }
    let uganda = body.iter().find(|row| row[1] == "UG").unwrap();
    assert!(
        uganda[4].parse::<i64>().unwrap() >= 1,
        "Okello joined this month"
    );

    // The regions table and the growth table download too.
    let regions = app
        .get_with(&staff, "/staff/statistics?format=csv&table=regions")
        .await;
    let regions = rows(&regions.body);
    let africa = regions.iter().find(|row| row[1] == "africa").unwrap();
    let stats = api(&app, "/api/v1/stats").await;
    let world: i64 = regions
        .iter()
        .filter(|row| {
            ["africa", "americas", "asia", "europe", "oceania"].contains(&row[1].as_str())
        })
        .map(|row| row[3].parse::<i64>().unwrap())
        .sum();
    assert_eq!(world, stats["members"].as_i64().unwrap());
    assert!(africa[3].parse::<i64>().unwrap() > 0);
    let growth = app
        .get_with(
            &staff,
            "/staff/statistics?country=KE&interval=quarter&from=2013-01&format=csv&table=growth",
        )
        .await;
    let growth = rows(&growth.body);
    assert_eq!(growth[1][0], "2013-Q1");
    assert_eq!(growth.last().unwrap()[1], members.to_string());
}

#[tokio::test]
async fn filters_narrow_the_figures_and_weeks_add_up_to_months() {
    let app = spawn().await;
    network(&app).await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    save_profile(&app, "Amina Otieno", "KE", &[("category", "researcher")]).await;
    let staff = staff_client(&app).await;
    // By segment, a single country's series is for staff; a region's is public.
    let everyone = api(
        &app,
        "/api/v1/stats/growth?region=eastern-africa&interval=year",
    )
    .await;
    let researchers = api(
        &app,
        "/api/v1/stats/growth?region=eastern-africa&interval=year&category=researcher",
    )
    .await;
    let last = |value: &Value| {
        value["series"].as_array().unwrap().last().unwrap()["members"]
            .as_i64()
            .unwrap()
    };
    assert!(last(&researchers) >= 1 && last(&researchers) < last(&everyone));
    let page = app
        .get_with(&staff, "/staff/statistics?country=KE&category=researcher")
        .await;
    page.assert_contains("Kenya · Researcher");

    // This month's joins, by week and by month, are the same people.
    let month = time::OffsetDateTime::now_utc();
    let this_month = format!("{}-{:02}", month.year(), u8::from(month.month()));
    let by = |interval: &str| {
        format!("/api/v1/stats/growth?from={this_month}&to={this_month}&interval={interval}")
    };
    let months = api(&app, &by("month")).await;
    let weeks = api(&app, &by("week")).await;
    let joined = |value: &Value| -> i64 {
        value["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|point| point["joined"].as_i64().unwrap())
            .sum()
    };
    // Weeks whose Monday is in the month: a join before the first Monday is in
    // the previous month's last week.
    assert!(joined(&weeks) <= joined(&months));
    assert!(
        weeks["series"][0]["period"]
            .as_str()
            .unwrap()
            .contains("-W")
    );
}

#[tokio::test]
async fn the_dashboard_and_the_api_show_the_last_twelve_months_unless_told() {
    let app = spawn().await;
    network(&app).await;
    let staff = staff_client(&app).await;
    let now = time::OffsetDateTime::now_utc();
    let (year, month) = (now.year(), i32::from(u8::from(now.month())));
    let this_month = format!("{year}-{month:02}");
    let back = year * 12 + month - 1 - 11;
    let first = format!("{}-{:02}", back / 12, back % 12 + 1);

    for interval in ["week", "month", "quarter", "year"] {
        let series = api(
            &app,
            &format!("/api/v1/stats/growth?region=eastern-africa&interval={interval}"),
        )
        .await;
        assert_eq!(series["from"], first.as_str(), "{interval}");
        assert_eq!(series["to"], this_month.as_str(), "{interval}");
    }
    let months = api(&app, "/api/v1/stats/growth").await;
    assert_eq!(months["series"].as_array().unwrap().len(), 12);

    let page = app.get_with(&staff, "/staff/statistics?country=KE").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("<h2>Kenya, {first} – {this_month}</h2>"));
    assert_eq!(page.input_value("from").as_deref(), Some(first.as_str()));
    assert_eq!(page.input_value("to").as_deref(), Some(this_month.as_str()));
}

#[tokio::test]
async fn bad_choices_are_explained_and_kept() {
    let app = spawn().await;
    let staff = staff_client(&app).await;
    let page = app
        .get_with(
            &staff,
            "/staff/statistics?country=KE&region=africa&from=2024-13&to=2023-01&interval=fortnight",
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("There is a problem");
    page.assert_contains("<a href=\"#region\">Choose a region or a country, not both</a>");
    page.assert_contains("<a href=\"#from\">Enter a month like 2025-01</a>");
    page.assert_contains("<a href=\"#interval\">Choose week, month, quarter or year</a>");
    page.assert_contains("value=\"2024-13\"");
    let backwards = app
        .get_with(&staff, "/staff/statistics?from=2024-05&to=2024-01")
        .await;
    backwards.assert_contains("The start month must not be after the end month");
    let unknown = app
        .get_with(&staff, "/staff/statistics?format=csv&table=planets")
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let api_error = app
        .get("/api/v1/stats/growth?interval=week&from=2000-01&to=2024-01")
        .await;
    assert_eq!(api_error.status, StatusCode::BAD_REQUEST);
    api_error.assert_contains("\"error\":\"bad_period\"");
}

#[tokio::test]
async fn the_rebuild_command_reports_a_damaged_rollup_and_mends_it() {
    use membernet_persistence::rollup;
    use sea_orm::ConnectionTrait;

    let app = spawn().await;
    network(&app).await;
    let clean = rollup::rebuild(app.db(), true).await.unwrap();
    assert!(clean.agrees(), "{:?}", clean.differences);
    assert!(clean.rows > 0);

    app.db()
        .execute_unprepared(
            "UPDATE growth_rollup SET joined = joined + 5, members = members + 5 \
             WHERE area = 'KE' AND segment = '' AND grain = 'm'",
        )
        .await
        .unwrap();
    app.db()
        .execute_unprepared(
            "UPDATE organization SET counted_members = counted_members + 3 WHERE id = 1",
        )
        .await
        .unwrap();
    let damaged = rollup::rebuild(app.db(), true).await.unwrap();
    assert!(!damaged.differences.is_empty());
    assert!(damaged.differences.iter().all(|d| d.key.area == "KE"));
    let report = membernet_web::cli::rebuild_report(&damaged, true);
    assert!(report.contains("differ from the table"), "{report}");
    assert!(report.contains("KE [everyone] m "), "{report}");
    assert_eq!(damaged.organizations.len(), 1);
    assert_eq!(
        damaged.organizations[0].stored,
        damaged.organizations[0].counted + 3
    );
    assert!(
        report.contains("1 organisations' member counts differ"),
        "{report}"
    );
    assert!(
        report.contains("Nothing was changed (--check)."),
        "{report}"
    );

    let mended = rollup::rebuild(app.db(), false).await.unwrap();
    assert_eq!(mended.differences.len(), damaged.differences.len());
    app.assert_rollup_matches_log().await;
    let kenya = api(&app, "/api/v1/stats/growth?country=KE&interval=year").await;
    let figures = api(&app, "/api/v1/countries/ke").await;
    assert_eq!(
        kenya["series"].as_array().unwrap().last().unwrap()["members"],
        figures["members"]
    );
}
