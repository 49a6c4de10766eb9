//! What staff type for a way to give, and the checks that turn it into an
//! [`OptionDraft`]: every field's problem at once, so the form shows them all.

use super::{AmountError, Currency, Frequency, ProviderUrl, UrlError, optional_text};

pub const MAX_PROVIDER: usize = 80;
pub const MAX_LABEL: usize = 120;
pub const MAX_DESCRIPTION: usize = 600;
pub const MAX_POSITION: i32 = 9_999;

/// The option's form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionInput {
    pub provider: String,
    pub frequency: String,
    pub currency: String,
    /// The suggested amount, in the currency's units ("25", "25.50"); may be empty.
    pub amount: String,
    pub label: String,
    pub description: String,
    pub url: String,
    pub position: String,
}

/// A valid way to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDraft {
    /// Free text: "Stripe", "PayPal", "GlobalGiving", a bank's name.
    pub provider: String,
    pub frequency: Frequency,
    pub currency: Currency,
    /// In minor units; `None`: the giver chooses on the provider's page.
    pub suggested: Option<i64>,
    /// What the link says ("Give once", "Give USD 10 a month").
    pub label: String,
    pub description: Option<String>,
    pub url: ProviderUrl,
    /// Options are listed by position, then by when they were added.
    pub position: i32,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionError {
    ProviderMissing,
    ProviderTooLong,
    FrequencyUnknown,
    CurrencyMissing,
    CurrencyUnknown,
    Amount(AmountError),
    LabelMissing,
    LabelTooLong,
    DescriptionTooLong,
    Url(UrlError),
    PositionInvalid,
}

impl OptionError {
    /// The form field the problem is shown next to.
    pub fn field(self) -> &'static str {
        use OptionError::*;
        match self {
            ProviderMissing | ProviderTooLong => "provider",
            FrequencyUnknown => "frequency",
            CurrencyMissing | CurrencyUnknown => "currency",
            Amount(_) => "amount",
            LabelMissing | LabelTooLong => "label",
            DescriptionTooLong => "description",
            Url(_) => "url",
            PositionInvalid => "position",
        }
    }

    /// The message's key in the catalogues (`donations.error.*`).
    pub fn code(self) -> &'static str {
        use OptionError::*;
        match self {
            ProviderMissing => "provider_missing",
            ProviderTooLong => "provider_too_long",
            FrequencyUnknown => "frequency_unknown",
            CurrencyMissing => "currency_missing",
            CurrencyUnknown => "currency_unknown",
            Amount(error) => amount_code(error),
            LabelMissing => "label_missing",
            LabelTooLong => "label_too_long",
            DescriptionTooLong => "description_too_long",
            Url(UrlError::Missing) => "url_missing",
            Url(UrlError::TooLong) => "url_too_long",
            Url(UrlError::Invalid) => "url_invalid",
            Url(UrlError::NotHttps) => "url_not_https",
            Url(UrlError::HostInvalid) => "url_host",
            Url(UrlError::Credentials) => "url_credentials",
            PositionInvalid => "position_invalid",
        }
    }
}

/// The catalogue key of an amount's problem (shared by options and gifts).
pub(super) fn amount_code(error: AmountError) -> &'static str {
    match error {
        AmountError::Missing => "amount_missing",
        AmountError::Invalid => "amount_invalid",
        AmountError::TooManyDecimals => "amount_decimals",
        AmountError::NotPositive => "amount_not_positive",
        AmountError::TooLarge => "amount_too_large",
    }
}

/// A required currency code from the list.
pub(super) fn currency(raw: &str) -> Result<Currency, bool> {
    if raw.trim().is_empty() {
        return Err(true);
    }
    Currency::parse(raw).ok_or(false)
}

impl OptionInput {
    /// The form as `draft` fills it.
    pub fn of(draft: &OptionDraft) -> OptionInput {
        OptionInput {
            provider: draft.provider.clone(),
            frequency: draft.frequency.code().to_owned(),
            currency: draft.currency.code().to_owned(),
            amount: draft
                .suggested
                .map(|minor| draft.currency.plain(minor))
                .unwrap_or_default(),
            label: draft.label.clone(),
            description: draft.description.clone().unwrap_or_default(),
            url: draft.url.as_str().to_owned(),
            position: draft.position.to_string(),
        }
    }

    pub fn parse(&self) -> Result<OptionDraft, Vec<OptionError>> {
        let mut errors = Vec::new();
        let provider = self.provider.trim();
        if provider.is_empty() {
            errors.push(OptionError::ProviderMissing);
        } else if provider.chars().count() > MAX_PROVIDER {
            errors.push(OptionError::ProviderTooLong);
        }
        let frequency = Frequency::parse(&self.frequency);
        if frequency.is_none() {
            errors.push(OptionError::FrequencyUnknown);
        }
        let currency = match currency(&self.currency) {
            Ok(currency) => Some(currency),
            Err(missing) => {
                errors.push(if missing {
                    OptionError::CurrencyMissing
                } else {
                    OptionError::CurrencyUnknown
                });
                None
            }
        };
        let suggested = match (currency, self.amount.trim().is_empty()) {
            (_, true) | (None, false) => None,
            (Some(currency), false) => match currency.parse_amount(&self.amount) {
                Ok(minor) => Some(minor),
                Err(error) => {
                    errors.push(OptionError::Amount(error));
                    None
                }
            },
        };
        let label = self.label.trim();
        if label.is_empty() {
            errors.push(OptionError::LabelMissing);
        } else if label.chars().count() > MAX_LABEL {
            errors.push(OptionError::LabelTooLong);
        }
        let description = optional_text(&self.description);
        if description
            .as_ref()
            .is_some_and(|text| text.chars().count() > MAX_DESCRIPTION)
        {
            errors.push(OptionError::DescriptionTooLong);
        }
        let url = ProviderUrl::parse(&self.url)
            .map_err(|error| errors.push(OptionError::Url(error)))
            .ok();
        let position = match self.position.trim() {
            "" => Some(0),
            typed => typed
                .parse::<i32>()
                .ok()
                .filter(|position| (0..=MAX_POSITION).contains(position)),
        };
        if position.is_none() {
            errors.push(OptionError::PositionInvalid);
        }
        match (frequency, currency, url, position) {
            (Some(frequency), Some(currency), Some(url), Some(position)) if errors.is_empty() => {
                Ok(OptionDraft {
                    provider: provider.to_owned(),
                    frequency,
                    currency,
                    suggested,
                    label: label.to_owned(),
                    description,
                    url,
                    position,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> OptionInput {
        OptionInput {
            provider: "Stripe".into(),
            frequency: "one_time".into(),
            currency: "usd".into(),
            amount: "25".into(),
            label: "Give once".into(),
            description: "Any amount helps.".into(),
            url: "https://donate.stripe.com/test_abc".into(),
            position: "10".into(),
        }
    }

    #[test]
    fn a_complete_option_parses_and_fills_its_form_again() {
        let draft = valid().parse().unwrap();
        assert_eq!(draft.provider, "Stripe");
        assert_eq!(draft.frequency, Frequency::OneTime);
        assert_eq!(draft.currency.code(), "USD");
        assert_eq!(draft.suggested, Some(2500));
        assert_eq!(draft.position, 10);
        let again = OptionInput::of(&draft);
        assert_eq!(again.amount, "25.00");
        assert_eq!(again.currency, "USD");
        assert_eq!(again.parse().unwrap(), draft);
    }

    #[test]
    fn the_suggested_amount_description_and_position_may_be_left_empty() {
        let input = OptionInput {
            amount: " ".into(),
            description: String::new(),
            position: String::new(),
            ..valid()
        };
        let draft = input.parse().unwrap();
        assert_eq!(draft.suggested, None);
        assert_eq!(draft.description, None);
        assert_eq!(draft.position, 0);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let input = OptionInput {
            provider: " ".into(),
            frequency: "yearly".into(),
            currency: String::new(),
            amount: "25".into(),
            label: "x".repeat(MAX_LABEL + 1),
            description: "y".repeat(MAX_DESCRIPTION + 1),
            url: "javascript:alert(1)".into(),
            position: "-1".into(),
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors,
            vec![
                OptionError::ProviderMissing,
                OptionError::FrequencyUnknown,
                OptionError::CurrencyMissing,
                OptionError::LabelTooLong,
                OptionError::DescriptionTooLong,
                OptionError::Url(UrlError::NotHttps),
                OptionError::PositionInvalid,
            ]
        );
        let fields: Vec<&str> = errors.iter().map(|error| error.field()).collect();
        assert_eq!(
            fields,
            [
                "provider",
                "frequency",
                "currency",
                "label",
                "description",
                "url",
                "position"
            ]
        );
    }

    #[test]
    fn an_unknown_currency_and_a_bad_amount_are_told_apart() {
        let unknown = OptionInput {
            currency: "EURO".into(),
            ..valid()
        };
        assert_eq!(unknown.parse(), Err(vec![OptionError::CurrencyUnknown]));
        let bad_amount = OptionInput {
            currency: "JPY".into(),
            amount: "10.5".into(),
            ..valid()
        };
        assert_eq!(
            bad_amount.parse(),
            Err(vec![OptionError::Amount(AmountError::TooManyDecimals)])
        );
        assert_eq!(
            OptionError::Amount(AmountError::TooManyDecimals).code(),
            "amount_decimals"
        );
    }

    #[test]
    fn plain_http_and_addresses_with_credentials_are_not_ways_to_give() {
        for (url, error) in [
            ("http://donate.example.org/", UrlError::NotHttps),
            (
                "https://donate.example.org@evil.example/",
                UrlError::Credentials,
            ),
            ("https://localhost/", UrlError::HostInvalid),
            ("", UrlError::Missing),
        ] {
            let input = OptionInput {
                url: url.into(),
                ..valid()
            };
            assert_eq!(input.parse(), Err(vec![OptionError::Url(error)]), "{url}");
        }
    }
}
