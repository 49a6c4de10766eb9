//! `/staff/organizations/{slug}`: staff edit an organisation, or merge a duplicate
//! into another (its members move and its address redirects).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::organization::{Organization, OrganizationType};
use membernet_persistence::organizations::Updated;

use super::forms::{EditForm, MergeForm};
use crate::{
    error::Result,
    forms::FieldErrors,
    http::{auth::RequireStaff, extract::Form, session::AuthSession},
    page::Page,
    services::{
        Services,
        organizations::{self, Merge},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/organizations/{slug}", get(show).post(save))
        .route("/staff/organizations/{slug}/merge", post(merge))
}

#[derive(Template, WebTemplate)]
#[template(path = "organizations/edit.html")]
struct EditTemplate {
    page: Page,
    organization: Organization,
    form: EditForm,
    errors: FieldErrors,
    merge: MergeForm,
    merge_error: Option<String>,
    organization_types: &'static [OrganizationType],
}

impl EditTemplate {
    fn new(page: Page, organization: Organization, form: EditForm) -> Self {
        EditTemplate {
            page,
            organization,
            form,
            errors: FieldErrors::default(),
            merge: MergeForm::default(),
            merge_error: None,
            organization_types: OrganizationType::ALL,
        }
    }

    fn refused(self) -> Response {
        (StatusCode::UNPROCESSABLE_ENTITY, self).into_response()
    }
}

async fn show(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(slug): Path<String>,
) -> Result<EditTemplate> {
    let organization = organizations::for_staff(&services, &slug).await?;
    let form = EditForm::of(&organization);
    Ok(EditTemplate::new(page, organization, form))
}

async fn save(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response> {
    let organization = organizations::for_staff(&services, &slug).await?;
    let locale = page.locale;
    let edit = match form.parse(locale) {
        Ok(edit) => edit,
        Err(errors) => {
            let mut template = EditTemplate::new(page, organization, form);
            template.errors = errors;
            return Ok(template.refused());
        }
    };
    match organizations::update(&services, &organization, &edit).await? {
        Updated::Updated => {
            session.set_flash("organization.saved").await?;
            Ok(Redirect::to(&format!("/organizations/{}", organization.slug)).into_response())
        }
        Updated::NameTaken(other) => {
            let mut template = EditTemplate::new(page, organization, form);
            let message = locale.t_with("organization.name_taken", &[("name", &other.name)]);
            template.errors.add("name", message);
            Ok(template.refused())
        }
    }
}

async fn merge(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(merge): Form<MergeForm>,
) -> Result<Response> {
    let duplicate = organizations::for_staff(&services, &slug).await?;
    let target = merge.target();
    let key = match organizations::merge(&services, staff.id, &duplicate, target.as_ref()).await? {
        Merge::Merged { into } => {
            session.set_flash("organization.merged").await?;
            return Ok(Redirect::to(&format!("/organizations/{}", into.slug)).into_response());
        }
        Merge::UnknownTarget => "organization.merge.unknown",
        Merge::SameOrganization => "organization.merge.same",
    };
    let form = EditForm::of(&duplicate);
    let mut template = EditTemplate::new(page, duplicate, form);
    template.merge_error = Some(template.page.locale.t(key));
    template.merge = merge;
    Ok(template.refused())
}
