//! Where members came from: a link to `/join?from=…` tags the account through the
//! join form (a failed submit too), a confirmed join counts under its kind on the
//! staff dashboard (its table, its "who counts" choice, its CSV) and in
//! `members::joined_from`, an unconfirmed one nowhere; the rollup still replays from
//! the log; event and newsletter pages tag their join links; the export says it.

use membernet_domain::{
    events::{EventInput, EventStatus},
    join_source::JoinSource,
};
use membernet_persistence::{entity::membership_event, events as stored, members};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use time::{Duration, OffsetDateTime};

use crate::{
    helpers::{PASSWORD, Page, TestApp, new_client, read, spawn},
    organizations::staff_client,
    planner::csv_fields,
};

/// Opens `/join?from={from}` on `browser` and sends the form with `fields` (the
/// hidden source as the page holds it). Returns the page the form was on and the
/// answer.
async fn join_on(
    app: &TestApp,
    browser: &reqwest::Client,
    from: &str,
    fields: &[(&str, &str)],
) -> (Page, Page) {
    let query = serde_urlencoded::to_string([("from", from)]).unwrap();
    let form = app.get_with(browser, &format!("/join?{query}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = form.csrf_token();
    let hidden = form.input_value("from").unwrap_or_default();
    let mut all = vec![("csrf_token", token.as_str()), ("from", hidden.as_str())];
    all.extend_from_slice(fields);
    (form, post(app, browser, &all).await)
}

async fn post(app: &TestApp, browser: &reqwest::Client, fields: &[(&str, &str)]) -> Page {
    read(
        browser
            .post(app.url("/join"))
            .form(fields)
            .send()
            .await
            .expect("POST answers"),
    )
    .await
}

/// [`join_on`] a browser of its own.
async fn join_from(app: &TestApp, from: &str, fields: &[(&str, &str)]) -> (Page, Page) {
    join_on(app, &new_client(), from, fields).await
}

/// Joins from `from` and confirms the address.
pub(crate) async fn member_from(app: &TestApp, from: &str, name: &str, email: &str, country: &str) {
    let fields = [
        ("full_name", name),
        ("email", email),
        ("password", PASSWORD),
        ("country", country),
        ("privacy", "yes"),
    ];
    let (_, sent) = join_from(app, from, &fields).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let verified = app.verify_signed_in(email, PASSWORD).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
}

async fn joined_from(app: &TestApp, from: &str) -> u64 {
    members::joined_from(app.db(), &JoinSource::parse(from))
        .await
        .unwrap()
}

/// The figure in the row named `name` of the dashboard's table of sources.
fn source_row(page: &Page, name: &str) -> Option<(String, String)> {
    let start = page.body.find(&format!("<th scope=\"row\">{name}</th>"))?;
    let cells: Vec<String> = page.body[start..]
        .split("<td class=\"number\">")
        .skip(1)
        .take(2)
        .map(|cell| cell.split("</td>").next().unwrap_or_default().to_owned())
        .collect();
    Some((cells[0].clone(), cells[1].clone()))
}

#[tokio::test]
async fn joins_from_tagged_links_count_under_their_kind_once_confirmed() {
    let app = spawn().await;
    let staff = staff_client(&app).await;
    member_from(&app, "week:2022", "Amina Otieno", "amina@ngo.org", "KE").await;
    member_from(
        &app,
        "event:webinar-ratios-2026-03-10",
        "Okello Ojok",
        "okello@ngo.org",
        "UG",
    )
    .await;
    member_from(
        &app,
        "campaign:october-news",
        "Chidi Okeke",
        "chidi@ngo.org",
        "NG",
    )
    .await;
    // A malformed source is a direct join, never an error.
    member_from(&app, "week:<script>", "Lina Haddad", "lina@ngo.org", "LB").await;
    app.member("Sofia Reyes", "sofia@ngo.org", "PE").await;
    // Joined from the week, never confirmed: counted nowhere.
    let fields = [
        ("full_name", "Pending Person"),
        ("email", "pending@ngo.org"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("privacy", "yes"),
    ];
    let (_, sent) = join_from(&app, "week:2022", &fields).await;
    assert_eq!(sent.status, StatusCode::OK);

    assert_eq!(joined_from(&app, "week:2022").await, 1);
    assert_eq!(joined_from(&app, "week:2023").await, 0, "that exact week");
    assert_eq!(
        joined_from(&app, "event:webinar-ratios-2026-03-10").await,
        1
    );
    assert_eq!(joined_from(&app, "campaign:october-news").await, 1);
    assert_eq!(joined_from(&app, "direct").await, 2);

    // The table of sources, for the network and the default period.
    let page = app.get_with(&staff, "/staff/statistics").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Where members came from");
    for (name, joined, share) in [
        ("The awareness week", "1", "20.0%"),
        ("An event", "1", "20.0%"),
        ("A campaign link", "1", "20.0%"),
        ("Directly", "2", "40.0%"),
    ] {
        assert_eq!(
            source_row(&page, name),
            Some((joined.to_owned(), share.to_owned())),
            "{name}"
        );
    }
    assert_eq!(source_row(&page, "Before sources were recorded"), None);

    // For one region: only Amina (Kenya) and Okello (Uganda) joined in Eastern Africa.
    let east = app
        .get_with(&staff, "/staff/statistics?region=eastern-africa")
        .await;
    assert_eq!(
        source_row(&east, "The awareness week"),
        Some(("1".to_owned(), "50.0%".to_owned()))
    );
    assert_eq!(
        source_row(&east, "Directly"),
        Some(("0".to_owned(), "0.0%".to_owned()))
    );

    // "Who counts": the members who joined from the week.
    let week = app.get_with(&staff, "/staff/statistics?source=week").await;
    assert_eq!(week.status, StatusCode::OK);
    week.assert_contains("The whole network · joined from the awareness week");
    week.assert_contains("\">The whole network</a></th>\n    <td class=\"number\">1</td>");
    week.assert_contains("<option value=\"week\" selected>");
    let direct = app
        .get_with(&staff, "/staff/statistics?source=direct")
        .await;
    direct.assert_contains("\">The whole network</a></th>\n    <td class=\"number\">2</td>");
    let refused = app
        .get_with(
            &staff,
            "/staff/statistics?source=newspaper&category=educator",
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    refused.assert_contains("Choose where members joined from in the list");

    // The table as CSV, named after the choices.
    let csv = app
        .get_with(&staff, "/staff/statistics?format=csv&table=sources")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let disposition = csv.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.ends_with("-month-sources.csv\""),
        "{disposition}"
    );
    let rows: Vec<Vec<String>> = csv.body.lines().map(csv_fields).collect();
    assert_eq!(rows[0], ["Joined from", "Code", "Joined", "Share of joins"]);
    assert_eq!(rows[1], ["Directly", "direct", "2", "40.0"]);
    assert_eq!(rows[2], ["The awareness week", "week", "1", "20.0"]);
    assert_eq!(rows.len(), 5);

    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn the_dashboard_of_sources_is_for_staff_only() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    for path in [
        "/staff/statistics?source=week",
        "/staff/statistics?format=csv&table=sources",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        let visitor = app.get_with(&new_client(), path).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{path}");
    }
    // The public API has no source to choose: it answers for everyone.
    let tagged = app
        .get_with(&new_client(), "/api/v1/stats/growth?source=week")
        .await;
    let everyone = app.get_with(&new_client(), "/api/v1/stats/growth").await;
    assert_eq!(tagged.body, everyone.body);
}

#[tokio::test]
async fn a_failed_join_keeps_its_source_and_a_bad_one_is_dropped() {
    let app = spawn().await;
    // No privacy consent: refused, the source kept in the hidden field.
    let fields = [
        ("full_name", "Amina Otieno"),
        ("email", "amina@ngo.org"),
        ("password", PASSWORD),
        ("country", "KE"),
    ];
    let browser = new_client();
    let (form, refused) = join_on(&app, &browser, "event:webinar-ratios-2026-03-10", &fields).await;
    assert_eq!(
        form.input_value("from").as_deref(),
        Some("event:webinar-ratios-2026-03-10")
    );
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.input_value("from").as_deref(),
        Some("event:webinar-ratios-2026-03-10")
    );
    // Sent again from the page that came back, as a browser does.
    let token = refused.csrf_token();
    let from = refused.input_value("from").unwrap();
    let mut again = vec![
        ("csrf_token", token.as_str()),
        ("from", from.as_str()),
        ("privacy", "yes"),
    ];
    again.extend_from_slice(&fields);
    let sent = post(&app, &browser, &again).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(
        members::join_source(app.db(), app.account("amina@ngo.org").await.id)
            .await
            .unwrap(),
        Some(JoinSource::parse("event:webinar-ratios-2026-03-10"))
    );

    // A source that does not read leaves no hidden field: a direct join.
    let (form, _) = join_from(&app, "campaign:\"><b>x</b>", &[]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.input_value("from"), None);
    assert!(!form.body.contains("<b>x</b>"));
    // Nor does a repeated parameter refuse the page.
    let twice = app.get("/join?from=week:2022&from=week:2023").await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.input_value("from").as_deref(), Some("week:2022"));
}

#[tokio::test]
async fn the_export_says_where_the_member_came_from_and_erasure_keeps_only_the_kind() {
    let app = spawn().await;
    member_from(
        &app,
        "campaign:october-news",
        "Amina Otieno",
        "amina@ngo.org",
        "KE",
    )
    .await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let export: serde_json::Value =
        serde_json::from_str(&app.get("/account/export").await.body).unwrap();
    assert_eq!(export["account"]["joined_from"], "campaign:october-news");
    assert_eq!(export["membership_history"][0]["joined_from"], "campaign");

    let done = app
        .submit("/account", "/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    let events = membership_event::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(events.len(), 2, "joined, left");
    for event in &events {
        assert_eq!(event.member_id, None);
        assert_eq!(event.source.as_deref(), Some("campaign"), "the kind stays");
    }
    assert_eq!(joined_from(&app, "campaign:october-news").await, 0);
    app.assert_rollup_matches_log().await;
}

/// A published event starting in three days.
async fn published_event(app: &TestApp) -> membernet_domain::events::Event {
    let zone = membernet_domain::events::Zone::parse("Africa/Nairobi").unwrap();
    let start = OffsetDateTime::now_utc() + Duration::days(3);
    let input = EventInput {
        title: "Developing minimum ratios".into(),
        summary: "A test webinar.".into(),
        description: "Join us.".into(),
        kind: "webinar".into(),
        time_zone: zone.name().into(),
        starts: zone.field_value(start),
        ends: zone.field_value(start + Duration::hours(1)),
        join_url: "https://meet.example.org/room".into(),
        languages: vec!["en".into()],
        ..EventInput::default()
    };
    let draft = input.parse().expect("a valid event");
    let now = OffsetDateTime::now_utc();
    let event = stored::create(app.db(), &draft, now).await.unwrap();
    stored::set_status(app.db(), event.id, EventStatus::Published, now)
        .await
        .unwrap();
    stored::find(app.db(), event.id).await.unwrap().unwrap()
}

#[tokio::test]
async fn event_and_newsletter_pages_tag_their_join_links() {
    let app = spawn().await;
    let event = published_event(&app).await;
    let page = format!("/events/{}", event.slug);
    let visitor = new_client();
    let shown = app.get_with(&visitor, &page).await.input_value("shown");
    let sent = app
        .submit_with(
            &visitor,
            &page,
            &format!("{page}/register"),
            &[
                ("full_name", "Chidi Okeke"),
                ("email", "chidi@example.org"),
                ("country", "NG"),
                ("shown", shown.as_deref().unwrap_or_default()),
            ],
        )
        .await;
    sent.assert_contains(&format!("href=\"/join?from=event:{}\"", event.slug));

    // The demo network: an archived newsletter, and members from every source.
    app.seed_demo_network(300).await;
    let archive = app.get("/newsletters").await;
    archive.assert_contains("<a href=\"/join\">");
    let slug = archive
        .body
        .split("href=\"/newsletters/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let newsletter = app.get(&format!("/newsletters/{slug}")).await;
    newsletter.assert_contains(&format!("href=\"/join?from=campaign:{slug}\""));

    let staff = staff_client(&app).await;
    let dashboard = app.get_with(&staff, "/staff/statistics?from=2013-01").await;
    for name in [
        "The awareness week",
        "An event",
        "A campaign link",
        "Directly",
    ] {
        let (joined, _) = source_row(&dashboard, name).unwrap();
        assert_ne!(joined, "0", "{name}");
    }
    assert_eq!(source_row(&dashboard, "Before sources were recorded"), None);
    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn members_who_joined_before_sources_were_recorded_are_shown_apart() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    member_from(&app, "week:2022", "Okello Ojok", "okello@ngo.org", "UG").await;
    // As an account from before this release: no source on the row nor its events.
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let amina = app.account("amina@ngo.org").await.id;
    let row = membernet_persistence::entity::member::Entity::find_by_id(amina.0)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut row = row.into_active_model();
    row.join_source = Set(None);
    row.update(app.db()).await.unwrap();
    for event in membership_event::Entity::find()
        .all(app.db())
        .await
        .unwrap()
    {
        if event.member_id == Some(amina.0) {
            let mut event = event.into_active_model();
            event.source = Set(None);
            event.update(app.db()).await.unwrap();
        }
    }
    // The rollup as `stats rebuild` makes it from that log.
    membernet_persistence::rollup::rebuild(app.db(), false)
        .await
        .unwrap();

    let staff = staff_client(&app).await;
    let page = app.get_with(&staff, "/staff/statistics").await;
    assert_eq!(
        source_row(&page, "Before sources were recorded"),
        Some(("1".to_owned(), "50.0%".to_owned()))
    );
    assert_eq!(
        source_row(&page, "Directly"),
        Some(("0".to_owned(), "0.0%".to_owned()))
    );
    assert_eq!(joined_from(&app, "direct").await, 0);
    // Her changes after the upgrade are recorded without a source too.
    app.log_in("amina@ngo.org", PASSWORD).await;
    let moved = app
        .submit(
            "/account",
            "/account",
            &[("full_name", "Amina Otieno"), ("country", "TZ")],
        )
        .await;
    assert!(moved.status.is_redirection() || moved.status.is_success());
    app.assert_rollup_matches_log().await;
}
