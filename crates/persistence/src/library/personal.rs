//! The library's part of a member's data export and erasure (see
//! `personal_data`): what they sent in, the files they uploaded, the decisions
//! they took.

use membernet_domain::{MemberId, library::Status};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, Query},
};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use crate::{
    Result,
    entity::{
        library_decision, library_file, library_item, library_item_country, library_item_topic,
    },
};

fn timestamp(at: time::OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// The export's section for one of the library's tables.
pub async fn export(
    db: &impl ConnectionTrait,
    table: &str,
    member: MemberId,
) -> Result<Vec<(&'static str, Value)>> {
    Ok(match table {
        "library_item" => {
            let rows = library_item::Entity::find()
                .filter(library_item::Column::SubmittedBy.eq(member.0))
                .order_by_asc(library_item::Column::Id)
                .all(db)
                .await?;
            let items = super::to_items(db, rows).await?;
            vec![(
                "library_submissions",
                items
                    .iter()
                    .map(|item| {
                        let fields = &item.fields;
                        json!({
                            "title": fields.title,
                            "kind": fields.kind.code(),
                            "status": item.status.code(),
                            "summary": fields.summary,
                            "text": fields.body,
                            "authors": fields.authors,
                            "publisher": fields.publisher,
                            "year": fields.year,
                            "language": fields.language,
                            "licence": fields.licence,
                            "link": fields.link,
                            "countries": fields.countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                            "topics": fields.topics.iter().map(|t| t.code()).collect::<Vec<_>>(),
                            "role": fields.role,
                            "worker_name": fields.worker_name,
                            "worker_role": fields.worker_role,
                            "worker_place": fields.worker_place,
                            "photo_description": fields.photo_alt,
                            "file": item.file.as_ref().map(|file| &file.name),
                            "staff_reason": item.reason,
                            "address": item.slug,
                            "submitted_at": timestamp(item.created_at),
                            "published_at": item.published_at.map(timestamp),
                        })
                    })
                    .collect(),
            )]
        }
        "library_file" => {
            let rows = library_file::Entity::find()
                .filter(library_file::Column::MemberId.eq(member.0))
                .order_by_asc(library_file::Column::CreatedAt)
                .all(db)
                .await?;
            vec![(
                "library_uploads",
                rows.iter()
                    .map(|row| {
                        json!({
                            "name": row.name,
                            "kind": row.kind,
                            "bytes": row.bytes,
                            "at": timestamp(row.created_at),
                        })
                    })
                    .collect(),
            )]
        }
        _ => {
            let rows = library_decision::Entity::find()
                .filter(library_decision::Column::MemberId.eq(member.0))
                .order_by_asc(library_decision::Column::Id)
                .all(db)
                .await?;
            vec![(
                "library_decisions",
                rows.iter()
                    .map(|row| {
                        json!({
                            "item": row.item_id,
                            "decision": row.decision,
                            "reason": row.reason,
                            "at": timestamp(row.at),
                        })
                    })
                    .collect(),
            )]
        }
    })
}

/// Erases the member from one of the library's tables (inside the erasure's
/// transaction). Published items stay, credited to "a former member"; the rest of
/// what they sent is deleted with its countries, topics and decisions.
pub async fn erase(db: &impl ConnectionTrait, table: &str, member: MemberId) -> Result<()> {
    match table {
        "library_item" => {
            let unpublished = || {
                Query::select()
                    .column(library_item::Column::Id)
                    .from(library_item::Entity)
                    .and_where(library_item::Column::SubmittedBy.eq(member.0))
                    .and_where(library_item::Column::Status.ne(Status::Published.code()))
                    .to_owned()
            };
            library_item_country::Entity::delete_many()
                .filter(library_item_country::Column::ItemId.in_subquery(unpublished()))
                .exec(db)
                .await?;
            library_item_topic::Entity::delete_many()
                .filter(library_item_topic::Column::ItemId.in_subquery(unpublished()))
                .exec(db)
                .await?;
            library_decision::Entity::delete_many()
                .filter(library_decision::Column::ItemId.in_subquery(unpublished()))
                .exec(db)
                .await?;
            library_item::Entity::delete_many()
                .filter(library_item::Column::SubmittedBy.eq(member.0))
                .filter(library_item::Column::Status.ne(Status::Published.code()))
                .exec(db)
                .await?;
            library_item::Entity::update_many()
                .col_expr(
                    library_item::Column::SubmittedBy,
                    Expr::value(Option::<i64>::None),
                )
                .col_expr(
                    library_item::Column::Credit,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(library_item::Column::ByFormerMember, Expr::value(true))
                .filter(library_item::Column::SubmittedBy.eq(member.0))
                .exec(db)
                .await?;
        }
        "library_file" => {
            // Files no item uses any more are removed by housekeeping (bytes, then row).
            library_file::Entity::update_many()
                .col_expr(
                    library_file::Column::MemberId,
                    Expr::value(Option::<i64>::None),
                )
                .filter(library_file::Column::MemberId.eq(member.0))
                .exec(db)
                .await?;
        }
        _ => {
            library_decision::Entity::update_many()
                .col_expr(
                    library_decision::Column::MemberId,
                    Expr::value(Option::<i64>::None),
                )
                .filter(library_decision::Column::MemberId.eq(member.0))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}
