//! Currencies (ISO 4217 codes of the currencies in circulation, each with the number
//! of decimals its minor unit has) and amounts in minor units: 2500 is USD 25.00,
//! JPY 2500, KWD 2.500.
//!
//! Amounts are typed the way people write them ("25", "25.50", "25,50",
//! "1,000.50", "1 000,50") and read into whole minor units; nothing goes through a
//! floating-point number.

use std::fmt;

/// The largest amount accepted, in minor units (ten billion dollars in cents): far
/// above any gift, far below what a sum of them could overflow.
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// ISO 4217 codes of currencies in circulation and their minor units' decimals
/// (fund codes, precious metals and test codes left out: nobody gives in them).
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// A currency of the list: only a known code can be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    /// Index in [`CURRENCIES`] (alphabetical, so the order is the codes' order).
    index: u8,
}

impl Currency {
    /// A code as typed ("usd", " EUR "); `None` for one not in the list.
    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_uppercase();
        CURRENCIES
            .binary_search_by(|(known, _)| (*known).cmp(code.as_str()))
            .ok()
            .and_then(|index| u8::try_from(index).ok())
            .map(|index| Currency { index })
    }

    /// Every currency of the list, in the order of their codes.
    pub fn all() -> impl Iterator<Item = Currency> {
        (0..CURRENCIES.len())
            .filter_map(|index| u8::try_from(index).ok().map(|index| Currency { index }))
    }

    /// The ISO 4217 code ("USD").
    pub fn code(self) -> &'static str {
        CURRENCIES[usize::from(self.index)].0
    }

    /// How many decimals the minor unit has (2 for USD, 0 for JPY, 3 for KWD).
    pub fn decimals(self) -> u32 {
        u32::from(CURRENCIES[usize::from(self.index)].1)
    }

    /// An amount in minor units as a plain decimal number, for form fields and
    /// before the reader's separators go in: "1234.50" (USD), "2500" (JPY), "-0.500"
    /// (KWD).
    pub fn plain(self, minor: i64) -> String {
        let sign = if minor < 0 { "-" } else { "" };
        let units = minor.unsigned_abs();
        let decimals = self.decimals();
        if decimals == 0 {
            return format!("{sign}{units}");
        }
        let scale = 10u64.pow(decimals);
        format!(
            "{sign}{}.{:0width$}",
            units / scale,
            units % scale,
            width = decimals as usize
        )
    }

    /// An amount as typed, in minor units, more than zero and at most
    /// [`MAX_MINOR`]. The decimal mark is a point or a comma; spaces, apostrophes
    /// and the other mark group thousands ("1,000.50", "1 000,50", "1.000,50").
    /// One mark followed by exactly three digits groups thousands ("1,000" is one
    /// thousand) unless the currency has three decimals.
    pub fn parse_amount(self, raw: &str) -> Result<i64, AmountError> {
        let text: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’'))
            .collect();
        if text.is_empty() {
            return Err(AmountError::Missing);
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(AmountError::Invalid);
        }
        let decimals = self.decimals() as usize;
        let marks: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| *c == '.' || *c == ',')
            .collect();
        // The last mark is the decimal one unless every mark is of one kind and
        // there are several, or it is alone and three digits follow (a thousand).
        let (decimal_at, grouping) = match marks.split_last() {
            None => (None, &marks[..]),
            Some((&(at, last), others)) => {
                let grouping_kind = others.first().map(|(_, mark)| *mark);
                if others.iter().any(|(_, mark)| Some(*mark) != grouping_kind) {
                    return Err(AmountError::Invalid);
                }
                match grouping_kind {
                    Some(kind) if kind == last => (None, &marks[..]),
                    Some(_) => (Some(at), others),
                    None if text.len() - at - 1 == 3 && decimals < 3 => (None, &marks[..]),
                    None => (Some(at), others),
                }
            }
        };
        let end_of_whole = decimal_at.unwrap_or(text.len());
        // Each group after a thousands mark has three digits, and digits come first.
        for (index, (at, _)) in grouping.iter().enumerate() {
            let next = grouping
                .get(index + 1)
                .map_or(end_of_whole, |(next, _)| *next);
            if next - at - 1 != 3 || *at == 0 {
                return Err(AmountError::Invalid);
            }
        }
        let whole: String = text[..end_of_whole]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let fraction = decimal_at.map_or("", |at| &text[at + 1..]);
        if whole.is_empty() && fraction.is_empty() {
            return Err(AmountError::Invalid);
        }
        if fraction.len() > decimals {
            return Err(AmountError::TooManyDecimals);
        }
        let whole = whole.trim_start_matches('0');
        // More digits than MAX_MINOR has can only be too large (and would overflow).
        if whole.len() > 15 {
            return Err(AmountError::TooLarge);
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| AmountError::Invalid)?
        };
        let mut fraction_minor: i64 = 0;
        for position in 0..decimals {
            let digit = fraction
                .as_bytes()
                .get(position)
                .map(|b| i64::from(b - b'0'))
                .unwrap_or(0);
            fraction_minor = fraction_minor * 10 + digit;
        }
        let minor = whole
            .checked_mul(10i64.pow(decimals as u32))
            .and_then(|whole| whole.checked_add(fraction_minor))
            .ok_or(AmountError::TooLarge)?;
        if minor <= 0 {
            return Err(AmountError::NotPositive);
        }
        if minor > MAX_MINOR {
            return Err(AmountError::TooLarge);
        }
        Ok(minor)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Missing,
    /// Not a number ("ten", "1.2.3,4", "-5").
    Invalid,
    /// More decimals than the currency has ("25.505" in USD, "25.5" in JPY).
    TooManyDecimals,
    NotPositive,
    TooLarge,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    #[test]
    fn the_list_is_sorted_so_codes_are_found_by_search() {
        assert!(CURRENCIES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(
            CURRENCIES
                .iter()
                .all(|(code, _)| code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()))
        );
        assert_eq!(Currency::all().count(), CURRENCIES.len());
    }

    #[test]
    fn only_iso_4217_codes_of_circulating_currencies_are_currencies() {
        assert_eq!(Currency::parse(" usd ").map(Currency::code), Some("USD"));
        assert_eq!(Currency::parse("EUR").map(Currency::code), Some("EUR"));
        assert_eq!(Currency::parse("KES").map(Currency::code), Some("KES"));
        for refused in ["", "US", "EURO", "XYZ", "XAU", "XXX", "U$D", "€"] {
            assert_eq!(Currency::parse(refused), None, "{refused}");
        }
    }

    #[test]
    fn each_currency_has_its_own_decimals() {
        assert_eq!(usd().decimals(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().decimals(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().decimals(), 3);
    }

    #[test]
    fn amounts_are_written_plain_with_the_currencys_decimals() {
        assert_eq!(usd().plain(123_450), "1234.50");
        assert_eq!(usd().plain(5), "0.05");
        assert_eq!(usd().plain(-50), "-0.50");
        assert_eq!(Currency::parse("JPY").unwrap().plain(2500), "2500");
        assert_eq!(Currency::parse("KWD").unwrap().plain(2500), "2.500");
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        let usd = usd();
        for (typed, minor) in [
            ("25", 2500),
            ("25.5", 2550),
            ("25.50", 2550),
            ("25,50", 2550),
            ("0.05", 5),
            (".5", 50),
            ("1,000", 100_000),
            ("1.000", 100_000),
            ("1,000.50", 100_050),
            ("1.000,50", 100_050),
            ("1 000,50", 100_050),
            ("1\u{202f}000,50", 100_050),
            ("1,000,000", 100_000_000),
            (" 25 ", 2500),
        ] {
            assert_eq!(usd.parse_amount(typed), Ok(minor), "{typed}");
        }
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(jpy.parse_amount("2,500"), Ok(2500));
        assert_eq!(jpy.parse_amount("2500"), Ok(2500));
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(kwd.parse_amount("2.500"), Ok(2500));
        assert_eq!(kwd.parse_amount("2,5"), Ok(2500));
    }

    #[test]
    fn amounts_that_are_not_money_are_refused_with_the_reason() {
        let usd = usd();
        assert_eq!(usd.parse_amount(""), Err(AmountError::Missing));
        assert_eq!(usd.parse_amount("   "), Err(AmountError::Missing));
        for typed in [
            "ten", "-5", "5$", "1e3", "1.2.3,4", ",", "1,2.3.4", "0x10", ",000", "1,00,000",
        ] {
            assert_eq!(
                usd.parse_amount(typed),
                Err(AmountError::Invalid),
                "{typed}"
            );
        }
        assert_eq!(
            usd.parse_amount("25.5055"),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(
            usd.parse_amount("1,000.505"),
            Err(AmountError::TooManyDecimals)
        );
        // One mark and three digits: a thousand, not 25 and a half cent.
        assert_eq!(usd.parse_amount("25.505"), Ok(2_550_500));
        assert_eq!(
            Currency::parse("JPY").unwrap().parse_amount("25.5"),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(usd.parse_amount("0"), Err(AmountError::NotPositive));
        assert_eq!(usd.parse_amount("0.00"), Err(AmountError::NotPositive));
        assert_eq!(usd.parse_amount("10000000001"), Err(AmountError::TooLarge));
        assert_eq!(
            usd.parse_amount("99999999999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(usd.parse_amount("10000000000"), Ok(MAX_MINOR));
    }
}
