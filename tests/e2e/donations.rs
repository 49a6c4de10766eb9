//! Donations: staff configure the ways to give (bad addresses and missing fields
//! named, nothing typed lost), `/support` links to exactly the active ones and to
//! nothing else off the site, hidden ones vanish, the thank-you page never
//! redirects or repeats an address it is given, staff record gifts received
//! outside Membernet and see their totals by currency, and the staff pages are
//! closed to members and visitors and need their CSRF token.

use membernet_persistence::{
    donations as stored,
    entity::{donation_gift, staff_audit},
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use time::macros::date;

use crate::helpers::{PASSWORD, Page, TestApp, new_client, spawn};

const ADMIN: &str = "donations.admin@alliance.org";

/// Staff, signed in on a browser of their own.
async fn staff(app: &TestApp) -> reqwest::Client {
    let client = new_client();
    app.sign_in_admin_with(&client, ADMIN, "Ada Admin").await;
    client
}

const NEW_OPTION: &str = "/staff/donations/options/new";
const NEW_GIFT: &str = "/staff/donations/gifts/new";

async fn add_option(app: &TestApp, staff: &reqwest::Client, fields: &[(&str, &str)]) -> Page {
    app.submit_with(staff, NEW_OPTION, NEW_OPTION, fields).await
}

fn option_fields<'a>(
    label: &'a str,
    frequency: &'a str,
    currency: &'a str,
    url: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("provider", "Stripe"),
        ("frequency", frequency),
        ("currency", currency),
        ("amount", "25"),
        ("label", label),
        ("description", "Any amount helps."),
        ("url", url),
        ("position", ""),
    ]
}

/// Every address the page links to or loads that leaves the site (absolute or
/// protocol-relative), in `href`, `src` or `action`.
fn off_site_addresses(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\"", "action=\""] {
        for rest in body.split(attribute).skip(1) {
            let value = rest.split('"').next().unwrap_or_default();
            let lower = value.to_ascii_lowercase();
            if lower.starts_with("http:")
                || lower.starts_with("https:")
                || lower.starts_with("//")
                || lower.starts_with("javascript:")
                || lower.starts_with("data:")
            {
                found.push(value.to_owned());
            }
        }
    }
    found.sort();
    found
}

/// The id of the option labelled `label`, from the staff page.
async fn option_id(app: &TestApp, staff: &reqwest::Client, label: &str) -> String {
    let page = app.get_with(staff, "/staff/donations").await;
    let before = page
        .body
        .split(&format!("\">{label}</a>"))
        .next()
        .expect("the option is listed");
    before
        .rsplit("/staff/donations/options/")
        .next()
        .expect("a link to the option")
        .to_owned()
}

#[tokio::test]
async fn staff_configure_ways_to_give_and_bad_input_is_named_with_nothing_lost() {
    let app = spawn().await;
    let staff = staff(&app).await;

    let bad = add_option(
        &app,
        &staff,
        &[
            ("provider", "Stripe"),
            ("frequency", "one_time"),
            ("currency", ""),
            ("amount", "25.50"),
            ("label", "Give once <b>now</b>"),
            ("description", "Kept as typed"),
            ("url", "javascript:alert(document.cookie)"),
            ("position", "7"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("There is a problem");
    bad.assert_contains("Enter a currency");
    bad.assert_contains("Enter a web address starting with https://");
    bad.assert_contains(r##"href="#currency""##);
    bad.assert_contains(r##"href="#url""##);
    // Nothing typed is lost, and what was typed is escaped.
    bad.assert_contains(r#"value="Stripe""#);
    bad.assert_contains(r#"value="25.50""#);
    bad.assert_contains(r#"value="Give once &#60;b&#62;now&#60;/b&#62;""#);
    bad.assert_contains("Kept as typed");
    bad.assert_contains(r#"value="javascript:alert(document.cookie)""#);
    bad.assert_contains(r#"value="7""#);

    let plain_http = add_option(
        &app,
        &staff,
        &option_fields(
            "Give once",
            "one_time",
            "USD",
            "http://donate.example.org/give",
        ),
    )
    .await;
    assert_eq!(plain_http.status, StatusCode::UNPROCESSABLE_ENTITY);
    plain_http.assert_contains("Enter a web address starting with https://");
    plain_http.assert_contains(r#"value="http://donate.example.org/give""#);

    for (url, message) in [
        (
            "https://donate.example.org@evil.example/",
            "without a user name or password",
        ),
        ("https://localhost/give", "on the provider’s site"),
        ("", "Enter the address of the provider’s page"),
    ] {
        let refused = add_option(
            &app,
            &staff,
            &option_fields("Give once", "one_time", "USD", url),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        refused.assert_contains(message);
    }
    let bad_currency = add_option(
        &app,
        &staff,
        &option_fields(
            "Give once",
            "one_time",
            "EURO",
            "https://donate.example.org/x",
        ),
    )
    .await;
    bad_currency.assert_contains("Enter a currency’s three-letter code");
    bad_currency.assert_contains(r#"value="EURO""#);

    let added = add_option(
        &app,
        &staff,
        &option_fields(
            "Give once in US dollars",
            "one_time",
            "usd",
            "https://donate.example.org/once",
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.location(), Some("/staff/donations"));
    let list = app.get_with(&staff, "/staff/donations").await;
    list.assert_contains("The way to give is added");
    list.assert_contains("Give once in US dollars");
    list.assert_contains("USD\u{a0}25.00");

    // Editing: the form holds what was saved; a bad change is refused whole.
    let id = option_id(&app, &staff, "Give once in US dollars").await;
    let path = format!("/staff/donations/options/{id}");
    let form = app.get_with(&staff, &path).await;
    form.assert_contains(r#"value="https://donate.example.org/once""#);
    form.assert_contains(&format!("{}/support/thanks?option={id}", app.base_url));
    let refused = app
        .submit_with(
            &staff,
            &path,
            &path,
            &option_fields("Changed", "monthly", "USD", "ftp://donate.example.org/"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains(r#"value="Changed""#);
    let saved = app
        .submit_with(
            &staff,
            &path,
            &path,
            &option_fields(
                "Give every month",
                "monthly",
                "EUR",
                "https://donate.example.org/monthly",
            ),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let support = app.get("/support").await;
    support.assert_contains("Give every month");
    support.assert_contains("EUR\u{a0}25.00");
    assert!(!support.body.contains("Give once in US dollars"));

    // Every change is in the audit log, by this staff member.
    let audited = staff_audit::Entity::find()
        .filter(staff_audit::Column::Action.is_in([stored::ADD_OPTION, stored::EDIT_OPTION]))
        .filter(staff_audit::Column::ActorId.is_not_null())
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn support_links_to_exactly_the_active_ways_to_give_and_nothing_else_off_the_site() {
    let app = spawn().await;

    // None configured: a sentence, not an empty page; staff are shown where to set
    // them up, visitors are not.
    let empty = app.get("/support").await;
    assert_eq!(empty.status, StatusCode::OK);
    empty.assert_contains("There is no way to give online yet");
    assert!(!empty.body.contains("/staff/donations"));
    assert_eq!(off_site_addresses(&empty.body), Vec::<String>::new());
    let staff = staff(&app).await;
    let empty = app.get_with(&staff, "/support").await;
    empty.assert_contains(r#"href="/staff/donations""#);

    for (label, frequency, url) in [
        ("Give once", "one_time", "https://donate.example.org/once"),
        (
            "Give monthly",
            "monthly",
            "https://donate.example.org/monthly?ref=site",
        ),
        (
            "Give in euros",
            "one_time",
            "https://giving.example.org/projects/1",
        ),
    ] {
        let added = add_option(&app, &staff, &option_fields(label, frequency, "USD", url)).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let support = app.get("/support").await;
    assert_eq!(support.status, StatusCode::OK);
    assert_eq!(
        off_site_addresses(&support.body),
        [
            "https://donate.example.org/monthly?ref=site",
            "https://donate.example.org/once",
            "https://giving.example.org/projects/1",
        ]
    );
    support.assert_contains(
        r#"<a href="https://donate.example.org/once" rel="noopener">Give once</a>"#,
    );
    support.assert_contains("Give every month");
    support.assert_contains("Membernet never sees your card or bank details");
    support.assert_contains("Opens Stripe’s page at donate.example.org");
    // One-time gifts first, then monthly.
    let once = support.body.find("Give once</a>").unwrap();
    let monthly = support.body.find("Give monthly</a>").unwrap();
    let monthly_heading = support.body.find("Give every month</h2>").unwrap();
    assert!(once < monthly_heading && monthly_heading < monthly);

    // Hidden: gone from the page; shown again: back.
    let id = option_id(&app, &staff, "Give in euros").await;
    let action = format!("/staff/donations/options/{id}/active");
    let hidden = app
        .submit_with(&staff, "/staff/donations", &action, &[("active", "false")])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER);
    let support = app.get("/support").await;
    assert!(!support.body.contains("giving.example.org"));
    assert!(!support.body.contains("Give in euros"));
    assert_eq!(off_site_addresses(&support.body).len(), 2);
    app.get_with(&staff, "/staff/donations")
        .await
        .assert_contains("Hidden");
    app.submit_with(&staff, "/staff/donations", &action, &[("active", "true")])
        .await;
    app.get("/support")
        .await
        .assert_contains("https://giving.example.org/projects/1");
    let nonsense = app
        .submit_with(&staff, "/staff/donations", &action, &[("active", "maybe")])
        .await;
    assert_eq!(nonsense.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_thanks_page_never_redirects_and_never_repeats_an_address_it_is_given() {
    let app = spawn().await;
    let staff = staff(&app).await;
    add_option(
        &app,
        &staff,
        &option_fields(
            "Give once",
            "one_time",
            "USD",
            "https://donate.example.org/once",
        ),
    )
    .await;
    let id = option_id(&app, &staff, "Give once").await;

    for query in [
        "next=https://evil.example/phish".to_owned(),
        "return=https%3A%2F%2Fevil.example%2F".to_owned(),
        "url=//evil.example".to_owned(),
        "redirect_uri=javascript:alert(1)&next=https://evil.example".to_owned(),
        format!("option={id}&next=https://evil.example"),
        format!("option={id}&option=https://evil.example"),
        "option=https://evil.example".to_owned(),
        "option=999999".to_owned(),
        "option=%FF%FE".to_owned(),
    ] {
        let page = app.get(&format!("/support/thanks?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert!(page.location().is_none(), "{query}");
        assert!(page.headers.get("refresh").is_none(), "{query}");
        assert!(!page.body.contains("evil.example"), "{query}");
        assert!(!page.body.contains("http-equiv"), "{query}");
        assert!(!page.body.contains("javascript:"), "{query}");
        assert_eq!(
            off_site_addresses(&page.body),
            Vec::<String>::new(),
            "{query}"
        );
        page.assert_contains("Thank you");
    }
    // A configured option is named, an unknown one is not.
    let named = app.get(&format!("/support/thanks?option={id}")).await;
    named.assert_contains("Thank you for your gift (Give once, through Stripe)");
    let unknown = app.get("/support/thanks?option=999999").await;
    unknown.assert_contains("Thank you for supporting the network");
    assert!(!unknown.body.contains("Give once"));
}

#[tokio::test]
async fn offline_gifts_are_recorded_deleted_and_totalled_by_currency() {
    let app = spawn().await;
    let staff = staff(&app).await;

    let bad = app
        .submit_with(
            &staff,
            NEW_GIFT,
            NEW_GIFT,
            &[
                ("amount", "ten dollars"),
                ("currency", ""),
                ("received_on", "2999-01-01"),
                ("donor", "Kept Donor"),
                ("note", "Kept note"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Enter a currency");
    bad.assert_contains("Enter a day that is not in the future");
    bad.assert_contains(r#"value="ten dollars""#);
    bad.assert_contains(r#"value="2999-01-01""#);
    bad.assert_contains(r#"value="Kept Donor""#);
    bad.assert_contains("Kept note");
    let bad = app
        .submit_with(
            &staff,
            NEW_GIFT,
            NEW_GIFT,
            &[
                ("amount", "10.5555"),
                ("currency", "USD"),
                ("received_on", ""),
            ],
        )
        .await;
    bad.assert_contains("Enter the amount with no more decimals than the currency has");
    bad.assert_contains("Enter the day it was received");
    let bad = app
        .submit_with(
            &staff,
            NEW_GIFT,
            NEW_GIFT,
            &[
                ("amount", "0"),
                ("currency", "USD"),
                ("received_on", "2022-10-03"),
            ],
        )
        .await;
    bad.assert_contains("Enter an amount more than 0");
    assert_eq!(
        donation_gift::Entity::find().count(app.db()).await.unwrap(),
        0
    );

    for (amount, currency, day, donor) in [
        ("250", "USD", "2022-10-03", "Secret Donor Foundation"),
        ("1,000.50", "usd", "2022-10-31", ""),
        ("300", "EUR", "2022-10-12", ""),
        ("15000", "JPY", "2022-10-01", ""),
        ("99", "USD", "2022-11-01", ""),
        ("5", "USD", "2022-09-30", ""),
    ] {
        let recorded = app
            .submit_with(
                &staff,
                NEW_GIFT,
                NEW_GIFT,
                &[
                    ("amount", amount),
                    ("currency", currency),
                    ("received_on", day),
                    ("donor", donor),
                    ("note", "By bank transfer"),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        assert_eq!(
            recorded.location(),
            Some("/staff/donations?from=2022-01-01&to=2022-12-31")
        );
    }

    let october = app
        .get_with(&staff, "/staff/donations?from=2022-10-01&to=2022-10-31")
        .await;
    assert_eq!(october.status, StatusCode::OK);
    october.assert_contains("Received from 2022-10-01 to 2022-10-31");
    october.assert_contains("<th scope=\"row\">EUR</th><td class=\"number\">EUR\u{a0}300.00</td>");
    october.assert_contains("<th scope=\"row\">JPY</th><td class=\"number\">JPY\u{a0}15,000</td>");
    october
        .assert_contains("<th scope=\"row\">USD</th><td class=\"number\">USD\u{a0}1,250.50</td>");
    october.assert_contains("Secret Donor Foundation");
    october.assert_contains("Ada Admin");
    assert!(!october.body.contains("USD\u{a0}99.00"));
    let french = app
        .get_with(&staff, "/language/fr?next=/staff/donations")
        .await;
    assert_eq!(french.status, StatusCode::SEE_OTHER);
    app.get_with(&staff, "/staff/donations?from=2022-10-01&to=2022-10-31")
        .await
        .assert_contains("1\u{202f}250,50\u{a0}USD");
    app.get_with(&staff, "/language/en?next=/staff/donations")
        .await;

    // The interface other features use: inclusive days, by currency.
    let totals = membernet_web::services::donations::totals_between(
        &app.services,
        date!(2022 - 10 - 01),
        date!(2022 - 10 - 31),
    )
    .await
    .unwrap();
    let read: Vec<(&str, i64)> = totals
        .iter()
        .map(|total| (total.currency.code(), total.minor))
        .collect();
    assert_eq!(read, [("EUR", 30_000), ("JPY", 15_000), ("USD", 125_050)]);
    assert_eq!(
        totals[2].display(membernet_web::locale::Locale::En),
        "USD\u{a0}1,250.50"
    );
    let one_day = membernet_web::services::donations::totals_between(
        &app.services,
        date!(2022 - 10 - 31),
        date!(2022 - 10 - 31),
    )
    .await
    .unwrap();
    assert_eq!(one_day.len(), 1);
    assert_eq!(one_day[0].minor, 100_050);
    assert!(
        membernet_web::services::donations::totals_between(
            &app.services,
            date!(2022 - 10 - 31),
            date!(2022 - 10 - 01),
        )
        .await
        .unwrap()
        .is_empty()
    );

    // A period typed wrong is named, and what was typed stays.
    let wrong = app
        .get_with(&staff, "/staff/donations?from=2022-10-31&to=2022-10-01")
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("The end must be on or after the start");
    wrong.assert_contains(r#"value="2022-10-31""#);
    let wrong = app.get_with(&staff, "/staff/donations?from=soon&to=").await;
    wrong.assert_contains("Enter a real date");
    wrong.assert_contains(r#"value="soon""#);

    // Deleting asks first, then takes the gift out of the totals.
    let gift = donation_gift::Entity::find()
        .filter(donation_gift::Column::AmountMinor.eq(25_000))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let confirm_path = format!("/staff/donations/gifts/{}/delete", gift.id);
    let confirm = app.get_with(&staff, &confirm_path).await;
    confirm.assert_contains("Delete this gift?");
    confirm.assert_contains("USD\u{a0}250.00");
    let deleted = app
        .submit_with(&staff, &confirm_path, &confirm_path, &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let october = app
        .get_with(&staff, "/staff/donations?from=2022-10-01&to=2022-10-31")
        .await;
    october.assert_contains("The gift is deleted");
    october.assert_contains("USD\u{a0}1,000.50</td>");
    assert!(!october.body.contains("Secret Donor Foundation"));
    let again = app
        .submit_with(&staff, "/staff/donations", &confirm_path, &[])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // The audit log keeps what was deleted, not who gave it.
    let entry = staff_audit::Entity::find()
        .filter(staff_audit::Column::Action.eq(stored::DELETE_GIFT))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entry.detail,
        format!("gift={} USD 250.00 received 2022-10-03", gift.id)
    );
    let recorded = staff_audit::Entity::find()
        .filter(staff_audit::Column::Action.eq(stored::RECORD_GIFT))
        .count(app.db())
        .await
        .unwrap();
    assert_eq!(recorded, 6);

    // Donors' names are staff's record only.
    for path in ["/support", "/support/thanks", "/"] {
        let page = app.get(path).await;
        assert!(!page.body.contains("Secret Donor"), "{path}");
    }
}

#[tokio::test]
async fn staff_pages_refuse_members_send_visitors_to_sign_in_and_need_the_csrf_token() {
    let app = spawn().await;
    let staff = staff(&app).await;
    add_option(
        &app,
        &staff,
        &option_fields(
            "Give once",
            "one_time",
            "USD",
            "https://donate.example.org/once",
        ),
    )
    .await;
    let id = option_id(&app, &staff, "Give once").await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let amina = new_client();
    app.log_in_with(&amina, "amina@ngo.org", PASSWORD).await;

    let option_path = format!("/staff/donations/options/{id}");
    let pages = [
        "/staff/donations",
        NEW_OPTION,
        option_path.as_str(),
        NEW_GIFT,
        "/staff/donations/gifts/1/delete",
    ];
    for path in pages {
        let member = app.get_with(&amina, path).await;
        assert_eq!(member.status, StatusCode::FORBIDDEN, "{path}");
        let visitor = app.get(path).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{path}");
        assert!(visitor.location().unwrap().starts_with("/login"), "{path}");
    }
    let token = app.get_with(&amina, "/account").await.csrf_token();
    let active = format!("/staff/donations/options/{id}/active");
    for (action, fields) in [
        (active.as_str(), vec![("active", "false")]),
        (
            NEW_OPTION,
            option_fields("Mine", "one_time", "USD", "https://evil.example/"),
        ),
        (
            NEW_GIFT,
            vec![
                ("amount", "5"),
                ("currency", "USD"),
                ("received_on", "2022-10-03"),
            ],
        ),
    ] {
        let mut with_token = vec![("csrf_token", token.as_str())];
        with_token.extend(fields.iter().copied());
        let posted = amina
            .post(app.url(action))
            .form(&with_token)
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), StatusCode::FORBIDDEN, "{action}");
    }
    // Staff without the token: refused, nothing changed.
    let forged = staff
        .post(app.url(&active))
        .form(&[("active", "false")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let forged = staff
        .post(app.url(NEW_GIFT))
        .form(&[
            ("csrf_token", "not-the-token"),
            ("amount", "5"),
            ("currency", "USD"),
            ("received_on", "2022-10-03"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        donation_gift::Entity::find().count(app.db()).await.unwrap(),
        0
    );
    app.get("/support").await.assert_contains("Give once");
    // The staff home page links here.
    app.get_with(&staff, "/staff")
        .await
        .assert_contains(r#"href="/staff/donations""#);
}

#[tokio::test]
async fn the_demo_network_offers_three_example_ways_to_give_and_the_weeks_gifts() {
    let app = spawn().await;
    app.seed_demo_network(20).await;
    let support = app.get("/support").await;
    let links = off_site_addresses(&support.body);
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(
        links
            .iter()
            .all(|link| link.starts_with("https://") && link.contains(".example.org/")),
        "{links:?}"
    );
    support.assert_contains("(demo link)");
    let today = time::OffsetDateTime::now_utc().date();
    let totals = membernet_web::services::donations::totals_between(
        &app.services,
        today - time::Duration::days(10),
        today,
    )
    .await
    .unwrap();
    let currencies: Vec<&str> = totals.iter().map(|total| total.currency.code()).collect();
    assert_eq!(currencies, ["EUR", "KES", "USD"]);
    assert!(totals.iter().all(|total| total.minor > 0));
}
