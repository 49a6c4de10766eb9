//! A real email over SMTP: the outbox sender delivers to a small SMTP server the test
//! runs, and the link read out of the delivered message verifies the address.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::mpsc,
};

use crate::helpers::{PASSWORD, spawn_with, token_of};

/// Accepts SMTP sessions and sends each message's DATA down the channel.
pub(crate) async fn smtp_sink() -> (u16, mpsc::UnboundedReceiver<String>) {
    smtp_sink_refusing(&[]).await
}

/// The same, refusing for good (550) the recipients in `refused`.
pub(crate) async fn smtp_sink_refusing(
    refused: &'static [&'static str],
) -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sender = sender.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.ok()?;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            sender.send(data.take().unwrap()).ok()?;
                            write.write_all(b"250 queued\r\n").await.ok()?;
                        } else {
                            message.push_str(line.strip_prefix('.').unwrap_or(&line));
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let refuse =
                        verb == "RCPT" && refused.iter().any(|address| line.contains(address));
                    let reply: &[u8] = match verb.as_str() {
                        "RCPT" if refuse => b"550 5.1.1 no such mailbox here\r\n",
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok()?;
                            return Some(());
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    (port, receiver)
}

/// Undoes quoted-printable soft line breaks and `=3D`, should the sender use them.
pub(crate) fn unfold(message: &str) -> String {
    message.replace("=\n", "").replace("=3D", "=")
}

#[tokio::test]
async fn a_verification_email_is_sent_over_smtp_and_its_link_verifies_the_address() {
    let (port, mut inbox) = smtp_sink().await;
    let app = spawn_with(|config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;

    let message = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
        .await
        .expect("the email arrives within 20 seconds")
        .expect("the sink is running");
    let message = unfold(&message);
    assert!(message.contains("To: amina@ngo.org"), "{message}");
    assert!(
        message.contains("Subject: Confirm your email address"),
        "{message}"
    );
    let link =
        crate::helpers::link_in(&message, &app.base_url).expect("the message holds the link");

    // Confirmed where the person is signed in, as they are after joining and
    // signing in.
    app.log_in("amina@ngo.org", crate::helpers::PASSWORD).await;
    let done = app
        .submit(&link, "/verify-email", &[("token", &token_of(&link))])
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(app.account("amina@ngo.org").await.is_verified());

    // Once sent, the outbox keeps the envelope but not the link.
    let mut sent = app.emails_to("amina@ngo.org").await;
    for _ in 0..50 {
        if sent[0].sent_at.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        sent = app.emails_to("amina@ngo.org").await;
    }
    assert!(sent[0].sent_at.is_some());
    assert!(sent[0].body_text.is_empty());
}

#[tokio::test]
async fn a_permanent_refusal_is_final_and_the_email_is_given_up_on() {
    let (port, _inbox) = smtp_sink_refusing(&["nobody@ngo.org"]).await;
    let app = spawn_with(|config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.join("Nobody Here", "nobody@ngo.org", PASSWORD, "KE")
        .await;
    let mut emails = app.emails_to("nobody@ngo.org").await;
    for _ in 0..50 {
        if emails
            .first()
            .is_some_and(|email| email.abandoned_at.is_some())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        emails = app.emails_to("nobody@ngo.org").await;
    }
    let email = &emails[0];
    assert!(
        email.abandoned_at.is_some(),
        "given up on at once: {email:?}"
    );
    assert!(email.sent_at.is_none());
    assert_eq!(email.attempts, 1, "a 5xx answer is not retried");
    assert!(email.body_text.is_empty(), "the link in it is cleared");
    assert!(
        email
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("550")
    );
}

#[tokio::test]
async fn an_email_that_keeps_failing_is_given_up_on_after_ten_attempts() {
    // Nothing listens on this port: every attempt fails, for now.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = spawn_with(|config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let email = app.emails_to("amina@ngo.org").await.remove(0);
    // Nine attempts have failed already; the tenth is due now.
    use membernet_persistence::entity::outbox_email;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Attempts, Expr::value(9))
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(time::OffsetDateTime::now_utc()),
        )
        .filter(outbox_email::Column::Id.eq(email.id))
        .exec(app.db())
        .await
        .unwrap();
    let mut email = email;
    for _ in 0..100 {
        email = app.emails_to("amina@ngo.org").await.remove(0);
        if email.abandoned_at.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(email.abandoned_at.is_some(), "{email:?}");
    assert_eq!(email.attempts, 10);
    assert!(email.body_text.is_empty());
}

#[tokio::test]
async fn an_email_that_expires_unsent_is_given_up_on_and_its_link_cleared() {
    let app = crate::helpers::spawn().await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let email = app.emails_to("amina@ngo.org").await.remove(0);
    assert!(!email.body_text.is_empty());
    let expires = email.expires_at.expect("every email says until when");
    assert!(expires <= email.created_at + time::Duration::days(1));
    use membernet_persistence::outbox;
    assert_eq!(
        outbox::abandon_expired(app.db(), expires - time::Duration::seconds(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(outbox::abandon_expired(app.db(), expires).await.unwrap(), 1);
    let email = app.emails_to("amina@ngo.org").await.remove(0);
    assert!(email.abandoned_at.is_some());
    assert!(email.body_text.is_empty());
    assert_eq!(outbox::waiting(app.db()).await.unwrap(), 0);
}

#[tokio::test]
async fn staff_see_the_emails_the_outbox_gave_up_on() {
    let app = crate::helpers::spawn().await;
    app.join("Amina Otieno", "amina@ngo.org", PASSWORD, "KE")
        .await;
    let email = app.emails_to("amina@ngo.org").await.remove(0);
    let expired = email.expires_at.unwrap();
    membernet_persistence::outbox::abandon_expired(app.db(), expired)
        .await
        .unwrap();
    app.sign_in_admin_with(&app.client, "dana@alliance.org", "Dana Director")
        .await;
    let home = app.get("/staff").await;
    home.assert_contains("Emails not delivered");
    home.assert_contains("<td>amina@ngo.org</td><td>Confirm your email address</td>");
    home.assert_contains("not sent before it expired");
}

#[tokio::test]
async fn an_event_confirmation_arrives_over_smtp_with_its_calendar_file() {
    let (port, mut inbox) = smtp_sink().await;
    let app = spawn_with(|config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let zone = membernet_domain::events::Zone::parse("Africa/Nairobi").unwrap();
    let start = time::OffsetDateTime::now_utc() + time::Duration::days(3);
    let input = membernet_domain::events::EventInput {
        title: "Mailed webinar".into(),
        kind: "webinar".into(),
        time_zone: zone.name().into(),
        starts: zone.field_value(start),
        ends: zone.field_value(start + time::Duration::hours(1)),
        join_url: "https://meet.example.org/mailed".into(),
        languages: vec!["en".into()],
        ..Default::default()
    };
    let now = time::OffsetDateTime::now_utc();
    let event = membernet_persistence::events::create(app.db(), &input.parse().unwrap(), now)
        .await
        .unwrap();
    membernet_persistence::events::set_status(
        app.db(),
        event.id,
        membernet_domain::events::EventStatus::Published,
        now,
    )
    .await
    .unwrap();
    app.stored_member("Amina Otieno", "amina@ngo.org", "KE", &[])
        .await;
    let browser = crate::helpers::new_client();
    app.log_in_with(&browser, "amina@ngo.org", PASSWORD).await;
    let path = format!("/events/{}", event.slug);
    app.submit_with(&browser, &path, &format!("{path}/register"), &[])
        .await
        .assert_contains("You are registered");

    // The confirmation (after any other email).
    let mut found = None;
    for _ in 0..3 {
        let message = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
            .await
            .expect("an email arrives within 20 seconds")
            .expect("the sink is running");
        if message.contains("Subject: You are registered") {
            found = Some(unfold(&message));
            break;
        }
    }
    let message = found.expect("the confirmation arrives");
    assert!(message.contains("multipart/mixed"), "{message}");
    assert!(message.contains("text/calendar"), "{message}");
    assert!(message.contains("invite.ics"), "{message}");
    assert!(
        message.contains("https://meet.example.org/mailed"),
        "{message}"
    );
}
