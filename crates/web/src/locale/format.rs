//! Numbers and money as the reader's language writes them: "54,027,487" in English,
//! "54 027 487" (narrow no-break spaces) in French, with the decimal point or comma to
//! match; Spanish and Portuguese group with "." and use the decimal comma
//! ("1.234,5"), four-digit numbers included, for consistency.

use membernet_domain::{donations::Currency, planner::Money};

use super::Locale;

impl Locale {
    fn thousands_separator(self) -> &'static str {
        match self {
            Locale::En => ",",
            Locale::Fr => "\u{202f}",
            Locale::Es | Locale::Pt => ".",
        }
    }

    fn decimal_separator(self) -> char {
        match self {
            Locale::En => '.',
            Locale::Fr | Locale::Es | Locale::Pt => ',',
        }
    }

    /// A public count: the number, or "fewer than 5" when it is withheld.
    pub fn shown(self, count: &membernet_domain::disclosure::Shown) -> String {
        match count {
            membernet_domain::disclosure::Shown::Exact(count) => self.number(count),
            membernet_domain::disclosure::Shown::FewerThan(min) => {
                self.t1("count.fewer_than", "n", &self.number(min))
            }
        }
    }

    /// A whole number with the language's thousands separator.
    pub fn number(self, value: impl std::fmt::Display) -> String {
        let digits = value.to_string();
        if let Some(positive) = digits.strip_prefix('-') {
            return format!("-{}", self.number(positive));
        }
        let separator = self.thousands_separator();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push_str(separator);
            }
            grouped.push(digit);
        }
        grouped
    }

    /// A ratio or rate with as many decimals as it needs to be read: none from 100
    /// up, one from 10, two below ("1,234", "12.5", "0.27"; "12,5" in French).
    pub fn decimal(self, value: f64) -> String {
        let text = if value >= 100.0 {
            format!("{value:.0}")
        } else if value >= 10.0 {
            format!("{value:.1}")
        } else {
            format!("{value:.2}")
        };
        self.with_separators(&text)
    }

    /// A file's size: "2.4 MB", "180 KB".
    pub fn file_size(self, bytes: u64) -> String {
        let bytes = bytes as f64;
        if bytes >= 1_000_000.0 {
            format!("{} MB", self.decimal(bytes / 1_000_000.0))
        } else {
            format!("{} KB", self.number(((bytes / 1_000.0).ceil()) as u64))
        }
    }

    /// An amount of money, to the cent, without its currency ("1,234,567.89";
    /// "1 234 567,89" in French).
    pub fn money(self, amount: impl std::borrow::Borrow<Money>) -> String {
        self.with_separators(&amount.borrow().plain())
    }

    /// An amount in a currency, from its minor units, with the currency's decimals
    /// and its ISO code where the language puts it ("USD 1,234.50", "JPY 2,500";
    /// "1 234,50 USD" in French).
    pub fn amount(self, currency: Currency, minor: i64) -> String {
        let number = self.with_separators(&currency.plain(minor));
        match self {
            Locale::En => format!("{}\u{a0}{number}", currency.code()),
            Locale::Fr | Locale::Es | Locale::Pt => {
                format!("{number}\u{a0}{}", currency.code())
            }
        }
    }

    /// Groups the whole part of a plain number ("-1234.5") and puts the language's
    /// decimal separator in.
    fn with_separators(self, plain: &str) -> String {
        let (whole, fraction) = match plain.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (plain, None),
        };
        let mut text = self.number(whole);
        if let Some(fraction) = fraction {
            text.push(self.decimal_separator());
            text.push_str(fraction);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_in_the_readers_language() {
        assert_eq!(Locale::En.number(54_027_487u64), "54,027,487");
        assert_eq!(Locale::En.number(999u64), "999");
        assert_eq!(Locale::En.number(-1_234i64), "-1,234");
        assert_eq!(Locale::Fr.number(1_000u64), "1\u{202f}000");
        assert_eq!(Locale::Es.number(54_027_487u64), "54.027.487");
        assert_eq!(Locale::Pt.number(1_234u64), "1.234");
    }

    #[test]
    fn decimals_keep_the_precision_a_reader_needs() {
        assert_eq!(Locale::En.decimal(1_234.4), "1,234");
        assert_eq!(Locale::En.decimal(12.46), "12.5");
        assert_eq!(Locale::En.decimal(0.274), "0.27");
        assert_eq!(Locale::Fr.decimal(12.46), "12,5");
        assert_eq!(Locale::Es.decimal(1_234.4), "1.234");
        assert_eq!(Locale::Es.decimal(12.46), "12,5");
        assert_eq!(Locale::Pt.decimal(0.274), "0,27");
    }

    #[test]
    fn amounts_in_a_currency_have_its_decimals_and_its_code() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(Locale::En.amount(usd, 123_450), "USD\u{a0}1,234.50");
        assert_eq!(Locale::Fr.amount(usd, 123_450), "1\u{202f}234,50\u{a0}USD");
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(Locale::En.amount(jpy, 250_000), "JPY\u{a0}250,000");
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(Locale::Fr.amount(kwd, 2_500), "2,500\u{a0}KWD");
        assert_eq!(Locale::Es.amount(usd, 123_450), "1.234,50\u{a0}USD");
        assert_eq!(Locale::Pt.amount(usd, 123_450), "1.234,50\u{a0}USD");
    }

    #[test]
    fn money_follows_the_language() {
        assert_eq!(Locale::En.money(Money(123_456_789)), "1,234,567.89");
        assert_eq!(
            Locale::Fr.money(Money(123_456_789)),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(Locale::En.money(Money(-50)), "-0.50");
        // What `Money::format` wrote before it gave way to this.
        assert_eq!(Locale::En.money(Money(-123_456_789)), "-1,234,567.89");
        assert_eq!(Locale::En.money(Money(0)), "0.00");
        assert_eq!(Locale::En.money(Money(100_000)), "1,000.00");
        assert_eq!(Locale::En.money(Money(99_999)), "999.99");
        assert_eq!(
            Locale::En.money(Money(i64::MIN)),
            "-92,233,720,368,547,758.08"
        );
    }
}
