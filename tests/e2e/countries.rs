use membernet_domain::country;
use reqwest::StatusCode;

use crate::{
    helpers::{PASSWORD, TestApp, spawn},
    profile::save_profile,
};

#[tokio::test]
async fn every_country_page_renders_and_unknown_codes_get_a_404_page() {
    let app = spawn().await;
    for country in country::all() {
        let page = app
            .get(&format!("/countries/{}", country.alpha2.to_lowercase()))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", country.alpha2);
        page.assert_contains(&format!(
            "<h1>{}</h1>",
            country.name_en.replace('\'', "&#39;")
        ));
    }
    assert_eq!(
        app.get("/countries/KE").await.status,
        StatusCode::OK,
        "codes in any case"
    );
    let unknown = app.get("/countries/zz").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    unknown.assert_contains("Page not found");
    assert_eq!(
        app.get("/countries/ken").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_country_profile_shows_its_members_rank_breakdowns_and_growth() {
    let app = spawn().await;
    for (name, email, country, category, sector) in [
        (
            "Amina Otieno",
            "amina@ngo.org",
            "KE",
            "social_worker",
            "child_protection",
        ),
        (
            "Chidi Okafor",
            "chidi@ngo.org",
            "KE",
            "researcher",
            "health",
        ),
        ("Bo Lind", "bo@ngo.org", "SE", "social_worker", "health"),
    ] {
        let fields = [("category", category), ("sectors", sector)];
        app.member_with_profile(name, email, country, &fields).await;
    }
    let page = app.get("/countries/ke").await;
    page.assert_contains("<dt>Members</dt><dd>2</dd>");
    page.assert_contains("<dd>1 of 2</dd>");
    page.assert_contains("Members per million people");
    page.assert_contains("<svg class=\"chart\"");
    page.assert_contains("<title id=\"growth-title\">Members of the network in Kenya</title>");
    page.assert_contains("<td>Social worker</td><td class=\"number\">1</td>");
    page.assert_contains("<td>Researcher</td><td class=\"number\">1</td>");
    page.assert_contains("<td>Child protection</td><td class=\"number\">1</td>");
    page.assert_contains("No data yet.");
    app.get("/countries/se")
        .await
        .assert_contains("<dd>2 of 2</dd>");

    let list = app.get("/countries").await;
    list.assert_contains("3 members in 2 countries");
    list.assert_contains("<a href=\"/countries/ke\">Kenya</a></td><td class=\"number\">2</td>");
    let by_members = app.get("/countries?sort=members").await;
    let kenya = by_members.body.find("/countries/ke\"").unwrap();
    let burundi = by_members.body.find("/countries/bi\"").unwrap();
    assert!(kenya < burundi, "sorted by members within the sub-region");
}

#[tokio::test]
async fn staff_enter_workforce_figures_and_the_ratio_is_derived() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    assert_eq!(
        app.get("/staff/countries/ke/workforce").await.status,
        StatusCode::FORBIDDEN
    );
    membernet_web::cli::create_admin(&app.services, "amina@ngo.org", None)
        .await
        .unwrap();

    let page = "/staff/countries/ke/workforce";
    let bad = app
        .submit(
            page,
            page,
            &[("workers", "lots"), ("year", "1900"), ("source", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("<a href=\"#workers\">");
    bad.assert_contains("<a href=\"#year\">");
    bad.assert_contains("<a href=\"#source\">");
    bad.assert_contains("value=\"lots\"");
    let saved = app
        .submit(
            page,
            page,
            &[
                ("workers", "27,013"),
                ("year", "2022"),
                ("source", "Ministry of Labour and Social Protection"),
            ],
        )
        .await;
    assert_eq!(saved.location(), Some("/countries/ke"));
    let profile = app.get("/countries/ke").await;
    profile.assert_contains("27,013");
    profile.assert_contains("Workforce: 2022, Ministry of Labour and Social Protection.");
    // 27,013 workers for 54,027,487 people: 50 per 100,000, 1 per 2,000.
    profile.assert_contains("<dd>50.0</dd>");
    profile.assert_contains("1 worker per 2000 people");
    let _ = save_profile;
}

#[tokio::test]
async fn the_demo_network_fills_the_pages_and_says_it_is_synthetic() {
    use membernet_domain::demo::DemoNetwork;
    use membernet_persistence::{countries, demo_seed};

    let app = spawn().await;
    assert!(!app.get("/").await.body.contains("demonstration network"));
    let schema = schema_objects(&app).await;
    membernet_web::cli::seed_demo(&app.services, 400, 3)
        .await
        .unwrap();
    // The seed builds the indexes once at the end: they are all back.
    assert_eq!(schema_objects(&app).await, schema);
    let home = app.get("/").await;
    home.assert_contains("This is a demonstration network");
    home.assert_contains("400 members in");
    let counts = countries::member_counts(app.db()).await.unwrap();
    assert_eq!(counts.values().sum::<u64>(), 400);
    let (top, _) = counts.iter().max_by_key(|(_, members)| **members).unwrap();
    let page = app.get(&format!("/countries/{}", top.to_lowercase())).await;
    page.assert_contains("<dd>1 of ");
    page.assert_contains("<path class=\"line\"");
    assert!(
        app.get("/members")
            .await
            .body
            .contains("<li class=\"card\">")
    );
    assert!(
        app.get("/organizations")
            .await
            .body
            .contains("/organizations/")
    );
    // The name search was filled too.
    let listed = app.get("/members").await;
    let name = listed
        .body
        .split("<li class=\"card\">\n    <h3>")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .find(|name| name.chars().all(|c| c.is_alphabetic() || c == ' '))
        .expect("a listed member's name")
        .to_owned();
    let surname = name.split_whitespace().last().unwrap();
    let found = app
        .get(&format!(
            "/members?q={}",
            membernet_web::error::urlencode(surname)
        ))
        .await;
    found.assert_contains(&name);

    let again = demo_seed::seed(app.db(), &DemoNetwork::new(10, 1), |_| {}).await;
    assert!(
        matches!(again, Err(membernet_persistence::Error::NotEmpty)),
        "only into an empty database"
    );
}

/// The indexes and triggers of the database, as their definitions.
async fn schema_objects(app: &TestApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = app.db().get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname"
        }
        _ => {
            "SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name"
        }
    };
    let rows = app
        .db()
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    rows.iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// The rollups behind country pages agree with counting the raw tables, after
/// seeding, profile edits, moves and an erasure.
#[tokio::test]
async fn country_figures_reconcile_with_the_raw_tables() {
    use std::collections::BTreeMap;

    use membernet_domain::{CountryCode, profile::Sector};
    use membernet_persistence::{
        countries,
        entity::{member, member_sector},
        rollup,
    };
    use sea_orm::EntityTrait;

    let app = spawn().await;
    membernet_web::cli::seed_demo(&app.services, 300, 5)
        .await
        .unwrap();
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    let edits: [&[(&str, &str)]; 3] = [
        &[
            ("category", "researcher"),
            ("sectors", "health"),
            ("listed", "yes"),
        ],
        &[
            ("category", "educator"),
            ("sectors", "health"),
            ("sectors", "justice"),
        ],
        &[("sectors", "disability"), ("listed", "yes")],
    ];
    for (edit, country) in edits.iter().zip(["KE", "UG", "UG"]) {
        save_profile(&app, "Amina Otieno", country, edit).await;
    }
    let fields = [
        ("category", "student"),
        ("sectors", "health"),
        ("listed", "yes"),
    ];
    let (other, _) = app
        .member_with_profile("Bo Lind", "bo@ngo.org", "UG", &fields)
        .await;
    app.submit_with(
        &other,
        "/account",
        "/account/delete",
        &[("password", PASSWORD)],
    )
    .await;

    let members = member::Entity::find().all(app.db()).await.unwrap();
    let sectors = member_sector::Entity::find().all(app.db()).await.unwrap();
    let counted: Vec<_> = members
        .iter()
        .filter(|m| {
            m.email_verified_at.is_some() && m.status == "active" && m.country_code.is_some()
        })
        .collect();
    let rollup_totals = countries::member_counts(app.db()).await.unwrap();
    for code in ["KE", "UG", "US", "NG"] {
        let country = CountryCode::parse(code).unwrap();
        let here: Vec<_> = counted
            .iter()
            .filter(|m| m.country_code.as_deref() == Some(code))
            .collect();
        assert_eq!(
            rollup_totals.get(code).copied().unwrap_or(0),
            here.len() as u64,
            "{code} members"
        );
        let mut by_category = BTreeMap::new();
        for m in &here {
            if let Some(category) = &m.category {
                *by_category.entry(category.clone()).or_insert(0u64) += 1;
            }
        }
        let rolled: BTreeMap<_, _> = countries::category_counts(app.db(), country)
            .await
            .unwrap()
            .into_iter()
            .map(|(category, n)| (category.code().to_owned(), n))
            .collect();
        assert_eq!(rolled, by_category, "{code} by category");
        let mut by_sector = BTreeMap::new();
        for s in sectors
            .iter()
            .filter(|s| here.iter().any(|m| m.id == s.member_id))
        {
            *by_sector.entry(s.sector.clone()).or_insert(0u64) += 1;
        }
        let rolled: BTreeMap<_, _> = countries::sector_counts(app.db(), country)
            .await
            .unwrap()
            .into_iter()
            .map(|(sector, n): (Sector, u64)| (sector.code().to_owned(), n))
            .collect();
        assert_eq!(rolled, by_sector, "{code} by sector");
        let listed = here.iter().filter(|m| m.listed).count() as u64;
        assert_eq!(
            countries::listed_count(app.db(), country).await.unwrap(),
            listed,
            "{code} listed"
        );
    }

    // The statistics rollup agrees with the members table in every area and segment,
    // and with a replay of the event log.
    let now = time::OffsetDateTime::now_utc();
    let month = membernet_domain::statistics::Grain::Month.period(now);
    for code in ["KE", "UG", "US", "NG"] {
        let here: Vec<_> = counted
            .iter()
            .filter(|m| m.country_code.as_deref() == Some(code))
            .collect();
        let totals = rollup::totals_at(
            app.db(),
            code,
            "",
            membernet_domain::statistics::Grain::Week,
            99991231,
        )
        .await
        .unwrap();
        assert_eq!(totals.members, here.len() as i64, "{code} weekly rollup");
        for category in ["researcher", "educator", "student"] {
            let expected = here
                .iter()
                .filter(|m| m.category.as_deref() == Some(category))
                .count();
            let totals = rollup::totals_at(
                app.db(),
                code,
                &format!("category:{category}"),
                membernet_domain::statistics::Grain::Month,
                month,
            )
            .await
            .unwrap();
            assert_eq!(totals.members, expected as i64, "{code} {category}");
        }
    }
    let network = rollup::totals_at(
        app.db(),
        "world",
        "",
        membernet_domain::statistics::Grain::Month,
        month,
    )
    .await
    .unwrap();
    assert_eq!(network.members, counted.len() as i64);
    app.assert_rollup_matches_log().await;
}
