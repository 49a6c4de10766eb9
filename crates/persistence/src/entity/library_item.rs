use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub section: String,
    pub kind: String,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub authors: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub publisher: Option<String>,
    pub year: Option<i32>,
    pub language: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub licence: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub link: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub role: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub worker_name: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub worker_role: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub worker_place: Option<String>,
    pub worker_consent: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub photo_alt: Option<String>,
    pub file_key: Option<String>,
    pub photo_key: Option<String>,
    pub submitted_by: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub credit: Option<String>,
    pub by_former_member: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    #[sea_orm(column_type = "Text")]
    pub search_facets: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    pub published_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
