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
    pub category: Option<String>,
    pub sectors: Option<String>,
    pub organization_type: Option<String>,
    pub from_category: Option<String>,
    pub from_sectors: Option<String>,
    pub from_organization_type: Option<String>,
    /// The kind of link the member joined from (`direct`, `week`, …), the same on
    /// both sides of a change; NULL: unknown.
    pub source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
