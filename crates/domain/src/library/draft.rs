//! What a member or staff type for a library item, and the checks that turn it into
//! an [`ItemDraft`]: every field's problem at once, so the form shows them all.
//!
//! The limits are the network's guidelines, printed on the submission forms.

use super::{Kind, LANGUAGES, Section, Topic};
use crate::CountryCode;

pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 2_000;
/// A story's body: enough to say something, short enough to be read.
pub const MIN_BODY: usize = 200;
pub const MAX_BODY: usize = 30_000;
pub const MAX_NAME: usize = 200;
pub const MAX_COUNTRIES: usize = 20;
pub const FIRST_YEAR: i32 = 1950;

/// The fields as typed (a checkbox as its ticked values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemInput {
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub authors: String,
    pub publisher: String,
    pub year: String,
    pub language: String,
    pub licence: String,
    pub link: String,
    pub countries: Vec<String>,
    pub topics: Vec<String>,
    pub role: String,
    pub worker_name: String,
    pub worker_role: String,
    pub worker_place: String,
    /// The worker agreed to their profile being published.
    pub worker_consent: bool,
    pub photo_alt: String,
    /// The people in the photo agreed to it being published.
    pub photo_consent: bool,
}

/// A valid item's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDraft {
    pub kind: Kind,
    pub title: String,
    /// A resource's summary; a story's standfirst (its first lines when left empty).
    pub summary: String,
    /// A story's text (Markdown); empty for a resource.
    pub body: String,
    pub authors: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i32>,
    pub language: String,
    pub licence: Option<String>,
    /// Where the resource is, when it is not a stored file.
    pub link: Option<String>,
    pub countries: Vec<CountryCode>,
    pub topics: Vec<Topic>,
    /// The story author's role ("social worker, Nairobi county").
    pub role: Option<String>,
    pub worker_name: Option<String>,
    pub worker_role: Option<String>,
    pub worker_place: Option<String>,
    pub worker_consent: bool,
    pub photo_alt: Option<String>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemError {
    KindUnknown,
    TitleMissing,
    TitleTooLong,
    SummaryMissing,
    SummaryTooLong,
    BodyTooShort,
    BodyTooLong,
    YearInvalid,
    LanguageUnknown,
    LinkInvalid,
    /// A resource needs a file or a link.
    SourceMissing,
    CountryUnknown,
    TooManyCountries,
    TopicUnknown,
    TooLong(&'static str),
    WorkerNameMissing,
    WorkerRoleMissing,
    WorkerConsentMissing,
    PhotoAltMissing,
    PhotoConsentMissing,
}

impl ItemError {
    /// The form field the problem is shown next to.
    pub fn field(self) -> &'static str {
        use ItemError::*;
        match self {
            KindUnknown => "kind",
            TitleMissing | TitleTooLong => "title",
            SummaryMissing | SummaryTooLong => "summary",
            BodyTooShort | BodyTooLong => "body",
            YearInvalid => "year",
            LanguageUnknown => "language",
            LinkInvalid | SourceMissing => "link",
            CountryUnknown | TooManyCountries => "countries",
            TopicUnknown => "topics",
            TooLong(field) => field,
            WorkerNameMissing => "worker_name",
            WorkerRoleMissing => "worker_role",
            WorkerConsentMissing => "worker_consent",
            PhotoAltMissing => "photo_alt",
            PhotoConsentMissing => "photo_consent",
        }
    }

    /// The message's key in the catalogues (`library.error.*`).
    pub fn code(self) -> &'static str {
        use ItemError::*;
        match self {
            KindUnknown => "kind_unknown",
            TitleMissing => "title_missing",
            TitleTooLong => "title_too_long",
            SummaryMissing => "summary_missing",
            SummaryTooLong => "summary_too_long",
            BodyTooShort => "body_too_short",
            BodyTooLong => "body_too_long",
            YearInvalid => "year_invalid",
            LanguageUnknown => "language_unknown",
            LinkInvalid => "link_invalid",
            SourceMissing => "source_missing",
            CountryUnknown => "country_unknown",
            TooManyCountries => "too_many_countries",
            TopicUnknown => "topic_unknown",
            TooLong(_) => "too_long",
            WorkerNameMissing => "worker_name_missing",
            WorkerRoleMissing => "worker_role_missing",
            WorkerConsentMissing => "worker_consent_missing",
            PhotoAltMissing => "photo_alt_missing",
            PhotoConsentMissing => "photo_consent_missing",
        }
    }
}

/// What the form sent besides its fields: whether a file and a photo come with it
/// (a new upload, or the one already stored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attachments {
    pub file: bool,
    pub photo: bool,
    /// The photo is new with this form (its consent box must be ticked).
    pub new_photo: bool,
}

fn optional_text(
    raw: &str,
    field: &'static str,
    max: usize,
    errors: &mut Vec<ItemError>,
) -> Option<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        errors.push(ItemError::TooLong(field));
    }
    (!text.is_empty()).then(|| text.to_owned())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ItemInput {
    /// The form as `draft` fills it.
    pub fn of(draft: &ItemDraft) -> ItemInput {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        ItemInput {
            kind: draft.kind.code().to_owned(),
            title: draft.title.clone(),
            summary: draft.summary.clone(),
            body: draft.body.clone(),
            authors: text(&draft.authors),
            publisher: text(&draft.publisher),
            year: draft.year.map(|y| y.to_string()).unwrap_or_default(),
            language: draft.language.clone(),
            licence: text(&draft.licence),
            link: text(&draft.link),
            countries: draft
                .countries
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            topics: draft.topics.iter().map(|t| t.code().to_owned()).collect(),
            role: text(&draft.role),
            worker_name: text(&draft.worker_name),
            worker_role: text(&draft.worker_role),
            worker_place: text(&draft.worker_place),
            worker_consent: draft.worker_consent,
            photo_alt: text(&draft.photo_alt),
            photo_consent: false,
        }
    }

    /// The draft, or every problem. `current_year` bounds the year; `section` is the
    /// form's (a kind of the other section is refused).
    pub fn parse(
        &self,
        section: Section,
        attachments: Attachments,
        current_year: i32,
    ) -> Result<ItemDraft, Vec<ItemError>> {
        let mut errors = Vec::new();
        let kind = Kind::parse(self.kind.trim()).filter(|kind| kind.section() == section);
        if kind.is_none() {
            errors.push(ItemError::KindUnknown);
        }
        let title = one_line(&self.title);
        if title.is_empty() {
            errors.push(ItemError::TitleMissing);
        } else if title.chars().count() > MAX_TITLE {
            errors.push(ItemError::TitleTooLong);
        }
        let body = self.body.trim().replace("\r\n", "\n");
        let mut summary = self.summary.trim().replace("\r\n", "\n");
        if summary.chars().count() > MAX_SUMMARY {
            errors.push(ItemError::SummaryTooLong);
        }
        match section {
            Section::Resource => {
                if summary.is_empty() {
                    errors.push(ItemError::SummaryMissing);
                }
            }
            Section::Story => {
                let length = body.chars().count();
                if length < MIN_BODY {
                    errors.push(ItemError::BodyTooShort);
                } else if length > MAX_BODY {
                    errors.push(ItemError::BodyTooLong);
                }
                if summary.is_empty() {
                    summary = standfirst(&body);
                }
            }
        }
        let year = match self.year.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(year) if (FIRST_YEAR..=current_year + 1).contains(&year) => Some(year),
                _ => {
                    errors.push(ItemError::YearInvalid);
                    None
                }
            },
        };
        let language = self.language.trim().to_owned();
        if !LANGUAGES.contains(&language.as_str()) {
            errors.push(ItemError::LanguageUnknown);
        }
        let link = match self.link.trim() {
            "" => None,
            raw if is_web_address(raw) && raw.len() <= 2_000 => Some(raw.to_owned()),
            _ => {
                errors.push(ItemError::LinkInvalid);
                Some(self.link.trim().to_owned())
            }
        };
        if section == Section::Resource && link.is_none() && !attachments.file {
            errors.push(ItemError::SourceMissing);
        }
        let mut countries = Vec::new();
        for raw in self
            .countries
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            match CountryCode::parse(raw) {
                Ok(code) if !countries.contains(&code) => countries.push(code),
                Ok(_) => {}
                Err(_) => {
                    if !errors.contains(&ItemError::CountryUnknown) {
                        errors.push(ItemError::CountryUnknown);
                    }
                }
            }
        }
        if countries.len() > MAX_COUNTRIES {
            errors.push(ItemError::TooManyCountries);
        }
        let mut topics = Vec::new();
        for raw in &self.topics {
            match Topic::parse(raw.trim()) {
                Some(topic) if !topics.contains(&topic) => topics.push(topic),
                Some(_) => {}
                None => {
                    if !errors.contains(&ItemError::TopicUnknown) {
                        errors.push(ItemError::TopicUnknown);
                    }
                }
            }
        }
        topics.sort();
        let authors = optional_text(&self.authors, "authors", MAX_NAME * 2, &mut errors);
        let publisher = optional_text(&self.publisher, "publisher", MAX_NAME, &mut errors);
        let licence = optional_text(&self.licence, "licence", MAX_NAME, &mut errors);
        let role = optional_text(&self.role, "role", MAX_NAME, &mut errors);
        let worker_name = optional_text(&self.worker_name, "worker_name", MAX_NAME, &mut errors);
        let worker_role = optional_text(&self.worker_role, "worker_role", MAX_NAME, &mut errors);
        let worker_place = optional_text(&self.worker_place, "worker_place", MAX_NAME, &mut errors);
        let photo_alt = optional_text(&self.photo_alt, "photo_alt", 500, &mut errors);
        if kind == Some(super::Kind::Profile) {
            if worker_name.is_none() {
                errors.push(ItemError::WorkerNameMissing);
            }
            if worker_role.is_none() {
                errors.push(ItemError::WorkerRoleMissing);
            }
            if !self.worker_consent {
                errors.push(ItemError::WorkerConsentMissing);
            }
        }
        if attachments.photo && photo_alt.is_none() {
            errors.push(ItemError::PhotoAltMissing);
        }
        if attachments.new_photo && !self.photo_consent {
            errors.push(ItemError::PhotoConsentMissing);
        }
        match (kind, errors.is_empty()) {
            (Some(kind), true) => Ok(ItemDraft {
                kind,
                title,
                summary,
                body: if section == Section::Story {
                    body
                } else {
                    String::new()
                },
                authors,
                publisher,
                year,
                language,
                licence,
                link,
                countries,
                topics,
                role,
                worker_name,
                worker_role,
                worker_place,
                worker_consent: kind == super::Kind::Profile && self.worker_consent,
                photo_alt: if attachments.photo { photo_alt } else { None },
            }),
            _ => Err(errors),
        }
    }
}

/// An `http` or `https` address with a host.
fn is_web_address(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(rest) if rest.split(['/', '?', '#']).next().is_some_and(|host| host.contains('.') && !host.contains(char::is_whitespace)))
        && !raw.chars().any(char::is_whitespace)
}

/// A story's first words, for lists and feeds: its text without markup, cut at a
/// word near 300 characters.
pub fn standfirst(body: &str) -> String {
    let text = crate::markdown::to_text(body);
    let text = one_line(&text);
    if text.chars().count() <= 300 {
        return text;
    }
    let cut: String = text.chars().take(300).collect();
    let cut = match cut.rfind(' ') {
        Some(space) => &cut[..space],
        None => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource() -> ItemInput {
        ItemInput {
            kind: "toolkit".into(),
            title: "  Case management\n toolkit ".into(),
            summary: "How to run case conferences.".into(),
            language: "en".into(),
            link: "https://example.org/toolkit.pdf".into(),
            countries: vec!["KE".into(), "ke".into(), "UG".into()],
            topics: vec!["case_management".into()],
            year: "2022".into(),
            ..ItemInput::default()
        }
    }

    #[test]
    fn a_resource_is_read_and_tidied() {
        let draft = resource()
            .parse(Section::Resource, Attachments::default(), 2026)
            .unwrap();
        assert_eq!(draft.title, "Case management toolkit");
        assert_eq!(draft.countries.len(), 2);
        assert_eq!(draft.year, Some(2022));
        assert_eq!(ItemInput::of(&draft).title, draft.title);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let input = ItemInput {
            kind: "blog".into(),
            title: String::new(),
            summary: String::new(),
            year: "3000".into(),
            language: "xx".into(),
            link: "javascript:alert(1)".into(),
            countries: vec!["ZZ".into()],
            topics: vec!["nope".into()],
            ..ItemInput::default()
        };
        let errors = input
            .parse(Section::Resource, Attachments::default(), 2026)
            .unwrap_err();
        for expected in [
            ItemError::KindUnknown,
            ItemError::TitleMissing,
            ItemError::SummaryMissing,
            ItemError::YearInvalid,
            ItemError::LanguageUnknown,
            ItemError::LinkInvalid,
            ItemError::CountryUnknown,
            ItemError::TopicUnknown,
        ] {
            assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
        }
    }

    #[test]
    fn a_file_stands_for_the_link() {
        let input = ItemInput {
            link: String::new(),
            ..resource()
        };
        let attachments = Attachments {
            file: true,
            ..Attachments::default()
        };
        assert!(input.parse(Section::Resource, attachments, 2026).is_ok());
    }

    #[test]
    fn a_profile_needs_the_workers_consent_and_a_photo_its_description() {
        let input = ItemInput {
            kind: "profile".into(),
            title: "A day with a child protection officer".into(),
            body: "word ".repeat(80),
            language: "fr".into(),
            worker_name: "Awa".into(),
            ..ItemInput::default()
        };
        let photo = Attachments {
            photo: true,
            new_photo: true,
            file: false,
        };
        let errors = input.parse(Section::Story, photo, 2026).unwrap_err();
        assert_eq!(
            errors,
            [
                ItemError::WorkerRoleMissing,
                ItemError::WorkerConsentMissing,
                ItemError::PhotoAltMissing,
                ItemError::PhotoConsentMissing
            ]
        );
        let input = ItemInput {
            worker_role: "Child protection officer".into(),
            worker_consent: true,
            photo_alt: "Awa at her desk".into(),
            photo_consent: true,
            ..input
        };
        let draft = input.parse(Section::Story, photo, 2026).unwrap();
        assert!(draft.summary.starts_with("word word"));
        assert!(draft.summary.ends_with('…'));
    }

    #[test]
    fn a_story_must_say_something() {
        let input = ItemInput {
            kind: "blog".into(),
            title: "Short".into(),
            body: "Too short.".into(),
            language: "en".into(),
            ..ItemInput::default()
        };
        assert_eq!(
            input.parse(Section::Story, Attachments::default(), 2026),
            Err(vec![ItemError::BodyTooShort])
        );
    }
}
