//! Registering, the waiting list, cancelling, attendance, and a person's
//! registrations in their data export and erasure.

use super::*;

pub(super) fn to_registration(row: registration::Model) -> Result<Registration> {
    let status = RegistrationStatus::parse(&row.status)
        .ok_or_else(|| Error::Corrupt(format!("registration {}: status", row.id)))?;
    Ok(Registration {
        id: RegistrationId(row.id),
        event: EventId(row.event_id),
        member: row.member_id,
        name: row.name,
        email: row.email.unwrap_or_default(),
        country: row.country_code,
        language: row.language,
        status,
        attended: row.attended,
        created_at: row.created_at,
    })
}

/// Someone registering.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub member: Option<i64>,
    pub name: String,
    /// Normalised (lower case).
    pub email: String,
    pub country: Option<String>,
    pub language: String,
    /// A guest whose address is not yet confirmed: no seat until they confirm.
    pub pending: bool,
}

/// What registering did.
#[derive(Debug, Clone)]
pub enum Registered {
    /// A seat.
    Seat(Registration),
    /// The event is full: a place in line.
    Waiting(Registration),
    /// A guest's registration, waiting for their address.
    Pending(Registration),
    /// Already registered (or in line, or pending): nothing changed.
    Already(Registration),
}

pub async fn registration(
    db: &impl ConnectionTrait,
    id: RegistrationId,
) -> Result<Option<Registration>> {
    registration::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_registration)
        .transpose()
}

pub async fn registration_of(
    db: &impl ConnectionTrait,
    event: EventId,
    email: &str,
) -> Result<Option<Registration>> {
    registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.0))
        .filter(registration::Column::Email.eq(email))
        .one(db)
        .await?
        .map(to_registration)
        .transpose()
}

/// Locks the event's row for the rest of the transaction (PostgreSQL; SQLite's
/// `BEGIN IMMEDIATE` already serialises writers), so every change to its seats and
/// waiting list happens one at a time and takes its locks in the same order.
async fn lock_event(db: &impl ConnectionTrait, event: EventId) -> Result<()> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT id FROM event WHERE id = $1 FOR UPDATE",
            [event.0.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Takes a seat of `event` if one is free: one conditional update, so two people
/// at once never both get the last seat.
async fn take_seat(db: &impl ConnectionTrait, event: EventId, now: OffsetDateTime) -> Result<bool> {
    let taken = event::Entity::update_many()
        .col_expr(
            event::Column::Registered,
            Expr::col(event::Column::Registered).add(1),
        )
        .col_expr(event::Column::UpdatedAt, Expr::value(now))
        .filter(event::Column::Id.eq(event.0))
        .filter(
            Condition::any()
                .add(event::Column::Capacity.is_null())
                .add(Expr::col(event::Column::Registered).lt(Expr::col(event::Column::Capacity))),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

async fn move_count(
    db: &impl ConnectionTrait,
    event: EventId,
    column: event::Column,
    by: i32,
) -> Result<()> {
    event::Entity::update_many()
        .col_expr(column, Expr::col(column).add(by))
        .filter(event::Column::Id.eq(event.0))
        .exec(db)
        .await?;
    Ok(())
}

async fn set_status_of(
    db: &impl ConnectionTrait,
    id: RegistrationId,
    from: RegistrationStatus,
    to: RegistrationStatus,
    now: OffsetDateTime,
) -> Result<bool> {
    let changed = registration::Entity::update_many()
        .col_expr(registration::Column::Status, Expr::value(to.code()))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(id.0))
        .filter(registration::Column::Status.eq(from.code()))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// A seat, or a place in line, for a registration (pending or cancelled until now).
async fn seat_or_line(
    db: &impl ConnectionTrait,
    row: &Registration,
    now: OffsetDateTime,
) -> Result<Option<Registered>> {
    let (status, column) = if take_seat(db, row.event, now).await? {
        (RegistrationStatus::Registered, None)
    } else {
        (RegistrationStatus::Waiting, Some(event::Column::Waiting))
    };
    if !set_status_of(db, row.id, row.status, status, now).await? {
        return Ok(None);
    }
    if let Some(column) = column {
        move_count(db, row.event, column, 1).await?;
    }
    // A place in line is ordered by when it was taken: a re-registration goes to
    // the back.
    registration::Entity::update_many()
        .col_expr(registration::Column::CreatedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(row.id.0))
        .exec(db)
        .await?;
    let mut row = row.clone();
    row.status = status;
    row.created_at = now;
    Ok(Some(match status {
        RegistrationStatus::Registered => Registered::Seat(row),
        _ => Registered::Waiting(row),
    }))
}

/// Registers someone for `event`, in one transaction.
pub async fn register(
    db: &(impl ConnectionTrait + TransactionTrait),
    event: EventId,
    person: &NewRegistration,
    now: OffsetDateTime,
) -> Result<Registered> {
    let txn = crate::db::begin_write(db).await?;
    lock_event(&txn, event).await?;
    let existing = registration_of(&txn, event, &person.email).await?;
    let row = match existing {
        // A guest asking again before confirming: the link is sent again.
        Some(row) if row.status == RegistrationStatus::Pending && person.pending => {
            return Ok(Registered::Pending(row));
        }
        // The member whose address a guest registration holds: it is theirs, and
        // takes its seat now (their address is proven).
        Some(row) if row.status == RegistrationStatus::Pending => {
            registration::Entity::update_many()
                .col_expr(registration::Column::MemberId, Expr::value(person.member))
                .col_expr(registration::Column::Name, Expr::value(person.name.clone()))
                .filter(registration::Column::Id.eq(row.id.0))
                .exec(&txn)
                .await?;
            let outcome = seat_or_line(&txn, &row, now)
                .await?
                .ok_or_else(|| Error::Corrupt("a registration changed under its lock".into()))?;
            txn.commit().await?;
            return Ok(outcome);
        }
        Some(row) if row.status != RegistrationStatus::Cancelled => {
            return Ok(Registered::Already(row));
        }
        Some(row) => {
            // Registering again after cancelling.
            registration::Entity::update_many()
                .col_expr(registration::Column::Name, Expr::value(person.name.clone()))
                .col_expr(registration::Column::MemberId, Expr::value(person.member))
                .col_expr(
                    registration::Column::Language,
                    Expr::value(person.language.clone()),
                )
                .col_expr(
                    registration::Column::RemindedDayAt,
                    Expr::value(Option::<OffsetDateTime>::None),
                )
                .col_expr(
                    registration::Column::RemindedHourAt,
                    Expr::value(Option::<OffsetDateTime>::None),
                )
                .filter(registration::Column::Id.eq(row.id.0))
                .exec(&txn)
                .await?;
            row
        }
        None => {
            let inserted = registration::ActiveModel {
                event_id: Set(event.0),
                member_id: Set(person.member),
                name: Set(person.name.clone()),
                email: Set(Some(person.email.clone())),
                country_code: Set(person.country.clone()),
                language: Set(person.language.clone()),
                status: Set(RegistrationStatus::Cancelled.code().to_owned()),
                attended: Set(false),
                reminded_day_at: Set(None),
                reminded_hour_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            to_registration(inserted)?
        }
    };
    let outcome = if person.pending {
        set_status_of(&txn, row.id, row.status, RegistrationStatus::Pending, now).await?;
        // The week to confirm counts from now (a cancelled row reused keeps no
        // old date for housekeeping to find).
        registration::Entity::update_many()
            .col_expr(registration::Column::CreatedAt, Expr::value(now))
            .filter(registration::Column::Id.eq(row.id.0))
            .exec(&txn)
            .await?;
        let mut row = row;
        row.status = RegistrationStatus::Pending;
        row.created_at = now;
        Registered::Pending(row)
    } else {
        seat_or_line(&txn, &row, now)
            .await?
            .ok_or_else(|| Error::Corrupt("a registration changed under its own lock".into()))?
    };
    txn.commit().await?;
    Ok(outcome)
}

/// A guest confirms their address: their pending registration takes a seat or a
/// place in line. `None` when it is no longer pending.
pub async fn confirm(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: RegistrationId,
    now: OffsetDateTime,
) -> Result<Option<Registered>> {
    let Some(first_look) = registration(db, id).await? else {
        return Ok(None);
    };
    let txn = crate::db::begin_write(db).await?;
    lock_event(&txn, first_look.event).await?;
    let Some(row) = registration(&txn, id).await? else {
        return Ok(None);
    };
    if row.status != RegistrationStatus::Pending {
        return Ok(Some(Registered::Already(row)));
    }
    // Under the event's lock the status cannot change between the read and the
    // update; if it did, nothing is committed (the seat is not kept).
    let Some(outcome) = seat_or_line(&txn, &row, now).await? else {
        return Ok(Some(Registered::Already(row)));
    };
    txn.commit().await?;
    Ok(Some(outcome))
}

/// Moves people from the waiting list to free seats, first come first served.
async fn promote(
    db: &impl ConnectionTrait,
    event: EventId,
    now: OffsetDateTime,
) -> Result<Vec<Registration>> {
    let mut promoted = Vec::new();
    loop {
        let Some(first) = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event.0))
            .filter(registration::Column::Status.eq(RegistrationStatus::Waiting.code()))
            .order_by_asc(registration::Column::CreatedAt)
            .order_by_asc(registration::Column::Id)
            .one(db)
            .await?
        else {
            break;
        };
        if !take_seat(db, event, now).await? {
            break;
        }
        let first = to_registration(first)?;
        if set_status_of(
            db,
            first.id,
            RegistrationStatus::Waiting,
            RegistrationStatus::Registered,
            now,
        )
        .await?
        {
            move_count(db, event, event::Column::Waiting, -1).await?;
            let mut first = first;
            first.status = RegistrationStatus::Registered;
            promoted.push(first);
        } else {
            // Someone else moved them: give the seat back and look again.
            move_count(db, event, event::Column::Registered, -1).await?;
        }
    }
    Ok(promoted)
}

/// Fills free seats from the waiting list (after staff raise the capacity).
pub async fn fill_seats(
    db: &(impl ConnectionTrait + TransactionTrait),
    event: EventId,
    now: OffsetDateTime,
) -> Result<Vec<Registration>> {
    let txn = crate::db::begin_write(db).await?;
    lock_event(&txn, event).await?;
    let promoted = promote(&txn, event, now).await?;
    txn.commit().await?;
    Ok(promoted)
}

/// What a cancellation did.
#[derive(Debug, Clone)]
pub struct Cancelled {
    pub registration: Registration,
    /// Who moved from the waiting list to the freed seat.
    pub promoted: Vec<Registration>,
}

/// Cancels a registration; with `fill_seat` (an event still to come) its seat goes
/// to the first in line. `None` when it was not active.
pub async fn cancel(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: RegistrationId,
    fill_seat: bool,
    now: OffsetDateTime,
) -> Result<Option<Cancelled>> {
    let Some(first_look) = registration(db, id).await? else {
        return Ok(None);
    };
    let txn = crate::db::begin_write(db).await?;
    lock_event(&txn, first_look.event).await?;
    let Some(row) = registration(&txn, id).await? else {
        return Ok(None);
    };
    let column = match row.status {
        RegistrationStatus::Registered => event::Column::Registered,
        RegistrationStatus::Waiting => event::Column::Waiting,
        RegistrationStatus::Pending => {
            set_status_of(&txn, row.id, row.status, RegistrationStatus::Cancelled, now).await?;
            txn.commit().await?;
            return Ok(None);
        }
        RegistrationStatus::Cancelled => return Ok(None),
    };
    if !set_status_of(&txn, row.id, row.status, RegistrationStatus::Cancelled, now).await? {
        return Ok(None);
    }
    move_count(&txn, row.event, column, -1).await?;
    let promoted = if row.status == RegistrationStatus::Registered && fill_seat {
        promote(&txn, row.event, now).await?
    } else {
        Vec::new()
    };
    txn.commit().await?;
    let mut registration = row;
    registration.status = RegistrationStatus::Cancelled;
    Ok(Some(Cancelled {
        registration,
        promoted,
    }))
}

/// A member's registrations, with their events, soonest first.
pub async fn for_member(
    db: &impl ConnectionTrait,
    member: i64,
) -> Result<Vec<(Event, Registration)>> {
    let rows = registration::Entity::find()
        .filter(registration::Column::MemberId.eq(member))
        .all(db)
        .await?;
    let mut pairs = with_events(db, rows).await?;
    pairs.sort_by_key(|(event, _)| event.starts_at());
    Ok(pairs)
}

/// Registration rows with their events (one query for the events).
async fn with_events(
    db: &impl ConnectionTrait,
    rows: Vec<registration::Model>,
) -> Result<Vec<(Event, Registration)>> {
    let ids: Vec<i64> = rows.iter().map(|row| row.event_id).collect();
    let events = event::Entity::find()
        .filter(event::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let mut pairs = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(event) = events.iter().find(|event| event.id == row.event_id) {
            pairs.push((to_event(event.clone())?, to_registration(row)?));
        }
    }
    Ok(pairs)
}

/// An event's registrations (not cancelled unless `everyone`), in order of
/// arrival; `search` matches a name or an address.
pub async fn registrants(
    db: &impl ConnectionTrait,
    event: EventId,
    search: Option<&str>,
) -> Result<Vec<Registration>> {
    let mut query = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.0))
        .filter(registration::Column::Email.is_not_null())
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Registered.code(),
            RegistrationStatus::Waiting.code(),
        ]));
    if let Some(search) = search.map(str::trim).filter(|s| !s.is_empty()) {
        query = query.filter(
            Condition::any()
                .add(registration::Column::Name.contains(search))
                .add(registration::Column::Email.contains(search.to_lowercase())),
        );
    }
    query
        .order_by_asc(registration::Column::Status)
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_registration)
        .collect()
}

/// Marks who attended: `attended` among the event's registrations, everyone else
/// not.
pub async fn set_attendance(
    db: &(impl ConnectionTrait + TransactionTrait),
    event: EventId,
    attended: &[RegistrationId],
    now: OffsetDateTime,
) -> Result<()> {
    let txn = crate::db::begin_write(db).await?;
    registration::Entity::update_many()
        .col_expr(registration::Column::Attended, Expr::value(false))
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(registration::Column::EventId.eq(event.0))
        .exec(&txn)
        .await?;
    for chunk in attended.chunks(500) {
        registration::Entity::update_many()
            .col_expr(registration::Column::Attended, Expr::value(true))
            .filter(registration::Column::EventId.eq(event.0))
            .filter(registration::Column::Id.is_in(chunk.iter().map(|id| id.0)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks as attended the registrations with these (normalised) addresses; returns
/// how many matched.
pub async fn mark_attended_by_email(
    db: &impl ConnectionTrait,
    event: EventId,
    emails: &[String],
    now: OffsetDateTime,
) -> Result<u64> {
    let mut matched = 0;
    for chunk in emails.chunks(500) {
        matched += registration::Entity::update_many()
            .col_expr(registration::Column::Attended, Expr::value(true))
            .col_expr(registration::Column::UpdatedAt, Expr::value(now))
            .filter(registration::Column::EventId.eq(event.0))
            .filter(registration::Column::Email.is_in(chunk.iter().cloned()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(matched)
}

/// Registrations (with a seat) and attendance by country; the key is `None` for
/// people without one.
pub async fn by_country(
    db: &impl ConnectionTrait,
    event: EventId,
) -> Result<Vec<(Option<String>, u64, u64)>> {
    let rows: Vec<(Option<String>, bool, i64)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::CountryCode)
        .column(registration::Column::Attended)
        .column_as(registration::Column::Id.count(), "n")
        .filter(registration::Column::EventId.eq(event.0))
        .filter(registration::Column::Status.eq(RegistrationStatus::Registered.code()))
        .group_by(registration::Column::CountryCode)
        .group_by(registration::Column::Attended)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: Vec<(Option<String>, u64, u64)> = Vec::new();
    for (country, attended, n) in rows {
        let n = Ord::max(n, 0) as u64;
        let entry = match counts.iter_mut().find(|(c, _, _)| *c == country) {
            Some(entry) => entry,
            None => {
                counts.push((country, 0, 0));
                counts.last_mut().expect("just pushed")
            }
        };
        entry.1 += n;
        if attended {
            entry.2 += n;
        }
    }
    Ok(counts)
}

// ---------------------------------------------------------- personal data

/// Every registration of a person: made as a member, or with their address.
pub async fn of_person(
    db: &impl ConnectionTrait,
    member: i64,
    email: &str,
) -> Result<Vec<(Event, Registration)>> {
    let rows = registration::Entity::find()
        .filter(
            Condition::any()
                .add(registration::Column::MemberId.eq(member))
                .add(registration::Column::Email.eq(email)),
        )
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?;
    with_events(db, rows).await
}

/// A person leaves: their registrations (as a member or with their address) keep
/// their event, status, country and attendance (anonymous counts), and lose who
/// they were.
pub async fn erase_person(
    db: &impl ConnectionTrait,
    member: i64,
    email: &str,
    now: OffsetDateTime,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(
            registration::Column::MemberId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(registration::Column::Name, Expr::value(""))
        .col_expr(
            registration::Column::Email,
            Expr::value(Option::<String>::None),
        )
        .col_expr(registration::Column::UpdatedAt, Expr::value(now))
        .filter(
            Condition::any()
                .add(registration::Column::MemberId.eq(member))
                .add(registration::Column::Email.eq(email)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Guests' registrations never confirmed since `before`: deleted (they hold no seat,
/// and an address nobody proved is not kept). Returns how many.
pub async fn delete_unconfirmed(db: &impl ConnectionTrait, before: OffsetDateTime) -> Result<u64> {
    Ok(registration::Entity::delete_many()
        .filter(registration::Column::Status.eq(RegistrationStatus::Pending.code()))
        .filter(registration::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
