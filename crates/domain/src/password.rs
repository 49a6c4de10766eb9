//! The password policy, after NIST SP 800-63B: length is what matters.
//!
//! At least 8 characters (12 recommended), at most 128, any characters at all, no
//! composition rules; refused when it is easy to guess: on the lists of common and
//! breached passwords, a dictionary word, a keyboard walk, or built from the person's
//! own name or address. "Easy to guess" is zxcvbn's judgement (its dictionaries hold
//! the common-password lists), so the rule stays current without a hand-typed list.

use std::fmt;

pub const MIN_CHARS: usize = 8;
pub const RECOMMENDED_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// zxcvbn scores below this (crackable in 10^6 guesses or fewer) are refused.
const MIN_SCORE: u8 = 2;

/// Beyond this length zxcvbn's matching gets slow and any password is long enough
/// to resist guessing, so it is not consulted.
const GUESSABILITY_CHECKED_UP_TO: usize = 64;

/// A password that has passed the policy. It never prints itself.
#[derive(Clone)]
pub struct NewPassword(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password is shorter than {MIN_CHARS} characters")]
    TooShort,
    #[error("the password is longer than {MAX_CHARS} characters")]
    TooLong,
    #[error("the password is too easy to guess")]
    TooEasyToGuess,
}

impl NewPassword {
    /// `personal` holds what an attacker would try first: the person's name, email.
    pub fn parse(raw: &str, personal: &[&str]) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if chars <= GUESSABILITY_CHECKED_UP_TO {
            let mut inputs: Vec<&str> = Vec::new();
            for value in personal {
                inputs.push(value);
                inputs.extend(
                    value
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|p| p.len() > 2),
                );
            }
            let score: u8 = zxcvbn::zxcvbn(raw, &inputs).score().into();
            if score < MIN_SCORE {
                return Err(PasswordError::TooEasyToGuess);
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unusual_passphrase_is_accepted() {
        assert!(NewPassword::parse("river ledger quietly mango", &[]).is_ok());
    }

    #[test]
    fn passwords_on_the_common_list_are_refused() {
        for raw in [
            "password",
            "password123",
            "12345678",
            "qwertyuiop",
            "iloveyou1",
        ] {
            assert_eq!(
                NewPassword::parse(raw, &[]).unwrap_err(),
                PasswordError::TooEasyToGuess,
                "{raw}"
            );
        }
    }

    #[test]
    fn a_password_built_from_the_persons_own_name_is_refused() {
        assert_eq!(
            NewPassword::parse("aminaotieno", &["Amina Otieno", "amina@ngo.org"]).unwrap_err(),
            PasswordError::TooEasyToGuess
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // Seven characters, fourteen bytes.
        assert_eq!(
            NewPassword::parse("ééééééé", &[]).unwrap_err(),
            PasswordError::TooShort
        );
    }

    #[test]
    fn the_length_limits_hold() {
        assert_eq!(
            NewPassword::parse("Xq7#vL2", &[]).unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            NewPassword::parse(&"Zq8!".repeat(33), &[]).unwrap_err(),
            PasswordError::TooLong
        );
        assert!(NewPassword::parse(&"Zq8!mTw2".repeat(16), &[]).is_ok());
    }

    #[test]
    fn no_composition_rules_apply() {
        // All lower case, no digits, no symbols: fine when hard to guess.
        assert!(NewPassword::parse("glimmering otter archive", &[]).is_ok());
    }

    #[test]
    fn debug_output_does_not_reveal_the_password() {
        let password = NewPassword::parse("river ledger quietly mango", &[]).unwrap();
        assert!(!format!("{password:?}").contains("river"));
    }
}
