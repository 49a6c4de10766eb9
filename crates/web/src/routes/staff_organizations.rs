//! Staff edit an organisation, or merge a duplicate into another (its members move
//! and its address redirects).

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
    CountryCode,
    organization::{
        Organization, OrganizationName, OrganizationNameError, OrganizationType, WebsiteError,
        parse_website,
    },
};
use membernet_persistence::organizations::{self, BySlug, Changes, Updated};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::http::extract::Form;
use crate::services::Services;
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, session::AuthSession},
    page::Page,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/organizations/{slug}", get(show).post(save))
        .route("/staff/organizations/{slug}/merge", post(merge))
}

#[derive(Deserialize, Default)]
pub struct EditForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub website: String,
}

#[derive(Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    pub target: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_organization.html")]
struct EditTemplate {
    page: Page,
    organization: Organization,
    form: EditForm,
    errors: FieldErrors,
    merge: MergeForm,
    merge_error: Option<String>,
    organization_types: &'static [OrganizationType],
}

impl EditForm {
    fn of(organization: &Organization) -> Self {
        Self {
            name: organization.name.clone(),
            kind: organization.kind.code().to_owned(),
            country: organization
                .country
                .map(|code| code.to_string())
                .unwrap_or_default(),
            website: organization.website.clone().unwrap_or_default(),
        }
    }
}

async fn standing(state: &Services, slug: &str) -> Result<Organization> {
    match organizations::by_slug(&state.db, slug).await? {
        BySlug::Found(organization) => Ok(organization),
        _ => Err(AppError::NotFound),
    }
}

fn template(page: Page, organization: Organization, form: EditForm) -> EditTemplate {
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

async fn show(
    State(state): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(slug): Path<String>,
) -> Result<EditTemplate> {
    let organization = standing(&state, &slug).await?;
    let form = EditForm::of(&organization);
    Ok(template(page, organization, form))
}

async fn save(
    State(state): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response> {
    let organization = standing(&state, &slug).await?;
    let locale = page.locale;
    let mut errors = FieldErrors::default();
    let name = OrganizationName::parse(&form.name).map_err(|error| {
        let key = match error {
            OrganizationNameError::Empty => "field.organization.missing",
            OrganizationNameError::TooLong => "field.organization.too_long",
        };
        errors.add("name", locale.t(key));
    });
    let kind = OrganizationType::parse(&form.kind)
        .ok_or_else(|| errors.add("kind", locale.t("field.organization_type.unknown")));
    let country = match form.country.trim() {
        "" => Ok(None),
        code => CountryCode::parse(code)
            .map(Some)
            .map_err(|_| errors.add("country", locale.t("field.country.unknown"))),
    };
    let website = parse_website(&form.website).map_err(|error| {
        let key = match error {
            WebsiteError::Invalid => "field.website.invalid",
            WebsiteError::TooLong => "field.website.too_long",
        };
        errors.add("website", locale.t(key));
    });
    let (Ok(name), Ok(kind), Ok(country), Ok(website)) = (name, kind, country, website) else {
        let mut template = template(page, organization, form);
        template.errors = errors;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
    };
    let changes = Changes {
        name: &name,
        kind,
        country,
        website: website.as_deref(),
    };
    match organizations::update(
        &state.db,
        organization.id,
        changes,
        OffsetDateTime::now_utc(),
    )
    .await?
    {
        Updated::Updated => {
            session.set_flash("organization.saved").await?;
            Ok(Redirect::to(&format!("/organizations/{}", organization.slug)).into_response())
        }
        Updated::NameTaken(other) => {
            let mut template = template(page, organization, form);
            template.errors.add(
                "name",
                locale.t_with("organization.name_taken", &[("name", &other.name)]),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}

async fn merge(
    State(state): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(slug): Path<String>,
    Form(merge): Form<MergeForm>,
) -> Result<Response> {
    let duplicate = standing(&state, &slug).await?;
    let target = match OrganizationName::parse(&merge.target) {
        Ok(name) => organizations::find_by_name(&state.db, &name).await?,
        Err(_) => None,
    };
    let target = match target {
        Some(target) if target.id != duplicate.id => target,
        found => {
            let key = if found.is_some() {
                "organization.merge.same"
            } else {
                "organization.merge.unknown"
            };
            let form = EditForm::of(&duplicate);
            let mut template = template(page, duplicate, form);
            template.merge_error = Some(template.page.locale.t(key));
            template.merge = merge;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response());
        }
    };
    let moved = organizations::merge(
        &state.db,
        duplicate.id,
        target.id,
        OffsetDateTime::now_utc(),
    )
    .await?;
    tracing::info!(
        staff = staff.id.0,
        from = duplicate.id.0,
        into = target.id.0,
        moved,
        "organisations merged"
    );
    session.set_flash("organization.merged").await?;
    Ok(Redirect::to(&format!("/organizations/{}", target.slug)).into_response())
}
