use reqwest::StatusCode;

use crate::helpers::{PASSWORD, new_client, spawn};

#[tokio::test]
async fn the_staff_area_refuses_members_and_sends_visitors_to_log_in() {
    let app = spawn().await;
    let visitor = app.get("/staff").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.location(), Some("/login?next=%2Fstaff"));

    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let member = app.get("/staff").await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);
    member.assert_contains("You do not have access to this page");
    assert!(
        !member.body.contains("Staff</a>"),
        "members see no staff link"
    );
}

#[tokio::test]
async fn admin_create_gives_a_one_time_link_that_sets_the_password_and_opens_the_staff_area() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let link = membernet_web::cli::create_admin(
        &app.services,
        "Director@Alliance.org",
        Some("Dana Director"),
    )
    .await
    .unwrap();
    let path = link
        .strip_prefix(&app.base_url)
        .expect("the link points at the site")
        .to_owned();
    assert!(path.starts_with("/password/reset?token="));

    // Before a password is set, nobody can log in as the admin.
    let client = new_client();
    let page = app
        .log_in_with(&client, "director@alliance.org", "staff room kettle honest")
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    let set = app.reset_password(&path, "staff room kettle honest").await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(set.location(), Some("/staff"));
    let staff = app.get("/staff").await;
    assert_eq!(staff.status, StatusCode::OK);
    staff.assert_contains("The network at a glance.");
    staff.assert_contains("<th scope=\"row\">Members (confirmed, active)</th><td>1</td>");
    staff.assert_contains("<th scope=\"row\">Staff and admins</th><td>1</td>");
    assert_eq!(
        app.get(&path).await.status,
        StatusCode::NOT_FOUND,
        "the link works once"
    );

    let admin = app.account("director@alliance.org").await;
    assert!(admin.may_open_staff_area());
    assert!(
        !admin.counts_as_member(),
        "an admin with no country is not counted"
    );
}

#[tokio::test]
async fn an_existing_member_can_be_made_an_admin() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    membernet_web::cli::create_admin(&app.services, "amina@ngo.org", None)
        .await
        .unwrap();
    app.log_in("amina@ngo.org", PASSWORD).await;
    assert_eq!(app.get("/staff").await.status, StatusCode::OK);
    assert!(
        app.account("amina@ngo.org").await.counts_as_member(),
        "still counted in Kenya"
    );
}

#[tokio::test]
async fn making_an_admin_of_an_address_someone_else_joined_with_locks_them_out() {
    let app = spawn().await;
    let squatter = new_client();
    let fields = [
        ("full_name", "Squatter"),
        ("email", "director@alliance.org"),
        ("password", "squatters own passphrase"),
        ("country", "KE"),
        ("privacy", "yes"),
    ];
    app.submit_with(&squatter, "/join", "/join", &fields).await;
    let login = app
        .log_in_with(
            &squatter,
            "director@alliance.org",
            "squatters own passphrase",
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);

    let link = membernet_web::cli::create_admin(&app.services, "director@alliance.org", None)
        .await
        .unwrap();
    assert_eq!(
        app.get_with(&squatter, "/staff").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    let again = app
        .log_in_with(
            &squatter,
            "director@alliance.org",
            "squatters own passphrase",
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "the password they chose is gone"
    );

    let path = link.strip_prefix(&app.base_url).unwrap().to_owned();
    let set = app.reset_password(&path, "staff room kettle honest").await;
    assert_eq!(set.location(), Some("/staff"));
}
