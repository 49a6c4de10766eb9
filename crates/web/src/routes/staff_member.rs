//! `/staff/members/{id}`: one account as staff see it. Staff suspend and reinstate
//! it; admins change its role. The rules (nobody acts on their own account, admins
//! are not suspended, the last admin stays) are `membernet_domain::staff`'s, checked
//! in the change's transaction; a refusal shows the page again saying why.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::{
    Account, AccountStatus, MemberId, Role,
    staff::{self, Changed, Party, Refusal},
};
use membernet_persistence::staff_members::{self, MemberRow};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::extract::Form;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    http::{auth::RequireStaff, session::AuthSession},
    page::Page,
    routes::staff_members::ROLES,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/members/{id}", get(show))
        .route("/staff/members/{id}/role", post(change_role))
        .route("/staff/members/{id}/suspend", post(suspend))
        .route("/staff/members/{id}/reinstate", post(reinstate))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_member.html")]
struct MemberTemplate {
    page: Page,
    member: MemberRow,
    may_change_role: bool,
    may_suspend: bool,
    is_self: bool,
    roles: [Role; 3],
    error: Option<String>,
}

impl MemberTemplate {
    fn verified_on(&self) -> String {
        self.member
            .verified_at
            .map(|at| at.date().to_string())
            .unwrap_or_default()
    }

    fn sectors(&self) -> Vec<String> {
        self.member
            .sectors
            .iter()
            .map(|sector| self.page.locale.t(&sector.message_key()))
            .collect()
    }
}

async fn member_page(
    state: &Services,
    staff: &Account,
    page: Page,
    id: i64,
    error: Option<String>,
) -> Result<MemberTemplate> {
    let member = staff_members::find(&state.db, MemberId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let is_self = member.id == staff.id;
    let (actor, subject) = (Party::from(staff), member.party());
    Ok(MemberTemplate {
        may_change_role: staff::may_change_role(&actor, &subject).is_ok(),
        may_suspend: staff::may_change_status(&actor, &subject, AccountStatus::Suspended).is_ok(),
        is_self,
        page,
        member,
        roles: ROLES,
        error,
    })
}

async fn show(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<MemberTemplate> {
    member_page(&state, &staff, page, id, None).await
}

fn refusal_key(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Yourself => "staff_member.refused.yourself",
        Refusal::Admin => "staff_member.refused.admin",
        Refusal::LastAdmin => "staff_member.refused.last_admin",
        Refusal::NotAdmin | Refusal::NotStaff | Refusal::NotFound => "error.forbidden.body",
    }
}

/// Where a change lands: back on the member's page with a message, or the page
/// again saying why not.
async fn outcome(
    state: &Services,
    staff: &Account,
    page: Page,
    session: &AuthSession,
    id: i64,
    result: std::result::Result<Changed, Refusal>,
    done: &str,
) -> Result<Response> {
    match result {
        Ok(Changed::Changed) => {
            session.set_flash(done).await?;
            Ok(Redirect::to(&format!("/staff/members/{id}")).into_response())
        }
        Ok(Changed::Unchanged) => Ok(Redirect::to(&format!("/staff/members/{id}")).into_response()),
        Err(Refusal::NotFound) => Err(AppError::NotFound),
        Err(Refusal::NotAdmin | Refusal::NotStaff) => Err(AppError::Forbidden),
        Err(refusal) => {
            let message = page.locale.t(refusal_key(refusal));
            let template = member_page(state, staff, page, id, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response> {
    if staff.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let Some(role) = Role::parse(&form.role) else {
        let message = page.locale.t("staff_members.error.role");
        let template = member_page(&state, &staff, page, id, Some(message)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
    };
    let now = OffsetDateTime::now_utc();
    let result = staff_members::set_role(&state.db, &staff, MemberId(id), role, now).await?;
    if result == Ok(Changed::Changed) {
        tracing::info!(
            admin = staff.id.0,
            member = id,
            role = role.as_str(),
            "role changed"
        );
    }
    outcome(
        &state,
        &staff,
        page,
        &session,
        id,
        result,
        "staff_member.role_changed",
    )
    .await
}

async fn set_status(
    state: Services,
    staff: Account,
    page: Page,
    session: AuthSession,
    id: i64,
    to: AccountStatus,
) -> Result<Response> {
    let now = OffsetDateTime::now_utc();
    let result = staff_members::set_status(&state.db, &staff, MemberId(id), to, now).await?;
    if result == Ok(Changed::Changed) {
        tracing::info!(
            staff = staff.id.0,
            member = id,
            status = to.as_str(),
            "status changed"
        );
    }
    let done = match to {
        AccountStatus::Suspended => "staff_member.suspended",
        AccountStatus::Active => "staff_member.reinstated",
    };
    outcome(&state, &staff, page, &session, id, result, done).await
}

async fn suspend(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_status(state, staff, page, session, id, AccountStatus::Suspended).await
}

async fn reinstate(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_status(state, staff, page, session, id, AccountStatus::Active).await
}
