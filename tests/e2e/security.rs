use reqwest::StatusCode;

use crate::helpers::{PASSWORD, spawn};

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused_with_a_403_page() {
    let app = spawn().await;
    app.get("/join").await;
    let fields = [
        ("full_name", "Amina Otieno"),
        ("email", "amina@ngo.org"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("privacy", "yes"),
    ];
    let missing = app.post_raw("/join", &fields).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    missing.assert_contains("This form has expired");

    let mut forged = fields.to_vec();
    forged.push(("csrf_token", "forged"));
    assert_eq!(
        app.post_raw("/join", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(app.emails_to("amina@ngo.org").await.is_empty());

    // A token from another visitor's session does not work either.
    let other = crate::helpers::new_client();
    let token = app.get_with(&other, "/join").await.csrf_token();
    let mut borrowed = fields.to_vec();
    borrowed.push(("csrf_token", &token));
    assert_eq!(
        app.post_raw("/join", &borrowed).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_raw("/logout", &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn().await;
    for path in [
        "/",
        "/join",
        "/login",
        "/healthz",
        "/no-such-page",
        "/static/site.css",
    ] {
        let page = app.get(path).await;
        let header = |name: &str| {
            page.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert!(!header("referrer-policy").is_empty(), "{path}");
        assert_eq!(header("x-request-id").len(), 16, "{path}");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_real_404_page() {
    let app = spawn().await;
    let page = app.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    page.assert_contains("Page not found");
    page.assert_contains("<html lang=\"en\">");
}

#[tokio::test]
async fn the_health_check_answers_while_the_database_does() {
    let app = spawn().await;
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.trim(), "ok");
}

#[tokio::test]
async fn the_home_page_shows_the_headline_numbers() {
    let app = spawn().await;
    let empty = app.get("/").await;
    empty.assert_contains("Join the network for free");
    assert!(!empty.body.contains("members in"));
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.member("Bo Lind", "bo@ngo.org", "SE").await;
    app.member("Chidi Okafor", "chidi@ngo.org", "KE").await;
    app.join("Unverified Person", "dee@ngo.org", PASSWORD, "FR")
        .await;
    app.get("/")
        .await
        .assert_contains("3 members in 2 countries");
}

#[tokio::test]
async fn the_csrf_token_may_come_in_a_header() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let token = app.get("/account").await.csrf_token();
    let response = app
        .client
        .post(app.url("/logout"))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
}

#[tokio::test]
async fn personal_pages_are_not_cached_and_reading_pages_start_no_session() {
    let app = spawn().await;
    let join = app.get("/join").await;
    assert_eq!(join.headers["cache-control"], "no-store");
    let visitor = crate::helpers::new_client();
    let home = app.get_with(&visitor, "/").await;
    assert!(
        home.headers.get("set-cookie").is_none(),
        "a visitor who only reads gets no session"
    );
}

#[tokio::test]
async fn a_deleted_session_is_not_brought_back_by_a_request_still_in_flight() {
    use membernet_persistence::sessions::DbSessionStore;
    use tower_sessions::{
        SessionStore,
        session::{Id, Record},
    };

    let app = spawn().await;
    let store = DbSessionStore::new(app.db().clone());
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_some());
    store.delete(&record.id).await.unwrap();
    record.data.insert("member_id".into(), 7.into());
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn a_malformed_query_string_gets_the_sites_own_400_page() {
    let app = spawn().await;
    let page = app.get("/members?page=abc").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    page.assert_contains("Something is wrong with this request");
}

#[tokio::test]
async fn a_visitor_reading_every_public_page_and_the_forms_costs_no_session_row() {
    use membernet_persistence::entity::session;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let before = session::Entity::find().count(app.db()).await.unwrap();
    let visitor = crate::helpers::new_client();
    for path in [
        "/",
        "/members",
        "/members?country=ke",
        "/organizations",
        "/countries",
        "/countries/ke",
        "/countries/ke/planner",
        "/stats",
        "/api/v1/stats",
        "/join",
        "/login",
        "/password/forgot",
    ] {
        let page = app.get_with(&visitor, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
    }
    assert_eq!(
        session::Entity::find().count(app.db()).await.unwrap(),
        before,
        "no session row for a visitor"
    );
}

#[tokio::test]
async fn a_visitors_form_token_is_tied_to_their_own_signed_cookie() {
    let app = spawn().await;
    let visitor = crate::helpers::new_client();
    let first = app.get_with(&visitor, "/login").await;
    let second = app.get_with(&visitor, "/login").await;
    assert_ne!(
        first.csrf_token(),
        second.csrf_token(),
        "masked afresh in every answer"
    );
    // Either token works with the visitor's cookie …
    let fields = [("email", "nobody@ngo.org"), ("password", "not a password")];
    let mut form = vec![("csrf_token", first.csrf_token())];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let answer = visitor
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // … and no other browser's.
    let stranger = crate::helpers::new_client();
    app.get_with(&stranger, "/login").await;
    let answer = stranger
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_signed_in_pages_token_differs_every_time_and_still_works() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", crate::helpers::PASSWORD).await;
    let first = app.get("/account").await.csrf_token();
    let second = app.get("/account").await.csrf_token();
    assert_ne!(first, second);
    for token in [first, second] {
        let answer = app
            .client
            .post(app.url("/verify-email/resend"))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "the token works");
    }
}
