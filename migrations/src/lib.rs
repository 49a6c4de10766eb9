//! Membernet's schema, one migration a file. A migration is never edited once it has
//! landed: add a new one. Every migration runs on SQLite and PostgreSQL, so they are
//! written with sea-query's portable schema builder, never raw SQL for one backend.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_accounts;
mod m20261129_000002_profiles_organizations;
mod m20261129_000003_planner_scenarios;
mod m20261129_000004_growth_rollup;
mod m20261129_000005_staff_audit;
mod m20261204_000006_outbox_html;
mod m20261204_000007_outbox_give_up;
mod m20261204_000008_session_hashes;
mod m20261204_000009_audit_without_search_words;
mod m20261204_000010_counted_member_index;
mod m20261204_000011_public_version;
mod m20261204_000012_organization_counted_members;
mod m20261204_000013_events;
mod m20261204_000014_event_registration_email;
mod m20261204_000015_campaigns;
mod m20261204_000016_library;
mod m20261204_000017_weeks;
mod m20261204_000018_donations;
mod m20261204_000019_join_source;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_accounts::Migration),
            Box::new(m20261129_000002_profiles_organizations::Migration),
            Box::new(m20261129_000003_planner_scenarios::Migration),
            Box::new(m20261129_000004_growth_rollup::Migration),
            Box::new(m20261129_000005_staff_audit::Migration),
            Box::new(m20261204_000006_outbox_html::Migration),
            Box::new(m20261204_000007_outbox_give_up::Migration),
            Box::new(m20261204_000008_session_hashes::Migration),
            Box::new(m20261204_000009_audit_without_search_words::Migration),
            Box::new(m20261204_000010_counted_member_index::Migration),
            Box::new(m20261204_000011_public_version::Migration),
            Box::new(m20261204_000012_organization_counted_members::Migration),
            Box::new(m20261204_000013_events::Migration),
            Box::new(m20261204_000014_event_registration_email::Migration),
            Box::new(m20261204_000015_campaigns::Migration),
            Box::new(m20261204_000016_library::Migration),
            Box::new(m20261204_000017_weeks::Migration),
            Box::new(m20261204_000018_donations::Migration),
            Box::new(m20261204_000019_join_source::Migration),
        ]
    }
}
