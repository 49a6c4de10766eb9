//! Delivering the outbox by SMTP, for as long as the process runs. Each email is
//! claimed before it is sent (so two instances never send the same one) and retried
//! with exponential back-off when the server does not take it, at most
//! [`MAX_ATTEMPTS`] times; a permanent refusal (a 5xx answer) is final. An email
//! given up on is abandoned: its body is cleared and staff see it.

use std::time::Duration;

use lettre::{
    Message,
    message::{Attachment, MultiPart, SinglePart, header::ContentType},
};
use membernet_persistence::outbox;
use time::OffsetDateTime;
use tokio::sync::watch;

use super::Mailer;

impl Mailer {
    /// Sends what the outbox holds until `stop` says so; an email being sent when it
    /// does is finished first (shutting down never leaves one half-sent).
    pub async fn run_sender(self, mut stop: watch::Receiver<bool>) {
        let Some(url) = self.settings.smtp_url.clone() else {
            return;
        };
        let Some(mut smtp) = super::smtp::Smtp::new(&url) else {
            return;
        };
        while !*stop.borrow() {
            if let Err(error) = self.send_due(&mut smtp, &stop).await {
                tracing::warn!(error = format!("{error:#}"), "the outbox could not be read");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::debug!("the email sender stopped");
    }

    async fn send_due(
        &self,
        smtp: &mut super::smtp::Smtp,
        stop: &watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        for email in outbox::due(&self.db, now, 50).await? {
            if *stop.borrow() {
                break;
            }
            // Leased from now, not from the batch's start: a slow server cannot make the
            // lease run out while the email is being sent.
            let lease = OffsetDateTime::now_utc() + time::Duration::minutes(5);
            if !outbox::claim(&self.db, &email, lease).await? {
                continue;
            }
            let outcome = match self.message(&email) {
                Ok(message) => smtp.send(message).await.map_err(|error| {
                    let permanent = error.is_permanent();
                    (anyhow::Error::from(error), permanent)
                }),
                // An address or a header that cannot be written will never be.
                Err(error) => Err((error, true)),
            };
            let now = OffsetDateTime::now_utc();
            match outcome {
                Ok(()) => {
                    self.metrics.email_sent();
                    outbox::mark_sent(&self.db, email.id, now).await?;
                    tracing::info!(outbox_id = email.id, "email sent");
                }
                Err((error, true)) => {
                    self.metrics.email_failed();
                    let reason = format!("refused for good: {error:#}");
                    tracing::warn!(outbox_id = email.id, reason, "email abandoned");
                    outbox::abandon(&self.db, email.id, &reason, now).await?;
                }
                Err((error, false)) => {
                    self.metrics.email_failed();
                    let retry_in = backoff(email.attempts);
                    let error = format!("{error:#}");
                    let retry_at = now + retry_in;
                    if outbox::mark_failed(&self.db, email.id, retry_at, &error, MAX_ATTEMPTS, now)
                        .await?
                    {
                        tracing::warn!(
                            outbox_id = email.id,
                            error,
                            "email abandoned after {MAX_ATTEMPTS} attempts"
                        );
                    } else {
                        tracing::warn!(
                            outbox_id = email.id,
                            retry_in_secs = retry_in.as_secs(),
                            error,
                            "email not sent; will retry"
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// The email as MIME: plain text alone, or plain text and HTML as alternatives
    /// (text first, so clients that prefer it find it).
    fn message(&self, email: &outbox::OutboxEmail) -> anyhow::Result<Message> {
        let builder = Message::builder()
            .from(self.settings.from.parse()?)
            .to(email.to_address.parse()?)
            .subject(email.subject.clone());
        let body = match &email.body_html {
            None => MultiPart::mixed().singlepart(SinglePart::plain(email.body_text.clone())),
            Some(html) => MultiPart::mixed().multipart(MultiPart::alternative_plain_html(
                email.body_text.clone(),
                html.clone(),
            )),
        };
        Ok(match (&email.calendar, &email.body_html) {
            (None, None) => builder
                .header(ContentType::TEXT_PLAIN)
                .body(email.body_text.clone())?,
            (None, Some(html)) => builder.multipart(MultiPart::alternative_plain_html(
                email.body_text.clone(),
                html.clone(),
            ))?,
            // An invitation: the text, and the event as a calendar file to open.
            (Some(calendar), _) => builder.multipart(body.singlepart(
                Attachment::new("invite.ics".to_owned()).body(
                    calendar.clone(),
                    "text/calendar; charset=utf-8; method=PUBLISH".parse()?,
                ),
            ))?,
        })
    }
}

/// An email that failed this many times is given up on (with the back-off below,
/// about eight and a half hours of trying; it expires before that if its link does).
const MAX_ATTEMPTS: i32 = 10;

/// 30 s after the first failure, doubling each time, at most six hours.
pub fn backoff(previous_attempts: i32) -> Duration {
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
}
