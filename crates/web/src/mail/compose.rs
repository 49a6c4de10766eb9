//! What an email is before it is queued: a subject, a plain-text body (always: people
//! read on slow connections and in text-only clients), an HTML body for the kinds that
//! have one, and the one-time link it carries, if any.
//!
//! Every kind of email (a transactional notice, a campaign, an event reminder) is a
//! [`Compose`]: given the recipient's language and the site's address, it writes
//! itself. The mailer queues what it writes; the sender delivers it. Neither knows
//! what kind of email it holds.

use std::time::Duration;

use crate::locale::Locale;

/// An email ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// An iCalendar file sent with it (an event's invitation).
    pub calendar: Option<String>,
    /// The one-time link in the body, if any: logged in development (no SMTP server
    /// configured), the only place a token ever reaches a log.
    pub link: Option<String>,
    /// How long after queuing the email is still worth sending: past it, the outbox
    /// gives up and clears the body (and any link in it). At most [`MAX_VALID_FOR`].
    pub valid_for: Duration,
}

/// No email waits longer than a day to be sent: a link kept unsent in the database is
/// a credential kept, and news a day late is usually no news.
pub const MAX_VALID_FOR: Duration = Duration::from_secs(24 * 3600);

/// A kind of email, written in the recipient's language.
pub trait Compose {
    fn compose(&self, locale: Locale, base_url: &str) -> Email;
}
