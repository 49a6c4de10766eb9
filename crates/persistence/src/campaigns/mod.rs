//! Email campaigns: the campaigns staff write (a version per language), what
//! members chose to receive ([`consent`]), who a campaign goes to ([`audience`]),
//! and sending it, one claimed recipient at a time ([`sending`]).

use membernet_domain::{
    CountryCode,
    campaigns::{Audience, Campaign, CampaignDraft, CampaignId, CampaignStatus, Topic, Version},
    events::{EventId, Zone},
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionSession, TransactionTrait, sea_query::Expr,
};
use time::OffsetDateTime;

use crate::{
    Error, Result,
    entity::{campaign, campaign_version},
};

pub mod audience;
pub mod consent;
pub mod sending;

pub const PAGE_SIZE: u64 = 20;

fn to_campaign(row: campaign::Model, versions: Vec<campaign_version::Model>) -> Result<Campaign> {
    let corrupt = |what: &str| Error::Corrupt(format!("campaign {}: {what}", row.id));
    let status = CampaignStatus::parse(&row.status).ok_or_else(|| corrupt("status"))?;
    let topic = Topic::parse(&row.topic).ok_or_else(|| corrupt("topic"))?;
    let zone = Zone::parse(&row.time_zone).ok_or_else(|| corrupt("time zone"))?;
    let mut versions: Vec<Version> = versions
        .into_iter()
        .map(|version| Version {
            language: version.language,
            subject: version.subject,
            body: version.body,
        })
        .collect();
    // The default language's version first (the domain's promise).
    versions.sort_by_key(|version| version.language != row.default_language);
    if versions.first().map(|v| &v.language) != Some(&row.default_language) {
        return Err(corrupt("no version in its default language"));
    }
    let audience = Audience {
        countries: row
            .countries
            .split_whitespace()
            .filter_map(|code| CountryCode::parse(code).ok())
            .collect(),
        region: row.region,
        category: row.category.as_deref().and_then(WorkforceCategory::parse),
        sector: row.sector.as_deref().and_then(Sector::parse),
        organization_type: row
            .organization_type
            .as_deref()
            .and_then(OrganizationType::parse),
        event: row.event_id.map(EventId),
    };
    Ok(Campaign {
        id: CampaignId(row.id),
        slug: row.slug,
        status,
        recipients: row.recipients.max(0) as u64,
        archived: row.archived,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
        draft: CampaignDraft {
            topic,
            default_language: row.default_language,
            versions,
            audience,
            zone,
            send_at: row.send_at,
        },
    })
}

fn fill(model: &mut campaign::ActiveModel, draft: &CampaignDraft) {
    let audience = &draft.audience;
    model.topic = Set(draft.topic.code().to_owned());
    model.default_language = Set(draft.default_language.clone());
    let mut countries = String::from(" ");
    for code in &audience.countries {
        countries.push_str(code.as_str());
        countries.push(' ');
    }
    model.countries = Set(countries);
    model.region = Set(audience.region.clone());
    model.category = Set(audience.category.map(|c| c.code().to_owned()));
    model.sector = Set(audience.sector.map(|s| s.code().to_owned()));
    model.organization_type = Set(audience.organization_type.map(|t| t.code().to_owned()));
    model.event_id = Set(audience.event.map(|e| e.0));
    model.time_zone = Set(draft.zone.name().to_owned());
    model.send_at = Set(draft.send_at);
}

async fn write_versions(
    db: &impl ConnectionTrait,
    id: CampaignId,
    versions: &[Version],
) -> Result<()> {
    campaign_version::Entity::delete_many()
        .filter(campaign_version::Column::CampaignId.eq(id.0))
        .exec(db)
        .await?;
    campaign_version::Entity::insert_many(versions.iter().map(|version| {
        campaign_version::ActiveModel {
            campaign_id: Set(id.0),
            language: Set(version.language.clone()),
            subject: Set(version.subject.clone()),
            body: Set(version.body.clone()),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A new campaign, as a draft, at a free address made from its subject and the day.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    draft: &CampaignDraft,
    now: OffsetDateTime,
) -> Result<Campaign> {
    let base = membernet_domain::events::slug_for(&draft.default_version().subject, now);
    let taken: Vec<String> = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Slug)
        .filter(campaign::Column::Slug.starts_with(&base))
        .into_tuple()
        .all(db)
        .await?;
    let slug = membernet_domain::events::first_free(&base, &taken);
    let txn = crate::db::begin_write(db).await?;
    let mut model = campaign::ActiveModel {
        slug: Set(slug),
        status: Set(CampaignStatus::Draft.code().to_owned()),
        recipients: Set(0),
        archived: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut model, draft);
    let row = model.insert(&txn).await?;
    let id = CampaignId(row.id);
    write_versions(&txn, id, &draft.versions).await?;
    txn.commit().await?;
    find(db, id)
        .await?
        .ok_or(Error::Corrupt(format!("campaign {id} vanished")))
}

/// Saves what staff changed, while the campaign is still a draft or scheduled:
/// `false` when it has started sending meanwhile (nothing is changed).
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    id: CampaignId,
    draft: &CampaignDraft,
    now: OffsetDateTime,
) -> Result<bool> {
    let txn = crate::db::begin_write(db).await?;
    let mut model = campaign::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut model, draft);
    let updated = campaign::Entity::update_many()
        .set(model)
        .filter(campaign::Column::Id.eq(id.0))
        .filter(campaign::Column::Status.is_in(editable()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    write_versions(&txn, id, &draft.versions).await?;
    txn.commit().await?;
    Ok(true)
}

fn editable() -> [&'static str; 2] {
    [
        CampaignStatus::Draft.code(),
        CampaignStatus::Scheduled.code(),
    ]
}

pub async fn find(db: &impl ConnectionTrait, id: CampaignId) -> Result<Option<Campaign>> {
    let Some(row) = campaign::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(None);
    };
    let versions = campaign_version::Entity::find()
        .filter(campaign_version::Column::CampaignId.eq(id.0))
        .all(db)
        .await?;
    to_campaign(row, versions).map(Some)
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Campaign>> {
    let Some(id) = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .filter(campaign::Column::Slug.eq(slug))
        .into_tuple::<i64>()
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    find(db, CampaignId(id)).await
}

/// Campaigns with their versions, in two queries.
async fn with_versions(
    db: &impl ConnectionTrait,
    rows: Vec<campaign::Model>,
) -> Result<Vec<Campaign>> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut versions = campaign_version::Entity::find()
        .filter(campaign_version::Column::CampaignId.is_in(ids))
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let (mine, rest) = versions
                .drain(..)
                .partition(|version| version.campaign_id == row.id);
            versions = rest;
            to_campaign(row, mine)
        })
        .collect()
}

/// Staff's list: newest first, a page at a time, with the total.
pub async fn list(db: &impl ConnectionTrait, page: u64) -> Result<(Vec<Campaign>, u64)> {
    let query = campaign::Entity::find().order_by_desc(campaign::Column::Id);
    let total = query.clone().count(db).await?;
    let rows = query
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((with_versions(db, rows).await?, total))
}

/// The public archive: sent campaigns staff chose to show, newest first.
pub async fn archive(db: &impl ConnectionTrait, page: u64) -> Result<(Vec<Campaign>, u64)> {
    let query = campaign::Entity::find()
        .filter(campaign::Column::Archived.eq(true))
        .filter(campaign::Column::Status.eq(CampaignStatus::Sent.code()))
        .order_by_desc(campaign::Column::StartedAt);
    let total = query.clone().count(db).await?;
    let rows = query
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((with_versions(db, rows).await?, total))
}

/// Moves a campaign from one of `from` to `to`: `false` when it was in none of them
/// (someone else moved it first).
pub async fn transition(
    db: &impl ConnectionTrait,
    id: CampaignId,
    from: &[CampaignStatus],
    to: CampaignStatus,
    now: OffsetDateTime,
) -> Result<bool> {
    let moved = campaign::Entity::update_many()
        .col_expr(campaign::Column::Status, Expr::value(to.code()))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(id.0))
        .filter(campaign::Column::Status.is_in(from.iter().map(|status| status.code())))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// Schedules a draft (or moves a scheduled campaign) to send at `at`.
pub async fn schedule(
    db: &impl ConnectionTrait,
    id: CampaignId,
    at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool> {
    let moved = campaign::Entity::update_many()
        .col_expr(
            campaign::Column::Status,
            Expr::value(CampaignStatus::Scheduled.code()),
        )
        .col_expr(campaign::Column::SendAt, Expr::value(at))
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(id.0))
        .filter(campaign::Column::Status.is_in(editable()))
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

pub async fn set_archived(db: &impl ConnectionTrait, id: CampaignId, archived: bool) -> Result<()> {
    campaign::Entity::update_many()
        .col_expr(campaign::Column::Archived, Expr::value(archived))
        .filter(campaign::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}
