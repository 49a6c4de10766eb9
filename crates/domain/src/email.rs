//! A member's email address: trimmed, lower-cased, and shaped like a deliverable address.
//!
//! Addresses are compared case-insensitively everywhere (people type `Amina@NGO.org` and
//! `amina@ngo.org` for the same mailbox), so the canonical form is the lower-cased one.

use std::fmt;

use validator::ValidateEmail;

/// The longest address SMTP can carry (RFC 5321: 254 octets in a path).
const MAX_LEN: usize = 254;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MemberEmail(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the email address is empty")]
    Empty,
    #[error("the email address is too long")]
    TooLong,
    #[error("the email address is not in the right format")]
    Invalid,
}

impl MemberEmail {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let canonical = trimmed.to_lowercase();
        // validator accepts `a@b`; a network of professionals needs a real domain.
        let has_dotted_domain = canonical
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if !canonical.validate_email() || !has_dotted_domain {
            return Err(EmailError::Invalid);
        }
        Ok(Self(canonical))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MemberEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MemberEmail {
    // Addresses are personal data: keep them out of debug logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberEmail(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        let email = MemberEmail::parse("  Amina.Otieno@NGO.org ").unwrap();
        assert_eq!(email.as_str(), "amina.otieno@ngo.org");
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for raw in [
            "amina",
            "amina@",
            "@ngo.org",
            "amina@ngo",
            "a b@ngo.org",
            "amina@@ngo.org",
        ] {
            assert_eq!(MemberEmail::parse(raw), Err(EmailError::Invalid), "{raw}");
        }
    }

    #[test]
    fn an_empty_address_is_reported_as_missing() {
        assert_eq!(MemberEmail::parse("   "), Err(EmailError::Empty));
    }

    #[test]
    fn an_address_longer_than_smtp_allows_is_rejected() {
        let raw = format!("{}@ngo.org", "a".repeat(250));
        assert_eq!(MemberEmail::parse(&raw), Err(EmailError::TooLong));
    }

    #[test]
    fn debug_output_does_not_reveal_the_address() {
        let email = MemberEmail::parse("amina@ngo.org").unwrap();
        assert!(!format!("{email:?}").contains("amina"));
    }
}
