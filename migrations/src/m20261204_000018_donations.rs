//! Donations: the ways to give staff configure (`donation_option`: a provider's
//! page per frequency and currency, listed by position, active or not) and the
//! gifts staff record by hand (`donation_gift`: an amount in minor units, its
//! currency, the day it was received; totals are asked for by a range of days,
//! hence the index on `received_on`).
//!
//! A gift links to no account: the donor's name is staff's own note, and who
//! recorded it is in the staff audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DonationOption::Table)
                    .col(big_pk_auto(DonationOption::Id))
                    .col(string(DonationOption::Provider))
                    .col(string(DonationOption::Frequency))
                    .col(string(DonationOption::Currency))
                    // In the currency's minor units; NULL: the giver chooses.
                    .col(big_integer_null(DonationOption::SuggestedMinor))
                    .col(text(DonationOption::Label))
                    .col(text_null(DonationOption::Description))
                    .col(text(DonationOption::Url))
                    .col(integer(DonationOption::Position))
                    .col(boolean(DonationOption::Active))
                    .col(timestamp_with_time_zone(DonationOption::CreatedAt))
                    .col(timestamp_with_time_zone(DonationOption::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DonationGift::Table)
                    .col(big_pk_auto(DonationGift::Id))
                    .col(big_integer(DonationGift::AmountMinor))
                    .col(string(DonationGift::Currency))
                    .col(date(DonationGift::ReceivedOn))
                    .col(text_null(DonationGift::Donor))
                    .col(text_null(DonationGift::Note))
                    .col(timestamp_with_time_zone(DonationGift::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_donation_gift_received_on")
                    .table(DonationGift::Table)
                    .col(DonationGift::ReceivedOn)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DonationGift::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DonationOption::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum DonationOption {
    Table,
    Id,
    Provider,
    Frequency,
    Currency,
    SuggestedMinor,
    Label,
    Description,
    Url,
    Position,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DonationGift {
    Table,
    Id,
    AmountMinor,
    Currency,
    ReceivedOn,
    Donor,
    Note,
    RecordedAt,
}
