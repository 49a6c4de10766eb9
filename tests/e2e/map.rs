//! The members map on `/stats`: countries link to their profiles with their members
//! in the title, the table repeats the figures, and the page stays light.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use reqwest::StatusCode;

use crate::helpers::{new_client, spawn};

/// Public pages, CSS included, stay under this many bytes gzipped.
const PAGE_BUDGET: usize = 50_000;

/// The size of `text` gzipped, as a browser would receive it from a compressing server.
fn gzipped_size(text: &str) -> usize {
    let mut gzip = Command::new("gzip")
        .args(["-c", "-6"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the gzip command is installed");
    gzip.stdin
        .take()
        .expect("gzip's stdin is piped")
        .write_all(text.as_bytes())
        .expect("gzip reads the page");
    gzip.wait_with_output().expect("gzip finishes").stdout.len()
}

#[tokio::test]
async fn the_stats_map_links_each_country_with_its_members_and_stays_light() {
    let app = spawn().await;
    app.member("Achieng Otieno", "achieng@example.org", "KE")
        .await;
    app.member("Wanjiru Kamau", "wanjiru@example.org", "KE")
        .await;
    app.member("Okello Brian", "okello@example.org", "UG").await;

    let visitor = new_client();
    let page = app.get_with(&visitor, "/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<a href=\"/countries/ke\" class=\"m5\"><title>Kenya: 2 members</title>");
    page.assert_contains("<a href=\"/countries/ug\" class=\"m1\"><title>Uganda: 1 member</title>");
    page.assert_contains("<title>France: no members</title>");
    page.assert_contains("<td><a href=\"/countries/ke\">Kenya</a></td><td class=\"number\">2</td>");

    // The stylesheet the page links to (its address carries a content hash).
    let href = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page links its stylesheet")
        .to_owned();
    let css = app.get_with(&visitor, &href).await;
    assert_eq!(css.status, StatusCode::OK);
    let weight = gzipped_size(&page.body) + gzipped_size(&css.body);
    assert!(
        weight < PAGE_BUDGET,
        "/stats with its CSS is {weight} bytes gzipped; the budget is {PAGE_BUDGET}"
    );
}
