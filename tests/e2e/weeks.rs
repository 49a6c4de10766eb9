//! Awareness weeks: staff build a week (every form tried with bad input), pick each
//! day's items by address (unknown ones named, drafts kept unseen), publish it; the
//! public reads it, day by day and in French, with what is on today in their own
//! zone; the share kit's posts carry their encoded words and nothing else, and its
//! graphics lose their metadata; staff pages are closed to members and visitors.

use membernet_domain::events::{Event, EventInput, EventStatus, Zone};
use membernet_persistence::events as stored;
use reqwest::{
    StatusCode,
    multipart::{Form, Part},
};
use time::{Duration, OffsetDateTime};

use crate::{
    campaigns::staff,
    helpers::{PASSWORD, Page, TestApp, new_client, read, spawn},
};

/// An event starting at `start`, published or left a draft.
async fn event(app: &TestApp, title: &str, start: OffsetDateTime, publish: bool) -> Event {
    let zone = Zone::parse("America/New_York").unwrap();
    let draft = EventInput {
        title: title.into(),
        summary: "A webinar of the week.".into(),
        description: "Join us.".into(),
        kind: "webinar".into(),
        time_zone: zone.name().into(),
        starts: zone.field_value(start),
        ends: zone.field_value(start + Duration::hours(1)),
        join_url: "https://meet.example.org/room".into(),
        languages: vec!["en".into()],
        ..EventInput::default()
    }
    .parse()
    .expect("a valid event");
    let now = OffsetDateTime::now_utc();
    let event = stored::create(app.db(), &draft, now).await.unwrap();
    if publish {
        stored::set_status(app.db(), event.id, EventStatus::Published, now)
            .await
            .unwrap();
    }
    stored::find(app.db(), event.id).await.unwrap().unwrap()
}

/// Creates a week from staff's form and gives back its staff page's address.
async fn create_week(
    app: &TestApp,
    staff: &reqwest::Client,
    slug: &str,
    starts: &str,
    ends: &str,
) -> String {
    let created = app
        .submit_with(
            staff,
            "/staff/weeks/new",
            "/staff/weeks/new",
            &[
                ("title", "Social Service Workforce Week"),
                ("slug", slug),
                ("theme", "Making the case for investing in the workforce"),
                ("hashtag", "SSWWeek"),
                ("starts_on", starts),
                ("ends_on", ends),
                ("intro", "Every year the **network** holds a week."),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    created.location().unwrap().to_owned()
}

async fn publish(app: &TestApp, staff: &reqwest::Client, week: &str) {
    let published = app
        .submit_with(
            staff,
            week,
            &format!("{week}/status"),
            &[("status", "published")],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
}

async fn get_in(app: &TestApp, path: &str, language: &str) -> Page {
    read(
        app.client
            .get(app.url(path))
            .header("accept-language", language)
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn staff_build_a_week_day_by_day_and_the_public_reads_it() {
    let app = spawn().await;
    let staff = staff(&app).await;

    // Every problem named at once, nothing typed lost.
    let bad = app
        .submit_with(
            &staff,
            "/staff/weeks/new",
            "/staff/weeks/new",
            &[
                ("title", "Social Service Workforce Week 2022"),
                ("slug", "Week 2022!"),
                ("theme", ""),
                ("hashtag", "#two words"),
                ("starts_on", "2022-10-21"),
                ("ends_on", "2022-10-17"),
                ("intro", "Kept as typed"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Use lower-case letters, digits and dashes only");
    bad.assert_contains("Give the week its theme.");
    bad.assert_contains("A hashtag is one word");
    bad.assert_contains("The last day cannot be before the first.");
    bad.assert_contains(r#"value="Social Service Workforce Week 2022""#);
    bad.assert_contains(r#"value="Week 2022!""#);
    bad.assert_contains(r##"value="#two words""##);
    bad.assert_contains("Kept as typed");

    let week = create_week(&app, &staff, "2022", "2022-10-17", "2022-10-21").await;
    // A second week cannot take the address.
    let taken = app
        .submit_with(
            &staff,
            "/staff/weeks/new",
            "/staff/weeks/new",
            &[
                ("title", "Another"),
                ("slug", "2022"),
                ("theme", "Another theme"),
                ("hashtag", "#Other"),
                ("starts_on", "2023-10-16"),
                ("ends_on", "2023-10-20"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    taken.assert_contains("Another week has this address");

    // A draft is staff's only.
    assert_eq!(app.get("/weeks/2022").await.status, StatusCode::NOT_FOUND);
    assert!(!app.get("/weeks").await.body.contains("/weeks/2022"));
    let preview = app.get_with(&staff, "/weeks/2022").await;
    assert_eq!(preview.status, StatusCode::OK);
    preview.assert_contains("only staff can see it");

    let wednesday = OffsetDateTime::parse(
        "2022-10-19T12:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let webinar = event(
        &app,
        "Social service workers in health facilities",
        wednesday,
        true,
    )
    .await;
    let unpublished = event(&app, "A webinar still being planned", wednesday, false).await;

    // The day's items by address: an unknown one is named and nothing is saved.
    let day = format!("{week}/days/2022-10-19");
    let unknown = app
        .submit_with(
            &staff,
            &day,
            &day,
            &[
                ("theme", "Health facilities"),
                ("summary", "Social service workers where care is given."),
                (
                    "items",
                    &format!(
                        "/events/{}\n/resources/no-such-paper\n/members/3",
                        webinar.slug
                    ),
                ),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown
        .assert_contains("not addresses of events, resources, stories or newsletters: /members/3");
    unknown.assert_contains(r#"value="Health facilities""#);
    let unknown = app
        .submit_with(
            &staff,
            &day,
            &day,
            &[
                ("theme", "Health facilities"),
                (
                    "items",
                    &format!("/events/{}\n/resources/no-such-paper", webinar.slug),
                ),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown.assert_contains("Nothing on the site has these addresses: /resources/no-such-paper");
    // The suggestions list what is dated within the week.
    unknown.assert_contains(&format!("/events/{}", webinar.slug));

    let saved = app
        .submit_with(
            &staff,
            &day,
            &day,
            &[
                ("theme", "Health facilities"),
                ("summary", "Social service workers where care is given."),
                (
                    "items",
                    &format!(
                        "{}/events/{}\n/events/{}\n",
                        app.base_url, webinar.slug, unpublished.slug
                    ),
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    publish(&app, &staff, &week).await;

    let page = app.get("/weeks/2022").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Social Service Workforce Week");
    page.assert_contains("Making the case for investing in the workforce");
    page.assert_contains("#SSWWeek");
    page.assert_contains("<strong>network</strong>");
    page.assert_contains("Health facilities");
    page.assert_contains(&format!(r#"href="/events/{}""#, webinar.slug));
    page.assert_contains("Social service workers in health facilities");
    // The draft event waits unseen; the week is over.
    assert!(!page.body.contains("A webinar still being planned"));
    page.assert_contains("This week has taken place");
    // Join from the week is counted as the week's.
    page.assert_contains(r#"href="/join?from=week:2022""#);
    page.assert_contains(r#"href="/weeks/2022/share""#);
    page.assert_contains(r#"href="/support""#);
    assert!(
        app.get("/weeks")
            .await
            .body
            .contains(r#"href="/weeks/2022""#)
    );

    // A visitor who joins from the week's link is counted as the week's.
    crate::join_source::member_from(
        &app,
        "week:2022",
        "Wanjiru Kamau",
        "wanjiru@example.org",
        "KE",
    )
    .await;
    app.get_with(&staff, &week)
        .await
        .assert_contains("Members who joined from the week’s pages: 1.");

    // Each day has its page; a date outside the week has none.
    let wednesday_page = app.get("/weeks/2022/2022-10-19").await;
    assert_eq!(wednesday_page.status, StatusCode::OK);
    wednesday_page.assert_contains("Day 3");
    wednesday_page.assert_contains("Wednesday 19 October 2022");
    wednesday_page.assert_contains("Social service workers where care is given.");
    wednesday_page.assert_contains(r#"href="/weeks/2022/2022-10-18" rel="prev""#);
    wednesday_page.assert_contains(r#"href="/join?from=week:2022""#);
    assert_eq!(
        app.get("/weeks/2022/2022-10-22").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/weeks/2022/not-a-day").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/weeks/1999").await.status, StatusCode::NOT_FOUND);

    // In French.
    let french = get_in(&app, "/weeks/2022", "fr").await;
    french.assert_contains(r#"lang="fr""#);
    french.assert_contains("Jour par jour");
    french.assert_contains("mercredi 19 octobre 2022");
    french.assert_contains("Adhérer gratuitement au réseau");
    let french_day = get_in(&app, "/weeks/2022/2022-10-19", "fr").await;
    french_day.assert_contains("Jour 3");
    // And in Spanish and Portuguese.
    for (language, days, day) in [
        ("es", "Día a día", "Día 3"),
        ("pt-BR", "Dia a dia", "Dia 3"),
    ] {
        let page = get_in(&app, "/weeks/2022", language).await;
        page.assert_contains(&format!(r#"lang="{}""#, &language[..2]));
        page.assert_contains(days);
        page.assert_contains(day);
        page.assert_contains("Health facilities");
    }

    // Staff see the draft event on the day, marked.
    let staff_view = app.get_with(&staff, "/weeks/2022").await;
    staff_view.assert_contains("A webinar still being planned");
    staff_view.assert_contains("not public yet");

    // A draft campaign put on a day is not named publicly; staff see it.
    let draft_email = membernet_domain::campaigns::CampaignInput {
        topic: "week".into(),
        default_language: "en".into(),
        versions: vec![membernet_domain::campaigns::VersionInput {
            language: "en".into(),
            subject: "A draft nobody outside should read".into(),
            body: "Not yet.".into(),
        }],
        time_zone: "UTC".into(),
        ..Default::default()
    }
    .parse()
    .expect("a valid campaign");
    let campaign =
        membernet_persistence::campaigns::create(app.db(), &draft_email, OffsetDateTime::now_utc())
            .await
            .unwrap();
    let tuesday = format!("{week}/days/2022-10-18");
    let saved = app
        .submit_with(
            &staff,
            &tuesday,
            &tuesday,
            &[("items", &format!("/newsletters/{}", campaign.slug))],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        !app.get("/weeks/2022")
            .await
            .body
            .contains("A draft nobody outside should read")
    );
    app.get_with(&staff, "/weeks/2022")
        .await
        .assert_contains("A draft nobody outside should read");

    // A published week keeps its address; dates that would leave out days with
    // items are refused, naming them.
    let fields = |slug: &'static str, ends: &'static str| {
        vec![
            ("title", "Social Service Workforce Week"),
            ("slug", slug),
            ("theme", "Making the case for investing in the workforce"),
            ("hashtag", "#SSWWeek"),
            ("starts_on", "2022-10-17"),
            ("ends_on", ends),
        ]
    };
    let moved = app
        .submit_with(&staff, &week, &week, &fields("ssw-2022", "2022-10-21"))
        .await;
    assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY);
    moved.assert_contains("A published week keeps its address");
    moved.assert_contains(r#"value="ssw-2022""#);
    let shorter = app
        .submit_with(&staff, &week, &week, &fields("2022", "2022-10-18"))
        .await;
    assert_eq!(shorter.status, StatusCode::UNPROCESSABLE_ENTITY);
    shorter.assert_contains("would fall outside the new dates: Wednesday 19 October 2022");
    let longer = app
        .submit_with(&staff, &week, &week, &fields("2022", "2022-10-22"))
        .await;
    assert_eq!(longer.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/weeks/2022/2022-10-22").await.status,
        StatusCode::OK
    );

    // Back to draft: gone for the public.
    let unpublished = app
        .submit_with(
            &staff,
            &week,
            &format!("{week}/status"),
            &[("status", "draft")],
        )
        .await;
    assert_eq!(unpublished.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/weeks/2022").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn today_is_the_readers_day_in_their_zone() {
    let app = spawn().await;
    let staff = staff(&app).await;
    // Kiritimati is 14 hours ahead of UTC and Pago Pago 11 behind: their dates
    // always differ. A one-day week on Kiritimati's today.
    let now = OffsetDateTime::now_utc();
    let ahead = Zone::parse("Pacific/Kiritimati").unwrap().local(now);
    let date = format!("{:04}-{:02}-{:02}", ahead.year, ahead.month, ahead.day);
    let week = create_week(&app, &staff, "now", &date, &date).await;
    let day = format!("{week}/days/{date}");
    let saved = app
        .submit_with(
            &staff,
            &day,
            &day,
            &[("theme", "Ratios and costing"), ("items", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    publish(&app, &staff, &week).await;

    let there = app.get("/weeks/now?tz=Pacific/Kiritimati").await;
    there.assert_contains("Today is day 1 of 1.");
    there.assert_contains(r#"<h3><a href="/weeks/now/"#);
    there.assert_contains("Ratios and costing");
    let behind = app.get("/weeks/now?tz=Pacific/Pago_Pago").await;
    // A day or two later there.
    assert!(
        behind.body.contains("Starts tomorrow.") || behind.body.contains("Starts in 2 days."),
        "{}",
        behind.body
    );
    assert!(!behind.body.contains("Today is day"));
}

/// Sends staff's graphic form.
async fn send_graphic(
    app: &TestApp,
    staff: &reqwest::Client,
    week: &str,
    alt: &str,
    picture: Option<Vec<u8>>,
) -> Page {
    let token = app.get_with(staff, week).await.csrf_token();
    let mut form = Form::new()
        .text("csrf_token", token)
        .text("graphic_alt", alt.to_owned())
        .text("graphic_language", "en");
    if let Some(bytes) = picture {
        form = form.part("graphic", Part::bytes(bytes).file_name("card.png"));
    }
    read(
        staff
            .post(app.url(&format!("{week}/graphics")))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[tokio::test]
async fn the_share_kit_offers_posts_with_plain_share_links_and_graphics() {
    let app = spawn().await;
    let staff = staff(&app).await;
    let week = create_week(&app, &staff, "2022", "2022-10-17", "2022-10-21").await;
    publish(&app, &staff, &week).await;
    let posts = format!("{week}/posts");

    // A post without the hashtag, too long for X, with a bad link: said, kept.
    let long = format!("We join @SSWAlliance {}", "a".repeat(280));
    let bad = app
        .submit_with(
            &staff,
            &week,
            &posts,
            &[
                ("post_network", "x"),
                ("post_language", "en"),
                ("post_body", &long),
                ("post_link", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad.assert_contains("Put the week’s hashtag #SSWWeek in the post.");
    bad.assert_contains("Enter a web address starting with https://.");
    bad.assert_contains("We join @SSWAlliance aaaa");
    bad.assert_contains(r#"value="javascript:alert(1)""#);

    let words =
        "This #SSWWeek we join @SSWAlliance & partners: 100% for the #socialserviceworkforce";
    for (network, language) in [("x", "en"), ("facebook", "en"), ("whatsapp", "fr")] {
        let added = app
            .submit_with(
                &staff,
                &week,
                &posts,
                &[
                    ("post_network", network),
                    ("post_language", language),
                    ("post_body", words),
                    ("post_link", ""),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }

    let kit = app.get("/weeks/2022/share").await;
    assert_eq!(kit.status, StatusCode::OK);
    let week_url = format!("{}/weeks/2022", app.base_url);
    let encoded_url = week_url.replace(':', "%3A").replace('/', "%2F");
    let encoded_words = "This%20%23SSWWeek%20we%20join%20%40SSWAlliance%20%26%20partners%3A%20100%25%20for%20the%20%23socialserviceworkforce";
    // Each share link is the network's own address with the words and the link,
    // encoded, and nothing else (askama writes & as &#38; in attributes).
    let x = format!("https://x.com/intent/tweet?text={encoded_words}&#38;url={encoded_url}");
    let facebook = format!("https://www.facebook.com/sharer/sharer.php?u={encoded_url}");
    let whatsapp = format!("https://wa.me/?text={encoded_words}%20{encoded_url}");
    for link in [&x, &facebook, &whatsapp] {
        kit.assert_contains(&format!(r#"href="{link}""#));
    }
    // Every off-site address on the page is one of those share links (no scripts,
    // images or styles from other sites).
    for (at, _) in kit.body.match_indices("https://") {
        let rest = &kit.body[at..];
        let address = &rest[..rest.find('"').unwrap_or(rest.len())];
        let ours = address.starts_with(&app.base_url);
        let share = [&x, &facebook, &whatsapp]
            .iter()
            .any(|link| link.starts_with(address) || address.starts_with(link.as_str()));
        let in_words = address.starts_with("https://x.com/intent")
            || address.starts_with("https://www.facebook.com/sharer")
            || address.starts_with("https://wa.me/");
        assert!(
            ours || share || in_words,
            "an unexpected address: {address}"
        );
    }
    assert!(!kit.body.contains("<script src=\"http"));
    // The copy button works without JavaScript as selectable words.
    kit.assert_contains("data-copy=\"post-");
    kit.assert_contains("Copy</button>");
    kit.assert_contains("Facebook takes only the link");
    // The reader's language first.
    let french = get_in(&app, "/weeks/2022/share", "fr").await;
    let first = french.body.find("card\" lang=").unwrap();
    assert!(french.body[first..].starts_with("card\" lang=\"fr\""));

    // Graphics: a description is required, a tiny picture refused, a good one
    // stored without metadata and matched to the networks it suits.
    let refused = send_graphic(&app, &staff, &week, " ", Some(png(1200, 675))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Describe the picture for people who cannot see it.");
    let narrow = send_graphic(&app, &staff, &week, "A narrow card", Some(png(300, 300))).await;
    assert_eq!(narrow.status, StatusCode::UNPROCESSABLE_ENTITY);
    narrow.assert_contains("narrower than 600 pixels");
    narrow.assert_contains("A narrow card");
    let not_image = send_graphic(
        &app,
        &staff,
        &week,
        "Oops",
        Some(b"%PDF-1.4 not a picture".to_vec()),
    )
    .await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    not_image.assert_contains("not a picture we can read");
    let added = send_graphic(
        &app,
        &staff,
        &week,
        "Social service workers in a clinic, with the words Invest in the workforce",
        Some(png(1200, 675)),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    let kit = app.get("/weeks/2022/share").await;
    kit.assert_contains(
        r#"alt="Social service workers in a clinic, with the words Invest in the workforce""#,
    );
    kit.assert_contains("1200 × 675 px");
    kit.assert_contains("Suits X, LinkedIn, Facebook, Bluesky");
    let start = kit.body.find("/weeks/2022/graphics/").unwrap();
    let path = &kit.body[start..start + kit.body[start..].find('"').unwrap()];
    let picture = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(picture.status(), StatusCode::OK);
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    assert_eq!(picture.headers()["x-content-type-options"], "nosniff");
    assert_eq!(picture.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(
        picture.headers()["content-security-policy"],
        "default-src 'none'; sandbox"
    );
    assert!(
        picture.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline; filename=")
    );
    let bytes = picture.bytes().await.unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 675));
    // Another name for the same graphic is not it.
    let forged = path.replace("1200x675", "1x1");
    assert_eq!(app.get(&forged).await.status, StatusCode::NOT_FOUND);

    // Deleting a post and a graphic.
    let staff_page = app.get_with(&staff, &week).await;
    let at = staff_page.body.find("/posts/").unwrap();
    let tail = &staff_page.body[at..];
    let delete = format!("{week}{}", &tail[..tail.find('"').unwrap()]);
    let deleted = app.submit_with(&staff, &week, &delete, &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let action = format!("{week}/graphics/");
    let at = staff_page.body.find(&action).unwrap();
    let tail = &staff_page.body[at..];
    let delete = tail[..tail.find('"').unwrap()].to_owned();
    assert!(delete.ends_with("/delete"), "{delete}");
    let deleted = app.submit_with(&staff, &week, &delete, &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND);
    let kit = app.get("/weeks/2022/share").await;
    assert_eq!(kit.body.matches("data-copy=\"post-").count(), 2);
}

#[tokio::test]
async fn staff_pages_are_closed_to_members_and_visitors() {
    let app = spawn().await;
    let staff = staff(&app).await;
    let week = create_week(&app, &staff, "2022", "2022-10-17", "2022-10-21").await;
    app.member("Mary Member", "mary@example.org", "KE").await;
    let member = new_client();
    app.log_in_with(&member, "mary@example.org", PASSWORD).await;

    for path in [
        "/staff/weeks".to_owned(),
        "/staff/weeks/new".to_owned(),
        week.clone(),
        format!("{week}/days/2022-10-17"),
    ] {
        assert_eq!(
            app.get_with(&member, &path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let visitor = app.get(&path).await;
        assert_eq!(visitor.status, StatusCode::SEE_OTHER, "{path}");
        assert!(visitor.location().unwrap().starts_with("/login"));
    }
    // A member's post, even with a token of their own, is refused.
    let token = app.get_with(&member, "/account").await.csrf_token();
    let response = member
        .post(app.url(&format!("{week}/status")))
        .form(&[("csrf_token", token.as_str()), ("status", "published")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Nor can a member add posts, days or graphics.
    for action in [format!("{week}/posts"), format!("{week}/days/2022-10-17")] {
        let response = member
            .post(app.url(&action))
            .form(&[
                ("csrf_token", token.as_str()),
                ("post_body", "#SSWWeek"),
                ("theme", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
    }
    let form = Form::new()
        .text("csrf_token", token.clone())
        .text("graphic_alt", "x")
        .part("graphic", Part::bytes(png(800, 800)).file_name("a.png"));
    let response = member
        .post(app.url(&format!("{week}/graphics")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A multipart form without its token is refused, even from staff.
    let form = Form::new()
        .text("graphic_alt", "x")
        .part("graphic", Part::bytes(png(800, 800)).file_name("a.png"));
    let response = staff
        .post(app.url(&format!("{week}/graphics")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A draft week's graphic is staff's only, and never cached.
    let added = send_graphic(&app, &staff, &week, "A card", Some(png(800, 800))).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let staff_page = app.get_with(&staff, &week).await;
    let start = staff_page.body.find("/weeks/2022/graphics/").unwrap();
    let path = &staff_page.body[start..start + staff_page.body[start..].find('"').unwrap()];
    assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND);
    let seen = staff.get(app.url(path)).send().await.unwrap();
    assert_eq!(seen.status(), StatusCode::OK);
    assert_eq!(seen.headers()["cache-control"], "private, no-store");

    // Staff without the form's token are refused too.
    let response = staff
        .post(app.url(&format!("{week}/status")))
        .form(&[("status", "published")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/weeks/2022").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_network_recreates_the_2022_week_around_today() {
    let app = spawn().await;
    app.seed_demo_network(30).await;
    let week = app.get("/weeks/2022?tz=UTC").await;
    assert_eq!(week.status, StatusCode::OK);
    week.assert_contains("Making the Case for Investing in Strengthening the Social Service Workforce Across Sectors");
    week.assert_contains("Today is day 3 of 5.");
    week.assert_contains("Roles across sectors");
    week.assert_contains("Minimum ratios and costing the workforce");
    // The two webinars the 2022 page names, the planner linked from the second.
    week.assert_contains("SSW Week: Social Service Workers in Health Facilities");
    week.assert_contains("SSW Week: Developing Minimum Social Service Workforce Ratios");
    let start = week.body.find("/events/ssw-week-developing").unwrap();
    let path = &week.body[start..start + week.body[start..].find('"').unwrap()];
    app.get(path)
        .await
        .assert_contains(r#"href="/countries/ke/planner""#);
    // Daily emails: those sent are in the archive, the rest named.
    week.assert_contains("Day 1 of #SSWWeek: Roles across sectors");
    week.assert_contains(r#"href="/newsletters/day-1-of"#);
    // The days to come have their emails as drafts: not named to the public.
    assert!(!week.body.contains("Day 5 of #SSWWeek"));
    // Resources and stories of the library, and gifts recorded during the week.
    assert!(week.body.matches(r#"href="/resources/"#).count() >= 9);
    assert!(week.body.matches(r#"href="/stories/"#).count() >= 9);
    week.assert_contains("Given during the week:");
    week.assert_contains(r#"href="/join?from=week:2022""#);
    let kit = app.get("/weeks/2022/share").await;
    assert_eq!(kit.body.matches("data-copy=\"post-").count(), 5);
    assert_eq!(kit.body.matches("class=\"card graphic\"").count(), 2);
    let start = kit.body.find("/weeks/2022/graphics/").unwrap();
    let path = &kit.body[start..start + kit.body[start..].find('"').unwrap()];
    assert_eq!(app.get(path).await.status, StatusCode::OK);
}
