//! sea-orm entities, one per table, mirroring the migrations. They are plain row
//! shapes; behaviour lives in the repository modules beside this one, which turn rows
//! into domain types.

pub mod email_token;
pub mod member;
pub mod membership_event;
pub mod outbox_email;
pub mod rate_limit;
pub mod session;
