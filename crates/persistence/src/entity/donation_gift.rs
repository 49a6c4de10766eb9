use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "donation_gift")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub received_on: TimeDate,
    #[sea_orm(column_type = "Text", nullable)]
    pub donor: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub recorded_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
