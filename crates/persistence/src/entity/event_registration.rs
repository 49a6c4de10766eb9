use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_registration")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub member_id: Option<i64>,
    pub name: String,
    pub email: Option<String>,
    pub country_code: Option<String>,
    pub language: String,
    pub status: String,
    pub attended: bool,
    pub reminded_day_at: Option<TimeDateTimeWithTimeZone>,
    pub reminded_hour_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
