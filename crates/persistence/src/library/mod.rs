//! The library's items (resources and stories), their moderation ([`decisions`
//! recorded with every change of state](record_decision)), the files stored for
//! them ([`files`]) and finding them ([`search`]).

pub mod files;
pub mod personal;
pub mod search;

use std::collections::HashMap;

use membernet_domain::{
    CountryCode, MemberId,
    library::{Decision, Item, ItemDraft, ItemId, Kind, Section, Status, StoredFile, Topic},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionSession,
};
use time::OffsetDateTime;

use crate::{
    Error, Result,
    entity::{
        library_decision, library_file, library_item, library_item_country, library_item_topic,
    },
};

pub const PAGE_SIZE: u64 = 20;

/// Rows into items: their countries, topics and files read in one query each,
/// however many items.
pub(crate) async fn to_items(
    db: &impl ConnectionTrait,
    rows: Vec<library_item::Model>,
) -> Result<Vec<Item>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut countries: HashMap<i64, Vec<CountryCode>> = HashMap::new();
    for row in library_item_country::Entity::find()
        .filter(library_item_country::Column::ItemId.is_in(ids.clone()))
        .order_by_asc(library_item_country::Column::CountryCode)
        .all(db)
        .await?
    {
        if let Ok(code) = CountryCode::parse(&row.country_code) {
            countries.entry(row.item_id).or_default().push(code);
        }
    }
    let mut topics: HashMap<i64, Vec<Topic>> = HashMap::new();
    for row in library_item_topic::Entity::find()
        .filter(library_item_topic::Column::ItemId.is_in(ids))
        .all(db)
        .await?
    {
        if let Some(topic) = Topic::parse(&row.topic) {
            topics.entry(row.item_id).or_default().push(topic);
        }
    }
    let keys: Vec<String> = rows
        .iter()
        .flat_map(|row| [row.file_key.clone(), row.photo_key.clone()])
        .flatten()
        .collect();
    let stored: HashMap<String, StoredFile> = if keys.is_empty() {
        HashMap::new()
    } else {
        library_file::Entity::find()
            .filter(library_file::Column::Key.is_in(keys))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|row| files::to_stored(row).map(|file| (file.key.clone(), file)))
            .collect()
    };
    rows.into_iter()
        .map(|row| {
            let mut item_topics = topics.remove(&row.id).unwrap_or_default();
            item_topics.sort();
            let item_countries = countries.remove(&row.id).unwrap_or_default();
            to_item(row, item_countries, item_topics, &stored)
        })
        .collect()
}

fn to_item(
    row: library_item::Model,
    countries: Vec<CountryCode>,
    topics: Vec<Topic>,
    stored: &HashMap<String, StoredFile>,
) -> Result<Item> {
    let corrupt = |what: &str| Error::Corrupt(format!("library item {}: {what}", row.id));
    let kind = Kind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?;
    let status = Status::parse(&row.status).ok_or_else(|| corrupt("status"))?;
    let file = row
        .file_key
        .as_ref()
        .and_then(|key| stored.get(key))
        .cloned();
    let photo = row
        .photo_key
        .as_ref()
        .and_then(|key| stored.get(key))
        .cloned();
    Ok(Item {
        id: ItemId(row.id),
        slug: row.slug,
        status,
        submitted_by: row.submitted_by.map(MemberId),
        credit: row.credit,
        by_former_member: row.by_former_member,
        reason: row.reason,
        file,
        photo,
        created_at: row.created_at,
        updated_at: row.updated_at,
        published_at: row.published_at,
        fields: ItemDraft {
            kind,
            title: row.title,
            summary: row.summary,
            body: row.body,
            authors: row.authors,
            publisher: row.publisher,
            year: row.year,
            language: row.language,
            licence: row.licence,
            link: row.link,
            countries,
            topics,
            role: row.role,
            worker_name: row.worker_name,
            worker_role: row.worker_role,
            worker_place: row.worker_place,
            worker_consent: row.worker_consent,
            photo_alt: row.photo_alt,
        },
    })
}

async fn one(db: &impl ConnectionTrait, row: Option<library_item::Model>) -> Result<Option<Item>> {
    match row {
        Some(row) => Ok(to_items(db, vec![row]).await?.pop()),
        None => Ok(None),
    }
}

pub async fn get(db: &impl ConnectionTrait, id: ItemId) -> Result<Option<Item>> {
    let row = library_item::Entity::find_by_id(id.0).one(db).await?;
    one(db, row).await
}

pub async fn get_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Item>> {
    let row = library_item::Entity::find()
        .filter(library_item::Column::Slug.eq(slug))
        .one(db)
        .await?;
    one(db, row).await
}

/// What a new item starts as.
pub struct NewItem<'a> {
    pub draft: &'a ItemDraft,
    pub status: Status,
    pub submitted_by: Option<MemberId>,
    pub credit: Option<String>,
    pub file_key: Option<String>,
    pub photo_key: Option<String>,
    pub now: OffsetDateTime,
}

/// A free address for `title`: its words, else with `-2` or `-3`, else with a
/// short random tail (a few point lookups, however many items share the words).
async fn free_slug(db: &impl ConnectionTrait, title: &str) -> Result<String> {
    let base = membernet_domain::library::slug_for(title);
    for candidate in [base.clone(), format!("{base}-2"), format!("{base}-3")] {
        if membernet_domain::library::RESERVED_SLUGS.contains(&candidate.as_str()) {
            continue;
        }
        let taken = library_item::Entity::find()
            .select_only()
            .column(library_item::Column::Id)
            .filter(library_item::Column::Slug.eq(&candidate))
            .into_tuple::<i64>()
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    use rand::Rng;
    let tail: String = (0..6)
        .map(|_| char::from(b"abcdefghjkmnpqrstuvwxyz23456789"[rand::rng().random_range(0..31)]))
        .collect();
    Ok(format!("{base}-{tail}"))
}

/// Stores a new item (run it in a transaction: it writes several tables).
pub async fn insert(db: &impl ConnectionTrait, new: NewItem<'_>) -> Result<(ItemId, String)> {
    let slug = free_slug(db, &new.draft.title).await?;
    let draft = new.draft;
    let row = library_item::ActiveModel {
        slug: Set(slug.clone()),
        section: Set(draft.kind.section().code().to_owned()),
        status: Set(new.status.code().to_owned()),
        submitted_by: Set(new.submitted_by.map(|m| m.0)),
        credit: Set(new.credit),
        by_former_member: Set(false),
        reason: Set(None),
        file_key: Set(new.file_key),
        photo_key: Set(new.photo_key),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        published_at: Set((new.status == Status::Published).then_some(new.now)),
        ..fields(draft)
    }
    .insert(db)
    .await?;
    replace_areas(db, row.id, draft).await?;
    Ok((ItemId(row.id), slug))
}

/// The columns that hold `draft`.
fn fields(draft: &ItemDraft) -> library_item::ActiveModel {
    library_item::ActiveModel {
        kind: Set(draft.kind.code().to_owned()),
        title: Set(draft.title.clone()),
        summary: Set(draft.summary.clone()),
        body: Set(draft.body.clone()),
        authors: Set(draft.authors.clone()),
        publisher: Set(draft.publisher.clone()),
        year: Set(draft.year),
        language: Set(draft.language.clone()),
        licence: Set(draft.licence.clone()),
        link: Set(draft.link.clone()),
        role: Set(draft.role.clone()),
        worker_name: Set(draft.worker_name.clone()),
        worker_role: Set(draft.worker_role.clone()),
        worker_place: Set(draft.worker_place.clone()),
        worker_consent: Set(draft.worker_consent),
        photo_alt: Set(draft.photo_alt.clone()),
        search_text: Set(membernet_domain::library::search_text(draft)),
        search_facets: Set(membernet_domain::library::search_facets(draft)),
        ..Default::default()
    }
}

async fn replace_areas(db: &impl ConnectionTrait, id: i64, draft: &ItemDraft) -> Result<()> {
    library_item_country::Entity::delete_many()
        .filter(library_item_country::Column::ItemId.eq(id))
        .exec(db)
        .await?;
    library_item_topic::Entity::delete_many()
        .filter(library_item_topic::Column::ItemId.eq(id))
        .exec(db)
        .await?;
    if !draft.countries.is_empty() {
        library_item_country::Entity::insert_many(draft.countries.iter().map(|code| {
            library_item_country::ActiveModel {
                item_id: Set(id),
                country_code: Set(code.as_str().to_owned()),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    if !draft.topics.is_empty() {
        library_item_topic::Entity::insert_many(draft.topics.iter().map(|topic| {
            library_item_topic::ActiveModel {
                item_id: Set(id),
                topic: Set(topic.code().to_owned()),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// New fields for an item; its file and photo replaced when `Some` (run it in a
/// transaction).
pub async fn update(
    db: &impl ConnectionTrait,
    id: ItemId,
    draft: &ItemDraft,
    file_key: Option<Option<String>>,
    photo_key: Option<Option<String>>,
    now: OffsetDateTime,
) -> Result<()> {
    let mut row = library_item::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(id.0),
        updated_at: Set(now),
        ..fields(draft)
    };
    if let Some(key) = file_key {
        row.file_key = Set(key);
    }
    if let Some(key) = photo_key {
        row.photo_key = Set(key);
    }
    row.update(db).await?;
    replace_areas(db, id.0, draft).await
}

/// A decision taken: the item's new state and reason, and the record of it.
/// `credit` is written when `Some` (the submitter's name, on approval). Only if
/// the item is still in the state `item` shows (two people deciding at once: the
/// second finds it changed, `false`, and nothing is written). Run it in a
/// transaction.
#[allow(clippy::too_many_arguments)]
pub async fn record_decision(
    db: &impl ConnectionTrait,
    item: &Item,
    by: Option<MemberId>,
    decision: Decision,
    to: Status,
    reason: Option<&str>,
    credit: Option<String>,
    now: OffsetDateTime,
) -> Result<bool> {
    use sea_orm::sea_query::Expr;
    let mut update = library_item::Entity::update_many()
        .col_expr(library_item::Column::Status, Expr::value(to.code()))
        .col_expr(library_item::Column::UpdatedAt, Expr::value(now))
        .filter(library_item::Column::Id.eq(item.id.0))
        .filter(library_item::Column::Status.eq(item.status.code()));
    if decision != Decision::Edit {
        update = update.col_expr(
            library_item::Column::Reason,
            Expr::value(reason.map(str::to_owned)),
        );
    }
    if to == Status::Published && item.published_at.is_none() {
        update = update.col_expr(library_item::Column::PublishedAt, Expr::value(Some(now)));
    }
    if let Some(credit) = credit {
        update = update.col_expr(library_item::Column::Credit, Expr::value(Some(credit)));
    }
    if update.exec(db).await?.rows_affected == 0 {
        return Ok(false);
    }
    library_decision::ActiveModel {
        item_id: Set(item.id.0),
        member_id: Set(by.map(|m| m.0)),
        decision: Set(decision.code().to_owned()),
        from_status: Set(item.status.code().to_owned()),
        to_status: Set(to.code().to_owned()),
        reason: Set(reason.map(str::to_owned)),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// One recorded decision, with the name of who took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub decision: Decision,
    pub from: Status,
    pub to: Status,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: OffsetDateTime,
}

/// An item's decisions, oldest first.
pub async fn decisions(db: &impl ConnectionTrait, id: ItemId) -> Result<Vec<DecisionRecord>> {
    let rows = library_decision::Entity::find()
        .filter(library_decision::Column::ItemId.eq(id.0))
        .order_by_asc(library_decision::Column::Id)
        .all(db)
        .await?;
    let people: Vec<i64> = rows.iter().filter_map(|row| row.member_id).collect();
    let names: HashMap<i64, String> = if people.is_empty() {
        HashMap::new()
    } else {
        crate::entity::member::Entity::find()
            .select_only()
            .column(crate::entity::member::Column::Id)
            .column(crate::entity::member::Column::FullName)
            .filter(crate::entity::member::Column::Id.is_in(people))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    rows.into_iter()
        .map(|row| {
            let corrupt = || Error::Corrupt(format!("library decision {}", row.id));
            Ok(DecisionRecord {
                decision: Decision::parse(&row.decision).ok_or_else(corrupt)?,
                from: Status::parse(&row.from_status).ok_or_else(corrupt)?,
                to: Status::parse(&row.to_status).ok_or_else(corrupt)?,
                reason: row.reason,
                by: row.member_id.and_then(|id| names.get(&id).cloned()),
                at: row.at,
            })
        })
        .collect()
}

/// A member's own submissions, newest first.
pub async fn submitted_by(db: &impl ConnectionTrait, member: MemberId) -> Result<Vec<Item>> {
    let rows = library_item::Entity::find()
        .filter(library_item::Column::SubmittedBy.eq(member.0))
        .order_by_desc(library_item::Column::CreatedAt)
        .order_by_desc(library_item::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    to_items(db, rows).await
}

/// The staff queue: items in `status` (oldest first, so nothing waits forever),
/// in a section or both; and whether there are more.
pub async fn queue(
    db: &impl ConnectionTrait,
    status: Status,
    section: Option<Section>,
    page: u64,
) -> Result<(Vec<Item>, bool)> {
    let mut select =
        library_item::Entity::find().filter(library_item::Column::Status.eq(status.code()));
    if let Some(section) = section {
        select = select.filter(library_item::Column::Section.eq(section.code()));
    }
    let select = if status == Status::Published {
        select.order_by_desc(library_item::Column::PublishedAt)
    } else {
        select.order_by_asc(library_item::Column::CreatedAt)
    };
    let rows = select
        .order_by_asc(library_item::Column::Id)
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE_SIZE;
    let rows = rows.into_iter().take(PAGE_SIZE as usize).collect();
    Ok((to_items(db, rows).await?, more))
}

/// How many items wait for staff in each state (the queue's tabs).
pub async fn waiting(db: &impl ConnectionTrait) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(library_item::Entity::find()
        .filter(library_item::Column::Status.eq(Status::Submitted.code()))
        .count(db)
        .await?)
}

/// One item of the demo library as stored.
pub struct DemoEntry {
    pub draft: ItemDraft,
    /// Waiting for staff, sent in by this member (else published by staff).
    pub submitter: Option<MemberId>,
    pub at: OffsetDateTime,
    /// A file already stored (and its row written).
    pub file_key: Option<String>,
    pub photo_key: Option<String>,
}

/// Stores the demo library (`membernet_domain::demo::library`) in one transaction.
pub async fn seed_demo(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    entries: &[DemoEntry],
) -> Result<u64> {
    let txn = db.begin().await?;
    for entry in entries {
        let status = match entry.submitter {
            Some(_) => Status::Submitted,
            None => Status::Published,
        };
        insert(
            &txn,
            NewItem {
                draft: &entry.draft,
                status,
                submitted_by: entry.submitter,
                credit: None,
                file_key: entry.file_key.clone(),
                photo_key: entry.photo_key.clone(),
                now: entry.at,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(entries.len() as u64)
}

/// A few members to send in the demo's waiting submissions.
pub async fn demo_submitters(db: &impl ConnectionTrait, n: u64) -> Result<Vec<MemberId>> {
    use crate::entity::member;
    Ok(member::Entity::find()
        .select_only()
        .column(member::Column::Id)
        .filter(crate::member_rows::counted())
        .order_by_asc(member::Column::Id)
        .limit(n)
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .map(MemberId)
        .collect())
}
