use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub full_name: String,
    pub country_code: Option<String>,
    pub password_hash: Option<String>,
    pub role: String,
    pub status: String,
    pub locale: String,
    pub email_verified_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub job_title: Option<String>,
    pub category: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub interests: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub bio: Option<String>,
    pub organization_id: Option<i64>,
    pub listed: bool,
    pub email_undeliverable_at: Option<TimeDateTimeWithTimeZone>,
    /// The link the account joined from (`direct`, `week:2022`, …); NULL: joined
    /// before sources were recorded.
    pub join_source: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
