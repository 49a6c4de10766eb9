//! Each organisation holds how many counted members work there, kept exact in the
//! same transaction as whatever changes it (`membernet_persistence::
//! organization_counts`), so the organisations with members per country are read
//! from the organisation table alone instead of from a million member rows. Filled
//! here from the members as they are.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organization::Table)
                    .add_column(big_integer(Organization::CountedMembers).default(0))
                    .to_owned(),
            )
            .await?;
        // Counted: confirmed, active, in a country (`member_rows::counted`).
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE organization SET counted_members = (
                   SELECT COUNT(*) FROM member
                   WHERE member.organization_id = organization.id
                     AND member.email_verified_at IS NOT NULL
                     AND member.status = 'active'
                     AND member.country_code IS NOT NULL)",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organization_standing")
                    .table(Organization::Table)
                    .col(Organization::MergedIntoId)
                    .col(Organization::CountedMembers)
                    .col(Organization::CountryCode)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_organization_standing")
                    .table(Organization::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organization::Table)
                    .drop_column(Organization::CountedMembers)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    CountedMembers,
    MergedIntoId,
    CountryCode,
}
