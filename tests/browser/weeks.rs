//! The awareness week in a real browser: no page of the week asks another site for
//! anything when it loads (no network's script, button, image or font: the share
//! links are plain links), and the share kit's copy button shows itself and copies.

use crate::{
    accessibility::{demo_week_day, network},
    browser::{self, Browser, Window},
    helpers::spawn,
};

/// Every address the page loaded (the document, styles, scripts, images, fonts,
/// anything fetched), from the browser's own record.
const LOADED: &str = "return [location.href].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));";

pub async fn no_page_of_the_week_asks_another_site_for_anything() {
    let Some(tools) = browser::tools() else {
        return;
    };
    let app = spawn().await;
    network(&app).await;
    let browser = Browser::open(tools, &app, Window::PHONE).await;
    let day = demo_week_day();
    let mut elsewhere = Vec::new();
    let mut pages = 0;
    for path in [
        "/weeks",
        "/weeks/2022",
        "/weeks/2022/share",
        day.as_str(),
        "/support",
    ] {
        browser.goto(path).await;
        // Let lazy images and deferred scripts load.
        browser
            .run("window.scrollTo(0, document.body.scrollHeight); return true;")
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let loaded = browser.run(LOADED).await;
        let loaded: Vec<String> = loaded
            .as_array()
            .expect("a list of addresses")
            .iter()
            .filter_map(|address| address.as_str().map(str::to_owned))
            .collect();
        assert!(loaded.len() > 1, "{path} loaded its styles: {loaded:?}");
        pages += 1;
        elsewhere.extend(
            loaded
                .into_iter()
                .filter(|address| !address.starts_with(&app.base_url))
                .map(|address| format!("{path}: {address}")),
        );
    }
    assert_eq!(pages, 5);
    assert!(
        elsewhere.is_empty(),
        "pages of the week asked other sites:\n{}",
        elsewhere.join("\n")
    );

    // The kit's graphics loaded, from this site; the copy buttons show themselves.
    browser.goto("/weeks/2022/share").await;
    let shown = browser
        .run("return Array.prototype.filter.call(document.querySelectorAll('button[data-copy]'), function (b) { return !b.hidden; }).length;")
        .await;
    assert_eq!(
        shown.as_u64(),
        Some(5),
        "five posts, each with its copy button"
    );
    let share = browser
        .run("return Array.prototype.map.call(document.querySelectorAll('a[href^=\"https://\"]'), function (a) { return a.href; });")
        .await;
    let share: Vec<&str> = share
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|value| value.as_str())
        .collect();
    assert!(
        share.iter().all(|href| {
            href.starts_with("https://x.com/intent/tweet?text=")
                || href.starts_with("https://www.facebook.com/sharer/sharer.php?u=")
                || href.starts_with("https://www.linkedin.com/sharing/share-offsite/?url=")
                || href.starts_with("https://wa.me/?text=")
                || href.starts_with("https://bsky.app/intent/compose?text=")
        }),
        "{share:?}"
    );
    browser.close().await;
}
