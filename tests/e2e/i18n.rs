use reqwest::StatusCode;

use crate::helpers::spawn;

#[tokio::test]
async fn the_join_page_speaks_french_to_a_french_browser() {
    let app = spawn().await;
    let response = app
        .client
        .get(app.url("/join"))
        .header("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-language"], "fr");
    let body = response.text().await.unwrap();
    assert!(body.contains("<html lang=\"fr\">"));
    assert!(body.contains("Adhérer au réseau"));
    assert!(
        body.contains(">Allemagne</option>"),
        "country names are in French too"
    );
    assert!(!body.contains("Join the network"));
}

#[tokio::test]
async fn the_language_switcher_remembers_the_choice_and_translates_errors() {
    let app = spawn().await;
    let page = app.get("/login").await;
    page.assert_contains("href=\"/language/fr?next=/login\"");
    let switched = app.get("/language/fr?next=%2Flogin").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), Some("/login"));

    let french = app.get("/login").await;
    french.assert_contains("Se connecter");
    let page = app
        .submit("/join", "/join", &[("email", "pas-une-adresse")])
        .await;
    page.assert_contains("Il y a un problème");
    page.assert_contains("Saisissez une adresse e-mail valide");
    page.assert_contains("Acceptez la politique de confidentialité");

    assert_eq!(app.get("/language/xx").await.status, StatusCode::NOT_FOUND);
    for next in [
        "https://evil.example",
        "//evil.example",
        "/%09/evil.example",
        "/%5Cevil.example",
    ] {
        let page = app.get(&format!("/language/en?next={next}")).await;
        assert_eq!(page.location(), Some("/"), "{next}");
    }
}

#[tokio::test]
async fn another_site_cannot_change_the_language() {
    let app = spawn().await;
    let switched = app.get_cross_site("/language/fr?next=%2Flogin").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), Some("/login"));
    let sets_language = |page: &crate::helpers::Page| {
        page.headers
            .get_all("set-cookie")
            .iter()
            .any(|cookie| cookie.to_str().unwrap().starts_with("lang="))
    };
    assert!(!sets_language(&switched));
    app.get("/login")
        .await
        .assert_contains("<html lang=\"en\">");

    let own = app.get("/language/fr?next=%2Flogin").await;
    assert!(sets_language(&own));
    app.get("/login").await.assert_contains("Se connecter");
}
