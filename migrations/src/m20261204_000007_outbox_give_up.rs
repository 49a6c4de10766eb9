//! The outbox gives up: an email that cannot be sent in time (its links would be
//! stale), that failed too often, or that the server refused for good is marked
//! abandoned, its body cleared, and shown to staff. Each email says until when it
//! is worth sending.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for column in [
            timestamp_with_time_zone_null(OutboxEmail::AbandonedAt),
            timestamp_with_time_zone_null(OutboxEmail::ExpiresAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxEmail::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // The sender's query: unsent, not abandoned, due.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_email_pending")
                    .table(OutboxEmail::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_email_due")
                    .table(OutboxEmail::Table)
                    .col(OutboxEmail::SentAt)
                    .col(OutboxEmail::AbandonedAt)
                    .col(OutboxEmail::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        // The staff list of emails given up on, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_email_abandoned")
                    .table(OutboxEmail::Table)
                    .col(OutboxEmail::AbandonedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_outbox_email_abandoned", "idx_outbox_email_due"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(OutboxEmail::Table)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_email_pending")
                    .table(OutboxEmail::Table)
                    .col(OutboxEmail::SentAt)
                    .col(OutboxEmail::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        for column in [OutboxEmail::ExpiresAt, OutboxEmail::AbandonedAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxEmail::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    SentAt,
    NextAttemptAt,
    AbandonedAt,
    ExpiresAt,
}
