//! Events: staff create and publish them, members and guests register, the
//! waiting list moves up when a seat frees, reminders go out a day and an hour
//! before (each once), staff mark who attended.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
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

// ------------------------------------------------------------ registering

/// What a registration did, for the page that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Registered,
    Waiting,
    AlreadyRegistered,
    /// Registration is closed (past the deadline, not published, cancelled).
    Closed,
    /// A guest: the email that follows says what to do next.
    CheckEmail,
    /// The form came back faster than a person fills it in.
    TooFast,
}

fn outcome_of(registered: &Registered) -> Outcome {
    match registered {
        Registered::Seat(_) => Outcome::Registered,
        Registered::Waiting(_) => Outcome::Waiting,
        Registered::Pending(_) => Outcome::CheckEmail,
        Registered::Already(_) => Outcome::AlreadyRegistered,
    }
}

/// A member registers with one button: what the network knows of them is enough.
pub async fn register_member(
    services: &Services,
    event: &Event,
    member: &Account,
    locale: Locale,
) -> Result<Outcome> {
    let now = OffsetDateTime::now_utc();
    if !event.registration_open(now) {
        return Ok(Outcome::Closed);
    }
    let person = NewRegistration {
        member: Some(member.id.0),
        name: member.full_name.as_str().to_owned(),
        email: member.email.as_str().to_owned(),
        country: member.country.map(|code| code.as_str().to_owned()),
        language: locale.code().to_owned(),
        pending: false,
    };
    let registered = register(services, event, &person, now).await?;
    let outcome = outcome_of(&registered);
    match registered {
        Registered::Seat(row) | Registered::Waiting(row) => {
            let event = events::find(&services.db, event.id)
                .await?
                .ok_or(Error::NotFound)?;
            notify(services, &event, &row, |_| kind_for(&row, &event, services)).await?;
        }
        Registered::Pending(_) | Registered::Already(_) => {}
    }
    Ok(outcome)
}

/// Registers, and on a second request for the same address at the same moment
/// (a double click; the unique index refuses one) answers as already registered.
async fn register(
    services: &Services,
    event: &Event,
    person: &NewRegistration,
    now: OffsetDateTime,
) -> Result<Registered> {
    match events::register(&services.db, event.id, person, now).await {
        Ok(registered) => Ok(registered),
        Err(error) => match events::registration_of(&services.db, event.id, &person.email).await? {
            Some(row) if row.status != RegistrationStatus::Cancelled => {
                Ok(Registered::Already(row))
            }
            _ => Err(error.into()),
        },
    }
}

/// A guest's registration form, parsed.
#[derive(Clone)]
pub struct Guest {
    pub name: FullName,
    pub email: MemberEmail,
    pub country: CountryCode,
}

pub struct GuestRequest {
    pub client: ClientAddress,
    /// `None` when a field is not valid (the caller shows the messages).
    pub guest: Option<Guest>,
    pub honeypot: bool,
    pub form_shown_at: Option<OffsetDateTime>,
    pub locale: Locale,
}

/// A visitor registers: the same guards as joining (a limit per client, the
/// honeypot, the minimum fill time, a limit of emails per address), and an email
/// to confirm the address before the registration counts. The answer is the same
/// whether or not the address was registered before.
pub async fn register_guest(
    services: &Services,
    event: &Event,
    request: GuestRequest,
) -> Result<Option<Outcome>> {
    let now = OffsetDateTime::now_utc();
    if !event.registration_open(now) {
        return Ok(Some(Outcome::Closed));
    }
    rate_limit::enforce(services, &LimitKey::JoinFrom(request.client)).await?;
    if request.honeypot {
        tracing::info!("event registration: honeypot filled; nothing stored");
        return Ok(Some(Outcome::CheckEmail));
    }
    if filled_too_fast(
        request.form_shown_at,
        now,
        services.config.join_min_fill_time,
    ) {
        return Ok(Some(Outcome::TooFast));
    }
    let Some(guest) = request.guest else {
        return Ok(None);
    };
    let person = NewRegistration {
        member: None,
        name: guest.name.as_str().to_owned(),
        email: guest.email.as_str().to_owned(),
        country: Some(guest.country.as_str().to_owned()),
        language: request.locale.code().to_owned(),
        pending: true,
    };
    let registered = register(services, event, &person, now).await?;
    let work = after_guest_registration(
        services.clone(),
        event.clone(),
        guest.email,
        registered,
        request.locale,
    );
    services.background.spawn("event registration email", work);
    Ok(Some(Outcome::CheckEmail))
}

async fn after_guest_registration(
    services: Services,
    event: Event,
    email: MemberEmail,
    registered: Registered,
    locale: Locale,
) -> anyhow::Result<()> {
    if !rate_limit::within(&services, &LimitKey::EmailsTo(email.clone())).await? {
        return Ok(());
    }
    match registered {
        Registered::Pending(row) => {
            let confirm_url = link(&services, Purpose::EventConfirm, "/events/confirm", row.id);
            let kind = EventEmailKind::ConfirmGuest {
                confirm_url: &confirm_url,
            };
            send(&services, &event, &row, kind, locale).await?;
        }
        Registered::Already(row) => {
            let locale = Locale::parse(&row.language).unwrap_or(locale);
            send(
                &services,
                &event,
                &row,
                EventEmailKind::AlreadyRegistered,
                locale,
            )
            .await?;
        }
        Registered::Seat(_) | Registered::Waiting(_) => {}
    }
    Ok(())
}

/// A guest follows the link in their email: the registration takes a seat (or a
/// place in line) and the confirmation follows. `None` for a link that is not one
/// the site signed.
pub async fn confirm_guest(services: &Services, signed: &str) -> Result<Option<(Event, Outcome)>> {
    let Some(id) = verify(services, Purpose::EventConfirm, signed) else {
        return Ok(None);
    };
    let Some(row) = events::registration(&services.db, id).await? else {
        return Ok(None);
    };
    let event = events::find(&services.db, row.event)
        .await?
        .ok_or(Error::NotFound)?;
    let now = OffsetDateTime::now_utc();
    if row.status == RegistrationStatus::Pending && !event.registration_open(now) {
        return Ok(Some((event, Outcome::Closed)));
    }
    let Some(registered) = events::confirm(&services.db, id, now).await? else {
        return Ok(None);
    };
    let outcome = outcome_of(&registered);
    if let Registered::Seat(row) | Registered::Waiting(row) = registered {
        let event = events::find(&services.db, row.event)
            .await?
            .ok_or(Error::NotFound)?;
        notify(services, &event, &row, |_| kind_for(&row, &event, services)).await?;
    }
    Ok(Some((event, outcome)))
}

/// The registration a signed cancellation link names, with its event.
pub async fn by_cancel_link(
    services: &Services,
    signed: &str,
) -> Result<Option<(Event, Registration)>> {
    let Some(id) = verify(services, Purpose::EventCancel, signed) else {
        return Ok(None);
    };
    let Some(row) = events::registration(&services.db, id).await? else {
        return Ok(None);
    };
    let event = events::find(&services.db, row.event)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Some((event, row)))
}

/// Cancels a registration (from the link in an email, or the member's account);
/// the first in line gets the seat and an email.
/// Once the event has started, or was cancelled, nobody moves up.
pub async fn cancel_registration(services: &Services, registration: &Registration) -> Result<bool> {
    let now = OffsetDateTime::now_utc();
    let Some(event) = events::find(&services.db, registration.event).await? else {
        return Ok(false);
    };
    let fill_seat = event.status == EventStatus::Published && now < event.starts_at();
    let Some(cancelled) = events::cancel(&services.db, registration.id, fill_seat, now).await?
    else {
        return Ok(false);
    };
    notify_promoted(services, &event, &cancelled.promoted).await?;
    Ok(true)
}

/// Before a person is erased: their registrations for events still to come are
/// cancelled (their seats go to the waiting list, who are told), so no seat stays
/// held by nobody. Past registrations stay, anonymised, in the counts.
pub async fn release_before_erasure(
    services: &Services,
    member: membernet_domain::MemberId,
) -> Result<()> {
    let Some(account) = members::find(&services.db, member).await? else {
        return Ok(());
    };
    let now = OffsetDateTime::now_utc();
    for (event, registration) in
        events::of_person(&services.db, member.0, account.email.as_str()).await?
    {
        if registration.status.is_active() && !event.has_ended(now) {
            cancel_registration(services, &registration).await?;
        }
    }
    Ok(())
}

/// A member cancels their own registration for `event`.
pub async fn cancel_for_member(
    services: &Services,
    event: &Event,
    member: &Account,
) -> Result<bool> {
    match events::registration_of(&services.db, event.id, member.email.as_str()).await? {
        // Theirs: made as a member, or with their (proven) address.
        Some(row) => cancel_registration(services, &row).await,
        _ => Ok(false),
    }
}

/// A member's registration for `event`, if any.
pub async fn registration_of(
    services: &Services,
    event: &Event,
    member: &Account,
) -> Result<Option<Registration>> {
    Ok(
        events::registration_of(&services.db, event.id, member.email.as_str())
            .await?
            .filter(|row| row.status.is_active()),
    )
}

/// A member's registrations with their events.
pub async fn of_member(
    services: &Services,
    member: &Account,
) -> Result<Vec<(Event, Registration)>> {
    let mut rows = events::for_member(&services.db, member.id.0).await?;
    rows.retain(|(_, registration)| registration.status.is_active());
    Ok(rows)
}

// -------------------------------------------------------------- reminders

/// Sends the reminders due now: each claimed and queued in one transaction, so it
/// goes once even after a restart or with several instances. Returns how many.
pub async fn send_due_reminders(services: &Services, now: OffsetDateTime) -> Result<u64> {
    let mut sent = 0;
    let mut after = i64::MIN;
    loop {
        let candidates = events::reminder_candidates(&services.db, now, after, 500).await?;
        let Some((_, last, _, _)) = candidates.last() else {
            break;
        };
        after = last.id.0;
        sent += send_reminders(services, candidates, now).await?;
    }
    if sent > 0 {
        services.mailer.wake();
    }
    Ok(sent)
}

/// Claims and queues each candidate's reminder; how many were queued here.
async fn send_reminders(
    services: &Services,
    candidates: Vec<(Event, Registration, bool, bool)>,
    now: OffsetDateTime,
) -> Result<u64> {
    let mut sent = 0;
    for (event, row, day_sent, hour_sent) in candidates {
        let Some(reminder) =
            Reminder::due(event.starts_at(), row.created_at, now, day_sent, hour_sent)
        else {
            continue;
        };
        let email = compose(services, &event, &row, EventEmailKind::Reminder(reminder)).await?;
        let Ok(to) = MemberEmail::parse(&row.email) else {
            continue;
        };
        let queued = events::queue_reminder(
            &services.db,
            row.id,
            reminder,
            membernet_persistence::outbox::NewEmail {
                to: to.as_str(),
                subject: &email.subject,
                text: &email.text,
                html: email.html.as_deref(),
                calendar: email.calendar.as_deref(),
                expires_at: event.starts_at(),
            },
            now,
        )
        .await?;
        if queued {
            sent += 1;
        }
    }
    Ok(sent)
}

// ------------------------------------------------------------ staff tools

pub async fn registrants(
    services: &Services,
    event: &Event,
    search: Option<&str>,
) -> Result<Vec<Registration>> {
    Ok(events::registrants(&services.db, event.id, search).await?)
}

/// The registrants as CSV, the export written in the audit log first.
pub async fn export_registrants(services: &Services, by: Actor, event: &Event) -> Result<String> {
    let rows = events::registrants(&services.db, event.id, None).await?;
    staff_audit::record(
        &services.db,
        staff_audit::Entry {
            actor: by,
            action: staff_audit::EXPORT_REGISTRANTS,
            subject: None,
            detail: &format!("event={}", event.slug),
            rows: Some(rows.len() as u64),
        },
        OffsetDateTime::now_utc(),
    )
    .await?;
    let mut out = csv::line(&[
        "name",
        "email",
        "country",
        "status",
        "registered_at",
        "attended",
    ]);
    for row in &rows {
        out.push_str(&csv::line(&[
            row.name.as_str(),
            row.email.as_str(),
            row.country.as_deref().unwrap_or(""),
            row.status.code(),
            &row.created_at.date().to_string(),
            if row.attended { "yes" } else { "no" },
        ]));
    }
    Ok(out)
}

pub async fn set_attendance(
    services: &Services,
    event: &Event,
    attended: &[RegistrationId],
) -> Result<()> {
    events::set_attendance(&services.db, event.id, attended, OffsetDateTime::now_utc()).await?;
    Ok(())
}

/// What an attendee file matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched {
    pub addresses: u64,
    pub matched: u64,
}

/// Marks as attended everyone whose address is in `file`, the attendee list a
/// webinar tool exports (CSV: any column holding addresses).
pub async fn import_attendance(services: &Services, event: &Event, file: &str) -> Result<Matched> {
    let addresses = membernet_domain::events::attendee_addresses(file);
    let matched = events::mark_attended_by_email(
        &services.db,
        event.id,
        &addresses,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Matched {
        addresses: addresses.len() as u64,
        matched,
    })
}

/// Registrations with a seat and attendance by country.
pub async fn by_country(
    services: &Services,
    event: &Event,
) -> Result<Vec<(Option<CountryCode>, u64, u64)>> {
    let rows = events::by_country(&services.db, event.id).await?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|(country, registered, attended)| {
            (
                country.and_then(|code| CountryCode::parse(&code).ok()),
                registered,
                attended,
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(rows)
}

// ---------------------------------------------------------- calendar files

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

// ----------------------------------------------------------------- links

/// `base_url` + `path` + `?r=<signed registration id>`.
fn link(services: &Services, purpose: Purpose, path: &str, id: RegistrationId) -> String {
    format!(
        "{}{path}?r={}",
        services.config.base_url,
        sign(services, purpose, id)
    )
}

/// `12.<signature>`: the registration's id, signed for one purpose.
pub fn sign(services: &Services, purpose: Purpose, id: RegistrationId) -> String {
    let message = id.0.to_string();
    let signature = services.signing.sign(purpose, message.as_bytes());
    format!("{message}.{}", URL_SAFE_NO_PAD.encode(signature))
}

fn verify(services: &Services, purpose: Purpose, signed: &str) -> Option<RegistrationId> {
    let (id, signature) = signed.split_once('.')?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    if !services.signing.verify(purpose, id.as_bytes(), &signature) {
        return None;
    }
    id.parse().ok().map(RegistrationId)
}

// ----------------------------------------------------------------- emails

fn kind_for(row: &Registration, event: &Event, services: &Services) -> EventEmailKind<'static> {
    match row.status {
        RegistrationStatus::Registered => EventEmailKind::Registered {
            calendar: ics(services, event),
        },
        _ => EventEmailKind::Waiting,
    }
}

/// The recipient's zone: their country's.
fn reader_zone(row: &Registration) -> Option<Zone> {
    row.country
        .as_deref()
        .and_then(|code| CountryCode::parse(code).ok())
        .and_then(Zone::guess_for)
}

async fn compose(
    services: &Services,
    event: &Event,
    row: &Registration,
    kind: EventEmailKind<'_>,
) -> Result<crate::mail::Email> {
    use crate::mail::Compose;
    let locale = Locale::parse(&row.language).unwrap_or_default();
    let cancel = link(services, Purpose::EventCancel, "/events/cancel", row.id);
    let zone = reader_zone(row);
    let email = EventEmail {
        kind,
        event,
        reader_zone: zone.as_ref(),
        cancel_url: Some(&cancel),
    };
    Ok(email.compose(locale, &services.config.base_url))
}

async fn queue(
    services: &Services,
    db: &impl membernet_persistence::ConnectionTrait,
    row: &Registration,
    email: &crate::mail::Email,
) -> Result<()> {
    let Ok(to) = MemberEmail::parse(&row.email) else {
        return Ok(());
    };
    services.mailer.queue(db, &to, email).await?;
    Ok(())
}

async fn send(
    services: &Services,
    event: &Event,
    row: &Registration,
    kind: EventEmailKind<'_>,
    locale: Locale,
) -> Result<()> {
    let mut row = row.clone();
    row.language = locale.code().to_owned();
    let email = compose(services, event, &row, kind).await?;
    queue(services, &services.db, &row, &email).await?;
    services.mailer.wake();
    Ok(())
}

async fn notify(
    services: &Services,
    event: &Event,
    row: &Registration,
    kind: impl FnOnce(&Registration) -> EventEmailKind<'static>,
) -> Result<()> {
    let locale = Locale::parse(&row.language).unwrap_or_default();
    send(services, event, row, kind(row), locale).await
}

async fn notify_promoted(
    services: &Services,
    event: &Event,
    promoted: &[Registration],
) -> Result<()> {
    for row in promoted {
        let kind = EventEmailKind::Promoted {
            calendar: ics(services, event),
        };
        notify(services, event, row, |_| kind).await?;
    }
    Ok(())
}

/// An email to everyone registered or waiting.
/// The emails are written first, then queued in one transaction with `status`
/// (when given): everyone is told and the change made, or neither.
async fn tell_everyone(
    services: &Services,
    event: &Event,
    kind: impl Fn() -> EventEmailKind<'static>,
    status: Option<EventStatus>,
) -> Result<()> {
    let rows = events::registrants(&services.db, event.id, None).await?;
    let mut written = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Ok(to) = MemberEmail::parse(&row.email) {
            written.push((to, compose(services, event, row, kind()).await?));
        }
    }
    let now = OffsetDateTime::now_utc();
    let emails: Vec<membernet_persistence::outbox::NewEmail<'_>> = written
        .iter()
        .map(|(to, email)| membernet_persistence::outbox::NewEmail {
            to: to.as_str(),
            subject: &email.subject,
            text: &email.text,
            html: email.html.as_deref(),
            calendar: email.calendar.as_deref(),
            expires_at: now + crate::mail::compose::MAX_VALID_FOR,
        })
        .collect();
    membernet_persistence::outbox::enqueue_all(
        &services.db,
        &emails,
        status.map(|status| (event.id.0, status.code())),
        now,
    )
    .await?;
    services.mailer.wake();
    Ok(())
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
