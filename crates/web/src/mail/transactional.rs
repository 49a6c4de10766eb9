//! The emails an account's life brings: confirming an address, a second signup with a
//! known address, finishing a signup never confirmed, a password reset.
//!
//! Emails to an address nobody has proven yet carry no text the signup form set (no
//! name), so the form cannot be used to send strangers words of someone's choosing.

use membernet_domain::token::TokenPurpose;

use super::compose::{Compose, Email, MAX_VALID_FOR};
use crate::locale::Locale;

pub enum Transactional<'a> {
    VerifyEmail {
        token: &'a str,
    },
    AlreadyRegistered {
        name: &'a str,
    },
    /// Someone joins again with an address whose account was never confirmed: a
    /// password link finishes joining (it proves the address).
    FinishJoining {
        token: &'a str,
    },
    /// `name` only when the account's address was confirmed: until then the name is
    /// whatever someone typed on the join form, and the email goes to a stranger.
    PasswordReset {
        name: Option<&'a str>,
        token: &'a str,
    },
}

impl Compose for Transactional<'_> {
    fn compose(&self, locale: Locale, base_url: &str) -> Email {
        let (prefix, name, link) = match self {
            Transactional::VerifyEmail { token } => (
                "email.verify",
                None,
                Some(format!("{base_url}/verify-email?token={token}")),
            ),
            Transactional::AlreadyRegistered { name } => {
                ("email.already_registered", Some(*name), None)
            }
            Transactional::FinishJoining { token } => (
                "email.finish_joining",
                None,
                Some(format!("{base_url}/password/reset?token={token}")),
            ),
            Transactional::PasswordReset { name, token } => (
                "email.reset",
                *name,
                Some(format!("{base_url}/password/reset?token={token}")),
            ),
        };
        let greeting = match name {
            Some(name) => locale.t_with("email.greeting.named", &[("name", name)]),
            None => locale.t("email.greeting.anonymous"),
        };
        let login = format!("{base_url}/login");
        let forgot = format!("{base_url}/password/forgot");
        let args = [
            ("greeting", greeting.as_str()),
            ("link", link.as_deref().unwrap_or_default()),
            ("login", login.as_str()),
            ("forgot", forgot.as_str()),
        ];
        // Worth sending while the link in it works (a reset link: an hour), and at
        // most a day.
        let valid_for = match self {
            Transactional::FinishJoining { .. } | Transactional::PasswordReset { .. } => {
                TokenPurpose::PasswordReset.lifetime().unsigned_abs()
            }
            Transactional::VerifyEmail { .. } | Transactional::AlreadyRegistered { .. } => {
                MAX_VALID_FOR
            }
        };
        Email {
            subject: locale.t(&format!("{prefix}.subject")),
            text: locale.t_with(&format!("{prefix}.body"), &args),
            html: None,
            calendar: None,
            link,
            valid_for: valid_for.min(MAX_VALID_FOR),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_email_carries_its_link_in_the_recipients_language() {
        let email = Transactional::VerifyEmail { token: "abc" }
            .compose(Locale::Fr, "https://network.example.org");
        let link = "https://network.example.org/verify-email?token=abc";
        assert_eq!(email.link.as_deref(), Some(link));
        assert!(email.text.contains(link));
        assert!(!email.text.contains("%{"), "every placeholder is filled");
        assert_eq!(email.subject, Locale::Fr.t("email.verify.subject"));
        assert_ne!(email.subject, Locale::En.t("email.verify.subject"));
    }
}

#[cfg(test)]
mod greeting_tests {
    use super::*;

    #[test]
    fn a_reset_email_greets_by_name_only_a_confirmed_account() {
        let named = Transactional::PasswordReset {
            name: Some("Amina Otieno"),
            token: "abc",
        }
        .compose(Locale::En, "https://network.example.org");
        assert!(named.text.starts_with("Hello Amina Otieno,"));
        let unnamed = Transactional::PasswordReset {
            name: None,
            token: "abc",
        }
        .compose(Locale::Fr, "https://network.example.org");
        assert!(unnamed.text.starts_with("Bonjour,"), "{}", unnamed.text);
        assert!(!unnamed.text.contains("%{"));
    }
}
