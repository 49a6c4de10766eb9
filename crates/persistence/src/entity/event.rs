use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub status: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub kind: String,
    pub time_zone: String,
    pub starts_at: TimeDateTimeWithTimeZone,
    pub ends_at: TimeDateTimeWithTimeZone,
    pub join_url: Option<String>,
    pub place: Option<String>,
    pub capacity: Option<i32>,
    pub registration_deadline: Option<TimeDateTimeWithTimeZone>,
    pub languages: String,
    pub countries: String,
    pub regions: String,
    #[sea_orm(column_type = "Text")]
    pub area_keys: String,
    pub reference_zones: String,
    #[sea_orm(column_type = "Text")]
    pub speakers: String,
    pub recording_url: Option<String>,
    pub slides_url: Option<String>,
    pub registered: i32,
    pub waiting: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
