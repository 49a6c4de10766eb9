//! The product in a real browser: headless Chromium driven through chromedriver
//! (WebDriver), against the real application on its own port with its own database
//! (the end-to-end harness of `tests/e2e`). Journeys are typed and clicked as a
//! person does, finding fields by their visible labels; axe-core checks every page
//! template for WCAG 2.2 AA; the layout is checked at 320 px and at 200% zoom.
//!
//! The suite has its own harness (libtest-mimic) so that what did not run says so:
//! without chromedriver, Chromium or `tests/browser/node_modules/axe-core` every test
//! is reported as *ignored* (and the summary says how to enable the suite); with
//! `MEMBERNET_BROWSER_TESTS=required` (CI) a missing piece fails the run instead. A
//! new test is a `pub async fn` listed in [`TESTS`].

#[allow(dead_code)]
#[path = "../e2e/helpers.rs"]
mod helpers;

mod accessibility;
mod browser;
mod journeys;
mod keyboard;
mod layout;
mod screenshots;
mod weeks;

use std::{future::Future, pin::Pin, process::ExitCode};

use libtest_mimic::{Arguments, Trial};

type Test = fn() -> Pin<Box<dyn Future<Output = ()>>>;

macro_rules! tests {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$((concat!(stringify!($module), "::", stringify!($name)), || Box::pin($module::$name()))),*]
    };
}

/// Every browser test, by name.
const TESTS: &[(&str, Test)] = tests![
    accessibility::every_page_a_visitor_sees_meets_wcag_2_2_aa,
    accessibility::every_page_a_member_sees_meets_wcag_2_2_aa,
    accessibility::every_page_staff_see_meets_wcag_2_2_aa,
    accessibility::axe_runs_in_our_pages_despite_their_content_security_policy_and_reports_what_it_finds,
    journeys::a_professional_joins_confirms_chooses_a_password_fills_in_their_work_and_appears_in_the_directory,
    journeys::a_member_who_forgot_their_password_resets_it_and_logs_in_with_the_new_one,
    journeys::a_staff_member_sets_their_password_and_opens_the_dashboard,
    journeys::a_visitor_opens_a_country_profile_and_its_workforce_planner,
    keyboard::a_professional_joins_with_the_keyboard_alone,
    keyboard::every_element_the_tab_key_reaches_shows_its_focus,
    layout::every_page_reads_without_scrolling_sideways_at_320_pixels,
    layout::every_page_reads_without_scrolling_sideways_at_200_percent_zoom,
    weeks::no_page_of_the_week_asks_another_site_for_anything,
];

/// Run only when asked (`-- --ignored screenshots`): they write PNG files.
const ON_REQUEST: &[(&str, Test)] = tests![screenshots::screenshots];

fn trial(name: &str, test: Test, ignored: bool) -> Trial {
    Trial::test(name, move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("no runtime: {error}"))?;
        runtime.block_on(test());
        Ok(())
    })
    .with_ignored_flag(ignored)
}

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    // Panics when the suite is required and a piece is missing; prints how to enable
    // it when it is not.
    let ready = browser::tools().is_some();
    let trials = TESTS
        .iter()
        .map(|(name, test)| trial(name, *test, !ready))
        .chain(
            ON_REQUEST
                .iter()
                .map(|(name, test)| trial(name, *test, true)),
        )
        .collect();
    libtest_mimic::run(&arguments, trials).exit_code()
}
