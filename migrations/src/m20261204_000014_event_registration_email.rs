//! A person's registrations are found by their address (their data export, their
//! erasure) as well as by event: an index of its own for that.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_event_registration_by_email")
                    .table(EventRegistration::Table)
                    .col(EventRegistration::Email)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_event_registration_by_email")
                    .table(EventRegistration::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum EventRegistration {
    Table,
    Email,
}
