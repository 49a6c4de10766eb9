//! `/staff/library`: the moderation queue (what members sent in, oldest first; and
//! what was asked to change, rejected, published, withdrawn), an item to open, edit
//! and decide about (approve, ask for changes or reject with a reason, withdraw),
//! with the record of every decision; and staff's own items, published at once.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::library::{Decision, Section, Status};
use serde::Deserialize;

use super::{
    form_page::{FormTemplate, Panel},
    forms::{ItemForm, Judged, judge},
    view::{ItemView, date},
};
use crate::{
    error::Result,
    forms::FieldErrors,
    http::{
        auth::RequireStaff,
        extract::{Form, Query},
        session::AuthSession,
    },
    page::Page,
    services::{
        Services,
        library::{self, Decided},
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/library", get(queue))
        .route("/staff/library/new", get(new).post(create))
        .route("/staff/library/{id}", get(open).post(save))
        .route("/staff/library/{id}/decide", post(decide))
        .layer(DefaultBodyLimit::disable())
}

#[derive(Deserialize, Default)]
struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "library/queue.html")]
struct QueueTemplate {
    page: Page,
    status: Status,
    section: Option<Section>,
    items: Vec<ItemView>,
    page_number: u64,
    has_more: bool,
}

impl QueueTemplate {
    fn statuses(&self) -> &'static [Status] {
        Status::ALL
    }

    fn sections(&self) -> &'static [Section] {
        Section::ALL
    }

    fn tab(&self, status: &Status) -> String {
        self.link(*status, self.section, 0)
    }

    fn section_link(&self, section: Option<&Section>) -> String {
        self.link(self.status, section.copied(), 0)
    }

    fn page_link(&self, page: u64) -> String {
        self.link(self.status, self.section, page)
    }

    fn is_section(&self, section: Option<&Section>) -> bool {
        self.section.as_ref() == section
    }

    fn link(&self, status: Status, section: Option<Section>, page: u64) -> String {
        let mut link = format!("/staff/library?status={}", status.code());
        if let Some(section) = section {
            link.push_str(&format!("&section={}", section.code()));
        }
        if page > 0 {
            link.push_str(&format!("&page={page}"));
        }
        link
    }

    fn submitted(&self, item: &ItemView) -> String {
        date(self.page.locale, item.item.created_at)
    }
}

async fn queue(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(query): Query<QueueQuery>,
) -> Result<QueueTemplate> {
    let status = Status::parse(&query.status).unwrap_or(Status::Submitted);
    let section = Section::parse(&query.section);
    let page_number = query.page.min(10_000);
    let (items, has_more) = library::queue(&services, status, section, page_number).await?;
    let locale = page.locale;
    Ok(QueueTemplate {
        page,
        status,
        section,
        items: items
            .into_iter()
            .map(|i| ItemView::new(i, locale))
            .collect(),
        page_number,
        has_more,
    })
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    section: String,
    #[serde(default)]
    kind: String,
}

fn section_of(code: &str) -> Section {
    Section::parse(code).unwrap_or(Section::Resource)
}

async fn new(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Query(query): Query<NewQuery>,
) -> FormTemplate {
    let section = section_of(&query.section);
    FormTemplate {
        form: ItemForm::blank(section, Some(&query.kind), page.locale.code()),
        page,
        section,
        errors: FieldErrors::default(),
        action: format!("/staff/library/new?section={}", section.code()),
        item: None,
        staff: true,
        upload_max: services.config.upload_max,
        panel: None,
    }
}

async fn create(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Query(query): Query<NewQuery>,
    mut multipart: Multipart,
) -> Result<Response> {
    let section = section_of(&query.section);
    match judge(
        &services,
        &staff,
        page.locale,
        &mut multipart,
        section,
        None,
    )
    .await?
    {
        Judged::Valid(draft, attached) => {
            let item = library::publish_new(&services, &staff, &draft, attached).await?;
            session.set_flash("library.flash.published").await?;
            Ok(Redirect::to(&format!("/staff/library/{}", item.id)).into_response())
        }
        Judged::Invalid(form, errors) => Ok(FormTemplate {
            page,
            section,
            form,
            errors: FieldErrors::default(),
            action: format!("/staff/library/new?section={}", section.code()),
            item: None,
            staff: true,
            upload_max: services.config.upload_max,
            panel: None,
        }
        .refused(errors)),
    }
}

async fn item_page(
    services: &Services,
    page: Page,
    item: membernet_domain::library::Item,
    form: Option<(ItemForm, FieldErrors)>,
    reason: (String, Option<String>),
) -> Result<FormTemplate> {
    let locale = page.locale;
    let history = library::history(services, &item)
        .await?
        .into_iter()
        .map(|record| {
            let when = date(locale, record.at);
            (record, when)
        })
        .collect();
    let submitter = library::submitter(services, &item).await?.map(|member| {
        (
            member.full_name.as_str().to_owned(),
            member.email.as_str().to_owned(),
        )
    });
    let (form, errors) = form.unwrap_or_else(|| (ItemForm::of(&item), FieldErrors::default()));
    Ok(FormTemplate {
        page,
        section: item.section(),
        form,
        errors,
        action: format!("/staff/library/{}", item.id),
        item: Some(item.clone()),
        staff: true,
        upload_max: services.config.upload_max,
        panel: Some(Panel {
            decisions: Decision::for_staff(item.status),
            view: ItemView::new(item, locale),
            history,
            reason: reason.0,
            reason_error: reason.1,
            submitter,
        }),
    })
}

async fn open(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<FormTemplate> {
    let item = library::for_staff(&services, id).await?;
    item_page(&services, page, item, None, (String::new(), None)).await
}

async fn save(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response> {
    let item = library::for_staff(&services, id).await?;
    let section = item.section();
    match judge(
        &services,
        &staff,
        page.locale,
        &mut multipart,
        section,
        Some(&item),
    )
    .await?
    {
        Judged::Valid(draft, attached) => {
            library::edit(&services, &staff, &item, &draft, attached).await?;
            session.set_flash("library.flash.saved").await?;
            Ok(Redirect::to(&format!("/staff/library/{id}")).into_response())
        }
        Judged::Invalid(form, errors) => {
            let template = item_page(
                &services,
                page,
                item,
                Some((form, errors)),
                (String::new(), None),
            )
            .await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}

#[derive(Deserialize)]
struct DecideForm {
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    State(services): State<Services>,
    RequireStaff(staff): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response> {
    let item = library::for_staff(&services, id).await?;
    let Some(decision) = Decision::parse(&form.decision) else {
        return Err(crate::error::AppError::BadRequest);
    };
    match library::decide(&services, &staff, &item, decision, &form.reason).await? {
        Decided::Done => {
            session
                .set_flash(&format!("library.flash.{}", decision.code()))
                .await?;
            Ok(Redirect::to(&format!("/staff/library/{id}")).into_response())
        }
        Decided::ReasonNeeded => {
            let message = page.locale.t("library.error.reason_missing");
            let template =
                item_page(&services, page, item, None, (form.reason, Some(message))).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
        Decided::NotFromThisState => {
            session.set_flash("library.flash.changed_meanwhile").await?;
            Ok(Redirect::to(&format!("/staff/library/{id}")).into_response())
        }
    }
}
