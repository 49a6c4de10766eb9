//! The staff member list, its CSV export and audit log, roles and suspension.

use membernet_persistence::{entity::staff_audit as audit, staff_audit};
use membernet_web::routes::staff::forms::Filters;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::Value;

use crate::{
    helpers::{PASSWORD, Page, TestApp, new_client, spawn},
    planner::csv_fields,
};

const ADMIN_EMAIL: &str = "director@alliance.org";

/// Makes the admin from the command line and signs them in on `app.client`.
async fn sign_in_admin(app: &TestApp) {
    app.sign_in_admin_with(&app.client, ADMIN_EMAIL, "Dana Director")
        .await;
}

async fn id_of(app: &TestApp, email: &str) -> i64 {
    app.account(email).await.id.0
}

/// Posts a form from a member's page, with its CSRF token, as `client`.
async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = format!("/staff/members/{id}");
    app.submit_with(client, &page, &format!("{page}/{action}"), fields)
        .await
}

/// A verified member made staff by the signed-in admin, signed in on a browser of
/// their own.
async fn staff_member(app: &TestApp, name: &str, email: &str) -> reqwest::Client {
    app.member(name, email, "KE").await;
    let id = id_of(app, email).await;
    let made = act(app, &app.client, id, "role", &[("role", "staff")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let client = new_client();
    app.log_in_with(&client, email, PASSWORD).await;
    client
}

async fn json(app: &TestApp, path: &str) -> Value {
    let page = app.get_with(&new_client(), path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    serde_json::from_str(&page.body).unwrap()
}

/// Where each address appears in the page (to check the order).
fn positions(page: &Page, emails: &[&str]) -> Vec<usize> {
    emails
        .iter()
        .map(|email| {
            page.body
                .find(&format!("<td>{email}</td>"))
                .unwrap_or_else(|| panic!("{email} is not listed"))
        })
        .collect()
}

fn lists(page: &Page, email: &str) -> bool {
    page.body.contains(&format!("<td>{email}</td>"))
}

#[tokio::test]
async fn staff_member_pages_refuse_members_and_send_visitors_to_log_in() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let id = id_of(&app, "amina@ngo.org").await;
    let paths = [
        "/staff/members".to_owned(),
        "/staff/members?format=csv".to_owned(),
        format!("/staff/members/{id}"),
        "/staff/exports".to_owned(),
    ];
    for path in &paths {
        let visitor = app.get(path).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{path}");
        let next = membernet_web::error::urlencode(path);
        assert_eq!(
            visitor.location(),
            Some(format!("/login?next={next}").as_str())
        );
    }

    app.log_in("amina@ngo.org", PASSWORD).await;
    for path in &paths {
        assert_eq!(app.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let token = app.get("/account").await.csrf_token();
    for action in ["suspend", "reinstate", "role"] {
        let page = app
            .post_raw(
                &format!("/staff/members/{id}/{action}"),
                &[("csrf_token", token.as_str()), ("role", "admin")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{action}");
    }
    assert_eq!(
        app.account("amina@ngo.org").await.role,
        membernet_domain::Role::Member
    );
    let (exports, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert!(exports.is_empty(), "a refused export is not an export");
}

#[tokio::test]
async fn staff_search_filter_and_sort_every_account_with_its_email() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.member("Bola Adeyemi", "bola@health.ng", "NG").await;
    let joined = app
        .join("Chen Wei", "chen@uni.cn", "lantern orchard spoke", "CN")
        .await;
    assert_eq!(joined.status, StatusCode::OK);
    // Let the welcome email's write finish before the admin is made.
    app.emails_to("chen@uni.cn").await;
    sign_in_admin(&app).await;

    let all = app.get("/staff/members").await;
    assert_eq!(all.status, StatusCode::OK);
    all.assert_contains("<caption>");
    all.assert_contains("<th scope=\"col\">Email address</th>");
    let everyone = [
        "amina@ngo.org",
        "bola@health.ng",
        "chen@uni.cn",
        ADMIN_EMAIL,
    ];
    let by_name = positions(&all, &["amina@ngo.org", "bola@health.ng", "chen@uni.cn"]);
    assert!(by_name.is_sorted(), "sorted by name by default");
    assert!(lists(&all, ADMIN_EMAIL));

    let cases: [(&str, &[&str]); 10] = [
        ("q=otieno", &["amina@ngo.org"]),
        ("q=OTI", &["amina@ngo.org"]),
        ("q=BOLA%40HEALTH", &["bola@health.ng"]),
        ("q=chen", &["chen@uni.cn"]),
        ("country=ke", &["amina@ngo.org"]),
        (
            "region=sub-saharan-africa",
            &["amina@ngo.org", "bola@health.ng"],
        ),
        ("verified=no", &["chen@uni.cn"]),
        ("role=admin", &[ADMIN_EMAIL]),
        ("status=suspended", &[]),
        ("status=active&verified=yes&country=NG", &["bola@health.ng"]),
    ];
    for (query, expected) in cases {
        let page = app.get(&format!("/staff/members?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        for email in everyone {
            assert_eq!(
                lists(&page, email),
                expected.contains(&email),
                "{query}: {email}"
            );
        }
    }

    let by_country = app.get("/staff/members?sort=country&verified=yes").await;
    let order = positions(&by_country, &["amina@ngo.org", "bola@health.ng"]);
    assert!(order.is_sorted(), "KE before NG");
    let newest = app.get("/staff/members?sort=joined&role=member").await;
    let order = positions(&newest, &["bola@health.ng", "amina@ngo.org", "chen@uni.cn"]);
    assert!(
        order.is_sorted(),
        "newest confirmed first, the unconfirmed last"
    );
    newest.assert_contains("<option value=\"joined\" selected>");
    newest.assert_contains("href=\"/staff/members?role=member&#38;sort=joined&#38;format=csv\"");
}

#[tokio::test]
async fn another_site_cannot_start_an_export() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    let refused = app.get_cross_site("/staff/members?format=csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.headers.contains_key("content-disposition"));
    let (exports, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert!(exports.is_empty(), "nothing exported, nothing audited");

    let own = app.get("/staff/members?format=csv").await;
    assert_eq!(own.status, StatusCode::OK);
    let (exports, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert_eq!(exports.len(), 1);
}

#[tokio::test]
async fn bad_filters_say_what_is_wrong_and_keep_what_was_typed() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    let page = app
        .get("/staff/members?q=amina&country=XX&sort=age&status=gone")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("There is a problem");
    page.assert_contains("<a href=\"#country\">Choose a country from the list</a>");
    page.assert_contains("Choose how to sort from the list");
    page.assert_contains("Choose active or suspended");
    page.assert_contains("<option value=\"XX\" selected>XX</option>");
    page.assert_contains("<option value=\"age\" selected>age</option>");
    page.assert_contains("value=\"amina\"");

    let csv = app.get("/staff/members?country=XX&format=csv").await;
    assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!csv.headers.contains_key("content-disposition"));
    assert_eq!(
        app.get("/staff/members?format=xlsx").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/staff/members?page=first").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/staff/members/999999").await.status,
        StatusCode::NOT_FOUND
    );
    let (exports, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert!(exports.is_empty());
}

#[tokio::test]
async fn the_csv_export_reads_back_as_the_filtered_accounts_and_is_audited() {
    let app = spawn().await;
    let work = [
        ("category", "social_worker"),
        ("sectors", "child_protection"),
        ("sectors", "health"),
        ("organization", "Kenya Red Cross"),
        ("organization_type", "ngo"),
    ];
    app.member_with_profile("Amina Otieno", "amina@ngo.org", "KE", &work)
        .await;
    app.member("Baraka Mwangi", "baraka@ngo.org", "KE").await;
    app.member("Bola Adeyemi", "bola@health.ng", "NG").await;
    sign_in_admin(&app).await;

    let response = app
        .client
        .get(app.url("/staff/members?country=KE&status=active&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv; charset=utf-8")
    );
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"members-country-KE-status-active-{today}.csv\"")
    );
    let body = response.text().await.unwrap();
    let rows: Vec<Vec<String>> = body.lines().map(csv_fields).collect();
    assert_eq!(
        rows[0],
        [
            "name",
            "email",
            "country",
            "organisation",
            "category",
            "sectors",
            "joined",
            "verified",
            "status",
            "role"
        ]
    );
    assert_eq!(rows.len(), 3, "Amina and Baraka, in name order:\n{body}");
    assert_eq!(
        rows[1],
        [
            "Amina Otieno",
            "amina@ngo.org",
            "KE",
            "Kenya Red Cross",
            "social_worker",
            "child_protection; health",
            &today.to_string(),
            "yes",
            "active",
            "member"
        ]
    );
    assert_eq!(rows[2][1], "baraka@ngo.org");

    // The same view on the page lists the same people.
    let page = app.get("/staff/members?country=KE&status=active").await;
    for row in &rows[1..] {
        assert!(lists(&page, &row[1]));
    }
    assert!(!lists(&page, "bola@health.ng"));

    let exports = app.get("/staff/exports").await;
    assert_eq!(exports.status, StatusCode::OK);
    exports.assert_contains("<caption>");
    exports.assert_contains("Dana Director</a> (director@alliance.org)");
    exports.assert_contains("<code>country=KE&#38;status=active</code>");
    exports.assert_contains("<td class=\"number\">2</td>");
    let (logged, more) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert!(!more);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].filters, "country=KE&status=active");
    assert_eq!(logged[0].rows, 2);
}

#[tokio::test]
async fn formulas_typed_by_members_are_defused_in_the_export() {
    let app = spawn().await;
    app.member(
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "eve@ngo.org",
        "KE",
    )
    .await;
    app.member("@SUM(1+1)", "mallory@ngo.org", "KE").await;
    sign_in_admin(&app).await;
    let csv = app.get("/staff/members?country=KE&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let rows: Vec<Vec<String>> = csv.body.lines().map(csv_fields).collect();
    let names: Vec<&str> = rows[1..].iter().map(|row| row[0].as_str()).collect();
    assert_eq!(
        names,
        ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(1+1)"]
    );
    for row in &rows[1..] {
        assert!(
            !row.iter()
                .any(|field| field.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
    }
}

#[tokio::test]
async fn every_export_is_in_the_audit_log_newest_first_command_line_included() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    sign_in_admin(&app).await;
    assert_eq!(
        app.get("/staff/members?format=csv").await.status,
        StatusCode::OK
    );
    let filters = Filters {
        status: "active".into(),
        verified: "yes".into(),
        ..Filters::default()
    };
    let csv = membernet_web::cli::export_members(&app.services, &filters)
        .await
        .unwrap();
    let rows: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
    assert_eq!(rows.len(), 3, "Amina and the admin:\n{csv}");
    let bad = Filters {
        country: "Kenya".into(),
        ..Filters::default()
    };
    let refused = membernet_web::cli::export_members(&app.services, &bad).await;
    assert!(
        format!("{:#}", refused.unwrap_err()).contains("--country: Choose a country"),
        "the command line says what is wrong"
    );

    let (logged, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert_eq!(logged.len(), 2, "the refused export is not logged");
    assert_eq!(logged[0].filters, "status=active&verified=yes");
    assert_eq!(logged[0].actor, None);
    assert_eq!(logged[0].note.as_deref(), Some("command line"));
    assert_eq!(logged[0].rows, 2);
    assert_eq!(logged[1].filters, "");
    assert_eq!(logged[1].rows, 2);

    let page = app.get("/staff/exports").await;
    let command_line = page.body.find("The command line").unwrap();
    let web = page.body.find("All accounts").unwrap();
    assert!(command_line < web, "newest first");
}

#[tokio::test]
async fn an_admin_grants_and_revokes_staff_and_staff_cannot_change_roles() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let amina = id_of(&app, "amina@ngo.org").await;
    let sam = staff_member(&app, "Sam Staff", "sam@alliance.org").await;
    let sam_id = id_of(&app, "sam@alliance.org").await;
    app.get(&format!("/staff/members/{sam_id}"))
        .await
        .assert_contains("The account type is saved.");
    assert_eq!(app.get_with(&sam, "/staff").await.status, StatusCode::OK);
    assert_eq!(
        app.get_with(&sam, "/staff/members").await.status,
        StatusCode::OK
    );

    // Staff see the member's page but no role form, and a forged post is refused.
    let seen = app.get_with(&sam, &format!("/staff/members/{amina}")).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("/role\""));
    let token = seen.csrf_token();
    let response = sam
        .post(app.url(&format!("/staff/members/{amina}/role")))
        .form(&[("csrf_token", token.as_str()), ("role", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.account("amina@ngo.org").await.role,
        membernet_domain::Role::Member
    );

    // Without the CSRF token, even an admin's post is refused.
    let no_token = app
        .post_raw(
            &format!("/staff/members/{amina}/role"),
            &[("role", "staff")],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    // The admin revokes: Sam is a member again at once.
    let revoked = act(&app, &app.client, sam_id, "role", &[("role", "member")]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with(&sam, "/staff/members").await.status,
        StatusCode::FORBIDDEN
    );

    // An admin cannot demote themselves (and so never the last admin).
    let admin = id_of(&app, ADMIN_EMAIL).await;
    let own = act(&app, &app.client, admin, "role", &[("role", "member")]).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    own.assert_contains("You cannot change your own account here.");
    let unknown = act(&app, &app.client, amina, "role", &[("role", "root")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown.assert_contains("Choose member, staff or admin");
    assert_eq!(
        app.account(ADMIN_EMAIL).await.role,
        membernet_domain::Role::Admin
    );
}

#[tokio::test]
async fn staff_cannot_suspend_an_admin_or_themselves() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    let sam = staff_member(&app, "Sam Staff", "sam@alliance.org").await;
    let sam_id = id_of(&app, "sam@alliance.org").await;
    let admin = id_of(&app, ADMIN_EMAIL).await;

    let page = app.get_with(&sam, &format!("/staff/members/{admin}")).await;
    assert!(!page.body.contains("/suspend\""), "no suspend button");
    let refused = act(&app, &sam, admin, "suspend", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Admins cannot be suspended.");
    let own = act(&app, &sam, sam_id, "suspend", &[]).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    own.assert_contains("You cannot change your own account here.");
    assert!(app.account(ADMIN_EMAIL).await.is_active());
    assert!(app.account("sam@alliance.org").await.is_active());

    // Sam, made a member again while a request of theirs was on its way, cannot
    // suspend anyone with it: the actor is read again inside the transaction.
    let stale = app.account("sam@alliance.org").await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let amina = app.account("amina@ngo.org").await.id;
    let demoted = act(&app, &app.client, sam_id, "role", &[("role", "member")]).await;
    assert_eq!(demoted.status, StatusCode::SEE_OTHER);
    let outcome = membernet_persistence::staff_members::set_status(
        app.db(),
        &stale,
        amina,
        membernet_domain::AccountStatus::Suspended,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert_eq!(outcome, Err(membernet_domain::staff::Refusal::NotStaff));
    assert!(app.account("amina@ngo.org").await.is_active());
}

#[tokio::test]
async fn suspension_signs_out_bars_login_hides_from_the_directory_and_the_figures_reconcile() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    app.member("Bola Adeyemi", "bola@health.ng", "NG").await;
    let work = [("category", "social_worker"), ("listed", "yes")];
    let (amina, saved) = app
        .member_with_profile("Amina Otieno", "amina@ngo.org", "KE", &work)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let amina_id = id_of(&app, "amina@ngo.org").await;
    let sam = staff_member(&app, "Sam Staff", "sam@alliance.org").await;

    let figures = |stats: &Value, kenya: &Value| {
        (
            stats["members"].as_u64().unwrap(),
            kenya["members"].as_u64().unwrap(),
        )
    };
    let before = figures(
        &json(&app, "/api/v1/stats").await,
        &json(&app, "/api/v1/countries/ke").await,
    );
    assert_eq!(
        before,
        (3, 2),
        "Amina, Bola and Sam; Amina and Sam in Kenya"
    );
    let directory = app.get_with(&new_client(), "/members").await;
    directory.assert_contains("Amina Otieno");
    assert_eq!(
        app.get_with(&amina, "/account").await.status,
        StatusCode::OK
    );

    // Staff suspend her: a clear button, then her sessions end.
    let page = app
        .get_with(&sam, &format!("/staff/members/{amina_id}"))
        .await;
    page.assert_contains("Suspend Amina Otieno</button>");
    let suspended = act(&app, &sam, amina_id, "suspend", &[]).await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    let page = app
        .get_with(&sam, &format!("/staff/members/{amina_id}"))
        .await;
    page.assert_contains("The account is suspended and signed out everywhere.");
    page.assert_contains("Reinstate Amina Otieno</button>");
    assert_eq!(
        app.get_with(&amina, "/account").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    let login = app.log_in_with(&amina, "amina@ngo.org", PASSWORD).await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);
    login.assert_contains("The email address or password is not right");
    assert!(
        !login.body.contains("suspended"),
        "says no more than needed"
    );
    let directory = app.get_with(&new_client(), "/members").await;
    assert!(!directory.body.contains("Amina Otieno"));
    let country = app.get_with(&new_client(), "/countries/ke").await;
    assert!(!country.body.contains("Amina Otieno"));
    let during = figures(
        &json(&app, "/api/v1/stats").await,
        &json(&app, "/api/v1/countries/ke").await,
    );
    assert_eq!(during, (2, 1));
    country.assert_contains("<dt>Members</dt><dd>1</dd>");
    country.assert_contains("<dt>In the directory</dt><dd><a href=\"/members?country=KE\">0</a>");
    let listed = app.get_with(&sam, "/staff/members?status=suspended").await;
    assert!(lists(&listed, "amina@ngo.org"));

    // Reinstated: back in the figures, the directory, and able to log in.
    let reinstated = act(&app, &sam, amina_id, "reinstate", &[]).await;
    assert_eq!(reinstated.status, StatusCode::SEE_OTHER);
    let after = figures(
        &json(&app, "/api/v1/stats").await,
        &json(&app, "/api/v1/countries/ke").await,
    );
    assert_eq!(after, before);
    let country = app.get_with(&new_client(), "/countries/ke").await;
    country.assert_contains("<dt>Members</dt><dd>2</dd>");
    country.assert_contains("<dt>In the directory</dt><dd><a href=\"/members?country=KE\">1</a>");
    let directory = app.get_with(&new_client(), "/members").await;
    directory.assert_contains("Amina Otieno");
    let login = app.log_in_with(&amina, "amina@ngo.org", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);

    // Reinstating an active account changes nothing.
    act(&app, &sam, amina_id, "reinstate", &[]).await;
    assert_eq!(
        figures(
            &json(&app, "/api/v1/stats").await,
            &json(&app, "/api/v1/countries/ke").await,
        ),
        before
    );

    // Who did what to whom is in the audit log.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let sam_id = id_of(&app, "sam@alliance.org").await;
    let logged: Vec<(String, Option<i64>)> = audit::Entity::find()
        .filter(audit::Column::SubjectId.eq(amina_id))
        .order_by_asc(audit::Column::Id)
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.action, row.actor_id))
        .collect();
    assert_eq!(
        logged,
        [
            ("suspend_member".to_owned(), Some(sam_id)),
            ("reinstate_member".to_owned(), Some(sam_id)),
        ]
    );
    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn an_account_whose_address_is_not_confirmed_cannot_be_made_staff_on_the_web() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    app.join("Squatter", "amina@ngo.org", PASSWORD, "KE").await;
    let id = id_of(&app, "amina@ngo.org").await;
    for role in ["staff", "admin"] {
        let refused = act(&app, &app.client, id, "role", &[("role", role)]).await;
        assert_ne!(refused.status, StatusCode::SEE_OTHER, "{role}");
        refused.assert_contains("Only a member whose email address is confirmed");
    }
    assert_eq!(
        app.account("amina@ngo.org").await.role,
        membernet_domain::Role::Member
    );
}

#[tokio::test]
async fn staff_erase_a_suspended_members_account_with_their_own_password() {
    use crate::helpers::STAFF_PASSWORD;
    use membernet_persistence::entity::{member, staff_audit};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

    let app = spawn().await;
    sign_in_admin(&app).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let amina = id_of(&app, "amina@ngo.org").await;
    let suspended = act(&app, &app.client, amina, "suspend", &[]).await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);

    let wrong = act(
        &app,
        &app.client,
        amina,
        "erase",
        &[("password", "not mine")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("Your password is not right");
    assert_eq!(
        member::Entity::find()
            .filter(member::Column::Id.eq(amina))
            .count(app.db())
            .await
            .unwrap(),
        1
    );

    let erased = act(
        &app,
        &app.client,
        amina,
        "erase",
        &[("password", STAFF_PASSWORD)],
    )
    .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    assert_eq!(erased.location(), Some("/staff/members"));
    assert!(
        member::Entity::find_by_id(amina)
            .one(app.db())
            .await
            .unwrap()
            .is_none()
    );
    let logged = staff_audit::Entity::find()
        .filter(staff_audit::Column::Action.eq("erase_member"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert!(logged[0].actor_id.is_some(), "who did it is kept");
    assert_eq!(logged[0].subject_id, None, "whom went with the account");
    app.assert_rollup_matches_log().await;
}

#[tokio::test]
async fn staff_who_are_not_admins_cannot_erase_an_admin_and_nobody_erases_themselves_here() {
    use crate::helpers::STAFF_PASSWORD;
    let app = spawn().await;
    sign_in_admin(&app).await;
    let admin = id_of(&app, ADMIN_EMAIL).await;
    let bo = staff_member(&app, "Bo Lind", "bo@ngo.org").await;
    let refused = act(&app, &bo, admin, "erase", &[("password", PASSWORD)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let own = act(
        &app,
        &app.client,
        admin,
        "erase",
        &[("password", STAFF_PASSWORD)],
    )
    .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    own.assert_contains("You cannot change your own account here");
}

#[tokio::test]
async fn the_command_line_erases_an_account_by_its_address() {
    let app = spawn().await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    membernet_web::cli::erase_member(&app.services, "amina@ngo.org")
        .await
        .unwrap();
    assert!(
        membernet_persistence::members::find_by_email(
            app.db(),
            &membernet_domain::MemberEmail::parse("amina@ngo.org").unwrap()
        )
        .await
        .unwrap()
        .is_none()
    );
    let again = membernet_web::cli::erase_member(&app.services, "amina@ngo.org").await;
    assert!(again.unwrap_err().to_string().contains("no account"));
}

#[tokio::test]
async fn the_audit_log_keeps_that_a_search_was_used_not_what_was_searched() {
    let app = spawn().await;
    sign_in_admin(&app).await;
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    let csv = app
        .get("/staff/members?q=otieno&country=KE&format=csv")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("amina@ngo.org"));
    let (logged, _) = staff_audit::exports(app.db(), 0).await.unwrap();
    assert_eq!(logged[0].filters, "search=yes&country=KE");
    let rows = audit::Entity::find().all(app.db()).await.unwrap();
    assert!(
        rows.iter()
            .all(|row| !row.detail.to_lowercase().contains("otieno"))
    );
}
