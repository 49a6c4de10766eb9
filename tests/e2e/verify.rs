use membernet_persistence::{entity::email_token, entity::membership_event, public_figures};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use time::OffsetDateTime;

use crate::helpers::{PASSWORD, spawn, token_of};

#[tokio::test]
async fn the_link_shows_a_confirm_button_and_only_the_post_verifies() {
    let app = spawn().await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let link = app.link_sent_to("amina@ngo.org").await;
    assert!(link.starts_with("/verify-email?token="));

    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Confirm my email address");
    assert!(
        !app.account("amina@ngo.org").await.is_verified(),
        "a GET verifies nothing"
    );

    // Signed in, as the person who joined is when they confirm on the same device.
    app.log_in("amina@ngo.org", PASSWORD).await;
    let done = app
        .submit(&link, "/verify-email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    done.assert_contains("Your email address is confirmed");
    assert_eq!(
        app.get("/account").await.status,
        StatusCode::OK,
        "still signed in, with the password chosen at joining"
    );
    assert!(app.account("amina@ngo.org").await.counts_as_member());
    let figures = public_figures::members(app.db()).await.unwrap();
    assert_eq!(figures.total(), 1);
    let events = membership_event::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].kind.as_str(), events[0].country_code.as_str()),
        ("joined", "KE")
    );
}

#[tokio::test]
async fn a_verification_link_works_once() {
    let app = spawn().await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let link = app.link_sent_to("amina@ngo.org").await;
    app.verify("amina@ngo.org").await;

    let again = app
        .submit("/login", "/verify-email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    again.assert_contains("This link has expired or has already been used");
    assert_eq!(app.get(&link).await.status, StatusCode::NOT_FOUND);
    let events = membership_event::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "joining is counted once");
}

#[tokio::test]
async fn unknown_and_expired_verification_links_are_refused() {
    let app = spawn().await;
    assert_eq!(
        app.get("/verify-email?token=nonsense").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/verify-email").await.status, StatusCode::NOT_FOUND);

    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let link = app.link_sent_to("amina@ngo.org").await;
    email_token::Entity::update_many()
        .col_expr(
            email_token::Column::ExpiresAt,
            Expr::value(OffsetDateTime::now_utc() - time::Duration::minutes(1)),
        )
        .filter(email_token::Column::Purpose.eq("verify_email"))
        .exec(app.db())
        .await
        .unwrap();
    let page = app
        .submit("/login", "/verify-email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!app.account("amina@ngo.org").await.is_verified());
}

#[tokio::test]
async fn an_unverified_member_can_log_in_is_asked_to_verify_and_can_get_a_new_link() {
    let app = spawn().await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let first_link = app.link_sent_to("amina@ngo.org").await;
    let login = app.log_in("amina@ngo.org", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);

    let account = app.get("/account").await;
    account.assert_contains("You are not counted as a member until you confirm amina@ngo.org");
    let resent = app.submit("/account", "/verify-email/resend", &[]).await;
    assert_eq!(resent.location(), Some("/account"));
    app.get("/account")
        .await
        .assert_contains("We have sent you a new link");

    let new_link = app.link_sent_to("amina@ngo.org").await;
    assert_ne!(new_link, first_link);
    assert_eq!(
        app.get(&first_link).await.status,
        StatusCode::NOT_FOUND,
        "only the newest link works"
    );
    app.verify("amina@ngo.org").await;
    let account = app.get("/account").await;
    assert!(!account.body.contains("You are not counted"));
}

#[tokio::test]
async fn an_address_confirmed_elsewhere_drops_the_password_whoever_joined_chose() {
    let app = spawn().await;
    // Someone joins with Amina's address, a password and a profile of their choosing.
    let fields = [
        ("full_name", "Amina Otieno"),
        ("email", "amina@ngo.org"),
        ("password", "the squatters passphrase"),
        ("country", "KE"),
        ("listed", "yes"),
        ("privacy", "yes"),
    ];
    app.submit("/join", "/join", &fields).await;

    // Amina opens the link in her own browser, signed in to nothing.
    let owner = crate::helpers::new_client();
    let link = app.link_sent_to("amina@ngo.org").await;
    let page = app.get_with(&owner, &link).await;
    page.assert_contains("you will then choose a password");
    let confirmed = app
        .submit_with(
            &owner,
            &link,
            "/verify-email",
            &[("token", &token_of(&link))],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let choose = confirmed
        .location()
        .expect("sent to choose a password")
        .to_owned();
    assert!(choose.starts_with("/password/reset?token="), "{choose}");
    app.get_with(&owner, &choose)
        .await
        .assert_contains("Your email address is confirmed. Choose a password");

    // The first person's password no longer opens the account.
    let squatter = crate::helpers::new_client();
    let refused = app
        .log_in_with(&squatter, "amina@ngo.org", "the squatters passphrase")
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(!app.get("/members").await.body.contains("Amina Otieno"));

    // Amina chooses hers and is in.
    let token = crate::helpers::token_of(&choose);
    let set = app
        .submit_with(
            &owner,
            &choose,
            "/password/reset",
            &[("token", &token), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert!(app.account("amina@ngo.org").await.counts_as_member());
    app.assert_rollup_matches_log().await;
}
