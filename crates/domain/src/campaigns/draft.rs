//! What staff type for a campaign, and the checks that turn it into a
//! [`CampaignDraft`]: every field's problem at once, so the form shows them all.

use time::OffsetDateTime;

use super::{Audience, LANGUAGES, Topic};
use crate::{
    CountryCode, country,
    events::{
        EventId,
        zone::{LocalTimeError, Zone},
    },
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

pub const MAX_SUBJECT: usize = 200;
pub const MAX_BODY: usize = 50_000;

/// One language's subject and body as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionInput {
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// A campaign's fields as typed (the send time as a `datetime-local` value in
/// `time_zone`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignInput {
    pub topic: String,
    pub default_language: String,
    /// One per language in [`LANGUAGES`] that the form showed.
    pub versions: Vec<VersionInput>,
    pub country: String,
    pub region: String,
    pub category: String,
    pub sector: String,
    pub organization_type: String,
    pub event: String,
    pub time_zone: String,
    pub send_at: String,
}

/// One language's subject and body (Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// A valid campaign's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignDraft {
    pub topic: Topic,
    pub default_language: String,
    /// The default language's first; only languages with both a subject and a body.
    pub versions: Vec<Version>,
    pub audience: Audience,
    /// The zone staff think in (the send time is shown and typed in it).
    pub zone: Zone,
    /// When to send, once scheduled; `None` until then.
    pub send_at: Option<OffsetDateTime>,
}

impl CampaignDraft {
    pub fn default_version(&self) -> &Version {
        // `parse` refuses a draft without its default language's version.
        &self.versions[0]
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignError {
    TopicUnknown,
    LanguageUnknown,
    SubjectMissing(&'static str),
    SubjectTooLong(&'static str),
    /// A subject on several lines (a header cannot hold one).
    SubjectOnSeveralLines(&'static str),
    BodyMissing(&'static str),
    BodyTooLong(&'static str),
    CountryUnknown,
    RegionUnknown,
    CategoryUnknown,
    SectorUnknown,
    OrganizationTypeUnknown,
    EventUnknown,
    ZoneUnknown,
    SendAtInvalid,
    SendAtAmbiguous,
}

impl CampaignError {
    /// The form field the problem is shown next to.
    pub fn field(self) -> String {
        use CampaignError::*;
        match self {
            TopicUnknown => "topic".to_owned(),
            LanguageUnknown => "default_language".to_owned(),
            SubjectMissing(language)
            | SubjectTooLong(language)
            | SubjectOnSeveralLines(language) => {
                format!("subject_{language}")
            }
            BodyMissing(language) | BodyTooLong(language) => format!("body_{language}"),
            CountryUnknown => "country".to_owned(),
            RegionUnknown => "region".to_owned(),
            CategoryUnknown => "category".to_owned(),
            SectorUnknown => "sector".to_owned(),
            OrganizationTypeUnknown => "organization_type".to_owned(),
            EventUnknown => "event".to_owned(),
            ZoneUnknown => "time_zone".to_owned(),
            SendAtInvalid | SendAtAmbiguous => "send_at".to_owned(),
        }
    }

    /// The message's key in the catalogues (`campaigns.error.*`).
    pub fn code(self) -> &'static str {
        use CampaignError::*;
        match self {
            TopicUnknown => "topic_unknown",
            LanguageUnknown => "language_unknown",
            SubjectMissing(_) => "subject_missing",
            SubjectTooLong(_) => "subject_too_long",
            SubjectOnSeveralLines(_) => "subject_lines",
            BodyMissing(_) => "body_missing",
            BodyTooLong(_) => "body_too_long",
            CountryUnknown => "country_unknown",
            RegionUnknown => "region_unknown",
            CategoryUnknown => "category_unknown",
            SectorUnknown => "sector_unknown",
            OrganizationTypeUnknown => "organization_type_unknown",
            EventUnknown => "event_unknown",
            ZoneUnknown => "zone_unknown",
            SendAtInvalid => "send_at_invalid",
            SendAtAmbiguous => "send_at_ambiguous",
        }
    }
}

/// `Some(value)` when the field names one, `None` when empty, an error otherwise.
fn optional<T>(
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
    error: CampaignError,
    errors: &mut Vec<CampaignError>,
) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let parsed = parse(raw);
    if parsed.is_none() {
        errors.push(error);
    }
    parsed
}

impl CampaignInput {
    /// The form as `draft` fills it.
    pub fn of(draft: &CampaignDraft) -> CampaignInput {
        let audience = &draft.audience;
        CampaignInput {
            topic: draft.topic.code().to_owned(),
            default_language: draft.default_language.clone(),
            versions: LANGUAGES
                .iter()
                .map(|language| {
                    let version = draft.versions.iter().find(|v| v.language == *language);
                    VersionInput {
                        language: (*language).to_owned(),
                        subject: version.map(|v| v.subject.clone()).unwrap_or_default(),
                        body: version.map(|v| v.body.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
            country: match (&audience.region, audience.countries.as_slice()) {
                (None, [one]) => one.as_str().to_owned(),
                _ => String::new(),
            },
            region: audience.region.clone().unwrap_or_default(),
            category: audience
                .category
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            sector: audience
                .sector
                .map(|s| s.code().to_owned())
                .unwrap_or_default(),
            organization_type: audience
                .organization_type
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
            event: audience.event.map(|e| e.0.to_string()).unwrap_or_default(),
            time_zone: draft.zone.name().to_owned(),
            send_at: draft
                .send_at
                .map(|at| draft.zone.field_value(at))
                .unwrap_or_default(),
        }
    }

    /// The version typed for `language` (empty when the form had none).
    pub fn version(&self, language: &str) -> VersionInput {
        self.versions
            .iter()
            .find(|version| version.language == language)
            .cloned()
            .unwrap_or_else(|| VersionInput {
                language: language.to_owned(),
                ..VersionInput::default()
            })
    }

    pub fn parse(&self) -> Result<CampaignDraft, Vec<CampaignError>> {
        let mut errors = Vec::new();
        let topic = Topic::parse(self.topic.trim());
        if topic.is_none() {
            errors.push(CampaignError::TopicUnknown);
        }
        let default_language = LANGUAGES
            .iter()
            .find(|language| **language == self.default_language.trim())
            .copied();
        if default_language.is_none() {
            errors.push(CampaignError::LanguageUnknown);
        }
        let mut versions = Vec::new();
        for language in LANGUAGES {
            let typed = self.version(language);
            let (subject, body) = (typed.subject.trim(), typed.body.trim());
            let required = default_language == Some(*language);
            if subject.is_empty() && body.is_empty() && !required {
                continue;
            }
            let before = errors.len();
            if subject.is_empty() {
                errors.push(CampaignError::SubjectMissing(language));
            } else if subject.chars().count() > MAX_SUBJECT {
                errors.push(CampaignError::SubjectTooLong(language));
            } else if subject.contains(['\r', '\n']) {
                errors.push(CampaignError::SubjectOnSeveralLines(language));
            }
            if body.is_empty() {
                errors.push(CampaignError::BodyMissing(language));
            } else if body.chars().count() > MAX_BODY {
                errors.push(CampaignError::BodyTooLong(language));
            }
            if errors.len() == before {
                let version = Version {
                    language: (*language).to_owned(),
                    subject: subject.to_owned(),
                    body: body.to_owned(),
                };
                if required {
                    versions.insert(0, version);
                } else {
                    versions.push(version);
                }
            }
        }
        let mut audience = Audience::default();
        let country = optional(
            &self.country,
            |raw| CountryCode::parse(raw).ok(),
            CampaignError::CountryUnknown,
            &mut errors,
        );
        if let Some(country) = country {
            audience.countries = vec![country];
        } else if !self.region.trim().is_empty() && self.country.trim().is_empty() {
            let region = self.region.trim();
            audience.countries = country::in_region(region);
            if audience.countries.is_empty() {
                errors.push(CampaignError::RegionUnknown);
            } else {
                audience.region = Some(region.to_owned());
            }
        }
        audience.category = optional(
            &self.category,
            WorkforceCategory::parse,
            CampaignError::CategoryUnknown,
            &mut errors,
        );
        audience.sector = optional(
            &self.sector,
            Sector::parse,
            CampaignError::SectorUnknown,
            &mut errors,
        );
        audience.organization_type = optional(
            &self.organization_type,
            OrganizationType::parse,
            CampaignError::OrganizationTypeUnknown,
            &mut errors,
        );
        audience.event = optional(
            &self.event,
            |raw| raw.parse().ok().filter(|id| *id > 0).map(EventId),
            CampaignError::EventUnknown,
            &mut errors,
        );
        let zone = Zone::parse(self.time_zone.trim());
        if zone.is_none() {
            errors.push(CampaignError::ZoneUnknown);
        }
        let send_at = match (&zone, self.send_at.trim()) {
            (_, "") | (None, _) => None,
            (Some(zone), raw) => match zone.moment(raw) {
                Ok(at) => Some(at),
                Err(LocalTimeError::Invalid) => {
                    errors.push(CampaignError::SendAtInvalid);
                    None
                }
                Err(LocalTimeError::SkippedOrRepeated) => {
                    errors.push(CampaignError::SendAtAmbiguous);
                    None
                }
            },
        };
        match (topic, default_language, zone) {
            (Some(topic), Some(default_language), Some(zone)) if errors.is_empty() => {
                Ok(CampaignDraft {
                    topic,
                    default_language: default_language.to_owned(),
                    versions,
                    audience,
                    zone,
                    send_at,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            topic: "news".to_owned(),
            default_language: "en".to_owned(),
            versions: vec![
                VersionInput {
                    language: "en".to_owned(),
                    subject: " News from the network ".to_owned(),
                    body: "Hello **all**".to_owned(),
                },
                VersionInput {
                    language: "fr".to_owned(),
                    subject: "Nouvelles".to_owned(),
                    body: "Bonjour".to_owned(),
                },
            ],
            time_zone: "Africa/Nairobi".to_owned(),
            ..CampaignInput::default()
        }
    }

    #[test]
    fn a_campaign_with_its_default_version_parses() {
        let draft = input().parse().unwrap();
        assert_eq!(draft.topic, Topic::News);
        assert_eq!(draft.default_version().subject, "News from the network");
        assert_eq!(draft.versions.len(), 2);
        assert_eq!(draft.send_at, None);
        assert_eq!(CampaignInput::of(&draft).parse().unwrap(), draft);
    }

    #[test]
    fn the_default_language_comes_first_whatever_its_place_in_the_list() {
        let mut typed = input();
        typed.default_language = "fr".to_owned();
        let draft = typed.parse().unwrap();
        assert_eq!(draft.default_version().language, "fr");
        assert_eq!(
            super::super::language_for(&draft, "pt").language,
            "fr",
            "a language without a version reads the default"
        );
        assert_eq!(super::super::language_for(&draft, "en").language, "en");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut typed = input();
        typed.topic = "gossip".to_owned();
        typed.versions[0].subject = String::new();
        typed.versions[1].body = String::new();
        typed.versions.push(VersionInput {
            language: "es".to_owned(),
            subject: "Uno\r\nBcc: x@example.org".to_owned(),
            body: "x".repeat(MAX_BODY + 1),
        });
        typed.country = "XX".to_owned();
        typed.sector = "astrology".to_owned();
        typed.event = "-3".to_owned();
        typed.time_zone = "Mars/Olympus".to_owned();
        let errors = typed.parse().unwrap_err();
        let fields: Vec<String> = errors.iter().map(|e| e.field()).collect();
        for field in [
            "topic",
            "subject_en",
            "body_fr",
            "subject_es",
            "body_es",
            "country",
            "sector",
            "event",
            "time_zone",
        ] {
            assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
        }
        assert!(errors.contains(&CampaignError::SubjectOnSeveralLines("es")));
    }

    #[test]
    fn a_region_becomes_its_countries_and_a_country_wins_over_it() {
        let mut typed = input();
        typed.region = "africa".to_owned();
        let draft = typed.parse().unwrap();
        assert!(draft.audience.countries.len() > 40);
        assert_eq!(draft.audience.region.as_deref(), Some("africa"));
        typed.country = "KE".to_owned();
        let draft = typed.parse().unwrap();
        assert_eq!(draft.audience.countries.len(), 1);
        assert_eq!(draft.audience.region, None);
        typed.country = String::new();
        typed.region = "atlantis".to_owned();
        assert_eq!(
            typed.parse().unwrap_err(),
            vec![CampaignError::RegionUnknown]
        );
    }

    #[test]
    fn a_send_time_is_read_in_the_zone_and_a_skipped_one_refused() {
        let mut typed = input();
        typed.send_at = "2027-03-01T09:00".to_owned();
        let draft = typed.parse().unwrap();
        assert_eq!(
            draft.send_at.unwrap().unix_timestamp(),
            time::macros::datetime!(2027-03-01 06:00 UTC).unix_timestamp()
        );
        typed.time_zone = "Europe/Paris".to_owned();
        typed.send_at = "2027-03-28T02:30".to_owned();
        assert_eq!(
            typed.parse().unwrap_err(),
            vec![CampaignError::SendAtAmbiguous]
        );
        typed.send_at = "soon".to_owned();
        assert_eq!(
            typed.parse().unwrap_err(),
            vec![CampaignError::SendAtInvalid]
        );
    }
}
