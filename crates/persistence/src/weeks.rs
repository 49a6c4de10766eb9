//! Awareness weeks: the week, its days and what each offers, and its share kit.
//! A day's items are stored by id (an event or a resource keeps its place when its
//! address changes) and read back with their titles in one query a kind.

use std::collections::{BTreeMap, HashMap};

use membernet_domain::{
    campaigns::CampaignStatus,
    events::EventStatus,
    library::{Section, Status as LibraryStatus},
    weeks::{
        Day, Graphic, Item, ItemAddress, ItemKind, Network, Post, PostDraft, Week, WeekDraft,
        WeekId, WeekStatus, iso, parse_iso,
    },
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};
use time::{Date, OffsetDateTime};

use crate::{
    Error, Result,
    entity::{
        campaign, campaign_version, event, library_item, share_graphic, share_post, week, week_day,
        week_item,
    },
};

fn corrupt(what: &str, value: &str) -> Error {
    Error::Corrupt(format!("week: {what} {value:?}"))
}

fn to_week(row: week::Model) -> Result<Week> {
    let date = |text: &str| parse_iso(text).ok_or_else(|| corrupt("date", text));
    Ok(Week {
        id: WeekId(row.id),
        status: WeekStatus::parse(&row.status).ok_or_else(|| corrupt("status", &row.status))?,
        draft: WeekDraft {
            title: row.title,
            slug: row.slug.clone(),
            theme: row.theme,
            hashtag: row.hashtag,
            intro: row.intro,
            starts_on: date(&row.starts_on)?,
            ends_on: date(&row.ends_on)?,
            show_donation_total: row.show_donation_total,
        },
        slug: row.slug,
        created_at: row.created_at,
    })
}

fn fields(draft: &WeekDraft, row: &mut week::ActiveModel) {
    row.slug = Set(draft.slug.clone());
    row.title = Set(draft.title.clone());
    row.theme = Set(draft.theme.clone());
    row.hashtag = Set(draft.hashtag.clone());
    row.intro = Set(draft.intro.clone());
    row.starts_on = Set(iso(draft.starts_on));
    row.ends_on = Set(iso(draft.ends_on));
    row.show_donation_total = Set(draft.show_donation_total);
}

pub async fn insert(
    db: &impl ConnectionTrait,
    draft: &WeekDraft,
    status: WeekStatus,
    now: OffsetDateTime,
) -> Result<WeekId> {
    let mut row = week::ActiveModel {
        status: Set(status.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fields(draft, &mut row);
    Ok(WeekId(row.insert(db).await?.id))
}

/// Changes a week's fields; its days outside the new dates stay stored (they come
/// back if the dates do) but are not shown.
pub async fn update(
    db: &impl ConnectionTrait,
    id: WeekId,
    draft: &WeekDraft,
    now: OffsetDateTime,
) -> Result<()> {
    let mut row = week::ActiveModel {
        id: Set(id.0),
        updated_at: Set(now),
        ..Default::default()
    };
    fields(draft, &mut row);
    row.update(db).await?;
    Ok(())
}

pub async fn set_status(db: &impl ConnectionTrait, id: WeekId, status: WeekStatus) -> Result<()> {
    week::Entity::update_many()
        .col_expr(
            week::Column::Status,
            sea_orm::sea_query::Expr::value(status.code()),
        )
        .filter(week::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, id: WeekId) -> Result<Option<Week>> {
    week::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(to_week)
        .transpose()
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Week>> {
    week::Entity::find()
        .filter(week::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(to_week)
        .transpose()
}

/// Whether another week than `except` has the address `slug`.
pub async fn slug_taken(
    db: &impl ConnectionTrait,
    slug: &str,
    except: Option<WeekId>,
) -> Result<bool> {
    let mut query = week::Entity::find()
        .select_only()
        .column(week::Column::Id)
        .filter(week::Column::Slug.eq(slug));
    if let Some(except) = except {
        query = query.filter(week::Column::Id.ne(except.0));
    }
    Ok(query.into_tuple::<i64>().one(db).await?.is_some())
}

/// Every week (staff's list), or only the published ones; newest first.
pub async fn list(db: &impl ConnectionTrait, published_only: bool) -> Result<Vec<Week>> {
    let mut query = week::Entity::find().order_by_desc(week::Column::StartsOn);
    if published_only {
        query = query.filter(week::Column::Status.eq(WeekStatus::Published.code()));
    }
    query.all(db).await?.into_iter().map(to_week).collect()
}

/// The week's days as stored (themes may be missing for some dates).
pub async fn days(db: &impl ConnectionTrait, id: WeekId) -> Result<BTreeMap<Date, Day>> {
    let rows = week_day::Entity::find()
        .filter(week_day::Column::WeekId.eq(id.0))
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let date = parse_iso(&row.day).ok_or_else(|| corrupt("day", &row.day))?;
            Ok((
                date,
                Day {
                    theme: row.theme,
                    summary: row.summary,
                },
            ))
        })
        .collect()
}

/// The dates that have a theme, a line or items stored.
pub async fn filled_dates(db: &impl ConnectionTrait, id: WeekId) -> Result<Vec<Date>> {
    let mut dates: Vec<Date> = days(db, id)
        .await?
        .into_iter()
        .filter(|(_, day)| !day.theme.is_empty() || !day.summary.is_empty())
        .map(|(date, _)| date)
        .collect();
    let with_items: Vec<String> = week_item::Entity::find()
        .select_only()
        .column(week_item::Column::Day)
        .filter(week_item::Column::WeekId.eq(id.0))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    dates.extend(with_items.iter().filter_map(|day| parse_iso(day)));
    dates.sort();
    dates.dedup();
    Ok(dates)
}

/// Sets a day's theme and items (replacing what it had); call in a transaction.
pub async fn set_day(
    db: &impl ConnectionTrait,
    id: WeekId,
    date: Date,
    day: &Day,
    items: &[(ItemKind, i64)],
) -> Result<()> {
    let key = iso(date);
    // One statement, so two saves of a day at once cannot collide on its key.
    week_day::Entity::insert(week_day::ActiveModel {
        week_id: Set(id.0),
        day: Set(key.clone()),
        theme: Set(day.theme.clone()),
        summary: Set(day.summary.clone()),
    })
    .on_conflict(
        OnConflict::columns([week_day::Column::WeekId, week_day::Column::Day])
            .update_columns([week_day::Column::Theme, week_day::Column::Summary])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    week_item::Entity::delete_many()
        .filter(week_item::Column::WeekId.eq(id.0))
        .filter(week_item::Column::Day.eq(&key))
        .exec(db)
        .await?;
    if !items.is_empty() {
        let rows =
            items
                .iter()
                .enumerate()
                .map(|(position, (kind, ref_id))| week_item::ActiveModel {
                    week_id: Set(id.0),
                    day: Set(key.clone()),
                    kind: Set(kind.code().to_owned()),
                    ref_id: Set(*ref_id),
                    position: Set(position as i32),
                    ..Default::default()
                });
        week_item::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Finds the things `addresses` name: each address with its id, or `None` when
/// nothing on the site has it. One query a kind.
pub async fn resolve(
    db: &impl ConnectionTrait,
    addresses: &[ItemAddress],
) -> Result<Vec<(ItemAddress, Option<i64>)>> {
    let mut found: HashMap<(ItemKind, String), i64> = HashMap::new();
    for kind in ItemKind::ALL {
        let slugs: Vec<String> = addresses
            .iter()
            .filter(|address| address.kind == *kind)
            .map(|address| address.slug.clone())
            .collect();
        if slugs.is_empty() {
            continue;
        }
        let rows: Vec<(i64, String)> = match kind {
            ItemKind::Event => {
                event::Entity::find()
                    .select_only()
                    .columns([event::Column::Id, event::Column::Slug])
                    .filter(event::Column::Slug.is_in(slugs))
                    .into_tuple()
                    .all(db)
                    .await?
            }
            ItemKind::Resource | ItemKind::Story => {
                library_item::Entity::find()
                    .select_only()
                    .columns([library_item::Column::Id, library_item::Column::Slug])
                    .filter(library_item::Column::Slug.is_in(slugs))
                    .filter(library_item::Column::Section.eq(section(*kind)))
                    .into_tuple()
                    .all(db)
                    .await?
            }
            ItemKind::Campaign => {
                campaign::Entity::find()
                    .select_only()
                    .columns([campaign::Column::Id, campaign::Column::Slug])
                    .filter(campaign::Column::Slug.is_in(slugs))
                    .into_tuple()
                    .all(db)
                    .await?
            }
        };
        for (id, slug) in rows {
            found.insert((*kind, slug), id);
        }
    }
    Ok(addresses
        .iter()
        .map(|address| {
            let id = found.get(&(address.kind, address.slug.clone())).copied();
            (address.clone(), id)
        })
        .collect())
}

/// The library's section holding items of `kind` (a resource or a story).
fn section(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Story => Section::Story.code(),
        _ => Section::Resource.code(),
    }
}

/// What a library item of `section` is on a day.
fn kind_of(section: &str) -> ItemKind {
    if section == Section::Story.code() {
        ItemKind::Story
    } else {
        ItemKind::Resource
    }
}

/// A week's items, day by day in order, with their titles and whether the public
/// may see them now. Items whose thing was deleted are left out.
pub async fn items(db: &impl ConnectionTrait, id: WeekId) -> Result<Vec<Item>> {
    let rows = week_item::Entity::find()
        .filter(week_item::Column::WeekId.eq(id.0))
        .order_by_asc(week_item::Column::Day)
        .order_by_asc(week_item::Column::Position)
        .all(db)
        .await?;
    let ids = |wanted: &[ItemKind]| -> Vec<i64> {
        rows.iter()
            .filter(|row| ItemKind::parse(&row.kind).is_some_and(|kind| wanted.contains(&kind)))
            .map(|row| row.ref_id)
            .collect()
    };
    // (kind, id) → (slug, title, summary, start, public, announced)
    type Found = (String, String, String, Option<OffsetDateTime>, bool, bool);
    let mut found: HashMap<(ItemKind, i64), Found> = HashMap::new();
    let events = ids(&[ItemKind::Event]);
    if !events.is_empty() {
        for row in event::Entity::find()
            .filter(event::Column::Id.is_in(events))
            .all(db)
            .await?
        {
            let public = EventStatus::parse(&row.status).is_some_and(EventStatus::is_public);
            found.insert(
                (ItemKind::Event, row.id),
                (
                    row.slug,
                    row.title,
                    row.summary,
                    Some(row.starts_at),
                    public,
                    false,
                ),
            );
        }
    }
    let library = ids(&[ItemKind::Resource, ItemKind::Story]);
    if !library.is_empty() {
        let rows: Vec<(i64, String, String, String, String, String)> = library_item::Entity::find()
            .select_only()
            .columns([
                library_item::Column::Id,
                library_item::Column::Section,
                library_item::Column::Slug,
                library_item::Column::Title,
                library_item::Column::Summary,
                library_item::Column::Status,
            ])
            .filter(library_item::Column::Id.is_in(library))
            .into_tuple()
            .all(db)
            .await?;
        for (id, section, slug, title, summary, status) in rows {
            let kind = kind_of(&section);
            let public = status == LibraryStatus::Published.code();
            found.insert((kind, id), (slug, title, summary, None, public, false));
        }
    }
    let campaigns = ids(&[ItemKind::Campaign]);
    if !campaigns.is_empty() {
        let rows = campaign::Entity::find()
            .filter(campaign::Column::Id.is_in(campaigns))
            .all(db)
            .await?;
        for (row, subject) in with_subjects(db, rows).await? {
            // As the archive shows them (`Campaign::is_public`).
            let public = row.archived && row.status == CampaignStatus::Sent.code();
            let announced = [CampaignStatus::Scheduled, CampaignStatus::Sending]
                .iter()
                .any(|status| row.status == status.code());
            found.insert(
                (ItemKind::Campaign, row.id),
                (
                    row.slug,
                    subject,
                    String::new(),
                    row.send_at,
                    public,
                    announced,
                ),
            );
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = ItemKind::parse(&row.kind) else {
            return Err(corrupt("item kind", &row.kind));
        };
        let day = parse_iso(&row.day).ok_or_else(|| corrupt("day", &row.day))?;
        if let Some((slug, title, summary, starts_at, public, announced)) =
            found.get(&(kind, row.ref_id))
        {
            items.push(Item {
                kind,
                ref_id: row.ref_id,
                day,
                slug: slug.clone(),
                title: title.clone(),
                summary: summary.clone(),
                starts_at: *starts_at,
                public: *public,
                announced: *announced,
            });
        }
    }
    Ok(items)
}

fn to_post(row: share_post::Model) -> Result<Post> {
    Ok(Post {
        id: row.id,
        week: WeekId(row.week_id),
        draft: PostDraft {
            network: Network::parse(&row.network)
                .ok_or_else(|| corrupt("network", &row.network))?,
            language: row.language,
            body: row.body,
            link: (!row.link.is_empty()).then_some(row.link),
        },
    })
}

/// A week's posts in their order.
pub async fn posts(db: &impl ConnectionTrait, id: WeekId) -> Result<Vec<Post>> {
    share_post::Entity::find()
        .filter(share_post::Column::WeekId.eq(id.0))
        .order_by_asc(share_post::Column::Position)
        .order_by_asc(share_post::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_post)
        .collect()
}

/// Adds a post after the week's others.
pub async fn add_post(db: &impl ConnectionTrait, id: WeekId, draft: &PostDraft) -> Result<i64> {
    let position = share_post::Entity::find()
        .filter(share_post::Column::WeekId.eq(id.0))
        .count(db)
        .await?;
    let row = share_post::ActiveModel {
        week_id: Set(id.0),
        network: Set(draft.network.code().to_owned()),
        language: Set(draft.language.clone()),
        body: Set(draft.body.clone()),
        link: Set(draft.link.clone().unwrap_or_default()),
        position: Set(position as i32),
        ..Default::default()
    };
    Ok(row.insert(db).await?.id)
}

/// Removes one of the week's posts: `false` when it had no such post.
pub async fn delete_post(db: &impl ConnectionTrait, id: WeekId, post: i64) -> Result<bool> {
    let result = share_post::Entity::delete_many()
        .filter(share_post::Column::WeekId.eq(id.0))
        .filter(share_post::Column::Id.eq(post))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

fn to_graphic(row: share_graphic::Model) -> Graphic {
    Graphic {
        id: row.id,
        week: WeekId(row.week_id),
        key: row.key,
        alt: row.alt,
        language: row.language,
        width: row.width.max(0) as u32,
        height: row.height.max(0) as u32,
        bytes: row.bytes.max(0) as u64,
    }
}

pub async fn graphics(db: &impl ConnectionTrait, id: WeekId) -> Result<Vec<Graphic>> {
    Ok(share_graphic::Entity::find()
        .filter(share_graphic::Column::WeekId.eq(id.0))
        .order_by_asc(share_graphic::Column::Position)
        .order_by_asc(share_graphic::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_graphic)
        .collect())
}

pub async fn graphic(
    db: &impl ConnectionTrait,
    id: WeekId,
    graphic: i64,
) -> Result<Option<Graphic>> {
    Ok(share_graphic::Entity::find()
        .filter(share_graphic::Column::WeekId.eq(id.0))
        .filter(share_graphic::Column::Id.eq(graphic))
        .one(db)
        .await?
        .map(to_graphic))
}

/// A graphic to add: the picture is already in the file store under `key`.
pub struct NewGraphic {
    pub key: String,
    pub alt: String,
    pub language: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

pub async fn add_graphic(
    db: &impl ConnectionTrait,
    id: WeekId,
    graphic: &NewGraphic,
    now: OffsetDateTime,
) -> Result<i64> {
    let position = share_graphic::Entity::find()
        .filter(share_graphic::Column::WeekId.eq(id.0))
        .count(db)
        .await?;
    let row = share_graphic::ActiveModel {
        week_id: Set(id.0),
        key: Set(graphic.key.clone()),
        alt: Set(graphic.alt.clone()),
        language: Set(graphic.language.clone()),
        width: Set(graphic.width as i32),
        height: Set(graphic.height as i32),
        bytes: Set(graphic.bytes as i64),
        position: Set(position as i32),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(row.insert(db).await?.id)
}

/// Removes one of the week's graphics, giving back its file's key to delete.
pub async fn delete_graphic(
    db: &impl ConnectionTrait,
    id: WeekId,
    graphic: i64,
) -> Result<Option<String>> {
    let Some(found) = self::graphic(db, id, graphic).await? else {
        return Ok(None);
    };
    share_graphic::Entity::delete_by_id(found.id)
        .exec(db)
        .await?;
    Ok(Some(found.key))
}

/// Campaigns with their subject in their default language (else another), the
/// versions read in one query.
async fn with_subjects(
    db: &impl ConnectionTrait,
    rows: Vec<campaign::Model>,
) -> Result<Vec<(campaign::Model, String)>> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let versions = campaign_version::Entity::find()
        .filter(campaign_version::Column::CampaignId.is_in(ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let subject = versions
                .iter()
                .filter(|version| version.campaign_id == row.id)
                .min_by_key(|version| version.language != row.default_language)
                .map(|version| version.subject.clone())
                .unwrap_or_default();
            (row, subject)
        })
        .collect())
}

/// Something staff may want on a week's days: events starting, campaigns going out
/// and library items published between `from` and `to` (at most 50 of each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub address: ItemAddress,
    pub title: String,
    pub at: OffsetDateTime,
}

pub async fn suggestions(
    db: &impl ConnectionTrait,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<Vec<Suggestion>> {
    let mut found = Vec::new();
    let events: Vec<(String, String, OffsetDateTime)> = event::Entity::find()
        .select_only()
        .columns([
            event::Column::Slug,
            event::Column::Title,
            event::Column::StartsAt,
        ])
        // Every status, so the (status, starts_at) index serves the range.
        .filter(
            event::Column::Status.is_in(
                [
                    EventStatus::Draft,
                    EventStatus::Published,
                    EventStatus::Cancelled,
                ]
                .map(EventStatus::code),
            ),
        )
        .filter(event::Column::StartsAt.gte(from))
        .filter(event::Column::StartsAt.lt(to))
        .order_by_asc(event::Column::StartsAt)
        .limit(50)
        .into_tuple()
        .all(db)
        .await?;
    for (slug, title, at) in events {
        found.push(Suggestion {
            address: ItemAddress {
                kind: ItemKind::Event,
                slug,
            },
            title,
            at,
        });
    }
    // A section at a time, so the (section, status, published_at) index serves it.
    for section in [Section::Resource, Section::Story] {
        let library: Vec<(String, String, OffsetDateTime)> = library_item::Entity::find()
            .select_only()
            .columns([library_item::Column::Slug, library_item::Column::Title])
            .column(library_item::Column::PublishedAt)
            .filter(library_item::Column::Section.eq(section.code()))
            .filter(library_item::Column::Status.eq(LibraryStatus::Published.code()))
            .filter(library_item::Column::PublishedAt.gte(from))
            .filter(library_item::Column::PublishedAt.lt(to))
            .order_by_asc(library_item::Column::PublishedAt)
            .limit(50)
            .into_tuple()
            .all(db)
            .await?;
        for (slug, title, at) in library {
            found.push(Suggestion {
                address: ItemAddress {
                    kind: kind_of(section.code()),
                    slug,
                },
                title,
                at,
            });
        }
    }
    let campaigns = campaign::Entity::find()
        // Every status that has a time, so the (status, send_at) index serves it.
        .filter(
            campaign::Column::Status.is_in(
                [
                    CampaignStatus::Draft,
                    CampaignStatus::Scheduled,
                    CampaignStatus::Sending,
                    CampaignStatus::Sent,
                ]
                .map(CampaignStatus::code),
            ),
        )
        .filter(campaign::Column::SendAt.gte(from))
        .filter(campaign::Column::SendAt.lt(to))
        .order_by_asc(campaign::Column::SendAt)
        .limit(50)
        .all(db)
        .await?;
    for (row, subject) in with_subjects(db, campaigns).await? {
        if let Some(at) = row.send_at {
            found.push(Suggestion {
                address: ItemAddress {
                    kind: ItemKind::Campaign,
                    slug: row.slug,
                },
                title: subject,
                at,
            });
        }
    }
    found.sort_by_key(|suggestion| suggestion.at);
    Ok(found)
}
