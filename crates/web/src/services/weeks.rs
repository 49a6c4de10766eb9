//! Awareness weeks: what their pages show (the days, what each offers, what is on
//! today, the share kit), and what staff do to build them (the week, each day's
//! items picked by address, posts, graphics, publishing).

use std::collections::BTreeMap;

use bytes::Bytes;
use membernet_domain::{
    Account,
    weeks::{
        Day, DayDraft, Graphic, Item, ItemAddress, PostDraft, Week, WeekDraft, WeekId, WeekStatus,
        draft::MAX_DAYS, share::MAX_ALT, share::MIN_GRAPHIC_WIDTH,
    },
};
use membernet_persistence::TransactionTrait;
use membernet_persistence::weeks::{self, NewGraphic, Suggestion};
use time::{Date, Duration, OffsetDateTime};

use super::{Error, Result, Services};
use crate::files::{PhotoError, clean_graphic, new_key};

/// A published week, or any week for staff.
pub async fn find(services: &Services, slug: &str, reader: Option<&Account>) -> Result<Week> {
    let week = weeks::by_slug(&services.db, slug)
        .await?
        .ok_or(Error::NotFound)?;
    let staff = reader.is_some_and(Account::may_open_staff_area);
    if week.is_public() || staff {
        Ok(week)
    } else {
        Err(Error::NotFound)
    }
}

pub async fn by_id(services: &Services, id: i64) -> Result<Week> {
    weeks::get(&services.db, WeekId(id))
        .await?
        .ok_or(Error::NotFound)
}

/// Published weeks, newest first (`/weeks`), or every week for staff.
pub async fn list(services: &Services, staff: bool) -> Result<Vec<Week>> {
    Ok(weeks::list(&services.db, !staff).await?)
}

/// A week's days with what each offers. The public sees only what is public now
/// (a draft event or an unpublished resource waits unseen; a campaign scheduled or
/// being sent is named, without a link; a draft one is not); staff see everything,
/// marked.
pub struct Programme {
    pub days: Vec<ProgrammeDay>,
}

impl Programme {
    /// Where `date` is among the week's days.
    pub fn position(&self, date: Date) -> Option<usize> {
        self.days.iter().position(|day| day.date == date)
    }
}

pub struct ProgrammeDay {
    pub date: Date,
    pub day: Day,
    pub items: Vec<Item>,
}

pub async fn programme(services: &Services, week: &Week, staff: bool) -> Result<Programme> {
    let mut stored = weeks::days(&services.db, week.id).await?;
    let mut items: BTreeMap<Date, Vec<Item>> = BTreeMap::new();
    for item in weeks::items(&services.db, week.id).await? {
        if item.public || item.announced || staff {
            items.entry(item.day).or_default().push(item);
        }
    }
    let days = week
        .dates()
        .into_iter()
        .map(|date| ProgrammeDay {
            date,
            day: stored.remove(&date).unwrap_or_default(),
            items: items.remove(&date).unwrap_or_default(),
        })
        .collect();
    Ok(Programme { days })
}

/// The share kit: posts (in the reader's language first) and graphics.
pub struct Kit {
    pub posts: Vec<membernet_domain::weeks::Post>,
    pub graphics: Vec<Graphic>,
}

pub async fn kit(services: &Services, week: &Week) -> Result<Kit> {
    Ok(Kit {
        posts: weeks::posts(&services.db, week.id).await?,
        graphics: weeks::graphics(&services.db, week.id).await?,
    })
}

/// How many counted members joined from the week's pages.
pub async fn joins(services: &Services, week: &Week) -> Result<u64> {
    Ok(membernet_persistence::members::joined_from(&services.db, &week.join_source()).await?)
}

/// The address of a week's page, as posts link to it.
pub fn week_url(services: &Services, week: &Week) -> String {
    format!(
        "{}/weeks/{}",
        services.config.base_url.trim_end_matches('/'),
        week.slug
    )
}

/// Why a week's changes were not saved (the form says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Another week already has the address.
    SlugTaken,
    /// A published week keeps its address: posts already shared link to it, and
    /// joins from it are counted under it.
    SlugPublished,
    /// These days have a theme or items and would fall outside the new dates.
    DaysOutside(Vec<Date>),
}

pub async fn create(services: &Services, draft: &WeekDraft) -> Result<Result<Week, Refused>> {
    if weeks::slug_taken(&services.db, &draft.slug, None).await? {
        return Ok(Err(Refused::SlugTaken));
    }
    let id = weeks::insert(
        &services.db,
        draft,
        WeekStatus::Draft,
        OffsetDateTime::now_utc(),
    )
    .await?;
    tracing::info!(week = id.0, "week created");
    by_id(services, id.0).await.map(Ok)
}

pub async fn save(
    services: &Services,
    week: &Week,
    draft: &WeekDraft,
) -> Result<Result<(), Refused>> {
    if draft.slug != week.slug {
        if week.is_public() {
            return Ok(Err(Refused::SlugPublished));
        }
        if weeks::slug_taken(&services.db, &draft.slug, Some(week.id)).await? {
            return Ok(Err(Refused::SlugTaken));
        }
    }
    let dates = draft.dates();
    let outside: Vec<Date> = weeks::filled_dates(&services.db, week.id)
        .await?
        .into_iter()
        .filter(|date| !dates.contains(date))
        .collect();
    if !outside.is_empty() {
        return Ok(Err(Refused::DaysOutside(outside)));
    }
    weeks::update(&services.db, week.id, draft, OffsetDateTime::now_utc()).await?;
    services.public_changed().await?;
    Ok(Ok(()))
}

pub async fn set_status(services: &Services, week: &Week, status: WeekStatus) -> Result<()> {
    weeks::set_status(&services.db, week.id, status).await?;
    tracing::info!(
        week = week.id.0,
        status = status.code(),
        "week status changed"
    );
    services.public_changed().await
}

/// Sets a day's theme and items. Every address must name something on the site:
/// those that do not are given back, and nothing is changed.
pub async fn set_day(
    services: &Services,
    week: &Week,
    date: Date,
    draft: &DayDraft,
) -> Result<Result<(), Vec<ItemAddress>>> {
    if !week.dates().contains(&date) {
        return Err(Error::NotFound);
    }
    let resolved = weeks::resolve(&services.db, &draft.items).await?;
    let unknown: Vec<ItemAddress> = resolved
        .iter()
        .filter(|(_, id)| id.is_none())
        .map(|(address, _)| address.clone())
        .collect();
    if !unknown.is_empty() {
        return Ok(Err(unknown));
    }
    let items: Vec<_> = resolved
        .into_iter()
        .filter_map(|(address, id)| id.map(|id| (address.kind, id)))
        .collect();
    let day = Day {
        theme: draft.theme.clone(),
        summary: draft.summary.clone(),
    };
    let txn = services.db.begin().await.map_err(anyhow::Error::from)?;
    weeks::set_day(&txn, week.id, date, &day, &items).await?;
    txn.commit().await.map_err(anyhow::Error::from)?;
    services.public_changed().await?;
    Ok(Ok(()))
}

/// What staff may want to put on the week's days: events, campaigns and library
/// items dated within it (a day either side).
pub async fn suggestions(services: &Services, week: &Week) -> Result<Vec<Suggestion>> {
    let from = week.draft.starts_on.midnight().assume_utc() - Duration::days(1);
    let to = week.draft.ends_on.midnight().assume_utc() + Duration::days(2);
    debug_assert!(to - from <= Duration::days(MAX_DAYS + 3));
    Ok(weeks::suggestions(&services.db, from, to).await?)
}

pub async fn add_post(services: &Services, week: &Week, draft: &PostDraft) -> Result<()> {
    weeks::add_post(&services.db, week.id, draft).await?;
    services.public_changed().await
}

pub async fn delete_post(services: &Services, week: &Week, post: i64) -> Result<()> {
    if !weeks::delete_post(&services.db, week.id, post).await? {
        return Err(Error::NotFound);
    }
    services.public_changed().await
}

/// Why a graphic was refused (the form says so beside the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphicRefused {
    Missing,
    TooBig,
    /// Not a picture we can read (JPEG, PNG or WebP).
    Unreadable,
    TooNarrow,
    AltMissing,
    AltTooLong,
    LanguageUnknown,
}

impl GraphicRefused {
    pub fn field(self) -> &'static str {
        match self {
            GraphicRefused::AltMissing | GraphicRefused::AltTooLong => "alt",
            GraphicRefused::LanguageUnknown => "language",
            _ => "graphic",
        }
    }

    /// `weeks.error.*`.
    pub fn code(self) -> &'static str {
        match self {
            GraphicRefused::Missing => "graphic_missing",
            GraphicRefused::TooBig => "graphic_too_big",
            GraphicRefused::Unreadable => "graphic_unreadable",
            GraphicRefused::TooNarrow => "graphic_too_narrow",
            GraphicRefused::AltMissing => "alt_missing",
            GraphicRefused::AltTooLong => "too_long",
            GraphicRefused::LanguageUnknown => "language_unknown",
        }
    }
}

/// Adds a graphic: read within limits, re-encoded without its metadata, stored,
/// then named by a row. Its description (alt text) is required: the kit is for
/// everyone, and networks carry the description with the picture.
pub async fn add_graphic(
    services: &Services,
    week: &Week,
    picture: Option<Bytes>,
    alt: &str,
    language: &str,
) -> Result<Result<i64, Vec<GraphicRefused>>> {
    let mut refused = Vec::new();
    let alt = alt.trim();
    if alt.is_empty() {
        refused.push(GraphicRefused::AltMissing);
    } else if alt.chars().count() > MAX_ALT {
        refused.push(GraphicRefused::AltTooLong);
    }
    if !membernet_domain::events::LANGUAGES.contains(&language) {
        refused.push(GraphicRefused::LanguageUnknown);
    }
    let picture = match picture.filter(|bytes| !bytes.is_empty()) {
        None => {
            refused.push(GraphicRefused::Missing);
            None
        }
        Some(bytes) if bytes.len() > services.config.upload_max => {
            refused.push(GraphicRefused::TooBig);
            None
        }
        Some(bytes) => Some(bytes),
    };
    if !refused.is_empty() {
        return Ok(Err(refused));
    }
    let Some(bytes) = picture else {
        return Ok(Err(vec![GraphicRefused::Missing]));
    };
    let cleaned = match tokio::task::spawn_blocking(move || clean_graphic(&bytes))
        .await
        .map_err(|error| Error::Internal(error.into()))?
    {
        Ok(cleaned) => cleaned,
        Err(PhotoError::TooLarge) => return Ok(Err(vec![GraphicRefused::TooBig])),
        Err(PhotoError::Unreadable) => return Ok(Err(vec![GraphicRefused::Unreadable])),
    };
    if cleaned.width < MIN_GRAPHIC_WIDTH {
        return Ok(Err(vec![GraphicRefused::TooNarrow]));
    }
    let key = new_key();
    let size = cleaned.jpeg.len() as u64;
    services
        .files
        .put(&key, Bytes::from(cleaned.jpeg))
        .await
        .map_err(Error::Internal)?;
    let id = weeks::add_graphic(
        &services.db,
        week.id,
        &NewGraphic {
            key,
            alt: alt.to_owned(),
            language: language.to_owned(),
            width: cleaned.width,
            height: cleaned.height,
            bytes: size,
        },
        OffsetDateTime::now_utc(),
    )
    .await?;
    services.public_changed().await?;
    Ok(Ok(id))
}

pub async fn delete_graphic(services: &Services, week: &Week, graphic: i64) -> Result<()> {
    let Some(key) = weeks::delete_graphic(&services.db, week.id, graphic).await? else {
        return Err(Error::NotFound);
    };
    if let Err(error) = services.files.delete(&key).await {
        // The row is gone; an unreachable store leaves an unused file, not a broken page.
        tracing::warn!(%error, "a deleted graphic's file could not be removed");
    }
    services.public_changed().await
}

/// One of a week's graphics.
pub async fn graphic(services: &Services, week: &Week, graphic: i64) -> Result<Graphic> {
    weeks::graphic(&services.db, week.id, graphic)
        .await?
        .ok_or(Error::NotFound)
}

/// A graphic's picture.
pub async fn graphic_bytes(services: &Services, graphic: &Graphic) -> Result<Bytes> {
    services
        .files
        .get(&graphic.key)
        .await
        .map_err(Error::Internal)?
        .ok_or(Error::NotFound)
}
