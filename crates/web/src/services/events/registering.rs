//! Registering: a member's one button, a guest's confirmed address, cancelling.

use super::*;

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
    let fill_seat = event.fills_freed_seats(now);
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
