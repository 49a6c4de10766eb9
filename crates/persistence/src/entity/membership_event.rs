use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "membership_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub member_id: Option<i64>,
    pub kind: String,
    pub country_code: String,
    pub from_country_code: Option<String>,
    pub occurred_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
