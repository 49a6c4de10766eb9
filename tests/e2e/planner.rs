use reqwest::StatusCode;

use crate::helpers::{PASSWORD, spawn};

/// One CSV line's fields, with RFC 4180 quoting.
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

const EXAMPLE: &str = "population=29650000&scope=social_workers&current_workers=256&target=10&years=5\
&attrition=5&population_growth=0&salary=6000&on_costs=20&supervision_span=10&supervisor_salary=9000\
&recruitment=500&initial_training=1000&equipment=300&in_service_training=200&transport=150&operating=250\
&currency=KES&price_year=2025";

#[tokio::test]
async fn the_planner_opens_prefilled_from_the_country() {
    let app = spawn().await;
    let page = app.get("/countries/ke/planner").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Workforce planner: Kenya");
    assert_eq!(page.input_value("population").as_deref(), Some("54027487"));
    assert_eq!(page.input_value("years").as_deref(), Some("5"));
    assert!(
        !page.body.contains("There is a problem"),
        "a first visit has nothing wrong yet"
    );
    // A plan at once, from stated defaults: headcount only until costs are given.
    assert_eq!(page.input_value("target").as_deref(), Some("10"));
    assert_eq!(page.input_value("currency").as_deref(), Some("USD"));
    assert_eq!(page.input_value("supervision_span").as_deref(), Some("10"));
    page.assert_contains("a target of 10 workers per 100,000 people");
    page.assert_contains("no workforce figure is known for this country");
    page.assert_contains("Reaching 10.00 workers per 100,000 people takes 5,403 workers.");
    page.assert_contains(
        "Add a salary and the other costs to the form to see what this plan costs.",
    );
    assert!(!page.body.contains("Total cost each year"), "no cost chart");
    page.assert_contains("Proposed Guidance on Developing Minimum Social Service Workforce Ratios");
    page.assert_contains("Proposed Guidance for Costing the Social Service Workforce");
    assert_eq!(
        app.get("/countries/zz/planner").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_planner_works_out_the_published_example() {
    let app = spawn().await;
    let page = app.get(&format!("/countries/ke/planner?{EXAMPLE}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("takes 2,965 workers");
    page.assert_contains("2,709 more are needed");
    page.assert_contains("1 worker per 115,820 people");
    page.assert_contains("The assumptions");
    page.assert_contains("<td class=\"number\">6,000.00</td>");
    page.assert_contains("<td class=\"number\">89,057,400.00</td>");
    assert_eq!(
        page.body.matches("<tr>\n        <td>").count(),
        5,
        "one row a year"
    );
    // The shared URL carries every input back into the form.
    for (field, value) in [
        ("population", "29650000"),
        ("current_workers", "256"),
        ("target", "10"),
        ("salary", "6000"),
        ("currency", "KES"),
    ] {
        assert_eq!(page.input_value(field).as_deref(), Some(value), "{field}");
    }
}

#[tokio::test]
async fn the_year_by_year_table_downloads_as_csv() {
    let app = spawn().await;
    let response = app
        .client
        .get(app.url(&format!("/countries/ke/planner?{EXAMPLE}&format=csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("workforce-plan-ke-kes-2025.csv")
    );
    let body = response.text().await.unwrap();
    let rows: Vec<Vec<String>> = body.lines().map(csv_fields).collect();
    assert_eq!(rows.len(), 6, "a header and five years");
    assert_eq!(rows[0][0], "Year");
    assert_eq!(rows[0][3], "Per 100,000", "a header with a comma is quoted");
    assert!(rows.iter().all(|row| row.len() == 12));
    assert_eq!(rows[5][2], "2965", "the final year meets the target");
    let cumulative: f64 = rows[5][11].parse().unwrap();
    let sum: f64 = rows[1..]
        .iter()
        .map(|row| row[10].parse::<f64>().unwrap())
        .sum();
    assert!(
        (cumulative - sum).abs() < 0.005,
        "the cumulative column adds the totals up"
    );
}

#[tokio::test]
async fn bad_planner_input_says_what_is_wrong_next_to_each_field() {
    let app = spawn().await;
    let bad = "population=-5&current_workers=abc&target=0&years=0&attrition=100&salary=1e99\
               &supervision_span=0&currency=K3&price_year=1800&target_group_label=Children";
    let page = app.get(&format!("/countries/ke/planner?{bad}")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("There is a problem");
    for (field, message) in [
        ("population", "Enter a number that is zero or more"),
        ("current_workers", "Enter a number, like 1250 or 12.5"),
        ("target", "Enter a target above zero"),
        ("years", "Enter a number of years from 1 to 30"),
        ("attrition", "Enter a percentage from 0 to under 100"),
        (
            "supervision_span",
            "Enter a number of workers per supervisor",
        ),
        ("currency", "Enter a three-letter currency code"),
        ("price_year", "Enter the year of the prices"),
    ] {
        page.assert_contains(&format!("id=\"{field}-error\">{message}"));
    }
    assert_eq!(
        page.input_value("currency").as_deref(),
        Some("K3"),
        "what was typed stays"
    );
    assert!(!page.body.contains("NaN"));
    let csv = app
        .get(&format!("/countries/ke/planner?{bad}&format=csv"))
        .await;
    assert_eq!(csv.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn staff_save_and_publish_a_scenario_for_the_country_page_and_the_api() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let refused = app
        .submit(
            "/account",
            "/staff/countries/ke/scenarios",
            &[("name", "Plan"), ("inputs", EXAMPLE)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    membernet_web::cli::create_admin(&app.services, "amina@ngo.org", None)
        .await
        .unwrap();

    let planner = format!("/countries/ke/planner?{EXAMPLE}");
    let saved = app
        .submit(
            &planner,
            "/staff/countries/ke/scenarios",
            &[("name", "Ten per 100,000 by 2030"), ("inputs", EXAMPLE)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let visitor = crate::helpers::new_client();
    assert!(
        !app.get_with(&visitor, "/countries/ke")
            .await
            .body
            .contains("Ten per 100,000 by 2030"),
        "not published yet"
    );
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/countries/ke/scenarios").await.body).unwrap();
    assert_eq!(api["scenarios"].as_array().unwrap().len(), 0);

    let page = app.get(&planner).await;
    let action = page
        .body
        .split("action=\"")
        .find(|s| s.contains("/publish\""))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let published = app.submit(&planner, &action, &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let profile = app.get_with(&visitor, "/countries/ke").await;
    profile.assert_contains("Ten per 100,000 by 2030");
    let response = app
        .client
        .get(app.url("/api/v1/countries/KE/scenarios"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let api: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let scenario = &api["scenarios"][0];
    assert_eq!(scenario["name"], "Ten per 100,000 by 2030");
    assert_eq!(scenario["workers_required"], 2965);
    assert_eq!(scenario["gap"], 2709);
    assert_eq!(scenario["rows"].as_array().unwrap().len(), 5);

    let unknown = app.get("/api/v1/countries/zz/scenarios").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let error: serde_json::Value = serde_json::from_str(&unknown.body).unwrap();
    assert_eq!(error["error"], "unknown_country");
}
