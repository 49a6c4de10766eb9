//! Email, in three parts that know nothing of each other's insides:
//!
//! - **composing** ([`compose`]): every kind of email writes itself, in the
//!   recipient's language, as plain text and optionally HTML; account emails
//!   ([`transactional`]) are one kind among others;
//! - **queuing** ([`Mailer`]): every email goes to the outbox table first, in the same
//!   request (or transaction) that caused it, so nothing is lost when the SMTP server
//!   is down;
//! - **sending** ([`sender`]): a background task drains the outbox by SMTP, retrying
//!   failures with exponential back-off.
//!
//! Without `MEMBERNET_SMTP_URL` nothing is sent: emails stay in the outbox and their
//! links are logged, the one place a token ever reaches a log (development only).

pub mod campaigns;
pub mod compose;
pub mod events;
pub mod sender;
pub mod smtp;
pub mod transactional;

use std::{sync::Arc, time::Duration};

use membernet_domain::MemberEmail;
use membernet_persistence::{ConnectionTrait, DatabaseConnection, outbox};
use time::OffsetDateTime;
use tokio::sync::Notify;

pub use compose::{Compose, Email};
pub use transactional::Transactional;

use crate::locale::Locale;

/// What the mailer needs from the configuration.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The site's public address, for links. No trailing slash.
    pub base_url: String,
    /// `None`: emails stay in the outbox and their links are logged.
    pub smtp_url: Option<String>,
    pub from: String,
    /// How often the outbox is checked for emails to send or retry.
    pub poll_interval: Duration,
}

#[derive(Clone)]
pub struct Mailer {
    db: DatabaseConnection,
    settings: Arc<MailSettings>,
    wake: Arc<Notify>,
    /// Counts emails sent and failed.
    metrics: crate::metrics::Metrics,
}

impl Mailer {
    pub fn new(
        db: DatabaseConnection,
        settings: MailSettings,
        metrics: crate::metrics::Metrics,
    ) -> Self {
        Self {
            db,
            settings: Arc::new(settings),
            wake: Arc::new(Notify::new()),
            metrics,
        }
    }

    pub fn settings(&self) -> &MailSettings {
        &self.settings
    }

    /// Writes `email` in `locale` and queues it for `to`.
    pub async fn send(
        &self,
        to: &MemberEmail,
        locale: Locale,
        email: impl Compose,
    ) -> anyhow::Result<()> {
        let email = email.compose(locale, &self.settings.base_url);
        self.queue(&self.db, to, &email).await?;
        self.wake();
        Ok(())
    }

    /// Queues a written email on `db` (a transaction, for emails that must exist if
    /// and only if what caused them does). Call [`Mailer::wake`] after committing.
    pub async fn queue(
        &self,
        db: &impl ConnectionTrait,
        to: &MemberEmail,
        email: &Email,
    ) -> anyhow::Result<i64> {
        let now = OffsetDateTime::now_utc();
        let valid_for = email.valid_for.min(compose::MAX_VALID_FOR);
        let id = outbox::enqueue(
            db,
            outbox::NewEmail {
                to: to.as_str(),
                subject: &email.subject,
                text: &email.text,
                html: email.html.as_deref(),
                calendar: email.calendar.as_deref(),
                expires_at: now + valid_for,
            },
            now,
        )
        .await?;
        if self.settings.smtp_url.is_none() {
            // Development: no SMTP server, so the link is how the person gets in.
            tracing::info!(
                outbox_id = id,
                subject = email.subject,
                link = email.link.as_deref().unwrap_or("(none)"),
                "email kept in the outbox (MEMBERNET_SMTP_URL is not set)"
            );
        }
        Ok(id)
    }

    /// Tells the sender there is something to send.
    pub fn wake(&self) {
        if self.settings.smtp_url.is_some() {
            self.wake.notify_one();
        }
    }
}
