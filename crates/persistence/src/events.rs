//! Events and their registrations. Seats are counted on the event row and moved in
//! the transaction that changes a registration: a seat is taken by one conditional
//! update (`registered < capacity`), which the database runs one at a time for a
//! row, so the last seat goes to one person and the next joins the waiting list.

use membernet_domain::{
    CountryCode,
    events::{
        Event, EventDraft, EventId, EventKind, EventStatus, Registration, RegistrationId,
        RegistrationStatus, Reminder, Speaker, Zone,
    },
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    ExprTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionSession,
    TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use crate::{
    Error, Result,
    entity::{event, event_registration as registration},
};

// ---------------------------------------------------------------- events

fn spaced(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut text = String::from(" ");
    for item in items {
        text.push_str(item.as_ref());
        text.push(' ');
    }
    text
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

fn to_event(row: event::Model) -> Result<Event> {
    let corrupt = |what: &str| Error::Corrupt(format!("event {}: {what}", row.id));
    let zone = Zone::parse(&row.time_zone).ok_or_else(|| corrupt("time zone"))?;
    let kind = EventKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?;
    let status = EventStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?;
    let speakers: Vec<Speaker> = serde_json::from_str(&row.speakers)?;
    let countries = words(&row.countries)
        .iter()
        .filter_map(|code| CountryCode::parse(code).ok())
        .collect();
    let reference_zones = row
        .reference_zones
        .split(',')
        .filter_map(Zone::parse)
        .collect();
    Ok(Event {
        id: EventId(row.id),
        slug: row.slug,
        status,
        registered: Ord::max(row.registered, 0) as u32,
        waiting: Ord::max(row.waiting, 0) as u32,
        created_at: row.created_at,
        draft: EventDraft {
            title: row.title,
            summary: row.summary,
            description: row.description,
            kind,
            zone,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            join_url: row.join_url,
            place: row.place,
            capacity: row.capacity.map(|c| Ord::max(c, 1) as u32),
            registration_deadline: row.registration_deadline,
            languages: words(&row.languages),
            countries,
            regions: words(&row.regions),
            reference_zones,
            speakers,
            recording_url: row.recording_url,
            slides_url: row.slides_url,
        },
    })
}

fn fill(model: &mut event::ActiveModel, draft: &EventDraft) -> Result<()> {
    model.title = Set(draft.title.clone());
    model.summary = Set(draft.summary.clone());
    model.description = Set(draft.description.clone());
    model.kind = Set(draft.kind.code().to_owned());
    model.time_zone = Set(draft.zone.name().to_owned());
    model.starts_at = Set(draft.starts_at);
    model.ends_at = Set(draft.ends_at);
    model.join_url = Set(draft.join_url.clone());
    model.place = Set(draft.place.clone());
    model.capacity = Set(draft.capacity.map(|c| c as i32));
    model.registration_deadline = Set(draft.registration_deadline);
    model.languages = Set(spaced(&draft.languages));
    model.countries = Set(spaced(draft.countries.iter().map(|c| c.as_str())));
    model.regions = Set(spaced(&draft.regions));
    model.area_keys = Set(spaced(membernet_domain::events::area_keys(
        &draft.countries,
        &draft.regions,
    )));
    model.reference_zones = Set(draft
        .reference_zones
        .iter()
        .map(|zone| zone.name())
        .collect::<Vec<_>>()
        .join(","));
    model.speakers = Set(serde_json::to_string(&draft.speakers)?);
    model.recording_url = Set(draft.recording_url.clone());
    model.slides_url = Set(draft.slides_url.clone());
    Ok(())
}

/// A new event, as a draft, at a free address made from its title and date.
pub async fn create(
    db: &impl ConnectionTrait,
    draft: &EventDraft,
    now: OffsetDateTime,
) -> Result<Event> {
    let base = membernet_domain::events::slug_for(&draft.title, draft.starts_at);
    let taken: Vec<String> = event::Entity::find()
        .select_only()
        .column(event::Column::Slug)
        .filter(event::Column::Slug.starts_with(&base))
        .into_tuple()
        .all(db)
        .await?;
    let slug = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|slug| !taken.contains(slug))
        .unwrap_or(base);
    let mut model = event::ActiveModel {
        slug: Set(slug),
        status: Set(EventStatus::Draft.code().to_owned()),
        registered: Set(0),
        waiting: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut model, draft)?;
    to_event(model.insert(db).await?)
}

pub async fn update(
    db: &impl ConnectionTrait,
    id: EventId,
    draft: &EventDraft,
    now: OffsetDateTime,
) -> Result<()> {
    let mut model = event::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id.0),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut model, draft)?;
    model.update(db).await?;
    Ok(())
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: EventId,
    status: EventStatus,
    now: OffsetDateTime,
) -> Result<()> {
    event::Entity::update_many()
        .col_expr(event::Column::Status, Expr::value(status.code()))
        .col_expr(event::Column::UpdatedAt, Expr::value(now))
        .filter(event::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: EventId) -> Result<Option<Event>> {
    event::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_event)
        .transpose()
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Event>> {
    event::Entity::find()
        .filter(event::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(to_event)
        .transpose()
}

/// Which events a list shows.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// `Some(true)`: not yet ended, soonest first; `Some(false)`: ended, latest
    /// first; `None`: all, latest start first.
    pub upcoming: Option<bool>,
    pub language: Option<String>,
    /// An area key ("region:africa", "KE").
    pub area: Option<String>,
    pub kind: Option<EventKind>,
    /// Drafts too (staff).
    pub drafts: bool,
    pub search: Option<String>,
    /// Only events ending after this (the calendar feed's window).
    pub ends_after: Option<OffsetDateTime>,
}

fn listing_condition(listing: &Listing, now: OffsetDateTime) -> Condition {
    let mut condition = Condition::all();
    if !listing.drafts {
        condition = condition.add(event::Column::Status.ne(EventStatus::Draft.code()));
    }
    match listing.upcoming {
        Some(true) => condition = condition.add(event::Column::EndsAt.gt(now)),
        Some(false) => condition = condition.add(event::Column::EndsAt.lte(now)),
        None => {}
    }
    if let Some(after) = listing.ends_after {
        condition = condition.add(event::Column::EndsAt.gt(after));
    }
    if let Some(language) = &listing.language {
        condition = condition.add(event::Column::Languages.contains(format!(" {language} ")));
    }
    if let Some(area) = &listing.area {
        condition = condition.add(event::Column::AreaKeys.contains(format!(" {area} ")));
    }
    if let Some(kind) = listing.kind {
        condition = condition.add(event::Column::Kind.eq(kind.code()));
    }
    if let Some(search) = listing.search.as_deref().filter(|s| !s.trim().is_empty()) {
        condition = condition.add(event::Column::Title.contains(search.trim()));
    }
    condition
}

/// One page of events and how many there are in all.
pub async fn list(
    db: &impl ConnectionTrait,
    listing: &Listing,
    now: OffsetDateTime,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Event>, u64)> {
    let condition = listing_condition(listing, now);
    let total = event::Entity::find()
        .filter(condition.clone())
        .count(db)
        .await?;
    let query = event::Entity::find().filter(condition);
    let query = match listing.upcoming {
        Some(true) => query.order_by_asc(event::Column::StartsAt),
        _ => query.order_by_desc(event::Column::StartsAt),
    };
    let rows = query
        .order_by_asc(event::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let events = rows.into_iter().map(to_event).collect::<Result<_>>()?;
    Ok((events, total))
}

// ---------------------------------------------------------- registrations

fn to_registration(row: registration::Model) -> Result<Registration> {
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

// -------------------------------------------------------------- reminders

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
