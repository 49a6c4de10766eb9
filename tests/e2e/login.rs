use membernet_domain::rate_limit::RateLimit;
use membernet_persistence::entity::member;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

use crate::helpers::{PASSWORD, new_client, spawn, spawn_with};

fn session_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with("membernet_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_member_logs_in_on_a_new_session_id_and_logs_out() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;

    let browser = new_client();
    let form = app.get_with(&browser, "/login").await;
    let before = session_cookie(&form.headers).expect("the login form starts a session");
    let fields = [("email", "Amina@NGO.org"), ("password", PASSWORD)];
    let page = app.submit_with(&browser, "/login", "/login", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/account"));
    let after = session_cookie(&page.headers).expect("signing in sets the session cookie");
    assert!(after.contains("HttpOnly"));
    assert!(after.contains("SameSite=Lax"));
    assert!(!after.contains("Secure"), "plain http on loopback");
    let id = |cookie: &str| cookie.split(';').next().unwrap().to_owned();
    assert_ne!(id(&before), id(&after), "the session id is cycled");

    let account = app.get_with(&browser, "/account").await;
    assert_eq!(account.status, StatusCode::OK);
    account.assert_contains("value=\"Amina Otieno\"");
    account.assert_contains("Log out");

    // The form token from before signing in no longer works.
    let stale = [("csrf_token", form.csrf_token())];
    let refused = browser
        .post(app.url("/logout"))
        .form(&stale)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let logout = app.submit_with(&browser, "/account", "/logout", &[]).await;
    assert_eq!(logout.location(), Some("/"));
    let after_logout = app.get_with(&browser, "/account").await;
    assert_eq!(after_logout.status, StatusCode::SEE_OTHER);
    assert_eq!(after_logout.location(), Some("/login?next=%2Faccount"));
}

#[tokio::test]
async fn after_logging_in_the_member_goes_where_they_were_going_but_never_off_site() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let login = |next: &'static str| {
        let app = &app;
        async move {
            let client = new_client();
            let form = app.get_with(&client, &format!("/login?next={next}")).await;
            let next_value = form.input_value("next").unwrap();
            let fields = [
                ("email", "amina@ngo.org"),
                ("password", PASSWORD),
                ("next", &next_value),
            ];
            app.submit_with(&client, "/login", "/login", &fields).await
        }
    };
    assert_eq!(
        login("%2Faccount%3Fx%3D1").await.location(),
        Some("/account?x=1")
    );
    assert_eq!(
        login("https://evil.example").await.location(),
        Some("/account")
    );
    for next in [
        "%2F%2Fevil.example",
        "%2F%09%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%0D%0A%2Fevil.example",
    ] {
        assert_eq!(login(next).await.location(), Some("/account"), "{next}");
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let wrong_password = app
        .log_in("amina@ngo.org", "not the right passphrase")
        .await;
    let unknown = app
        .log_in("nobody@ngo.org", "not the right passphrase")
        .await;

    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let message = "The email address or password is not right";
    wrong_password.assert_contains(message);
    unknown.assert_contains(message);
    assert_eq!(
        wrong_password.input_value("email").as_deref(),
        Some("amina@ngo.org")
    );
    assert!(!wrong_password.body.contains("not the right passphrase"));
}

#[tokio::test]
async fn logging_in_with_empty_fields_says_what_is_missing() {
    let app = spawn().await;
    let page = app.log_in("", "").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("<a href=\"#email\">Enter your email address</a>");
    page.assert_contains("<a href=\"#password\">Enter your password</a>");
}

#[tokio::test]
async fn login_attempts_are_limited_per_account_whatever_the_password() {
    let app =
        spawn_with(|config| config.rate_limits.login_per_account = RateLimit::new(3, 900)).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    for _ in 0..3 {
        let page = app.log_in("amina@ngo.org", "guess guess guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app.log_in("AMINA@ngo.org", PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    blocked.assert_contains("Too many attempts");
    assert!(blocked.headers.contains_key("retry-after"));

    // Another account from the same address is not locked out.
    app.member("Bo Lind", "bo@ngo.org", "SE").await;
    assert_eq!(
        app.log_in("bo@ngo.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn login_attempts_are_limited_per_ip() {
    let app = spawn_with(|config| config.rate_limits.login_per_ip = RateLimit::new(2, 900)).await;
    for n in 0..2 {
        let page = app
            .log_in(&format!("user{n}@ngo.org"), "guess guess guess")
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = app.log_in("user9@ngo.org", "guess guess guess").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_suspended_member_cannot_log_in_and_is_signed_out() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    assert_eq!(
        app.log_in("amina@ngo.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    member::Entity::update_many()
        .col_expr(member::Column::Status, Expr::value("suspended"))
        .filter(member::Column::Email.eq("amina@ngo.org"))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(app.get("/account").await.status, StatusCode::SEE_OTHER);
    let client = new_client();
    let page = app.log_in_with(&client, "amina@ngo.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn someone_guessing_from_one_network_cannot_lock_the_owner_out_from_another() {
    let app = spawn_with(|config| {
        config.rate_limits.login_per_account = RateLimit::new(3, 900);
        config.trusted_proxies = membernet_web::config::TrustedProxies::parse("127.0.0.1").unwrap();
    })
    .await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let guesser = crate::helpers::client_at("203.0.113.9");
    for _ in 0..3 {
        let page = app
            .log_in_with(&guesser, "amina@ngo.org", "guess guess guess")
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app.log_in_with(&guesser, "amina@ngo.org", PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);

    let owner = crate::helpers::client_at("198.51.100.7");
    let page = app.log_in_with(&owner, "amina@ngo.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the owner signs in");
}

#[tokio::test]
async fn attempts_made_at_the_same_moment_cannot_slip_past_the_account_limit() {
    let app =
        spawn_with(|config| config.rate_limits.login_per_account = RateLimit::new(3, 900)).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    // Each guesser has its form (and token) first, then they all send at once.
    let mut guessers = Vec::new();
    for _ in 0..12 {
        let client = new_client();
        let token = app.get_with(&client, "/login").await.csrf_token();
        guessers.push((client, token));
    }
    let attempts = guessers.into_iter().map(|(client, token)| {
        let url = app.url("/login");
        async move {
            client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("email", "amina@ngo.org"),
                    ("password", "guess guess guess"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_join_all(attempts).await;
    let checked = statuses
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        checked <= 3,
        "{checked} passwords were checked: {statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|status| *status == StatusCode::UNAUTHORIZED
                || *status == StatusCode::TOO_MANY_REQUESTS)
    );
}

/// Runs the futures at once and collects their outputs in order.
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::new();
    for handle in handles {
        outputs.push(handle.await.expect("the attempt ran"));
    }
    outputs
}

/// The session id a `Set-Cookie` header gives.
fn session_id(cookie: &str) -> String {
    let value = cookie.split(';').next().unwrap_or_default();
    value
        .split_once('=')
        .map(|(_, id)| id.to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_database_holds_a_hash_of_each_session_never_the_cookie() {
    use membernet_persistence::entity::session;
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let browser = new_client();
    let fields = [("email", "amina@ngo.org"), ("password", PASSWORD)];
    let page = app.submit_with(&browser, "/login", "/login", &fields).await;
    let id = session_id(&session_cookie(&page.headers).expect("a session cookie"));
    let rows = session::Entity::find().all(app.db()).await.unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|row| row.id != id && !row.data.contains(&id))
    );
    let hashed = membernet_domain::token::hash_token(&id);
    assert!(rows.iter().any(|row| row.id == hashed));
    assert_eq!(
        app.get_with(&browser, "/account").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_session_ends_thirty_days_after_it_began_however_much_it_is_used() {
    use membernet_persistence::entity::session;
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let browser = new_client();
    app.log_in_with(&browser, "amina@ngo.org", PASSWORD).await;
    assert_eq!(
        app.get_with(&browser, "/account").await.status,
        StatusCode::OK
    );
    // Used every day since it began 31 days ago.
    let began = time::OffsetDateTime::now_utc() - time::Duration::days(31);
    session::Entity::update_many()
        .col_expr(session::Column::CreatedAt, Expr::value(began))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(
        app.get_with(&browser, "/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out: sent to sign in again"
    );
}

#[tokio::test]
async fn with_secure_cookies_the_session_cookie_is_host_only() {
    let app = spawn_with(|config| config.secure_cookies = true).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let browser = new_client();
    let fields = [("email", "amina@ngo.org"), ("password", PASSWORD)];
    let page = app.submit_with(&browser, "/login", "/login", &fields).await;
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.contains("membernet_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.starts_with("__Host-membernet_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
}
