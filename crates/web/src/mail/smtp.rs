//! An SMTP client that keeps one connection open and sends without delay.
//!
//! lettre writes a message's body and its final `.` in two writes; with Nagle's
//! algorithm on, the second waits for the server to acknowledge the first, which a
//! server delays by up to 40 ms: every email cost 40 ms of nothing. This client
//! opens the TCP connection itself with `TCP_NODELAY`, hands it to lettre's SMTP
//! connection (EHLO, STARTTLS, AUTH, MAIL/RCPT/DATA are lettre's), and keeps it
//! for the next email; a connection that failed is dropped and the next email opens
//! a new one. `MEMBERNET_SMTP_URL` is read as lettre reads it: `smtp://` (plain),
//! `smtp://…?tls=required` or `?tls=opportunistic` (STARTTLS), `smtps://` (TLS
//! from the start, sent through lettre's own transport), with `user:password@` and
//! a `/hello-name` path.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::{
        Error,
        authentication::{Credentials, Mechanism},
        client::{AsyncSmtpConnection, TlsParameters},
        extension::ClientId,
    },
};
use tokio::net::TcpStream;

/// How long connecting or one email may take.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartTls {
    No,
    Required,
    Opportunistic,
}

/// Where to send, as the URL says.
#[derive(Debug, Clone)]
struct Target {
    host: String,
    port: u16,
    starttls: StartTls,
    credentials: Option<Credentials>,
    hello: ClientId,
}

/// The parts of `url` this client handles itself; `None` for what lettre's own
/// transport does (`smtps://`).
fn target(url: &str) -> anyhow::Result<Option<Target>> {
    let parsed = url::Url::parse(url)?;
    let tls = parsed
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.to_string());
    let starttls = match (parsed.scheme(), tls.as_deref()) {
        ("smtps", _) => return Ok(None),
        ("smtp", None) => StartTls::No,
        ("smtp", Some("required")) => StartTls::Required,
        ("smtp", Some("opportunistic")) => StartTls::Opportunistic,
        (scheme, tls) => anyhow::bail!("unknown scheme {scheme} or tls={tls:?}"),
    };
    let host = parsed
        .host_str()
        .ok_or_else(|| anyhow::anyhow!("no host"))?
        .to_owned();
    let port = parsed
        .port()
        .unwrap_or(if starttls == StartTls::No { 25 } else { 587 });
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .map(|text| text.into_owned())
    };
    let credentials = match parsed.password() {
        Some(password) => Some(Credentials::new(
            decode(parsed.username())?,
            decode(password)?,
        )),
        None => None,
    };
    let path = parsed.path().trim_matches('/');
    let hello = if path.is_empty() {
        ClientId::default()
    } else {
        ClientId::Domain(path.to_owned())
    };
    Ok(Some(Target {
        host,
        port,
        starttls,
        credentials,
        hello,
    }))
}

/// Sends emails one after another over one kept connection.
pub struct Smtp {
    target: Option<Target>,
    connection: Option<AsyncSmtpConnection>,
    /// `smtps://`: lettre's transport.
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl Smtp {
    /// `None` (and the error logged) when the URL cannot be used.
    pub fn new(url: &str) -> Option<Self> {
        match target(url) {
            Ok(Some(target)) => Some(Self {
                target: Some(target),
                connection: None,
                transport: None,
            }),
            Ok(None) => transport(url).map(|transport| Self {
                target: None,
                connection: None,
                transport: Some(transport),
            }),
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "MEMBERNET_SMTP_URL is not a usable SMTP URL; emails stay unsent"
                );
                None
            }
        }
    }

    async fn connect(target: &Target) -> Result<AsyncSmtpConnection, SendError> {
        let stream = tokio::time::timeout(
            TIMEOUT,
            TcpStream::connect((target.host.as_str(), target.port)),
        )
        .await
        .map_err(|_| io_error("connecting timed out"))?
        .map_err(|error| io_error(&format!("connecting: {error}")))?;
        stream
            .set_nodelay(true)
            .map_err(|error| io_error(&error.to_string()))?;
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &target.hello).await?;
        let tls = || TlsParameters::new(target.host.clone());
        match target.starttls {
            StartTls::No => {}
            StartTls::Required => connection.starttls(tls()?, &target.hello).await?,
            StartTls::Opportunistic if connection.can_starttls() => {
                connection.starttls(tls()?, &target.hello).await?
            }
            StartTls::Opportunistic => {}
        }
        if let Some(credentials) = &target.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(connection)
    }

    /// Sends `message` (`Err(e)` with `e.is_permanent()`: refused for good).
    pub async fn send(&mut self, message: Message) -> Result<(), SendError> {
        if let Some(transport) = &self.transport {
            return Ok(transport.send(message).await.map(|_| ())?);
        }
        let Some(target) = &self.target else {
            return Ok(());
        };
        let connection = match self.connection.as_mut() {
            Some(connection) if !connection.has_broken() => connection,
            _ => {
                self.connection = Some(Self::connect(target).await?);
                self.connection.as_mut().expect("just connected")
            }
        };
        let sent = tokio::time::timeout(
            TIMEOUT,
            connection.send(message.envelope(), &message.formatted()),
        )
        .await;
        match sent {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => {
                // A refused recipient leaves lettre's connection closed: start anew.
                self.connection = None;
                Err(error.into())
            }
            Err(_) => {
                self.connection = None;
                Err(io_error("the server took too long"))
            }
        }
    }
}

/// lettre's own transport for `url` (`smtps://`); `None` (and an error logged)
/// when the URL cannot be used.
fn transport(url: &str) -> Option<AsyncSmtpTransport<Tokio1Executor>> {
    match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
        Ok(builder) => Some(builder.timeout(Some(Duration::from_secs(30))).build()),
        Err(error) => {
            tracing::error!(%error, "MEMBERNET_SMTP_URL is not a usable SMTP URL; emails stay unsent");
            None
        }
    }
}

/// Why an email was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Smtp(#[from] Error),
    /// Connecting failed or took too long (temporary: tried again).
    #[error("{0}")]
    Network(String),
}

impl SendError {
    /// The server refused it for good (a 5xx answer).
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Smtp(error) if error.is_permanent())
    }
}

fn io_error(message: &str) -> SendError {
    SendError::Network(message.to_owned())
}
