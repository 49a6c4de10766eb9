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

async fn page_in(
    app: &crate::helpers::TestApp,
    path: &str,
    accept_language: &str,
) -> (String, String) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-language", accept_language)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{path} in {accept_language}"
    );
    let language = response.headers()["content-language"]
        .to_str()
        .unwrap()
        .to_owned();
    (language, response.text().await.unwrap())
}

#[tokio::test]
async fn pages_speak_spanish_and_portuguese_with_their_numbers_and_country_names() {
    let app = spawn().await;

    let (language, join) = page_in(&app, "/join", "es-MX,es;q=0.9,en;q=0.5").await;
    assert_eq!(language, "es");
    assert!(join.contains("<html lang=\"es\">"));
    assert!(join.contains("Únase a la red"));
    assert!(
        join.contains(">Alemania</option>"),
        "country names in Spanish"
    );
    assert!(!join.contains("Join the network"));

    let (language, join) = page_in(&app, "/join", "pt-BR,pt;q=0.9,en;q=0.5").await;
    assert_eq!(language, "pt");
    assert!(join.contains("<html lang=\"pt\">"));
    assert!(join.contains("Cadastre-se na rede"));
    assert!(
        join.contains(">Alemanha</option>"),
        "country names in Portuguese"
    );
    assert!(!join.contains("Join the network"));

    // The same page, cached or not, in each language: the population with its
    // thousands separator, the country's name in the language.
    let (_, kenya) = page_in(&app, "/countries/ke", "es").await;
    assert!(kenya.contains("<h1>Kenia</h1>"));
    assert!(kenya.contains("54.027.487"), "Spanish groups with dots");
    assert!(kenya.contains("Población"));
    let (_, kenya) = page_in(&app, "/countries/ke", "pt-BR").await;
    assert!(kenya.contains("54.027.487"));
    assert!(kenya.contains("População"));
    let (_, kenya) = page_in(&app, "/countries/ke", "en").await;
    assert!(kenya.contains("54,027,487"));
}

#[tokio::test]
async fn the_switcher_offers_four_languages_and_each_page_names_its_alternates() {
    let app = spawn().await;
    let page = app.get("/login").await;
    for (code, name) in [("fr", "Français"), ("es", "Español"), ("pt", "Português")] {
        page.assert_contains(&format!(
            "<a href=\"/language/{code}?next=/login\" lang=\"{code}\" hreflang=\"{code}\">{name}</a>"
        ));
    }
    page.assert_contains("<strong lang=\"en\">English</strong>");
    for code in ["en", "fr", "es", "pt"] {
        page.assert_contains(&format!(
            "<link rel=\"alternate\" hreflang=\"{code}\" href=\"/language/{code}?next=/login\">"
        ));
    }
    page.assert_contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"/login\">");

    let switched = app.get("/language/pt?next=%2Flogin").await;
    assert_eq!(switched.location(), Some("/login"));
    let portuguese = app.get("/login").await;
    portuguese.assert_contains("<html lang=\"pt\">");
    portuguese.assert_contains("Esqueceu sua senha?");
    app.get("/language/es?next=%2Flogin").await;
    app.get("/login")
        .await
        .assert_contains("¿Olvidó su contraseña?");
}

#[tokio::test]
async fn a_member_chooses_the_language_of_their_emails() {
    let app = spawn().await;
    // Joined from an English page: English is theirs, and shown chosen.
    let (member, saved) = app
        .member_with_profile("Ana Souza", "ana@example.org", "BR", &[("language", "pt")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let account = app.get_with(&member, "/account").await;
    account.assert_contains(r#"<option value="pt" lang="pt" selected>Português</option>"#);
    // The page stays in the reader's language; emails follow the choice.
    account.assert_contains("Language of your emails");
    app.services.background.settled().await;
    let before = app.emails_to("ana@example.org").await.len();
    app.request_reset("ana@example.org").await;
    let emails = app.emails_to("ana@example.org").await;
    assert_eq!(emails.len(), before + 1);
    assert!(
        emails
            .iter()
            .any(|email| email.subject == "Escolha uma nova senha"),
        "{:?}",
        emails
            .iter()
            .map(|email| &email.subject)
            .collect::<Vec<_>>()
    );
    // A language that does not exist leaves the page's.
    let saved = app
        .submit_with(
            &member,
            "/account",
            "/account",
            &[
                ("full_name", "Ana Souza"),
                ("country", "BR"),
                ("language", "xx"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    app.get_with(&member, "/account")
        .await
        .assert_contains(r#"<option value="en" lang="en" selected>English</option>"#);
}
