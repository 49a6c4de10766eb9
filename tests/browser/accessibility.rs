//! axe-core on every page template, as a visitor, a member and staff: no violation
//! of WCAG 2.2 A or AA. Each page's count is printed (`--nocapture`), and a failure
//! lists every violation with the elements at fault.

use membernet_domain::organization::OrganizationName;

use crate::{
    browser::{self, Browser, Window},
    helpers::{PASSWORD, TestApp, spawn},
};

/// Kenya's planner with a whole scenario: the page shows the plan.
pub const PLANNED: &str = "/countries/ke/planner?population=54027487&scope=social_workers\
&current_workers=5000&target=10&years=5&attrition=5&population_growth=2&salary=600000&on_costs=20\
&supervision_span=10&supervisor_salary=900000&recruitment=5000&initial_training=10000&equipment=3000\
&in_service_training=2000&transport=1500&operating=2500&currency=KES&price_year=2025";

pub const ORGANIZATION: &str = "Kenya Association of Social Workers";

/// The address of the first event `/events` lists (the demo programme's).
pub async fn first_event(app: &TestApp) -> String {
    let slug = app
        .get("/events")
        .await
        .body
        .split("href=\"/events/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|slug| !slug.contains('?') && !slug.ends_with(".ics"))
        .expect("the events page links to an event")
        .to_owned();
    format!("/events/{slug}")
}

/// A network worth looking at: a demo network, and Amina, listed in the directory
/// with her job and organisation. Returns the organisation's page.
/// The address of the first item the library's page `list` (`/resources`,
/// `/stories`) links to.
pub async fn first_item(app: &TestApp, list: &str) -> String {
    let slug = app
        .get(list)
        .await
        .body
        .split(&format!("href=\"{list}/"))
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|slug| !slug.contains('?') && !slug.contains('.') && *slug != "submit")
        .expect("the library page links to an item")
        .to_owned();
    format!("{list}/{slug}")
}

/// Today's page of the demo's awareness week (it runs around the seeding day).
pub fn demo_week_day() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!("/weeks/2022/{}", membernet_domain::weeks::iso(today))
}

pub async fn network(app: &TestApp) -> String {
    app.seed_demo_network(300).await;
    let (_, saved) = app
        .member_with_profile(
            "Amina Otieno",
            "amina@ngo.org",
            "KE",
            &[
                ("job_title", "Social worker"),
                ("category", "social_worker"),
                ("organization", ORGANIZATION),
                ("organization_type", "ngo"),
                ("listed", "yes"),
                ("bio", "Child protection in Nairobi."),
            ],
        )
        .await;
    assert!(saved.status.is_redirection(), "{}", saved.body);
    let slug = OrganizationName::parse(ORGANIZATION)
        .expect("a valid name")
        .slug();
    format!("/organizations/{slug}")
}

/// Collects each page's violations.
struct Audit<'a> {
    browser: &'a Browser,
    who: &'static str,
    violations: Vec<String>,
}

impl<'a> Audit<'a> {
    fn new(browser: &'a Browser, who: &'static str) -> Self {
        Self {
            browser,
            who,
            violations: Vec::new(),
        }
    }

    /// Checks the page the browser shows, naming it `what`.
    async fn check(&mut self, what: &str) {
        let found = self.browser.accessibility_violations().await;
        eprintln!(
            "axe, as {} on {what}: {} violation(s)",
            self.who,
            found.len()
        );
        self.violations.extend(
            found
                .into_iter()
                .map(|violation| format!("{what}: {violation}")),
        );
    }

    async fn visit(&mut self, path: &str) {
        self.browser.goto(path).await;
        // A whole scenario or a token makes a long address: its path says enough.
        match path.split_once('?') {
            Some((path, query)) if query.len() > 40 => {
                self.check(&format!("{path}?…")).await;
            }
            _ => self.check(path).await,
        }
    }

    fn assert_clean(self) {
        assert!(
            self.violations.is_empty(),
            "axe finds {} WCAG 2.2 AA violation(s) as {}:\n{}",
            self.violations.len(),
            self.who,
            self.violations.join("\n")
        );
    }
}

pub async fn every_page_a_visitor_sees_meets_wcag_2_2_aa() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let organization = network(&app).await;
    let event = first_event(&app).await;
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;
    let mut audit = Audit::new(&browser, "a visitor");

    let resource = first_item(&app, "/resources").await;
    let story = first_item(&app, "/stories").await;
    let week_day = demo_week_day();
    for path in [
        "/events",
        event.as_str(),
        "/newsletters",
        "/resources",
        "/resources?q=protection&region=africa&sort=newest",
        resource.as_str(),
        "/stories",
        story.as_str(),
        "/",
        "/members",
        "/members?q=nobody+matches+this",
        "/organizations",
        organization.as_str(),
        "/countries",
        "/countries/ke",
        "/countries/ke/planner",
        PLANNED,
        "/stats",
        "/support",
        "/support/thanks?option=1",
        "/weeks",
        "/weeks/2022",
        "/weeks/2022/share",
        week_day.as_str(),
        "/no-such-page",
        "/password/reset?token=not-a-token",
        "/verify-email?token=not-a-token",
    ] {
        audit.visit(path).await;
    }

    audit.visit("/join").await;
    browser.press("Join").await;
    browser.assert_reads("There is a problem").await;
    audit.check("/join with errors").await;
    browser.fill("Full name", "Jean Dupont").await;
    browser.fill("Email address", "jean@example.org").await;
    browser.fill("Choose a password", PASSWORD).await;
    browser.choose("Country where you work", "France").await;
    browser.tick("I agree to the privacy notice").await;
    browser.press("Join").await;
    audit.check("/join, sent").await;

    let link = app.link_sent_to("jean@example.org").await;
    audit.visit(&link).await;
    browser.press("Confirm my email address").await;
    audit
        .check("/verify-email, confirmed: choose a password")
        .await;

    audit.visit("/login").await;
    browser.fill("Email address", "jean@example.org").await;
    browser.press("Log in").await;
    browser.assert_reads("There is a problem").await;
    audit.check("/login with errors").await;

    audit.visit("/password/forgot").await;
    browser.press("Send the link").await;
    browser.assert_reads("There is a problem").await;
    audit.check("/password/forgot with errors").await;
    browser.fill("Email address", "jean@example.org").await;
    browser.press("Send the link").await;
    audit.check("/password/forgot, sent").await;
    let link = app.link_sent_to("jean@example.org").await;
    audit.visit(&link).await;
    browser.press("Save the new password").await;
    browser.assert_reads("There is a problem").await;
    audit.check("/password/reset with errors").await;

    browser.close().await;
    audit.assert_clean();
}

pub async fn every_page_a_member_sees_meets_wcag_2_2_aa() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let organization = network(&app).await;
    app.join("Jean Dupont", "jean@example.org", PASSWORD, "FR")
        .await;
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;
    let mut audit = Audit::new(&browser, "a member");

    browser.goto("/login").await;
    browser.fill("Email address", "amina@ngo.org").await;
    browser.fill("Password", PASSWORD).await;
    browser.press("Log in").await;
    audit.check("/account").await;
    browser.press("Log out").await;

    browser.goto("/login").await;
    browser.fill("Email address", "jean@example.org").await;
    browser.fill("Password", PASSWORD).await;
    browser.press("Log in").await;
    audit.check("/account, not yet confirmed").await;
    browser.fill("Full name", "").await;
    browser.press("Save changes").await;
    browser.assert_reads("There is a problem").await;
    audit.check("/account with errors").await;

    let event = first_event(&app).await;
    for path in [
        "/events",
        event.as_str(),
        "/",
        "/members",
        organization.as_str(),
        "/countries/ke",
        "/countries/ke/planner",
        "/stats",
        "/staff",
        "/resources/submit",
        "/stories/submit?kind=profile",
    ] {
        audit.visit(path).await;
    }

    browser.goto("/account").await;
    browser
        .fill("Enter your password to confirm", PASSWORD)
        .await;
    browser.press("Delete my account").await;
    audit.check("/account/delete, deleted").await;

    browser.close().await;
    audit.assert_clean();
}

pub async fn every_page_staff_see_meets_wcag_2_2_aa() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let organization = network(&app).await;
    let link =
        membernet_web::cli::create_admin(&app.services, "director@alliance.org", Some("Dana"))
            .await
            .expect("an admin");
    let link = link
        .strip_prefix(&app.base_url)
        .expect("the link points at the site");
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;
    let mut audit = Audit::new(&browser, "staff");

    audit.visit(link).await;
    browser
        .fill("Choose a password", "staff room kettle honest")
        .await;
    browser.press("Save the new password").await;
    audit.check("/staff").await;

    let staff_organization = organization.replacen("/organizations/", "/staff/organizations/", 1);
    let staff_event = first_event(&app)
        .await
        .replacen("/events/", "/staff/events/", 1);
    let staff_registrations = format!("{staff_event}/registrations");
    let staff_week_day = demo_week_day().replace("/weeks/2022/", "/staff/weeks/1/days/");
    for path in [
        organization.as_str(),
        staff_organization.as_str(),
        "/countries/ke",
        "/staff/countries/ke/workforce",
        PLANNED,
        "/staff/statistics",
        "/staff/statistics?country=KE&interval=quarter",
        "/staff/statistics?from=2024-13",
        "/staff/members",
        "/staff/members?country=ZZ",
        "/staff/exports",
        "/staff/events",
        "/staff/events/new",
        staff_event.as_str(),
        staff_registrations.as_str(),
        "/staff/campaigns",
        "/staff/campaigns/new",
        "/staff/campaigns/1",
        "/staff/campaigns/2",
        "/staff/campaigns/1/preview?language=fr",
        "/staff/library",
        "/staff/library?status=published&section=story",
        "/staff/library/1",
        "/staff/library/new?section=story",
        "/staff/donations",
        "/staff/donations?from=2022-10-01&to=2022-10-31",
        "/staff/donations?from=2022-10-31&to=2022-10-01",
        "/staff/donations/options/new",
        "/staff/donations/options/1",
        "/staff/donations/gifts/new",
        "/staff/donations/gifts/1/delete",
        "/staff/weeks",
        "/staff/weeks/new",
        "/staff/weeks/1",
        staff_week_day.as_str(),
        "/weeks/2022",
        "/account",
    ] {
        audit.visit(path).await;
    }

    browser.close().await;
    audit.assert_clean();
}

pub async fn axe_runs_in_our_pages_despite_their_content_security_policy_and_reports_what_it_finds()
{
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let browser = Browser::open(tools, &app, Window::DESKTOP).await;
    browser.goto("/").await;
    // An image without a text alternative: axe must see it.
    browser
        .run("document.querySelector('h1').insertAdjacentHTML('afterend', '<img src=\"data:,\">');")
        .await;
    let violations = browser.accessibility_violations().await;
    browser.close().await;
    assert!(
        violations.iter().any(|v| v.starts_with("image-alt")),
        "{violations:?}"
    );
}
