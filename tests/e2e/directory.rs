use reqwest::StatusCode;

use crate::{
    helpers::{PASSWORD, spawn},
    profile::{save_profile, signed_in_member},
};

/// Every public way to look members up, for `name` in `country` at `organization`.
fn public_lookups(name: &str, country: &str, organization: &str) -> Vec<String> {
    let first = name.split_whitespace().next().unwrap();
    vec![
        "/members".into(),
        format!("/members?q={first}"),
        format!("/members?q={}", name.replace(' ', "+")),
        format!("/members?country={country}"),
        "/members?region=sub-saharan-africa".into(),
        "/members?region=africa".into(),
        "/members?category=social_worker".into(),
        "/members?sector=child_protection".into(),
        format!("/members?organization={organization}"),
        format!("/countries/{}", country.to_lowercase()),
        format!("/organizations/{organization}"),
        "/organizations".into(),
        "/organizations/suggest?q=kenya".into(),
        "/countries".into(),
        "/".into(),
    ]
}

#[tokio::test]
async fn a_member_who_has_not_opted_in_never_appears_and_emails_never_do() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    let work = [
        ("job_title", "Child protection officer"),
        ("category", "social_worker"),
        ("sectors", "child_protection"),
        ("organization", "Kenya Red Cross"),
        ("organization_type", "ngo"),
        ("bio", "Family tracing."),
    ];
    save_profile(&app, "Amina Otieno", "KE", &work).await;

    let visitor = crate::helpers::new_client();
    for path in public_lookups("Amina Otieno", "KE", "kenya-red-cross") {
        let page = app.get_with(&visitor, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        // The search box repeats what was typed; a member would show as a card.
        assert!(
            !page.body.contains("<h3>Amina") && !page.body.contains("Otieno</"),
            "{path} shows a member who did not opt in"
        );
        assert!(
            !page.body.contains("amina@ngo.org"),
            "{path} shows an email address"
        );
    }

    let mut listed = work.to_vec();
    listed.push(("listed", "yes"));
    save_profile(&app, "Amina Otieno", "KE", &listed).await;
    for path in public_lookups("Amina Otieno", "KE", "kenya-red-cross") {
        let page = app.get_with(&visitor, &path).await;
        assert!(
            !page.body.contains("amina@ngo.org"),
            "{path} shows an email address"
        );
        if path.starts_with("/members")
            || path.starts_with("/countries/")
            || path.starts_with("/organizations/kenya")
        {
            assert!(
                page.body.contains("Amina Otieno"),
                "{path} misses a listed member"
            );
        }
    }
}

#[tokio::test]
async fn unverified_and_suspended_members_stay_out_of_the_directory() {
    use membernet_persistence::entity::member;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

    let app = spawn().await;
    app.join("Unverified Person", "unverified@ngo.org", PASSWORD, "KE")
        .await;
    app.log_in("unverified@ngo.org", PASSWORD).await;
    save_profile(&app, "Unverified Person", "KE", &[("listed", "yes")]).await;
    assert!(!app.get("/members").await.body.contains("Unverified Person"));

    app.member_with_profile(
        "Suspended Person",
        "suspended@ngo.org",
        "KE",
        &[("listed", "yes")],
    )
    .await;
    assert!(app.get("/members").await.body.contains("Suspended Person"));
    member::Entity::update_many()
        .col_expr(member::Column::Status, Expr::value("suspended"))
        .filter(member::Column::Email.eq("suspended@ngo.org"))
        .exec(app.db())
        .await
        .unwrap();
    assert!(!app.get("/members").await.body.contains("Suspended Person"));
}

#[tokio::test]
async fn the_directory_searches_names_by_word_prefix_and_filters() {
    let app = spawn().await;
    let people = [
        (
            "Amina Otieno",
            "amina@ngo.org",
            "KE",
            "social_worker",
            "child_protection",
        ),
        ("Amir Haddad", "amir@ngo.org", "LB", "researcher", "health"),
        ("Bo Lind", "bo@ngo.org", "SE", "social_worker", "health"),
        (
            "Nguyễn Thị Lan",
            "lan@ngo.org",
            "VN",
            "educator",
            "education",
        ),
    ];
    for (name, email, country, category, sector) in people {
        let fields = [
            ("category", category),
            ("sectors", sector),
            ("listed", "yes"),
        ];
        let (_, saved) = app.member_with_profile(name, email, country, &fields).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }
    let names = |body: &str| {
        people
            .iter()
            .filter(|(name, ..)| body.contains(&format!("<h3>{name}</h3>")))
            .map(|(name, ..)| *name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&app.get("/members?q=ami").await.body),
        ["Amina Otieno", "Amir Haddad"]
    );
    assert_eq!(
        names(&app.get("/members?q=otie").await.body),
        ["Amina Otieno"]
    );
    assert_eq!(
        names(&app.get("/members?q=AMI+hadd").await.body),
        ["Amir Haddad"]
    );
    assert_eq!(
        names(&app.get("/members?q=Nguy%E1%BB%85n").await.body),
        ["Nguyễn Thị Lan"],
        "names in any script are found"
    );
    assert_eq!(
        names(&app.get("/members?q=%22+OR+*").await.body),
        Vec::<&str>::new(),
        "query syntax is not passed through"
    );
    assert_eq!(
        names(&app.get("/members?country=ke").await.body),
        ["Amina Otieno"]
    );
    assert_eq!(
        names(&app.get("/members?region=western-asia").await.body),
        ["Amir Haddad"]
    );
    assert_eq!(
        names(&app.get("/members?region=europe").await.body),
        ["Bo Lind"]
    );
    assert_eq!(
        names(&app.get("/members?category=social_worker").await.body),
        ["Amina Otieno", "Bo Lind"]
    );
    assert_eq!(
        names(&app.get("/members?sector=health").await.body),
        ["Amir Haddad", "Bo Lind"]
    );
    assert_eq!(
        names(&app.get("/members?sector=health&q=bo").await.body),
        ["Bo Lind"]
    );
    assert_eq!(
        names(&app.get("/members?country=zz&region=atlantis").await.body).len(),
        4,
        "unknown filters are ignored"
    );
}

#[tokio::test]
async fn the_directory_is_paginated() {
    use membernet_domain::demo::DemoNetwork;
    use membernet_persistence::demo_seed;

    let app = spawn().await;
    demo_seed::seed(app.db(), &DemoNetwork::new(200, 7), |_| {})
        .await
        .unwrap();
    let first = app.get("/members").await;
    assert_eq!(first.body.matches("<li class=\"card\">").count(), 20);
    first.assert_contains("rel=\"next\"");
    assert!(!first.body.contains("rel=\"prev\""));
    let second = app.get("/members?page=1").await;
    second.assert_contains("rel=\"prev\"");
    let second_names: Vec<&str> = second
        .body
        .split("<h3>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    assert_eq!(second_names.len(), 20, "the second page is full too");
    // Names repeat in a synthetic network, so compare whole cards, not names.
    let cards = |body: &str| -> Vec<String> {
        body.split("<li class=\"card\">")
            .skip(1)
            .map(|card| card.split("</li>").next().unwrap().to_owned())
            .collect()
    };
    let (first_cards, second_cards) = (cards(&first.body), cards(&second.body));
    assert!(
        first_cards.iter().all(|card| !second_cards.contains(card)),
        "no member is on both pages"
    );
}
