//! Page weight: every public page reaches a visitor in under 50 KB, compressed, with
//! the stylesheet and scripts it needs, for people on slow connections and small
//! data plans. The figures are printed (`--nocapture`) and in the failure.

use reqwest::{StatusCode, header};

use crate::helpers::{TestApp, spawn};

/// Bytes on the wire: the page, its stylesheet and its scripts.
const BUDGET: usize = 50 * 1024;

/// What a first visit transfers, as a browser that accepts gzip and has nothing
/// cached: the page and each stylesheet and script it references.
struct Weight {
    path: String,
    page: usize,
    assets: usize,
    /// The page and its files uncompressed, for comparison.
    uncompressed: usize,
}

impl Weight {
    fn total(&self) -> usize {
        self.page + self.assets
    }
}

/// What `path` weighs for a first visit (no cookies).
async fn weigh(app: &TestApp, path: &str) -> Weight {
    weigh_with(app, &reqwest::Client::new(), path).await
}

/// What `path` weighs for `client` (a signed-in member's or staff's browser, say).
async fn weigh_with(app: &TestApp, client: &reqwest::Client, path: &str) -> Weight {
    let page = fetch(app, client, path).await;
    // The client has no gzip decoder: it asks again, uncompressed, to read the HTML.
    let html = client
        .get(app.url(path))
        .send()
        .await
        .expect("GET answers")
        .text()
        .await
        .expect("a body");
    let mut assets = 0;
    let mut uncompressed = html.len();
    for asset in referenced_assets(&html) {
        assets += fetch(app, client, &asset).await.len();
        uncompressed += client
            .get(app.url(&asset))
            .send()
            .await
            .and_then(|response| response.error_for_status())
            .expect("the file answers")
            .bytes()
            .await
            .expect("a body")
            .len();
    }
    Weight {
        path: path.to_owned(),
        page: page.len(),
        assets,
        uncompressed,
    }
}

/// The body of `path` as it crosses the network, checking it is compressed (and,
/// for static files, cached for a year).
async fn fetch(app: &TestApp, client: &reqwest::Client, path: &str) -> Vec<u8> {
    let response = client
        .get(app.url(path))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("GET answers");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header(header::CONTENT_ENCODING),
        "gzip",
        "{path} is compressed"
    );
    if path.starts_with("/static/") {
        assert_eq!(
            header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{path} is cached for a year"
        );
    }
    response.bytes().await.expect("a body").to_vec()
}

/// The `/static/…` stylesheets and scripts the HTML names, once each.
fn referenced_assets(html: &str) -> Vec<String> {
    let mut assets: Vec<String> = html
        .split("\"/static/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|file| format!("/static/{file}"))
        .collect();
    assets.sort();
    assets.dedup();
    assets
}

#[tokio::test]
async fn every_public_page_with_its_styles_and_scripts_weighs_under_50_kb_compressed() {
    let app = spawn().await;
    // A network of realistic size: full directory pages, many countries and
    // organisations, the demo banner.
    app.seed_demo_network(1_000).await;
    let first_organization = format!("/organizations/{}", first_organization(&app).await);
    let event = first_event(&app).await;

    let mut weights = Vec::new();
    for path in [
        "/events",
        event.as_str(),
        "/",
        "/join",
        "/login",
        "/password/forgot",
        "/members",
        "/organizations",
        first_organization.as_str(),
        "/countries",
        "/countries/ke",
        "/countries/ke/planner",
        "/stats",
        "/support",
        "/support/thanks?option=1",
        "/weeks",
        "/weeks/2022",
        "/weeks/2022/share",
    ] {
        weights.push(weigh(&app, path).await);
    }

    assert_under_budget(&weights, "a first visit");
}

/// The slug of the first organisation `/organizations` lists.
async fn first_organization(app: &TestApp) -> String {
    app.get("/organizations")
        .await
        .body
        .split("href=\"/organizations/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|slug| !slug.contains('?'))
        .expect("the organisations page links to an organisation")
        .to_owned()
}

/// The address of the first event `/events` lists (the demo programme's).
pub async fn first_event(app: &TestApp) -> String {
    let slug = app
        .get("/events")
        .await
        .body
        .split("href=\"/events/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|slug| !slug.contains('?') && !slug.ends_with(".ics"))
        .expect("the events page links to an event")
        .to_owned();
    format!("/events/{slug}")
}

/// Prints the weights, and fails when a page is over the budget.
fn assert_under_budget(weights: &[Weight], who: &str) {
    let table: String = weights
        .iter()
        .map(|weight| {
            format!(
                "{:>7} B  (page {:>6} B + styles and scripts {:>5} B; {:>6} B uncompressed)  {}\n",
                weight.total(),
                weight.page,
                weight.assets,
                weight.uncompressed,
                weight.path
            )
        })
        .collect();
    eprintln!("transferred for {who}, gzip:\n{table}");
    let over: Vec<&Weight> = weights.iter().filter(|w| w.total() > BUDGET).collect();
    assert!(
        over.is_empty(),
        "{} page(s) over the {BUDGET}-byte budget for {who}:\n{table}",
        over.len()
    );
}

#[tokio::test]
async fn every_page_weighs_under_50_kb_for_a_member_and_for_staff_too() {
    let app = spawn().await;
    app.seed_demo_network(1_000).await;
    let event = first_event(&app).await;
    let public = [
        "/events",
        event.as_str(),
        "/",
        "/members",
        "/organizations",
        "/countries",
        "/countries/ke",
        "/countries/ke/planner",
        "/stats",
        "/newsletters",
        "/resources",
        "/resources?q=protection&country=KE",
        "/stories",
    ];

    let fields = [("category", "social_worker"), ("sectors", "health")];
    let (member, _) = app
        .member_with_profile("Amina Otieno", "amina@ngo.org", "KE", &fields)
        .await;
    let mut weights = Vec::new();
    for path in public.iter().chain(&["/account"]) {
        weights.push(weigh_with(&app, &member, path).await);
    }
    assert_under_budget(&weights, "a signed-in member");

    let staff = crate::organizations::staff_client(&app).await;
    let id = app.account("amina@ngo.org").await.id.0;
    let organization = format!("/staff/organizations/{}", first_organization(&app).await);
    let staff_pages = [
        "/staff".to_owned(),
        "/staff/members".to_owned(),
        format!("/staff/members/{id}"),
        "/staff/statistics".to_owned(),
        "/staff/statistics?region=africa&interval=quarter".to_owned(),
        "/staff/exports".to_owned(),
        "/staff/countries/ke/workforce".to_owned(),
        organization,
        "/staff/events".to_owned(),
        "/staff/events/new".to_owned(),
        event.replacen("/events/", "/staff/events/", 1),
        format!(
            "{}/registrations",
            event.replacen("/events/", "/staff/events/", 1)
        ),
        "/staff/campaigns".to_owned(),
        "/staff/campaigns/new".to_owned(),
        "/staff/campaigns/1".to_owned(),
        "/staff/campaigns/2".to_owned(),
        "/staff/campaigns/1/preview?language=fr".to_owned(),
        "/staff/library".to_owned(),
        "/staff/library/1".to_owned(),
        "/staff/library/new?section=resource".to_owned(),
    ];
    let mut weights = Vec::new();
    for path in public
        .iter()
        .map(|path| (*path).to_owned())
        .chain(staff_pages)
    {
        weights.push(weigh_with(&app, &staff, &path).await);
    }
    assert_under_budget(&weights, "staff");
}

#[tokio::test]
async fn static_files_live_at_addresses_that_change_with_their_content() {
    let app = spawn().await;
    let join = app.get("/join").await;
    let assets = referenced_assets(&join.body);
    assert_eq!(
        assets.len(),
        3,
        "a stylesheet, the icon and a script: {assets:?}"
    );
    for asset in &assets {
        let file = asset.trim_start_matches("/static/");
        let (stem, rest) = file.split_once('.').expect("name.hash.extension");
        let (hash, extension) = rest.split_once('.').expect("name.hash.extension");
        assert_eq!(hash.len(), 16, "{asset}");
        let page = app.get(asset).await;
        assert_eq!(page.status, StatusCode::OK, "{asset}");
        assert!(!page.body.is_empty());

        // The old address leads to the current one; a stale hash is gone.
        let old = app.get(&format!("/static/{stem}.{extension}")).await;
        assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT, "{asset}");
        assert_eq!(old.location(), Some(asset.as_str()));
        let stale = app
            .get(&format!("/static/{stem}.0123456789abcdef.{extension}"))
            .await;
        assert_eq!(stale.status, StatusCode::NOT_FOUND, "{asset}");
    }
}

#[tokio::test]
async fn pages_sent_to_a_session_are_compressed_and_carry_a_new_mask_of_their_token_each_time() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", crate::helpers::PASSWORD).await;
    let encoding = async |path: &str| {
        let response = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .expect("GET answers");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|value| value.to_str().unwrap_or_default().to_owned())
    };
    // Safe to compress (BREACH): the token beside what the request asked is masked
    // afresh in every answer.
    assert_eq!(encoding("/members?q=amina").await.as_deref(), Some("gzip"));
    let first = app.get("/members?q=amina").await.csrf_token();
    let second = app.get("/members?q=amina").await.csrf_token();
    assert_ne!(first, second);
    let join = app.get("/").await;
    let stylesheet = referenced_assets(&join.body).remove(0);
    assert_eq!(encoding(&stylesheet).await.as_deref(), Some("gzip"));
}
