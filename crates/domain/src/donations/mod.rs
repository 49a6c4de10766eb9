//! Donations ("Support the network"): the ways staff offer to give (a provider's
//! payment link or donation page, one-time or monthly, in a currency), and the gifts
//! staff record by hand (a cheque, a bank transfer), totalled by currency.
//!
//! Membernet never handles a payment: a giver follows a link staff configured to the
//! provider's own page and comes back to a thank-you page. So the rules here are
//! about what may be a link ([`ProviderUrl`]: `https://` to a named host, nothing
//! hidden in it) and about money typed by people ([`Currency`]: ISO 4217 codes with
//! their decimals, amounts in whole minor units).

mod currency;
pub mod demo;
mod gift;
mod option;
mod provider_url;

use time::OffsetDateTime;

pub use currency::{AmountError, Currency, MAX_MINOR};
pub use gift::{
    GiftDraft, GiftError, GiftInput, MAX_DONOR, MAX_NOTE, Period, PeriodError, PeriodInput,
    parse_day,
};
pub use option::{
    MAX_DESCRIPTION, MAX_LABEL, MAX_POSITION, MAX_PROVIDER, OptionDraft, OptionError, OptionInput,
};
pub use provider_url::{MAX_URL, ProviderUrl, UrlError};

/// How often a gift through an option is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    OneTime,
    Monthly,
}

impl Frequency {
    pub const ALL: &'static [Frequency] = &[Frequency::OneTime, Frequency::Monthly];

    /// As stored and in forms.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::OneTime => "one_time",
            Frequency::Monthly => "monthly",
        }
    }

    pub fn parse(code: &str) -> Option<Frequency> {
        Self::ALL
            .iter()
            .copied()
            .find(|frequency| frequency.code() == code.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OptionId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GiftId(pub i64);

/// A way to give that staff configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonationOption {
    pub id: OptionId,
    pub draft: OptionDraft,
    /// Inactive options are kept (and can come back) but never shown to givers.
    pub active: bool,
}

/// A gift staff recorded (received outside Membernet: Membernet cannot know what was
/// given through a provider).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gift {
    pub id: GiftId,
    pub draft: GiftDraft,
    pub recorded_at: OffsetDateTime,
}

/// Cuts spaces at both ends; `None` when nothing is left.
fn optional_text(raw: &str) -> Option<String> {
    let text = raw.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_read_back_from_their_codes() {
        for frequency in Frequency::ALL {
            assert_eq!(Frequency::parse(frequency.code()), Some(*frequency));
        }
        assert_eq!(Frequency::parse("yearly"), None);
    }
}
