//! Gifts staff record by hand, and the period their totals are asked for.

use time::{Date, Month, macros::format_description};

use super::{
    AmountError, Currency,
    option::{amount_code, currency},
    optional_text,
};

/// A donor's name as staff write it (staff's own record, never shown publicly).
pub const MAX_DONOR: usize = 200;
pub const MAX_NOTE: usize = 1_000;
/// Gifts and periods start no earlier than this year.
const FIRST_YEAR: i32 = 1900;

/// The gift's form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GiftInput {
    pub amount: String,
    pub currency: String,
    /// `YYYY-MM-DD`, as a date field sends it.
    pub received_on: String,
    pub donor: String,
    pub note: String,
}

/// A valid gift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftDraft {
    /// In minor units, more than zero.
    pub amount: i64,
    pub currency: Currency,
    pub received_on: Date,
    pub donor: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiftError {
    Amount(AmountError),
    CurrencyMissing,
    CurrencyUnknown,
    DateMissing,
    DateInvalid,
    /// Received after today.
    DateInFuture,
    DonorTooLong,
    NoteTooLong,
}

impl GiftError {
    pub fn field(self) -> &'static str {
        use GiftError::*;
        match self {
            Amount(_) => "amount",
            CurrencyMissing | CurrencyUnknown => "currency",
            DateMissing | DateInvalid | DateInFuture => "received_on",
            DonorTooLong => "donor",
            NoteTooLong => "note",
        }
    }

    /// The message's key in the catalogues (`donations.error.*`).
    pub fn code(self) -> &'static str {
        use GiftError::*;
        match self {
            Amount(error) => amount_code(error),
            CurrencyMissing => "currency_missing",
            CurrencyUnknown => "currency_unknown",
            DateMissing => "date_missing",
            DateInvalid => "date_invalid",
            DateInFuture => "date_in_future",
            DonorTooLong => "donor_too_long",
            NoteTooLong => "note_too_long",
        }
    }
}

/// A day as a date field sends it (`2022-10-12`), from [`FIRST_YEAR`] on.
pub fn parse_day(raw: &str) -> Option<Date> {
    Date::parse(raw.trim(), format_description!("[year]-[month]-[day]"))
        .ok()
        .filter(|day| day.year() >= FIRST_YEAR)
}

impl GiftInput {
    /// `today` is the latest day a gift can have been received.
    pub fn parse(&self, today: Date) -> Result<GiftDraft, Vec<GiftError>> {
        let mut errors = Vec::new();
        let currency = match currency(&self.currency) {
            Ok(currency) => Some(currency),
            Err(missing) => {
                errors.push(if missing {
                    GiftError::CurrencyMissing
                } else {
                    GiftError::CurrencyUnknown
                });
                None
            }
        };
        let amount = match currency {
            Some(currency) => currency
                .parse_amount(&self.amount)
                .map_err(|error| errors.push(GiftError::Amount(error)))
                .ok(),
            None if self.amount.trim().is_empty() => {
                errors.push(GiftError::Amount(AmountError::Missing));
                None
            }
            None => None,
        };
        let received_on = if self.received_on.trim().is_empty() {
            errors.push(GiftError::DateMissing);
            None
        } else {
            match parse_day(&self.received_on) {
                Some(day) if day > today => {
                    errors.push(GiftError::DateInFuture);
                    None
                }
                Some(day) => Some(day),
                None => {
                    errors.push(GiftError::DateInvalid);
                    None
                }
            }
        };
        let donor = optional_text(&self.donor);
        if donor
            .as_ref()
            .is_some_and(|donor| donor.chars().count() > MAX_DONOR)
        {
            errors.push(GiftError::DonorTooLong);
        }
        let note = optional_text(&self.note);
        if note
            .as_ref()
            .is_some_and(|note| note.chars().count() > MAX_NOTE)
        {
            errors.push(GiftError::NoteTooLong);
        }
        errors.sort_by_key(|error| FIELDS.iter().position(|field| *field == error.field()));
        match (amount, currency, received_on) {
            (Some(amount), Some(currency), Some(received_on)) if errors.is_empty() => {
                Ok(GiftDraft {
                    amount,
                    currency,
                    received_on,
                    donor,
                    note,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The gift form's fields in the order they are shown.
const FIELDS: [&str; 5] = ["amount", "currency", "received_on", "donor", "note"];

/// The days whose gifts are totalled, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// The period's form as typed (empty: this year's first or last day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodInput {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    FromInvalid,
    ToInvalid,
    ToBeforeFrom,
}

impl PeriodError {
    pub fn field(self) -> &'static str {
        match self {
            PeriodError::FromInvalid => "from",
            PeriodError::ToInvalid | PeriodError::ToBeforeFrom => "to",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PeriodError::FromInvalid | PeriodError::ToInvalid => "date_invalid",
            PeriodError::ToBeforeFrom => "to_before_from",
        }
    }
}

impl Period {
    /// The whole year `today` is in.
    pub fn year_of(today: Date) -> Period {
        Period {
            from: first_of_year(today.year()),
            to: last_of_year(today.year()),
        }
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}

fn first_of_year(year: i32) -> Date {
    Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MIN)
}

fn last_of_year(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).unwrap_or(Date::MAX)
}

impl PeriodInput {
    pub fn parse(&self, today: Date) -> Result<Period, Vec<PeriodError>> {
        let year = Period::year_of(today);
        let mut errors = Vec::new();
        let from = match self.from.trim() {
            "" => Some(year.from),
            typed => parse_day(typed).or_else(|| {
                errors.push(PeriodError::FromInvalid);
                None
            }),
        };
        let to = match self.to.trim() {
            "" => Some(year.to),
            typed => parse_day(typed).or_else(|| {
                errors.push(PeriodError::ToInvalid);
                None
            }),
        };
        match (from, to) {
            (Some(from), Some(to)) if to < from => Err(vec![PeriodError::ToBeforeFrom]),
            (Some(from), Some(to)) => Ok(Period { from, to }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2022 - 10 - 20);

    fn valid() -> GiftInput {
        GiftInput {
            amount: "250".into(),
            currency: "USD".into(),
            received_on: "2022-10-12".into(),
            donor: " A. Donor ".into(),
            note: String::new(),
        }
    }

    #[test]
    fn a_gift_is_an_amount_in_minor_units_on_a_day() {
        let gift = valid().parse(TODAY).unwrap();
        assert_eq!(gift.amount, 25_000);
        assert_eq!(gift.currency.code(), "USD");
        assert_eq!(gift.received_on, date!(2022 - 10 - 12));
        assert_eq!(gift.donor.as_deref(), Some("A. Donor"));
        assert_eq!(gift.note, None);
        let today = GiftInput {
            received_on: "2022-10-20".into(),
            ..valid()
        };
        assert!(today.parse(TODAY).is_ok());
    }

    #[test]
    fn every_problem_of_a_gift_is_named_in_the_forms_order() {
        let input = GiftInput {
            amount: "0".into(),
            currency: "USD".into(),
            received_on: "2022-10-21".into(),
            donor: "d".repeat(MAX_DONOR + 1),
            note: "n".repeat(MAX_NOTE + 1),
        };
        assert_eq!(
            input.parse(TODAY),
            Err(vec![
                GiftError::Amount(AmountError::NotPositive),
                GiftError::DateInFuture,
                GiftError::DonorTooLong,
                GiftError::NoteTooLong,
            ])
        );
        let input = GiftInput {
            amount: String::new(),
            currency: String::new(),
            received_on: "12/10/2022".into(),
            ..valid()
        };
        assert_eq!(
            input.parse(TODAY),
            Err(vec![
                GiftError::Amount(AmountError::Missing),
                GiftError::CurrencyMissing,
                GiftError::DateInvalid,
            ])
        );
        let input = GiftInput {
            currency: "ABC".into(),
            received_on: " ".into(),
            ..valid()
        };
        assert_eq!(
            input.parse(TODAY),
            Err(vec![GiftError::CurrencyUnknown, GiftError::DateMissing])
        );
    }

    #[test]
    fn a_period_defaults_to_this_year_and_runs_forwards() {
        assert_eq!(
            PeriodInput::default().parse(TODAY),
            Ok(Period {
                from: date!(2022 - 01 - 01),
                to: date!(2022 - 12 - 31),
            })
        );
        let october = PeriodInput {
            from: "2022-10-01".into(),
            to: "2022-10-31".into(),
        };
        let period = october.parse(TODAY).unwrap();
        assert!(period.contains(date!(2022 - 10 - 01)));
        assert!(period.contains(date!(2022 - 10 - 31)));
        assert!(!period.contains(date!(2022 - 11 - 01)));
        let backwards = PeriodInput {
            from: "2022-10-31".into(),
            to: "2022-10-01".into(),
        };
        assert_eq!(backwards.parse(TODAY), Err(vec![PeriodError::ToBeforeFrom]));
        let nonsense = PeriodInput {
            from: "yesterday".into(),
            to: "2022-02-30".into(),
        };
        assert_eq!(
            nonsense.parse(TODAY),
            Err(vec![PeriodError::FromInvalid, PeriodError::ToInvalid])
        );
        assert_eq!(parse_day("0999-01-01"), None);
    }
}
