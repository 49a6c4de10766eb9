//! The library: a member sends in a resource with a file, staff ask for changes
//! (the member is emailed the reason), the member changes it, staff approve (the
//! member is emailed and credited); a rejection; Markdown that tries script,
//! event handlers, `javascript:` links and tracking images; a program named
//! `report.pdf`; a photo's location stripped; search by words in the summary,
//! without accents, with filters combined; staff pages closed to members; the
//! feeds; erasure leaves published work to "a former member".

use reqwest::{
    StatusCode,
    multipart::{Form, Part},
};
use sea_orm::ConnectionTrait;

use crate::{
    campaigns::staff,
    helpers::{PASSWORD, Page, TestApp, new_client, read, spawn},
};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Sends the multipart form at `action` from `client`, its token first (as the
/// page puts it), then `fields`, then `files` as (field, file name, bytes).
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, Vec<u8>)],
) -> Page {
    let token = app.get_with(client, form_page).await.csrf_token();
    let mut form = Form::new().text("csrf_token", token);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (name, file_name, bytes) in files {
        form = form.part(
            name.to_string(),
            Part::bytes(bytes.clone()).file_name(file_name.to_string()),
        );
    }
    read(
        client
            .post(app.url(action))
            .multipart(form)
            .send()
            .await
            .expect("POST answers"),
    )
    .await
}

/// A confirmed member, signed in on a browser of their own.
async fn member(app: &TestApp, name: &str, email: &str) -> reqwest::Client {
    app.member(name, email, "KE").await;
    let client = new_client();
    let signed_in = app.log_in_with(&client, email, PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    client
}

fn resource_fields<'a>(title: &'a str, summary: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "toolkit"),
        ("title", title),
        ("summary", summary),
        ("authors", "A. Otieno"),
        ("publisher", "Ministry of Labour"),
        ("year", "2022"),
        ("language", "en"),
        ("countries", "KE"),
        ("countries", "UG"),
        ("topics", "case_management"),
    ]
}

/// The one number `sql` answers.
async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db()
        .query_one_raw(sea_orm::Statement::from_string(
            app.db().get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

async fn item_id(app: &TestApp, title: &str) -> i64 {
    let row = app
        .db()
        .query_one_raw(sea_orm::Statement::from_string(
            app.db().get_database_backend(),
            format!("SELECT id FROM library_item WHERE title = '{title}'"),
        ))
        .await
        .unwrap()
        .expect("the item is stored");
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn a_submission_is_moderated_published_and_credited_with_emails_on_the_way() {
    let app = spawn().await;
    let amina = member(&app, "Amina Otieno", "amina@ngo.org").await;
    let title = "Case management toolkit for county officers";
    let sent = upload(
        &app,
        &amina,
        "/resources/submit",
        "/resources/submit",
        &resource_fields(title, "Forms and steps for case conferences."),
        &[("file", "toolkit.pdf", PDF.to_vec())],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), Some("/account#submissions"));
    let account = app.get_with(&amina, "/account").await;
    account.assert_contains(title);
    account.assert_contains("Waiting for review");
    // Not public yet: not listed, not at its address, its file closed to strangers.
    assert!(!app.get("/resources").await.body.contains(title));
    let id = item_id(&app, title).await;
    let key: String = app
        .db()
        .query_one_raw(sea_orm::Statement::from_string(
            app.db().get_database_backend(),
            format!("SELECT file_key FROM library_item WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    assert_eq!(
        app.get(&format!("/files/{key}/toolkit.pdf")).await.status,
        StatusCode::NOT_FOUND
    );

    // Staff see it in the queue, and cannot ask for changes without saying which.
    let staff = staff(&app).await;
    app.get_with(&staff, "/staff/library")
        .await
        .assert_contains(title);
    let page = format!("/staff/library/{id}");
    let opened = app.get_with(&staff, &page).await;
    opened.assert_contains("Ask for changes");
    opened.assert_contains("Sent in by Amina Otieno (amina@ngo.org)");
    // Another member sees neither the submission nor its file.
    let kofi = member(&app, "Kofi Mensah", "kofi@ngo.org").await;
    assert_eq!(
        app.get_with(&kofi, &format!("/account/submissions/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&kofi, &format!("/files/{key}/toolkit.pdf"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&amina, &format!("/files/{key}/toolkit.pdf"))
            .await
            .status,
        StatusCode::OK
    );
    let decide = format!("{page}/decide");
    let no_reason = app
        .submit_with(
            &staff,
            &page,
            &decide,
            &[("decision", "request_changes"), ("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    no_reason.assert_contains("Say why");
    let asked = app
        .submit_with(
            &staff,
            &page,
            &decide,
            &[
                ("decision", "request_changes"),
                ("reason", "Please add the year of the forms."),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let emails = app.emails_to("amina@ngo.org").await;
    let email = &emails[0];
    assert!(
        email.subject.starts_with("Changes asked for"),
        "{}",
        email.subject
    );
    assert!(
        email
            .body_text
            .contains("Please add the year of the forms.")
    );
    assert!(
        email
            .body_text
            .contains(&format!("/account/submissions/{id}"))
    );

    // The member changes it (the file stays) and sends it again.
    let own = format!("/account/submissions/{id}");
    app.get_with(&amina, &own)
        .await
        .assert_contains("Please add the year");
    let mut fields = resource_fields(title, "Forms and steps for case conferences, 2022 edition.");
    fields.retain(|(name, _)| *name != "year");
    fields.push(("year", "2021"));
    let changed = upload(&app, &amina, &own, &own, &fields, &[]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    app.get_with(&amina, "/account")
        .await
        .assert_contains("Waiting for review");

    // Approved: published, credited, emailed.
    let approved = app
        .submit_with(&staff, &page, &decide, &[("decision", "approve")])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let emails = app.emails_to("amina@ngo.org").await;
    assert!(
        emails[0].subject.starts_with("Published"),
        "{}",
        emails[0].subject
    );
    let listed = app.get("/resources").await;
    listed.assert_contains(title);
    let slug = "case-management-toolkit-for-county-officers";
    let shown = app.get(&format!("/resources/{slug}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    shown.assert_contains("Sent in by Amina Otieno");
    shown.assert_contains("2022 edition");
    shown.assert_contains("Kenya");
    // The file, now public: a PDF, an attachment, never sniffed.
    let file = app.get(&format!("/files/{key}/toolkit.pdf")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "application/pdf");
    assert_eq!(file.headers["x-content-type-options"], "nosniff");
    assert_eq!(
        file.headers["content-disposition"],
        "attachment; filename=\"toolkit.pdf\""
    );
    assert_eq!(
        file.headers["content-security-policy"],
        "default-src 'none'; sandbox"
    );
    // Every decision recorded, with who took it.
    let history = app.get_with(&staff, &page).await;
    history.assert_contains("Changes asked for");
    history.assert_contains("Sent again by the member");
    history.assert_contains("Approved");
    history.assert_contains("Ada Admin");
    // The feed has it.
    let feed = app.get("/resources/feed.atom").await;
    assert_eq!(
        feed.headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    feed.assert_contains(&format!("/resources/{slug}</id>"));
    // A published item can no longer be changed by its submitter.
    assert_eq!(
        upload(&app, &amina, "/account", &own, &fields, &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_rejection_says_why_and_nothing_is_published() {
    let app = spawn().await;
    let kofi = member(&app, "Kofi Mensah", "kofi@ngo.org").await;
    let body = "Our team visits families every week. ".repeat(10);
    let sent = upload(
        &app,
        &kofi,
        "/stories/submit",
        "/stories/submit",
        &[
            ("kind", "blog"),
            ("title", "A week of home visits"),
            ("body", &body),
            ("language", "en"),
        ],
        &[],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = item_id(&app, "A week of home visits").await;
    let staff = staff(&app).await;
    let page = format!("/staff/library/{id}");
    let rejected = app
        .submit_with(
            &staff,
            &page,
            &format!("{page}/decide"),
            &[("decision", "reject"), ("reason", "It names a child.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    let emails = app.emails_to("kofi@ngo.org").await;
    assert!(emails[0].subject.starts_with("Not accepted"));
    assert!(emails[0].body_text.contains("It names a child."));
    assert!(
        !app.get("/stories")
            .await
            .body
            .contains("A week of home visits")
    );
    assert_eq!(
        app.get("/stories/a-week-of-home-visits").await.status,
        StatusCode::NOT_FOUND
    );
    let account = app.get_with(&kofi, "/account").await;
    account.assert_contains("Not accepted");
    account.assert_contains("It names a child.");
}

#[tokio::test]
async fn markdown_cannot_carry_script_handlers_or_tracking_images() {
    let app = spawn().await;
    let staff = staff(&app).await;
    let body = "Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>.\n\n\
                [click me](javascript:alert(2)) and ![pixel](https://tracker.example/p.gif)\n\n\
                <a href=\"https://evil.example\" onclick=\"steal()\">raw link</a>\n\n"
        .to_owned()
        + &"Words about supervision in practice. ".repeat(8);
    let published = upload(
        &app,
        &staff,
        "/staff/library/new?section=story",
        "/staff/library/new?section=story",
        &[
            ("kind", "blog"),
            ("title", "Supervision in practice"),
            ("body", &body),
            ("language", "en"),
        ],
        &[],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let page = app.get("/stories/supervision-in-practice").await;
    assert_eq!(page.status, StatusCode::OK);
    let article =
        &page.body[page.body.find("<article").unwrap()..page.body.find("</article>").unwrap()];
    assert!(!article.contains("<script"), "{article}");
    assert!(!article.contains("<img"), "{article}");
    // The raw tag is text: `&lt;a … onclick=…&gt;`, never an element.
    assert!(
        !article.contains("<a href=\"https://evil.example\""),
        "{article}"
    );
    assert!(!article.contains("javascript:"), "{article}");
    assert!(!article.contains("<img src=\"https://tracker"), "{article}");
    assert!(!article.contains("<img src=x"), "{article}");
    // What was typed is shown as text, and the picture is a link to follow or not.
    assert!(article.contains("&lt;script&gt;"), "{article}");
    assert!(
        article.contains("href=\"https://tracker.example/p.gif\""),
        "{article}"
    );
}

#[tokio::test]
async fn an_upload_that_lies_about_its_type_is_refused_and_the_form_keeps_what_was_typed() {
    let app = spawn().await;
    let amina = member(&app, "Amina Otieno", "amina@ngo.org").await;
    let program =
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode".to_vec();
    let refused = upload(
        &app,
        &amina,
        "/resources/submit",
        "/resources/submit",
        &resource_fields("Guidance on supervision", "Notes for supervisors."),
        &[("file", "report.pdf", program)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("This kind of file is not accepted");
    assert_eq!(
        refused.input_value("title").as_deref(),
        Some("Guidance on supervision")
    );
    refused.assert_contains("Notes for supervisors.");
    refused.assert_contains("value=\"UG\" selected");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM library_file").await, 0);
    // A good file with another field wrong is kept: the form carries it back.
    let mut fields = resource_fields("Guidance on supervision", "Notes for supervisors.");
    fields.retain(|(name, _)| *name != "year");
    fields.push(("year", "in 2022"));
    let kept = upload(
        &app,
        &amina,
        "/resources/submit",
        "/resources/submit",
        &fields,
        &[("file", "guidance.pdf", PDF.to_vec())],
    )
    .await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    kept.assert_contains("guidance.pdf is stored");
    let token = kept.input_value("file_token").unwrap();
    assert!(!token.is_empty());
    let mut fixed = resource_fields("Guidance on supervision", "Notes for supervisors.");
    fixed.push(("file_token", &token));
    let sent = upload(
        &app,
        &amina,
        "/resources/submit",
        "/resources/submit",
        &fixed,
        &[],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // A forged token carries nothing.
    let mut forged = resource_fields("Another guidance", "Notes.");
    forged.push(("file_token", "abc.def"));
    let refused = upload(
        &app,
        &amina,
        "/resources/submit",
        "/resources/submit",
        &forged,
        &[],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Choose a file or enter a link");
}

/// A JPEG with an EXIF block holding a GPS position and an orientation.
fn photo_with_location() -> Vec<u8> {
    let image = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&image)
        .unwrap();
    let mut app1 =
        b"Exif\0\0II*\0\x08\0\0\0\x01\0\x25\x88\x04\0\x01\0\0\0\x1a\0\0\0\0\0\0\0".to_vec();
    app1.extend_from_slice(b"\0\0GPS-LATITUDE-1.2921S-36.8219E");
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

#[tokio::test]
async fn a_photos_metadata_is_gone_after_upload_and_phones_get_small_images() {
    let app = spawn().await;
    let awa = member(&app, "Awa Diop", "awa@ngo.org").await;
    let original = photo_with_location();
    assert!(original.windows(12).any(|w| w == b"GPS-LATITUDE"));
    let body = "Awa has worked with families in Thiès for twelve years. ".repeat(6);
    let sent = upload(
        &app,
        &awa,
        "/stories/submit?kind=profile",
        "/stories/submit",
        &[
            ("kind", "profile"),
            ("title", "Awa, child protection officer"),
            ("body", &body),
            ("language", "fr"),
            ("worker_name", "Awa Diop"),
            ("worker_role", "Child protection officer"),
            ("worker_place", "Thiès, Senegal"),
            ("worker_consent", "yes"),
            ("photo_alt", "Awa at her desk"),
            ("photo_consent", "yes"),
        ],
        &[("photo", "IMG_2041.jpeg", original)],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = item_id(&app, "Awa, child protection officer").await;
    let staff = staff(&app).await;
    let page = format!("/staff/library/{id}");
    let approved = app
        .submit_with(
            &staff,
            &page,
            &format!("{page}/decide"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let story = app.get("/stories/awa-child-protection-officer").await;
    story.assert_contains("alt=\"Awa at her desk\"");
    story.assert_contains(" 320w, ");
    story.assert_contains(" 640w");
    let start = story.body.find("src=\"/files/").unwrap() + "src=\"".len();
    let src = &story.body[start..start + story.body[start..].find('"').unwrap()];
    assert!(src.ends_with("/320.jpg"), "{src}");
    for width in ["320", "640"] {
        let path = src.replace("/320.jpg", &format!("/{width}.jpg"));
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        let bytes = response.bytes().await.unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "EXIF survived at {width}"
        );
        assert!(!bytes.windows(12).any(|w| w == b"GPS-LATITUDE"));
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width().to_string(), width);
    }
    // An image sent as a resource's file loses its metadata too.
    let sent = upload(
        &app,
        &awa,
        "/resources/submit",
        "/resources/submit",
        &[
            ("kind", "other"),
            ("title", "Poster of the week"),
            ("summary", "A poster."),
            ("language", "en"),
        ],
        &[("file", "poster.jpeg", photo_with_location())],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let account = app.get_with(&awa, "/account").await;
    assert!(account.status == StatusCode::OK);
    let stored: (String, String) = {
        let row = app
            .db()
            .query_one_raw(sea_orm::Statement::from_string(
                app.db().get_database_backend(),
                "SELECT key, name FROM library_file WHERE kind = 'jpeg' AND widths = ''".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        (
            row.try_get_by_index(0).unwrap(),
            row.try_get_by_index(1).unwrap(),
        )
    };
    let poster = app
        .get_with(&awa, &format!("/files/{}/{}", stored.0, stored.1))
        .await;
    assert_eq!(poster.status, StatusCode::OK);
    assert!(!poster.body.contains("GPS-LATITUDE"));
    assert!(!poster.body.contains("Exif"));
    // No width larger than the photo.
    let too_wide = src.replace("/320.jpg", "/1280.jpg");
    assert_eq!(app.get(&too_wide).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_finds_words_in_the_summary_ignores_accents_and_combines_filters() {
    let app = spawn().await;
    let staff = staff(&app).await;
    for (title, summary, kind, country, language) in [
        (
            "Evaluación de la fuerza laboral",
            "Informe sobre la protección infantil en Perú.",
            "report",
            "PE",
            "es",
        ),
        (
            "Workforce assessment in Kenya",
            "A report on child protection officers and caseloads.",
            "report",
            "KE",
            "en",
        ),
        (
            "Supervision toolkit",
            "Tools for supervisors of caseworkers in Kenya.",
            "toolkit",
            "KE",
            "en",
        ),
    ] {
        let mut fields = vec![
            ("kind", kind),
            ("title", title),
            ("summary", summary),
            ("language", language),
            ("countries", country),
            ("link", "https://example.org/resource"),
        ];
        if kind == "report" {
            fields.push(("topics", "child_protection"));
        }
        let published = upload(
            &app,
            &staff,
            "/staff/library/new?section=resource",
            "/staff/library/new?section=resource",
            &fields,
            &[],
        )
        .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
    }
    let titles = |page: &Page| {
        [
            "Evaluación de la fuerza laboral",
            "Workforce assessment in Kenya",
            "Supervision toolkit",
        ]
        .into_iter()
        .filter(|title| page.body.contains(&format!(">{title}</a>")))
        .collect::<Vec<_>>()
    };
    // Without accents, in any case; a word of the summary.
    assert_eq!(
        titles(&app.get("/resources?q=EVALUACION").await),
        ["Evaluación de la fuerza laboral"]
    );
    assert_eq!(
        titles(&app.get("/resources?q=proteccion%20infantil").await),
        ["Evaluación de la fuerza laboral"]
    );
    assert_eq!(
        titles(&app.get("/resources?q=caseloads").await),
        ["Workforce assessment in Kenya"]
    );
    // A word's beginning finds it.
    assert_eq!(
        titles(&app.get("/resources?q=supervis").await),
        ["Supervision toolkit"]
    );
    // Filters combine with each other and with words.
    assert_eq!(
        titles(&app.get("/resources?country=KE&kind=report").await),
        ["Workforce assessment in Kenya"]
    );
    assert_eq!(
        titles(
            &app.get("/resources?topic=child_protection&region=americas")
                .await
        ),
        ["Evaluación de la fuerza laboral"]
    );
    assert_eq!(
        titles(&app.get("/resources?q=kenya&kind=toolkit").await),
        ["Supervision toolkit"]
    );
    assert_eq!(
        titles(&app.get("/resources?language=es&country=KE").await),
        Vec::<&str>::new()
    );
    app.get("/resources?q=nothing-like-this")
        .await
        .assert_contains("Nothing matches this search");
    // Syntax typed into the search is only words.
    assert_eq!(
        app.get("/resources?q=%22%29%20OR%20*%20NEAR").await.status,
        StatusCode::OK
    );
    // The API answers the same search, in JSON.
    let api = app.get("/api/v1/resources?q=evaluacion").await;
    assert_eq!(api.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["resources"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["resources"][0]["title"],
        "Evaluación de la fuerza laboral"
    );
    assert_eq!(json["resources"][0]["countries"][0], "PE");
    assert_eq!(json["resources"][0]["link"], "https://example.org/resource");
    let bad = app.get("/api/v1/resources?kind=blog").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The country's page lists what concerns it.
    let kenya = app.get("/countries/KE").await;
    kenya.assert_contains("Workforce assessment in Kenya");
}

#[tokio::test]
async fn staff_pages_refuse_members_and_visitors_must_sign_in_to_submit() {
    let app = spawn().await;
    let amina = member(&app, "Amina Otieno", "amina@ngo.org").await;
    for path in [
        "/staff/library",
        "/staff/library/new?section=resource",
        "/staff/library/1",
    ] {
        let page = app.get_with(&amina, path).await;
        assert!(
            matches!(page.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{path}: {}",
            page.status
        );
    }
    let token = app.get_with(&amina, "/account").await.csrf_token();
    let decided = amina
        .post(app.url("/staff/library/1/decide"))
        .form(&[("csrf_token", token.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert!(matches!(
        decided.status(),
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));
    let visitor = app.get("/resources/submit").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.location().unwrap().starts_with("/login"));
    // A multipart form without its token first is refused before it is read.
    let forged = app
        .client
        .post(app.url("/resources/submit"))
        .multipart(Form::new().text("title", "x").text("csrf_token", "nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn erasure_leaves_published_work_to_a_former_member_and_removes_the_rest() {
    let app = spawn().await;
    let amina = member(&app, "Amina Otieno", "amina@ngo.org").await;
    for title in ["Published toolkit", "Pending toolkit"] {
        let sent = upload(
            &app,
            &amina,
            "/resources/submit",
            "/resources/submit",
            &resource_fields(title, "Summary."),
            &[("file", "t.pdf", PDF.to_vec())],
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
    }
    let staff = staff(&app).await;
    let id = item_id(&app, "Published toolkit").await;
    let page = format!("/staff/library/{id}");
    app.submit_with(
        &staff,
        &page,
        &format!("{page}/decide"),
        &[("decision", "approve")],
    )
    .await;
    let export = app.get_with(&amina, "/account/export").await;
    export.assert_contains("library_submissions");
    export.assert_contains("Pending toolkit");
    export.assert_contains("library_uploads");
    let erased = app
        .submit_with(
            &amina,
            "/account",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert!(
        erased.status.is_redirection() || erased.status.is_success(),
        "{}",
        erased.status
    );
    let shown = app.get("/resources/published-toolkit").await;
    shown.assert_contains("Sent in by a former member");
    assert!(!shown.body.contains("Amina"));
    let left = count(
        &app,
        "SELECT COUNT(*) FROM library_item WHERE title = 'Pending toolkit'",
    )
    .await;
    assert_eq!(left, 0);
}

#[tokio::test]
async fn the_demo_network_has_a_library_to_search_and_a_queue_to_moderate() {
    let app = spawn().await;
    app.seed_demo_network(60).await;
    let resources = app.get("/resources").await;
    assert_eq!(resources.body.matches("class=\"h3\"").count(), 20);
    resources.assert_contains("Synthetic demo content.");
    // Search and filters over the synthetic library, in several languages.
    let spanish = app.get("/resources?language=es&q=proteccion").await;
    assert!(
        spanish.body.matches("class=\"h3\"").count() >= 1,
        "{}",
        spanish.body
    );
    let kenya = app.get("/resources?country=KE").await;
    assert!(kenya.body.matches("class=\"h3\"").count() >= 1);
    let stories = app.get("/stories").await;
    assert!(stories.body.matches("class=\"h3\"").count() >= 10);
    let staff = staff(&app).await;
    let queue = app.get_with(&staff, "/staff/library").await;
    assert!(
        queue.body.matches("/staff/library/").count() >= 3,
        "{}",
        queue.body
    );
}
