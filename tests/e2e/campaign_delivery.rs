//! A campaign to ten thousand members over real SMTP: each receives it once,
//! although the sender is killed in the middle (its task dropped wherever it was,
//! as a crash leaves it) and two others take over side by side. The one email a crash can catch
//! between the server taking it and its row saying so is sent again, with the same
//! Message-ID; nobody is skipped.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};

use membernet_domain::campaigns::{CampaignId, CampaignStatus};
use membernet_web::services::campaigns::{self, sending};
use sea_orm::ConnectionTrait;
use tokio::sync::watch;

use crate::{
    campaigns::{act, compose, staff},
    email_smtp::smtp_sink,
    helpers::spawn_with,
};

/// The value of `header` in a message.
fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
}

const MEMBERS: usize = 10_000;

#[tokio::test]
async fn ten_thousand_members_get_a_campaign_once_each_though_the_sender_is_killed_midway() {
    let (port, mut inbox) = smtp_sink().await;
    // This instance has no SMTP server: it starts the campaign but sends nothing.
    let app = spawn_with(|config| {
        config.campaign_rate = 1_000_000;
        config.campaign_lease = Duration::from_secs(1);
    })
    .await;
    let began = std::time::Instant::now();
    app.seed_demo_network(MEMBERS).await;
    app.db()
        .execute_unprepared(
            "INSERT INTO member_topic (member_id, topic, since) \
             SELECT id, 'week', created_at FROM member m WHERE NOT EXISTS \
             (SELECT 1 FROM member_topic t WHERE t.member_id = m.id AND t.topic = 'week')",
        )
        .await
        .unwrap();
    let staff = staff(&app).await;
    let page = compose(
        &app,
        &staff,
        &[
            ("topic", "week"),
            ("default_language", "en"),
            ("subject_en", "The week starts on Monday"),
            ("body_en", "Hello"),
            ("time_zone", "UTC"),
        ],
    )
    .await;
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let campaign = campaigns::for_staff(&app.services, id).await.unwrap();
    let expected = campaigns::audience_size(&app.services, &campaign)
        .await
        .unwrap() as usize;
    assert!(
        expected >= MEMBERS * 9 / 10,
        "the demo's counted members: {expected}"
    );
    act(&app, &staff, &page, "send").await;

    // The sending instance, as another process runs it.
    let mut services = app.services.clone();
    let mut config = (*services.config).clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    services.config = Arc::new(config);
    let (_stop, stopped) = watch::channel(false);
    let first = tokio::spawn(sending::run(services.clone(), stopped.clone()));
    let mut messages = Vec::new();
    while messages.len() < expected / 3 {
        let message = tokio::time::timeout(Duration::from_secs(60), inbox.recv())
            .await
            .expect("the first sender sends")
            .expect("the sink runs");
        messages.push(message);
    }
    first.abort();
    let _ = first.await;

    // Two others take over side by side, as two instances on one database do.
    let second = tokio::spawn(sending::run(services.clone(), stopped.clone()));
    let third = tokio::spawn(sending::run(services.clone(), stopped));
    let db = app.db().clone();
    let mut sent = false;
    for _ in 0..1_200 {
        let campaign = membernet_persistence::campaigns::find(&db, CampaignId(id))
            .await
            .unwrap()
            .unwrap();
        if campaign.status == CampaignStatus::Sent {
            sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("sent in {:?}", began.elapsed());
    assert!(sent, "the campaign was finished by the second sender");
    while let Ok(Some(message)) =
        tokio::time::timeout(Duration::from_millis(500), inbox.recv()).await
    {
        messages.push(message);
    }
    second.abort();
    third.abort();

    let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
    for message in &messages {
        let id = header(message, "Message-ID")
            .expect("a Message-ID")
            .to_owned();
        let to = header(message, "To").expect("a recipient").to_owned();
        by_id.entry(id).or_default().push(to);
    }
    let recipients: HashSet<&String> = by_id.values().flatten().collect();
    assert_eq!(by_id.len(), expected, "one message each");
    assert_eq!(recipients.len(), expected, "nobody skipped");
    let again = messages.len() - expected;
    assert!(
        again <= 1,
        "at most the one email in flight when the sender died is sent again: {again}"
    );
    for tos in by_id.values() {
        assert!(
            tos.iter().all(|to| *to == tos[0]),
            "a Message-ID is one recipient's"
        );
    }
}
