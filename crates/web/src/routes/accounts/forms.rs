//! The accounts feature's forms as typed, and their parsing into domain types: the
//! form's shape first (`validator`), then the domain's rules for each field, every
//! problem a message beside its field in the reader's language.

use membernet_domain::{
    Account, CountryCode, FullName, MemberEmail, NewPassword,
    campaigns::Topic,
    join_source::JoinSource,
    organization::{Organization, OrganizationName, OrganizationNameError, OrganizationType},
    profile::{self, Profile, Sector, WorkforceCategory},
    signup::{Affiliation, Signup},
};
use serde::Deserialize;
use validator::Validate;

use crate::{
    forms::{FieldErrors, messages},
    locale::Locale,
    services::accounts::profile::Changes,
};

/// Reads the `organization` and `organization_type` fields; problems go to `errors`.
fn parse_affiliation(
    name: &str,
    kind: &str,
    locale: Locale,
    errors: &mut FieldErrors,
) -> Option<Affiliation> {
    if name.trim().is_empty() {
        return None;
    }
    let kind = match kind {
        "" => None,
        code => OrganizationType::parse(code).or_else(|| {
            errors.add(
                "organization_type",
                locale.t("field.organization_type.unknown"),
            );
            None
        }),
    };
    match OrganizationName::parse(name) {
        Ok(name) => Some(Affiliation { name, kind }),
        Err(error) => {
            let key = match error {
                OrganizationNameError::Empty => "field.organization.invalid",
                OrganizationNameError::TooLong => "field.organization.too_long",
            };
            errors.add("organization", locale.t(key));
            None
        }
    }
}

/// The message beside the organisation type when a new organisation has none.
pub fn organization_type_needed(locale: Locale) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(
        "organization_type",
        locale.t("field.organization_type.missing"),
    );
    errors
}

fn parse_category(
    code: &str,
    locale: Locale,
    errors: &mut FieldErrors,
) -> Option<WorkforceCategory> {
    match code {
        "" => None,
        code => WorkforceCategory::parse(code).or_else(|| {
            errors.add("category", locale.t("field.category.unknown"));
            None
        }),
    }
}

#[derive(Default, Deserialize, Validate)]
pub struct JoinForm {
    #[serde(default)]
    #[validate(length(min = 1, code = "field.full_name.missing"))]
    pub full_name: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.email.missing"))]
    #[validate(email(code = "field.email.invalid"))]
    pub email: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.new_password.missing"))]
    pub password: String,
    #[serde(default)]
    #[validate(length(min = 1, code = "field.country.missing"))]
    pub country: String,
    #[validate(required(code = "field.privacy.missing"))]
    pub privacy: Option<String>,
    /// Optional: the member's role, their organisation, and the directory.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub organization_type: String,
    pub listed: Option<String>,
    /// The email topics, each a checkbox (unticked by default).
    pub topic_news: Option<String>,
    pub topic_events: Option<String>,
    pub topic_week: Option<String>,
    pub topic_regional: Option<String>,
    /// The honeypot: hidden from people, irresistible to form-filling bots.
    #[serde(default)]
    pub website: String,
    /// When the form was shown (a signed stamp, see `forms::shown`).
    #[serde(default)]
    pub shown: String,
    /// The link the joiner came from (`?from=` on `/join`), carried in a hidden
    /// field; anything that does not read is a direct join, never an error.
    #[serde(default)]
    pub from: String,
}

const JOIN_FIELDS: [&str; 8] = [
    "full_name",
    "email",
    "password",
    "country",
    "category",
    "organization",
    "organization_type",
    "privacy",
];

impl JoinForm {
    pub fn is_listed(&self) -> bool {
        self.listed.is_some()
    }

    /// Where the joiner came from.
    pub fn source(&self) -> JoinSource {
        JoinSource::parse(&self.from)
    }

    /// The topics ticked.
    pub fn topics(&self) -> Vec<Topic> {
        [
            (Topic::News, &self.topic_news),
            (Topic::Events, &self.topic_events),
            (Topic::Week, &self.topic_week),
            (Topic::Regional, &self.topic_regional),
        ]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_some())
        .map(|(topic, _)| topic)
        .collect()
    }

    /// The signup the form holds, or a message for each field that is not valid.
    pub fn parse(&mut self, locale: Locale) -> Result<Signup, FieldErrors> {
        // People paste addresses with spaces around them; that is not an error.
        self.email = self.email.trim().to_owned();
        let mut errors = match self.validate() {
            Ok(()) => FieldErrors::default(),
            Err(shape) => FieldErrors::from_validation(&shape, locale, &JOIN_FIELDS),
        };
        let full_name = FullName::parse(&self.full_name)
            .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
        let email = MemberEmail::parse(&self.email)
            .map_err(|error| errors.add("email", locale.t(messages::email(error))));
        let password = NewPassword::parse(&self.password, &[&self.full_name, &self.email])
            .map_err(|error| errors.add("password", locale.t(messages::new_password(error))));
        let country = CountryCode::parse(&self.country)
            .map_err(|error| errors.add("country", locale.t(messages::country(error))));
        let category = parse_category(&self.category, locale, &mut errors);
        let organization = parse_affiliation(
            &self.organization,
            &self.organization_type,
            locale,
            &mut errors,
        );
        match (full_name, email, password, country) {
            (Ok(full_name), Ok(email), Ok(password), Ok(country)) if errors.is_empty() => {
                Ok(Signup {
                    full_name,
                    email,
                    password,
                    country,
                    category,
                    organization,
                    listed: self.listed.is_some(),
                    topics: self.topics(),
                    source: self.source(),
                })
            }
            _ => {
                errors.order_by(&JOIN_FIELDS);
                Err(errors)
            }
        }
    }
}

/// The account form as typed. Sectors repeat, so the body is read as pairs.
#[derive(Default)]
pub struct AccountForm {
    pub full_name: String,
    pub country: String,
    pub job_title: String,
    pub category: String,
    pub sectors: Vec<String>,
    pub organization: String,
    pub organization_type: String,
    pub interests: String,
    pub bio: String,
    pub listed: bool,
    /// The language the member's emails are in (a `Locale` code); empty: the
    /// page's.
    pub language: String,
}

const ACCOUNT_FIELDS: [&str; 9] = [
    "full_name",
    "country",
    "job_title",
    "category",
    "sectors",
    "organization",
    "organization_type",
    "interests",
    "bio",
];

impl AccountForm {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "full_name" => form.full_name = value,
                "country" => form.country = value,
                "job_title" => form.job_title = value,
                "category" => form.category = value,
                "sectors" => form.sectors.push(value),
                "organization" => form.organization = value,
                "organization_type" => form.organization_type = value,
                "interests" => form.interests = value,
                "bio" => form.bio = value,
                "listed" => form.listed = value == "yes",
                "language" => form.language = value,
                _ => {}
            }
        }
        form
    }

    pub fn from_account(
        account: &Account,
        profile: &Profile,
        organization: Option<&Organization>,
    ) -> Self {
        Self {
            full_name: account.full_name.to_string(),
            country: account
                .country
                .map(|code| code.to_string())
                .unwrap_or_default(),
            job_title: profile.job_title.clone().unwrap_or_default(),
            category: profile
                .category
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            sectors: profile
                .sectors
                .iter()
                .map(|s| s.code().to_owned())
                .collect(),
            organization: organization.map(|o| o.name.clone()).unwrap_or_default(),
            organization_type: organization
                .map(|o| o.kind.code().to_owned())
                .unwrap_or_default(),
            interests: profile.interests.clone().unwrap_or_default(),
            bio: profile.bio.clone().unwrap_or_default(),
            listed: profile.listed,
            language: String::new(),
        }
    }

    pub fn is_listed(&self) -> bool {
        self.listed
    }

    pub fn has_sector(&self, code: &str) -> bool {
        self.sectors.iter().any(|sector| sector == code)
    }

    /// The changes the form holds, or a message for each field that is not valid.
    pub fn parse(&self, locale: Locale) -> Result<Changes, FieldErrors> {
        let mut errors = FieldErrors::default();
        let full_name = FullName::parse(&self.full_name)
            .map_err(|error| errors.add("full_name", locale.t(messages::name(error))));
        let country = CountryCode::parse(&self.country)
            .map_err(|error| errors.add("country", locale.t(messages::country(error))));
        let mut text = |field: &str, raw: &str, max: usize, multiline: bool| {
            profile::optional_text(raw, max, multiline).unwrap_or_else(|error| {
                let key = match error {
                    profile::TextError::TooLong => "field.text.too_long",
                    profile::TextError::ForbiddenCharacters => "field.text.invalid",
                };
                errors.add(field, locale.t_with(key, &[("max", &max.to_string())]));
                None
            })
        };
        let job_title = text(
            "job_title",
            &self.job_title,
            profile::JOB_TITLE_MAX_CHARS,
            false,
        );
        let interests = text(
            "interests",
            &self.interests,
            profile::INTERESTS_MAX_CHARS,
            true,
        );
        let bio = text("bio", &self.bio, profile::BIO_MAX_CHARS, true);
        let category = parse_category(&self.category, locale, &mut errors);
        let mut sectors = Vec::new();
        for code in &self.sectors {
            match Sector::parse(code) {
                Some(sector) if !sectors.contains(&sector) => sectors.push(sector),
                Some(_) => {}
                None => errors.add("sectors", locale.t("field.sectors.unknown")),
            }
        }
        sectors.sort();
        let organization = parse_affiliation(
            &self.organization,
            &self.organization_type,
            locale,
            &mut errors,
        );
        match (full_name, country) {
            (Ok(full_name), Ok(country)) if errors.is_empty() => Ok(Changes {
                full_name,
                country,
                profile: Profile {
                    job_title,
                    category,
                    sectors,
                    interests,
                    bio,
                    listed: self.listed,
                },
                organization,
                // The language chosen for emails, else the page's (as at joining).
                locale: Locale::parse(&self.language).unwrap_or(locale),
            }),
            _ => {
                errors.order_by(&ACCOUNT_FIELDS);
                Err(errors)
            }
        }
    }
}
