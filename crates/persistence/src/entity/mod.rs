//! sea-orm entities, one per table, mirroring the migrations. They are plain row
//! shapes; behaviour lives in the repository modules beside this one, which turn rows
//! into domain types.

pub mod campaign;
pub mod campaign_recipient;
pub mod campaign_version;
pub mod consent_record;
pub mod country;
pub mod country_workforce;
pub mod donation_gift;
pub mod donation_option;
pub mod email_token;
pub mod event;
pub mod event_registration;
pub mod growth_rollup;
pub mod library_decision;
pub mod library_file;
pub mod library_item;
pub mod library_item_country;
pub mod library_item_topic;
pub mod member;
pub mod member_count;
pub mod member_sector;
pub mod member_topic;
pub mod membership_event;
pub mod organization;
pub mod outbox_email;
pub mod planner_scenario;
pub mod rate_limit;
pub mod session;
pub mod setting;
pub mod share_graphic;
pub mod share_post;
pub mod staff_audit;
pub mod week;
pub mod week_day;
pub mod week_item;
