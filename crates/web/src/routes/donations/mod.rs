//! Donations: the public "Support the network" page and its thank-you page
//! (`public`), staff's ways to give, offline gifts and totals (`staff`), their
//! forms (`forms`). The block `web/templates/donations/block.html` (a sentence and a
//! link to `/support`, needing only `page`) is for other pages to include.

use axum::Router;
use membernet_domain::donations::DonationOption;

use crate::{locale::Locale, state::AppState};

mod forms;
mod public;
mod staff;

pub fn router() -> Router<AppState> {
    Router::new().merge(public::router()).merge(staff::router())
}

/// A way to give as a page shows it.
pub struct OptionView {
    pub option: DonationOption,
    /// The suggested amount in the reader's language ("USD 25.00").
    pub amount: Option<String>,
}

impl OptionView {
    pub fn new(option: DonationOption, locale: Locale) -> Self {
        let amount = option
            .draft
            .suggested
            .map(|minor| locale.amount(option.draft.currency, minor));
        OptionView { option, amount }
    }

    pub fn id(&self) -> i64 {
        self.option.id.0
    }

    pub fn url(&self) -> &str {
        self.option.draft.url.as_str()
    }

    pub fn host(&self) -> &str {
        self.option.draft.url.host()
    }

    pub fn frequency_key(&self) -> String {
        format!("donations.frequency.{}", self.option.draft.frequency.code())
    }
}
