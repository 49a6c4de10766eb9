use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub status: String,
    pub topic: String,
    pub default_language: String,
    #[sea_orm(column_type = "Text")]
    pub countries: String,
    pub region: Option<String>,
    pub category: Option<String>,
    pub sector: Option<String>,
    pub organization_type: Option<String>,
    pub event_id: Option<i64>,
    pub time_zone: String,
    pub send_at: Option<TimeDateTimeWithTimeZone>,
    pub recipients: i64,
    pub archived: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub started_at: Option<TimeDateTimeWithTimeZone>,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
