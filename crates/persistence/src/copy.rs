//! Copying a network from one database to another (SQLite to PostgreSQL, when it
//! outgrows one machine): every table that holds the network's data, in the order
//! of their references, in batches by primary key, through the entities (so each
//! value is converted for the target), then the target's id sequences moved past
//! the copied ids. Sessions and rate-limit counters are not copied (people sign in
//! again); the reference data (countries) the target already has.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    sea_query::OnConflict,
};

use crate::{
    Error, Result,
    entity::{
        campaign, campaign_recipient, campaign_version, consent_record, country_workforce,
        donation_gift, donation_option, email_token, event, event_registration, growth_rollup,
        library_decision, library_file, library_item, library_item_country, library_item_topic,
        member, member_count, member_sector, member_topic, membership_event, organization,
        outbox_email, planner_scenario, setting, share_graphic, share_post, staff_audit, week,
        week_day, week_item,
    },
};

const BATCH: u64 = 1_000;

/// The tables copied, in order: what a row refers to comes before it.
pub const TABLES: [&str; 31] = [
    "setting",
    "organization",
    "member",
    "member_sector",
    "email_token",
    "membership_event",
    "country_workforce",
    "planner_scenario",
    "staff_audit",
    "growth_rollup",
    "member_count",
    "outbox_email",
    "event",
    "event_registration",
    "member_topic",
    "consent_record",
    "campaign",
    "campaign_version",
    "campaign_recipient",
    "library_file",
    "library_item",
    "library_item_country",
    "library_item_topic",
    "library_decision",
    "donation_option",
    "donation_gift",
    "week",
    "week_day",
    "week_item",
    "share_post",
    "share_graphic",
];

/// Tables whose `id` the target numbers from a sequence.
const WITH_SEQUENCES: [&str; 19] = [
    "organization",
    "member",
    "email_token",
    "membership_event",
    "planner_scenario",
    "staff_audit",
    "outbox_email",
    "event",
    "consent_record",
    "campaign",
    "campaign_recipient",
    "library_item",
    "library_decision",
    "donation_option",
    "donation_gift",
    "week",
    "week_item",
    "share_post",
    "share_graphic",
];

/// Rows in each copied table.
pub async fn counts(db: &DatabaseConnection) -> Result<Vec<(&'static str, u64)>> {
    let mut counts = Vec::new();
    for table in TABLES {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await?
            .ok_or_else(|| Error::Corrupt(format!("no count for {table}")))?;
        let n: i64 = row.try_get_by_index(0)?;
        counts.push((table, n.max(0) as u64));
    }
    Ok(counts)
}

/// Whether `db` holds no network yet (no member, organisation, email or event).
pub async fn is_empty(db: &DatabaseConnection) -> Result<bool> {
    Ok(member::Entity::find().count(db).await? == 0
        && organization::Entity::find().count(db).await? == 0
        && outbox_email::Entity::find().count(db).await? == 0
        && event::Entity::find().count(db).await? == 0)
}

/// A table with an `id`: batches after the last id copied (keyset), so each
/// batch is one index seek however far the copy has gone.
macro_rules! copy_by_id {
    ($from:expr, $to:expr, $entity:ident, $progress:expr) => {{
        let mut after = i64::MIN;
        loop {
            let rows = $entity::Entity::find()
                .filter($entity::Column::Id.gt(after))
                .order_by_asc($entity::Column::Id)
                .limit(BATCH)
                .all($from)
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let n = rows.len() as u64;
            $entity::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
                .exec_without_returning($to)
                .await?;
            $progress(n);
        }
    }};
}

/// A table keyed by several columns: pages in the order of its whole key.
macro_rules! copy_by_key {
    ($from:expr, $to:expr, $entity:ident, [$($key:expr),+], $progress:expr) => {{
        let mut pages = $entity::Entity::find()
            $(.order_by_asc($key))+
            .paginate($from, BATCH);
        while let Some(rows) = pages.fetch_and_next().await? {
            let n = rows.len() as u64;
            $entity::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
                .exec_without_returning($to)
                .await?;
            $progress(n);
        }
    }};
}

/// Copies every table of `from` into `to` (migrated, and empty of any network),
/// calling `progress` with the rows written after each batch.
pub async fn copy(
    from: &DatabaseConnection,
    to: &DatabaseConnection,
    mut progress: impl FnMut(u64),
) -> Result<()> {
    if !is_empty(to).await? {
        return Err(Error::NotEmpty);
    }
    // Settings: the source's (its signing key, so links already emailed still work)
    // over the ones the target made when it first started.
    for row in setting::Entity::find().all(from).await? {
        setting::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::column(setting::Column::Key)
                    .update_column(setting::Column::Value)
                    .to_owned(),
            )
            .exec_without_returning(to)
            .await?;
        progress(1);
    }
    // Organisations refer to the ones they were merged into: first without, then
    // the merges.
    let mut merges = Vec::new();
    let mut pages = organization::Entity::find()
        .order_by_asc(organization::Column::Id)
        .paginate(from, BATCH);
    while let Some(rows) = pages.fetch_and_next().await? {
        let n = rows.len() as u64;
        let rows = rows.into_iter().map(|mut row| {
            if let Some(into) = row.merged_into_id.take() {
                merges.push((row.id, into));
            }
            row.into_active_model()
        });
        organization::Entity::insert_many(rows)
            .exec_without_returning(to)
            .await?;
        progress(n);
    }
    for (id, into) in merges {
        let mut row = organization::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id),
            ..Default::default()
        };
        row.merged_into_id = sea_orm::ActiveValue::Set(Some(into));
        row.update(to).await?;
    }
    copy_by_id!(from, to, member, progress);
    copy_by_key!(
        from,
        to,
        member_sector,
        [
            member_sector::Column::MemberId,
            member_sector::Column::Sector
        ],
        progress
    );
    copy_by_id!(from, to, email_token, progress);
    copy_by_id!(from, to, membership_event, progress);
    copy_by_key!(
        from,
        to,
        country_workforce,
        [country_workforce::Column::CountryCode],
        progress
    );
    copy_by_id!(from, to, planner_scenario, progress);
    copy_by_id!(from, to, staff_audit, progress);
    copy_by_key!(
        from,
        to,
        growth_rollup,
        [
            growth_rollup::Column::Area,
            growth_rollup::Column::Segment,
            growth_rollup::Column::Grain,
            growth_rollup::Column::Period
        ],
        progress
    );
    copy_by_key!(
        from,
        to,
        member_count,
        [
            member_count::Column::CountryCode,
            member_count::Column::Dimension,
            member_count::Column::Code
        ],
        progress
    );
    copy_by_id!(from, to, outbox_email, progress);
    copy_by_id!(from, to, event, progress);
    copy_by_id!(from, to, event_registration, progress);
    copy_by_key!(
        from,
        to,
        member_topic,
        [member_topic::Column::MemberId, member_topic::Column::Topic],
        progress
    );
    copy_by_id!(from, to, consent_record, progress);
    copy_by_id!(from, to, campaign, progress);
    copy_by_key!(
        from,
        to,
        campaign_version,
        [
            campaign_version::Column::CampaignId,
            campaign_version::Column::Language
        ],
        progress
    );
    copy_by_id!(from, to, campaign_recipient, progress);
    copy_by_key!(
        from,
        to,
        library_file,
        [library_file::Column::Key],
        progress
    );
    copy_by_id!(from, to, library_item, progress);
    copy_by_key!(
        from,
        to,
        library_item_country,
        [
            library_item_country::Column::ItemId,
            library_item_country::Column::CountryCode
        ],
        progress
    );
    copy_by_key!(
        from,
        to,
        library_item_topic,
        [
            library_item_topic::Column::ItemId,
            library_item_topic::Column::Topic
        ],
        progress
    );
    copy_by_id!(from, to, library_decision, progress);
    copy_by_id!(from, to, donation_option, progress);
    copy_by_id!(from, to, donation_gift, progress);
    copy_by_id!(from, to, week, progress);
    copy_by_key!(
        from,
        to,
        week_day,
        [week_day::Column::WeekId, week_day::Column::Day],
        progress
    );
    copy_by_id!(from, to, week_item, progress);
    copy_by_id!(from, to, share_post, progress);
    copy_by_id!(from, to, share_graphic, progress);
    if to.get_database_backend() == DbBackend::Postgres {
        for table in WITH_SEQUENCES.iter().chain(&["event_registration"]) {
            to.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    Ok(())
}
