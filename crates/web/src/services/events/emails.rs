//! The signed links in event emails, and writing and queuing the emails.

use super::*;

/// `base_url` + `path` + `?r=<signed registration id>`.
pub(super) fn link(
    services: &Services,
    purpose: Purpose,
    path: &str,
    id: RegistrationId,
) -> String {
    format!(
        "{}{path}?r={}",
        services.config.base_url,
        sign(services, purpose, id)
    )
}

/// `12.<signature>`: the registration's id, signed for one purpose.
pub fn sign(services: &Services, purpose: Purpose, id: RegistrationId) -> String {
    services.signing.sign_text(purpose, &id.0.to_string())
}

pub(super) fn verify(
    services: &Services,
    purpose: Purpose,
    signed: &str,
) -> Option<RegistrationId> {
    services
        .signing
        .verify_text(purpose, signed)?
        .parse()
        .ok()
        .map(RegistrationId)
}

pub(super) fn kind_for(
    row: &Registration,
    event: &Event,
    services: &Services,
) -> EventEmailKind<'static> {
    match row.status {
        RegistrationStatus::Registered => EventEmailKind::Registered {
            calendar: ics(services, event),
        },
        _ => EventEmailKind::Waiting,
    }
}

/// The recipient's zone: their country's.
pub(super) fn reader_zone(row: &Registration) -> Option<Zone> {
    row.country
        .as_deref()
        .and_then(|code| CountryCode::parse(code).ok())
        .and_then(Zone::guess_for)
}

pub(super) async fn compose(
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

pub(super) async fn queue(
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

pub(super) async fn send(
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

pub(super) async fn notify(
    services: &Services,
    event: &Event,
    row: &Registration,
    kind: impl FnOnce(&Registration) -> EventEmailKind<'static>,
) -> Result<()> {
    let locale = Locale::parse(&row.language).unwrap_or_default();
    send(services, event, row, kind(row), locale).await
}

pub(super) async fn notify_promoted(
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
pub(super) async fn tell_everyone(
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
