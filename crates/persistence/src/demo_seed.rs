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
    ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, TransactionSession,
    TransactionTrait,
};
use time::macros::datetime;

use crate::{
    Error, Result,
    entity::{member, member_count, member_sector, membership_event, organization},
    organization_counts, profile_counts, rollup, settings,
};

/// Members per multi-row insert: 17 columns stay well under SQLite's and
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

    let mut statistics = Rollup::default();
    let mut breakdowns: HashMap<(String, &'static str, &'static str), i64> = HashMap::new();
    let mut members = network.members().enumerate().peekable();
    let mut written = 0u64;
    while members.peek().is_some() {
        let txn = crate::db::begin_write(db).await?;
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
    if txn.get_database_backend() == DbBackend::Postgres {
        // Ids were given explicitly; the sequences must continue after them.
        for table in ["member", "organization", "membership_event"] {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    txn.commit().await?;
    Ok(Seeded {
        members: written,
        organizations: network.organizations.len() as u64,
    })
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
