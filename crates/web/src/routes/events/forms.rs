//! The events' forms: staff's event form (repeated fields for languages,
//! countries, regions and speakers, so it is read as pairs), the guest
//! registration form, and the list's filters.

use membernet_domain::{
    CountryCode, FullName, MemberEmail,
    events::{EventError, EventInput, EventKind, LANGUAGES, SpeakerInput, Zone},
    statistics::Area,
};
use membernet_persistence::events::Listing;
use serde::Deserialize;

use crate::{
    forms::{FieldErrors, messages},
    locale::Locale,
    services::events::Guest,
};

/// How many speaker rows the form offers beyond those already filled.
const EMPTY_SPEAKER_ROWS: usize = 2;

/// Staff's event form as typed.
#[derive(Debug, Clone, Default)]
pub struct EventForm(pub EventInput);

impl EventForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut input = EventInput::default();
        let (mut names, mut roles, mut organizations) = (Vec::new(), Vec::new(), Vec::new());
        for (name, value) in pairs {
            match name.as_str() {
                "title" => input.title = value,
                "summary" => input.summary = value,
                "description" => input.description = value,
                "kind" => input.kind = value,
                "time_zone" => input.time_zone = value,
                "starts" => input.starts = value,
                "ends" => input.ends = value,
                "join_url" => input.join_url = value,
                "place" => input.place = value,
                "capacity" => input.capacity = value,
                "deadline" => input.deadline = value,
                "languages" => input.languages.push(value),
                "countries" => input.countries.push(value),
                "regions" => input.regions.push(value),
                "reference_zones" => input.reference_zones = value,
                "speaker_name" => names.push(value),
                "speaker_role" => roles.push(value),
                "speaker_organization" => organizations.push(value),
                "recording_url" => input.recording_url = value,
                "slides_url" => input.slides_url = value,
                _ => {}
            }
        }
        for (index, name) in names.into_iter().enumerate() {
            input.speakers.push(SpeakerInput {
                name,
                role: roles.get(index).cloned().unwrap_or_default(),
                organization: organizations.get(index).cloned().unwrap_or_default(),
            });
        }
        EventForm(input)
    }

    /// A new event's form: a webinar next month at 13:00 UTC, in English.
    pub fn blank() -> Self {
        let start = time::OffsetDateTime::now_utc().date() + time::Duration::days(30);
        let day = format!(
            "{:04}-{:02}-{:02}",
            start.year(),
            u8::from(start.month()),
            start.day()
        );
        EventForm(EventInput {
            kind: EventKind::Webinar.code().to_owned(),
            time_zone: "UTC".to_owned(),
            starts: format!("{day}T13:00"),
            ends: format!("{day}T14:30"),
            languages: vec!["en".to_owned()],
            ..EventInput::default()
        })
    }

    pub fn parse(
        &self,
        locale: Locale,
    ) -> Result<membernet_domain::events::EventDraft, FieldErrors> {
        self.0.parse().map_err(|problems| {
            let mut errors = FieldErrors::default();
            for problem in problems {
                errors.add(problem.field(), message(locale, problem));
            }
            errors
        })
    }

    /// The speaker rows to show: those typed, and a few empty ones.
    pub fn speaker_rows(&self) -> Vec<SpeakerInput> {
        let mut rows = self.0.speakers.clone();
        rows.retain(|row| {
            !(row.name.is_empty() && row.role.is_empty() && row.organization.is_empty())
        });
        rows.extend(std::iter::repeat_n(
            SpeakerInput::default(),
            EMPTY_SPEAKER_ROWS,
        ));
        rows
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.0.languages.iter().any(|language| language == code)
    }

    pub fn has_country(&self, code: &str) -> bool {
        self.0
            .countries
            .iter()
            .any(|country| country.eq_ignore_ascii_case(code))
    }

    pub fn has_region(&self, slug: &str) -> bool {
        self.0.regions.iter().any(|region| region == slug)
    }
}

fn message(locale: Locale, problem: EventError) -> String {
    locale.t(&format!("events.error.{}", problem.code()))
}

/// The guest registration form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GuestForm {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub country: String,
    /// The honeypot (hidden from people).
    #[serde(default)]
    pub website: String,
    /// When the form was shown, signed.
    #[serde(default)]
    pub shown: String,
}

impl GuestForm {
    pub fn parse(&mut self, locale: Locale) -> Result<Guest, FieldErrors> {
        self.email = self.email.trim().to_owned();
        let mut errors = FieldErrors::default();
        let name = FullName::parse(&self.full_name)
            .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
        let email = MemberEmail::parse(&self.email)
            .map_err(|error| errors.add("email", locale.t(messages::email(error))));
        let country = CountryCode::parse(&self.country)
            .map_err(|error| errors.add("country", locale.t(messages::country(error))));
        match (name, email, country) {
            (Ok(name), Ok(email), Ok(country)) => Ok(Guest {
                name,
                email,
                country,
            }),
            _ => Err(errors),
        }
    }
}

/// The list's filters and the reader's zone, from the query string.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub page: Option<u64>,
    /// The reader's chosen zone.
    #[serde(default)]
    pub tz: String,
}

impl Filters {
    /// The listing the filters ask for; a value that is not one of the choices is
    /// ignored (a list is never an error page).
    pub fn listing(&self) -> Listing {
        let language = LANGUAGES
            .iter()
            .find(|code| **code == self.language)
            .map(|code| (*code).to_owned());
        let area = match self.region.as_str() {
            "" => None,
            code if code.len() == 2 => CountryCode::parse(code)
                .ok()
                .map(|code| code.as_str().to_owned()),
            slug => Area::from_slug(slug).map(|area| area.key()),
        };
        Listing {
            language,
            area,
            kind: EventKind::parse(&self.kind),
            ..Listing::default()
        }
    }

    /// The query string of these filters (for the pages' links), without the page.
    pub fn query(&self) -> String {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("language", &self.language),
            ("region", &self.region),
            ("kind", &self.kind),
        ] {
            if !value.is_empty() {
                pairs.push(format!("{name}={}", urlencode(value)));
            }
        }
        pairs.join("&")
    }

    pub fn zone(&self) -> Option<Zone> {
        Zone::parse(&self.tz)
    }
}

fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .unwrap_or_default()
        .trim_start_matches("v=")
        .to_owned()
}
