//! The library: resources (reports, toolkits, guidance, research, case studies,
//! training material, videos) and stories (blog posts and worker profiles). Members
//! submit them, staff moderate them, everyone finds them.
//!
//! One item type serves both sections: they share the moderation (the same states
//! and decisions), the submitter's credit, the search index, the feeds and the
//! member's data export; the fields one section does not use stay empty.

pub mod draft;
pub mod files;

use std::fmt;

use time::OffsetDateTime;
use unicode_normalization::UnicodeNormalization;

pub use draft::{ItemDraft, ItemError, ItemInput};

use crate::{CountryCode, MemberId, profile::code_list};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId(pub i64);

code_list!(
    /// The two halves of the library, each with its own pages and feed.
    Section, "library.section", {
        Resource => "resource",
        Story => "story",
    }
);

code_list!(
    /// What an item is.
    Kind, "library.kind", {
        Report => "report",
        Toolkit => "toolkit",
        Guidance => "guidance",
        Research => "research",
        CaseStudy => "case_study",
        Training => "training",
        Video => "video",
        Other => "other",
        Blog => "blog",
        Profile => "profile",
    }
);

impl Kind {
    pub fn section(self) -> Section {
        match self {
            Kind::Blog | Kind::Profile => Section::Story,
            _ => Section::Resource,
        }
    }

    /// The kinds of one section, in the order forms and filters list them.
    pub fn of(section: Section) -> impl Iterator<Item = Kind> {
        Kind::ALL
            .iter()
            .copied()
            .filter(move |kind| kind.section() == section)
    }
}

code_list!(
    /// What an item is about (several per item).
    Topic, "library.topic", {
        ChildProtection => "child_protection",
        CaseManagement => "case_management",
        WorkforcePlanning => "workforce_planning",
        Education => "education",
        Supervision => "supervision",
        MentalHealth => "mental_health",
        SocialProtection => "social_protection",
        Disability => "disability",
        GenderViolence => "gender_violence",
        Emergencies => "emergencies",
        Ageing => "ageing",
        Recognition => "recognition",
    }
);

code_list!(
    /// Where an item is in moderation.
    Status, "library.status", {
        // Sent in by a member, waiting for staff.
        Submitted => "submitted",
        // Staff asked the submitter to change something (the reason says what).
        ChangesRequested => "changes_requested",
        Rejected => "rejected",
        Published => "published",
        // Taken down after publication (by staff, or at the submitter's request).
        Withdrawn => "withdrawn",
    }
);

code_list!(
    /// What staff decided about an item (every decision is recorded).
    Decision, "library.decision", {
        // A member's submission published.
        Approve => "approve",
        // Staff's own item published straight away.
        Publish => "publish",
        RequestChanges => "request_changes",
        Reject => "reject",
        Withdraw => "withdraw",
        // The fields changed, the state kept.
        Edit => "edit",
        // A member sent a changed submission back.
        Resubmit => "resubmit",
    }
);

/// Why a decision cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a reason is needed")]
    ReasonNeeded,
    #[error("not from this state")]
    NotFromThisState,
}

impl Decision {
    /// Whether the submitter must be told why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Decision::RequestChanges | Decision::Reject)
    }

    /// The state after this decision on an item in `from`.
    pub fn apply(self, from: Status, reason: &str) -> Result<Status, DecisionError> {
        if self.needs_reason() && reason.trim().is_empty() {
            return Err(DecisionError::ReasonNeeded);
        }
        use Status::*;
        let to = match (self, from) {
            (Decision::Approve, Submitted | ChangesRequested | Rejected | Withdrawn) => Published,
            (Decision::Publish, _) => Published,
            (Decision::RequestChanges, Submitted | Published) => ChangesRequested,
            (Decision::Reject, Submitted | ChangesRequested | Published) => Rejected,
            (Decision::Withdraw, Published | Submitted | ChangesRequested) => Withdrawn,
            (Decision::Edit, status) => status,
            (Decision::Resubmit, ChangesRequested | Submitted) => Submitted,
            _ => return Err(DecisionError::NotFromThisState),
        };
        Ok(to)
    }

    /// The decisions staff can take on an item in `status` (the buttons shown).
    pub fn for_staff(status: Status) -> Vec<Decision> {
        [
            Decision::Approve,
            Decision::RequestChanges,
            Decision::Reject,
            Decision::Withdraw,
        ]
        .into_iter()
        .filter(|decision| decision.apply(status, "a reason").is_ok())
        .collect()
    }
}

/// The languages an item can be in (the network publishes in many).
pub const LANGUAGES: &[&str] = crate::events::LANGUAGES;

/// One item as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    pub slug: String,
    pub status: Status,
    pub fields: ItemDraft,
    /// The member who sent it in (`None`: staff's own, or the member left).
    pub submitted_by: Option<MemberId>,
    /// The name the item is credited to: the submitter's name when it was approved.
    pub credit: Option<String>,
    /// Set when the member who sent it in erased their account: shown as "a former
    /// member".
    pub by_former_member: bool,
    /// The latest reason staff gave (changes asked for, rejection).
    pub reason: Option<String>,
    /// The stored file (documents) and photo (stories), by storage key.
    pub file: Option<StoredFile>,
    pub photo: Option<StoredFile>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_at: Option<OffsetDateTime>,
}

impl Item {
    pub fn section(&self) -> Section {
        self.fields.kind.section()
    }

    pub fn is_public(&self) -> bool {
        self.status == Status::Published
    }

    /// Whether the member who sent it in may still change it.
    pub fn editable_by_submitter(&self) -> bool {
        matches!(self.status, Status::Submitted | Status::ChangesRequested)
    }
}

/// A file kept in storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    pub kind: files::FileKind,
    /// The name it is downloaded as.
    pub name: String,
    pub bytes: i64,
    /// A photo's stored widths, smallest first (empty for documents).
    pub widths: Vec<u32>,
}

impl StoredFile {
    /// The widths as stored (`"320,640"`).
    pub fn widths_text(&self) -> String {
        self.widths
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn parse_widths(text: &str) -> Vec<u32> {
        text.split(',')
            .filter_map(|w| w.trim().parse().ok())
            .collect()
    }
}

/// `text` as the search index holds it and queries are matched against it: lower
/// case, accents gone ("Évaluation" and "evaluation" are the same word).
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a search, folded, letters and digits only (so nothing typed can
/// change the query's syntax), at most eight.
pub fn search_terms(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(8)
        .map(str::to_owned)
        .collect()
}

/// What the search index holds of an item: its title, summary, authors,
/// publisher and (for a profile) the worker's name and place, folded.
pub fn search_text(fields: &ItemDraft) -> String {
    let parts = [
        fields.title.as_str(),
        fields.summary.as_str(),
        fields.authors.as_deref().unwrap_or(""),
        fields.publisher.as_deref().unwrap_or(""),
        fields.worker_name.as_deref().unwrap_or(""),
        fields.worker_place.as_deref().unwrap_or(""),
    ];
    fold(&parts.join(" "))
}

/// What the SQLite search index holds of a published item beside its words: a
/// token for each value a search filters on (`s_resource k_report l_en y_2022
/// t_child_protection c_ke`), so a search with filters is one index search.
pub fn search_facets(fields: &ItemDraft) -> String {
    let mut facets = vec![
        facet("s", fields.kind.section().code()),
        facet("k", fields.kind.code()),
        facet("l", &fields.language),
    ];
    if let Some(year) = fields.year {
        facets.push(facet("y", &year.to_string()));
    }
    facets.extend(fields.topics.iter().map(|topic| facet("t", topic.code())));
    facets.extend(
        fields
            .countries
            .iter()
            .map(|code| facet("c", code.as_str())),
    );
    facets.join(" ")
}

/// One facet token (`c_ke`): lower-case ASCII letters, digits and `_`.
pub fn facet(name: &str, value: &str) -> String {
    let value: String = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .flat_map(|c| c.to_lowercase())
        .collect();
    format!("{name}_{value}")
}

/// Words the library's own addresses use (`/resources/submit`,
/// `/resources/feed.atom`): never an item's address.
pub const RESERVED_SLUGS: &[&str] = &["submit", "feed"];

/// An item's address: the words of its title (`toolkit-for-case-management`); a
/// number is added when taken (`events::first_free`).
pub fn slug_for(title: &str) -> String {
    let mut slug = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 70 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "item".to_owned()
    } else {
        slug.to_owned()
    }
}

/// The countries an item concerns, from a country or a region's countries.
pub fn countries_of(countries: &[CountryCode]) -> Vec<String> {
    let mut codes: Vec<String> = countries.iter().map(|c| c.as_str().to_owned()).collect();
    codes.sort();
    codes.dedup();
    codes
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_forgets_case_and_accents() {
        assert_eq!(
            fold("Évaluation PROTEÇÃO Nguyễn"),
            "evaluation protecao nguyen"
        );
        assert_eq!(
            search_terms("protección* \"infantil\" OR"),
            ["proteccion", "infantil", "or"]
        );
        assert!(search_terms("*** --").is_empty());
    }

    #[test]
    fn facets_name_every_filter_value() {
        let draft = ItemInput {
            kind: "case_study".into(),
            title: "T".into(),
            summary: "S".into(),
            language: "pt".into(),
            year: "2021".into(),
            link: "https://example.org/x".into(),
            countries: vec!["MZ".into(), "AO".into()],
            topics: vec!["child_protection".into()],
            ..ItemInput::default()
        }
        .parse(Section::Resource, draft::Attachments::default(), 2026)
        .unwrap();
        assert_eq!(
            search_facets(&draft),
            "s_resource k_case_study l_pt y_2021 t_child_protection c_mz c_ao"
        );
        assert_eq!(facet("c", "K\"E*"), "c_ke");
    }

    #[test]
    fn slugs_are_ascii_words() {
        assert_eq!(
            slug_for("Guía de gestión de casos: 2ª edición"),
            "guia-de-gestion-de-casos-2a-edicion"
        );
        assert_eq!(slug_for("!!!"), "item");
    }

    #[test]
    fn kinds_belong_to_one_section() {
        assert_eq!(
            Kind::of(Section::Story).collect::<Vec<_>>(),
            [Kind::Blog, Kind::Profile]
        );
        assert_eq!(Kind::of(Section::Resource).count(), 8);
    }

    #[test]
    fn decisions_move_items_between_states() {
        use Status::*;
        assert_eq!(Decision::Approve.apply(Submitted, ""), Ok(Published));
        assert_eq!(
            Decision::Reject.apply(Submitted, "  "),
            Err(DecisionError::ReasonNeeded)
        );
        assert_eq!(
            Decision::RequestChanges.apply(Submitted, "shorter, please"),
            Ok(ChangesRequested)
        );
        assert_eq!(
            Decision::Resubmit.apply(ChangesRequested, ""),
            Ok(Submitted)
        );
        assert_eq!(
            Decision::Resubmit.apply(Rejected, ""),
            Err(DecisionError::NotFromThisState)
        );
        assert_eq!(Decision::Edit.apply(Published, ""), Ok(Published));
        assert_eq!(
            Decision::for_staff(Published),
            [
                Decision::RequestChanges,
                Decision::Reject,
                Decision::Withdraw
            ]
        );
        assert_eq!(Decision::for_staff(Rejected), [Decision::Approve]);
    }
}
