use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "share_graphic")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub week_id: i64,
    pub key: String,
    #[sea_orm(column_type = "Text")]
    pub alt: String,
    pub language: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub position: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
