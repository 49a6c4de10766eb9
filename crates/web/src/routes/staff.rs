//! The staff area's landing page. Staff only: members get 403, visitors sign in.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_persistence::{members, outbox};

use crate::services::Services;
use crate::{error::Result, http::auth::RequireStaff, page::Page, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff", get(dashboard))
}

struct StaffTotals {
    members: u64,
    countries: u64,
    unverified: u64,
    staff: u64,
    outbox_waiting: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff.html")]
struct StaffTemplate {
    page: Page,
    totals: StaffTotals,
}

async fn dashboard(
    State(state): State<Services>,
    RequireStaff(_staff): RequireStaff,
    page: Page,
) -> Result<StaffTemplate> {
    let accounts = members::totals(&state.db).await?;
    let totals = StaffTotals {
        members: accounts.members,
        countries: accounts.countries,
        unverified: accounts.unverified,
        staff: accounts.staff,
        outbox_waiting: outbox::waiting(&state.db).await?,
    };
    Ok(StaffTemplate { page, totals })
}
