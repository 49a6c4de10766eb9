//! Screenshots of the main pages at 360 px (a phone) and 1280 px (a laptop), for
//! anyone to look at what the product shows:
//!
//! ```sh
//! cargo test -p membernet-tests --test browser -- --ignored screenshots
//! ```
//!
//! writes `target/screenshots/<page>-<width>.png` (or into
//! `MEMBERNET_SCREENSHOTS_DIR`).

use std::path::PathBuf;

use crate::{
    accessibility::{PLANNED, network},
    browser::{self, Browser, Window},
    helpers::{PASSWORD, spawn},
};

pub async fn screenshots() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let dir = std::env::var_os("MEMBERNET_SCREENSHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots"));
    std::fs::create_dir_all(&dir).expect("the screenshots folder can be made");
    let app = spawn().await;
    let organization = network(&app).await;
    let pages = [
        ("home", "/"),
        ("join", "/join"),
        ("login", "/login"),
        ("members", "/members"),
        ("organizations", "/organizations"),
        ("organization", organization.as_str()),
        ("countries", "/countries"),
        ("country-ke", "/countries/ke"),
        ("planner-ke", PLANNED),
        ("stats", "/stats"),
        ("newsletters", "/newsletters"),
        ("resources", "/resources"),
        ("resources-search", "/resources?q=protection&region=africa"),
        ("stories", "/stories"),
    ];
    let link =
        membernet_web::cli::create_admin(&app.services, "director@alliance.org", Some("Dana"))
            .await
            .expect("an admin");
    let mut staff_link = link.strip_prefix(&app.base_url).map(str::to_owned);
    for window in [Window::PHONE, Window::DESKTOP] {
        let browser = Browser::open(tools, &app, window).await;
        for (name, path) in pages {
            browser.goto(path).await;
            save(
                &dir,
                name,
                window,
                browser.screenshot_whole_page(window).await,
            );
        }
        browser.goto("/login").await;
        browser.fill("Email address", "amina@ngo.org").await;
        browser.fill("Password", PASSWORD).await;
        browser.press("Log in").await;
        save(
            &dir,
            "account",
            window,
            browser.screenshot_whole_page(window).await,
        );
        browser.close().await;

        // Staff: the first time through the admin's one-time link, then by logging in.
        let browser = Browser::open(tools, &app, window).await;
        match staff_link.take() {
            Some(link) => {
                browser.goto(&link).await;
                browser
                    .fill("Choose a password", "staff room kettle honest")
                    .await;
                browser.press("Save the new password").await;
            }
            None => {
                browser.goto("/login").await;
                browser.fill("Email address", "director@alliance.org").await;
                browser.fill("Password", "staff room kettle honest").await;
                browser.press("Log in").await;
            }
        }
        for (name, path) in [
            ("staff-statistics", "/staff/statistics"),
            (
                "staff-statistics-ke",
                "/staff/statistics?country=KE&interval=quarter",
            ),
            ("staff-members", "/staff/members"),
            ("staff-campaigns", "/staff/campaigns"),
            ("staff-campaign-sent", "/staff/campaigns/1"),
            ("staff-campaign-draft", "/staff/campaigns/2"),
            ("staff-library", "/staff/library"),
            ("staff-library-item", "/staff/library/1"),
        ] {
            browser.goto(path).await;
            save(
                &dir,
                name,
                window,
                browser.screenshot_whole_page(window).await,
            );
        }
        browser.close().await;
    }
    eprintln!("screenshots written to {}", dir.display());
}

fn save(dir: &std::path::Path, name: &str, window: Window, png: Vec<u8>) {
    let path = dir.join(format!("{name}-{}.png", window.width));
    std::fs::write(&path, png).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
}
