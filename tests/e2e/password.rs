use membernet_persistence::entity::email_token;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, sea_query::Expr};
use time::OffsetDateTime;

use crate::helpers::{PASSWORD, new_client, spawn, token_of};

const NEW_PASSWORD: &str = "copper lantern orchard seven";

#[tokio::test]
async fn a_member_resets_a_forgotten_password() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;

    let sent = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "Amina@ngo.org")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    sent.assert_contains("If amina@ngo.org belongs to an account");
    let link = app.link_sent_to("amina@ngo.org").await;
    assert!(link.starts_with("/password/reset?token="));

    let form = app.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("Choose a new password");
    let done = app.reset_password(&link, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), Some("/account"));
    app.get("/account")
        .await
        .assert_contains("Your new password is saved");

    let fresh = new_client();
    let old = app.log_in_with(&fresh, "amina@ngo.org", PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.log_in_with(&fresh, "amina@ngo.org", NEW_PASSWORD).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_reset_ends_every_other_session_of_the_account() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let laptop = new_client();
    let login = app.log_in_with(&laptop, "amina@ngo.org", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&laptop, "/account").await.status,
        StatusCode::OK
    );

    let link = app.request_reset("amina@ngo.org").await;
    app.reset_password(&link, NEW_PASSWORD).await;

    let laptop_page = app.get_with(&laptop, "/account").await;
    assert_eq!(
        laptop_page.status,
        StatusCode::SEE_OTHER,
        "the laptop is signed out"
    );
    let here = app.get("/account").await;
    assert_eq!(
        here.status,
        StatusCode::OK,
        "the resetting browser is signed in"
    );
}

#[tokio::test]
async fn a_reset_link_works_once_and_expires_after_an_hour() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let link = app.request_reset("amina@ngo.org").await;
    assert_eq!(
        app.reset_password(&link, NEW_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let again = app
        .submit(
            "/password/forgot",
            "/password/reset",
            &[
                ("token", &token_of(&link)),
                ("password", "another good passphrase"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    again.assert_contains("This link no longer works");

    let link = app.request_reset("amina@ngo.org").await;
    let tokens = email_token::Entity::find().all(app.db()).await.unwrap();
    let newest = tokens.iter().max_by_key(|token| token.id).unwrap();
    assert_eq!(
        newest.expires_at - newest.created_at,
        time::Duration::hours(1)
    );
    email_token::Entity::update_many()
        .col_expr(
            email_token::Column::ExpiresAt,
            Expr::value(OffsetDateTime::now_utc() - time::Duration::seconds(1)),
        )
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(app.get(&link).await.status, StatusCode::NOT_FOUND);
    let expired = app
        .submit(
            "/password/forgot",
            "/password/reset",
            &[
                ("token", &token_of(&link)),
                ("password", "another good passphrase"),
            ],
        )
        .await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND);
    let fresh = new_client();
    let login = app.log_in_with(&fresh, "amina@ngo.org", NEW_PASSWORD).await;
    assert_eq!(
        login.status,
        StatusCode::SEE_OTHER,
        "the expired link changed nothing"
    );
}

#[tokio::test]
async fn asking_for_a_reset_of_an_unknown_address_looks_the_same_and_sends_nothing() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let known = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "amina@ngo.org")],
        )
        .await;
    let unknown = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "nobody@ngo.org")],
        )
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body.replace("amina@ngo.org", "X"),
        unknown.body.replace("nobody@ngo.org", "X"),
    );
    assert_eq!(
        app.emails_to("amina@ngo.org").await[0].subject,
        "Choose a new password"
    );
    assert!(app.emails_to("nobody@ngo.org").await.is_empty());
}

#[tokio::test]
async fn asking_for_a_reset_with_a_malformed_address_says_so() {
    let app = spawn().await;
    let page = app
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "amina")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Enter an email address in the correct format");
    assert_eq!(page.input_value("email").as_deref(), Some("amina"));
}

#[tokio::test]
async fn a_weak_new_password_is_refused_and_the_link_keeps_working() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let link = app.request_reset("amina@ngo.org").await;
    let weak = app.reset_password(&link, "12345678").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    weak.assert_contains("too common or too easy to guess");
    assert_eq!(weak.input_value("token"), Some(token_of(&link)));
    assert_eq!(
        app.reset_password(&link, NEW_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_suspended_member_cannot_use_a_reset_link() {
    use membernet_persistence::entity::member;
    use sea_orm::{ColumnTrait, QueryFilter};

    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let link = app.request_reset("amina@ngo.org").await;
    member::Entity::update_many()
        .col_expr(member::Column::Status, Expr::value("suspended"))
        .filter(member::Column::Email.eq("amina@ngo.org"))
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(app.get(&link).await.status, StatusCode::NOT_FOUND);
    let token = token_of(&link);
    let fields = [("token", token.as_str()), ("password", NEW_PASSWORD)];
    let refused = app
        .submit("/password/forgot", "/password/reset", &fields)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn what_a_squatter_wrote_is_wiped_when_the_owner_proves_the_address() {
    let app = spawn().await;
    let fields = [
        ("full_name", "Squatter"),
        ("email", "amina@ngo.org"),
        ("password", "squatters own passphrase"),
        ("country", "KE"),
        ("category", "researcher"),
        ("listed", "yes"),
        ("privacy", "yes"),
    ];
    app.submit("/join", "/join", &fields).await;
    let link = app.request_reset("amina@ngo.org").await;
    assert_eq!(
        app.reset_password(&link, NEW_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        !app.get("/members").await.body.contains("Squatter"),
        "not listed on the owner's behalf"
    );
    let page = app.get("/account").await;
    assert!(!page.body.contains("<option value=\"researcher\" selected>"));
}

#[tokio::test]
async fn a_reset_email_to_an_address_never_confirmed_carries_no_name_a_stranger_typed() {
    let app = spawn().await;
    app.join("Visit evil example", "amina@ngo.org", PASSWORD, "KE")
        .await;
    app.request_reset("amina@ngo.org").await;
    let emails = app.emails_to("amina@ngo.org").await;
    assert_eq!(emails[0].subject, "Choose a new password");
    assert!(emails[0].body_text.starts_with("Hello,"));
    assert!(
        !emails[0].body_text.contains("evil"),
        "{}",
        emails[0].body_text
    );
}
