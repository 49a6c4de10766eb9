use membernet_persistence::entity::{member, organization};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::{
    helpers::{PASSWORD, new_client, spawn},
    profile::{save_profile, signed_in_member},
};

pub async fn staff_client(app: &crate::helpers::TestApp) -> reqwest::Client {
    let client = new_client();
    app.sign_in_admin_with(&client, "staff@alliance.org", "Staff Person")
        .await;
    client
}

#[tokio::test]
async fn staff_merge_a_duplicate_organisation_and_its_address_redirects() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("organization", "Kenya Red Cross"),
            ("organization_type", "ngo"),
        ],
    )
    .await;
    let fields = [
        ("organization", "Red Cross Kenya"),
        ("organization_type", "ngo"),
    ];
    let (other, _) = app
        .member_with_profile("Bo Lind", "bo@ngo.org", "KE", &fields)
        .await;
    assert_eq!(
        organization::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .len(),
        2
    );

    // Members may not merge.
    let refused = app
        .submit(
            "/account",
            "/staff/organizations/red-cross-kenya/merge",
            &[("target", "Kenya Red Cross")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let staff = staff_client(&app).await;
    let form = app
        .get_with(&staff, "/staff/organizations/red-cross-kenya")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let unknown = app
        .submit_with(
            &staff,
            "/staff/organizations/red-cross-kenya",
            "/staff/organizations/red-cross-kenya/merge",
            &[("target", "No Such Org")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown.assert_contains("No organization has that name");
    unknown.assert_contains("value=\"No Such Org\"");

    let merged = app
        .submit_with(
            &staff,
            "/staff/organizations/red-cross-kenya",
            "/staff/organizations/red-cross-kenya/merge",
            &[("target", "kenya red cross")],
        )
        .await;
    assert_eq!(merged.location(), Some("/organizations/kenya-red-cross"));
    let members = member::Entity::find().all(app.db()).await.unwrap();
    let target = organization::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.slug == "kenya-red-cross")
        .unwrap();
    assert!(
        members
            .iter()
            .filter(|m| m.email != "staff@alliance.org")
            .all(|m| m.organization_id == Some(target.id))
    );
    let old = app.get("/organizations/red-cross-kenya").await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.location(), Some("/organizations/kenya-red-cross"));
    let listing = app.get("/organizations").await;
    assert!(
        !listing.body.contains("Red Cross Kenya</a>"),
        "a merged organisation is not listed"
    );

    // Typing the merged name later finds the organisation it went into.
    let fields = [
        ("full_name", "Bo Lind"),
        ("country", "KE"),
        ("organization", "Red Cross Kenya"),
    ];
    app.submit_with(&other, "/account", "/account", &fields)
        .await;
    assert_eq!(
        organization::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .len(),
        2,
        "no new organisation"
    );
    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn staff_edit_an_organisation_with_checks() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("organization", "Kenya Red Cross"),
            ("organization_type", "ngo"),
        ],
    )
    .await;
    assert_eq!(
        app.get("/staff/organizations/kenya-red-cross").await.status,
        StatusCode::FORBIDDEN
    );
    let staff = staff_client(&app).await;
    let page = "/staff/organizations/kenya-red-cross";
    let bad = app
        .submit_with(
            &staff,
            page,
            page,
            &[
                ("name", "  "),
                ("kind", "cult"),
                ("country", "QQ"),
                ("website", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("<a href=\"#name\">Enter the organization&#39;s name</a>");
    bad.assert_contains(
        "<a href=\"#website\">Enter a website address like https://www.example.org</a>",
    );
    bad.assert_contains("value=\"javascript:alert(1)\"");
    let good = app
        .submit_with(
            &staff,
            page,
            page,
            &[
                ("name", "Kenya Red Cross Society"),
                ("kind", "civil_society"),
                ("country", "KE"),
                ("website", "redcross.or.ke"),
            ],
        )
        .await;
    assert_eq!(good.location(), Some("/organizations/kenya-red-cross"));
    let shown = app.get("/organizations/kenya-red-cross").await;
    shown.assert_contains("<h1>Kenya Red Cross Society</h1>");
    shown.assert_contains("Civil society");
    shown.assert_contains("href=\"https://redcross.or.ke\"");

    // Its member moved from NGOs to civil society in the statistics.
    for (kind, members) in [("ngo", 0), ("civil_society", 1)] {
        let growth: serde_json::Value = app
            .get(&format!(
                "/api/v1/stats/growth?region=eastern-africa&organization_type={kind}&interval=year"
            ))
            .await
            .body
            .parse()
            .unwrap();
        let series = growth["series"].as_array().unwrap();
        assert_eq!(series.last().unwrap()["members"], members, "{kind}");
    }
    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn the_organisation_list_searches_and_counts_members() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("organization", "Kenya Red Cross"),
            ("organization_type", "ngo"),
        ],
    )
    .await;
    let page = app.get("/organizations?q=red").await;
    page.assert_contains("<a href=\"/organizations/kenya-red-cross\">Kenya Red Cross</a>");
    page.assert_contains("Non-profit / NGO");
    page.assert_contains("<td class=\"number\">1</td>");
    assert!(
        !app.get("/organizations?q=unicef")
            .await
            .body
            .contains("Kenya Red Cross")
    );
    assert!(
        app.get("/organizations?country=KE")
            .await
            .body
            .contains("Kenya Red Cross")
    );
    assert!(
        !app.get("/organizations?country=FR")
            .await
            .body
            .contains("Kenya Red Cross")
    );
    assert_eq!(
        app.get("/organizations/no-such-thing").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_organisation_typed_by_someone_unconfirmed_is_nowhere_public() {
    let app = spawn().await;
    let fields = [
        ("full_name", "Never Confirmed"),
        ("email", "ghost@spam.example"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("organization", "Cheap Pills Kenya"),
        ("organization_type", "private_sector"),
        ("privacy", "yes"),
    ];
    app.submit("/join", "/join", &fields).await;
    assert_eq!(
        organization::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get("/organizations/cheap-pills-kenya").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/organizations/suggest?q=cheap").await.body, "[]");
    assert!(!app.get("/organizations").await.body.contains("Cheap Pills"));
    assert!(
        app.get("/countries/ke")
            .await
            .body
            .contains("<dt>Organizations</dt><dd><a href=\"/organizations?country=KE\">0</a>")
    );
}

#[tokio::test]
async fn names_in_scripts_without_latin_letters_get_distinct_addresses() {
    let app = spawn().await;
    for (n, name) in [
        "東京大学",
        "北京大学",
        "Московский университет",
        "جامعة القاهرة",
        "서울대학교",
        "大阪大学",
    ]
    .iter()
    .enumerate()
    {
        let email = format!("person{n}@ngo.org");
        let fields = [("organization", *name), ("organization_type", "academic")];
        let (_, saved) = app
            .member_with_profile("Person", &email, "JP", &fields)
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{name}");
    }
    let slugs: std::collections::HashSet<_> = organization::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.slug)
        .collect();
    assert_eq!(slugs.len(), 6);
}

/// Each organisation's count of members follows every change, in the change's own
/// transaction: confirming, a new employer, a new country, suspension and
/// reinstatement, erasure and a merge; the stored counts always equal the member
/// rows, and the public figures read them.
#[tokio::test]
async fn an_organisations_count_follows_every_change() {
    use membernet_persistence::organization_counts;

    let app = spawn().await;
    let counts = async || {
        assert_eq!(
            organization_counts::differences(app.db()).await.unwrap(),
            [],
            "stored counts equal the member rows"
        );
        let rows = organization::Entity::find().all(app.db()).await.unwrap();
        let of = |slug: &str| {
            rows.iter()
                .find(|row| row.slug == slug)
                .map_or(0, |row| row.counted_members)
        };
        (of("kenya-red-cross"), of("red-cross-kenya"))
    };
    let stats = async || -> serde_json::Value {
        serde_json::from_str(&app.get("/api/v1/stats").await.body).unwrap()
    };
    let works_at =
        |organization: &'static str| [("organization", organization), ("organization_type", "ngo")];

    // Someone who has not confirmed does not count.
    let unconfirmed = [
        ("full_name", "Never Confirmed"),
        ("email", "ghost@ngo.org"),
        ("password", PASSWORD),
        ("country", "KE"),
        ("organization", "Kenya Red Cross"),
        ("organization_type", "ngo"),
        ("privacy", "yes"),
    ];
    app.submit("/join", "/join", &unconfirmed).await;
    assert_eq!(counts().await, (0, 0));

    let (amina, _) = app
        .member_with_profile(
            "Amina Otieno",
            "amina@ngo.org",
            "KE",
            &works_at("Kenya Red Cross"),
        )
        .await;
    let (baraka, _) = app
        .member_with_profile(
            "Baraka Mwangi",
            "baraka@ngo.org",
            "KE",
            &works_at("Kenya Red Cross"),
        )
        .await;
    assert_eq!(counts().await, (2, 0));
    assert_eq!(stats().await["organizations"], 1);

    // A new employer; then a new country, at the same employer.
    let mut fields = vec![("full_name", "Baraka Mwangi"), ("country", "KE")];
    fields.extend(works_at("Red Cross Kenya"));
    app.submit_with(&baraka, "/account", "/account", &fields)
        .await;
    assert_eq!(counts().await, (1, 1));
    fields[1] = ("country", "UG");
    app.submit_with(&baraka, "/account", "/account", &fields)
        .await;
    assert_eq!(counts().await, (1, 1));
    assert_eq!(stats().await["organizations"], 2);

    // Suspension and reinstatement.
    let staff = staff_client(&app).await;
    let id = app.account("amina@ngo.org").await.id.0;
    let page = format!("/staff/members/{id}");
    app.submit_with(&staff, &page, &format!("{page}/suspend"), &[])
        .await;
    assert_eq!(counts().await, (0, 1));
    assert_eq!(stats().await["organizations"], 1);
    app.submit_with(&staff, &page, &format!("{page}/reinstate"), &[])
        .await;
    assert_eq!(counts().await, (1, 1));

    // A merge moves the duplicate's members and their count.
    let merged = app
        .submit_with(
            &staff,
            "/staff/organizations/red-cross-kenya",
            "/staff/organizations/red-cross-kenya/merge",
            &[("target", "Kenya Red Cross")],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(counts().await, (2, 0));

    // Erasure (suspension ended Amina's sessions).
    app.log_in_with(&amina, "amina@ngo.org", PASSWORD).await;
    app.submit_with(
        &amina,
        "/account",
        "/account/delete",
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(counts().await, (1, 0));
    assert_eq!(stats().await["organizations"], 1);
    app.assert_rollup_matches_log().await;
}
