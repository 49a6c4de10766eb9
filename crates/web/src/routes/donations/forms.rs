//! The donation forms as typed (every field kept to be shown again), and their
//! problems as messages beside each field.

use membernet_domain::donations::{
    DonationOption, GiftDraft, GiftInput, OptionDraft, OptionInput, Period, PeriodInput,
};
use serde::Deserialize;
use time::Date;

use crate::{forms::FieldErrors, locale::Locale};

fn message(locale: Locale, code: &str) -> String {
    locale.t(&format!("donations.error.{code}"))
}

/// Staff's form for a way to give.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OptionForm {
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub position: String,
}

impl OptionForm {
    /// A new option's form: one-time, at the end of the list.
    pub fn blank(position: i32) -> Self {
        OptionForm {
            frequency: "one_time".to_owned(),
            position: position.to_string(),
            ..OptionForm::default()
        }
    }

    pub fn of(option: &DonationOption) -> Self {
        let input = OptionInput::of(&option.draft);
        OptionForm {
            provider: input.provider,
            frequency: input.frequency,
            currency: input.currency,
            amount: input.amount,
            label: input.label,
            description: input.description,
            url: input.url,
            position: input.position,
        }
    }

    pub fn parse(&self, locale: Locale) -> Result<OptionDraft, FieldErrors> {
        let input = OptionInput {
            provider: self.provider.clone(),
            frequency: self.frequency.clone(),
            currency: self.currency.clone(),
            amount: self.amount.clone(),
            label: self.label.clone(),
            description: self.description.clone(),
            url: self.url.clone(),
            position: self.position.clone(),
        };
        input.parse().map_err(|problems| {
            let mut errors = FieldErrors::default();
            for problem in problems {
                errors.add(problem.field(), message(locale, problem.code()));
            }
            errors
        })
    }
}

/// Staff's form for a gift received.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GiftForm {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub donor: String,
    #[serde(default)]
    pub note: String,
}

impl GiftForm {
    /// A new gift's form: received today.
    pub fn blank(today: Date) -> Self {
        GiftForm {
            received_on: today.to_string(),
            ..GiftForm::default()
        }
    }

    pub fn parse(&self, locale: Locale, today: Date) -> Result<GiftDraft, FieldErrors> {
        let input = GiftInput {
            amount: self.amount.clone(),
            currency: self.currency.clone(),
            received_on: self.received_on.clone(),
            donor: self.donor.clone(),
            note: self.note.clone(),
        };
        input.parse(today).map_err(|problems| {
            let mut errors = FieldErrors::default();
            for problem in problems {
                errors.add(problem.field(), message(locale, problem.code()));
            }
            errors
        })
    }
}

/// The period of the staff page's totals (`?from=2022-10-01&to=2022-10-31`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

impl PeriodForm {
    /// The period, or the problems of its fields. The fields are filled with the
    /// days used when they were left empty.
    pub fn parse(&mut self, locale: Locale, today: Date) -> Result<Period, FieldErrors> {
        let input = PeriodInput {
            from: self.from.clone(),
            to: self.to.clone(),
        };
        match input.parse(today) {
            Ok(period) => {
                self.from = period.from.to_string();
                self.to = period.to.to_string();
                Ok(period)
            }
            Err(problems) => {
                let mut errors = FieldErrors::default();
                for problem in problems {
                    errors.add(problem.field(), message(locale, problem.code()));
                }
                Err(errors)
            }
        }
    }
}
