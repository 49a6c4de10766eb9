use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "week_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub week_id: i64,
    pub day: String,
    pub kind: String,
    pub ref_id: i64,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
