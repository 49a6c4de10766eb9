//! Organisations members work for, and how their names are matched.
//!
//! People type the same organisation many ways ("UNICEF", "Unicef ", "U.N.I.C.E.F.",
//! "Ministère de la Santé" / "ministere de la sante"). Names are compared by their
//! normalised form: accents removed, letters lower-cased, everything that is not a
//! letter or digit dropped. The first spelling entered is the one shown.

use std::fmt;

use crate::profile::code_list;

code_list!(
    /// The kinds of organisation in the network's own list.
    OrganizationType, "organization_type", {
        Government => "government",
        UnAgency => "un_agency",
        Ngo => "ngo",
        FaithBased => "faith_based",
        CivilSociety => "civil_society",
        Academic => "academic",
        ProfessionalAssociation => "professional_association",
        PrivateSector => "private_sector",
        Other => "other",
    }
);

pub const NAME_MAX_CHARS: usize = 150;
pub const WEBSITE_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrganizationId(pub i64);

/// An organisation as the network shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    pub kind: OrganizationType,
    pub country: Option<crate::CountryCode>,
    pub website: Option<String>,
}

/// A website address as entered: `https://` or `http://` and a host, or nothing.
pub fn parse_website(raw: &str) -> Result<Option<String>, WebsiteError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let rest = with_scheme
        .strip_prefix("https://")
        .or_else(|| with_scheme.strip_prefix("http://"))
        .ok_or(WebsiteError::Invalid)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid_host = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if !valid_host
        || with_scheme
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    {
        return Err(WebsiteError::Invalid);
    }
    if with_scheme.chars().count() > WEBSITE_MAX_CHARS {
        return Err(WebsiteError::TooLong);
    }
    Ok(Some(with_scheme))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebsiteError {
    #[error("the website address is not valid")]
    Invalid,
    #[error("the website address is too long")]
    TooLong,
}

/// An organisation's display name: trimmed, inner white space collapsed.
#[derive(Clone, PartialEq, Eq)]
pub struct OrganizationName {
    display: String,
    normalized: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrganizationNameError {
    #[error("the organisation's name is empty")]
    Empty,
    #[error("the organisation's name is too long")]
    TooLong,
}

impl OrganizationName {
    pub fn parse(raw: &str) -> Result<Self, OrganizationNameError> {
        let display = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if display.chars().count() > NAME_MAX_CHARS {
            return Err(OrganizationNameError::TooLong);
        }
        let normalized = normalize(&display);
        if normalized.is_empty() {
            return Err(OrganizationNameError::Empty);
        }
        Ok(Self {
            display,
            normalized,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// The form names are matched by.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// A URL slug: lower-case ASCII words joined by hyphens.
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for c in self.display.chars().flat_map(fold_accent) {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-')
                && !slug.is_empty()
                && (c.is_whitespace() || c == '-' || c == '/')
            {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.is_empty() {
            "organization".to_owned()
        } else {
            slug
        }
    }
}

impl fmt::Debug for OrganizationName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrganizationName({:?})", self.display)
    }
}

/// The matching form of a name (see the module doc).
pub fn normalize(name: &str) -> String {
    name.chars()
        .flat_map(fold_accent)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Latin letters with diacritics as their base letters; other characters unchanged.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'À'..='Å' => "A",
        'à'..='å' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' => "C",
        'ç' => "c",
        'È'..='Ë' => "E",
        'è'..='ë' => "e",
        'Ì'..='Ï' => "I",
        'ì'..='ï' => "i",
        'Ð' => "D",
        'ð' => "d",
        'Ñ' => "N",
        'ñ' => "n",
        'Ò'..='Ö' | 'Ø' => "O",
        'ò'..='ö' | 'ø' => "o",
        'Ù'..='Ü' => "U",
        'ù'..='ü' => "u",
        'Ý' => "Y",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'Œ' => "OE",
        'œ' => "oe",
        'Ā' | 'Ă' | 'Ą' => "A",
        'ā' | 'ă' | 'ą' => "a",
        'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ğ' | 'Ģ' => "G",
        'ğ' | 'ģ' => "g",
        'Ī' | 'İ' => "I",
        'ī' | 'ı' => "i",
        'Ł' => "L",
        'ł' => "l",
        'Ń' | 'Ň' => "N",
        'ń' | 'ň' => "n",
        'Ō' | 'Ő' => "O",
        'ō' | 'ő' => "o",
        'Ř' => "R",
        'ř' => "r",
        'Ś' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ş' | 'š' | 'ș' => "s",
        'Ţ' | 'Ť' | 'Ț' => "T",
        'ţ' | 'ť' | 'ț' => "t",
        'Ū' | 'Ů' | 'Ű' => "U",
        'ū' | 'ů' | 'ű' => "u",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    };
    let own = folded.is_empty().then_some(c);
    folded.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_match() {
        let forms = ["UNICEF", "Unicef ", "U.N.I.C.E.F.", "  unicef"];
        let normalized: Vec<_> = forms
            .iter()
            .map(|form| {
                OrganizationName::parse(form)
                    .unwrap()
                    .normalized()
                    .to_owned()
            })
            .collect();
        assert!(
            normalized.iter().all(|form| form == "unicef"),
            "{normalized:?}"
        );
    }

    #[test]
    fn accents_and_punctuation_do_not_matter() {
        assert_eq!(
            normalize("Ministère de la Santé"),
            normalize("ministere de la sante")
        );
        assert_eq!(
            normalize("Save the Children – Kenya"),
            normalize("save-the-children kenya")
        );
        assert_ne!(
            normalize("Plan International"),
            normalize("Plan Internacional")
        );
    }

    #[test]
    fn the_display_name_keeps_its_spelling_with_white_space_collapsed() {
        let name = OrganizationName::parse("  Kenya   Red Cross ").unwrap();
        assert_eq!(name.as_str(), "Kenya Red Cross");
    }

    #[test]
    fn a_name_of_punctuation_only_is_empty() {
        assert_eq!(
            OrganizationName::parse(" ... "),
            Err(OrganizationNameError::Empty)
        );
        assert_eq!(
            OrganizationName::parse(&"a".repeat(NAME_MAX_CHARS + 1)),
            Err(OrganizationNameError::TooLong)
        );
    }

    #[test]
    fn slugs_are_plain_ascii() {
        let name = OrganizationName::parse("Ministère de la Santé / Côte d'Ivoire").unwrap();
        assert_eq!(name.slug(), "ministere-de-la-sante-cote-divoire");
        assert_eq!(
            OrganizationName::parse("東京大学").unwrap().slug(),
            "organization"
        );
    }

    #[test]
    fn websites_get_a_scheme_and_must_have_a_host() {
        assert_eq!(parse_website(""), Ok(None));
        assert_eq!(
            parse_website("unicef.org"),
            Ok(Some("https://unicef.org".into()))
        );
        assert_eq!(
            parse_website("http://ngo.example/about"),
            Ok(Some("http://ngo.example/about".into()))
        );
        assert_eq!(
            parse_website("javascript:alert(1)"),
            Err(WebsiteError::Invalid)
        );
        assert_eq!(parse_website("ftp://x.org"), Err(WebsiteError::Invalid));
        assert_eq!(parse_website("not a site"), Err(WebsiteError::Invalid));
    }

    #[test]
    fn scripts_other_than_latin_are_kept_for_matching() {
        assert_eq!(normalize("東京 大学"), "東京大学");
    }
}
