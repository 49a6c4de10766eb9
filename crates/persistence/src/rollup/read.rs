//! Reading the rollup for the statistics pages and the API: a series' rows, running
//! totals, month ends and summaries, each a few index look-ups.

use std::collections::HashMap;

use membernet_domain::statistics::{Delta, EVERYONE, Grain, Key, Summary, Totals};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Value,
};

use super::{statement, totals};
use crate::{Result, entity::growth_rollup};

/// The latest row of `key`'s series at or before `period`.
pub(super) async fn latest_row(
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
