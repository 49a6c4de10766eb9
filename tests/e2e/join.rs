use membernet_persistence::{members, public_figures};
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, spawn, spawn_with};

#[tokio::test]
async fn a_visitor_joins_and_is_asked_to_check_their_email() {
    let app = spawn().await;
    let page = app
        .join("Amina Otieno", " Amina@NGO.org ", PASSWORD, "ke")
        .await;

    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Check your email");
    page.assert_contains("amina@ngo.org");
    let emails = app.emails_to("amina@ngo.org").await;
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].subject, "Confirm your email address");
    assert!(
        !emails[0].body_text.contains("Amina"),
        "mail to an unproven address carries nothing the form set"
    );

    let account = app.account("amina@ngo.org").await;
    assert_eq!(
        account.country.map(|c| c.to_string()).as_deref(),
        Some("KE")
    );
    assert!(!account.is_verified());
    let figures = public_figures::members(app.db()).await.unwrap();
    assert_eq!(figures.total(), 0, "an unverified account is not a member");
    let accounts = members::account_counts(app.db()).await.unwrap();
    assert_eq!(accounts.unverified, 1);
}

#[tokio::test]
async fn the_join_form_lists_every_country_by_its_current_name() {
    let app = spawn().await;
    let page = app.get("/join").await;
    assert_eq!(page.status, StatusCode::OK);
    let options = page.body.matches("<option value=\"").count();
    assert!(options >= 250, "only {options} countries are offered");
    for name in [
        "Eswatini",
        "Türkiye",
        "North Macedonia",
        "Kosovo",
        "Kenya",
        "Cabo Verde",
    ] {
        page.assert_contains(&format!(">{name}</option>"));
    }
    assert!(!page.body.contains("Swaziland"));
    page.assert_contains("<title>Join the network · Membernet</title>");
}

#[tokio::test]
async fn joining_with_bad_input_shows_every_problem_and_keeps_what_was_typed() {
    let app = spawn().await;
    let fields = [
        ("full_name", "  "),
        ("email", "amina-at-ngo.org"),
        ("password", "password1"),
        ("country", "QQ"),
    ];
    let page = app.submit("/join", "/join", &fields).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("There is a problem");
    for (field, message) in [
        ("full_name", "Enter your full name"),
        ("email", "Enter an email address in the correct format"),
        (
            "password",
            "This password is too common or too easy to guess",
        ),
        ("country", "Choose a country from the list"),
        ("privacy", "Agree to the privacy notice to join"),
    ] {
        page.assert_contains(&format!("<a href=\"#{field}\">{message}"));
        page.assert_contains(&format!("id=\"{field}-error\">{message}"));
    }
    let summary_order: Vec<usize> = ["#full_name", "#email", "#password", "#country", "#privacy"]
        .iter()
        .map(|anchor| page.body.find(anchor).unwrap())
        .collect();
    assert!(
        summary_order.is_sorted(),
        "the summary follows the form's order"
    );
    assert_eq!(
        page.input_value("email").as_deref(),
        Some("amina-at-ngo.org")
    );
    assert!(
        !page.body.contains("password1"),
        "a password is never sent back"
    );
    assert!(app.emails_to("amina-at-ngo.org").await.is_empty());
}

#[tokio::test]
async fn passwords_too_short_too_long_or_too_common_are_refused() {
    let app = spawn().await;
    let long = "Zq8!".repeat(33);
    for (password, message) in [
        ("", "Choose a password"),
        ("Xq7#vL2", "at least 8 characters"),
        (long.as_str(), "128 characters or fewer"),
        ("qwertyuiop", "too common or too easy to guess"),
        ("aminaotieno", "too common or too easy to guess"),
    ] {
        let page = app
            .join("Amina Otieno", "amina@ngo.org", password, "KE")
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        page.assert_contains(message);
        page.assert_contains("value=\"Amina Otieno\"");
        page.assert_contains("<option value=\"KE\" selected>");
    }
}

#[tokio::test]
async fn joining_with_an_address_that_has_an_account_looks_the_same_and_warns_the_owner() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let new = app.join("Bo Lind", "bo@ngo.org", PASSWORD, "SE").await;
    let taken = app
        .join(
            "Someone Else",
            "AMINA@ngo.org",
            "another fine passphrase",
            "FR",
        )
        .await;

    assert_eq!(new.status, taken.status);
    let mask = |page: &crate::helpers::Page, address: &str| page.body.replace(address, "ADDRESS");
    assert_eq!(mask(&new, "bo@ngo.org"), mask(&taken, "amina@ngo.org"));

    let emails = app.emails_to("amina@ngo.org").await;
    assert_eq!(emails.len(), 2, "the verification email, then the warning");
    assert_eq!(
        emails[0].subject,
        "Someone tried to join with your email address"
    );
    assert!(
        emails[0].body_text.contains("Amina Otieno"),
        "the owner is greeted by name"
    );
    assert!(emails[0].body_text.contains("/password/forgot"));
    let account = app.account("amina@ngo.org").await;
    assert_eq!(
        account.full_name.as_str(),
        "Amina Otieno",
        "the account is unchanged"
    );
    assert_eq!(account.country.unwrap().as_str(), "KE");
}

#[tokio::test]
async fn a_filled_honeypot_creates_nothing_but_looks_like_success() {
    let app = spawn().await;
    let fields = [
        ("full_name", "Bot"),
        ("email", "bot@spam.example"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("privacy", "yes"),
        ("website", "http://spam.example"),
    ];
    let page = app.submit("/join", "/join", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Check your email");
    assert!(app.emails_to("bot@spam.example").await.is_empty());
    let accounts = members::account_counts(app.db()).await.unwrap();
    assert_eq!(accounts.unverified, 0);
}

#[tokio::test]
async fn a_form_sent_back_faster_than_a_person_types_is_refused_with_a_message() {
    let app =
        spawn_with(|config| config.join_min_fill_time = std::time::Duration::from_secs(60)).await;
    let page = app
        .join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Please check your details, then send the form again");
    page.assert_contains("value=\"amina@ngo.org\"");
    assert!(app.emails_to("amina@ngo.org").await.is_empty());
}

#[tokio::test]
async fn joining_too_often_from_one_address_is_rate_limited() {
    let app = spawn_with(|config| {
        config.rate_limits.join_per_ip = membernet_domain::rate_limit::RateLimit::new(2, 3600)
    })
    .await;
    for n in 0..2 {
        let page = app
            .join("Amina Otieno", &format!("amina{n}@ngo.org"), PASSWORD, "KE")
            .await;
        assert_eq!(page.status, StatusCode::OK);
    }
    let page = app
        .join("Amina Otieno", "amina9@ngo.org", PASSWORD, "KE")
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    page.assert_contains("Too many attempts");
    page.assert_contains("please wait");
    let retry_after: u64 = page.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry_after));
    assert!(app.emails_to("amina9@ngo.org").await.is_empty());
}

#[tokio::test]
async fn joining_again_with_an_address_never_confirmed_sends_a_link_to_finish_joining() {
    let app = spawn().await;
    app.join(
        "Squatter",
        "amina@ngo.org",
        "squatters own passphrase",
        "KE",
    )
    .await;
    let page = app
        .join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    page.assert_contains("Check your email");

    let emails = app.emails_to("amina@ngo.org").await;
    let finish = emails
        .iter()
        .find(|email| email.subject == "Finish joining the network")
        .expect("a link to finish joining was sent");
    let link = crate::helpers::link_in(&finish.body_text, &app.base_url).unwrap();
    assert!(link.starts_with("/password/reset?token="));
    let token = crate::helpers::token_of(&link);
    let done = app
        .submit(
            &link,
            "/password/reset",
            &[("token", &token), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let account = app.account("amina@ngo.org").await;
    assert!(account.counts_as_member(), "the link proved the address");
    let squatter = crate::helpers::new_client();
    let attempt = app
        .log_in_with(&squatter, "amina@ngo.org", "squatters own passphrase")
        .await;
    assert_eq!(attempt.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn joining_can_say_where_and_for_whom_one_works_and_opt_into_the_directory() {
    let app = spawn().await;
    let form = app.get("/join").await;
    form.assert_contains("Your work (optional)");
    let fields = [
        ("full_name", "Amina Otieno"),
        ("email", "amina@ngo.org"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("category", "social_worker"),
        ("organization", "Kenya Red Cross"),
        ("privacy", "yes"),
        ("listed", "yes"),
    ];
    let missing_type = app.submit("/join", "/join", &fields).await;
    assert_eq!(missing_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    missing_type.assert_contains("<a href=\"#organization_type\">Choose the type of organization");
    missing_type.assert_contains("value=\"Kenya Red Cross\"");
    missing_type.assert_contains("<option value=\"social_worker\" selected>");
    assert!(!missing_type.body.contains(PASSWORD));

    let mut fields = fields.to_vec();
    fields.push(("organization_type", "ngo"));
    let page = app.submit("/join", "/join", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !app.get("/organizations")
            .await
            .body
            .contains("Kenya Red Cross"),
        "an organisation of someone unconfirmed stays out of the list"
    );
    assert!(!app.get("/members").await.body.contains("Amina Otieno"));

    app.verify_signed_in("amina@ngo.org", PASSWORD).await;
    assert!(
        app.get("/organizations")
            .await
            .body
            .contains("Kenya Red Cross")
    );
    let directory = app.get("/members?q=amina").await;
    directory.assert_contains("<h3>Amina Otieno</h3>");
    directory.assert_contains("Kenya Red Cross");
    app.get("/countries/ke")
        .await
        .assert_contains("<td>Social worker</td><td class=\"number\">1</td>");
}

#[tokio::test]
async fn joining_with_a_taken_address_leaves_no_new_organisation_behind() {
    use membernet_persistence::entity::organization;
    use sea_orm::EntityTrait;

    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let fields = [
        ("full_name", "Someone Else"),
        ("email", "amina@ngo.org"),
        ("password", "another fine passphrase"),
        ("country", "FR"),
        ("organization", "Fondation Nouvelle"),
        ("organization_type", "ngo"),
        ("privacy", "yes"),
    ];
    let page = app.submit("/join", "/join", &fields).await;
    page.assert_contains("Check your email");
    let organizations = organization::Entity::find().all(app.db()).await.unwrap();
    assert!(
        organizations.iter().all(|o| o.name != "Fondation Nouvelle"),
        "the organisation is written with the account or not at all"
    );
}
