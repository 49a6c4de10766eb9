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
