//! One-time tokens sent by email: what each is for, how long it lives, how it is stored.
//!
//! The raw token travels in the email link; the tokens table keeps only its SHA-256
//! hash. The email itself waits in the outbox until it is sent or given up on, at
//! most a day (an hour for a reset link), and its body is cleared then: a leaked
//! database holds working links only for emails still waiting to be sent. Tokens are 256 random bits,
//! which makes a fast unsalted hash the right tool (nothing to brute-force).

use sha2::{Digest, Sha256};
use time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    PasswordReset,
    /// The link `membernet admin create` prints for a new admin to choose a password.
    AccountSetup,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::AccountSetup => "account_setup",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "verify_email" => Some(TokenPurpose::VerifyEmail),
            "password_reset" => Some(TokenPurpose::PasswordReset),
            "account_setup" => Some(TokenPurpose::AccountSetup),
            _ => None,
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            // Long enough for someone who joins on Friday and reads email on Monday.
            TokenPurpose::VerifyEmail => Duration::days(7),
            TokenPurpose::PasswordReset => Duration::hours(1),
            TokenPurpose::AccountSetup => Duration::days(1),
        }
    }

    /// Purposes whose token sets a password on the reset page.
    pub fn sets_password(self) -> bool {
        matches!(
            self,
            TokenPurpose::PasswordReset | TokenPurpose::AccountSetup
        )
    }
}

/// The form a token is stored and looked up in.
pub fn hash_token(raw: &str) -> String {
    let digest = Sha256::digest(raw.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_token_lives_one_hour() {
        assert_eq!(TokenPurpose::PasswordReset.lifetime(), Duration::hours(1));
    }

    #[test]
    fn the_stored_hash_is_stable_and_not_the_token() {
        let hash = hash_token("abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(hash_token("abd"), hash);
    }

    #[test]
    fn purposes_round_trip_through_their_names() {
        for purpose in [
            TokenPurpose::VerifyEmail,
            TokenPurpose::PasswordReset,
            TokenPurpose::AccountSetup,
        ] {
            assert_eq!(TokenPurpose::parse(purpose.as_str()), Some(purpose));
        }
    }
}
