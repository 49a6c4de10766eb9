//! Writing the rollup in the transaction of each membership event: a change's
//! counts added to its rows, and the country counts they imply.

use std::collections::BTreeMap;

use membernet_domain::{
    CountryCode,
    statistics::{Area, COUNTRIES, Change, Delta, EVERYONE, Grain, Key, countries_delta, deltas},
};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use time::OffsetDateTime;

use super::{read::latest_row, statement};
use crate::Result;

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
