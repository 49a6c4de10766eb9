//! `/resources` and `/stories`: what the library has published, found by words
//! (the database's full-text search, accents ignored) and filters, each item on
//! its page with its file or link and related items; Atom feeds of both; the
//! stored files themselves (`/files/{key}/…`).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    CountryCode, country,
    library::{Kind, LANGUAGES, Section, Topic},
};
use membernet_persistence::library::search::{SearchQuery, Sort};
use serde::Deserialize;

use super::view::ItemView;
use crate::{
    error::{AppError, Result},
    http::{auth::CurrentUser, download::StoredBody, extract::Query},
    page::Page,
    services::{
        Services,
        library::{self, uploads},
    },
    state::AppState,
    views::regions::{RegionOption, region_options},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/resources", get(resources))
        .route("/resources/feed.atom", get(resources_feed))
        .route("/resources/{slug}", get(resource))
        .route("/stories", get(stories))
        .route("/stories/feed.atom", get(stories_feed))
        .route("/stories/{slug}", get(story))
        .route("/files/{key}/{name}", get(file))
}

/// The search form's fields, as in the address.
#[derive(Deserialize, Default, Clone)]
pub struct Filters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: u64,
}

impl Filters {
    /// The query the filters ask for; a value not understood is cleared.
    pub fn query(&mut self, section: Section) -> SearchQuery {
        self.page = self.page.min(1_000);
        let countries = match CountryCode::parse(&self.country) {
            Ok(code) => vec![code],
            Err(_) => {
                self.country.clear();
                let countries = country::in_region(&self.region);
                if countries.is_empty() {
                    self.region.clear();
                }
                countries
            }
        };
        let kind = Kind::parse(&self.kind).filter(|kind| kind.section() == section);
        if kind.is_none() {
            self.kind.clear();
        }
        let topic = Topic::parse(&self.topic);
        if topic.is_none() {
            self.topic.clear();
        }
        if !LANGUAGES.contains(&self.language.as_str()) {
            self.language.clear();
        }
        let year = self.year.trim().parse().ok();
        if year.is_none() {
            self.year.clear();
        }
        SearchQuery {
            section: Some(section),
            words: self.q.chars().take(200).collect(),
            kind,
            topic,
            countries,
            language: Some(self.language.clone()).filter(|l| !l.is_empty()),
            year,
            sort: if self.sort == "newest" {
                Sort::Newest
            } else {
                Sort::Relevance
            },
            page: self.page,
            per_page: 0,
        }
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.country.eq_ignore_ascii_case(code)
    }

    pub fn link(&self, base: &str, page: u64) -> String {
        let page = page.to_string();
        let pairs = [
            ("q", self.q.as_str()),
            ("kind", self.kind.as_str()),
            ("topic", self.topic.as_str()),
            ("country", self.country.as_str()),
            ("region", self.region.as_str()),
            ("language", self.language.as_str()),
            ("year", self.year.as_str()),
            ("sort", self.sort.as_str()),
            ("page", if page == "0" { "" } else { page.as_str() }),
        ];
        let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!(
            "{base}?{}",
            serde_urlencoded::to_string(kept).unwrap_or_default()
        )
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "library/list.html")]
struct ListTemplate {
    page: Page,
    section: Section,
    filters: Filters,
    regions: Vec<RegionOption>,
    items: Vec<ItemView>,
    has_more: bool,
}

impl ListTemplate {
    fn base(&self) -> &'static str {
        match self.section {
            Section::Resource => "/resources",
            Section::Story => "/stories",
        }
    }

    fn kinds(&self) -> Vec<Kind> {
        Kind::of(self.section).collect()
    }

    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }

    fn languages(&self) -> &'static [&'static str] {
        LANGUAGES
    }

    fn is_resources(&self) -> bool {
        self.section == Section::Resource
    }

    fn filtered(&self) -> bool {
        let f = &self.filters;
        [
            &f.q,
            &f.kind,
            &f.topic,
            &f.country,
            &f.region,
            &f.language,
            &f.year,
        ]
        .iter()
        .any(|v| !v.is_empty())
    }
}

async fn list(
    services: &Services,
    page: Page,
    section: Section,
    mut filters: Filters,
) -> Result<ListTemplate> {
    let query = filters.query(section);
    let (items, has_more) = library::search(services, &query).await?;
    let locale = page.locale;
    Ok(ListTemplate {
        page,
        section,
        filters,
        regions: region_options(),
        items: items
            .into_iter()
            .map(|i| ItemView::new(i, locale))
            .collect(),
        has_more,
    })
}

async fn resources(
    State(services): State<Services>,
    page: Page,
    Query(filters): Query<Filters>,
) -> Result<ListTemplate> {
    list(&services, page, Section::Resource, filters).await
}

async fn stories(
    State(services): State<Services>,
    page: Page,
    Query(filters): Query<Filters>,
) -> Result<ListTemplate> {
    list(&services, page, Section::Story, filters).await
}

#[derive(Template, WebTemplate)]
#[template(path = "library/item.html")]
struct ItemTemplate {
    page: Page,
    item: ItemView,
    related: Vec<ItemView>,
}

async fn show(
    services: &Services,
    page: Page,
    section: Section,
    slug: &str,
) -> Result<ItemTemplate> {
    let item = library::public(services, section, slug).await?;
    let related = library::related(services, &item).await?;
    let locale = page.locale;
    Ok(ItemTemplate {
        page,
        item: ItemView::new(item, locale),
        related: related
            .into_iter()
            .map(|i| ItemView::new(i, locale))
            .collect(),
    })
}

async fn resource(
    State(services): State<Services>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<ItemTemplate> {
    show(&services, page, Section::Resource, &slug).await
}

async fn story(
    State(services): State<Services>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<ItemTemplate> {
    show(&services, page, Section::Story, &slug).await
}

#[derive(Template)]
#[template(path = "library/feed.xml")]
struct FeedTemplate {
    title: String,
    network: String,
    base_url: String,
    path: &'static str,
    updated: String,
    /// (address, title, summary, published, kind)
    entries: Vec<(String, String, String, String, String)>,
}

async fn feed(services: &Services, page: Page, section: Section) -> Result<Response> {
    let items = library::latest(services, section, 30).await?;
    let base_url = services.config.base_url.clone();
    let path = match section {
        Section::Resource => "/resources",
        Section::Story => "/stories",
    };
    let updated = items
        .first()
        .and_then(|item| item.published_at)
        .map(crate::views::rfc3339)
        .unwrap_or_else(|| "2026-01-01T00:00:00Z".to_owned());
    let entries = items
        .into_iter()
        .map(|item| {
            let view = ItemView::new(item, page.locale);
            (
                format!("{base_url}{}", view.path()),
                view.item.fields.title.clone(),
                view.item.fields.summary.clone(),
                view.item
                    .published_at
                    .map(crate::views::rfc3339)
                    .unwrap_or_default(),
                view.kind(),
            )
        })
        .collect();
    let title = format!(
        "{} · {}",
        page.locale.t("site.name"),
        page.locale.t(&section.message_key())
    );
    let body = FeedTemplate {
        title,
        network: page.locale.t("site.name"),
        base_url,
        path,
        updated,
        entries,
    }
    .render()
    .map_err(|error| AppError::Internal(error.into()))?;
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}

async fn resources_feed(State(services): State<Services>, page: Page) -> Result<Response> {
    feed(&services, page, Section::Resource).await
}

async fn stories_feed(State(services): State<Services>, page: Page) -> Result<Response> {
    feed(&services, page, Section::Story).await
}

/// A stored file: a document under its download name, or a photo's width
/// (`640.jpg`). Served as an attachment (documents) or an image, never sniffed.
async fn file(
    State(services): State<Services>,
    CurrentUser(viewer): CurrentUser,
    Path((key, name)): Path<(String, String)>,
) -> Result<Response> {
    let (access, public) = library::file_for(&services, &key, viewer.as_ref()).await?;
    let stored = access.file;
    let width = if stored.widths.is_empty() {
        None
    } else {
        Some(
            name.strip_suffix(".jpg")
                .and_then(|w| w.parse::<u32>().ok())
                .ok_or(AppError::NotFound)?,
        )
    };
    let body = uploads::read(&services, &stored, width).await?;
    Ok(StoredBody {
        content_type: stored.kind.content_type(),
        file_name: stored.name.clone(),
        inline: stored.kind.is_image(),
        public,
        body,
    }
    .into_response())
}
