//! `/weeks`: the awareness weeks. A week's page (`/weeks/{slug}`) shows its theme,
//! what is on today in the reader's zone, and each day with what it offers; each day
//! has its page (`/weeks/{slug}/{date}`); the share kit (`/weeks/{slug}/share`)
//! offers ready-made posts with a copy button and plain share links, and graphics
//! to download. Every page of a week asks visitors to join (the join is counted as
//! the week's) and to support the network.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    events::zone,
    weeks::{Week, parse_iso},
};
use serde::Deserialize;
use time::OffsetDateTime;

use super::view::{DayView, GraphicView, PostView, WeekView, day_views, today};
use crate::{
    error::{AppError, Result},
    http::{download::StoredBody, extract::Query},
    page::Page,
    routes::events::view::{ReaderZone, with_zone_cookie},
    services::{Services, weeks},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/weeks", get(list))
        .route("/weeks/{slug}", get(show))
        .route("/weeks/{slug}/share", get(kit))
        .route("/weeks/{slug}/{day}", get(day))
        .route("/weeks/{slug}/graphics/{file}", get(graphic))
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/list.html")]
struct ListTemplate {
    page: Page,
    weeks: Vec<WeekView>,
}

async fn list(State(services): State<Services>, page: Page) -> Result<ListTemplate> {
    let staff = page.is_staff();
    let today = OffsetDateTime::now_utc().date();
    let weeks = weeks::list(&services, staff)
        .await?
        .iter()
        .map(|week| WeekView::new(page.locale, week, today))
        .collect();
    Ok(ListTemplate { page, weeks })
}

/// The reader's zone, chosen with `?tz=`.
#[derive(Deserialize, Default)]
struct ZoneQuery {
    #[serde(default)]
    tz: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/week.html")]
struct WeekTemplate {
    page: Page,
    week: WeekView,
    days: Vec<DayView>,
    zone: String,
    zones: &'static [&'static str],
    /// The gifts recorded during the week, when staff chose to show them.
    total: Option<String>,
}

impl WeekTemplate {
    fn today(&self) -> Option<&DayView> {
        self.days.iter().find(|day| day.is_today)
    }
}

async fn show(
    State(services): State<Services>,
    page: Page,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<ZoneQuery>,
) -> Result<Response> {
    let week = weeks::find(&services, &slug, page.user.as_ref()).await?;
    let reader = ReaderZone::of(
        &headers,
        zone::Zone::parse(&query.tz),
        page.user.as_ref(),
        services.config.secure_cookies,
    );
    let today = today(&reader.zone, OffsetDateTime::now_utc());
    let programme = weeks::programme(&services, &week, page.is_staff()).await?;
    let days = day_views(page.locale, &programme, &reader.zone, today);
    let total = donation_total(&services, &week, &page).await?;
    let template = WeekTemplate {
        week: WeekView::new(page.locale, &week, today),
        days,
        zone: reader.zone.name().to_owned(),
        zones: zone::choices(),
        total,
        page,
    };
    Ok(with_zone_cookie(reader.remember, template))
}

/// What was given during the week, in each currency, when staff chose to show it.
async fn donation_total(services: &Services, week: &Week, page: &Page) -> Result<Option<String>> {
    if !week.draft.show_donation_total {
        return Ok(None);
    }
    let totals = crate::services::donations::totals_between(
        services,
        week.draft.starts_on,
        week.draft.ends_on,
    )
    .await?;
    Ok((!totals.is_empty()).then(|| {
        totals
            .iter()
            .map(|total| total.display(page.locale))
            .collect::<Vec<_>>()
            .join(" · ")
    }))
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/day.html")]
struct DayTemplate {
    page: Page,
    week: WeekView,
    day: DayView,
    /// (address, "Day 2") of the days before and after.
    previous: Option<(String, String)>,
    next: Option<(String, String)>,
    zone: String,
}

async fn day(
    State(services): State<Services>,
    page: Page,
    headers: HeaderMap,
    Path((slug, day)): Path<(String, String)>,
    Query(query): Query<ZoneQuery>,
) -> Result<Response> {
    let date = parse_iso(&day).ok_or(AppError::NotFound)?;
    let week = weeks::find(&services, &slug, page.user.as_ref()).await?;
    let reader = ReaderZone::of(
        &headers,
        zone::Zone::parse(&query.tz),
        page.user.as_ref(),
        services.config.secure_cookies,
    );
    let today = today(&reader.zone, OffsetDateTime::now_utc());
    let programme = weeks::programme(&services, &week, page.is_staff()).await?;
    let index = programme.position(date).ok_or(AppError::NotFound)?;
    let mut days = day_views(page.locale, &programme, &reader.zone, today);
    let link = |day: &DayView| {
        (
            format!("/weeks/{}/{}", week.slug, day.iso),
            day.number.clone(),
        )
    };
    let template = DayTemplate {
        week: WeekView::new(page.locale, &week, today),
        previous: index.checked_sub(1).map(|before| link(&days[before])),
        next: days.get(index + 1).map(link),
        day: days.swap_remove(index),
        zone: reader.zone.name().to_owned(),
        page,
    };
    Ok(with_zone_cookie(reader.remember, template))
}

#[derive(Template, WebTemplate)]
#[template(path = "weeks/share.html")]
struct KitTemplate {
    page: Page,
    week: WeekView,
    posts: Vec<PostView>,
    graphics: Vec<GraphicView>,
}

async fn kit(
    State(services): State<Services>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<KitTemplate> {
    let week = weeks::find(&services, &slug, page.user.as_ref()).await?;
    let kit = weeks::kit(&services, &week).await?;
    let url = weeks::week_url(&services, &week);
    // The reader's language first, then the others as staff ordered them.
    let mut posts: Vec<PostView> = kit
        .posts
        .iter()
        .map(|post| PostView::new(post, &url))
        .collect();
    posts.sort_by_key(|post| post.language != page.locale.code());
    let graphics = kit
        .graphics
        .iter()
        .map(|graphic| GraphicView::new(page.locale, &week, graphic))
        .collect();
    let today = OffsetDateTime::now_utc().date();
    Ok(KitTemplate {
        week: WeekView::new(page.locale, &week, today),
        posts,
        graphics,
        page,
    })
}

/// A graphic of the kit (`/weeks/2022/graphics/3-1200x675.jpg`): shown on the kit's
/// page and saved with its link.
async fn graphic(
    State(services): State<Services>,
    page: Page,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response> {
    let id: i64 = file
        .split('-')
        .next()
        .and_then(|id| id.parse().ok())
        .ok_or(AppError::NotFound)?;
    let week = weeks::find(&services, &slug, page.user.as_ref()).await?;
    let graphic = weeks::graphic(&services, &week, id).await?;
    // Only its own address: the name is checked before the store is read.
    if file != super::view::graphic_file_name(&graphic) {
        return Err(AppError::NotFound);
    }
    let bytes = weeks::graphic_bytes(&services, &graphic).await?;
    let file_name = file.clone();
    Ok(StoredBody {
        content_type: "image/jpeg",
        file_name,
        inline: true,
        public: week.is_public(),
        body: bytes,
    }
    .into_response())
}
