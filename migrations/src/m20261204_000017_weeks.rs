//! Awareness weeks: a week (`week`: its theme, dates, hashtag, introduction), its
//! days (`week_day`: each day's theme), what each day offers (`week_item`: an
//! event, a resource, a story or the day's email campaign, by id), and its share
//! kit (`share_post`: ready-made posts; `share_graphic`: images to download, the
//! bytes in the file store under `key`). Dates are ISO `YYYY-MM-DD` text: they sort
//! as dates and mean the same on both databases.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Week::Table)
                    .col(big_pk_auto(Week::Id))
                    .col(string_uniq(Week::Slug))
                    .col(string(Week::Status))
                    .col(text(Week::Title))
                    .col(text(Week::Theme))
                    .col(string(Week::Hashtag))
                    .col(text(Week::Intro))
                    .col(string_len(Week::StartsOn, 10))
                    .col(string_len(Week::EndsOn, 10))
                    .col(boolean(Week::ShowDonationTotal))
                    .col(timestamp_with_time_zone(Week::CreatedAt))
                    .col(timestamp_with_time_zone(Week::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // The public list: published weeks, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_week_published")
                    .table(Week::Table)
                    .col(Week::Status)
                    .col(Week::StartsOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WeekDay::Table)
                    .col(big_integer(WeekDay::WeekId))
                    .col(string_len(WeekDay::Day, 10))
                    .col(text(WeekDay::Theme))
                    .col(text(WeekDay::Summary))
                    .primary_key(Index::create().col(WeekDay::WeekId).col(WeekDay::Day))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WeekDay::Table, WeekDay::WeekId)
                            .to(Week::Table, Week::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WeekItem::Table)
                    .col(big_pk_auto(WeekItem::Id))
                    .col(big_integer(WeekItem::WeekId))
                    .col(string_len(WeekItem::Day, 10))
                    .col(string(WeekItem::Kind))
                    .col(big_integer(WeekItem::RefId))
                    .col(integer(WeekItem::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WeekItem::Table, WeekItem::WeekId)
                            .to(Week::Table, Week::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A week's items, day by day in order.
        manager
            .create_index(
                Index::create()
                    .name("idx_week_item_week")
                    .table(WeekItem::Table)
                    .col(WeekItem::WeekId)
                    .col(WeekItem::Day)
                    .col(WeekItem::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SharePost::Table)
                    .col(big_pk_auto(SharePost::Id))
                    .col(big_integer(SharePost::WeekId))
                    .col(string(SharePost::Network))
                    .col(string(SharePost::Language))
                    .col(text(SharePost::Body))
                    .col(text(SharePost::Link))
                    .col(integer(SharePost::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SharePost::Table, SharePost::WeekId)
                            .to(Week::Table, Week::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_share_post_week")
                    .table(SharePost::Table)
                    .col(SharePost::WeekId)
                    .col(SharePost::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ShareGraphic::Table)
                    .col(big_pk_auto(ShareGraphic::Id))
                    .col(big_integer(ShareGraphic::WeekId))
                    .col(string(ShareGraphic::Key))
                    .col(text(ShareGraphic::Alt))
                    .col(string(ShareGraphic::Language))
                    .col(integer(ShareGraphic::Width))
                    .col(integer(ShareGraphic::Height))
                    .col(big_integer(ShareGraphic::Bytes))
                    .col(integer(ShareGraphic::Position))
                    .col(timestamp_with_time_zone(ShareGraphic::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShareGraphic::Table, ShareGraphic::WeekId)
                            .to(Week::Table, Week::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_share_graphic_week")
                    .table(ShareGraphic::Table)
                    .col(ShareGraphic::WeekId)
                    .col(ShareGraphic::Position)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ShareGraphic::Table.into_iden(),
            SharePost::Table.into_iden(),
            WeekItem::Table.into_iden(),
            WeekDay::Table.into_iden(),
            Week::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Week {
    Table,
    Id,
    Slug,
    Status,
    Title,
    Theme,
    Hashtag,
    Intro,
    StartsOn,
    EndsOn,
    ShowDonationTotal,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WeekDay {
    Table,
    WeekId,
    Day,
    Theme,
    Summary,
}

#[derive(DeriveIden)]
enum WeekItem {
    Table,
    Id,
    WeekId,
    Day,
    Kind,
    RefId,
    Position,
}

#[derive(DeriveIden)]
enum SharePost {
    Table,
    Id,
    WeekId,
    Network,
    Language,
    Body,
    Link,
    Position,
}

#[derive(DeriveIden)]
enum ShareGraphic {
    Table,
    Id,
    WeekId,
    Key,
    Alt,
    Language,
    Width,
    Height,
    Bytes,
    Position,
    CreatedAt,
}
