//! A person's full name as they want it shown: any script, any order of names.
//!
//! We do not split names into first and last (many members' names do not fit that
//! shape); we only trim, collapse runs of white space and refuse control characters.

use std::fmt;

pub const MAX_CHARS: usize = 100;

#[derive(Clone, PartialEq, Eq)]
pub struct FullName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_CHARS} characters")]
    TooLong,
    #[error("the name contains characters that cannot be shown")]
    ForbiddenCharacters,
}

impl FullName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(NameError::Empty);
        }
        if collapsed.chars().count() > MAX_CHARS {
            return Err(NameError::TooLong);
        }
        if collapsed.chars().any(char::is_control) {
            return Err(NameError::ForbiddenCharacters);
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FullName(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_trimmed_and_collapsed() {
        assert_eq!(
            FullName::parse("  Nguyễn   Thị  Lan ").unwrap().as_str(),
            "Nguyễn Thị Lan"
        );
    }

    #[test]
    fn names_in_any_script_are_accepted() {
        for raw in ["أمينة العلي", "张伟", "Zoë O'Brien-Ñúñez", "Wanjiru"] {
            assert!(FullName::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn an_empty_name_is_rejected() {
        assert_eq!(FullName::parse(" \t "), Err(NameError::Empty));
    }

    #[test]
    fn a_name_over_the_limit_is_rejected() {
        assert_eq!(
            FullName::parse(&"a".repeat(MAX_CHARS + 1)),
            Err(NameError::TooLong)
        );
        assert!(FullName::parse(&"é".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn control_characters_are_rejected() {
        assert_eq!(
            FullName::parse("Amina\u{0}Otieno"),
            Err(NameError::ForbiddenCharacters)
        );
    }
}
