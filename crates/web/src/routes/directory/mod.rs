//! The directory of members who chose to be listed (`/members`). The work is in
//! `services::directory`.

mod public;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    public::router()
}
