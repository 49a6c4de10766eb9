//! Events (webinars and meetings), their registrations and the waiting list, and a
//! calendar file an email can carry.
//!
//! `event.registered` and `event.waiting` are the seats taken and the people in
//! line, moved in the same transaction as the registration that changes them: the
//! last seat is taken by one conditional update (`registered < capacity`), so two
//! people at once get one seat and one place in line. A reminder is claimed by
//! setting its column where it is still empty, so each is sent once, whatever the
//! restarts and however many instances run.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Event::Table)
                    .col(big_pk_auto(Event::Id))
                    .col(string_uniq(Event::Slug))
                    .col(string(Event::Status))
                    .col(string(Event::Title))
                    .col(text(Event::Summary))
                    .col(text(Event::Description))
                    .col(string(Event::Kind))
                    .col(string(Event::TimeZone))
                    .col(timestamp_with_time_zone(Event::StartsAt))
                    .col(timestamp_with_time_zone(Event::EndsAt))
                    .col(string_null(Event::JoinUrl))
                    .col(string_null(Event::Place))
                    .col(integer_null(Event::Capacity))
                    .col(timestamp_with_time_zone_null(Event::RegistrationDeadline))
                    // " en fr ", " KE UG ", " KE subregion:eastern-africa … ":
                    // space-delimited, so a filter is one LIKE over a few rows.
                    .col(string(Event::Languages))
                    .col(string(Event::Countries))
                    .col(string(Event::Regions))
                    .col(text(Event::AreaKeys))
                    .col(string(Event::ReferenceZones))
                    .col(text(Event::Speakers))
                    .col(string_null(Event::RecordingUrl))
                    .col(string_null(Event::SlidesUrl))
                    .col(integer(Event::Registered).default(0))
                    .col(integer(Event::Waiting).default(0))
                    .col(timestamp_with_time_zone(Event::CreatedAt))
                    .col(timestamp_with_time_zone(Event::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_status_starts")
                    .table(Event::Table)
                    .col(Event::Status)
                    .col(Event::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventRegistration::Table)
                    .col(big_pk_auto(EventRegistration::Id))
                    .col(big_integer(EventRegistration::EventId))
                    .col(big_integer_null(EventRegistration::MemberId))
                    .col(string(EventRegistration::Name))
                    // Null once the person is erased (the count stays).
                    .col(string_null(EventRegistration::Email))
                    .col(string_null(EventRegistration::CountryCode))
                    .col(string(EventRegistration::Language))
                    .col(string(EventRegistration::Status))
                    .col(boolean(EventRegistration::Attended).default(false))
                    .col(timestamp_with_time_zone_null(
                        EventRegistration::RemindedDayAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        EventRegistration::RemindedHourAt,
                    ))
                    .col(timestamp_with_time_zone(EventRegistration::CreatedAt))
                    .col(timestamp_with_time_zone(EventRegistration::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EventRegistration::Table, EventRegistration::EventId)
                            .to(Event::Table, Event::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "idx_event_registration_email",
                vec![EventRegistration::EventId, EventRegistration::Email],
                true,
            ),
            (
                "idx_event_registration_line",
                vec![
                    EventRegistration::EventId,
                    EventRegistration::Status,
                    EventRegistration::Id,
                ],
                false,
            ),
            (
                "idx_event_registration_member",
                vec![EventRegistration::MemberId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(EventRegistration::Table);
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
                    .table(OutboxEmail::Table)
                    .add_column(text_null(OutboxEmail::Calendar))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmail::Table)
                    .drop_column(OutboxEmail::Calendar)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(EventRegistration::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Event::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    Slug,
    Status,
    Title,
    Summary,
    Description,
    Kind,
    TimeZone,
    StartsAt,
    EndsAt,
    JoinUrl,
    Place,
    Capacity,
    RegistrationDeadline,
    Languages,
    Countries,
    Regions,
    AreaKeys,
    ReferenceZones,
    Speakers,
    RecordingUrl,
    SlidesUrl,
    Registered,
    Waiting,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventRegistration {
    Table,
    Id,
    EventId,
    MemberId,
    Name,
    Email,
    CountryCode,
    Language,
    Status,
    Attended,
    RemindedDayAt,
    RemindedHourAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OutboxEmail {
    Table,
    Calendar,
}
