//! What staff type for an event, and the checks that turn it into an
//! [`EventDraft`]: every field's problem at once, so the form can show them all.

use time::OffsetDateTime;

use super::{EventKind, LANGUAGES, Speaker, zone::LocalTimeError};
use crate::{CountryCode, statistics::Area};

use super::zone::Zone;

pub const MAX_TITLE: usize = 200;
pub const MAX_SUMMARY: usize = 600;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_PLACE: usize = 300;
pub const MAX_URL: usize = 500;
pub const MAX_CAPACITY: u32 = 1_000_000;
pub const MAX_REFERENCE_ZONES: usize = 6;
pub const MAX_SPEAKERS: usize = 12;
pub const MAX_SPEAKER_TEXT: usize = 200;

/// An event's fields as typed (a `datetime-local` value for each time, in the
/// event's zone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInput {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub kind: String,
    pub time_zone: String,
    pub starts: String,
    pub ends: String,
    pub join_url: String,
    pub place: String,
    pub capacity: String,
    pub deadline: String,
    pub languages: Vec<String>,
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    pub reference_zones: String,
    pub speakers: Vec<SpeakerInput>,
    pub recording_url: String,
    pub slides_url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerInput {
    pub name: String,
    pub role: String,
    pub organization: String,
}

/// A valid event's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub title: String,
    pub summary: String,
    /// Markdown (see `crate::markdown`).
    pub description: String,
    pub kind: EventKind,
    pub zone: Zone,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub join_url: Option<String>,
    pub place: Option<String>,
    /// `None`: as many as come.
    pub capacity: Option<u32>,
    pub registration_deadline: Option<OffsetDateTime>,
    pub languages: Vec<String>,
    pub countries: Vec<CountryCode>,
    pub regions: Vec<String>,
    /// Zones the event's times are also shown in ("8:30 Washington, 14:30
    /// Johannesburg").
    pub reference_zones: Vec<Zone>,
    pub speakers: Vec<Speaker>,
    pub recording_url: Option<String>,
    pub slides_url: Option<String>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventError {
    TitleMissing,
    TitleTooLong,
    SummaryTooLong,
    DescriptionTooLong,
    KindUnknown,
    ZoneUnknown,
    StartMissing,
    StartInvalid,
    /// A time the clocks skip or pass twice in the event's zone.
    StartAmbiguous,
    EndMissing,
    EndInvalid,
    EndAmbiguous,
    EndBeforeStart,
    /// A webinar without a joining link.
    JoinUrlMissing,
    UrlInvalid,
    RecordingUrlInvalid,
    SlidesUrlInvalid,
    PlaceMissing,
    PlaceTooLong,
    CapacityInvalid,
    DeadlineInvalid,
    DeadlineAfterStart,
    LanguageMissing,
    LanguageUnknown,
    CountryUnknown,
    RegionUnknown,
    ReferenceZoneUnknown,
    TooManyReferenceZones,
    SpeakerNameMissing,
    SpeakerTooLong,
    TooManySpeakers,
}

impl EventError {
    /// The form field the problem is shown next to.
    pub fn field(self) -> &'static str {
        use EventError::*;
        match self {
            TitleMissing | TitleTooLong => "title",
            SummaryTooLong => "summary",
            DescriptionTooLong => "description",
            KindUnknown => "kind",
            ZoneUnknown => "time_zone",
            StartMissing | StartInvalid | StartAmbiguous => "starts",
            EndMissing | EndInvalid | EndAmbiguous | EndBeforeStart => "ends",
            JoinUrlMissing => "join_url",
            UrlInvalid => "join_url",
            RecordingUrlInvalid => "recording_url",
            SlidesUrlInvalid => "slides_url",
            PlaceMissing | PlaceTooLong => "place",
            CapacityInvalid => "capacity",
            DeadlineInvalid | DeadlineAfterStart => "deadline",
            LanguageMissing | LanguageUnknown => "languages",
            CountryUnknown => "countries",
            RegionUnknown => "regions",
            ReferenceZoneUnknown | TooManyReferenceZones => "reference_zones",
            SpeakerNameMissing | SpeakerTooLong | TooManySpeakers => "speakers",
        }
    }

    /// The message's key in the catalogues (`events.error.*`).
    pub fn code(self) -> &'static str {
        use EventError::*;
        match self {
            TitleMissing => "title_missing",
            TitleTooLong => "title_too_long",
            SummaryTooLong => "summary_too_long",
            DescriptionTooLong => "description_too_long",
            KindUnknown => "kind_unknown",
            ZoneUnknown => "zone_unknown",
            StartMissing => "start_missing",
            StartInvalid | EndInvalid | DeadlineInvalid => "time_invalid",
            StartAmbiguous | EndAmbiguous => "time_ambiguous",
            EndMissing => "end_missing",
            EndBeforeStart => "end_before_start",
            JoinUrlMissing => "join_url_missing",
            UrlInvalid | RecordingUrlInvalid | SlidesUrlInvalid => "url_invalid",
            PlaceMissing => "place_missing",
            PlaceTooLong => "place_too_long",
            CapacityInvalid => "capacity_invalid",
            DeadlineAfterStart => "deadline_after_start",
            LanguageMissing => "language_missing",
            LanguageUnknown => "language_unknown",
            CountryUnknown => "country_unknown",
            RegionUnknown => "region_unknown",
            ReferenceZoneUnknown => "reference_zone_unknown",
            TooManyReferenceZones => "too_many_reference_zones",
            SpeakerNameMissing => "speaker_name_missing",
            SpeakerTooLong => "speaker_too_long",
            TooManySpeakers => "too_many_speakers",
        }
    }
}

/// An `http(s)` address, or nothing.
fn optional_url(
    raw: &str,
    errors: &mut Vec<EventError>,
    field_error: EventError,
) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let host = raw.split("://").nth(1).unwrap_or_default();
    if !scheme_ok
        || raw.len() > MAX_URL
        || host.is_empty()
        || host.starts_with('/')
        || raw.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        errors.push(field_error);
        return None;
    }
    Some(raw.to_owned())
}

fn local_moment(
    zone: Option<&Zone>,
    raw: &str,
    invalid: EventError,
    ambiguous: EventError,
    errors: &mut Vec<EventError>,
) -> Option<OffsetDateTime> {
    let zone = zone?;
    match zone.moment(raw) {
        Ok(at) => Some(at),
        Err(LocalTimeError::Invalid) => {
            errors.push(invalid);
            None
        }
        Err(LocalTimeError::SkippedOrRepeated) => {
            errors.push(ambiguous);
            None
        }
    }
}

impl EventInput {
    /// The form as `draft` fills it.
    pub fn of(draft: &EventDraft) -> EventInput {
        let zone = &draft.zone;
        EventInput {
            title: draft.title.clone(),
            summary: draft.summary.clone(),
            description: draft.description.clone(),
            kind: draft.kind.code().to_owned(),
            time_zone: zone.name().to_owned(),
            starts: zone.field_value(draft.starts_at),
            ends: zone.field_value(draft.ends_at),
            join_url: draft.join_url.clone().unwrap_or_default(),
            place: draft.place.clone().unwrap_or_default(),
            capacity: draft.capacity.map(|c| c.to_string()).unwrap_or_default(),
            deadline: draft
                .registration_deadline
                .map(|at| zone.field_value(at))
                .unwrap_or_default(),
            languages: draft.languages.clone(),
            countries: draft
                .countries
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            regions: draft.regions.clone(),
            reference_zones: draft
                .reference_zones
                .iter()
                .map(|zone| zone.name().to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            speakers: draft
                .speakers
                .iter()
                .map(|speaker| SpeakerInput {
                    name: speaker.name.clone(),
                    role: speaker.role.clone(),
                    organization: speaker.organization.clone(),
                })
                .collect(),
            recording_url: draft.recording_url.clone().unwrap_or_default(),
            slides_url: draft.slides_url.clone().unwrap_or_default(),
        }
    }

    pub fn parse(&self) -> Result<EventDraft, Vec<EventError>> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(EventError::TitleMissing);
        } else if title.chars().count() > MAX_TITLE {
            errors.push(EventError::TitleTooLong);
        }
        let summary = self.summary.trim();
        if summary.chars().count() > MAX_SUMMARY {
            errors.push(EventError::SummaryTooLong);
        }
        let description = self.description.trim();
        if description.chars().count() > MAX_DESCRIPTION {
            errors.push(EventError::DescriptionTooLong);
        }
        let kind = EventKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(EventError::KindUnknown);
        }
        let zone = Zone::parse(&self.time_zone);
        if zone.is_none() {
            errors.push(EventError::ZoneUnknown);
        }
        let starts_at = if self.starts.trim().is_empty() {
            errors.push(EventError::StartMissing);
            None
        } else {
            local_moment(
                zone.as_ref(),
                &self.starts,
                EventError::StartInvalid,
                EventError::StartAmbiguous,
                &mut errors,
            )
        };
        let ends_at = if self.ends.trim().is_empty() {
            errors.push(EventError::EndMissing);
            None
        } else {
            local_moment(
                zone.as_ref(),
                &self.ends,
                EventError::EndInvalid,
                EventError::EndAmbiguous,
                &mut errors,
            )
        };
        if let (Some(start), Some(end)) = (starts_at, ends_at)
            && end <= start
        {
            errors.push(EventError::EndBeforeStart);
        }
        let join_url = optional_url(&self.join_url, &mut errors, EventError::UrlInvalid);
        if kind.is_some_and(EventKind::is_online)
            && join_url.is_none()
            && self.join_url.trim().is_empty()
        {
            errors.push(EventError::JoinUrlMissing);
        }
        let place = self.place.trim();
        let place = if place.is_empty() {
            if kind.is_some_and(EventKind::has_place) {
                errors.push(EventError::PlaceMissing);
            }
            None
        } else if place.chars().count() > MAX_PLACE {
            errors.push(EventError::PlaceTooLong);
            None
        } else {
            Some(place.to_owned())
        };
        let capacity = match self.capacity.trim() {
            "" => None,
            raw => match raw.parse::<u32>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
                _ => {
                    errors.push(EventError::CapacityInvalid);
                    None
                }
            },
        };
        let registration_deadline = if self.deadline.trim().is_empty() {
            None
        } else {
            local_moment(
                zone.as_ref(),
                &self.deadline,
                EventError::DeadlineInvalid,
                EventError::DeadlineInvalid,
                &mut errors,
            )
        };
        if let (Some(deadline), Some(start)) = (registration_deadline, starts_at)
            && deadline > start
        {
            errors.push(EventError::DeadlineAfterStart);
        }
        let mut languages = Vec::new();
        for code in &self.languages {
            let code = code.trim().to_ascii_lowercase();
            if code.is_empty() {
                continue;
            }
            match LANGUAGES.iter().find(|known| **known == code) {
                Some(known) if !languages.iter().any(|l: &String| l == known) => {
                    languages.push((*known).to_owned())
                }
                Some(_) => {}
                None => errors.push(EventError::LanguageUnknown),
            }
        }
        if languages.is_empty() && !errors.contains(&EventError::LanguageUnknown) {
            errors.push(EventError::LanguageMissing);
        }
        let mut countries = Vec::new();
        for code in self.countries.iter().filter(|code| !code.trim().is_empty()) {
            match CountryCode::parse(code) {
                Ok(code) if !countries.contains(&code) => countries.push(code),
                Ok(_) => {}
                Err(_) => errors.push(EventError::CountryUnknown),
            }
        }
        let mut regions = Vec::new();
        for slug in self.regions.iter().map(|slug| slug.trim()) {
            if slug.is_empty() {
                continue;
            }
            if Area::from_slug(slug).is_some() {
                if !regions.iter().any(|known: &String| known == slug) {
                    regions.push(slug.to_owned());
                }
            } else {
                errors.push(EventError::RegionUnknown);
            }
        }
        let mut reference_zones: Vec<Zone> = Vec::new();
        for name in self
            .reference_zones
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            match Zone::parse(name) {
                Some(zone) if !reference_zones.contains(&zone) => reference_zones.push(zone),
                Some(_) => {}
                None => errors.push(EventError::ReferenceZoneUnknown),
            }
        }
        if reference_zones.len() > MAX_REFERENCE_ZONES {
            errors.push(EventError::TooManyReferenceZones);
        }
        let mut speakers = Vec::new();
        for row in &self.speakers {
            let (name, role, organization) =
                (row.name.trim(), row.role.trim(), row.organization.trim());
            if name.is_empty() && role.is_empty() && organization.is_empty() {
                continue;
            }
            if name.is_empty() {
                errors.push(EventError::SpeakerNameMissing);
                continue;
            }
            if [name, role, organization]
                .iter()
                .any(|text| text.chars().count() > MAX_SPEAKER_TEXT)
            {
                errors.push(EventError::SpeakerTooLong);
                continue;
            }
            speakers.push(Speaker {
                name: name.to_owned(),
                role: role.to_owned(),
                organization: organization.to_owned(),
                member: None,
            });
        }
        if speakers.len() > MAX_SPEAKERS {
            errors.push(EventError::TooManySpeakers);
        }
        let recording_url = optional_url(
            &self.recording_url,
            &mut errors,
            EventError::RecordingUrlInvalid,
        );
        let slides_url = optional_url(&self.slides_url, &mut errors, EventError::SlidesUrlInvalid);
        match (kind, zone, starts_at, ends_at) {
            (Some(kind), Some(zone), Some(starts_at), Some(ends_at)) if errors.is_empty() => {
                Ok(EventDraft {
                    title: title.to_owned(),
                    summary: summary.to_owned(),
                    description: description.to_owned(),
                    kind,
                    zone,
                    starts_at,
                    ends_at,
                    join_url,
                    place,
                    capacity,
                    registration_deadline,
                    languages,
                    countries,
                    regions,
                    reference_zones,
                    speakers,
                    recording_url,
                    slides_url,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn webinar() -> EventInput {
        EventInput {
            title: "Social Service Workers in Health Facilities".into(),
            summary: "How hospitals work with social service workers.".into(),
            description: "**Join us.**".into(),
            kind: "webinar".into(),
            time_zone: "America/New_York".into(),
            starts: "2026-03-10T08:30".into(),
            ends: "2026-03-10T10:00".into(),
            join_url: "https://meet.example.org/abc".into(),
            languages: vec!["en".into(), "fr".into()],
            countries: vec!["KE".into()],
            regions: vec!["eastern-africa".into()],
            reference_zones: "Africa/Johannesburg, Asia/Jakarta".into(),
            speakers: vec![
                SpeakerInput {
                    name: "Amina Odhiambo".into(),
                    role: "Social worker".into(),
                    organization: "Kenyatta Hospital".into(),
                },
                SpeakerInput::default(),
            ],
            ..EventInput::default()
        }
    }

    #[test]
    fn a_webinar_parses_in_its_zone() {
        let draft = webinar().parse().unwrap();
        // 10 March 2026 is after New York's change to daylight time (UTC−4).
        assert_eq!(draft.starts_at, datetime!(2026-03-10 12:30 UTC));
        assert_eq!(draft.reference_zones.len(), 2);
        assert_eq!(draft.speakers.len(), 1);
        assert_eq!(EventInput::of(&draft).parse().unwrap(), draft);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let input = EventInput {
            title: " ".into(),
            kind: "webinar".into(),
            time_zone: "America/Nowhere".into(),
            starts: "2026-03-10T08:30".into(),
            ends: "2026-03-10T08:00".into(),
            capacity: "0".into(),
            ..EventInput::default()
        };
        let errors = input.parse().unwrap_err();
        assert!(errors.contains(&EventError::TitleMissing));
        assert!(errors.contains(&EventError::ZoneUnknown));
        assert!(errors.contains(&EventError::CapacityInvalid));
        assert!(errors.contains(&EventError::JoinUrlMissing));
        assert!(errors.contains(&EventError::LanguageMissing));
    }

    #[test]
    fn times_must_follow_each_other() {
        let mut input = webinar();
        input.ends = "2026-03-10T08:00".into();
        input.deadline = "2026-03-11T08:00".into();
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors,
            [EventError::EndBeforeStart, EventError::DeadlineAfterStart]
        );
        let mut input = webinar();
        input.starts = "2026-03-08T02:30".into();
        assert_eq!(input.parse().unwrap_err(), [EventError::StartAmbiguous]);
    }

    #[test]
    fn links_are_web_addresses() {
        let mut input = webinar();
        input.join_url = "javascript:alert(1)".into();
        input.recording_url = "https://".into();
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors,
            [EventError::UrlInvalid, EventError::RecordingUrlInvalid]
        );
    }

    #[test]
    fn in_person_needs_a_place() {
        let mut input = webinar();
        input.kind = "in_person".into();
        input.join_url.clear();
        assert_eq!(input.parse().unwrap_err(), [EventError::PlaceMissing]);
        input.place = "Nairobi, Kenya".into();
        assert!(input.parse().is_ok());
    }
}
