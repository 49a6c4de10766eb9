//! The library: resources and stories (`library_item`, one table for both: they
//! share moderation, credit, search and feeds), the countries and topics each
//! concerns, every moderation decision (`library_decision`), and the files stored
//! for them (`library_file`: the bytes live in the file store, under `key`).
//!
//! Search uses each database's own full-text search over `search_text` (title,
//! summary, authors, publisher, folded to lower case without accents by the
//! application): an FTS5 table of the published items, with a token for each
//! filter value, kept in step by triggers on SQLite; a stored `tsvector` column
//! with a GIN index on PostgreSQL.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, DbBackend},
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LibraryFile::Table)
                    .col(string(LibraryFile::Key).primary_key())
                    .col(string(LibraryFile::Kind))
                    .col(string(LibraryFile::Name))
                    .col(big_integer(LibraryFile::Bytes))
                    // A photo's stored widths ("320,640,1280"); empty for documents.
                    .col(string(LibraryFile::Widths))
                    .col(big_integer_null(LibraryFile::MemberId))
                    .col(timestamp_with_time_zone(LibraryFile::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LibraryItem::Table)
                    .col(big_pk_auto(LibraryItem::Id))
                    .col(string_uniq(LibraryItem::Slug))
                    .col(string(LibraryItem::Section))
                    .col(string(LibraryItem::Kind))
                    .col(string(LibraryItem::Status))
                    .col(text(LibraryItem::Title))
                    .col(text(LibraryItem::Summary))
                    .col(text(LibraryItem::Body))
                    .col(text_null(LibraryItem::Authors))
                    .col(text_null(LibraryItem::Publisher))
                    .col(integer_null(LibraryItem::Year))
                    .col(string(LibraryItem::Language))
                    .col(text_null(LibraryItem::Licence))
                    .col(text_null(LibraryItem::Link))
                    .col(text_null(LibraryItem::Role))
                    .col(text_null(LibraryItem::WorkerName))
                    .col(text_null(LibraryItem::WorkerRole))
                    .col(text_null(LibraryItem::WorkerPlace))
                    .col(boolean(LibraryItem::WorkerConsent))
                    .col(text_null(LibraryItem::PhotoAlt))
                    .col(string_null(LibraryItem::FileKey))
                    .col(string_null(LibraryItem::PhotoKey))
                    .col(big_integer_null(LibraryItem::SubmittedBy))
                    .col(text_null(LibraryItem::Credit))
                    .col(boolean(LibraryItem::ByFormerMember))
                    .col(text_null(LibraryItem::Reason))
                    .col(text(LibraryItem::SearchText))
                    .col(text(LibraryItem::SearchFacets))
                    .col(timestamp_with_time_zone(LibraryItem::CreatedAt))
                    .col(timestamp_with_time_zone(LibraryItem::UpdatedAt))
                    .col(timestamp_with_time_zone_null(LibraryItem::PublishedAt))
                    .to_owned(),
            )
            .await?;
        // Lists and feeds: a section's published items, newest first; the staff
        // queue: items in a state, oldest first; a member's own submissions.
        for (name, columns) in [
            (
                "idx_library_item_published",
                vec![
                    LibraryItem::Section,
                    LibraryItem::Status,
                    LibraryItem::PublishedAt,
                ],
            ),
            (
                "idx_library_item_queue",
                vec![LibraryItem::Status, LibraryItem::CreatedAt],
            ),
            ("idx_library_item_submitter", vec![LibraryItem::SubmittedBy]),
        ] {
            let mut index = Index::create();
            index.name(name).table(LibraryItem::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LibraryItemCountry::Table)
                    .col(big_integer(LibraryItemCountry::ItemId))
                    .col(string(LibraryItemCountry::CountryCode))
                    .primary_key(
                        Index::create()
                            .col(LibraryItemCountry::ItemId)
                            .col(LibraryItemCountry::CountryCode),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_library_item_country_country")
                    .table(LibraryItemCountry::Table)
                    .col(LibraryItemCountry::CountryCode)
                    .col(LibraryItemCountry::ItemId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LibraryItemTopic::Table)
                    .col(big_integer(LibraryItemTopic::ItemId))
                    .col(string(LibraryItemTopic::Topic))
                    .primary_key(
                        Index::create()
                            .col(LibraryItemTopic::ItemId)
                            .col(LibraryItemTopic::Topic),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_library_item_topic_topic")
                    .table(LibraryItemTopic::Table)
                    .col(LibraryItemTopic::Topic)
                    .col(LibraryItemTopic::ItemId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LibraryDecision::Table)
                    .col(big_pk_auto(LibraryDecision::Id))
                    .col(big_integer(LibraryDecision::ItemId))
                    // Who decided: a staff member, or the submitter resubmitting.
                    .col(big_integer_null(LibraryDecision::MemberId))
                    .col(string(LibraryDecision::Decision))
                    .col(string(LibraryDecision::FromStatus))
                    .col(string(LibraryDecision::ToStatus))
                    .col(text_null(LibraryDecision::Reason))
                    .col(timestamp_with_time_zone(LibraryDecision::At))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_library_decision_item", LibraryDecision::ItemId),
            ("idx_library_decision_member", LibraryDecision::MemberId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LibraryDecision::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_library_file_member")
                    .table(LibraryFile::Table)
                    .col(LibraryFile::MemberId)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for statement in SQLITE_SEARCH {
                    db.execute_unprepared(statement).await?;
                }
            }
            DbBackend::Postgres => {
                for statement in POSTGRES_SEARCH {
                    db.execute_unprepared(statement).await?;
                }
            }
            other => return Err(DbErr::Migration(format!("unsupported database: {other:?}"))),
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS library_search")
                .await?;
        }
        for table in [
            LibraryDecision::Table.into_iden(),
            LibraryItemTopic::Table.into_iden(),
            LibraryItemCountry::Table.into_iden(),
            LibraryItem::Table.into_iden(),
            LibraryFile::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// SQLite: an FTS5 index of the published items only (triggers add an item when it
/// is published and take it out when it is not), with their words and a token for
/// each filter value (`search_facets`: `c_ke`, `k_report`…), so a search with its
/// filters is one index search ranked by the words alone (`bm25(1, 0)`).
const SQLITE_SEARCH: [&str; 5] = [
    "CREATE VIRTUAL TABLE library_search USING fts5(\
       search_text, search_facets, content='library_item', content_rowid='id', \
       tokenize=\"unicode61 remove_diacritics 2 tokenchars '_'\", prefix='2 3')",
    "INSERT INTO library_search(library_search, rank) VALUES ('rank', 'bm25(1.0, 0.0)')",
    "CREATE TRIGGER library_search_insert AFTER INSERT ON library_item \
       WHEN new.status = 'published' BEGIN \
       INSERT INTO library_search(rowid, search_text, search_facets) \
       VALUES (new.id, new.search_text, new.search_facets); END",
    "CREATE TRIGGER library_search_delete AFTER DELETE ON library_item \
       WHEN old.status = 'published' BEGIN \
       INSERT INTO library_search(library_search, rowid, search_text, search_facets) \
       VALUES ('delete', old.id, old.search_text, old.search_facets); END",
    "CREATE TRIGGER library_search_update \
       AFTER UPDATE OF status, search_text, search_facets ON library_item BEGIN \
       INSERT INTO library_search(library_search, rowid, search_text, search_facets) \
       SELECT 'delete', old.id, old.search_text, old.search_facets \
       WHERE old.status = 'published'; \
       INSERT INTO library_search(rowid, search_text, search_facets) \
       SELECT new.id, new.search_text, new.search_facets WHERE new.status = 'published'; END",
];

/// PostgreSQL: the words (weight A) and the filter tokens (weight B; the text
/// parser splits at `_`, so `c_ke` is indexed as `czqke`) in one stored `tsvector`
/// under a GIN index: a search and its filters are one index search, and a word
/// typed is only ever matched against the words (`term:*A`).
const POSTGRES_SEARCH: [&str; 2] = [
    "ALTER TABLE library_item ADD COLUMN search_vector tsvector \
       GENERATED ALWAYS AS (\
       setweight(to_tsvector('simple', search_text), 'A') || \
       setweight(to_tsvector('simple', replace(search_facets, '_', 'zq')), 'B')) STORED",
    "CREATE INDEX idx_library_item_search ON library_item USING GIN (search_vector)",
];

#[derive(DeriveIden)]
enum LibraryFile {
    Table,
    Key,
    Kind,
    Name,
    Bytes,
    Widths,
    MemberId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LibraryItem {
    Table,
    Id,
    Slug,
    Section,
    Kind,
    Status,
    Title,
    Summary,
    Body,
    Authors,
    Publisher,
    Year,
    Language,
    Licence,
    Link,
    Role,
    WorkerName,
    WorkerRole,
    WorkerPlace,
    WorkerConsent,
    PhotoAlt,
    FileKey,
    PhotoKey,
    SubmittedBy,
    Credit,
    ByFormerMember,
    Reason,
    SearchText,
    SearchFacets,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum LibraryItemCountry {
    Table,
    ItemId,
    CountryCode,
}

#[derive(DeriveIden)]
enum LibraryItemTopic {
    Table,
    ItemId,
    Topic,
}

#[derive(DeriveIden)]
enum LibraryDecision {
    Table,
    Id,
    ItemId,
    MemberId,
    Decision,
    FromStatus,
    ToStatus,
    Reason,
    At,
}
