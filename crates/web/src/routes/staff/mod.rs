//! The staff area: its front page, the member list and its export, one account's
//! page (roles, suspension), and the log of exports. Staff only: members get 403,
//! visitors sign in. The work is in `services::staff`.

mod exports;
pub mod forms;
mod home;
mod member;
mod members;

use axum::Router;
use membernet_domain::{AccountStatus, Role};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(members::router())
        .merge(member::router())
        .merge(exports::router())
}

/// The roles and statuses the forms offer, in their order.
const ROLES: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];
const STATUSES: [AccountStatus; 2] = [AccountStatus::Active, AccountStatus::Suspended];
