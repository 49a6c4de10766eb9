//! `/staff/members`: every account, emails included (the one page that shows them),
//! searched, filtered and sorted by GET parameters so each view is a bookmarkable
//! URL; `?format=csv` exports the same view, written to the audit log
//! (`/staff/exports`) before the file leaves.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{AccountStatus, MemberId, Role};
use membernet_persistence::{
    staff_audit::Actor,
    staff_members::{MemberQuery, MemberRow, MemberSort},
};
use time::OffsetDateTime;

use super::{ROLES, STATUSES, forms::Filters};
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, download::Download, extract::Query, fetch_site},
    page::Page,
    services::{Services, staff},
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/staff/members", get(list))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/members.html")]
struct ListTemplate {
    page: Page,
    filters: Filters,
    errors: FieldErrors,
    regions: Vec<RegionOption>,
    sorts: [MemberSort; 3],
    roles: [Role; 3],
    statuses: [AccountStatus; 2],
    members: Vec<MemberRow>,
    has_more: bool,
}

impl ListTemplate {
    fn new(page: Page, filters: Filters) -> Self {
        Self {
            page,
            filters,
            errors: FieldErrors::default(),
            regions: region_options(),
            sorts: MemberSort::ALL,
            roles: ROLES,
            statuses: STATUSES,
            members: Vec::new(),
            has_more: false,
        }
    }

    fn verified_on(&self, row: &MemberRow) -> String {
        row.verified_at
            .map(|at| at.date().to_string())
            .unwrap_or_default()
    }
}

async fn list(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    headers: HeaderMap,
    Query(mut filters): Query<Filters>,
) -> Result<Response> {
    filters.page = filters.page.min(10_000);
    if !matches!(filters.format.as_str(), "" | "csv") {
        return Err(AppError::BadRequest);
    }
    let query = match filters.parse(page.locale) {
        Ok(query) => query,
        Err(errors) => {
            let mut template = ListTemplate::new(page, filters);
            template.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    if filters.format == "csv" {
        // An export is written to the audit log: only this site's pages start one.
        fetch_site::refuse_cross_site(&headers)?;
        return export(&services, staff.id, &filters, &query).await;
    }
    let mut template = ListTemplate::new(page, filters);
    (template.members, template.has_more) = staff::search(&services, &query).await?;
    Ok(template.into_response())
}

/// The view as CSV, named after its filters and the day.
async fn export(
    services: &Services,
    by: MemberId,
    filters: &Filters,
    query: &MemberQuery,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let described = filters.audited();
    let export = staff::export_members(services, Actor::Staff(by), query, &described, now).await?;
    // The filters are in the audit log; the search words (names, addresses) are
    // kept out of the server log, as query strings are.
    tracing::info!(staff = by.0, rows = export.rows, "members exported");
    let file_name = filters.file_name(now.date());
    Ok(Download::csv(file_name, export.csv).into_response())
}
