//! Email campaigns: what members chose to receive (`member_topic`, with every change
//! kept in `consent_record`), the campaigns staff write (`campaign`, a
//! `campaign_version` per language), and each campaign's recipients, frozen when it
//! starts sending (`campaign_recipient`: the campaign's own outbox, one light row a
//! recipient, claimed before each email so two instances never send one twice).
//! `member.email_undeliverable_at` is set when a server refuses the address for good.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MemberTopic::Table)
                    .col(big_integer(MemberTopic::MemberId))
                    .col(string(MemberTopic::Topic))
                    .col(timestamp_with_time_zone(MemberTopic::Since))
                    .primary_key(
                        Index::create()
                            .col(MemberTopic::MemberId)
                            .col(MemberTopic::Topic),
                    )
                    .to_owned(),
            )
            .await?;
        // An audience is read topic first.
        manager
            .create_index(
                Index::create()
                    .name("idx_member_topic_topic")
                    .table(MemberTopic::Table)
                    .col(MemberTopic::Topic)
                    .col(MemberTopic::MemberId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConsentRecord::Table)
                    .col(big_pk_auto(ConsentRecord::Id))
                    .col(big_integer(ConsentRecord::MemberId))
                    .col(string(ConsentRecord::Topic))
                    .col(boolean(ConsentRecord::Granted))
                    .col(string(ConsentRecord::Source))
                    .col(big_integer_null(ConsentRecord::CampaignId))
                    .col(timestamp_with_time_zone(ConsentRecord::At))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_consent_record_member", ConsentRecord::MemberId),
            ("idx_consent_record_campaign", ConsentRecord::CampaignId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(ConsentRecord::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Campaign::Table)
                    .col(big_pk_auto(Campaign::Id))
                    .col(string_uniq(Campaign::Slug))
                    .col(string(Campaign::Status))
                    .col(string(Campaign::Topic))
                    .col(string(Campaign::DefaultLanguage))
                    // " KE UG ": space-delimited, empty for everyone.
                    .col(text(Campaign::Countries))
                    .col(string_null(Campaign::Region))
                    .col(string_null(Campaign::Category))
                    .col(string_null(Campaign::Sector))
                    .col(string_null(Campaign::OrganizationType))
                    .col(big_integer_null(Campaign::EventId))
                    .col(string(Campaign::TimeZone))
                    .col(timestamp_with_time_zone_null(Campaign::SendAt))
                    .col(big_integer(Campaign::Recipients).default(0))
                    .col(boolean(Campaign::Archived).default(false))
                    .col(timestamp_with_time_zone(Campaign::CreatedAt))
                    .col(timestamp_with_time_zone(Campaign::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Campaign::StartedAt))
                    .col(timestamp_with_time_zone_null(Campaign::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_campaign_status_send_at")
                    .table(Campaign::Table)
                    .col(Campaign::Status)
                    .col(Campaign::SendAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignVersion::Table)
                    .col(big_integer(CampaignVersion::CampaignId))
                    .col(string(CampaignVersion::Language))
                    .col(string(CampaignVersion::Subject))
                    .col(text(CampaignVersion::Body))
                    .primary_key(
                        Index::create()
                            .col(CampaignVersion::CampaignId)
                            .col(CampaignVersion::Language),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CampaignVersion::Table, CampaignVersion::CampaignId)
                            .to(Campaign::Table, Campaign::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignRecipient::Table)
                    .col(big_pk_auto(CampaignRecipient::Id))
                    .col(big_integer(CampaignRecipient::CampaignId))
                    // Null once the member is erased (the counts stay).
                    .col(big_integer_null(CampaignRecipient::MemberId))
                    .col(string(CampaignRecipient::Language))
                    .col(string_null(CampaignRecipient::CountryCode))
                    .col(string(CampaignRecipient::Status))
                    .col(integer(CampaignRecipient::Attempts).default(0))
                    .col(timestamp_with_time_zone(CampaignRecipient::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(CampaignRecipient::SentAt))
                    .col(text_null(CampaignRecipient::Error))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CampaignRecipient::Table, CampaignRecipient::CampaignId)
                            .to(Campaign::Table, Campaign::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            // Freezing an audience twice adds nobody twice.
            (
                "idx_campaign_recipient_member",
                vec![CampaignRecipient::CampaignId, CampaignRecipient::MemberId],
                true,
            ),
            // The sender's next batch: pending, due soonest.
            (
                "idx_campaign_recipient_due",
                vec![CampaignRecipient::Status, CampaignRecipient::NextAttemptAt],
                false,
            ),
            // The campaign's figures, and whether it is done.
            (
                "idx_campaign_recipient_campaign_status",
                vec![CampaignRecipient::CampaignId, CampaignRecipient::Status],
                false,
            ),
            // The pace: how many went in the last minute.
            (
                "idx_campaign_recipient_sent_at",
                vec![CampaignRecipient::SentAt],
                false,
            ),
            // A member's erasure.
            (
                "idx_campaign_recipient_by_member",
                vec![CampaignRecipient::MemberId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CampaignRecipient::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Member::Table)
                    .add_column(timestamp_with_time_zone_null(Member::EmailUndeliverableAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Member::Table)
                    .drop_column(Member::EmailUndeliverableAt)
                    .to_owned(),
            )
            .await?;
        for table in [
            CampaignRecipient::Table.into_iden(),
            CampaignVersion::Table.into_iden(),
            Campaign::Table.into_iden(),
            ConsentRecord::Table.into_iden(),
            MemberTopic::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum MemberTopic {
    Table,
    MemberId,
    Topic,
    Since,
}

#[derive(DeriveIden)]
enum ConsentRecord {
    Table,
    Id,
    MemberId,
    Topic,
    Granted,
    Source,
    CampaignId,
    At,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    Slug,
    Status,
    Topic,
    DefaultLanguage,
    Countries,
    Region,
    Category,
    Sector,
    OrganizationType,
    EventId,
    TimeZone,
    SendAt,
    Recipients,
    Archived,
    CreatedAt,
    UpdatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum CampaignVersion {
    Table,
    CampaignId,
    Language,
    Subject,
    Body,
}

#[derive(DeriveIden)]
enum CampaignRecipient {
    Table,
    Id,
    CampaignId,
    MemberId,
    Language,
    CountryCode,
    Status,
    Attempts,
    NextAttemptAt,
    SentAt,
    Error,
}

#[derive(DeriveIden)]
enum Member {
    Table,
    EmailUndeliverableAt,
}
