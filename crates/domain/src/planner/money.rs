//! Money in cents, written out without grouping for files, forms and the API
//! (people read amounts through the web layer's `Locale::money`, in their language).

/// Money in minor units (cents); all amounts use 2 decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

impl Money {
    /// For CSV, form fields and the API: "1234567.89", "-0.50".
    pub fn plain(&self) -> String {
        let cents = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", cents / 100, cents % 100)
    }
}
