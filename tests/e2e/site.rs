//! What browsers ask of every site: an icon and a web app manifest.

use reqwest::StatusCode;

use crate::helpers::spawn;

#[tokio::test]
async fn the_icon_and_the_manifest_are_served() {
    let app = spawn().await;
    let favicon = app
        .client
        .get(app.url("/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(favicon.status(), StatusCode::OK);
    assert_eq!(
        favicon.headers()["content-type"],
        "image/vnd.microsoft.icon"
    );
    let bytes = favicon.bytes().await.unwrap();
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO file");

    let home = app.get("/").await;
    home.assert_contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">");
    let start = home.body.find("<link rel=\"icon\" href=\"").unwrap() + 23;
    let icon = &home.body[start..start + home.body[start..].find('"').unwrap()];
    let svg = app.get(icon).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.headers["content-type"], "image/svg+xml");
    assert!(svg.body.starts_with("<svg"));

    let manifest = app.get("/manifest.webmanifest").await;
    assert_eq!(
        manifest.headers["content-type"],
        "application/manifest+json"
    );
    let json: serde_json::Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!(json["name"], "Membernet");
    assert_eq!(json["start_url"], "/");
    let icons = json["icons"].as_array().unwrap();
    assert_eq!(icons.len(), 3);
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let fetched = app.client.get(app.url(src)).send().await.unwrap();
        assert_eq!(fetched.status(), StatusCode::OK, "{src}");
        assert_eq!(
            fetched.headers()["content-type"],
            icon["type"].as_str().unwrap()
        );
    }

    let french = app
        .client
        .get(app.url("/manifest.webmanifest"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&french.text().await.unwrap()).unwrap();
    assert_eq!(json["lang"], "fr");
}
