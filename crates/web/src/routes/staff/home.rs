//! `/staff`: the staff area's front page, with a few figures and its links.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};

use crate::{
    error::Result,
    http::auth::RequireStaff,
    page::Page,
    services::{
        Services,
        staff::{self, Overview},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff", get(dashboard))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/home.html")]
struct StaffTemplate {
    page: Page,
    totals: Overview,
}

async fn dashboard(
    State(services): State<Services>,
    RequireStaff(_staff): RequireStaff,
    page: Page,
) -> Result<StaffTemplate> {
    let totals = staff::overview(&services).await?;
    Ok(StaffTemplate { page, totals })
}
