//! Profiles, organisations, countries and the directory's search index.
//!
//! - `country` holds the reference data (loaded from `seed/countries.tsv` at start-up)
//!   and `country_workforce` the staff-entered workforce figures.
//! - `organization` is who members work for; `merged_into_id` records a merge, so the
//!   merged organisation's address can redirect.
//! - `member` gains its profile; `member_sector` the sectors it works in.
//! - `membership_month` rolls the event log up by country and month, kept exact in the
//!   same transaction as each event, so country pages never scan the log;
//!   `member_count` does the same for a country's members by category and sector.
//! - Name search uses each database's own full-text search: an FTS5 table kept in step
//!   by triggers on SQLite, a GIN expression index on PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Country::Table)
                    .col(char_len(Country::Alpha2, 2).primary_key())
                    .col(char_len(Country::Alpha3, 3))
                    .col(string(Country::NumericCode))
                    .col(string(Country::Name))
                    .col(string(Country::Region))
                    .col(string(Country::SubRegion))
                    .col(big_integer_null(Country::Population))
                    .col(integer_null(Country::PopulationYear))
                    .col(string(Country::PopulationSource))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CountryWorkforce::Table)
                    .col(char_len(CountryWorkforce::CountryCode, 2).primary_key())
                    .col(big_integer(CountryWorkforce::Workers))
                    .col(integer(CountryWorkforce::Year))
                    .col(string(CountryWorkforce::Source))
                    .col(big_integer_null(CountryWorkforce::UpdatedBy))
                    .col(timestamp_with_time_zone(CountryWorkforce::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_country_workforce_updated_by")
                            .from(CountryWorkforce::Table, CountryWorkforce::UpdatedBy)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(big_pk_auto(Organization::Id))
                    .col(string_uniq(Organization::Slug))
                    .col(string(Organization::Name))
                    .col(string_uniq(Organization::NormalizedName))
                    .col(string(Organization::Kind))
                    .col(char_len_null(Organization::CountryCode, 2))
                    .col(string_null(Organization::Website))
                    .col(big_integer_null(Organization::MergedIntoId))
                    .col(timestamp_with_time_zone(Organization::CreatedAt))
                    .col(timestamp_with_time_zone(Organization::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organization_merged_into")
                            .from(Organization::Table, Organization::MergedIntoId)
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_organization_country_name",
            Organization::Table,
            &[Organization::CountryCode, Organization::Name],
        )
        .await?;
        index(
            manager,
            "idx_organization_name",
            Organization::Table,
            &[Organization::Name],
        )
        .await?;
        index(
            manager,
            "idx_organization_country_merged",
            Organization::Table,
            &[Organization::CountryCode, Organization::MergedIntoId],
        )
        .await?;

        for column in [
            string_null(Member::JobTitle),
            string_null(Member::Category),
            text_null(Member::Interests),
            text_null(Member::Bio),
            big_integer_null(Member::OrganizationId),
            boolean(Member::Listed).default(false).to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Member::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // The directory lists verified, active, opted-in members by name, optionally
        // within one country, organisation or category: one index per entry point.
        index(
            manager,
            "idx_member_directory",
            Member::Table,
            &[Member::Listed, Member::FullName],
        )
        .await?;
        index(
            manager,
            "idx_member_directory_country",
            Member::Table,
            &[Member::Listed, Member::CountryCode, Member::FullName],
        )
        .await?;
        index(
            manager,
            "idx_member_directory_organization",
            Member::Table,
            &[Member::OrganizationId, Member::Listed, Member::FullName],
        )
        .await?;
        index(
            manager,
            "idx_member_directory_category",
            Member::Table,
            &[Member::Listed, Member::Category, Member::FullName],
        )
        .await?;
        index(
            manager,
            "idx_member_unverified",
            Member::Table,
            &[Member::EmailVerifiedAt],
        )
        .await?;
        // Whether an organisation has a counted member, and how many: answered from
        // the index alone.
        index(
            manager,
            "idx_member_organization_counted",
            Member::Table,
            &[
                Member::OrganizationId,
                Member::Status,
                Member::EmailVerifiedAt,
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MemberSector::Table)
                    .col(big_integer(MemberSector::MemberId))
                    .col(string(MemberSector::Sector))
                    .primary_key(
                        Index::create()
                            .col(MemberSector::MemberId)
                            .col(MemberSector::Sector),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_member_sector_member")
                            .from(MemberSector::Table, MemberSector::MemberId)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_member_sector_sector",
            MemberSector::Table,
            &[MemberSector::Sector, MemberSector::MemberId],
        )
        .await?;

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
        index(
            manager,
            "idx_membership_month_month",
            MembershipMonth::Table,
            &[MembershipMonth::Month],
        )
        .await?;

        // Counted members per country by category, by sector, and listed in the
        // directory: kept exact by every change to who counts or what they said, so
        // a country page reads a few rows instead of counting its members.
        manager
            .create_table(
                Table::create()
                    .table(MemberCount::Table)
                    .col(char_len(MemberCount::CountryCode, 2))
                    .col(string(MemberCount::Dimension))
                    .col(string(MemberCount::Code))
                    .col(big_integer(MemberCount::Members).default(0))
                    .primary_key(
                        Index::create()
                            .col(MemberCount::CountryCode)
                            .col(MemberCount::Dimension)
                            .col(MemberCount::Code),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Setting::Table)
                    .col(string(Setting::Key).primary_key())
                    .col(text(Setting::Value))
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                for statement in SQLITE_SEARCH {
                    db.execute_unprepared(statement).await?;
                }
                db.execute_unprepared(SQLITE_BACKFILL_MONTHS).await?;
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE INDEX idx_member_name_search ON member \
                     USING GIN (to_tsvector('simple', full_name))",
                )
                .await?;
                db.execute_unprepared(POSTGRES_BACKFILL_MONTHS).await?;
            }
            other => return Err(DbErr::Migration(format!("unsupported database: {other:?}"))),
        }
        Ok(())
    }
}

async fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

const SQLITE_SEARCH: [&str; 5] = [
    "CREATE VIRTUAL TABLE member_name_search USING fts5(\
       full_name, content='member', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER member_name_search_insert AFTER INSERT ON member BEGIN \
       INSERT INTO member_name_search(rowid, full_name) VALUES (new.id, new.full_name); END",
    "CREATE TRIGGER member_name_search_delete AFTER DELETE ON member BEGIN \
       INSERT INTO member_name_search(member_name_search, rowid, full_name) \
       VALUES ('delete', old.id, old.full_name); END",
    "CREATE TRIGGER member_name_search_update AFTER UPDATE OF full_name ON member BEGIN \
       INSERT INTO member_name_search(member_name_search, rowid, full_name) \
       VALUES ('delete', old.id, old.full_name); \
       INSERT INTO member_name_search(rowid, full_name) VALUES (new.id, new.full_name); END",
    // Index the members who joined before this migration.
    "INSERT INTO member_name_search(member_name_search) VALUES ('rebuild')",
];

// Months are yyyymm integers. Events before this migration are rolled up once here;
// from now on every event updates its month in its own transaction.
const SQLITE_BACKFILL_MONTHS: &str = "\
    INSERT INTO membership_month (country_code, month, joined, left_count, moved_in, moved_out) \
    SELECT country_code, month, SUM(joined), SUM(left_count), SUM(moved_in), SUM(moved_out) FROM ( \
      SELECT country_code, CAST(strftime('%Y%m', occurred_at) AS INTEGER) AS month, \
             kind = 'joined' AS joined, kind = 'left' AS left_count, \
             kind = 'changed_country' AS moved_in, 0 AS moved_out \
      FROM membership_event \
      UNION ALL \
      SELECT from_country_code, CAST(strftime('%Y%m', occurred_at) AS INTEGER), 0, 0, 0, 1 \
      FROM membership_event WHERE kind = 'changed_country' AND from_country_code IS NOT NULL \
    ) GROUP BY country_code, month";

const POSTGRES_BACKFILL_MONTHS: &str = "\
    INSERT INTO membership_month (country_code, month, joined, left_count, moved_in, moved_out) \
    SELECT country_code, month, SUM(joined), SUM(left_count), SUM(moved_in), SUM(moved_out) FROM ( \
      SELECT country_code, CAST(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYYMM') AS INTEGER) AS month, \
             (kind = 'joined')::int AS joined, (kind = 'left')::int AS left_count, \
             (kind = 'changed_country')::int AS moved_in, 0 AS moved_out \
      FROM membership_event \
      UNION ALL \
      SELECT from_country_code, CAST(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYYMM') AS INTEGER), 0, 0, 0, 1 \
      FROM membership_event WHERE kind = 'changed_country' AND from_country_code IS NOT NULL \
    ) AS events GROUP BY country_code, month";

#[derive(DeriveIden, Clone, Copy)]
enum Country {
    Table,
    Alpha2,
    Alpha3,
    NumericCode,
    Name,
    Region,
    SubRegion,
    Population,
    PopulationYear,
    PopulationSource,
}

#[derive(DeriveIden, Clone, Copy)]
enum CountryWorkforce {
    Table,
    CountryCode,
    Workers,
    Year,
    Source,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organization {
    Table,
    Id,
    Slug,
    Name,
    NormalizedName,
    Kind,
    CountryCode,
    Website,
    MergedIntoId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Member {
    Table,
    Id,
    EmailVerifiedAt,
    Status,
    FullName,
    CountryCode,
    JobTitle,
    Category,
    Interests,
    Bio,
    OrganizationId,
    Listed,
}

#[derive(DeriveIden, Clone, Copy)]
enum MemberSector {
    Table,
    MemberId,
    Sector,
}

#[derive(DeriveIden, Clone, Copy)]
enum MembershipMonth {
    Table,
    CountryCode,
    Month,
    Joined,
    LeftCount,
    MovedIn,
    MovedOut,
}

#[derive(DeriveIden, Clone, Copy)]
enum MemberCount {
    Table,
    CountryCode,
    Dimension,
    Code,
    Members,
}

#[derive(DeriveIden, Clone, Copy)]
enum Setting {
    Table,
    Key,
    Value,
}
