//! The server itself: clients that are too slow are cut off, and shutting down
//! finishes what was started.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{PASSWORD, spawn_with};

/// Reads until the server closes the connection (or `limit` passes), and returns
/// what it sent and whether it closed.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&received).into(), true),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&received).into(), false),
        }
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = spawn_with(|config| config.timeouts.headers = Duration::from_millis(300)).await;
    let address = app.base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: membernet\r\nX-Slow: ")
        .await
        .unwrap();
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed, "the connection is closed after the header timeout");
}

#[tokio::test]
async fn an_idle_connection_is_closed() {
    let app = spawn_with(|config| config.timeouts.headers = Duration::from_millis(300)).await;
    let address = app.base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed, "a connection that sends nothing does not stay open");
}

#[tokio::test]
async fn a_body_that_trickles_in_gets_408() {
    let app = spawn_with(|config| config.timeouts.body = Duration::from_millis(300)).await;
    let address = app.base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    let body = "csrf_token=x&email=a%40b.org&password=x";
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: membernet\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len() + 100
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "the server gives up on the body: {answer:.80}"
    );
}

#[tokio::test]
async fn shutting_down_finishes_the_requests_and_the_emails_in_progress() {
    // Real password hashing, so the join is still being worked on at shutdown.
    let mut app = spawn_with(|config| {
        config.password_hashing = membernet_web::config::PasswordHashing::Owasp;
    })
    .await;
    let token = app.get("/join").await.csrf_token();
    let join = {
        let client = app.client.clone();
        let url = app.url("/join");
        tokio::spawn(async move {
            client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("full_name", "Amina Otieno"),
                    ("email", "amina@ngo.org"),
                    ("password", PASSWORD),
                    ("country", "KE"),
                    ("privacy", "yes"),
                ])
                .send()
                .await
                .map(|response| response.status())
        })
    };
    // Work left to the background, as the signup's email is.
    let (done, mut finished) = tokio::sync::oneshot::channel();
    app.services.background.spawn("a slow task", async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let _ = done.send(());
        Ok(())
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    app.shut_down().await;
    assert_eq!(join.await.unwrap().unwrap(), StatusCode::OK);
    assert!(
        finished.try_recv().is_ok(),
        "the background work finished before the process stopped"
    );
    let emails = membernet_persistence::outbox::for_address(app.db(), "amina@ngo.org")
        .await
        .unwrap();
    assert_eq!(emails.len(), 1, "the signup's email was written");
}
