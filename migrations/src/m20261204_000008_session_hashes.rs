//! Sessions are stored under a hash of their id (the cookie's value is never in the
//! database) and end 30 days after they began whatever their use, so each row now
//! says when it began. Sessions stored under their plain id cannot be found any
//! more: they are deleted (everyone signs in once more).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table(Session::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .add_column(timestamp_with_time_zone_null(Session::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table(Session::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .drop_column(Session::CreatedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Session {
    Table,
    CreatedAt,
}
