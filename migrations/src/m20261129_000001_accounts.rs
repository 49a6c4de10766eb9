//! Accounts: members, one-time email tokens, sessions, the email outbox, rate-limit
//! counters and the membership event log that every statistic derives from.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Member::Table)
                    .col(big_pk_auto(Member::Id))
                    .col(string_uniq(Member::Email))
                    .col(string(Member::FullName))
                    // Staff accounts made from the command line may have no country (and are
                    // then not counted as members).
                    .col(char_len_null(Member::CountryCode, 2))
                    .col(string_null(Member::PasswordHash))
                    .col(string(Member::Role).default("member"))
                    .col(string(Member::Status).default("active"))
                    .col(string(Member::Locale).default("en"))
                    .col(timestamp_with_time_zone_null(Member::EmailVerifiedAt))
                    .col(timestamp_with_time_zone(Member::CreatedAt))
                    .col(timestamp_with_time_zone(Member::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_member_role")
                    .table(Member::Table)
                    .col(Member::Role)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailToken::Table)
                    .col(big_pk_auto(EmailToken::Id))
                    .col(big_integer(EmailToken::MemberId))
                    .col(string(EmailToken::Purpose))
                    .col(string_uniq(EmailToken::TokenHash))
                    .col(timestamp_with_time_zone(EmailToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailToken::UsedAt))
                    .col(timestamp_with_time_zone(EmailToken::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_token_member")
                            .from(EmailToken::Table, EmailToken::MemberId)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_token_member")
                    .table(EmailToken::Table)
                    .col(EmailToken::MemberId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string(Session::Id).primary_key())
                    .col(big_integer_null(Session::MemberId))
                    .col(text(Session::Data))
                    .col(timestamp_with_time_zone(Session::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_session_member", Session::MemberId),
            ("idx_session_expires_at", Session::ExpiresAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Session::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OutboxEmail::Table)
                    .col(big_pk_auto(OutboxEmail::Id))
                    .col(string(OutboxEmail::ToAddress))
                    .col(string(OutboxEmail::Subject))
                    .col(text(OutboxEmail::BodyText))
                    .col(integer(OutboxEmail::Attempts).default(0))
                    .col(timestamp_with_time_zone(OutboxEmail::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxEmail::SentAt))
                    .col(text_null(OutboxEmail::LastError))
                    .col(timestamp_with_time_zone(OutboxEmail::CreatedAt))
                    .to_owned(),
            )
            .await?;
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

        manager
            .create_table(
                Table::create()
                    .table(RateLimit::Table)
                    .col(string(RateLimit::Key).primary_key())
                    .col(big_integer(RateLimit::WindowStart))
                    .col(integer(RateLimit::Hits))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_window_start")
                    .table(RateLimit::Table)
                    .col(RateLimit::WindowStart)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MembershipEvent::Table)
                    .col(big_pk_auto(MembershipEvent::Id))
                    // Set to NULL when the member is erased: the event stays, anonymous.
                    .col(big_integer_null(MembershipEvent::MemberId))
                    .col(string(MembershipEvent::Kind))
                    .col(char_len(MembershipEvent::CountryCode, 2))
                    .col(char_len_null(MembershipEvent::FromCountryCode, 2))
                    .col(timestamp_with_time_zone(MembershipEvent::OccurredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_membership_event_member")
                            .from(MembershipEvent::Table, MembershipEvent::MemberId)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_membership_event_country_time",
                vec![MembershipEvent::CountryCode, MembershipEvent::OccurredAt],
            ),
            (
                "idx_membership_event_member",
                vec![MembershipEvent::MemberId],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(MembershipEvent::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MembershipEvent::Table.into_iden(),
            RateLimit::Table.into_iden(),
            OutboxEmail::Table.into_iden(),
            Session::Table.into_iden(),
            EmailToken::Table.into_iden(),
            Member::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Member {
    Table,
    Id,
    Email,
    FullName,
    CountryCode,
    PasswordHash,
    Role,
    Status,
    Locale,
    EmailVerifiedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EmailToken {
    Table,
    Id,
    MemberId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    MemberId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    Id,
    ToAddress,
    Subject,
    BodyText,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RateLimit {
    Table,
    Key,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum MembershipEvent {
    Table,
    Id,
    MemberId,
    Kind,
    CountryCode,
    FromCountryCode,
    OccurredAt,
}
