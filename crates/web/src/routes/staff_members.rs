//! `/staff/members`: every account, emails included (the one page that shows them),
//! searched, filtered and sorted by GET parameters so each view is a bookmarkable
//! URL; `?format=csv` exports the same view, and every export is written to the
//! audit log (`/staff/exports`) before the file leaves. One account's page is
//! `staff_member`.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{AccountStatus, CountryCode, Role, country};
use membernet_persistence::{
    staff_audit::{self, Actor, ExportEntry},
    staff_members::{self, MemberQuery, MemberRow, MemberSort},
};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::http::download::Download;
use crate::http::extract::Query;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::auth::RequireStaff,
    locale::Locale,
    page::Page,
    state::AppState,
    views::csv,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/members", get(list))
        .route("/staff/exports", get(exports))
}

/// The list's query string, as typed (kept on the page when something is wrong).
#[derive(Deserialize, Default, Clone)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub verified: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: u64,
    #[serde(default)]
    pub format: String,
}

pub const ROLES: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];
pub const STATUSES: [AccountStatus; 2] = [AccountStatus::Active, AccountStatus::Suspended];
const FIELD_ORDER: [&str; 7] = [
    "q", "country", "region", "status", "verified", "role", "sort",
];

impl Filters {
    /// The query, or a message per field that does not parse.
    pub fn parse(&self, locale: Locale) -> std::result::Result<MemberQuery, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut query = MemberQuery {
            search: self.q.trim().to_owned(),
            page: self.page,
            ..MemberQuery::default()
        };
        if !self.country.trim().is_empty() {
            match CountryCode::parse(&self.country) {
                Ok(code) => query.countries = vec![code],
                Err(_) => errors.add("country", locale.t("staff_members.error.country")),
            }
        } else if !self.region.is_empty() {
            query.countries = country::in_region(&self.region);
            if query.countries.is_empty() {
                errors.add("region", locale.t("staff_members.error.region"));
            }
        }
        match self.status.as_str() {
            "" => {}
            raw => match AccountStatus::parse(raw) {
                Some(status) => query.status = Some(status),
                None => errors.add("status", locale.t("staff_members.error.status")),
            },
        }
        match self.verified.as_str() {
            "" => {}
            "yes" => query.verified = Some(true),
            "no" => query.verified = Some(false),
            _ => errors.add("verified", locale.t("staff_members.error.verified")),
        }
        match self.role.as_str() {
            "" => {}
            raw => match Role::parse(raw) {
                Some(role) => query.role = Some(role),
                None => errors.add("role", locale.t("staff_members.error.role")),
            },
        }
        match self.sort.as_str() {
            "" => {}
            raw => match MemberSort::parse(raw) {
                Some(sort) => query.sort = sort,
                None => errors.add("sort", locale.t("staff_members.error.sort")),
            },
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            errors.order_by(&FIELD_ORDER);
            Err(errors)
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", self.q.trim().to_owned()),
            ("country", self.country.trim().to_ascii_uppercase()),
            ("region", self.region.clone()),
            ("status", self.status.clone()),
            ("verified", self.verified.clone()),
            ("role", self.role.clone()),
            ("sort", self.sort.clone()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// The view's filters and sort as a query string: what the audit log keeps.
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string(self.pairs()).unwrap_or_default()
    }

    pub fn link(&self, page: u64) -> String {
        let mut pairs = self.pairs();
        if page > 0 {
            pairs.push(("page", page.to_string()));
        }
        format!(
            "/staff/members?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    pub fn csv_link(&self) -> String {
        let mut pairs = self.pairs();
        pairs.push(("format", "csv".to_owned()));
        format!(
            "/staff/members?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }

    /// `members-country-KE-status-active-2026-11-29.csv`: the filters, then the day.
    pub fn file_name(&self, today: Date) -> String {
        let mut name = String::from("members");
        for (key, value) in self.pairs() {
            if key == "sort" {
                continue;
            }
            let key = if key == "q" { "search" } else { key };
            let value = value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if !value.is_empty() {
                let value: String = value.chars().take(40).collect();
                name.push_str(&format!("-{key}-{value}"));
            }
        }
        format!("{name}-{today}.csv")
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.country.trim().eq_ignore_ascii_case(code)
    }

    /// A country typed into the URL that is not in the list, kept to show it.
    pub fn unknown_country(&self) -> Option<&str> {
        let typed = self.country.trim();
        (!typed.is_empty() && CountryCode::parse(typed).is_err()).then_some(typed)
    }
}

/// The export's columns, in English and fixed, so scripts can rely on them.
const CSV_HEADER: [&str; 10] = [
    "name",
    "email",
    "country",
    "organisation",
    "category",
    "sectors",
    "joined",
    "verified",
    "status",
    "role",
];

/// The member export: a header row, then one row per account (codes, not
/// translated labels, so the file reads the same in every language).
pub fn members_csv(rows: &[MemberRow]) -> String {
    let mut out = csv::line(&CSV_HEADER);
    for row in rows {
        let sectors: Vec<&str> = row.sectors.iter().map(|sector| sector.code()).collect();
        out.push_str(&csv::line(&[
            row.full_name.as_str(),
            row.email.as_str(),
            row.country.as_ref().map(CountryCode::as_str).unwrap_or(""),
            row.organization.as_deref().unwrap_or(""),
            row.category.map(|category| category.code()).unwrap_or(""),
            &sectors.join("; "),
            &row.verified_at
                .map(|at| at.date().to_string())
                .unwrap_or_default(),
            if row.verified_at.is_some() {
                "yes"
            } else {
                "no"
            },
            row.status.as_str(),
            row.role.as_str(),
        ]));
    }
    out
}

/// Reads the export, writes it to the audit log, and returns the CSV.
pub async fn export(
    state: &Services,
    actor: Actor,
    filters: &Filters,
    query: &MemberQuery,
    now: OffsetDateTime,
) -> Result<(String, u64)> {
    let rows = staff_members::export(&state.db, query).await?;
    let count = rows.len() as u64;
    staff_audit::record_export(&state.db, actor, &filters.query_string(), count, now).await?;
    Ok((members_csv(&rows), count))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_members.html")]
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
    fn verified_on(&self, row: &MemberRow) -> String {
        row.verified_at
            .map(|at| at.date().to_string())
            .unwrap_or_default()
    }
}

async fn list(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    Query(mut filters): Query<Filters>,
) -> Result<Response> {
    filters.page = filters.page.min(10_000);
    if !matches!(filters.format.as_str(), "" | "csv") {
        return Err(AppError::BadRequest);
    }
    let mut template = ListTemplate {
        page,
        filters,
        errors: FieldErrors::default(),
        regions: region_options(),
        sorts: MemberSort::ALL,
        roles: ROLES,
        statuses: STATUSES,
        members: Vec::new(),
        has_more: false,
    };
    let query = match template.filters.parse(template.page.locale) {
        Ok(query) => query,
        Err(errors) => {
            template.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    if template.filters.format == "csv" {
        let now = OffsetDateTime::now_utc();
        let filters = &template.filters;
        let (body, rows) = export(&state, Actor::Staff(staff.id), filters, &query, now).await?;
        // The filters are in the audit log; the search words (names, addresses) are
        // kept out of the server log, as query strings are.
        tracing::info!(staff = staff.id.0, rows, "members exported");
        let file_name = filters.file_name(now.date());
        return Ok(Download::csv(file_name, body).into_response());
    }
    let (members, has_more) = staff_members::search(&state.db, &query).await?;
    template.members = members;
    template.has_more = has_more;
    Ok(template.into_response())
}

#[derive(Deserialize, Default)]
struct PageParam {
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_exports.html")]
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
    State(state): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(PageParam { page: number }): Query<PageParam>,
) -> Result<ExportsTemplate> {
    let number = number.min(10_000);
    let (exports, has_more) = staff_audit::exports(&state.db, number).await?;
    Ok(ExportsTemplate {
        page,
        exports,
        number,
        has_more,
    })
}

#[cfg(test)]
mod tests {
    use super::Filters;

    #[test]
    fn the_file_name_says_which_filters_made_it() {
        let filters = Filters {
            country: "ke".into(),
            status: "active".into(),
            sort: "joined".into(),
            ..Filters::default()
        };
        let day = time::macros::date!(2026 - 11 - 29);
        assert_eq!(
            filters.file_name(day),
            "members-country-KE-status-active-2026-11-29.csv"
        );
        let search = Filters {
            q: "\"; rm -rf /".into(),
            ..Filters::default()
        };
        assert_eq!(search.file_name(day), "members-search-rm-rf-2026-11-29.csv");
        assert_eq!(Filters::default().file_name(day), "members-2026-11-29.csv");
    }
}
