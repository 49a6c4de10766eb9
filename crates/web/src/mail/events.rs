//! The emails of an event's registrations, each in the recipient's language and
//! with the event's time in the event's zone and in the recipient's own.

use membernet_domain::events::{Event, Reminder, Zone};

use super::compose::{Compose, Email, MAX_VALID_FOR};
use crate::locale::Locale;

/// Why the email is sent.
pub enum EventEmailKind<'a> {
    /// A seat: the joining link, and the event as a calendar file.
    Registered {
        calendar: String,
    },
    /// The event is full: a place on the waiting list.
    Waiting,
    /// From the waiting list to a seat.
    Promoted {
        calendar: String,
    },
    /// A guest confirms their address to complete the registration (no name: the
    /// form's words never go to an address nobody has proven).
    ConfirmGuest {
        confirm_url: &'a str,
    },
    /// A guest registering again with an address already registered.
    AlreadyRegistered,
    Reminder(Reminder),
    /// Staff cancelled the event.
    EventCancelled,
    /// The recording (and slides) are online.
    Recording,
}

pub struct EventEmail<'a> {
    pub kind: EventEmailKind<'a>,
    pub event: &'a Event,
    /// The recipient's zone (their country's), when known.
    pub reader_zone: Option<&'a Zone>,
    /// The link to cancel without signing in.
    pub cancel_url: Option<&'a str>,
}

impl Compose for EventEmail<'_> {
    fn compose(&self, locale: Locale, base_url: &str) -> Email {
        let event = self.event;
        let draft = &event.draft;
        let title = draft.title.as_str();
        let page = format!("{base_url}/events/{}", event.slug);
        let (key, link, calendar) = match &self.kind {
            EventEmailKind::Registered { calendar } => ("registered", None, Some(calendar)),
            EventEmailKind::Waiting => ("waiting", None, None),
            EventEmailKind::Promoted { calendar } => ("promoted", None, Some(calendar)),
            EventEmailKind::ConfirmGuest { confirm_url } => {
                ("confirm_guest", Some(confirm_url.to_string()), None)
            }
            EventEmailKind::AlreadyRegistered => ("already_registered", None, None),
            EventEmailKind::Reminder(Reminder::DayBefore) => ("reminder_day", None, None),
            EventEmailKind::Reminder(Reminder::HourBefore) => ("reminder_hour", None, None),
            EventEmailKind::EventCancelled => ("cancelled", None, None),
            EventEmailKind::Recording => ("recording", None, None),
        };
        let prefix = format!("events.email.{key}");
        let mut text = locale.t("email.greeting.anonymous");
        text.push_str("\n\n");
        text.push_str(&locale.t1(&format!("{prefix}.body"), "title", title));
        text.push_str("\n\n");
        // When, in the event's zone and the reader's.
        text.push_str(&locale.t("events.when"));
        text.push_str(": ");
        text.push_str(&locale.span_in(&draft.zone, draft.starts_at, draft.ends_at));
        if let Some(zone) = self.reader_zone.filter(|zone| **zone != draft.zone) {
            text.push_str("\n  ");
            text.push_str(&locale.span_in(zone, draft.starts_at, draft.ends_at));
        }
        text.push('\n');
        let attending = matches!(
            self.kind,
            EventEmailKind::Registered { .. }
                | EventEmailKind::Promoted { .. }
                | EventEmailKind::Reminder(_)
        );
        if attending {
            if let Some(join) = &draft.join_url {
                text.push_str(&locale.t1("events.email.join_link", "link", join));
                text.push('\n');
            }
            if let Some(place) = &draft.place {
                text.push_str(&format!("{}: {place}\n", locale.t("events.place")));
            }
        }
        if matches!(self.kind, EventEmailKind::Recording) {
            if let Some(recording) = &draft.recording_url {
                text.push_str(&format!("{}: {recording}\n", locale.t("events.recording")));
            }
            if let Some(slides) = &draft.slides_url {
                text.push_str(&format!("{}: {slides}\n", locale.t("events.slides")));
            }
        }
        if let Some(link) = &link {
            text.push('\n');
            text.push_str(&locale.t1("events.email.confirm_link", "link", link));
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&locale.t1("events.email.page", "link", &page));
        text.push('\n');
        if let (Some(cancel), true) = (
            self.cancel_url,
            attending
                || matches!(
                    self.kind,
                    EventEmailKind::Waiting | EventEmailKind::AlreadyRegistered
                ),
        ) {
            text.push_str(&locale.t1("events.email.cancel_link", "link", cancel));
            text.push('\n');
        }
        if calendar.is_some() {
            text.push_str(&locale.t("events.email.calendar_attached"));
            text.push('\n');
        }
        if matches!(self.kind, EventEmailKind::ConfirmGuest { .. }) {
            text.push('\n');
            text.push_str(&locale.t1(
                "events.email.invitation",
                "link",
                &format!("{base_url}/join"),
            ));
            text.push('\n');
        }
        Email {
            subject: locale.t1(&format!("{prefix}.subject"), "title", title),
            text,
            html: None,
            calendar: calendar.cloned(),
            link,
            valid_for: MAX_VALID_FOR,
        }
    }
}
