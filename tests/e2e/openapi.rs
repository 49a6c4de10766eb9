//! The OpenAPI document at `/api/openapi.json`: it describes every endpoint, and the
//! answers the API really sends match the schemas it gives for them.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn};

const PATHS: [&str; 5] = [
    "/api/v1/stats",
    "/api/v1/stats/growth",
    "/api/v1/countries",
    "/api/v1/countries/{code}",
    "/api/v1/countries/{code}/scenarios",
];

async fn document(app: &TestApp) -> Value {
    let page = app.get("/api/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["access-control-allow-origin"], "*");
    assert!(page.headers.contains_key("etag"));
    serde_json::from_str(&page.body).expect("the document is JSON")
}

/// The schema a `$ref` points at, or the schema itself; for a nullable schema
/// (`oneOf` null and something), the something.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("a local schema: {reference}"));
        return resolve(document, &document["components"]["schemas"][name]);
    }
    if let Some(choices) = schema["oneOf"].as_array()
        && let Some(other) = choices.iter().find(|choice| choice["type"] != "null")
    {
        return resolve(document, other);
    }
    schema
}

/// Every property the schema requires is in the answer, and the answer has no
/// property the schema does not describe, at every depth.
fn check(document: &Value, schema: &Value, answer: &Value, at: &str) {
    let schema = resolve(document, schema);
    match answer {
        Value::Object(fields) if schema["properties"].is_object() => {
            for required in schema["required"].as_array().into_iter().flatten() {
                let name = required.as_str().unwrap();
                assert!(fields.contains_key(name), "{at} lacks `{name}`");
            }
            for (name, value) in fields {
                let property = &schema["properties"][name];
                assert!(!property.is_null(), "{at}.{name} is not documented");
                check(document, property, value, &format!("{at}.{name}"));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check(document, &schema["items"], item, &format!("{at}[{index}]"));
            }
        }
        _ => {}
    }
}

fn response_schema<'a>(document: &'a Value, path: &str, status: &str) -> &'a Value {
    let schema = &document["paths"][path]["get"]["responses"][status]["content"]["application/json"]
        ["schema"];
    assert!(!schema.is_null(), "{path} documents a {status} body");
    schema
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint_and_its_errors() {
    let app = spawn().await;
    let document = document(&app).await;
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|version| version.starts_with("3.")),
        "{}",
        document["openapi"]
    );
    for path in PATHS {
        let operation = &document["paths"][path]["get"];
        assert!(operation.is_object(), "{path} is documented");
        let responses = operation["responses"].as_object().unwrap();
        for status in ["200", "304", "500"] {
            assert!(responses.contains_key(status), "{path} documents {status}");
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ApiError",
                    "{path} {status}"
                );
            }
        }
    }
    let stats = &document["paths"]["/api/v1/stats"]["get"];
    assert!(stats["responses"]["200"]["headers"]["ETag"].is_object());
    assert!(
        stats["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|parameter| parameter["name"] == "If-None-Match")
    );
    let error = &document["components"]["schemas"]["ApiError"];
    assert_eq!(error["required"], serde_json::json!(["error", "detail"]));
    for path in [
        "/api/v1/countries/{code}",
        "/api/v1/countries/{code}/scenarios",
    ] {
        let responses = &document["paths"][path]["get"]["responses"];
        assert!(responses["404"].is_object(), "{path} documents 404");
    }

    let growth = &document["paths"]["/api/v1/stats/growth"]["get"];
    assert!(growth["responses"]["400"].is_object());
    let parameters = growth["parameters"].as_array().unwrap();
    let query = |name: &str| {
        parameters
            .iter()
            .find(|parameter| parameter["name"] == name && parameter["in"] == "query")
            .unwrap_or_else(|| panic!("the growth path documents `{name}`"))
    };
    for name in [
        "country",
        "region",
        "category",
        "sector",
        "organization_type",
        "from",
        "to",
        "interval",
    ] {
        let parameter = query(name);
        assert_ne!(parameter["required"], true, "{name} is optional");
        let described = |value: &Value| value.as_str().is_some_and(|text| !text.is_empty());
        assert!(
            described(&parameter["description"]) || described(&parameter["schema"]["description"]),
            "{name} is described"
        );
    }
    assert_eq!(
        query("interval")["schema"]["enum"],
        serde_json::json!(["week", "month", "quarter", "year"])
    );
    assert!(
        query("sector")["schema"]["enum"]
            .as_array()
            .is_some_and(|codes| codes.iter().any(|code| code == "health")),
        "the sector codes are listed"
    );
}

#[tokio::test]
async fn every_answer_has_the_fields_its_documented_schema_requires_and_no_others() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    // An event to list, with every optional field filled.
    let input = membernet_domain::events::EventInput {
        title: "Ratios and costing".into(),
        kind: "hybrid".into(),
        time_zone: "Africa/Nairobi".into(),
        starts: "2099-03-10T08:30".into(),
        ends: "2099-03-10T10:00".into(),
        join_url: "https://meet.example.org/x".into(),
        place: "Nairobi".into(),
        capacity: "40".into(),
        languages: vec!["en".into()],
        countries: vec!["KE".into()],
        regions: vec!["eastern-africa".into()],
        ..Default::default()
    };
    let now = time::OffsetDateTime::now_utc();
    let event = membernet_persistence::events::create(app.db(), &input.parse().unwrap(), now)
        .await
        .unwrap();
    membernet_persistence::events::set_status(
        app.db(),
        event.id,
        membernet_domain::events::EventStatus::Published,
        now,
    )
    .await
    .unwrap();
    // A resource to list, with every optional field filled.
    let resource = membernet_domain::library::ItemInput {
        kind: "guidance".into(),
        title: "Ratios and costing guidance".into(),
        summary: "How to cost a minimum ratio.".into(),
        authors: "A. Otieno".into(),
        publisher: "The network".into(),
        year: "2022".into(),
        language: "en".into(),
        licence: "CC BY 4.0".into(),
        link: "https://example.org/ratios".into(),
        countries: vec!["KE".into()],
        topics: vec!["workforce_planning".into()],
        ..Default::default()
    }
    .parse(
        membernet_domain::library::Section::Resource,
        Default::default(),
        2026,
    )
    .unwrap();
    let entry = membernet_persistence::library::DemoEntry {
        draft: resource,
        submitter: None,
        at: now,
        file_key: None,
        photo_key: None,
    };
    membernet_persistence::library::seed_demo(app.db(), &[entry])
        .await
        .unwrap();
    let document = document(&app).await;
    let mut checked = 0;
    for (path, status, url) in [
        ("/api/v1/stats", "200", "/api/v1/stats"),
        (
            "/api/v1/stats/growth",
            "200",
            "/api/v1/stats/growth?country=KE&interval=quarter",
        ),
        ("/api/v1/countries", "200", "/api/v1/countries"),
        ("/api/v1/countries/{code}", "200", "/api/v1/countries/ke"),
        (
            "/api/v1/countries/{code}/scenarios",
            "200",
            "/api/v1/countries/ke/scenarios",
        ),
        (
            "/api/v1/stats/growth",
            "400",
            "/api/v1/stats/growth?interval=fortnight",
        ),
        ("/api/v1/countries/{code}", "404", "/api/v1/countries/zz"),
        ("/api/v1/events", "200", "/api/v1/events?region=africa"),
        ("/api/v1/events", "400", "/api/v1/events?kind=party"),
        (
            "/api/v1/resources",
            "200",
            "/api/v1/resources?q=ratios&region=KE",
        ),
        (
            "/api/v1/resources",
            "400",
            "/api/v1/resources?topic=gardening",
        ),
        (
            "/api/v1/countries/{code}/scenarios",
            "404",
            "/api/v1/countries/zz/scenarios",
        ),
    ] {
        let page = app.get(url).await;
        assert_eq!(page.status.as_str(), status, "{url}");
        let answer: Value = serde_json::from_str(&page.body).unwrap();
        check(
            &document,
            response_schema(&document, path, status),
            &answer,
            url,
        );
        if status == "200" {
            checked += 1;
        }
    }
    let documented = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .filter(|item| item["get"]["responses"]["200"].is_object())
        .count();
    assert_eq!(checked, documented, "every documented path is checked");
}

/// Values a generated request draws from for a parameter: the documented ones
/// (its enum, its example) and ones a careless or hostile client sends.
fn candidates(parameter: &Value) -> Vec<String> {
    let schema = &parameter["schema"];
    let mut values: Vec<String> = schema["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
    for example in [&parameter["example"], &schema["example"]] {
        if let Some(example) = example.as_str() {
            values.push(example.to_owned());
            values.push(example.to_uppercase());
            values.push(example.to_lowercase());
        }
    }
    if schema["pattern"].as_str() == Some(r"^\d{4}-\d{2}$") {
        values.extend(
            [
                "2024-01", "2025-12", "1999-12", "2024-13", "2024-00", "9999-99", "0001-01",
            ]
            .map(str::to_owned),
        );
    }
    values.extend(
        [
            "",
            " ",
            "KE",
            "ke",
            "ZZ",
            "FR",
            "africa",
            "eastern-africa",
            "europe",
            "1e99",
            "-1",
            "0",
            "%",
            "'",
            "\"<b>",
            "é",
            "北京",
            "null",
            "month",
            "week",
            "health",
            "a,b",
        ]
        .map(str::to_owned),
    );
    values.push("x".repeat(300));
    values
}

fn encode(value: &str) -> String {
    membernet_web::error::urlencode(value)
}

/// Requests generated from the document itself: every path, its path parameters
/// and any mix of its query parameters, with documented, borderline and hostile
/// values. Each answer must be one the document lists for that path, never a server
/// error, and a JSON body must match the schema documented for its status.
#[tokio::test]
async fn generated_requests_get_only_documented_answers() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let document = document(&app).await;
    let seed = std::env::var("MEMBERNET_API_FUZZ_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(2026_u64);
    let mut random = membernet_domain::random::SplitMix64::seeded(seed);
    let mut statuses = std::collections::BTreeMap::<String, usize>::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        let operation = &item["get"];
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for _ in 0..60 {
            let mut url = path.clone();
            let mut query = Vec::new();
            let mut headers = Vec::new();
            for parameter in &parameters {
                let name = parameter["name"].as_str().unwrap();
                let values = candidates(parameter);
                let value = random.pick(&values).clone();
                match parameter["in"].as_str().unwrap() {
                    "path" => {
                        let value = if value.is_empty() {
                            "x".to_owned()
                        } else {
                            value
                        };
                        url = url.replace(&format!("{{{name}}}"), &encode(&value));
                    }
                    "query" if random.chance(0.5) => {
                        query.push(format!("{}={}", encode(name), encode(&value)));
                    }
                    "header" if random.chance(0.3) => {
                        let tag = random.pick(&["*", "\"nope\"", "W/\"x\", \"y\""]);
                        headers.push((name.to_owned(), (*tag).to_owned()));
                    }
                    _ => {}
                }
            }
            if !query.is_empty() {
                url = format!("{url}?{}", query.join("&"));
            }
            let mut request = app.client.get(app.url(&url));
            for (name, value) in &headers {
                request = request.header(name, value);
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            let documented = &operation["responses"][status.as_str()];
            assert!(
                documented.is_object(),
                "seed {seed}: GET {url} answered {status}, which {path} does not document: {body}"
            );
            assert!(
                !status.is_server_error(),
                "seed {seed}: GET {url} failed: {body}"
            );
            let schema = &documented["content"]["application/json"]["schema"];
            if !schema.is_null() {
                let answer: Value = serde_json::from_str(&body)
                    .unwrap_or_else(|_| panic!("seed {seed}: GET {url} is not JSON: {body}"));
                check(&document, schema, &answer, &url);
            }
            *statuses.entry(status.as_str().to_owned()).or_default() += 1;
        }
    }
    eprintln!("generated requests, seed {seed}: {statuses:?}");
    // The generator reaches both the answers and the refusals.
    for status in ["200", "400", "404"] {
        assert!(
            statuses.contains_key(status),
            "no {status} drawn: {statuses:?}"
        );
    }
}

#[tokio::test]
async fn other_methods_get_405_with_allow_and_a_json_error() {
    let app = spawn().await;
    let document = document(&app).await;
    for path in document["paths"].as_object().unwrap().keys() {
        let url = app.url(&path.replace("{code}", "ke"));
        for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE"] {
            let response = app
                .client
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    &url,
                )
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            let allow = response.headers()["allow"].to_str().unwrap().to_owned();
            assert!(allow.contains("GET"), "{method} {path}: {allow}");
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("application/json")
            );
            let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
            assert_eq!(body["error"], "method_not_allowed", "{method} {path}");
        }
    }
}

#[tokio::test]
async fn the_document_says_country_and_region_exclude_each_other() {
    let app = spawn().await;
    let document = document(&app).await;
    let growth = &document["paths"]["/api/v1/stats/growth"]["get"];
    let said = format!("{}", growth["description"]);
    assert!(said.contains("exclude each other"), "{said}");
    let both = app
        .get("/api/v1/stats/growth?country=KE&region=eastern-africa")
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    both.assert_contains("bad_selection");
}
