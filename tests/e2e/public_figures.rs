//! The public figures (home page, `/stats`, `/countries`, country profiles, the API)
//! come from one loader: each region's totals, read from the rollup's own region
//! rows, agree with its countries' figures.

use membernet_domain::country::{self, region_slug};
use membernet_persistence::public_figures;

use crate::helpers::{PASSWORD, spawn};

#[tokio::test]
async fn region_totals_from_the_rollup_agree_with_their_countries() {
    let app = spawn().await;
    membernet_web::cli::seed_demo(&app.services, 300, 11)
        .await
        .unwrap();
    // A move and an erasure change two regions' figures.
    app.member("Amina Otieno", "amina@ngo.org", "KE").await;
    app.log_in("amina@ngo.org", PASSWORD).await;
    app.submit(
        "/account",
        "/account",
        &[("full_name", "Amina Otieno"), ("country", "FR")],
    )
    .await;
    let (other, _) = app
        .member_with_profile("Bo Lind", "bo@ngo.org", "SE", &[])
        .await;
    app.submit_with(
        &other,
        "/account",
        "/account/delete",
        &[("password", PASSWORD)],
    )
    .await;

    let figures = public_figures::load(app.db()).await.unwrap();
    assert_eq!(figures.regions().len(), 5);
    for region in figures.regions() {
        let countries: Vec<_> = country::all()
            .iter()
            .filter(|country| !country.region.is_empty())
            .filter(|country| region_slug(country.region) == region.slug)
            .map(|country| figures.members.of(country.code()))
            .collect();
        let members: u64 = countries.iter().sum();
        let with_members = countries.iter().filter(|members| **members > 0).count();
        assert_eq!(region.members, members, "{} members", region.slug);
        assert_eq!(
            region.countries, with_members as u64,
            "{} countries with members",
            region.slug
        );
    }
    assert!(figures.region("africa").members > 0);
    let totals = figures.totals();
    assert_eq!(totals.members, 301, "300 demo members and Amina");
    assert_eq!(
        totals.members,
        figures
            .regions()
            .iter()
            .map(|region| region.members)
            .sum::<u64>(),
        "every member is in a region"
    );
}
