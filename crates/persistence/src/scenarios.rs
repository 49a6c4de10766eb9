//! Workforce planner scenarios saved by staff for a country; published ones show on
//! the country profile and in the API.

use membernet_domain::{CountryCode, MemberId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use time::OffsetDateTime;

use crate::{Result, entity::planner_scenario};

pub use crate::entity::planner_scenario::Model as Scenario;

pub async fn save(
    db: &impl ConnectionTrait,
    country: CountryCode,
    name: &str,
    inputs: &str,
    by: MemberId,
    now: OffsetDateTime,
) -> Result<Scenario> {
    Ok(planner_scenario::ActiveModel {
        country_code: Set(country.as_str().to_owned()),
        name: Set(name.to_owned()),
        inputs: Set(inputs.to_owned()),
        published: Set(false),
        created_by: Set(Some(by.0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A country's scenarios, newest first; only the published ones unless `all`.
pub async fn for_country(
    db: &impl ConnectionTrait,
    country: CountryCode,
    all: bool,
) -> Result<Vec<Scenario>> {
    let mut select = planner_scenario::Entity::find()
        .filter(planner_scenario::Column::CountryCode.eq(country.as_str()));
    if !all {
        select = select.filter(planner_scenario::Column::Published.eq(true));
    }
    Ok(select
        .order_by_desc(planner_scenario::Column::Id)
        .all(db)
        .await?)
}

/// Publishes or withdraws a scenario of `country`; false when there is no such one.
pub async fn set_published(
    db: &impl ConnectionTrait,
    country: CountryCode,
    id: i64,
    published: bool,
    now: OffsetDateTime,
) -> Result<bool> {
    let updated = planner_scenario::Entity::update_many()
        .col_expr(planner_scenario::Column::Published, Expr::value(published))
        .col_expr(planner_scenario::Column::UpdatedAt, Expr::value(now))
        .filter(planner_scenario::Column::Id.eq(id))
        .filter(planner_scenario::Column::CountryCode.eq(country.as_str()))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn delete(db: &impl ConnectionTrait, country: CountryCode, id: i64) -> Result<bool> {
    let deleted = planner_scenario::Entity::delete_many()
        .filter(planner_scenario::Column::Id.eq(id))
        .filter(planner_scenario::Column::CountryCode.eq(country.as_str()))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected == 1)
}
