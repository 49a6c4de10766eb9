//! Form errors, shown the GOV.UK way: a summary at the top linking to each field, and
//! the message again beside the field. Messages are already in the page's language.

use validator::ValidationErrors;

use crate::locale::Locale;

#[derive(Debug, Default, Clone)]
pub struct FieldErrors {
    items: Vec<(String, String)>,
}

impl FieldErrors {
    /// Records the first error for a field; later ones for the same field are dropped
    /// (one clear message per field).
    pub fn add(&mut self, field: &str, message: String) {
        if self.get(field).is_none() {
            self.items.push((field.to_owned(), message));
        }
    }

    /// The shape errors `validator` found; each error's code is a catalogue key.
    pub fn from_validation(errors: &ValidationErrors, locale: Locale, order: &[&str]) -> Self {
        let mut collected = Self::default();
        let fields = errors.field_errors();
        for field in order {
            if let Some(first) = fields.get(*field).and_then(|list| list.first()) {
                collected.add(field, locale.t(&first.code));
            }
        }
        collected
    }

    /// Puts the errors in the order the fields appear on the page.
    pub fn order_by(&mut self, fields: &[&str]) {
        self.items.sort_by_key(|(name, _)| {
            fields
                .iter()
                .position(|field| field == name)
                .unwrap_or(usize::MAX)
        });
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items
            .iter()
            .map(|(field, message)| (field.as_str(), message.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_error_per_field_is_kept() {
        let mut errors = FieldErrors::default();
        errors.add("email", "first".into());
        errors.add("email", "second".into());
        errors.add("password", "third".into());
        assert_eq!(errors.get("email"), Some("first"));
        assert_eq!(errors.iter().count(), 2);
    }
}

/// Catalogue keys for the domain's parse errors, shared by every form that asks
/// for the same thing.
pub mod messages {
    use membernet_domain::{
        country::CountryError, email::EmailError, name::NameError, password::PasswordError,
    };

    pub fn name(error: NameError) -> &'static str {
        match error {
            NameError::Empty => "field.full_name.missing",
            NameError::TooLong => "field.full_name.too_long",
            NameError::ForbiddenCharacters => "field.full_name.invalid",
        }
    }

    pub fn email(error: EmailError) -> &'static str {
        match error {
            EmailError::Empty => "field.email.missing",
            EmailError::TooLong | EmailError::Invalid => "field.email.invalid",
        }
    }

    pub fn new_password(error: PasswordError) -> &'static str {
        match error {
            PasswordError::TooShort => "field.new_password.too_short",
            PasswordError::TooLong => "field.new_password.too_long",
            PasswordError::TooEasyToGuess => "field.new_password.too_easy",
        }
    }

    pub fn country(error: CountryError) -> &'static str {
        match error {
            CountryError::Empty => "field.country.missing",
            CountryError::Unknown => "field.country.unknown",
        }
    }
}

/// When a form was shown, in a hidden field the browser sends back: the time and the
/// network's signature of it (`1733300000.…`), so the server keeps nothing (a
/// visitor filling in a form has no session) and the time cannot be made up.
pub mod shown {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use membernet_domain::signature::{Purpose, SigningKey};
    use time::OffsetDateTime;

    pub fn stamp(key: &SigningKey, now: OffsetDateTime) -> String {
        let seconds = now.unix_timestamp().to_string();
        let signature = key.sign(Purpose::FormShown, seconds.as_bytes());
        format!("{seconds}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The time a stamp says, if the network signed it.
    pub fn at(key: &SigningKey, stamp: &str) -> Option<OffsetDateTime> {
        let (seconds, signature) = stamp.split_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        if !key.verify(Purpose::FormShown, seconds.as_bytes(), &signature) {
            return None;
        }
        OffsetDateTime::from_unix_timestamp(seconds.parse().ok()?).ok()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_stamp_gives_back_its_time_and_cannot_be_made_up() {
            let key = SigningKey::from_bytes([3; 32]);
            let now = OffsetDateTime::from_unix_timestamp(1_733_300_000).unwrap();
            let stamp = stamp(&key, now);
            assert_eq!(at(&key, &stamp), Some(now));
            let earlier = stamp.replacen("1733300000", "1733200000", 1);
            assert_eq!(at(&key, &earlier), None);
            assert_eq!(at(&key, "1733200000"), None);
            assert_eq!(at(&SigningKey::from_bytes([4; 32]), &stamp), None);
        }
    }
}
