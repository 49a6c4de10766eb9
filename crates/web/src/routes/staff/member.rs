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
    staff::{Changed, Refusal},
};
use membernet_persistence::staff_members::MemberRow;
use serde::Deserialize;

use super::ROLES;
use crate::{
    error::{AppError, Result},
    http::{auth::RequireStaff, extract::Form, session::AuthSession},
    page::Page,
    services::{
        Services,
        staff::{self, Erased, MemberView, Outcome},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/members/{id}", get(show))
        .route("/staff/members/{id}/role", post(change_role))
        .route("/staff/members/{id}/suspend", post(suspend))
        .route("/staff/members/{id}/reinstate", post(reinstate))
        .route("/staff/members/{id}/erase", post(erase))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/member.html")]
struct MemberTemplate {
    page: Page,
    member: MemberRow,
    may_change_role: bool,
    may_suspend: bool,
    may_erase: bool,
    is_self: bool,
    roles: [Role; 3],
    error: Option<String>,
}

impl MemberTemplate {
    /// The account's page for `viewer`; `error` says why a change was refused.
    async fn load(
        services: &Services,
        viewer: &Account,
        page: Page,
        id: MemberId,
        error: Option<&str>,
    ) -> Result<Self> {
        let MemberView {
            member,
            is_self,
            may_change_role,
            may_suspend,
            may_erase,
        } = staff::member(services, viewer, id).await?;
        Ok(MemberTemplate {
            error: error.map(|key| page.locale.t(key)),
            page,
            member,
            may_change_role,
            may_suspend,
            may_erase,
            is_self,
            roles: ROLES,
        })
    }

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

async fn show(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<MemberTemplate> {
    MemberTemplate::load(&services, &staff, page, MemberId(id), None).await
}

fn refusal_key(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Yourself => "staff_member.refused.yourself",
        Refusal::Admin => "staff_member.refused.admin",
        Refusal::LastAdmin => "staff_member.refused.last_admin",
        Refusal::Unconfirmed => "staff_member.refused.unconfirmed",
        Refusal::NotAdmin | Refusal::NotStaff | Refusal::NotFound => "error.forbidden.body",
    }
}

/// Where a change lands: back on the member's page with a message, or the page
/// again saying why not.
async fn landing(
    services: &Services,
    staff: &Account,
    page: Page,
    session: &AuthSession,
    id: MemberId,
    outcome: Outcome,
    done: &str,
) -> Result<Response> {
    let back = format!("/staff/members/{}", id.0);
    match outcome {
        Ok(Changed::Changed) => {
            session.set_flash(done).await?;
            Ok(Redirect::to(&back).into_response())
        }
        Ok(Changed::Unchanged) => Ok(Redirect::to(&back).into_response()),
        Err(refusal) => refused(services, staff, page, id, refusal_key(refusal)).await,
    }
}

/// The member's page again, saying why not (422).
async fn refused(
    services: &Services,
    staff: &Account,
    page: Page,
    id: MemberId,
    key: &str,
) -> Result<Response> {
    let template = MemberTemplate::load(services, staff, page, id, Some(key)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
}

#[derive(Deserialize, Default)]
struct RoleForm {
    #[serde(default)]
    role: String,
}

async fn change_role(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response> {
    let id = MemberId(id);
    if staff.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let Some(role) = Role::parse(&form.role) else {
        return refused(&services, &staff, page, id, "staff_members.error.role").await;
    };
    let outcome = staff::change_role(&services, &staff, id, role).await?;
    let done = "staff_member.role_changed";
    landing(&services, &staff, page, &session, id, outcome, done).await
}

async fn set_status(
    services: Services,
    staff: Account,
    page: Page,
    session: AuthSession,
    id: i64,
    to: AccountStatus,
) -> Result<Response> {
    let id = MemberId(id);
    let outcome = staff::change_status(&services, &staff, id, to).await?;
    let done = match to {
        AccountStatus::Suspended => "staff_member.suspended",
        AccountStatus::Active => "staff_member.reinstated",
    };
    landing(&services, &staff, page, &session, id, outcome, done).await
}

async fn suspend(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_status(services, staff, page, session, id, AccountStatus::Suspended).await
}

async fn reinstate(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response> {
    set_status(services, staff, page, session, id, AccountStatus::Active).await
}

#[derive(Deserialize, Default)]
struct EraseForm {
    #[serde(default)]
    password: String,
}

async fn erase(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<EraseForm>,
) -> Result<Response> {
    let id = MemberId(id);
    match staff::erase_member(&services, &staff, id, form.password).await? {
        Erased::Erased => {
            session.set_flash("staff_member.erased").await?;
            Ok(Redirect::to("/staff/members").into_response())
        }
        Erased::WrongPassword => {
            refused(
                &services,
                &staff,
                page,
                id,
                "staff_member.erase.wrong_password",
            )
            .await
        }
        Erased::Refused(refusal) => {
            refused(&services, &staff, page, id, refusal_key(refusal)).await
        }
    }
}
