//! Countries: the reference data (loaded from the seed at start-up), member figures
//! from the monthly rollup, breakdowns of a country's members, workforce figures.

use std::collections::HashMap;

use membernet_domain::{
    CountryCode, MemberId, country,
    profile::{Sector, WorkforceCategory},
    workforce::WorkforceFigure,
};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionSession, TransactionTrait,
    sea_query::OnConflict,
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{country as country_row, country_workforce},
    profile_counts, rollup,
};

/// Writes `seed/countries.tsv` (compiled in) to the `country` table. Idempotent: rows
/// are upserted, so a newer seed updates names and populations in place.
pub async fn load_reference(db: &(impl ConnectionTrait + TransactionTrait)) -> Result<()> {
    let rows = country::all()
        .iter()
        .map(|country| country_row::ActiveModel {
            alpha2: Set(country.alpha2.to_owned()),
            alpha3: Set(country.alpha3.to_owned()),
            numeric_code: Set(country.numeric.to_owned()),
            name: Set(country.name_en.to_owned()),
            region: Set(country.region.to_owned()),
            sub_region: Set(country.sub_region.to_owned()),
            population: Set(country.population.map(|people| people as i64)),
            population_year: Set(country.population_year.map(i32::from)),
            population_source: Set(country.population_source.to_owned()),
        });
    let txn = crate::db::begin_write(db).await?;
    country_row::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(country_row::Column::Alpha2)
                .update_columns([
                    country_row::Column::Alpha3,
                    country_row::Column::NumericCode,
                    country_row::Column::Name,
                    country_row::Column::Region,
                    country_row::Column::SubRegion,
                    country_row::Column::Population,
                    country_row::Column::PopulationYear,
                    country_row::Column::PopulationSource,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Members now, per country (from the statistics rollup; countries without
/// members absent).
pub async fn member_counts(db: &impl ConnectionTrait) -> Result<HashMap<String, u64>> {
    let codes: Vec<String> = country::all()
        .iter()
        .map(|country| country.alpha2.to_owned())
        .collect();
    Ok(rollup::members_now(db, &codes)
        .await?
        .into_iter()
        .filter(|(_, members)| *members > 0)
        .map(|(code, members)| (code, members as u64))
        .collect())
}

/// A country's counted members by category (those who gave none left out).
pub async fn category_counts(
    db: &impl ConnectionTrait,
    country: CountryCode,
) -> Result<Vec<(WorkforceCategory, u64)>> {
    Ok(
        profile_counts::for_country(db, country, profile_counts::CATEGORY)
            .await?
            .into_iter()
            .filter_map(|(code, members)| Some((WorkforceCategory::parse(&code)?, members)))
            .collect(),
    )
}

/// A country's counted members by sector (a member may count in several).
pub async fn sector_counts(
    db: &impl ConnectionTrait,
    country: CountryCode,
) -> Result<Vec<(Sector, u64)>> {
    Ok(
        profile_counts::for_country(db, country, profile_counts::SECTOR)
            .await?
            .into_iter()
            .filter_map(|(code, members)| Some((Sector::parse(&code)?, members)))
            .collect(),
    )
}

/// How many of a country's members are listed in the directory.
pub async fn listed_count(db: &impl ConnectionTrait, country: CountryCode) -> Result<u64> {
    Ok(
        profile_counts::for_country(db, country, profile_counts::LISTED)
            .await?
            .first()
            .map_or(0, |(_, members)| *members),
    )
}

pub async fn workforce(
    db: &impl ConnectionTrait,
    country: CountryCode,
) -> Result<Option<WorkforceFigure>> {
    Ok(
        country_workforce::Entity::find_by_id(country.as_str().to_owned())
            .one(db)
            .await?
            .map(|row| WorkforceFigure {
                workers: row.workers.max(0) as u64,
                year: row.year,
                source: row.source,
            }),
    )
}

pub async fn set_workforce(
    db: &impl ConnectionTrait,
    country: CountryCode,
    figure: &WorkforceFigure,
    by: MemberId,
    now: OffsetDateTime,
) -> Result<()> {
    let row = country_workforce::ActiveModel {
        country_code: Set(country.as_str().to_owned()),
        workers: Set(figure.workers as i64),
        year: Set(figure.year),
        source: Set(figure.source.clone()),
        updated_by: Set(Some(by.0)),
        updated_at: Set(now),
    };
    country_workforce::Entity::insert(row)
        .on_conflict(
            OnConflict::column(country_workforce::Column::CountryCode)
                .update_columns([
                    country_workforce::Column::Workers,
                    country_workforce::Column::Year,
                    country_workforce::Column::Source,
                    country_workforce::Column::UpdatedBy,
                    country_workforce::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
