//! Library search at scale: how long a search of the resources takes at N
//! published resources, through the whole router (every middleware, the page
//! rendered) and in the database alone, beside a naive scan of the same words
//! (`LIKE '%word%'` over every row) measured in the same run.
//!
//! Writes N synthetic resources (the demo library's generator) into a temporary
//! SQLite database (or the empty PostgreSQL database
//! `MEMBERNET_BENCH_DATABASE_URL` names), then runs each search R times and prints
//! the medians.
//!
//!     cargo bench -p membernet-tests --bench library [-- N R]     (default 100000 51)

use std::time::{Duration, Instant};

use axum::body::Body;
use membernet_domain::library::{Kind, Section, Topic, draft::Attachments};
use membernet_persistence::library::search::{SearchQuery, Sort};
use membernet_web::{
    app::App,
    config::{Config, Settings},
    services::library,
};
use sea_orm::{ConnectionTrait, Statement};
use tower::ServiceExt;

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1_000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let resources: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(51);

    let dir = tempfile::tempdir()?;
    let database_url = std::env::var("MEMBERNET_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )
    });
    let mut config = Config::from_settings(Settings {
        database_url: Some(database_url),
        bind: Some("127.0.0.1:0".into()),
        files: Some(dir.path().join("files").display().to_string()),
        ..Settings::default()
    })?;
    config.public_min_count = membernet_domain::disclosure::Threshold::new(1);
    let app = App::build(config).await?;
    let services = app.state.services.clone();
    let db = services.db.clone();

    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let items: Vec<_> = membernet_domain::demo::library::library(1, resources, 0)
        .into_iter()
        .filter_map(|item| {
            let draft = item
                .input
                .parse(item.section, Attachments::default(), now.year())
                .ok()?;
            Some(membernet_persistence::library::DemoEntry {
                draft,
                submitter: None,
                at: now - time::Duration::seconds(item.days_ago * 86_400),
                file_key: None,
                photo_key: None,
            })
        })
        .collect();
    for chunk in items.chunks(10_000) {
        membernet_persistence::library::seed_demo(&db, chunk).await?;
    }
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    println!(
        "stored {} resources in {:.1} s",
        items.len(),
        started.elapsed().as_secs_f64()
    );

    let searches: Vec<(&str, SearchQuery)> = vec![
        ("one common word", query("protection", |_| {})),
        ("two words", query("supervision kenya", |_| {})),
        ("a word without its accent", query("evaluacion", |_| {})),
        ("a rare word", query("cusco", |_| {})),
        (
            "a word and a country",
            query("guide", |q| q.countries = vec![code("KE")]),
        ),
        (
            "a word, a kind and a topic",
            query("workforce", |q| {
                q.kind = Some(Kind::Report);
                q.topic = Some(Topic::Supervision);
            }),
        ),
        (
            "no words, newest first",
            query("", |q| q.sort = Sort::Newest),
        ),
        (
            "no words, a region and a language",
            query("", |q| {
                q.countries = membernet_domain::country::in_region("africa");
                q.language = Some("fr".into());
            }),
        ),
    ];
    let router = app.router();
    println!(
        "{:<36} {:>12} {:>12} {:>14} {:>8}",
        "search (median of rounds)", "page", "database", "naive scan", "found"
    );
    let mut pages_all = Vec::new();
    for (index, (label, search)) in searches.iter().enumerate() {
        // A round first, unmeasured, to warm the caches as a busy site's are.
        library::search(&services, search).await?;
        let mut in_db = Vec::new();
        let mut found = 0;
        for _ in 0..rounds {
            let began = Instant::now();
            let (items, _) = library::search(&services, search).await?;
            in_db.push(began.elapsed());
            found = items.len();
        }
        let mut pages = Vec::new();
        for round in 0..rounds {
            // A new address each round: the page cache never answers for the search.
            let uri = format!("{}&round={index}-{round}", link(search));
            let began = Instant::now();
            let response = router
                .clone()
                .oneshot(
                    axum::http::Request::get(uri)
                        .header("host", "127.0.0.1")
                        .body(Body::empty())?,
                )
                .await?;
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            pages.push(began.elapsed());
        }
        let mut naive = Vec::new();
        let words = membernet_domain::library::search_terms(&search.words);
        if !words.is_empty() {
            let condition = words
                .iter()
                .map(|word| format!("search_text LIKE '%{word}%'"))
                .collect::<Vec<_>>()
                .join(" AND ");
            for _ in 0..rounds.min(11) {
                let began = Instant::now();
                db.query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COUNT(*) FROM library_item WHERE {condition}"),
                ))
                .await?;
                naive.push(began.elapsed());
            }
        }
        let page = median(pages);
        pages_all.push(page);
        println!(
            "{label:<36} {:>12} {:>12} {:>14} {found:>8}",
            ms(page),
            ms(median(in_db)),
            if naive.is_empty() {
                "-".to_owned()
            } else {
                ms(median(naive))
            },
        );
    }
    println!("median page over every search: {}", ms(median(pages_all)));
    Ok(())
}

fn code(text: &str) -> membernet_domain::CountryCode {
    membernet_domain::CountryCode::parse(text).expect("a country")
}

fn query(words: &str, adjust: impl FnOnce(&mut SearchQuery)) -> SearchQuery {
    let mut query = SearchQuery {
        section: Some(Section::Resource),
        words: words.to_owned(),
        ..SearchQuery::default()
    };
    adjust(&mut query);
    query
}

/// The address of the page that runs `search`.
fn link(search: &SearchQuery) -> String {
    let mut pairs: Vec<(&str, String)> = vec![("q", search.words.clone())];
    if let Some(kind) = search.kind {
        pairs.push(("kind", kind.code().to_owned()));
    }
    if let Some(topic) = search.topic {
        pairs.push(("topic", topic.code().to_owned()));
    }
    if search.countries.len() == 1 {
        pairs.push(("country", search.countries[0].as_str().to_owned()));
    } else if !search.countries.is_empty() {
        pairs.push(("region", "africa".to_owned()));
    }
    if let Some(language) = &search.language {
        pairs.push(("language", language.clone()));
    }
    if search.sort == Sort::Newest {
        pairs.push(("sort", "newest".to_owned()));
    }
    format!(
        "/resources?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}
