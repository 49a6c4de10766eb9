//! The journeys people make, typed and clicked in a real browser.

use crate::{
    browser::{self, Browser, Window},
    helpers::{PASSWORD, spawn},
};

pub async fn a_professional_joins_confirms_chooses_a_password_fills_in_their_work_and_appears_in_the_directory()
 {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let browser = Browser::open(tools, &app, Window::PHONE).await;

    browser.goto("/").await;
    browser.follow("Join the network for free").await;
    assert_eq!(browser.heading().await, "Join the network");
    browser.fill("Full name", "Wanjiru Kamau").await;
    browser.fill("Email address", "wanjiru@example.org").await;
    browser.fill("Choose a password", PASSWORD).await;
    browser.choose("Country where you work", "Kenya").await;
    browser.tick("I agree to the privacy notice").await;
    browser.press("Join").await;
    assert_eq!(browser.heading().await, "Check your email");
    browser.assert_reads("wanjiru@example.org").await;

    let link = app.link_sent_to("wanjiru@example.org").await;
    browser.goto(&link).await;
    browser
        .assert_reads("you will then choose a password")
        .await;
    browser.press("Confirm my email address").await;
    // Confirmed in a browser not signed in to the account: the owner of the address
    // chooses the password (whoever joined may not have been them).
    assert_eq!(browser.heading().await, "Choose a new password");
    browser
        .assert_reads("Your email address is confirmed. Choose a password to sign in.")
        .await;
    browser.fill("Choose a password", PASSWORD).await;
    browser.press("Save the new password").await;
    assert_eq!(browser.path().await, "/account");

    browser.fill("Job title", "Child protection officer").await;
    browser
        .choose("Which best describes your role?", "Social worker")
        .await;
    browser
        .fill("Organization you work for", "Nairobi Children's Services")
        .await;
    browser.choose("Type of organization", "Government").await;
    browser.tick("List me in the member directory").await;
    browser.press("Save changes").await;
    browser.assert_reads("Your changes are saved.").await;

    browser.follow("Members").await;
    assert_eq!(browser.heading().await, "Member directory");
    browser.assert_reads("Wanjiru Kamau").await;
    browser.assert_reads("Child protection officer").await;
    browser.follow("Nairobi Children's Services").await;
    browser.assert_reads("Wanjiru Kamau").await;
    browser.close().await;
}

pub async fn a_member_who_forgot_their_password_resets_it_and_logs_in_with_the_new_one() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let browser = Browser::open(tools, &app, Window::PHONE).await;

    browser.goto("/login").await;
    browser.follow("Forgotten your password?").await;
    assert_eq!(browser.heading().await, "Reset your password");
    browser.fill("Email address", "amina@ngo.org").await;
    browser.press("Send the link").await;
    assert_eq!(browser.heading().await, "Check your email");

    let link = app.link_sent_to("amina@ngo.org").await;
    browser.goto(&link).await;
    assert_eq!(browser.heading().await, "Choose a new password");
    browser
        .fill("Choose a password", "lantern orchard pebble tide")
        .await;
    browser.press("Save the new password").await;
    browser
        .assert_reads("Your new password is saved. You have been logged out everywhere else.")
        .await;

    browser.press("Log out").await;
    browser.goto("/login").await;
    browser.fill("Email address", "amina@ngo.org").await;
    browser.fill("Password", PASSWORD).await;
    browser.press("Log in").await;
    browser
        .assert_reads("The email address or password is not right")
        .await;
    browser
        .fill("Password", "lantern orchard pebble tide")
        .await;
    browser.press("Log in").await;
    assert_eq!(browser.path().await, "/account");
    browser.close().await;
}

pub async fn a_staff_member_sets_their_password_and_opens_the_dashboard() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.member("Bruno Silva", "bruno@ngo.org", "BR").await;
    let link =
        membernet_web::cli::create_admin(&app.services, "director@alliance.org", Some("Dana"))
            .await
            .expect("an admin");
    let path = link
        .strip_prefix(&app.base_url)
        .expect("the link points at the site");
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;

    browser.goto(path).await;
    browser
        .fill("Choose a password", "staff room kettle honest")
        .await;
    browser.press("Save the new password").await;
    assert_eq!(browser.path().await, "/staff");
    assert_eq!(browser.heading().await, "Staff");
    browser.assert_reads("The network at a glance.").await;

    staff_filters_the_dashboard_by_a_region_and_downloads_a_csv(&browser).await;
    browser.close().await;
}

/// From the staff area to the statistics, narrowed to a region by its label, and a
/// table downloaded. A headless browser keeps downloads out of reach, so the file is
/// read through the page, with the staff member's session, from the link's address.
async fn staff_filters_the_dashboard_by_a_region_and_downloads_a_csv(browser: &Browser) {
    browser
        .follow("Membership statistics: growth by country and region")
        .await;
    assert_eq!(browser.heading().await, "Membership statistics");
    browser.choose("Region", "Eastern Africa").await;
    browser.press("Show").await;
    assert!(
        browser.path().await.contains("region=eastern-africa"),
        "the choice is in the address"
    );
    browser.assert_reads("Eastern Africa, ").await;
    let table = browser
        .run(
            "return [...document.querySelectorAll('table')]
               .find(t => t.caption && t.caption.textContent.startsWith('Countries with members'))
               .innerText;",
        )
        .await;
    let table = table.as_str().expect("the table by country");
    assert!(table.contains("Kenya"), "Amina's Kenya is in East Africa");
    assert!(!table.contains("Brazil"), "Bruno's Brazil is not");
    let csv = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const link = [...document.querySelectorAll('a')]
               .find(a => a.textContent.trim() === 'Download the table by country (CSV)');
             fetch(link.href).then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .expect("the CSV downloads");
    let csv = csv.as_str().expect("the CSV is text");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|header| header.starts_with("Area,Code,Members at the start,Members")),
        "{csv}"
    );
    assert!(
        lines.any(|line| line.starts_with("Kenya,KE,0,1,1,0,0,1,")),
        "Amina's row: {csv}"
    );
}

pub async fn a_visitor_opens_a_country_profile_and_its_workforce_planner() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let browser = Browser::open(tools, &app, Window::PHONE).await;

    browser.goto("/").await;
    browser.follow("Countries").await;
    assert_eq!(browser.heading().await, "Countries");
    browser.follow("Kenya").await;
    assert_eq!(browser.path().await, "/countries/ke");
    assert_eq!(browser.heading().await, "Kenya");
    browser.follow("Plan the workforce").await;
    assert_eq!(browser.path().await, "/countries/ke/planner");
    assert_eq!(browser.heading().await, "Workforce planner: Kenya");
    for (label, value) in [
        ("Workers today", "5000"),
        ("Target ratio", "1:10000"),
        ("Years to reach it", "5"),
        ("Population growth, % a year", "2"),
        ("Workers who leave each year, %", "5"),
        ("Currency", "KES"),
        ("Average salary of a worker, a year", "600000"),
        ("On-costs, % of salary", "20"),
        ("Workers per supervisor", "10"),
        ("Average salary of a supervisor, a year", "900000"),
        ("Recruitment", "5000"),
        ("Initial training", "10000"),
        ("Equipment", "3000"),
        ("In-service training", "2000"),
        ("Transport", "1500"),
        ("Other operating costs", "2500"),
    ] {
        browser.fill(label, value).await;
    }
    browser.press("Calculate").await;
    assert!(
        browser.path().await.contains("current_workers=5000"),
        "the address holds the scenario"
    );
    browser.assert_reads("The plan").await;
    browser.close().await;
}
