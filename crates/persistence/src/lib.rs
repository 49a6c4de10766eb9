//! Membernet's storage: one sea-orm connection pool, the entities, and repositories
//! that take and return domain types.
//!
//! Repositories are modules of free functions over a `ConnectionTrait`, so a caller can
//! run several in one transaction. Rows are converted to domain types here; a row that
//! does not convert (an unknown role, say) is reported as [`Error::Corrupt`], never
//! papered over.

pub mod backup;
pub mod campaigns;
pub mod copy;
pub mod countries;
pub mod credentials;
pub mod db;
pub mod demo_seed;
pub mod directory;
pub mod donations;
pub mod entity;
pub mod error;
pub mod events;
pub mod library;
pub mod member_rows;
pub mod members;
pub mod membership;
pub mod organization_counts;
pub mod organizations;
pub mod outbox;
pub mod personal_data;
pub mod profile_counts;
pub mod public_figures;
pub mod public_version;
pub mod rate_limits;
pub mod rollup;
pub mod scenarios;
pub mod sessions;
pub mod settings;
pub mod staff_audit;
pub mod staff_members;
pub mod tokens;
pub mod weeks;

pub use error::{Error, Result};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
