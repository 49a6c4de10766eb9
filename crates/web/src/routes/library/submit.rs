//! Members send in a resource (`/resources/submit`), a blog post or a worker
//! profile (`/stories/submit?kind=profile`), with the network's guidelines on the
//! form; follow it on their account page; and change it while it waits or after
//! staff asked for changes (`/account/submissions/{id}`).

use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use membernet_domain::library::Section;
use serde::Deserialize;

use super::{
    form_page::FormTemplate,
    forms::{ItemForm, Judged, judge},
};
use crate::{
    error::Result,
    forms::FieldErrors,
    http::{auth::RequireUser, extract::Query, session::AuthSession},
    page::Page,
    services::{Services, library},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/resources/submit", get(new_resource).post(submit_resource))
        .route("/stories/submit", get(new_story).post(submit_story))
        .route("/account/submissions/{id}", get(own).post(change_own))
        // The form reads its body itself, with the upload ceiling.
        .layer(DefaultBodyLimit::disable())
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    kind: String,
}

fn blank(
    services: &Services,
    page: Page,
    section: Section,
    kind: &str,
    action: &str,
) -> FormTemplate {
    let form = ItemForm::blank(section, Some(kind), page.locale.code());
    FormTemplate {
        page,
        section,
        form,
        errors: FieldErrors::default(),
        action: action.to_owned(),
        item: None,
        staff: false,
        upload_max: services.config.upload_max,
        panel: None,
    }
}

async fn new_resource(
    State(services): State<Services>,
    RequireUser(_): RequireUser,
    page: Page,
) -> FormTemplate {
    blank(&services, page, Section::Resource, "", "/resources/submit")
}

async fn new_story(
    State(services): State<Services>,
    RequireUser(_): RequireUser,
    page: Page,
    Query(query): Query<NewQuery>,
) -> FormTemplate {
    blank(
        &services,
        page,
        Section::Story,
        &query.kind,
        "/stories/submit",
    )
}

async fn submit(
    services: &Services,
    member: membernet_domain::Account,
    page: Page,
    session: AuthSession,
    mut multipart: Multipart,
    section: Section,
    action: &str,
) -> Result<Response> {
    match judge(
        services,
        &member,
        page.locale,
        &mut multipart,
        section,
        None,
    )
    .await?
    {
        Judged::Valid(draft, attached) => {
            library::submit(services, &member, &draft, attached).await?;
            session.set_flash("library.flash.submitted").await?;
            Ok(Redirect::to("/account#submissions").into_response())
        }
        Judged::Invalid(form, errors) => Ok(FormTemplate {
            page,
            section,
            form,
            errors: FieldErrors::default(),
            action: action.to_owned(),
            item: None,
            staff: false,
            upload_max: services.config.upload_max,
            panel: None,
        }
        .refused(errors)),
    }
}

async fn submit_resource(
    State(services): State<Services>,
    RequireUser(member): RequireUser,
    page: Page,
    session: AuthSession,
    multipart: Multipart,
) -> Result<Response> {
    submit(
        &services,
        member,
        page,
        session,
        multipart,
        Section::Resource,
        "/resources/submit",
    )
    .await
}

async fn submit_story(
    State(services): State<Services>,
    RequireUser(member): RequireUser,
    page: Page,
    session: AuthSession,
    multipart: Multipart,
) -> Result<Response> {
    submit(
        &services,
        member,
        page,
        session,
        multipart,
        Section::Story,
        "/stories/submit",
    )
    .await
}

async fn own(
    State(services): State<Services>,
    RequireUser(member): RequireUser,
    page: Page,
    Path(id): Path<i64>,
) -> Result<FormTemplate> {
    let item = library::own(&services, &member, id).await?;
    Ok(FormTemplate {
        page,
        section: item.section(),
        form: ItemForm::of(&item),
        errors: FieldErrors::default(),
        action: format!("/account/submissions/{id}"),
        item: Some(item),
        staff: false,
        upload_max: services.config.upload_max,
        panel: None,
    })
}

async fn change_own(
    State(services): State<Services>,
    RequireUser(member): RequireUser,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response> {
    let item = library::own(&services, &member, id).await?;
    if !item.editable_by_submitter() {
        return Err(crate::error::AppError::Forbidden);
    }
    let section = item.section();
    match judge(
        &services,
        &member,
        page.locale,
        &mut multipart,
        section,
        Some(&item),
    )
    .await?
    {
        Judged::Valid(draft, attached) => {
            library::resubmit(&services, &member, &item, &draft, attached).await?;
            session.set_flash("library.flash.resubmitted").await?;
            Ok(Redirect::to("/account#submissions").into_response())
        }
        Judged::Invalid(form, errors) => Ok(FormTemplate {
            page,
            section,
            form,
            errors: FieldErrors::default(),
            action: format!("/account/submissions/{id}"),
            item: Some(item),
            staff: false,
            upload_max: services.config.upload_max,
            panel: None,
        }
        .refused(errors)),
    }
}
