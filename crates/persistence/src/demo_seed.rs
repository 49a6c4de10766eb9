//! Writing the synthetic demo network into an empty database, fast: rows go in
//! batches of multi-row inserts inside a few large transactions, ids are assigned
//! here (the tables are empty), and the rollups are counted in memory and written
//! once. Demo members have no password, so no argon2 time is spent.

use std::collections::{HashMap, HashSet};

use membernet_domain::{
    demo::{DemoMember, DemoNetwork},
    membership::MembershipEventKind,
    organization::OrganizationName,
    statistics::{Change, Rollup},
};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, Statement,
    TransactionSession, TransactionTrait,
};
use time::macros::datetime;

use crate::{
    Error, Result,
    entity::{member, member_count, member_sector, membership_event, organization},
    organization_counts, profile_counts, rollup, settings,
};

/// Members per multi-row insert: 19 columns stay well under SQLite's and
/// PostgreSQL's limits on bound parameters.
const BATCH: usize = 1_000;
/// Batches per transaction: large enough to be fast, small enough to keep the
/// write-ahead log bounded.
const BATCHES_PER_TRANSACTION: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    pub members: u64,
    pub organizations: u64,
}

/// Fills an empty database with `network`; refuses when it has members already.
/// `progress` is told how many members are written so far.
pub async fn seed(
    db: &(impl ConnectionTrait + TransactionTrait),
    network: &DemoNetwork,
    mut progress: impl FnMut(u64),
) -> Result<Seeded> {
    // Empty means no account, organisation or history at all: the demo's ids and
    // rollups start from nothing.
    let empty = member::Entity::find().count(db).await? == 0
        && organization::Entity::find().count(db).await? == 0
        && membership_event::Entity::find().count(db).await? == 0;
    if !empty {
        return Err(Error::NotEmpty);
    }
    let created = datetime!(2013-01-01 0:00 UTC);
    let mut slugs = HashSet::new();
    let organizations: Vec<organization::ActiveModel> = network
        .organizations
        .iter()
        .enumerate()
        .map(|(index, demo)| {
            let name = OrganizationName::parse(&demo.name)
                .map_err(|_| Error::Corrupt(format!("demo organisation name {:?}", demo.name)))?;
            let base = name.slug();
            let mut slug = base.clone();
            let mut n = 1;
            while !slugs.insert(slug.clone()) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            Ok(organization::ActiveModel {
                id: Set(index as i64 + 1),
                slug: Set(slug),
                name: Set(name.as_str().to_owned()),
                normalized_name: Set(name.normalized().to_owned()),
                kind: Set(demo.kind.code().to_owned()),
                country_code: Set(Some(demo.country.as_str().to_owned())),
                website: Set(demo.website.clone()),
                merged_into_id: Set(None),
                counted_members: Set(0),
                created_at: Set(created),
                updated_at: Set(created),
            })
        })
        .collect::<Result<_>>()?;
    let txn = crate::db::begin_write(db).await?;
    // Labelled first, so a seed that stops half-way is still shown as synthetic.
    settings::set(&txn, settings::DEMO_NETWORK, "synthetic").await?;
    for chunk in organizations.chunks(BATCH) {
        organization::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;

    // Indexes are built once at the end rather than row by row.
    let started = std::time::Instant::now();
    let deferred = defer_indexes(db).await?;
    let loaded = load_members(db, network, &mut progress).await;
    let written_at = started.elapsed();
    restore_indexes(db, &deferred).await?;
    let (written, statistics, breakdowns) = loaded?;
    tracing::info!(
        rows_s = written_at.as_secs_f64(),
        indexes_s = (started.elapsed() - written_at).as_secs_f64(),
        "demo members written, then their indexes built"
    );

    let txn = crate::db::begin_write(db).await?;
    let counts: Vec<member_count::ActiveModel> = breakdowns
        .into_iter()
        .map(
            |((country, dimension, code), members)| member_count::ActiveModel {
                country_code: Set(country),
                dimension: Set(dimension.to_owned()),
                code: Set(code.to_owned()),
                members: Set(members),
            },
        )
        .collect();
    for chunk in counts.chunks(BATCH) {
        member_count::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    rollup::write(&txn, &statistics.rows()).await?;
    // Every demo member counts; their organisations' counts from the rows written.
    organization_counts::recount(&txn).await?;
    tracing::info!(
        total_s = started.elapsed().as_secs_f64(),
        "demo breakdowns, rollup and organisation counts written"
    );
    if txn.get_database_backend() == DbBackend::Postgres {
        // Ids were given explicitly; the sequences must continue after them.
        for table in ["member", "organization", "membership_event"] {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    bulk_writing(&txn, false).await?;
    txn.commit().await?;
    Ok(Seeded {
        members: written,
        organizations: network.organizations.len() as u64,
    })
}

/// What the members' batches add up to: members written, the statistics rollup and
/// the per-country breakdowns.
type Loaded = (
    u64,
    Rollup,
    HashMap<(String, &'static str, &'static str), i64>,
);

/// Writes every member of `network`, in batches, a few large transactions.
async fn load_members(
    db: &(impl ConnectionTrait + TransactionTrait),
    network: &DemoNetwork,
    progress: &mut impl FnMut(u64),
) -> Result<Loaded> {
    let mut statistics = Rollup::default();
    let mut breakdowns = HashMap::new();
    let mut members = network.members().enumerate().peekable();
    let mut written = 0u64;
    while members.peek().is_some() {
        let txn = crate::db::begin_write(db).await?;
        bulk_writing(&txn, true).await?;
        for _ in 0..BATCHES_PER_TRANSACTION {
            let batch: Vec<(usize, DemoMember)> = members.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            write_batch(&txn, network, &batch, &mut statistics, &mut breakdowns).await?;
            written += batch.len() as u64;
            progress(written);
        }
        txn.commit().await?;
    }

    Ok((written, statistics, breakdowns))
}

/// The tables the seed fills row by row.
const LOADED: &str = "'member', 'member_sector', 'membership_event'";

/// Drops the secondary indexes (and, on SQLite, the triggers that keep the name
/// search) of the tables the seed fills, and returns the statements that make
/// them again: building an index once from a million rows is far faster than
/// keeping it up to date row by row. Primary keys and unique constraints stay.
async fn defer_indexes(db: &impl ConnectionTrait) -> Result<Vec<String>> {
    let backend = db.get_database_backend();
    let listed = match backend {
        DbBackend::Postgres => format!(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i \
             JOIN pg_class c ON c.relname = i.indexname \
             JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname \
             JOIN pg_index x ON x.indexrelid = c.oid \
             WHERE i.schemaname = current_schema() AND i.tablename IN ({LOADED}) \
             AND NOT x.indisunique AND NOT x.indisprimary"
        ),
        _ => format!(
            "SELECT name, sql, type FROM sqlite_master \
             WHERE tbl_name IN ({LOADED}) AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        ),
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, listed))
        .await?;
    let mut creates = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get_by_index(0)?;
        let create: String = row.try_get_by_index(1)?;
        let kind = match backend {
            DbBackend::Postgres => "INDEX".to_owned(),
            _ => row.try_get_by_index::<String>(2)?.to_ascii_uppercase(),
        };
        db.execute_unprepared(&format!("DROP {kind} \"{name}\""))
            .await?;
        creates.push(create);
    }
    Ok(creates)
}

/// Makes again what [`defer_indexes`] dropped, and fills SQLite's name search from
/// the members written meanwhile.
async fn restore_indexes(
    db: &(impl ConnectionTrait + TransactionTrait),
    creates: &[String],
) -> Result<()> {
    let txn = crate::db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Each index is built by sorting every row: give the sort room.
        txn.execute_unprepared("SET LOCAL maintenance_work_mem = '256MB'")
            .await?;
    } else {
        bulk_writing(&txn, true).await?;
    }
    for create in creates {
        txn.execute_unprepared(create).await?;
    }
    if txn.get_database_backend() == DbBackend::Sqlite && !creates.is_empty() {
        txn.execute_unprepared(
            "INSERT INTO member_name_search(member_name_search) VALUES ('rebuild')",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Settings for writing in bulk, on the seeding connection, or back to normal: on
/// SQLite a large page cache (a million members' indexes are far larger than the
/// default 2 MiB, and every miss is a read from the file), back to the default and
/// its memory freed after; on PostgreSQL asynchronous commits for the transaction.
async fn bulk_writing(db: &impl ConnectionTrait, roomy: bool) -> Result<()> {
    if db.get_database_backend() == DbBackend::Postgres && roomy {
        // Demo rows: a crash loses the last transactions, which a new seed redoes.
        db.execute_unprepared("SET LOCAL synchronous_commit = off")
            .await?;
    }
    if db.get_database_backend() == DbBackend::Sqlite {
        let pages = if roomy { -262_144 } else { -2_000 };
        db.execute_unprepared(&format!("PRAGMA cache_size = {pages}"))
            .await?;
        if !roomy {
            db.execute_unprepared("PRAGMA shrink_memory").await?;
        }
    }
    Ok(())
}

async fn write_batch(
    db: &impl ConnectionTrait,
    network: &DemoNetwork,
    batch: &[(usize, DemoMember)],
    statistics: &mut Rollup,
    breakdowns: &mut HashMap<(String, &'static str, &'static str), i64>,
) -> Result<()> {
    let mut members = Vec::with_capacity(batch.len());
    let mut sectors = Vec::with_capacity(batch.len() * 2);
    let mut events = Vec::with_capacity(batch.len());
    for (index, demo) in batch {
        let id = *index as i64 + 1;
        let country = demo.country.as_str().to_owned();
        members.push(member::ActiveModel {
            id: Set(id),
            email: Set(demo.email.clone()),
            full_name: Set(demo.full_name.clone()),
            country_code: Set(Some(country.clone())),
            password_hash: Set(None),
            role: Set("member".to_owned()),
            status: Set("active".to_owned()),
            locale: Set("en".to_owned()),
            email_verified_at: Set(Some(demo.joined_at)),
            created_at: Set(demo.joined_at),
            updated_at: Set(demo.joined_at),
            job_title: Set(Some(demo.job_title.clone())),
            category: Set(Some(demo.category.code().to_owned())),
            interests: Set(None),
            bio: Set(demo.bio.clone()),
            organization_id: Set(demo.organization.map(|index| index as i64 + 1)),
            listed: Set(demo.listed),
            email_undeliverable_at: Set(None),
            join_source: Set(Some(demo.source.as_param())),
        });
        sectors.extend(
            demo.sectors
                .iter()
                .map(|sector| member_sector::ActiveModel {
                    member_id: Set(id),
                    sector: Set(sector.code().to_owned()),
                }),
        );
        let counted = profile_counts::Counted {
            country: demo.country,
            category: Some(demo.category),
            sectors: demo.sectors.clone(),
            organization_type: demo
                .organization
                .and_then(|index| network.organizations.get(index))
                .map(|organization| organization.kind),
            organization: demo.organization.map(|index| index as i64 + 1),
            listed: demo.listed,
            source: Some(demo.source.kind()),
        };
        let standing = counted.standing();
        events.push(membership_event::ActiveModel {
            id: Set(id),
            member_id: Set(Some(id)),
            kind: Set(MembershipEventKind::Joined.as_str().to_owned()),
            country_code: Set(country.clone()),
            from_country_code: Set(None),
            occurred_at: Set(demo.joined_at),
            category: Set(Some(demo.category.code().to_owned())),
            sectors: Set(standing.sectors_text()),
            organization_type: Set(standing
                .organization_type
                .map(|kind| kind.code().to_owned())),
            from_category: Set(None),
            from_sectors: Set(None),
            from_organization_type: Set(None),
            source: Set(standing.source.map(|kind| kind.code().to_owned())),
        });
        statistics.apply(&Change::Joined(standing), demo.joined_at);
        for (dimension, code) in counted.keys() {
            *breakdowns
                .entry((country.clone(), dimension, code))
                .or_default() += 1;
        }
    }
    member::Entity::insert_many(members)
        .exec_without_returning(db)
        .await?;
    for chunk in sectors.chunks(BATCH * 2) {
        member_sector::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    membership_event::Entity::insert_many(events)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Members of the demo network who register for its events: (id, name, address,
/// country, language), the first `limit` counted members from `offset`.
pub async fn event_registrants(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<Vec<(i64, String, String, Option<String>, String)>> {
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    Ok(crate::entity::member::Entity::find()
        .select_only()
        .column(crate::entity::member::Column::Id)
        .column(crate::entity::member::Column::FullName)
        .column(crate::entity::member::Column::Email)
        .column(crate::entity::member::Column::CountryCode)
        .column(crate::entity::member::Column::Locale)
        .filter(crate::member_rows::counted())
        .order_by_asc(crate::entity::member::Column::Id)
        .offset(offset)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}
