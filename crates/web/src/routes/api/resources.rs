//! `/api/v1/resources`: the library's published resources, searched and filtered
//! like `/resources`, newest first or by relevance.

use axum::extract::{Query, State, rejection::QueryRejection};
use membernet_domain::{
    CountryCode, country,
    library::{Kind, LANGUAGES, Section, Topic},
};
use membernet_persistence::library::search::{SearchQuery, Sort};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, IfNoneMatch, PublicJson};
use crate::services::{Services, library};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ResourcesQuery {
    /// Words of the title, summary, authors or publisher (accents and case do not
    /// matter; a word's beginning is enough).
    q: Option<String>,
    /// `report`, `toolkit`, `guidance`, `research`, `case_study`, `training`,
    /// `video` or `other`.
    kind: Option<String>,
    /// A topic code, like `child_protection` or `workforce_planning`.
    topic: Option<String>,
    /// An ISO 3166-1 alpha-2 country code or a UN M49 region slug (`africa`).
    region: Option<String>,
    /// A language code: `en`, `fr`, `es`, `pt`, `ar`, `ru`, `zh` or `sw`.
    language: Option<String>,
    /// The year it was published.
    year: Option<i32>,
    /// `relevance` (the default when there are words) or `newest`.
    sort: Option<String>,
    /// From 0; 50 resources a page.
    page: Option<u64>,
}

/// A page of published resources.
#[derive(Serialize, ToSchema)]
pub(super) struct ResourceList {
    resources: Vec<ResourceSummary>,
    /// Whether the next page has more.
    has_more: bool,
}

#[derive(Serialize, ToSchema)]
pub(super) struct ResourceSummary {
    slug: String,
    title: String,
    summary: String,
    kind: &'static str,
    #[schema(required)]
    authors: Option<String>,
    #[schema(required)]
    publisher: Option<String>,
    #[schema(required)]
    year: Option<i32>,
    language: String,
    #[schema(required)]
    licence: Option<String>,
    /// ISO 3166-1 alpha-2 codes of the countries it concerns.
    countries: Vec<String>,
    topics: Vec<&'static str>,
    /// RFC 3339, UTC.
    published_at: String,
    /// The resource's page.
    url: String,
    /// The stored file, when it has one.
    #[schema(required)]
    file_url: Option<String>,
    /// Where it is on the web, when it is a link.
    #[schema(required)]
    link: Option<String>,
}

fn bad(error: &'static str, detail: &'static str) -> ApiError {
    ApiError::bad_request(error, detail)
}

fn search(query: &ResourcesQuery) -> Result<SearchQuery, ApiError> {
    let kind = match query.kind.as_deref() {
        None | Some("") => None,
        Some(code) => Some(
            Kind::parse(code)
                .filter(|kind| kind.section() == Section::Resource)
                .ok_or(bad("unknown_kind", "no such kind of resource"))?,
        ),
    };
    let topic = match query.topic.as_deref() {
        None | Some("") => None,
        Some(code) => Some(Topic::parse(code).ok_or(bad("unknown_topic", "no such topic"))?),
    };
    let countries = match query.region.as_deref() {
        None | Some("") => Vec::new(),
        Some(code) if code.len() == 2 => vec![
            CountryCode::parse(code)
                .map_err(|_| bad("unknown_region", "no such country or region"))?,
        ],
        Some(slug) => {
            let countries = country::in_region(slug);
            if countries.is_empty() {
                return Err(bad("unknown_region", "no such country or region"));
            }
            countries
        }
    };
    let language = match query.language.as_deref() {
        None | Some("") => None,
        Some(code) if LANGUAGES.contains(&code) => Some(code.to_owned()),
        Some(_) => {
            return Err(bad(
                "unknown_language",
                "language is one of en, fr, es, pt, ar, ru, zh, sw",
            ));
        }
    };
    let sort = match query.sort.as_deref() {
        None | Some("") | Some("relevance") => Sort::Relevance,
        Some("newest") => Sort::Newest,
        Some(_) => return Err(bad("unknown_sort", "sort is relevance or newest")),
    };
    Ok(SearchQuery {
        section: Some(Section::Resource),
        words: query
            .q
            .clone()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
        kind,
        topic,
        countries,
        language,
        year: query.year,
        sort,
        page: query.page.unwrap_or(0).min(1_000),
        per_page: 50,
    })
}

/// The library's published resources.
#[utoipa::path(
    get,
    path = "/api/v1/resources",
    operation_id = "resources_list",
    tag = "library",
    params(ResourcesQuery),
    responses(
        (status = 200, description = "Up to 50 resources", body = ResourceList),
        (status = 304, description = "Not modified since the `ETag` sent"),
        (status = 400, description = "A parameter is wrong; `error` says which", body = ApiError),
        (status = 500, description = "The resources could not be read", body = ApiError),
    )
)]
pub(super) async fn list(
    State(services): State<Services>,
    request: IfNoneMatch,
    query: Result<Query<ResourcesQuery>, QueryRejection>,
) -> Result<PublicJson, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(bad("bad_query", "the query string could not be read"));
    };
    let (items, has_more) = library::search(&services, &search(&query)?).await?;
    let base = &services.config.base_url;
    request.answer(&ResourceList {
        has_more,
        resources: items
            .into_iter()
            .map(|item| ResourceSummary {
                url: format!("{base}/resources/{}", item.slug),
                file_url: item
                    .file
                    .as_ref()
                    .map(|file| format!("{base}/files/{}/{}", file.key, file.name)),
                published_at: item
                    .published_at
                    .map(crate::views::rfc3339)
                    .unwrap_or_default(),
                kind: item.fields.kind.code(),
                countries: item
                    .fields
                    .countries
                    .iter()
                    .map(|code| code.as_str().to_owned())
                    .collect(),
                topics: item
                    .fields
                    .topics
                    .iter()
                    .map(|topic| topic.code())
                    .collect(),
                title: item.fields.title,
                summary: item.fields.summary,
                authors: item.fields.authors,
                publisher: item.fields.publisher,
                year: item.fields.year,
                language: item.fields.language,
                licence: item.fields.licence,
                link: item.fields.link,
                slug: item.slug,
            })
            .collect(),
    })
}
