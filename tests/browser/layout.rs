//! Readable on a small phone and zoomed in: at 320 CSS pixels wide (WCAG 1.4.10,
//! Reflow) and at 200% zoom on a 1280 px screen (WCAG 1.4.4, Resize text), no page
//! needs scrolling sideways (wide tables scroll in their own box).

use crate::{
    accessibility::{PLANNED, network},
    browser::{self, Browser, Window},
    helpers::{PASSWORD, spawn},
};

async fn no_page_scrolls_sideways(window: Window) {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    let organization = network(&app).await;
    let browser = Browser::open(tools, &app, window).await;
    let mut too_wide = Vec::new();
    let mut check = async |path: &str| {
        browser.goto(path).await;
        let (fits, sizes) = browser.fits_the_width().await;
        assert_eq!(
            sizes["innerWidth"].as_u64(),
            Some(u64::from(window.width)),
            "the window is {window:?}: {sizes}"
        );
        if !fits {
            too_wide.push(format!("{path}: {sizes}"));
        }
    };
    for path in [
        "/",
        "/join",
        "/login",
        "/password/forgot",
        "/members",
        "/organizations",
        organization.as_str(),
        "/countries",
        "/countries/ke",
        PLANNED,
        "/stats",
        "/weeks/2022",
        "/weeks/2022/share",
        "/support",
    ] {
        check(path).await;
    }
    browser.goto("/login").await;
    browser.fill("Email address", "amina@ngo.org").await;
    browser.fill("Password", PASSWORD).await;
    browser.press("Log in").await;
    check("/account").await;
    browser.close().await;
    assert!(
        too_wide.is_empty(),
        "pages wider than the window ({window:?}):\n{}",
        too_wide.join("\n")
    );
}

pub async fn every_page_reads_without_scrolling_sideways_at_320_pixels() {
    no_page_scrolls_sideways(Window::NARROW).await;
}

pub async fn every_page_reads_without_scrolling_sideways_at_200_percent_zoom() {
    no_page_scrolls_sideways(Window::ZOOMED).await;
}
