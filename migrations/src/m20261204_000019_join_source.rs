//! Where members came from (`membernet_domain::join_source`): the account keeps the
//! link it joined from (`member.join_source`: `direct`, `week:2022`,
//! `event:{slug}`, `campaign:{slug}`; NULL for accounts that joined before sources
//! were recorded), and each membership event keeps its kind (`membership_event.
//! source`: `direct`, `week`, `event` or `campaign`), so a replay of the log counts
//! joins by source as the rollup does. Existing rows stay NULL: their source is not
//! known, and the rollup has no source rows for them, so the two agree.
//!
//! The index counts a source's counted members from the index alone (the columns
//! of `member_rows::counted` after the source).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_member_join_source_counted";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Member::Table)
                    .add_column(string_null(Member::JoinSource))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MembershipEvent::Table)
                    .add_column(string_null(MembershipEvent::Source))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Member::Table)
                    .col(Member::JoinSource)
                    .col(Member::Status)
                    .col(Member::EmailVerifiedAt)
                    .col(Member::CountryCode)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite drops no column an index still names: the index goes first.
        manager
            .drop_index(Index::drop().name(INDEX).table(Member::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(MembershipEvent::Table)
                    .drop_column(MembershipEvent::Source)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Member::Table)
                    .drop_column(Member::JoinSource)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Member {
    Table,
    JoinSource,
    Status,
    EmailVerifiedAt,
    CountryCode,
}

#[derive(DeriveIden)]
enum MembershipEvent {
    Table,
    Source,
}
