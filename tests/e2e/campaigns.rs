//! Email campaigns: members choose topics (at joining, on the account page; each
//! change recorded), staff compose with bad input refused field by field, preview
//! and test; sending over real SMTP reaches each consenting member once in their
//! language, with a one-click unsubscribe that needs no session and cannot be
//! forged; a bounce stops later campaigns; the public archive.

use std::time::Duration;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

use crate::{
    email_smtp::{smtp_sink_refusing, unfold},
    helpers::{PASSWORD, TestApp, new_client, spawn, spawn_with},
};

pub(crate) const ADMIN: &str = "campaigns.admin@alliance.org";

/// A staff browser, signed in.
pub(crate) async fn staff(app: &TestApp) -> reqwest::Client {
    let client = new_client();
    app.sign_in_admin_with(&client, ADMIN, "Ada Admin").await;
    client
}

/// A member who chose `topics` on the join form, confirmed, reading `language`.
async fn member_with(app: &TestApp, name: &str, email: &str, topics: &[&str], language: &str) {
    let mut fields = vec![
        ("full_name", name),
        ("email", email),
        ("password", PASSWORD),
        ("country", "KE"),
        ("privacy", "yes"),
    ];
    let names: Vec<String> = topics.iter().map(|t| format!("topic_{t}")).collect();
    for name in &names {
        fields.push((name.as_str(), "yes"));
    }
    let joined = app.submit("/join", "/join", &fields).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let verified = app.verify_signed_in(email, PASSWORD).await;
    assert_eq!(verified.status, StatusCode::OK);
    app.db()
        .execute_unprepared(&format!(
            "UPDATE member SET locale = '{language}' WHERE email = '{email}'"
        ))
        .await
        .unwrap();
}

/// Staff create a campaign through the form; returns its page's path.
pub(crate) async fn compose(
    app: &TestApp,
    staff: &reqwest::Client,
    fields: &[(&str, &str)],
) -> String {
    let created = app
        .submit_with(
            staff,
            "/staff/campaigns/new",
            "/staff/campaigns/new",
            fields,
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    created.location().unwrap().to_owned()
}

pub(crate) async fn act(app: &TestApp, staff: &reqwest::Client, page: &str, action: &str) {
    let done = app
        .submit_with(staff, page, &format!("{page}/{action}"), &[])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
}

#[tokio::test]
async fn topics_are_chosen_at_joining_and_on_the_account_page_and_every_change_is_recorded() {
    let app = spawn().await;
    // Unticked by default.
    let form = app.get("/join").await;
    form.assert_contains("name=\"topic_news\"");
    assert!(
        !form
            .body
            .contains("name=\"topic_news\" type=\"checkbox\" value=\"yes\" checked")
    );

    member_with(&app, "Amina Otieno", "amina@ngo.org", &["news"], "en").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let account = app.get("/account").await;
    account.assert_contains(
        "id=\"topic_news\" name=\"topic_news\" type=\"checkbox\" value=\"yes\" checked",
    );
    assert!(!account.body.contains(
        "id=\"topic_events\" name=\"topic_events\" type=\"checkbox\" value=\"yes\" checked"
    ));

    let saved = app
        .submit("/account", "/account/emails", &[("topic_events", "yes")])
        .await;
    assert_eq!(saved.location(), Some("/account#emails"));
    let export: serde_json::Value =
        serde_json::from_str(&app.get("/account/export").await.body).unwrap();
    assert_eq!(export["email_topics"], serde_json::json!(["events"]));
    let history = export["email_consent"].as_array().unwrap();
    let summary: Vec<(String, bool, String)> = history
        .iter()
        .map(|row| {
            (
                row["topic"].as_str().unwrap().to_owned(),
                row["granted"].as_bool().unwrap(),
                row["how"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("news".into(), true, "join_form".into()),
            ("news".into(), false, "account_page".into()),
            ("events".into(), true, "account_page".into()),
        ]
    );
    // Saving the same choices again records nothing.
    app.submit("/account", "/account/emails", &[("topic_events", "yes")])
        .await;
    let export: serde_json::Value =
        serde_json::from_str(&app.get("/account/export").await.body).unwrap();
    assert_eq!(export["email_consent"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn only_staff_reach_campaigns_and_a_bad_form_keeps_what_was_typed() {
    let app = spawn().await;
    member_with(&app, "Amina Otieno", "amina@ngo.org", &["news"], "en").await;
    assert_ne!(app.get("/staff/campaigns").await.status, StatusCode::OK);
    let staff = staff(&app).await;
    let fields = [
        ("topic", "news"),
        ("default_language", "en"),
        ("subject_en", ""),
        ("body_en", "Hello **everyone**, typed with care"),
        ("subject_fr", "Bonjour"),
        ("body_fr", ""),
        ("subject_es", "Uno\r\nBcc: everyone@example.org"),
        ("body_es", "Hola"),
        ("country", "XX"),
        ("time_zone", "Mars/Olympus"),
        ("send_at", "2027-01-10T09:00"),
    ];
    let refused = app
        .submit_with(
            &staff,
            "/staff/campaigns/new",
            "/staff/campaigns/new",
            &fields,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Enter a subject (English)",
        "Enter the text of the email (French)",
        "The subject must be on one line (Spanish)",
        "Choose a country from the list",
        "Enter a time zone such as Africa/Nairobi or UTC",
    ] {
        refused.assert_contains(message);
    }
    refused.assert_contains("Hello **everyone**, typed with care</textarea>");
    refused.assert_contains("value=\"Bonjour\"");
    refused.assert_contains("value=\"Mars/Olympus\"");
    refused.assert_contains("value=\"2027-01-10T09:00\"");

    // Upcoming events go into the text, and nothing is saved yet.
    let mut with_events = fields.to_vec();
    with_events.push(("insert", "events"));
    let inserted = app
        .submit_with(
            &staff,
            "/staff/campaigns/new",
            "/staff/campaigns/new",
            &with_events,
        )
        .await;
    assert_eq!(inserted.status, StatusCode::OK);
    inserted.assert_contains("## Coming up");

    let page = compose(
        &app,
        &staff,
        &[
            ("topic", "news"),
            ("default_language", "en"),
            ("subject_en", "News from the network"),
            ("body_en", "Hello **everyone**"),
            ("subject_fr", "Nouvelles du réseau"),
            ("body_fr", "Bonjour **à tous**"),
            ("time_zone", "Africa/Nairobi"),
        ],
    )
    .await;
    let shown = app.get_with(&staff, &page).await;
    shown.assert_contains("Sent now, this campaign would reach 1 members.");
    let preview = app
        .get_with(&staff, &format!("{page}/preview?language=fr"))
        .await;
    preview.assert_contains("<strong>à tous</strong>");
    preview.assert_contains("Nouvelles du réseau");
    // A test goes to the staff member only.
    act(&app, &staff, &page, "test").await;
    let tests = app.emails_to(ADMIN).await;
    assert!(
        tests[0].subject.starts_with("[TEST] "),
        "{}",
        tests[0].subject
    );
    assert!(
        app.emails_to("amina@ngo.org")
            .await
            .iter()
            .all(|e| !e.subject.contains("News"))
    );
    // Scheduling needs a time; a draft not sent is not public.
    act(&app, &staff, &page, "schedule").await;
    app.get_with(&staff, &page)
        .await
        .assert_contains("Set a send time first");
    assert_eq!(app.get("/newsletters").await.status, StatusCode::OK);
}

/// Waits until `count` messages arrived (or 60 seconds passed).
async fn receive(
    inbox: &mut tokio::sync::mpsc::UnboundedReceiver<String>,
    count: usize,
) -> Vec<String> {
    let mut messages = Vec::new();
    while messages.len() < count {
        match tokio::time::timeout(Duration::from_secs(60), inbox.recv()).await {
            Ok(Some(message)) => messages.push(unfold(&message)),
            _ => break,
        }
    }
    messages
}

/// Takes whatever arrived until nothing more comes for half a second.
async fn drain(inbox: &mut tokio::sync::mpsc::UnboundedReceiver<String>) {
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(500), inbox.recv()).await {}
}

/// Waits until the campaign at `page` is sent.
pub(crate) async fn until_sent(app: &TestApp, staff: &reqwest::Client, page: &str) -> String {
    for _ in 0..600 {
        let shown = app.get_with(staff, page).await;
        if shown.body.contains("<strong>Sent</strong>") {
            return shown.body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the campaign was not sent in a minute");
}

#[tokio::test]
async fn a_campaign_reaches_each_consenting_member_once_in_their_language() {
    let (port, mut inbox) = smtp_sink_refusing(&["gone@ngo.org"]).await;
    let app = spawn_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.campaign_rate = 10_000;
    })
    .await;
    use membernet_domain::campaigns::Topic::{Events, News};
    let people: [(&str, &str, &[_]); 5] = [
        ("Amina Otieno", "amina@ngo.org", &[News]),
        ("Brigitte Kaboré", "brigitte@ngo.org", &[News, Events]),
        ("Carlos Mendes", "carlos@ngo.org", &[Events]),
        ("Dina Haddad", "dina@ngo.org", &[News]),
        ("Gone Address", "gone@ngo.org", &[News]),
    ];
    for (name, email, topics) in people {
        app.stored_member(name, email, "KE", topics).await;
    }
    app.db()
        .execute_unprepared("UPDATE member SET locale = 'fr' WHERE email = 'brigitte@ngo.org'")
        .await
        .unwrap();
    let staff = staff(&app).await;
    drain(&mut inbox).await;
    let page = compose(
        &app,
        &staff,
        &[
            ("topic", "news"),
            ("default_language", "en"),
            ("subject_en", "News from the network"),
            ("body_en", "Hello **everyone**. See [the events](/events)."),
            ("subject_fr", "Nouvelles du réseau"),
            ("body_fr", "Bonjour **à tous**"),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    app.get_with(&staff, &page)
        .await
        .assert_contains("would reach 4 members");
    // Dina withdraws a moment before it goes.
    let dina = new_client();
    app.log_in_with(&dina, "dina@ngo.org", PASSWORD).await;
    app.submit_with(&dina, "/account", "/account/emails", &[])
        .await;

    act(&app, &staff, &page, "send").await;
    let shown = until_sent(&app, &staff, &page).await;
    let messages = receive(&mut inbox, 2).await;
    assert_eq!(messages.len(), 2, "Amina and Brigitte, once each");
    let to = |address: &str| {
        messages
            .iter()
            .filter(|m| m.contains(&format!("To: {address}")))
            .collect::<Vec<_>>()
    };
    let amina = to("amina@ngo.org");
    let brigitte = to("brigitte@ngo.org");
    assert_eq!((amina.len(), brigitte.len()), (1, 1));
    assert!(amina[0].contains("Subject: News from the network"));
    assert!(
        amina[0].contains(&format!("({}/events)", app.base_url))
            || amina[0].contains(&format!("{}/events", app.base_url))
    );
    assert!(brigitte[0].contains("Bonjour"), "{}", brigitte[0]);
    assert!(amina[0].contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(to("carlos@ngo.org").is_empty() && to("dina@ngo.org").is_empty());
    // The refused address bounced, and is marked.
    assert!(shown.contains("Bounced"));
    let gone = new_client();
    app.log_in_with(&gone, "gone@ngo.org", PASSWORD).await;
    app.get_with(&gone, "/account")
        .await
        .assert_contains("were refused by the mail server");

    // One click, no session, no CSRF token: the mail client's POST.
    let header = amina[0]
        .lines()
        .find(|line| line.starts_with("List-Unsubscribe: <"))
        .unwrap();
    let url = header
        .trim_start_matches("List-Unsubscribe: <")
        .trim_end_matches('>')
        .to_owned();
    let forged = url.replacen("token=", "token=9", 1);
    let bare = reqwest::Client::new();
    let refused = bare
        .post(&forged)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let done = bare
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let amina_account = app.account("amina@ngo.org").await;
    let topics = membernet_persistence::campaigns::consent::topics(app.db(), amina_account.id)
        .await
        .unwrap();
    assert!(topics.is_empty(), "{topics:?}");
    app.get_with(&staff, &page)
        .await
        .assert_contains("Unsubscribed from its link</th><td class=\"number\">1</td>");

    // A later campaign reaches only Brigitte: Amina left the topic, the bounced
    // address is skipped.
    let next = compose(
        &app,
        &staff,
        &[
            ("topic", "news"),
            ("default_language", "en"),
            ("subject_en", "More news"),
            ("body_en", "Again"),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    app.get_with(&staff, &next)
        .await
        .assert_contains("would reach 1 members");

    // Archived, it is public; its draft sibling is not.
    act(&app, &staff, &page, "archive").await;
    let slug_list = app.get("/newsletters").await;
    slug_list.assert_contains("News from the network");
    let href = slug_list.body.split("href=\"/newsletters/").nth(1).unwrap();
    let slug = &href[..href.find('"').unwrap()];
    app.get(&format!("/newsletters/{slug}"))
        .await
        .assert_contains("<strong>everyone</strong>");
}

#[tokio::test]
async fn a_member_whose_address_bounced_confirms_it_works_and_campaigns_reach_it_again() {
    let app = spawn().await;
    member_with(&app, "Amina Otieno", "amina@ngo.org", &["news"], "en").await;
    app.db()
        .execute_unprepared(
            "UPDATE member SET email_undeliverable_at = created_at WHERE email = 'amina@ngo.org'",
        )
        .await
        .unwrap();
    let staff = staff(&app).await;
    let page = compose(
        &app,
        &staff,
        &[
            ("topic", "news"),
            ("default_language", "en"),
            ("subject_en", "News"),
            ("body_en", "Hello"),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    let shown = app.get_with(&staff, &page).await;
    shown.assert_contains("would reach 0 members");
    // Nobody to send to: staff are told, nothing starts.
    act(&app, &staff, &page, "send").await;
    app.get_with(&staff, &page)
        .await
        .assert_contains("Nobody would receive this campaign");

    app.log_in("amina@ngo.org", PASSWORD).await;
    app.get("/account")
        .await
        .assert_contains("were refused by the mail server");
    let asked = app.submit("/account", "/account/address/check", &[]).await;
    assert_eq!(asked.location(), Some("/account#emails"));
    let link = app.link_sent_to("amina@ngo.org").await;
    assert!(link.starts_with("/account/address?token="), "{link}");
    let token = link.trim_start_matches("/account/address?token=");
    // A changed link does nothing.
    let forged = app
        .submit(
            &link,
            "/account/address",
            &[("token", &format!("9{token}"))],
        )
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    let done = app
        .submit(&link, "/account/address", &[("token", token)])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    done.assert_contains("will reach you again");
    assert!(
        !app.get("/account")
            .await
            .body
            .contains("were refused by the mail server")
    );
    app.get_with(&staff, &page)
        .await
        .assert_contains("would reach 1 members");
    // Used, the link is dead.
    let again = app
        .submit(&link, "/account/address", &[("token", token)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
