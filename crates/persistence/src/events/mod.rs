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

mod registrations;
mod reminders;

pub use registrations::*;
pub use reminders::*;

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
    let slug = membernet_domain::events::first_free(&base, &taken);
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
