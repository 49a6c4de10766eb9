//! The files stored for library items: what each is (its kind, found from its
//! content, its download name, size and a photo's widths). The bytes are in the
//! file store under the same key; a row is written only once they are stored.

use membernet_domain::{
    MemberId,
    library::{Status, StoredFile, files::FileKind},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, sea_query::Condition,
};
use time::OffsetDateTime;

use crate::{
    Result,
    entity::{library_file, library_item},
};

pub(crate) fn to_stored(row: library_file::Model) -> Option<StoredFile> {
    Some(StoredFile {
        kind: FileKind::parse(&row.kind)?,
        widths: StoredFile::parse_widths(&row.widths),
        key: row.key,
        name: row.name,
        bytes: row.bytes,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    file: &StoredFile,
    member: Option<MemberId>,
    now: OffsetDateTime,
) -> Result<()> {
    library_file::ActiveModel {
        key: Set(file.key.clone()),
        kind: Set(file.kind.code().to_owned()),
        name: Set(file.name.clone()),
        bytes: Set(file.bytes),
        widths: Set(file.widths_text()),
        member_id: Set(member.map(|m| m.0)),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<StoredFile>> {
    Ok(library_file::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .and_then(to_stored))
}

/// Who may read a stored file: everyone when an item that uses it is published;
/// else staff, the member who uploaded it and the submitter of an item using it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileAccess {
    pub file: StoredFile,
    pub public: bool,
    pub people: Vec<MemberId>,
}

pub async fn access(db: &impl ConnectionTrait, key: &str) -> Result<Option<FileAccess>> {
    let Some(row) = library_file::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let uploader = row.member_id.map(MemberId);
    let Some(file) = to_stored(row) else {
        return Ok(None);
    };
    let users: Vec<(String, Option<i64>)> = library_item::Entity::find()
        .select_only()
        .column(library_item::Column::Status)
        .column(library_item::Column::SubmittedBy)
        .filter(
            Condition::any()
                .add(library_item::Column::FileKey.eq(key))
                .add(library_item::Column::PhotoKey.eq(key)),
        )
        .into_tuple()
        .all(db)
        .await?;
    let public = users
        .iter()
        .any(|(status, _)| status == Status::Published.code());
    let mut people: Vec<MemberId> = users
        .into_iter()
        .filter_map(|(_, member)| member.map(MemberId))
        .collect();
    people.extend(uploader);
    Ok(Some(FileAccess {
        file,
        public,
        people,
    }))
}

/// Files no item uses, stored before `before` (a form left half-way): their keys,
/// for housekeeping to delete from the store, then [`forget`].
pub async fn unused(
    db: &impl ConnectionTrait,
    before: OffsetDateTime,
    limit: u64,
) -> Result<Vec<StoredFile>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let used_as = |column: library_item::Column| {
        Query::select()
            .column(column)
            .from(library_item::Entity)
            .and_where(Expr::col(column).is_not_null())
            .to_owned()
    };
    Ok(library_file::Entity::find()
        .filter(library_file::Column::CreatedAt.lt(before))
        .filter(library_file::Column::Key.not_in_subquery(used_as(library_item::Column::FileKey)))
        .filter(library_file::Column::Key.not_in_subquery(used_as(library_item::Column::PhotoKey)))
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .filter_map(to_stored)
        .collect())
}

pub async fn forget(db: &impl ConnectionTrait, keys: &[String]) -> Result<()> {
    if !keys.is_empty() {
        library_file::Entity::delete_many()
            .filter(library_file::Column::Key.is_in(keys.iter().cloned()))
            .exec(db)
            .await?;
    }
    Ok(())
}
