//! `/staff/weeks`: staff build a week: its theme, dates and hashtag; each day's
//! theme and what it offers (events, resources, stories, the day's campaign, by
//! address, with suggestions from what is dated within the week); the share kit's
//! posts and graphics; and publishing it.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use membernet_domain::weeks::{Network, PostInput, Week, WeekInput, WeekStatus, iso, parse_iso};
use time::OffsetDateTime;

use super::{
    forms::{self, DayForm, GraphicForm, PostForm, WeekForm},
    view::{DayView, GraphicView, PostView, day_views},
};
use crate::{
    error::{AppError, Result},
    forms::FieldErrors,
    http::{auth::RequireStaff, extract::Form, session::AuthSession},
    page::Page,
    services::{Services, weeks},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/weeks", get(list))
        .route("/staff/weeks/new", get(new).post(create))
        .route("/staff/weeks/{id}", get(edit).post(save))
        .route("/staff/weeks/{id}/status", post(status))
        .route("/staff/weeks/{id}/days/{day}", get(day).post(save_day))
        .route("/staff/weeks/{id}/posts", post(add_post))
        .route("/staff/weeks/{id}/posts/{post}/delete", post(delete_post))
        .route(
            "/staff/weeks/{id}/graphics",
            // The form reads its body itself, with the upload ceiling.
            post(add_graphic).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/staff/weeks/{id}/graphics/{graphic}/delete",
            post(delete_graphic),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/staff_list.html")]
struct ListTemplate {
    page: Page,
    weeks: Vec<Week>,
}

async fn list(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
) -> Result<ListTemplate> {
    let weeks = weeks::list(&services, true).await?;
    Ok(ListTemplate { page, weeks })
}

/// A week's page for staff: its form, and (once created) its days, posts and
/// graphics, each with its own form.
#[derive(Template, WebTemplate)]
#[template(path = "weeks/edit.html")]
struct EditTemplate {
    page: Page,
    week: Option<Week>,
    form: WeekInput,
    errors: FieldErrors,
    days: Vec<DayView>,
    posts: Vec<PostView>,
    graphics: Vec<GraphicView>,
    post: PostInput,
    networks: &'static [Network],
    languages: &'static [&'static str],
    upload_max: String,
    /// Counted members who joined from the week's pages.
    joins: u64,
    /// Graphic form's fields as typed.
    graphic_alt: String,
    graphic_language: String,
}

impl EditTemplate {
    fn action(&self) -> String {
        match &self.week {
            Some(week) => format!("/staff/weeks/{}", week.id.0),
            None => "/staff/weeks/new".to_owned(),
        }
    }

    fn is_published(&self) -> bool {
        self.week.as_ref().is_some_and(Week::is_public)
    }
}

/// The page for `week` (or a new one), with blank post and graphic forms.
async fn edit_page(
    services: &Services,
    page: Page,
    week: Option<Week>,
    form: WeekInput,
) -> Result<EditTemplate> {
    let locale = page.locale;
    let (mut days, mut posts, mut graphics) = (Vec::new(), Vec::new(), Vec::new());
    let mut joins = 0;
    if let Some(week) = &week {
        joins = weeks::joins(services, week).await?;
        let programme = weeks::programme(services, week, true).await?;
        let today = OffsetDateTime::now_utc().date();
        let utc = membernet_domain::events::Zone::utc();
        days = day_views(locale, &programme, &utc, today);
        let kit = weeks::kit(services, week).await?;
        let url = weeks::week_url(services, week);
        posts = kit
            .posts
            .iter()
            .map(|post| PostView::new(post, &url))
            .collect();
        graphics = kit
            .graphics
            .iter()
            .map(|graphic| GraphicView::new(locale, week, graphic))
            .collect();
    }
    Ok(EditTemplate {
        week,
        form,
        errors: FieldErrors::default(),
        days,
        posts,
        graphics,
        post: PostInput {
            network: Network::X.code().to_owned(),
            language: locale.code().to_owned(),
            ..PostInput::default()
        },
        networks: Network::ALL,
        languages: membernet_domain::events::LANGUAGES,
        upload_max: locale.file_size(services.config.upload_max as u64),
        joins,
        graphic_alt: String::new(),
        graphic_language: locale.code().to_owned(),
        page,
    })
}

fn refused(mut template: EditTemplate, errors: FieldErrors) -> Response {
    template.errors = errors;
    (StatusCode::UNPROCESSABLE_ENTITY, template).into_response()
}

async fn new(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
) -> Result<EditTemplate> {
    edit_page(&services, page, None, WeekInput::default()).await
}

async fn create(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Form(form): Form<WeekForm>,
) -> Result<Response> {
    let locale = page.locale;
    let draft = match form.parse(locale) {
        Ok(draft) => draft,
        Err(errors) => {
            let template = edit_page(&services, page, None, form.input()).await?;
            return Ok(refused(template, errors));
        }
    };
    match weeks::create(&services, &draft).await? {
        Ok(week) => {
            session.set_flash("weeks.flash.created").await?;
            Ok(Redirect::to(&format!("/staff/weeks/{}", week.id.0)).into_response())
        }
        Err(why) => {
            let template = edit_page(&services, page, None, form.input()).await?;
            Ok(refused(template, forms::refused(locale, &why)))
        }
    }
}

async fn edit(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path(id): Path<i64>,
) -> Result<EditTemplate> {
    let week = weeks::by_id(&services, id).await?;
    let form = week.draft.input();
    edit_page(&services, page, Some(week), form).await
}

async fn save(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<WeekForm>,
) -> Result<Response> {
    let locale = page.locale;
    let week = weeks::by_id(&services, id).await?;
    let outcome = match form.parse(locale) {
        Ok(draft) => weeks::save(&services, &week, &draft)
            .await?
            .map_err(|why| forms::refused(locale, &why)),
        Err(errors) => Err(errors),
    };
    match outcome {
        Ok(()) => {
            session.set_flash("weeks.flash.saved").await?;
            Ok(Redirect::to(&format!("/staff/weeks/{id}")).into_response())
        }
        Err(errors) => {
            let template = edit_page(&services, page, Some(week), form.input()).await?;
            Ok(refused(template, errors))
        }
    }
}

#[derive(serde::Deserialize)]
struct StatusForm {
    status: String,
}

async fn status(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    let week = weeks::by_id(&services, id).await?;
    let status = WeekStatus::parse(&form.status).ok_or(AppError::BadRequest)?;
    weeks::set_status(&services, &week, status).await?;
    session
        .set_flash(match status {
            WeekStatus::Published => "weeks.flash.published",
            WeekStatus::Draft => "weeks.flash.unpublished",
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/weeks/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/staff_day.html")]
struct DayTemplate {
    page: Page,
    week: Week,
    day: DayView,
    form: DayForm,
    errors: FieldErrors,
    /// (address, what, title, when) of what is dated within the week.
    suggestions: Vec<(String, String, String, String)>,
}

async fn day_page(
    services: &Services,
    page: Page,
    week: Week,
    day: &str,
    form: Option<DayForm>,
) -> Result<DayTemplate> {
    let date = parse_iso(day).ok_or(AppError::NotFound)?;
    let programme = weeks::programme(services, &week, true).await?;
    let index = programme.position(date).ok_or(AppError::NotFound)?;
    let utc = membernet_domain::events::Zone::utc();
    let today = OffsetDateTime::now_utc().date();
    let view = day_views(page.locale, &programme, &utc, today).swap_remove(index);
    let form = form.unwrap_or_else(|| DayForm {
        theme: view.theme.clone(),
        summary: view.summary.clone(),
        items: view
            .items
            .iter()
            .map(|item| item.path.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    });
    let suggestions = weeks::suggestions(services, &week)
        .await?
        .into_iter()
        .map(|suggestion| {
            (
                suggestion.address.path(),
                page.locale.t(&suggestion.address.kind.message_key()),
                suggestion.title,
                page.locale.short_day(&utc.local(suggestion.at)),
            )
        })
        .collect();
    Ok(DayTemplate {
        week,
        day: view,
        form,
        errors: FieldErrors::default(),
        suggestions,
        page,
    })
}

async fn day(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    Path((id, day)): Path<(i64, String)>,
) -> Result<DayTemplate> {
    let week = weeks::by_id(&services, id).await?;
    day_page(&services, page, week, &day, None).await
}

async fn save_day(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path((id, day)): Path<(i64, String)>,
    Form(form): Form<DayForm>,
) -> Result<Response> {
    let locale = page.locale;
    let week = weeks::by_id(&services, id).await?;
    let date = parse_iso(&day).ok_or(AppError::NotFound)?;
    let errors = match form.parse(locale) {
        Ok(draft) => match weeks::set_day(&services, &week, date, &draft).await? {
            Ok(()) => {
                session.set_flash("weeks.flash.day_saved").await?;
                return Ok(
                    Redirect::to(&format!("/staff/weeks/{id}/days/{}", iso(date))).into_response(),
                );
            }
            Err(unknown) => {
                let paths: Vec<String> = unknown.iter().map(|address| address.path()).collect();
                forms::unknown_addresses(locale, &paths)
            }
        },
        Err(errors) => errors,
    };
    let mut template = day_page(&services, page, week, &day, Some(form)).await?;
    template.errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
}

async fn add_post(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    Form(form): Form<PostForm>,
) -> Result<Response> {
    let week = weeks::by_id(&services, id).await?;
    let url = weeks::week_url(&services, &week);
    match form.parse(page.locale, &week.draft.hashtag, &url) {
        Ok(draft) => {
            weeks::add_post(&services, &week, &draft).await?;
            session.set_flash("weeks.flash.post_added").await?;
            Ok(Redirect::to(&format!("/staff/weeks/{id}#posts")).into_response())
        }
        Err(errors) => {
            let input = week.draft.input();
            let mut template = edit_page(&services, page, Some(week), input).await?;
            template.post = form.input();
            Ok(refused(template, errors))
        }
    }
}

async fn delete_post(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    session: AuthSession,
    Path((id, post)): Path<(i64, i64)>,
) -> Result<Response> {
    let week = weeks::by_id(&services, id).await?;
    weeks::delete_post(&services, &week, post).await?;
    session.set_flash("weeks.flash.post_deleted").await?;
    Ok(Redirect::to(&format!("/staff/weeks/{id}#posts")).into_response())
}

async fn add_graphic(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    page: Page,
    session: AuthSession,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response> {
    let week = weeks::by_id(&services, id).await?;
    let form = GraphicForm::read(&mut multipart, services.config.upload_max).await?;
    match weeks::add_graphic(
        &services,
        &week,
        form.picture,
        &form.alt,
        form.language.trim(),
    )
    .await?
    {
        Ok(_) => {
            session.set_flash("weeks.flash.graphic_added").await?;
            Ok(Redirect::to(&format!("/staff/weeks/{id}#graphics")).into_response())
        }
        Err(problems) => {
            let errors = GraphicForm::errors(page.locale, &problems);
            let input = week.draft.input();
            let mut template = edit_page(&services, page, Some(week), input).await?;
            template.graphic_alt = form.alt;
            template.graphic_language = form.language;
            Ok(refused(template, errors))
        }
    }
}

async fn delete_graphic(
    State(services): State<Services>,
    RequireStaff(_): RequireStaff,
    session: AuthSession,
    Path((id, graphic)): Path<(i64, i64)>,
) -> Result<Response> {
    let week = weeks::by_id(&services, id).await?;
    weeks::delete_graphic(&services, &week, graphic).await?;
    session.set_flash("weeks.flash.graphic_deleted").await?;
    Ok(Redirect::to(&format!("/staff/weeks/{id}#graphics")).into_response())
}
