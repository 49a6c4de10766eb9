//! Accounts: joining, confirming an address, signing in and out, resetting a
//! password, and the member's own account page. The work is in
//! `services::accounts`; here are the forms and the pages.

mod account;
mod forms;
mod join;
mod login;
mod password;
mod verify;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(join::router())
        .merge(verify::router())
        .merge(login::router())
        .merge(password::router())
        .merge(account::router())
}
