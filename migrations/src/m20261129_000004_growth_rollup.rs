//! Statistics by area, segment, week and month (`growth_rollup`), and what each
//! membership event says about the member's standing (category, sectors,
//! organisation type, before and after), so the rollup can be rebuilt from the log.
//! The monthly rollup by country (`membership_month`) is one slice of the new one
//! (area = a country, everyone, by month) and goes.
//!
//! Events written before this migration get their standing from the member's
//! profile, and the rollup is built from the log, the first time the server starts
//! (`membernet_persistence::rollup::ensure`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GrowthRollup::Table)
                    .col(string_len(GrowthRollup::Area, 64))
                    .col(string_len(GrowthRollup::Segment, 64))
                    .col(char_len(GrowthRollup::Grain, 1))
                    .col(integer(GrowthRollup::Period))
                    .col(big_integer(GrowthRollup::Joined).default(0))
                    .col(big_integer(GrowthRollup::LeftCount).default(0))
                    .col(big_integer(GrowthRollup::MovedIn).default(0))
                    .col(big_integer(GrowthRollup::MovedOut).default(0))
                    .col(big_integer(GrowthRollup::Members).default(0))
                    .col(big_integer(GrowthRollup::JoinedTotal).default(0))
                    .col(big_integer(GrowthRollup::LeftTotal).default(0))
                    .primary_key(
                        Index::create()
                            .col(GrowthRollup::Area)
                            .col(GrowthRollup::Segment)
                            .col(GrowthRollup::Grain)
                            .col(GrowthRollup::Period),
                    )
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per statement.
        for column in [
            MembershipEvent::Category,
            MembershipEvent::Sectors,
            MembershipEvent::OrganizationType,
            MembershipEvent::FromCategory,
            MembershipEvent::FromSectors,
            MembershipEvent::FromOrganizationType,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MembershipEvent::Table)
                        .add_column(string_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(MembershipMonth::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Empty: `membernet stats rebuild` cannot fill it; the earlier code reads it
        // only for charts.
        manager
            .create_table(
                Table::create()
                    .table(MembershipMonth::Table)
                    .col(char_len(MembershipMonth::CountryCode, 2))
                    .col(integer(MembershipMonth::Month))
                    .col(integer(MembershipMonth::Joined).default(0))
                    .col(integer(MembershipMonth::LeftCount).default(0))
                    .col(integer(MembershipMonth::MovedIn).default(0))
                    .col(integer(MembershipMonth::MovedOut).default(0))
                    .primary_key(
                        Index::create()
                            .col(MembershipMonth::CountryCode)
                            .col(MembershipMonth::Month),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            MembershipEvent::Category,
            MembershipEvent::Sectors,
            MembershipEvent::OrganizationType,
            MembershipEvent::FromCategory,
            MembershipEvent::FromSectors,
            MembershipEvent::FromOrganizationType,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MembershipEvent::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(GrowthRollup::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum GrowthRollup {
    Table,
    Area,
    Segment,
    Grain,
    Period,
    Joined,
    LeftCount,
    MovedIn,
    MovedOut,
    Members,
    JoinedTotal,
    LeftTotal,
}

#[derive(DeriveIden)]
enum MembershipEvent {
    Table,
    Category,
    Sectors,
    OrganizationType,
    FromCategory,
    FromSectors,
    FromOrganizationType,
}

#[derive(DeriveIden)]
enum MembershipMonth {
    Table,
    CountryCode,
    Month,
    Joined,
    LeftCount,
    MovedIn,
    MovedOut,
}
