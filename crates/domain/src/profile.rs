//! What a member tells the network about their work: job title, workforce category,
//! sectors, areas of interest, a short bio, and whether they appear in the directory.
//!
//! Categories and sectors are the network's own lists; each has a stable code (stored,
//! and used in URLs and exports) and a catalogue key for its name.

use std::fmt;

macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The message-catalogue key of its name.
            pub fn message_key(self) -> String {
                format!("{}.{}", $prefix, self.code())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use code_list;

code_list!(
    /// The member's role in the social service workforce.
    WorkforceCategory, "category", {
        SocialWorker => "social_worker",
        ParaProfessional => "para_professional",
        Manager => "manager",
        Educator => "educator",
        Researcher => "researcher",
        Policymaker => "policymaker",
        Student => "student",
        Other => "other",
    }
);

code_list!(
    /// A field the member works in; a member may work in several.
    Sector, "sector", {
        SocialWelfare => "social_welfare",
        ChildProtection => "child_protection",
        Health => "health",
        Education => "education",
        Justice => "justice",
        Humanitarian => "humanitarian",
        CommunityDevelopment => "community_development",
        Disability => "disability",
        OlderPeople => "older_people",
        Other => "other",
    }
);

pub const JOB_TITLE_MAX_CHARS: usize = 120;
pub const BIO_MAX_CHARS: usize = 500;
pub const INTERESTS_MAX_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the text is too long")]
    TooLong,
    #[error("the text contains characters that cannot be shown")]
    ForbiddenCharacters,
}

/// Optional free text of bounded length: trimmed, `None` when empty. Line breaks
/// are allowed in multi-line fields; other control characters never.
pub fn optional_text(
    raw: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<Option<String>, TextError> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max_chars {
        return Err(TextError::TooLong);
    }
    let forbidden = |c: char| c.is_control() && !(multiline && c == '\n');
    if text.chars().any(forbidden) {
        return Err(TextError::ForbiddenCharacters);
    }
    Ok(Some(text))
}

/// The profile a member keeps; every field is optional but the directory flag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub job_title: Option<String>,
    pub category: Option<WorkforceCategory>,
    pub sectors: Vec<Sector>,
    pub interests: Option<String>,
    pub bio: Option<String>,
    /// Listed in the public directory. Off until the member turns it on.
    pub listed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for category in WorkforceCategory::ALL {
            assert_eq!(WorkforceCategory::parse(category.code()), Some(*category));
        }
        for sector in Sector::ALL {
            assert_eq!(Sector::parse(sector.code()), Some(*sector));
        }
        assert_eq!(Sector::parse("astrology"), None);
        assert_eq!(WorkforceCategory::Manager.message_key(), "category.manager");
    }

    #[test]
    fn free_text_is_trimmed_bounded_and_optional() {
        assert_eq!(optional_text("  ", 10, false), Ok(None));
        assert_eq!(
            optional_text(" Case worker ", 20, false),
            Ok(Some("Case worker".into()))
        );
        assert_eq!(
            optional_text(&"é".repeat(11), 10, false),
            Err(TextError::TooLong)
        );
        assert_eq!(
            optional_text("a\nb", 10, false),
            Err(TextError::ForbiddenCharacters)
        );
        assert_eq!(optional_text("a\r\nb", 10, true), Ok(Some("a\nb".into())));
    }

    #[test]
    fn the_directory_is_opt_in() {
        assert!(!Profile::default().listed);
    }
}
