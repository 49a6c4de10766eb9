//! The demo network's ways to give and offline gifts (synthetic, labelled as such;
//! every link goes to an `example.org` host): gifts received during the demo's
//! awareness week (around the seeding day), and one before it.

use super::{GiftInput, OptionInput};

/// Three ways to give: once and monthly in US dollars through a Stripe-like
/// payment link, once in euros through a GlobalGiving-like page.
pub fn options() -> Vec<OptionInput> {
    vec![
        OptionInput {
            provider: "Stripe".into(),
            frequency: "one_time".into(),
            currency: "USD".into(),
            amount: "50".into(),
            label: "Give once in US dollars (demo link)".into(),
            description: "Any amount helps us gather evidence and build tools for the workforce. (A demo link: it opens an example page.)".into(),
            url: "https://donate.example.org/demo/stripe-once".into(),
            position: "10".into(),
        },
        OptionInput {
            provider: "Stripe".into(),
            frequency: "monthly".into(),
            currency: "USD".into(),
            amount: "10".into(),
            label: "Give every month in US dollars (demo link)".into(),
            description: "A monthly gift lets us plan the year's advocacy. (A demo link: it opens an example page.)".into(),
            url: "https://donate.example.org/demo/stripe-monthly".into(),
            position: "20".into(),
        },
        OptionInput {
            provider: "GlobalGiving".into(),
            frequency: "one_time".into(),
            currency: "EUR".into(),
            amount: String::new(),
            label: "Give once in euros (demo link)".into(),
            description: "Through a project page of a giving platform. (A demo link: it opens an example page.)".into(),
            url: "https://giving.example.org/demo/projects/social-service-workforce".into(),
            position: "30".into(),
        },
    ]
}

/// A few gifts received by cheque or transfer during the demo's awareness week
/// (the two days before `today` and today), and one the week before.
pub fn gifts(today: time::Date) -> Vec<GiftInput> {
    let ago = |days: i64| crate::weeks::iso(today - time::Duration::days(days));
    [
        (
            "500",
            "USD",
            ago(2),
            "Demo Foundation (synthetic)",
            "Bank transfer",
        ),
        ("250", "USD", ago(1), "", "Cheque handed in at a webinar"),
        ("1,000", "USD", ago(0), "Demo Partner NGO (synthetic)", ""),
        (
            "300",
            "EUR",
            ago(1),
            "",
            "Transfer from a university chapter",
        ),
        ("120", "EUR", ago(9), "", ""),
        (
            "15,000",
            "KES",
            ago(2),
            "Demo county association (synthetic)",
            "M-Pesa, recorded by hand",
        ),
    ]
    .into_iter()
    .map(|(amount, currency, received_on, donor, note)| GiftInput {
        amount: amount.into(),
        currency: currency.into(),
        received_on,
        donor: donor.into(),
        note: note.into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_demo_options_and_gifts_are_valid_and_link_only_to_example_org() {
        for option in options() {
            let draft = option.parse().expect("a valid demo option");
            assert!(draft.url.host().ends_with("example.org"));
            assert!(draft.label.contains("demo"));
        }
        let today = date!(2026 - 12 - 04);
        for gift in gifts(today) {
            let draft = gift.parse(today).expect("a valid demo gift");
            assert!(draft.received_on <= today);
            assert!(draft.received_on >= date!(2026 - 11 - 25));
        }
    }
}
