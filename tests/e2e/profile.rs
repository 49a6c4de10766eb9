use membernet_persistence::entity::{member, member_sector, organization};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::helpers::{PASSWORD, TestApp, spawn};

pub async fn signed_in_member(app: &TestApp, name: &str, email: &str, country: &str) {
    app.member(name, email, country).await;
    let page = app.log_in(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

/// Saves the account form with `fields` on top of name and country.
pub async fn save_profile(
    app: &TestApp,
    name: &str,
    country: &str,
    fields: &[(&str, &str)],
) -> crate::helpers::Page {
    let mut all = vec![("full_name", name), ("country", country)];
    all.extend_from_slice(fields);
    app.submit("/account", "/account", &all).await
}

#[tokio::test]
async fn a_member_describes_their_work_and_affiliation() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    let saved = save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("job_title", "Child protection officer"),
            ("category", "social_worker"),
            ("sectors", "child_protection"),
            ("sectors", "justice"),
            ("organization", "Kenya Red Cross"),
            ("organization_type", "ngo"),
            ("interests", "Case management"),
            ("listed", "yes"),
            ("bio", "Fifteen years in family tracing."),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    let page = app.get("/account").await;
    page.assert_contains("value=\"Child protection officer\"");
    page.assert_contains("<option value=\"social_worker\" selected>");
    page.assert_contains("value=\"child_protection\" checked");
    page.assert_contains("value=\"justice\" checked");
    assert!(!page.body.contains("value=\"health\" checked"));
    page.assert_contains("value=\"Kenya Red Cross\"");
    page.assert_contains("id=\"listed\" name=\"listed\" type=\"checkbox\" value=\"yes\" aria-describedby=\"listed-hint\" checked");
    page.assert_contains("Fifteen years in family tracing.");

    let row = member::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert!(row.listed);
    let sectors = member_sector::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(sectors.len(), 2);
    let organizations = organization::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(organizations.len(), 1);
    assert_eq!(organizations[0].kind, "ngo");
    assert_eq!(organizations[0].country_code.as_deref(), Some("KE"));
}

#[tokio::test]
async fn the_directory_is_off_until_the_member_turns_it_on() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    let page = app.get("/account").await;
    assert!(page.body.contains("id=\"listed\""));
    assert!(
        !page
            .body
            .contains("aria-describedby=\"listed-hint\" checked")
    );
    let row = member::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert!(!row.listed);
}

#[tokio::test]
async fn profile_editing_with_bad_input_shows_each_problem_and_keeps_what_was_typed() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    let long_title = "T".repeat(121);
    let long_bio = "b".repeat(501);
    let page = save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("job_title", &long_title),
            ("category", "astronaut"),
            ("sectors", "child_protection"),
            ("sectors", "astrology"),
            ("organization", "A Brand New Organisation"),
            ("bio", &long_bio),
            ("listed", "yes"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("<a href=\"#job_title\">This must be 120 characters or fewer</a>");
    page.assert_contains("<a href=\"#category\">Choose a role from the list</a>");
    page.assert_contains("<a href=\"#sectors\">Choose sectors from the list</a>");
    page.assert_contains("<a href=\"#bio\">This must be 500 characters or fewer</a>");
    page.assert_contains(&format!("value=\"{long_title}\""));
    page.assert_contains("value=\"child_protection\" checked");
    page.assert_contains("value=\"A Brand New Organisation\"");
    page.assert_contains(&long_bio);

    // A new organisation needs its type; nothing else is wrong now.
    let page = save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[("organization", "A Brand New Organisation")],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("Choose the type of organization: it is new to the network");
    page.assert_contains("value=\"A Brand New Organisation\"");
    assert!(
        organization::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .is_empty()
    );
    let row = member::Entity::find().one(app.db()).await.unwrap().unwrap();
    assert_eq!(row.job_title, None, "nothing was saved");
}

#[tokio::test]
async fn organisation_names_are_matched_after_normalisation() {
    let app = spawn().await;
    signed_in_member(&app, "Amina Otieno", "amina@ngo.org", "KE").await;
    save_profile(
        &app,
        "Amina Otieno",
        "KE",
        &[
            ("organization", "UNICEF"),
            ("organization_type", "un_agency"),
        ],
    )
    .await;
    for (name, email, spelling) in [
        ("Bo Lind", "bo@ngo.org", "Unicef "),
        ("Chidi Okafor", "chidi@ngo.org", "U.N.I.C.E.F."),
    ] {
        let (_, saved) = app
            .member_with_profile(name, email, "NG", &[("organization", spelling)])
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{spelling}: the type is not needed for a known organisation"
        );
    }
    let organizations = organization::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(organizations.len(), 1);
    assert_eq!(
        organizations[0].name, "UNICEF",
        "the first spelling is the one shown"
    );
    let page = app.get("/organizations/unicef").await;
    page.assert_contains("<dd>3</dd>");

    let suggestions = app.get("/organizations/suggest?q=uni").await;
    assert_eq!(suggestions.body, "[\"UNICEF\"]");
}
