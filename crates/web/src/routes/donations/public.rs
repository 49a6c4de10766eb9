//! `/support`: why and how to give, each way a plain link to the provider's page
//! staff configured; `/support/thanks`: where a provider sends the giver back. The
//! thank-you page only thanks: it never redirects and never shows an address taken
//! from its query string, so it cannot send anyone elsewhere.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, routing::get};
use membernet_domain::donations::Frequency;

use super::OptionView;
use crate::{
    error::Result,
    http::extract::Query,
    page::Page,
    services::{Services, donations},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/support", get(support))
        .route("/support/thanks", get(thanks))
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/support.html")]
struct SupportTemplate {
    page: Page,
    one_time: Vec<OptionView>,
    monthly: Vec<OptionView>,
}

impl SupportTemplate {
    /// The headings' keys and their options: one-time gifts, then monthly.
    fn groups(&self) -> [(&'static str, &[OptionView]); 2] {
        [
            ("donations.support.one_time", &self.one_time),
            ("donations.support.monthly", &self.monthly),
        ]
    }
}

async fn support(State(services): State<Services>, page: Page) -> Result<SupportTemplate> {
    let (one_time, monthly) = donations::active_options(&services)
        .await?
        .into_iter()
        .map(|option| OptionView::new(option, page.locale))
        .partition(|view| view.option.draft.frequency == Frequency::OneTime);
    Ok(SupportTemplate {
        page,
        one_time,
        monthly,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "donations/thanks.html")]
struct ThanksTemplate {
    page: Page,
    option: Option<OptionView>,
}

async fn thanks(
    State(services): State<Services>,
    page: Page,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<ThanksTemplate> {
    // Only `option` is read (the first, if repeated); anything else a provider or
    // a link adds (`next`, `return`, `url`…) is ignored.
    let option = pairs
        .iter()
        .find(|(name, _)| name == "option")
        .map_or("", |(_, value)| value.as_str());
    let option = donations::thanked_for(&services, option)
        .await?
        .map(|option| OptionView::new(option, page.locale));
    Ok(ThanksTemplate { page, option })
}
