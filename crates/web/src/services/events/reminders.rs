//! Reminders a day and an hour before, each claimed so it goes once.

use super::*;

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
