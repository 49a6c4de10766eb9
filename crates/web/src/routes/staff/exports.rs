//! `/staff/exports`: the audit log of member exports, newest first, from the web
//! and the command line.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_persistence::staff_audit::ExportEntry;
use serde::Deserialize;

use crate::{
    error::Result,
    http::{auth::RequireStaff, extract::Query},
    page::Page,
    services::{Services, staff},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/exports", get(exports))
}

#[derive(Deserialize, Default)]
struct PageParam {
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/exports.html")]
struct ExportsTemplate {
    page: Page,
    exports: Vec<ExportEntry>,
    number: u64,
    has_more: bool,
}

impl ExportsTemplate {
    fn when(&self, entry: &ExportEntry) -> String {
        let at = entry.at.to_offset(time::UtcOffset::UTC);
        format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
    }
}

async fn exports(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(PageParam { page: number }): Query<PageParam>,
) -> Result<ExportsTemplate> {
    let number = number.min(10_000);
    let (exports, has_more) = staff::exports(&services, number).await?;
    Ok(ExportsTemplate {
        page,
        exports,
        number,
        has_more,
    })
}
