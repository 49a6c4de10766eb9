//! The statistics rollup (`growth_rollup`, see `membernet_domain::statistics`): written in
//! the transaction of each membership event, read by the statistics pages and the
//! API, and rebuilt from the event log on demand.
//!
//! A row holds a period's counts and the running totals at its end. Adding to a
//! period inserts its row if needed (starting from the totals of the period before),
//! then adds the counts to that row and the totals to it and every later row, so the
//! running totals stay exact even for an event dated before the latest period.

use std::collections::{BTreeMap, HashMap};

use membernet_domain::{
    CountryCode,
    membership::MembershipEventKind,
    organization::OrganizationType,
    profile::WorkforceCategory,
    statistics::{
        Area, COUNTRIES, Change, Delta, EVERYONE, Grain, Key, Rollup, Standing, Summary, Totals,
        countries_delta, deltas,
    },
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    IsolationLevel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionSession, TransactionTrait, Value,
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{growth_rollup, member, member_sector, membership_event, organization},
};

/// Builds a statement from SQL written with `$1`-style parameters (SQLite reads
/// them as `?1`).
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Applies a change in who counts, at `at`, to the rollup. Rows are taken in key
/// order, then the country counts the change implies (also in key order), so
/// concurrent changes queue on the same rows in the same order.
pub async fn apply(db: &impl ConnectionTrait, change: &Change, at: OffsetDateTime) -> Result<()> {
    apply_many(db, [change], at).await
}

/// Applies several changes at `at`, their counts added up first: one write a row.
pub async fn apply_many<'a>(
    db: &impl ConnectionTrait,
    changes: impl IntoIterator<Item = &'a Change>,
    at: OffsetDateTime,
) -> Result<()> {
    let mut summed: BTreeMap<Key, Delta> = BTreeMap::new();
    for change in changes {
        for (key, delta) in deltas(change, at) {
            let entry = summed.entry(key).or_default();
            *entry += delta;
        }
    }
    let mut countries: BTreeMap<Key, Delta> = BTreeMap::new();
    for (key, delta) in summed {
        if delta.is_zero() {
            continue;
        }
        add(db, &key, delta).await?;
        if key.grain == Grain::Month
            && key.segment == EVERYONE
            && let Ok(country) = CountryCode::parse(&key.area)
        {
            count_countries(db, country, &key, delta, &mut countries).await?;
        }
    }
    for (key, delta) in countries {
        if !delta.is_zero() {
            add(db, &key, delta).await?;
        }
    }
    Ok(())
}

/// The change to the country counts of the country's regions and the network now
/// that `delta` has been added to the country's month row `key` (read back after
/// the write, so under its lock). Events are recorded as they happen, so `key` is
/// the country's latest month; `stats rebuild` mends the counts should a clock
/// ever step back across a month end.
async fn count_countries(
    db: &impl ConnectionTrait,
    country: CountryCode,
    key: &Key,
    delta: Delta,
    countries: &mut BTreeMap<Key, Delta>,
) -> Result<()> {
    let Some((_, row)) = latest_row(db, key, key.period).await? else {
        return Ok(());
    };
    let after = row.members;
    let previous = after - row.counts().net();
    let change = countries_delta(previous, after - delta.net(), after);
    if change.is_zero() {
        return Ok(());
    }
    for area in Area::containing(country).iter().skip(1) {
        let entry = countries
            .entry(Key {
                area: area.key(),
                segment: COUNTRIES.to_owned(),
                grain: Grain::Month,
                period: key.period,
            })
            .or_default();
        *entry += change;
    }
    Ok(())
}

/// Adds `delta` to one row, keeping the running totals of later rows exact.
pub async fn add(db: &impl ConnectionTrait, key: &Key, delta: Delta) -> Result<()> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        // One writer per series at a time: a transaction inserting a period's first
        // row copies the totals before it, which another transaction's update of
        // those rows (not yet committed, and blind to the new row) would miss.
        // SQLite has one writer at a time anyway.
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [format!(
                "growth_rollup|{}|{}|{}",
                key.area,
                key.segment,
                key.grain.code()
            )
            .into()],
        ))
        .await?;
    }
    let identity = |extra: Vec<Value>| {
        let mut values: Vec<Value> = vec![
            key.area.clone().into(),
            key.segment.clone().into(),
            key.grain.code().into(),
            key.period.into(),
        ];
        values.extend(extra);
        values
    };
    let previous = |column: &str| {
        format!(
            "COALESCE((SELECT {column} FROM growth_rollup WHERE area = $1 AND segment = $2 \
             AND grain = $3 AND period < $4 ORDER BY period DESC LIMIT 1), 0)"
        )
    };
    db.execute_raw(statement(
        backend,
        &format!(
            "INSERT INTO growth_rollup (area, segment, grain, period, joined, left_count, \
             moved_in, moved_out, members, joined_total, left_total) \
             SELECT $1, $2, $3, $4, 0, 0, 0, 0, {}, {}, {} WHERE 1 = 1 \
             ON CONFLICT (area, segment, grain, period) DO NOTHING",
            previous("members"),
            previous("joined_total"),
            previous("left_total"),
        ),
        identity(vec![]),
    ))
    .await?;
    db.execute_raw(statement(
        backend,
        "UPDATE growth_rollup SET \
         joined = joined + CASE WHEN period = $4 THEN $5 ELSE 0 END, \
         left_count = left_count + CASE WHEN period = $4 THEN $6 ELSE 0 END, \
         moved_in = moved_in + CASE WHEN period = $4 THEN $7 ELSE 0 END, \
         moved_out = moved_out + CASE WHEN period = $4 THEN $8 ELSE 0 END, \
         members = members + $9, joined_total = joined_total + $5, left_total = left_total + $6 \
         WHERE area = $1 AND segment = $2 AND grain = $3 AND period >= $4",
        identity(vec![
            delta.joined.into(),
            delta.left.into(),
            delta.moved_in.into(),
            delta.moved_out.into(),
            delta.net().into(),
        ]),
    ))
    .await?;
    Ok(())
}

/// Moves what an event added from how it was recorded (`was`) to how it is recorded
/// now (`now_is`): an erasure strips the standing and the exact moment. Month rows
/// of everyone are unchanged (same country, same month), so the country counts are.
pub async fn reattribute(
    db: &impl ConnectionTrait,
    was: (&Change, OffsetDateTime),
    now_is: (&Change, OffsetDateTime),
) -> Result<()> {
    let mut combined: BTreeMap<Key, Delta> = BTreeMap::new();
    for (key, delta) in deltas(was.0, was.1) {
        let entry = combined.entry(key).or_default();
        *entry += delta.scaled(-1);
    }
    for (key, delta) in deltas(now_is.0, now_is.1) {
        let entry = combined.entry(key).or_default();
        *entry += delta;
    }
    for (key, delta) in combined {
        if !delta.is_zero() {
            add(db, &key, delta).await?;
        }
    }
    Ok(())
}

fn totals(row: &growth_rollup::Model) -> Totals {
    Totals {
        joined: row.joined,
        left: row.left_count,
        moved_in: row.moved_in,
        moved_out: row.moved_out,
        members: row.members,
        joined_total: row.joined_total,
        left_total: row.left_total,
    }
}

/// The latest row of `key`'s series at or before `period`.
async fn latest_row(
    db: &impl ConnectionTrait,
    key: &Key,
    period: i32,
) -> Result<Option<(i32, Totals)>> {
    use growth_rollup::Column;
    Ok(growth_rollup::Entity::find()
        .filter(Column::Area.eq(key.area.as_str()))
        .filter(Column::Segment.eq(key.segment.as_str()))
        .filter(Column::Grain.eq(key.grain.code()))
        .filter(Column::Period.lte(period))
        .order_by_desc(Column::Period)
        .one(db)
        .await?
        .map(|row| (row.period, totals(&row))))
}

/// The running totals of a series at the end of `period` (zero before its first row).
pub async fn totals_at(
    db: &impl ConnectionTrait,
    area: &str,
    segment: &str,
    grain: Grain,
    period: i32,
) -> Result<Totals> {
    let key = Key {
        area: area.to_owned(),
        segment: segment.to_owned(),
        grain,
        period,
    };
    Ok(latest_row(db, &key, period)
        .await?
        .map(|(_, totals)| Totals {
            joined: 0,
            left: 0,
            moved_in: 0,
            moved_out: 0,
            ..totals
        })
        .unwrap_or_default())
}

/// A series' rows from `first` to `last` (periods, inclusive), with the running
/// totals before `first`.
pub async fn rows(
    db: &impl ConnectionTrait,
    area: &str,
    segment: &str,
    grain: Grain,
    first: i32,
    last: i32,
) -> Result<(Totals, Vec<(i32, Delta)>)> {
    use growth_rollup::Column;
    let opening = totals_at(db, area, segment, grain, first - 1).await?;
    let rows = growth_rollup::Entity::find()
        .filter(Column::Area.eq(area))
        .filter(Column::Segment.eq(segment))
        .filter(Column::Grain.eq(grain.code()))
        .filter(Column::Period.between(first, last))
        .order_by_asc(Column::Period)
        .all(db)
        .await?
        .iter()
        .map(|row| (row.period, totals(row).counts()))
        .collect();
    Ok((opening, rows))
}

/// Members at the end of each month that changed them, for everyone in `area`,
/// oldest first: the rows' running totals.
pub async fn month_ends(db: &impl ConnectionTrait, area: &str) -> Result<Vec<(i32, i64)>> {
    use growth_rollup::Column;
    Ok(growth_rollup::Entity::find()
        .select_only()
        .column(Column::Period)
        .column(Column::Members)
        .filter(Column::Area.eq(area))
        .filter(Column::Segment.eq(EVERYONE))
        .filter(Column::Grain.eq(Grain::Month.code()))
        .order_by_asc(Column::Period)
        .into_tuple()
        .all(db)
        .await?)
}

/// The first period of a series, if it has any row.
pub async fn first_period(
    db: &impl ConnectionTrait,
    area: &str,
    segment: &str,
    grain: Grain,
) -> Result<Option<i32>> {
    use growth_rollup::Column;
    Ok(growth_rollup::Entity::find()
        .filter(Column::Area.eq(area))
        .filter(Column::Segment.eq(segment))
        .filter(Column::Grain.eq(grain.code()))
        .order_by_asc(Column::Period)
        .one(db)
        .await?
        .map(|row| row.period))
}

#[derive(Debug, FromQueryResult)]
struct MembersRow {
    area: String,
    members: Option<i64>,
}

/// Members now in each of `areas` (everyone), one index look-up an area.
pub async fn members_now(
    db: &impl ConnectionTrait,
    areas: &[String],
) -> Result<HashMap<String, i64>> {
    if areas.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT a.area, (SELECT g.members FROM growth_rollup g WHERE g.area = a.area \
         AND g.segment = '' AND g.grain = 'm' ORDER BY g.period DESC LIMIT 1) AS members \
         FROM ({}) a",
        driver(areas.len(), 1)
    );
    let values = areas
        .iter()
        .map(|area| Value::from(area.as_str()))
        .collect();
    let rows = MembersRow::find_by_statement(statement(db.get_database_backend(), &sql, values))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.area, row.members.unwrap_or(0)))
        .collect())
}

/// `SELECT $first AS area UNION ALL …`: one row per area, bound from parameter
/// `first` on.
fn driver(areas: usize, first: usize) -> String {
    (0..areas)
        .map(|i| format!("SELECT CAST(${} AS VARCHAR(64)) AS area", i + first))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

#[derive(Debug, FromQueryResult)]
struct SummaryRow {
    area: String,
    opening_members: Option<i64>,
    opening_joined: Option<i64>,
    opening_left: Option<i64>,
    closing_members: Option<i64>,
    closing_joined: Option<i64>,
    closing_left: Option<i64>,
}

/// Each area's summary over the months `from` to `to` (yyyymm, inclusive) in one
/// segment, in one statement: for each end of the period, the last month row before
/// it (two index look-ups an area on PostgreSQL, four on SQLite).
pub async fn summaries(
    db: &impl ConnectionTrait,
    areas: &[String],
    segment: &str,
    from: i32,
    to: i32,
) -> Result<HashMap<String, Summary>> {
    if areas.is_empty() {
        return Ok(HashMap::new());
    }
    let backend = db.get_database_backend();
    let last_row = |alias: &str, comparison: &str| match backend {
        // One backward index scan a side, all three totals from it.
        DbBackend::Postgres => format!(
            "LEFT JOIN LATERAL (SELECT g.members, g.joined_total, g.left_total \
             FROM growth_rollup g WHERE g.area = a.area AND g.segment = $1 AND g.grain = 'm' \
             AND g.period {comparison} ORDER BY g.period DESC LIMIT 1) {alias} ON TRUE"
        ),
        // SQLite has no LATERAL: a seek finds the period, a second reads its row.
        _ => format!(
            "LEFT JOIN growth_rollup {alias} ON {alias}.area = a.area AND {alias}.segment = $1 \
             AND {alias}.grain = 'm' AND {alias}.period = (SELECT g.period FROM growth_rollup g \
             WHERE g.area = a.area AND g.segment = $1 AND g.grain = 'm' AND g.period {comparison} \
             ORDER BY g.period DESC LIMIT 1)"
        ),
    };
    let driver = driver(areas.len(), 4);
    let sql = format!(
        "SELECT a.area, o.members AS opening_members, o.joined_total AS opening_joined, \
         o.left_total AS opening_left, c.members AS closing_members, \
         c.joined_total AS closing_joined, c.left_total AS closing_left FROM ({driver}) a {} {}",
        last_row("o", "< $2"),
        last_row("c", "<= $3"),
    );
    let mut values: Vec<Value> = vec![segment.into(), from.into(), to.into()];
    values.extend(areas.iter().map(|area| Value::from(area.as_str())));
    let rows = SummaryRow::find_by_statement(statement(backend, &sql, values))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let opening = Totals {
                members: row.opening_members.unwrap_or(0),
                joined_total: row.opening_joined.unwrap_or(0),
                left_total: row.opening_left.unwrap_or(0),
                ..Totals::default()
            };
            let closing = Totals {
                members: row.closing_members.unwrap_or(0),
                joined_total: row.closing_joined.unwrap_or(0),
                left_total: row.closing_left.unwrap_or(0),
                ..Totals::default()
            };
            (row.area, Summary::between(&opening, &closing))
        })
        .collect())
}

/// The standing recorded on an event, as it was (`from` side) or became.
fn event_standing(
    country: Option<&str>,
    category: Option<&str>,
    sectors: Option<&str>,
    organization_type: Option<&str>,
) -> Option<Standing> {
    Some(Standing {
        country: CountryCode::parse(country?).ok()?,
        category: category.and_then(WorkforceCategory::parse),
        sectors: Standing::parse_sectors(sectors),
        organization_type: organization_type.and_then(OrganizationType::parse),
    })
}

/// The change an event row records; `None` for a row that does not read (reported
/// by the rebuild as a difference, never silently).
pub fn change_of(event: &membership_event::Model) -> Option<Change> {
    let to = event_standing(
        Some(&event.country_code),
        event.category.as_deref(),
        event.sectors.as_deref(),
        event.organization_type.as_deref(),
    )?;
    match MembershipEventKind::parse(&event.kind)? {
        MembershipEventKind::Joined => Some(Change::Joined(to)),
        MembershipEventKind::Left => Some(Change::Left(to)),
        MembershipEventKind::ChangedCountry | MembershipEventKind::ChangedProfile => {
            let from = event_standing(
                event
                    .from_country_code
                    .as_deref()
                    .or(Some(&event.country_code)),
                event.from_category.as_deref(),
                event.from_sectors.as_deref(),
                event.from_organization_type.as_deref(),
            )?;
            Some(Change::Changed { from, to })
        }
    }
}

const PAGE: u64 = 10_000;

/// Replays the whole event log in memory. Returns the rollup and how many events
/// did not read.
pub async fn replay(db: &impl ConnectionTrait) -> Result<(Rollup, u64)> {
    let mut rollup = Rollup::default();
    let mut unreadable = 0;
    let mut after = 0i64;
    loop {
        let events = membership_event::Entity::find()
            .filter(membership_event::Column::Id.gt(after))
            .order_by_asc(membership_event::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = events.last() else {
            break;
        };
        after = last.id;
        for event in &events {
            match change_of(event) {
                Some(change) => rollup.apply(&change, event.occurred_at),
                None => unreadable += 1,
            }
        }
    }
    Ok((rollup, unreadable))
}

/// A row where the table and the replayed log disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: Key,
    pub stored: Option<Totals>,
    pub replayed: Option<Totals>,
}

/// The outcome of [`rebuild`].
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub events_unreadable: u64,
    pub rows: usize,
    pub differences: Vec<Difference>,
}

/// Every stored row whose counts are not all zero (a row emptied by an erasure adds
/// nothing).
async fn stored(db: &impl ConnectionTrait) -> Result<BTreeMap<Key, Totals>> {
    let mut rows = BTreeMap::new();
    let mut pages = growth_rollup::Entity::find()
        .order_by_asc(growth_rollup::Column::Area)
        .order_by_asc(growth_rollup::Column::Segment)
        .order_by_asc(growth_rollup::Column::Grain)
        .order_by_asc(growth_rollup::Column::Period)
        .paginate(db, PAGE);
    while let Some(page) = pages.fetch_and_next().await? {
        for row in page {
            let totals = totals(&row);
            if totals.counts().is_zero() {
                continue;
            }
            let Some(grain) = Grain::parse(&row.grain) else {
                continue;
            };
            rows.insert(
                Key {
                    area: row.area,
                    segment: row.segment,
                    grain,
                    period: row.period,
                },
                totals,
            );
        }
    }
    Ok(rows)
}

/// Compares the table with the replayed event log and, unless `check_only`,
/// rewrites the table from the log. Differences are listed either way.
pub async fn rebuild(
    db: &(impl ConnectionTrait + TransactionTrait),
    check_only: bool,
) -> Result<Rebuilt> {
    // The log and the table are read in one transaction: a snapshot for a check
    // (writers carry on); for a rebuild, with the table locked first, so events
    // written meanwhile wait and are neither missed nor wiped.
    // (A SQLite transaction reads one snapshot already.)
    let isolation = (db.get_database_backend() == DbBackend::Postgres)
        .then_some(IsolationLevel::RepeatableRead);
    let txn = db.begin_with_config(isolation, None).await?;
    if !check_only {
        match txn.get_database_backend() {
            DbBackend::Postgres => {
                txn.execute_unprepared("LOCK TABLE growth_rollup IN EXCLUSIVE MODE")
                    .await?;
            }
            // A write first takes SQLite's one write lock.
            _ => {
                txn.execute_unprepared("UPDATE growth_rollup SET members = members WHERE 1 = 0")
                    .await?;
            }
        }
    }
    let (rollup, events_unreadable) = replay(&txn).await?;
    let replayed = rollup.rows();
    let stored = stored(&txn).await?;
    let mut differences = Vec::new();
    for (key, totals) in &replayed {
        if stored.get(key) != Some(totals) {
            differences.push(Difference {
                key: key.clone(),
                stored: stored.get(key).copied(),
                replayed: Some(*totals),
            });
        }
    }
    for (key, totals) in &stored {
        if !replayed.contains_key(key) {
            differences.push(Difference {
                key: key.clone(),
                stored: Some(*totals),
                replayed: None,
            });
        }
    }
    differences.sort_by(|a, b| a.key.cmp(&b.key));
    if check_only {
        txn.rollback().await?;
    } else {
        growth_rollup::Entity::delete_many().exec(&txn).await?;
        write(&txn, &replayed).await?;
        txn.commit().await?;
    }
    Ok(Rebuilt {
        events_unreadable,
        rows: replayed.len(),
        differences,
    })
}

/// Inserts rows into an empty table.
pub async fn write(db: &impl ConnectionTrait, rows: &BTreeMap<Key, Totals>) -> Result<()> {
    let models: Vec<growth_rollup::ActiveModel> = rows
        .iter()
        .map(|(key, totals)| growth_rollup::ActiveModel {
            area: Set(key.area.clone()),
            segment: Set(key.segment.clone()),
            grain: Set(key.grain.code().to_owned()),
            period: Set(key.period),
            joined: Set(totals.joined),
            left_count: Set(totals.left),
            moved_in: Set(totals.moved_in),
            moved_out: Set(totals.moved_out),
            members: Set(totals.members),
            joined_total: Set(totals.joined_total),
            left_total: Set(totals.left_total),
        })
        .collect();
    for chunk in models.chunks(1_000) {
        growth_rollup::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// At start-up: a database upgraded from before the rollup has events but no rows.
/// Gives those events the standing of their member (what they count as now, the
/// best that is known) and builds the rollup from the log, once.
pub async fn ensure(db: &(impl ConnectionTrait + TransactionTrait)) -> Result<bool> {
    let has_rows = growth_rollup::Entity::find().one(db).await?.is_some();
    let has_events = membership_event::Entity::find().one(db).await?.is_some();
    if has_rows || !has_events {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let mut after = 0i64;
    loop {
        let events = membership_event::Entity::find()
            .filter(membership_event::Column::Id.gt(after))
            .filter(membership_event::Column::MemberId.is_not_null())
            .order_by_asc(membership_event::Column::Id)
            .limit(PAGE)
            .all(&txn)
            .await?;
        let Some(last) = events.last() else {
            break;
        };
        after = last.id;
        for event in events {
            let Some(member_id) = event.member_id else {
                continue;
            };
            let Some(row) = member::Entity::find_by_id(member_id).one(&txn).await? else {
                continue;
            };
            let kind = match row.organization_id {
                Some(id) => organization::Entity::find_by_id(id)
                    .one(&txn)
                    .await?
                    .map(|organization| organization.kind),
                None => None,
            };
            let mut sectors: Vec<String> = member_sector::Entity::find()
                .filter(member_sector::Column::MemberId.eq(member_id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|row| row.sector)
                .collect();
            sectors.sort();
            let sectors = (!sectors.is_empty()).then(|| sectors.join(","));
            let mut active: membership_event::ActiveModel = event.into();
            active.category = Set(row.category.clone());
            active.sectors = Set(sectors.clone());
            active.organization_type = Set(kind.clone());
            if active.kind.as_ref() != MembershipEventKind::Joined.as_str()
                && active.kind.as_ref() != MembershipEventKind::Left.as_str()
            {
                active.from_category = Set(row.category.clone());
                active.from_sectors = Set(sectors);
                active.from_organization_type = Set(kind);
            }
            sea_orm::ActiveModelTrait::update(active, &txn).await?;
        }
    }
    let (rollup, _) = replay(&txn).await?;
    write(&txn, &rollup.rows()).await?;
    txn.commit().await?;
    Ok(true)
}
