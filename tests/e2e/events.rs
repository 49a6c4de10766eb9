//! Events: staff create and publish them, members and guests register, the
//! waiting list, reminders (once, across instances), calendar files, the API,
//! staff's registrant tools, and a member's data.

use std::collections::HashSet;

use membernet_domain::events::{Event, EventInput, EventStatus, RegistrationStatus, SpeakerInput};
use membernet_persistence::events::{self as stored, NewRegistration, Registered};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

use crate::helpers::{PASSWORD, TestApp, link_in, new_client, spawn};

const ADMIN: &str = "events.admin@alliance.org";

/// A published event starting `in_hours` from now, in `zone`, with `capacity`.
async fn published(app: &TestApp, title: &str, in_hours: i64, capacity: Option<u32>) -> Event {
    let zone = membernet_domain::events::Zone::parse("Africa/Nairobi").unwrap();
    let start = OffsetDateTime::now_utc() + Duration::hours(in_hours);
    let input = EventInput {
        title: title.into(),
        summary: "A test webinar.".into(),
        description: "Join us.".into(),
        kind: "webinar".into(),
        time_zone: zone.name().into(),
        starts: zone.field_value(start),
        ends: zone.field_value(start + Duration::hours(1)),
        join_url: "https://meet.example.org/secret-room".into(),
        capacity: capacity.map(|c| c.to_string()).unwrap_or_default(),
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

async fn register_as(
    app: &TestApp,
    client: &reqwest::Client,
    event: &Event,
) -> crate::helpers::Page {
    let path = format!("/events/{}", event.slug);
    app.submit_with(client, &path, &format!("{path}/register"), &[])
        .await
}

/// A member signed in on a browser of their own.
async fn member_browser(app: &TestApp, name: &str, email: &str, country: &str) -> reqwest::Client {
    app.member(name, email, country).await;
    let browser = new_client();
    app.log_in_with(&browser, email, PASSWORD).await;
    browser
}

#[tokio::test]
async fn staff_create_publish_and_the_public_sees_it() {
    let app = spawn().await;
    let staff = new_client();
    app.sign_in_admin_with(&staff, ADMIN, "Ada Admin").await;

    // Bad input: every problem named, nothing typed lost.
    let bad = app
        .submit_with(
            &staff,
            "/staff/events/new",
            "/staff/events/new",
            &[
                ("title", "Ratios and costing"),
                ("kind", "webinar"),
                ("time_zone", "Mars/Olympus"),
                ("starts", "2027-03-17T08:30"),
                ("ends", "2027-03-17T08:00"),
                ("capacity", "0"),
                ("join_url", "javascript:alert(1)"),
                ("reference_zones", "Africa/Johannesburg, Nowhere/Else"),
                ("speaker_name", ""),
                ("speaker_role", "Adviser"),
                ("speaker_organization", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Enter a time zone from the list");
    bad.assert_contains("Enter a number of seats of 1 or more");
    bad.assert_contains("Enter a web address starting with https://");
    bad.assert_contains("Choose at least one language");
    bad.assert_contains("Enter time zones from the list");
    bad.assert_contains("Enter each speaker’s name");
    bad.assert_contains(r#"value="Ratios and costing""#);
    bad.assert_contains(r#"value="Mars/Olympus""#);
    bad.assert_contains("Africa/Johannesburg, Nowhere/Else");
    bad.assert_contains(r#"value="Adviser""#);

    // End before start in a real zone; a deadline after the start.
    let bad = app
        .submit_with(
            &staff,
            "/staff/events/new",
            "/staff/events/new",
            &[
                ("title", "Ratios and costing"),
                ("kind", "webinar"),
                ("time_zone", "America/New_York"),
                ("starts", "2027-03-17T08:30"),
                ("ends", "2027-03-17T08:00"),
                ("deadline", "2027-03-18T08:00"),
                ("join_url", "https://meet.example.org/x"),
                ("languages", "en"),
            ],
        )
        .await;
    bad.assert_contains("The end must be after the start");
    bad.assert_contains("The registration deadline must be before the start");

    let created = app
        .submit_with(
            &staff,
            "/staff/events/new",
            "/staff/events/new",
            &[
                ("title", "Developing Minimum Ratios and Costing"),
                ("summary", "A method to cost the workforce."),
                (
                    "description",
                    "**Bring questions.** <script>alert(1)</script>",
                ),
                ("kind", "webinar"),
                ("time_zone", "America/New_York"),
                ("starts", "2027-03-17T08:30"),
                ("ends", "2027-03-17T10:00"),
                ("join_url", "https://meet.example.org/ratios"),
                ("languages", "en"),
                ("languages", "fr"),
                ("countries", "KE"),
                ("reference_zones", "Africa/Johannesburg, Asia/Jakarta"),
                ("speaker_name", "Grace Banda"),
                ("speaker_role", "Adviser"),
                ("speaker_organization", "Ministry"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let edit_path = created.location().unwrap().to_owned();
    let slug = edit_path.trim_start_matches("/staff/events/").to_owned();
    assert_eq!(slug, "developing-minimum-ratios-and-costing-2027-03-17");

    // A draft is not public.
    assert_eq!(
        app.get(&format!("/events/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    let published = app
        .submit_with(&staff, &edit_path, &format!("{edit_path}/publish"), &[])
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);

    // The public page: times in the event's zone, the reader's and the reference
    // zones; 8:30 in New York after the change to daylight time is 14:30 in
    // Johannesburg and 19:30 in Jakarta.
    let page = app.get(&format!("/events/{slug}?tz=Africa/Nairobi")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Wednesday 17 March 2027, 08:30–10:00 EDT (America/New York)");
    page.assert_contains("Wednesday 17 March 2027, 15:30–17:00 EAT (Africa/Nairobi)");
    page.assert_contains("14:30–16:00 SAST (Africa/Johannesburg)");
    page.assert_contains("19:30–21:00 WIB (Asia/Jakarta)");
    page.assert_contains("<strong>Bring questions.</strong>");
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    page.assert_contains("Grace Banda");
    // The joining link is for registrants only.
    assert!(!page.body.contains("meet.example.org/ratios"));
    // The zone chosen is remembered.
    let cookie = page.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with("membernet_tz=Africa/Nairobi"),
        "{cookie}"
    );

    // Listed, and found by its filters.
    app.get("/events").await.assert_contains(&slug);
    app.get("/events?language=fr&region=eastern-africa")
        .await
        .assert_contains(&slug);
    assert!(!app.get("/events?language=es").await.body.contains(&slug));
    assert!(!app.get("/events?kind=in_person").await.body.contains(&slug));

    // Duplicate: a draft a week later.
    let copy = app
        .submit_with(&staff, &edit_path, &format!("{edit_path}/duplicate"), &[])
        .await;
    assert_eq!(
        copy.location(),
        Some("/staff/events/developing-minimum-ratios-and-costing-2027-03-24")
    );
}

#[tokio::test]
async fn staff_pages_refuse_members_and_visitors() {
    let app = spawn().await;
    let event = published(&app, "Staff only", 48, None).await;
    let member = member_browser(&app, "Mo Member", "mo@example.org", "KE").await;
    for path in [
        "/staff/events".to_owned(),
        "/staff/events/new".to_owned(),
        format!("/staff/events/{}", event.slug),
        format!("/staff/events/{}/registrations", event.slug),
        format!("/staff/events/{}/registrations?format=csv", event.slug),
    ] {
        assert_eq!(
            app.get_with(&member, &path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let visitor = app.get_with(&new_client(), &path).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{path}");
    }
    let token = app.get_with(&member, "/account").await.csrf_token();
    let posted = member
        .post(app.url(&format!("/staff/events/{}/cancel", event.slug)))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    let still = stored::find(app.db(), event.id).await.unwrap().unwrap();
    assert_eq!(still.status, EventStatus::Published);
}

#[tokio::test]
async fn a_member_registers_with_one_button_and_the_waiting_list_moves_up() {
    let app = spawn().await;
    let event = published(&app, "One seat", 72, Some(1)).await;
    let amina = member_browser(&app, "Amina Odhiambo", "amina@example.org", "KE").await;
    let bruno = member_browser(&app, "Bruno Silva", "bruno@example.org", "BR").await;

    let first = register_as(&app, &amina, &event).await;
    first.assert_contains("You are registered");
    let second = register_as(&app, &bruno, &event).await;
    second.assert_contains("You are on the waiting list");
    // Registering again changes nothing.
    register_as(&app, &amina, &event)
        .await
        .assert_contains("You are already registered");

    // Amina's confirmation carries the joining link and the calendar file.
    let emails = app.emails_to("amina@example.org").await;
    let confirmation = emails
        .iter()
        .find(|email| email.subject.starts_with("You are registered"))
        .expect("a confirmation");
    assert!(
        confirmation
            .body_text
            .contains("https://meet.example.org/secret-room")
    );
    assert!(confirmation.body_text.contains("(Africa/Nairobi)"));
    let calendar = confirmation.calendar.as_deref().expect("an invite.ics");
    let parsed: icalendar::Calendar = calendar.parse().expect("the calendar parses");
    assert_eq!(parsed.components.len(), 1);
    // Bruno, waiting, gets no link; his email says when in São Paulo too.
    let waiting = app.emails_to("bruno@example.org").await;
    let waiting = waiting
        .iter()
        .find(|e| e.subject.starts_with("Waiting list"))
        .unwrap();
    assert!(!waiting.body_text.contains("secret-room"));
    assert!(
        waiting.body_text.contains("(America/Sao Paulo)"),
        "{}",
        waiting.body_text
    );

    // The page shows the link to Amina only.
    let page = format!("/events/{}", event.slug);
    app.get_with(&amina, &page)
        .await
        .assert_contains("secret-room");
    assert!(
        !app.get_with(&bruno, &page)
            .await
            .body
            .contains("secret-room")
    );
    app.get_with(&amina, "/account")
        .await
        .assert_contains("One seat");

    // Amina cancels from the page: Bruno gets the seat and an email.
    let cancelled = app
        .submit_with(&amina, &page, &format!("{page}/cancel"), &[])
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    let promoted = app.emails_to("bruno@example.org").await;
    let promoted = promoted
        .iter()
        .find(|e| e.subject.starts_with("A seat is yours"))
        .expect("Bruno is told");
    assert!(promoted.body_text.contains("secret-room"));
    app.get_with(&bruno, &page)
        .await
        .assert_contains("You are registered");
    let event = stored::find(app.db(), event.id).await.unwrap().unwrap();
    assert_eq!((event.registered, event.waiting), (1, 0));
}

#[tokio::test]
async fn two_people_taking_the_last_seat_at_once_get_one_seat_and_one_place_in_line() {
    let app = spawn().await;
    let event = published(&app, "Last seat", 72, Some(3)).await;
    let mut tasks = Vec::new();
    for n in 0..12 {
        let db = app.db().clone();
        let id = event.id;
        tasks.push(tokio::spawn(async move {
            let person = NewRegistration {
                member: None,
                name: format!("Person {n}"),
                email: format!("person{n}@example.org"),
                country: Some("KE".into()),
                language: "en".into(),
                pending: false,
            };
            stored::register(&db, id, &person, OffsetDateTime::now_utc()).await
        }));
    }
    let mut seats = 0;
    let mut waiting = 0;
    for task in tasks {
        match task.await.unwrap().expect("every registration is stored") {
            Registered::Seat(_) => seats += 1,
            Registered::Waiting(_) => waiting += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((seats, waiting), (3, 9));
    let event = stored::find(app.db(), event.id).await.unwrap().unwrap();
    assert_eq!((event.registered, event.waiting), (3, 9));
    let rows = stored::registrants(app.db(), event.id, None).await.unwrap();
    let with_seat = rows
        .iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .count();
    assert_eq!(with_seat, 3);
}

#[tokio::test]
async fn a_guest_registers_confirms_by_email_and_cancels_without_signing_in() {
    let app = spawn().await;
    let event = published(&app, "Open to all", 72, None).await;
    let page = format!("/events/{}", event.slug);
    let visitor = new_client();

    // Bad input keeps what was typed.
    let form = app.get_with(&visitor, &page).await;
    let shown = form.input_value("shown").unwrap();
    let bad = app
        .submit_with(
            &visitor,
            &page,
            &format!("{page}/register"),
            &[
                ("full_name", "Chidi Okeke"),
                ("email", "not-an-address"),
                ("country", ""),
                ("shown", &shown),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Enter an email address in the correct format");
    bad.assert_contains(r#"value="Chidi Okeke""#);
    bad.assert_contains(r#"value="not-an-address""#);

    let sent = app
        .submit_with(
            &visitor,
            &page,
            &format!("{page}/register"),
            &[
                ("full_name", "Chidi Okeke"),
                ("email", "chidi@example.org"),
                ("country", "NG"),
                ("shown", &shown),
            ],
        )
        .await;
    sent.assert_contains("Check your email");
    // Not yet counted.
    assert_eq!(
        stored::find(app.db(), event.id)
            .await
            .unwrap()
            .unwrap()
            .registered,
        0
    );
    let email = app.emails_to("chidi@example.org").await.remove(0);
    assert!(email.subject.starts_with("Confirm your registration"));
    assert!(
        !email.body_text.contains("Chidi"),
        "no typed words go to an unproven address"
    );
    assert!(email.body_text.contains("/join"), "an invitation to join");
    let confirm = link_in(&email.body_text, &app.base_url).unwrap();
    assert!(confirm.starts_with("/events/confirm?r="), "{confirm}");

    // A forged or altered link does nothing.
    let forged = confirm.replace("r=", "r=9").replace('.', "x.");
    assert_eq!(app.get(&forged).await.status, StatusCode::NOT_FOUND);
    app.get(&confirm)
        .await
        .assert_contains("You are registered");
    assert_eq!(
        stored::find(app.db(), event.id)
            .await
            .unwrap()
            .unwrap()
            .registered,
        1
    );

    // The confirmation holds a cancel link; a GET only shows a button.
    let emails = app.emails_to("chidi@example.org").await;
    let registered = emails
        .iter()
        .find(|e| e.subject.starts_with("You are registered"))
        .unwrap();
    let cancel = registered
        .body_text
        .lines()
        .find(|line| line.contains("/events/cancel?r="))
        .and_then(|line| link_in(line, &app.base_url))
        .unwrap();
    let cancel_page = app.get_with(&new_client(), &cancel).await;
    cancel_page.assert_contains("Do you want to cancel your registration?");
    assert_eq!(
        stored::find(app.db(), event.id)
            .await
            .unwrap()
            .unwrap()
            .registered,
        1
    );
    // Someone else's id with this signature is refused.
    let (id, signature) = cancel
        .trim_start_matches("/events/cancel?r=")
        .split_once('.')
        .unwrap();
    let other = format!(
        "/events/cancel?r={}.{signature}",
        id.parse::<i64>().unwrap() + 1
    );
    assert_eq!(app.get(&other).await.status, StatusCode::NOT_FOUND);
    let signed = format!("{id}.{signature}");
    let stranger = new_client();
    let done = app
        .submit_with(&stranger, &cancel, "/events/cancel", &[("r", &signed)])
        .await;
    done.assert_contains("Your registration is cancelled");
    assert_eq!(
        stored::find(app.db(), event.id)
            .await
            .unwrap()
            .unwrap()
            .registered,
        0
    );
}

#[tokio::test]
async fn reminders_go_once_across_restarts_and_instances() {
    let app = spawn().await;
    let event = published(&app, "Reminded", 30, None).await;
    for n in 0..5 {
        let person = NewRegistration {
            member: None,
            name: format!("Person {n}"),
            email: format!("reminded{n}@example.org"),
            country: Some("ZA".into()),
            language: if n % 2 == 0 { "en" } else { "fr" }.into(),
            pending: false,
        };
        stored::register(
            app.db(),
            event.id,
            &person,
            OffsetDateTime::now_utc() - Duration::days(3),
        )
        .await
        .unwrap();
    }
    let second = app.second_instance().await;
    let services = [app.services.clone(), second.services.clone()];
    let count = |subject: &'static str| {
        let db = app.db().clone();
        async move {
            let mut total = 0;
            for n in 0..5 {
                total += membernet_persistence::outbox::for_address(
                    &db,
                    &format!("reminded{n}@example.org"),
                )
                .await
                .unwrap()
                .iter()
                .filter(|e| e.subject.contains(subject))
                .count();
            }
            total
        }
    };
    // 30 hours before: nothing due.
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        membernet_web::services::events::send_due_reminders(&services[0], now)
            .await
            .unwrap(),
        0
    );

    // 23 hours before, both instances at once, then again (a restart): one each.
    let at = event.starts_at() - Duration::hours(23);
    let (a, b) = tokio::join!(
        membernet_web::services::events::send_due_reminders(&services[0], at),
        membernet_web::services::events::send_due_reminders(&services[1], at),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 5);
    membernet_web::services::events::send_due_reminders(&services[1], at + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(count("Tomorrow").await + count("Demain").await, 5);

    // 50 minutes before: the hour's reminder, once.
    let at = event.starts_at() - Duration::minutes(50);
    let (a, b) = tokio::join!(
        membernet_web::services::events::send_due_reminders(&services[0], at),
        membernet_web::services::events::send_due_reminders(&services[1], at),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 5);
    assert_eq!(count("Starting soon").await + count("Bientôt").await, 5);
    // Each in the registrant's language.
    let french = membernet_persistence::outbox::for_address(app.db(), "reminded1@example.org")
        .await
        .unwrap();
    assert!(
        french.iter().any(|e| e.subject.starts_with("Bientôt")),
        "{:?}",
        french.iter().map(|e| &e.subject).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn calendar_files_and_the_api_list_published_events() {
    let app = spawn().await;
    let event = published(&app, "In the calendar", 100, Some(50)).await;
    let draft = EventInput {
        speakers: vec![SpeakerInput::default()],
        ..membernet_domain::events::EventInput::of(&event.draft)
    };
    let mut hidden = draft.parse().unwrap();
    hidden.title = "A draft nobody sees".into();
    stored::create(app.db(), &hidden, OffsetDateTime::now_utc())
        .await
        .unwrap();

    let file = app.get(&format!("/events/{}.ics", event.slug)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let calendar: icalendar::Calendar = file.body.parse().expect("parses");
    let entry = calendar.components[0].as_event().expect("an event");
    use icalendar::Component;
    assert_eq!(entry.get_summary(), Some("In the calendar"));
    let starts = entry.get_start().expect("a start");
    assert!(format!("{starts:?}").contains(&event.starts_at().year().to_string()));
    assert!(
        !file.body.contains("secret-room"),
        "the joining link is for registrants"
    );

    let feed = app.get("/events.ics").await;
    let calendar: icalendar::Calendar = feed.body.parse().expect("the feed parses");
    assert_eq!(calendar.components.len(), 1, "{}", feed.body);

    let api = app.get("/api/v1/events").await;
    assert_eq!(api.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["slug"], event.slug.as_str());
    assert_eq!(events[0]["seats_left"], 50);
    assert_eq!(events[0]["time_zone"], "Africa/Nairobi");
    let bad = app.get("/api/v1/events?language=xx").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("unknown_language"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&app.get("/api/v1/events?when=past").await.body)
            .unwrap()["events"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn staff_export_registrants_through_the_audit_log_and_import_attendance() {
    let app = spawn().await;
    let event = published(&app, "Attended", 1, None).await;
    for (n, email) in ["ana@example.org", "ben@example.org", "cy@example.org"]
        .iter()
        .enumerate()
    {
        let person = NewRegistration {
            member: None,
            name: format!("Person {n}"),
            email: (*email).into(),
            country: Some(["KE", "KE", "FR"][n].into()),
            language: "en".into(),
            pending: false,
        };
        stored::register(app.db(), event.id, &person, OffsetDateTime::now_utc())
            .await
            .unwrap();
    }
    let staff = new_client();
    app.sign_in_admin_with(&staff, ADMIN, "Ada Admin").await;
    let path = format!("/staff/events/{}/registrations", event.slug);
    let page = app.get_with(&staff, &path).await;
    page.assert_contains("ana@example.org");
    page.assert_contains("Kenya");

    // The CSV export is written to the audit log; another site cannot start it.
    let cross = staff
        .get(app.url(&format!("{path}?format=csv")))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let csv = app.get_with(&staff, &format!("{path}?format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
    app.get_with(&staff, "/staff/exports")
        .await
        .assert_contains(&format!("event={}", event.slug));

    // The webinar tool's attendee list: matched by address, any case.
    let imported = app
        .submit_with(
            &staff,
            &path,
            &format!("/staff/events/{}/attendance/import", event.slug),
            &[("attendees", "Name,Email,Minutes\nAna,ANA@example.org,55\nCy,cy@example.org,12\nZed,zed@example.org,40\n")],
        )
        .await;
    imported.assert_contains("3 addresses in the list; 2 registrations marked as present.");
    let rows = stored::registrants(app.db(), event.id, None).await.unwrap();
    let attended: HashSet<&str> = rows
        .iter()
        .filter(|r| r.attended)
        .map(|r| r.email.as_str())
        .collect();
    assert_eq!(
        attended,
        HashSet::from(["ana@example.org", "cy@example.org"])
    );
    let counts = stored::by_country(app.db(), event.id).await.unwrap();
    assert!(counts.contains(&(Some("KE".into()), 2, 1)), "{counts:?}");
}

#[tokio::test]
async fn a_members_registrations_are_in_their_export_and_anonymised_when_they_leave() {
    let app = spawn().await;
    let event = published(&app, "Exported", 72, None).await;
    let member = member_browser(&app, "Dora Explorer", "dora@example.org", "PE").await;
    register_as(&app, &member, &event)
        .await
        .assert_contains("You are registered");
    let export = app.get_with(&member, "/account/export").await;
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["event_registrations"][0]["event"], "Exported");
    assert_eq!(data["event_registrations"][0]["status"], "registered");

    let account = app.account("dora@example.org").await;
    membernet_persistence::personal_data::erase(
        app.db(),
        account.id,
        None,
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let rows = stored::of_person(app.db(), account.id.0, "dora@example.org")
        .await
        .unwrap();
    assert!(rows.is_empty(), "nothing names her any more");
    let event = stored::find(app.db(), event.id).await.unwrap().unwrap();
    assert_eq!(event.registered, 1, "the anonymous count stays");
    let counts = stored::by_country(app.db(), event.id).await.unwrap();
    assert_eq!(counts, vec![(Some("PE".into()), 1, 0)]);
}

#[tokio::test]
async fn every_registrant_of_a_large_webinar_is_reminded_and_unconfirmed_guests_go() {
    let app = spawn().await;
    let event = published(&app, "Large", 20, None).await;
    let long_ago = OffsetDateTime::now_utc() - Duration::days(10);
    for n in 0..520 {
        let person = NewRegistration {
            member: None,
            name: format!("Person {n}"),
            email: format!("large{n}@example.org"),
            country: None,
            language: "en".into(),
            pending: n >= 510,
        };
        stored::register(app.db(), event.id, &person, long_ago)
            .await
            .unwrap();
    }
    // More than one batch: everyone with a seat, once; nobody unconfirmed. (The
    // server's own reminder round may run meanwhile: claims keep it to one each.)
    let _ = membernet_web::services::events::send_due_reminders(
        &app.services,
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    let mut wrong = Vec::new();
    for n in 0..510 {
        let emails = app.emails_to(&format!("large{n}@example.org")).await.len();
        if emails != 1 {
            wrong.push((n, emails));
        }
    }
    assert!(
        wrong.is_empty(),
        "(registrant, reminders) not one each: {wrong:?}"
    );
    let again = membernet_web::services::events::send_due_reminders(
        &app.services,
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    assert_eq!(app.emails_to("large509@example.org").await.len(), 1);
    assert!(app.emails_to("large515@example.org").await.is_empty());

    // Housekeeping: guests who never confirmed (ten days ago) are deleted.
    membernet_web::services::housekeeping::tidy(&app.services)
        .await
        .unwrap();
    assert!(
        stored::registration_of(app.db(), event.id, "large515@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        stored::registration_of(app.db(), event.id, "large5@example.org")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn leaving_frees_the_seat_a_guest_form_cannot_block_a_member_and_cancelled_events_promote_nobody()
 {
    let app = spawn().await;
    let event = published(&app, "One seat again", 72, Some(1)).await;
    let amina = member_browser(&app, "Amina Odhiambo", "amina@example.org", "KE").await;

    // Someone types Amina's address into the guest form: a pending row, no seat.
    let page = format!("/events/{}", event.slug);
    let stranger = new_client();
    let shown = app
        .get_with(&stranger, &page)
        .await
        .input_value("shown")
        .unwrap();
    app.submit_with(
        &stranger,
        &page,
        &format!("{page}/register"),
        &[
            ("full_name", "Not Amina"),
            ("email", "amina@example.org"),
            ("country", "KE"),
            ("shown", &shown),
        ],
    )
    .await
    .assert_contains("Check your email");
    // Amina's one button still gives her the seat, and the row is hers.
    register_as(&app, &amina, &event)
        .await
        .assert_contains("You are registered");
    let account = app.account("amina@example.org").await;
    let mine = stored::for_member(app.db(), account.id.0).await.unwrap();
    assert_eq!(mine.len(), 1);

    // Bruno waits; Amina leaves the network: her seat goes to Bruno, who is told.
    let bruno = member_browser(&app, "Bruno Silva", "bruno@example.org", "BR").await;
    register_as(&app, &bruno, &event)
        .await
        .assert_contains("waiting list");
    let erased = membernet_web::services::accounts::erasure::erase_own_account(
        &app.services,
        &account,
        PASSWORD.to_owned(),
    )
    .await
    .unwrap();
    assert!(matches!(
        erased,
        membernet_web::services::accounts::erasure::Erased::Erased
    ));
    app.get_with(&bruno, &page)
        .await
        .assert_contains("You are registered");
    assert!(
        app.emails_to("bruno@example.org")
            .await
            .iter()
            .any(|e| e.subject.starts_with("A seat is yours"))
    );

    // Carla waits; staff cancel the event; Bruno cancels after: nobody moves up.
    let carla = member_browser(&app, "Carla Diaz", "carla@example.org", "PE").await;
    register_as(&app, &carla, &event)
        .await
        .assert_contains("waiting list");
    let current = stored::find(app.db(), event.id).await.unwrap().unwrap();
    membernet_web::services::events::cancel_event(&app.services, &current)
        .await
        .unwrap();
    assert!(
        app.emails_to("carla@example.org")
            .await
            .iter()
            .any(|e| e.subject.starts_with("Cancelled"))
    );
    let rows = stored::registrants(app.db(), event.id, None).await.unwrap();
    let bruno_row = rows
        .iter()
        .find(|r| r.email == "bruno@example.org")
        .unwrap();
    membernet_web::services::events::cancel_registration(&app.services, bruno_row)
        .await
        .unwrap();
    assert!(
        !app.emails_to("carla@example.org")
            .await
            .iter()
            .any(|e| e.subject.starts_with("A seat is yours"))
    );
}
