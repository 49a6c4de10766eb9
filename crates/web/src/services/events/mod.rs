//! Events: staff create and publish them, members and guests register, the
//! waiting list moves up when a seat frees, reminders go out a day and an hour
//! before (each once), staff mark who attended.

use membernet_domain::{
    Account, CountryCode, FullName, MemberEmail,
    events::{
        Event, EventDraft, EventStatus, Registration, RegistrationId, RegistrationStatus, Reminder,
        Zone,
    },
    rate_limit::{ClientAddress, LimitKey},
    signature::Purpose,
    signup::filled_too_fast,
};
use membernet_persistence::{
    events::{self, Listing, NewRegistration, Registered},
    members,
    staff_audit::{self, Actor},
};
use time::OffsetDateTime;

use super::{Error, Result, Services, rate_limit};
use crate::{
    locale::Locale,
    mail::events::{EventEmail, EventEmailKind},
    views::{calendar, csv},
};

mod emails;
mod registering;
mod registrants;
mod reminders;

use emails::*;
pub use registering::*;
pub use registrants::*;
pub use reminders::*;

pub const PAGE_SIZE: u64 = 20;

/// An event people may see (published or cancelled).
pub async fn public(services: &Services, slug: &str) -> Result<Event> {
    match events::by_slug(&services.db, slug).await? {
        Some(event) if event.status.is_public() => Ok(event),
        _ => Err(Error::NotFound),
    }
}

/// Any event, drafts too (staff).
pub async fn for_staff(services: &Services, slug: &str) -> Result<Event> {
    events::by_slug(&services.db, slug)
        .await?
        .ok_or(Error::NotFound)
}

/// The public list: what is coming (all of it, soonest first) and one page of what
/// has been (latest first).
pub struct Programme {
    pub upcoming: Vec<Event>,
    pub past: Vec<Event>,
    pub past_total: u64,
}

pub async fn programme(
    services: &Services,
    listing: &Listing,
    past_page: u64,
    now: OffsetDateTime,
) -> Result<Programme> {
    let upcoming = Listing {
        upcoming: Some(true),
        ..listing.clone()
    };
    let (upcoming, _) = events::list(&services.db, &upcoming, now, 0, 100).await?;
    let past = Listing {
        upcoming: Some(false),
        ..listing.clone()
    };
    let (past, past_total) =
        events::list(&services.db, &past, now, past_page * PAGE_SIZE, PAGE_SIZE).await?;
    Ok(Programme {
        upcoming,
        past,
        past_total,
    })
}

/// Every event for staff, latest first.
pub async fn staff_list(
    services: &Services,
    search: Option<String>,
    page: u64,
    now: OffsetDateTime,
) -> Result<(Vec<Event>, u64)> {
    let listing = Listing {
        drafts: true,
        search,
        ..Listing::default()
    };
    Ok(events::list(&services.db, &listing, now, page * PAGE_SIZE, PAGE_SIZE).await?)
}

pub async fn create(services: &Services, draft: &EventDraft) -> Result<Event> {
    let event = events::create(&services.db, draft, OffsetDateTime::now_utc()).await?;
    Ok(event)
}

/// Saves staff's edits. A larger capacity moves people up from the waiting list; a
/// recording added after the event is announced to those who registered.
pub async fn update(services: &Services, event: &Event, draft: &EventDraft) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    events::update(&services.db, event.id, draft, now).await?;
    let updated = events::find(&services.db, event.id)
        .await?
        .ok_or(Error::NotFound)?;
    if updated.draft.capacity != event.draft.capacity {
        let promoted = events::fill_seats(&services.db, event.id, now).await?;
        notify_promoted(services, &updated, &promoted).await?;
    }
    if event.draft.recording_url.is_none()
        && updated.draft.recording_url.is_some()
        && updated.status == EventStatus::Published
    {
        tell_everyone(services, &updated, || EventEmailKind::Recording, None).await?;
    }
    services.public_changed().await?;
    Ok(())
}

pub async fn publish(services: &Services, event: &Event) -> Result<()> {
    events::set_status(
        &services.db,
        event.id,
        EventStatus::Published,
        OffsetDateTime::now_utc(),
    )
    .await?;
    services.public_changed().await?;
    Ok(())
}

/// Cancels the event and tells everyone registered or waiting.
pub async fn cancel_event(services: &Services, event: &Event) -> Result<()> {
    if event.status == EventStatus::Cancelled {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    if event.status == EventStatus::Published && !event.has_ended(now) {
        // The status and everyone's email in one transaction.
        let cancelled = Some(EventStatus::Cancelled);
        tell_everyone(
            services,
            event,
            || EventEmailKind::EventCancelled,
            cancelled,
        )
        .await?;
    } else {
        events::set_status(&services.db, event.id, EventStatus::Cancelled, now).await?;
    }
    services.public_changed().await?;
    Ok(())
}

/// A copy of the event as a new draft, a week later.
pub async fn duplicate(services: &Services, event: &Event) -> Result<Event> {
    let mut draft = event.draft.clone();
    // A week later on the event's own clock (08:30 stays 08:30 across a
    // daylight-saving change).
    let zone = draft.zone.clone();
    draft.starts_at = zone.days_later(draft.starts_at, 7);
    draft.ends_at = zone.days_later(draft.ends_at, 7);
    draft.registration_deadline = draft.registration_deadline.map(|at| zone.days_later(at, 7));
    draft.recording_url = None;
    draft.slides_url = None;
    create(services, &draft).await
}

/// The event as an iCalendar file.
pub fn ics(services: &Services, event: &Event) -> String {
    calendar::calendar(&services.config.base_url, std::slice::from_ref(event))
}

/// The programme as a calendar to subscribe to: what is coming and the last
/// three months.
pub async fn feed(services: &Services) -> Result<String> {
    let now = OffsetDateTime::now_utc();
    let listing = Listing {
        ends_after: Some(now - time::Duration::days(92)),
        ..Listing::default()
    };
    let (events, _) = events::list(&services.db, &listing, now, 0, 1_000).await?;
    Ok(calendar::calendar(&services.config.base_url, &events))
}

/// The members an event's emails go to in their own language (for members, the
/// account's language; guests, the page's when they registered).
pub async fn member_locale(
    services: &Services,
    member: &Account,
    fallback: Locale,
) -> Result<Locale> {
    Ok(members::locale(&services.db, member.id)
        .await?
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(fallback))
}

/// Up to 200 events of a listing (the API).
pub async fn listed(
    services: &Services,
    listing: &Listing,
    now: OffsetDateTime,
) -> Result<Vec<Event>> {
    Ok(events::list(&services.db, listing, now, 0, 200).await?.0)
}
