//! The staff member list and its audit log.
//!
//! - `staff_audit` records what staff did to members' accounts and data: every
//!   export of the member list (who, when, with which filters, how many rows), from
//!   the site or the command line, and every suspension, reinstatement and change of
//!   role (who, whom, when). Rows outlive the accounts they name: an erased actor or
//!   subject becomes NULL.
//! - Indexes for `/staff/members`, which lists every account (not only the listed
//!   ones the directory's indexes cover), sorted by name, newest verified or country,
//!   and filtered by country or status, at a million members.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffAudit::Table)
                    .col(big_pk_auto(StaffAudit::Id))
                    .col(big_integer_null(StaffAudit::ActorId))
                    // Who acted when no account did ("command line").
                    .col(string_null(StaffAudit::ActorNote))
                    .col(string(StaffAudit::Action))
                    .col(big_integer_null(StaffAudit::SubjectId))
                    // For an export, its filters as the list's query string.
                    .col(text(StaffAudit::Detail))
                    .col(big_integer_null(StaffAudit::RowCount))
                    .col(timestamp_with_time_zone(StaffAudit::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_audit_actor")
                            .from(StaffAudit::Table, StaffAudit::ActorId)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_audit_subject")
                            .from(StaffAudit::Table, StaffAudit::SubjectId)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The exports page: one action, newest first.
        index(
            manager,
            "idx_staff_audit_action",
            StaffAudit::Table,
            &[StaffAudit::Action, StaffAudit::Id],
        )
        .await?;
        // Erasing a member sets these to NULL: found by index, not by a scan.
        index(
            manager,
            "idx_staff_audit_actor",
            StaffAudit::Table,
            &[StaffAudit::ActorId],
        )
        .await?;
        index(
            manager,
            "idx_staff_audit_subject",
            StaffAudit::Table,
            &[StaffAudit::SubjectId],
        )
        .await?;

        // Every account by name; within one country by name; within one country by
        // newest verified; the few suspended accounts by name.
        index(
            manager,
            "idx_member_name",
            Member::Table,
            &[Member::FullName, Member::Id],
        )
        .await?;
        index(
            manager,
            "idx_member_country_name",
            Member::Table,
            &[Member::CountryCode, Member::FullName, Member::Id],
        )
        .await?;
        index(
            manager,
            "idx_member_country_verified",
            Member::Table,
            &[Member::CountryCode, Member::EmailVerifiedAt, Member::Id],
        )
        .await?;
        index(
            manager,
            "idx_member_status_name",
            Member::Table,
            &[Member::Status, Member::FullName, Member::Id],
        )
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            let db = manager.get_connection();
            // Newest verified first with the unverified last, read in index order
            // (SQLite reads `idx_member_unverified` backwards, which orders NULLs last
            // already).
            db.execute_unprepared(
                "CREATE INDEX idx_member_verified_newest ON member \
                 (email_verified_at DESC NULLS LAST, id DESC)",
            )
            .await?;
            // Email prefix search with LIKE whatever the database's collation (SQLite
            // searches a range of the unique index instead).
            db.execute_unprepared(
                "CREATE INDEX idx_member_email_pattern ON member (email text_pattern_ops)",
            )
            .await?;
        }
        Ok(())
    }
}

async fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffAudit {
    Table,
    Id,
    ActorId,
    ActorNote,
    Action,
    SubjectId,
    Detail,
    RowCount,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Member {
    Table,
    Id,
    FullName,
    CountryCode,
    EmailVerifiedAt,
    Status,
}
