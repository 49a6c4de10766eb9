//! One number that every change to what public pages show moves on, so that each
//! instance knows when the answers it keeps are stale (`http::cache`). One row.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicVersion::Table)
                    .col(integer(PublicVersion::Id).primary_key())
                    .col(big_integer(PublicVersion::Version).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(PublicVersion::Table)
                    .columns([PublicVersion::Id, PublicVersion::Version])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PublicVersion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PublicVersion {
    Table,
    Id,
    Version,
}
