//! Reminders a day and an hour before: which are due, and claiming one so it is
//! sent once.

use super::*;

/// Registrations with a seat at published events starting within a day whose
/// reminder is due (the SQL mirrors [`Reminder::due`]: the hour's within the hour,
/// else the day's; only for people registered before the reminder's time), after
/// registration `after`, in id order, with their events. Rows claimed meanwhile
/// drop out, so calling again with the last id walks every registrant of the
/// largest webinar.
pub async fn reminder_candidates(
    db: &impl ConnectionTrait,
    now: OffsetDateTime,
    after: i64,
    limit: u64,
) -> Result<Vec<(Event, Registration, bool, bool)>> {
    let events: Vec<Event> = event::Entity::find()
        .filter(event::Column::Status.eq(EventStatus::Published.code()))
        .filter(event::Column::StartsAt.gt(now))
        .filter(event::Column::StartsAt.lte(now + Reminder::DayBefore.lead()))
        .all(db)
        .await?
        .into_iter()
        .map(to_event)
        .collect::<Result<_>>()?;
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut due = Condition::any();
    for event in &events {
        let starts_at = event.starts_at();
        let mut condition = Condition::all()
            .add(registration::Column::EventId.eq(event.id.0))
            .add(registration::Column::RemindedHourAt.is_null());
        condition = if starts_at - now <= Reminder::HourBefore.lead() {
            condition
                .add(registration::Column::CreatedAt.lt(starts_at - Reminder::HourBefore.lead()))
        } else {
            condition
                .add(registration::Column::RemindedDayAt.is_null())
                .add(registration::Column::CreatedAt.lt(starts_at - Reminder::DayBefore.lead()))
        };
        due = due.add(condition);
    }
    let rows = registration::Entity::find()
        .filter(due)
        .filter(registration::Column::Id.gt(after))
        .filter(registration::Column::Status.eq(RegistrationStatus::Registered.code()))
        .filter(registration::Column::Email.is_not_null())
        .order_by_asc(registration::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(event) = events.iter().find(|event| event.id.0 == row.event_id) else {
            continue;
        };
        let (day, hour) = (
            row.reminded_day_at.is_some(),
            row.reminded_hour_at.is_some(),
        );
        found.push((event.clone(), to_registration(row)?, day, hour));
    }
    Ok(found)
}

/// Claims `reminder` for a registration: `true` for the one caller that set it
/// (on any instance), who then queues the email in the same transaction. Claiming
/// the hour's reminder also closes the day's.
pub async fn claim_reminder(
    db: &impl ConnectionTrait,
    id: RegistrationId,
    reminder: Reminder,
    now: OffsetDateTime,
) -> Result<bool> {
    let column = match reminder {
        Reminder::DayBefore => registration::Column::RemindedDayAt,
        Reminder::HourBefore => registration::Column::RemindedHourAt,
    };
    let mut update = registration::Entity::update_many()
        .col_expr(column, Expr::value(now))
        .filter(registration::Column::Id.eq(id.0))
        .filter(column.is_null());
    if reminder == Reminder::HourBefore {
        update = update.col_expr(
            registration::Column::RemindedDayAt,
            Expr::col(registration::Column::RemindedDayAt).if_null(now),
        );
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Claims `reminder` for a registration and queues its email in one transaction:
/// `false` (nothing queued) when another round or instance claimed it first.
pub async fn queue_reminder(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: RegistrationId,
    reminder: Reminder,
    email: crate::outbox::NewEmail<'_>,
    now: OffsetDateTime,
) -> Result<bool> {
    let txn = crate::db::begin_write(db).await?;
    if !claim_reminder(&txn, id, reminder, now).await? {
        return Ok(false);
    }
    crate::outbox::enqueue(&txn, email, now).await?;
    txn.commit().await?;
    Ok(true)
}
