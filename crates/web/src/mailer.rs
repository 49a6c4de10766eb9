//! Email: composed in the recipient's language, written to the outbox, sent by SMTP.
//!
//! Every email goes to the outbox table first, in the same request that caused it,
//! so nothing is lost when the SMTP server is down. A background sender drains the
//! outbox, retrying failures with exponential back-off. Without `MEMBERNET_SMTP_URL`
//! nothing is sent: the email stays in the outbox and its link is logged, the one
//! place a token ever reaches a log (development only).

use std::{sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::header::ContentType,
};
use membernet_domain::MemberEmail;
use membernet_persistence::{DatabaseConnection, outbox};
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::{config::Config, locale::Locale};

/// An email ready for the outbox.
pub struct Email {
    pub subject: String,
    pub body: String,
    /// The one-time link in the body, if any (logged in development).
    pub link: Option<String>,
}

/// What the network writes to people about.
///
/// Emails to an address nobody has proven yet carry no text the signup form set (no
/// name), so the form cannot be used to send strangers words of someone's choosing.
pub enum EmailKind<'a> {
    VerifyEmail {
        token: &'a str,
    },
    AlreadyRegistered {
        name: &'a str,
    },
    /// Someone joins again with an address whose account was never confirmed: a
    /// password link finishes joining (it proves the address).
    FinishJoining {
        token: &'a str,
    },
    PasswordReset {
        name: &'a str,
        token: &'a str,
    },
}

impl EmailKind<'_> {
    pub fn compose(&self, locale: Locale, base_url: &str) -> Email {
        let (prefix, name, link) = match self {
            EmailKind::VerifyEmail { token } => (
                "email.verify",
                "",
                Some(format!("{base_url}/verify-email?token={token}")),
            ),
            EmailKind::AlreadyRegistered { name } => ("email.already_registered", *name, None),
            EmailKind::FinishJoining { token } => (
                "email.finish_joining",
                "",
                Some(format!("{base_url}/password/reset?token={token}")),
            ),
            EmailKind::PasswordReset { name, token } => (
                "email.reset",
                *name,
                Some(format!("{base_url}/password/reset?token={token}")),
            ),
        };
        let login = format!("{base_url}/login");
        let forgot = format!("{base_url}/password/forgot");
        let args = [
            ("name", name),
            ("link", link.as_deref().unwrap_or_default()),
            ("login", login.as_str()),
            ("forgot", forgot.as_str()),
        ];
        Email {
            subject: locale.t(&format!("{prefix}.subject")),
            body: locale.t_with(&format!("{prefix}.body"), &args),
            link,
        }
    }
}

#[derive(Clone)]
pub struct Mailer {
    db: DatabaseConnection,
    config: Arc<Config>,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(db: DatabaseConnection, config: Arc<Config>) -> Self {
        Self {
            db,
            config,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Queues an email for `to` in `locale`.
    pub async fn send(
        &self,
        to: &MemberEmail,
        locale: Locale,
        kind: EmailKind<'_>,
    ) -> anyhow::Result<()> {
        let email = kind.compose(locale, &self.config.base_url);
        let id = outbox::enqueue(
            &self.db,
            to.as_str(),
            &email.subject,
            &email.body,
            OffsetDateTime::now_utc(),
        )
        .await?;
        if self.config.smtp_url.is_some() {
            self.wake.notify_one();
        } else {
            // Development: no SMTP server, so the link is how the person gets in.
            tracing::info!(
                outbox_id = id,
                subject = email.subject,
                link = email.link.as_deref().unwrap_or("(none)"),
                "email kept in the outbox (MEMBERNET_SMTP_URL is not set)"
            );
        }
        Ok(())
    }

    /// Sends what the outbox holds, for as long as the process runs.
    pub async fn run_sender(self) {
        let Some(url) = self.config.smtp_url.clone() else {
            return;
        };
        let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&url) {
            Ok(builder) => builder.timeout(Some(Duration::from_secs(30))).build(),
            Err(error) => {
                tracing::error!(%error, "MEMBERNET_SMTP_URL is not a usable SMTP URL; emails stay in the outbox");
                return;
            }
        };
        loop {
            if let Err(error) = self.send_due(&transport).await {
                tracing::warn!(error = format!("{error:#}"), "the outbox could not be read");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.config.outbox_poll_interval) => {}
            }
        }
    }

    async fn send_due(&self, transport: &AsyncSmtpTransport<Tokio1Executor>) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        for email in outbox::due(&self.db, now, 50).await? {
            // Leased from now, not from the batch's start: a slow server cannot make the
            // lease run out while the email is being sent.
            let lease = OffsetDateTime::now_utc() + time::Duration::minutes(5);
            if !outbox::claim(&self.db, &email, lease).await? {
                continue;
            }
            let outcome = match self.message(&email) {
                Ok(message) => transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(anyhow::Error::from),
                Err(error) => Err(error),
            };
            match outcome {
                Ok(()) => {
                    outbox::mark_sent(&self.db, email.id, OffsetDateTime::now_utc()).await?;
                    tracing::info!(outbox_id = email.id, "email sent");
                }
                Err(error) => {
                    let retry_in = backoff(email.attempts);
                    tracing::warn!(
                        outbox_id = email.id,
                        attempts = email.attempts + 1,
                        retry_in_secs = retry_in.as_secs(),
                        error = format!("{error:#}"),
                        "email not sent; will retry"
                    );
                    outbox::mark_failed(
                        &self.db,
                        email.id,
                        OffsetDateTime::now_utc() + retry_in,
                        &format!("{error:#}"),
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }

    fn message(&self, email: &outbox::OutboxEmail) -> anyhow::Result<Message> {
        Ok(Message::builder()
            .from(self.config.email_from.parse()?)
            .to(email.to_address.parse()?)
            .subject(email.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(email.body_text.clone())?)
    }
}

/// 30 s after the first failure, doubling each time, at most six hours.
fn backoff(previous_attempts: i32) -> Duration {
    let exponent = previous_attempts.clamp(0, 20) as u32;
    Duration::from_secs(
        30u64
            .saturating_mul(2u64.saturating_pow(exponent))
            .min(6 * 3600),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_six_hours() {
        assert_eq!(backoff(0), Duration::from_secs(30));
        assert_eq!(backoff(1), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(240));
        assert_eq!(backoff(30), Duration::from_secs(6 * 3600));
    }

    #[test]
    fn a_verification_email_carries_its_link_in_the_recipients_language() {
        let email = EmailKind::VerifyEmail { token: "abc" }
            .compose(Locale::Fr, "https://network.example.org");
        let link = "https://network.example.org/verify-email?token=abc";
        assert_eq!(email.link.as_deref(), Some(link));
        assert!(email.body.contains(link));
        assert!(!email.body.contains("%{"), "every placeholder is filled");
        assert_eq!(email.subject, Locale::Fr.t("email.verify.subject"));
        assert_ne!(email.subject, Locale::En.t("email.verify.subject"));
    }
}
