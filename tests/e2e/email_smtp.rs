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
async fn smtp_sink() -> (u16, mpsc::UnboundedReceiver<String>) {
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
                    let reply: &[u8] = match verb.as_str() {
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
fn unfold(message: &str) -> String {
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
