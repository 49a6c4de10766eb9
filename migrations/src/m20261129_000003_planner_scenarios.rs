//! Workforce planner scenarios that staff save for a country, and may publish on
//! its profile. The inputs are kept as the planner's own query string, so a saved
//! scenario opens exactly as it was entered.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PlannerScenario::Table)
                    .col(big_pk_auto(PlannerScenario::Id))
                    .col(char_len(PlannerScenario::CountryCode, 2))
                    .col(string(PlannerScenario::Name))
                    .col(text(PlannerScenario::Inputs))
                    .col(boolean(PlannerScenario::Published).default(false))
                    .col(big_integer_null(PlannerScenario::CreatedBy))
                    .col(timestamp_with_time_zone(PlannerScenario::CreatedAt))
                    .col(timestamp_with_time_zone(PlannerScenario::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_planner_scenario_created_by")
                            .from(PlannerScenario::Table, PlannerScenario::CreatedBy)
                            .to(Member::Table, Member::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_planner_scenario_country")
                    .table(PlannerScenario::Table)
                    .col(PlannerScenario::CountryCode)
                    .col(PlannerScenario::Published)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum PlannerScenario {
    Table,
    Id,
    CountryCode,
    Name,
    Inputs,
    Published,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Member {
    Table,
    Id,
}
