//! Emails with an HTML part beside their plain text (campaigns, newsletters): the
//! outbox keeps both until the email is sent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .add_column(text_null(OutboxEmail::BodyHtml))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .drop_column(OutboxEmail::BodyHtml)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    BodyHtml,
}
