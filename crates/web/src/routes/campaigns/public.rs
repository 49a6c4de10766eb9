//! `/newsletters`: the campaigns staff put in the public archive, readable without
//! an account, in the reader's language when the campaign has it. `/unsubscribe`:
//! the link in every campaign email. A GET shows a button (mail scanners follow
//! links); the POST, from that button or from a mail client's one-click
//! unsubscribe (RFC 8058, `List-Unsubscribe=One-Click`), withdraws the topic. No
//! sign-in: the signed token is the proof, so the POST needs no CSRF token either.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use membernet_domain::{
    campaigns::{Campaign, Topic, language_for},
    join_source::{JoinSource, SourceSlug},
    markdown,
};
use serde::Deserialize;

use crate::{
    error::Result,
    http::extract::Query,
    page::{FormPage, Page},
    services::{
        Services,
        campaigns::{
            self,
            consent::{self, Unsubscribed},
        },
    },
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/newsletters", get(archive))
        .route("/newsletters/{slug}", get(newsletter))
        .route("/unsubscribe", get(unsubscribe_page).post(unsubscribe))
}

#[derive(Deserialize, Default)]
struct ArchiveQuery {
    #[serde(default)]
    page: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/archive.html")]
struct ArchiveTemplate {
    page: Page,
    /// (slug, subject in the reader's language, date)
    newsletters: Vec<(String, String, String)>,
    page_number: u64,
    has_more: bool,
}

fn sent_on(page: &Page, campaign: &Campaign) -> String {
    campaign
        .started_at
        .map(|at| page.locale.short_day(&campaign.draft.zone.local(at)))
        .unwrap_or_default()
}

async fn archive(
    State(services): State<Services>,
    page: Page,
    Query(query): Query<ArchiveQuery>,
) -> Result<ArchiveTemplate> {
    let page_number = query.page.min(10_000);
    let (rows, total) = campaigns::archive(&services, page_number).await?;
    let newsletters = rows
        .iter()
        .map(|campaign| {
            let version = language_for(&campaign.draft, page.locale.code());
            (
                campaign.slug.clone(),
                version.subject.clone(),
                sent_on(&page, campaign),
            )
        })
        .collect();
    Ok(ArchiveTemplate {
        page,
        newsletters,
        has_more: (page_number + 1) * campaigns::PAGE_SIZE < total,
        page_number,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/newsletter.html")]
struct NewsletterTemplate {
    page: Page,
    language: String,
    subject: String,
    body: String,
    date: String,
    /// The join form, tagged as coming from this newsletter.
    join_link: String,
}

async fn newsletter(
    State(services): State<Services>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<NewsletterTemplate> {
    let campaign = campaigns::archived(&services, &slug).await?;
    let version = language_for(&campaign.draft, page.locale.code());
    Ok(NewsletterTemplate {
        language: version.language.clone(),
        subject: version.subject.clone(),
        body: markdown::to_html(&version.body),
        date: sent_on(&page, &campaign),
        join_link: SourceSlug::parse(&campaign.slug)
            .map_or(JoinSource::Direct, JoinSource::Campaign)
            .join_link(),
        page,
    })
}

#[derive(Deserialize, Default)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "campaigns/unsubscribe.html")]
struct UnsubscribeTemplate {
    page: Page,
    token: String,
    /// The topic the link names (`None`: a link the site did not sign).
    topic: Option<Topic>,
    /// `None`: the button; `Some(true)`: done now; `Some(false)`: it already was.
    done: Option<bool>,
}

async fn unsubscribe_page(
    State(services): State<Services>,
    FormPage(page): FormPage,
    Query(query): Query<TokenQuery>,
) -> Response {
    let topic = consent::verify(&services, &query.token).map(|link| link.topic);
    let status = if topic.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    (
        status,
        UnsubscribeTemplate {
            page,
            token: query.token,
            topic,
            done: None,
        },
    )
        .into_response()
}

/// The token comes in the query (a mail client's one-click POST to the link) or in
/// the form (the page's button).
async fn unsubscribe(
    State(services): State<Services>,
    page: Page,
    Query(query): Query<TokenQuery>,
    body: Bytes,
) -> Result<Response> {
    // `List-Unsubscribe=One-Click` from a mail client (its token in the query), or
    // the button's form; a multipart body (which RFC 8058 also allows) carries no
    // token of ours, so the query's is used.
    let form: TokenQuery = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let token = if form.token.is_empty() {
        query.token
    } else {
        form.token
    };
    let (status, topic, done) = match consent::unsubscribe(&services, &token).await? {
        Unsubscribed::Done(topic) => (StatusCode::OK, Some(topic), Some(true)),
        Unsubscribed::Already(topic) => (StatusCode::OK, Some(topic), Some(false)),
        Unsubscribed::BadLink => (StatusCode::NOT_FOUND, None, None),
    };
    Ok((
        status,
        UnsubscribeTemplate {
            page,
            token: String::new(),
            topic,
            done,
        },
    )
        .into_response())
}
