use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "country")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub alpha2: String,
    pub alpha3: String,
    pub numeric_code: String,
    pub name: String,
    pub region: String,
    pub sub_region: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    pub population_source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
