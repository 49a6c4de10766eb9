use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "membership_month")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub country_code: String,
    /// yyyymm
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
    pub joined: i32,
    pub left_count: i32,
    pub moved_in: i32,
    pub moved_out: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
