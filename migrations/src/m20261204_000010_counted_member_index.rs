//! Who counts as a member now includes "in a country" in every query (one rule,
//! `member_rows::counted`), so the index that counts an organisation's members holds
//! the country too: the count is read from the index alone again.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_member_organization_counted_in_country")
                    .table(Member::Table)
                    .col(Member::OrganizationId)
                    .col(Member::Status)
                    .col(Member::EmailVerifiedAt)
                    .col(Member::CountryCode)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_member_organization_counted")
                    .table(Member::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_member_organization_counted")
                    .table(Member::Table)
                    .col(Member::OrganizationId)
                    .col(Member::Status)
                    .col(Member::EmailVerifiedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_member_organization_counted_in_country")
                    .table(Member::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Member {
    Table,
    OrganizationId,
    Status,
    EmailVerifiedAt,
    CountryCode,
}
