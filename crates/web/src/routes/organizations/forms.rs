//! Staff's organisation forms: the edit form, parsed into an `Edit` (a message per
//! field that is not right, the typed values kept), and the merge form.

use membernet_domain::{
    CountryCode,
    organization::{
        Organization, OrganizationName, OrganizationNameError, OrganizationType, WebsiteError,
        parse_website,
    },
};
use serde::Deserialize;

use crate::{forms::FieldErrors, locale::Locale, services::organizations::Edit};

#[derive(Deserialize, Default)]
pub struct EditForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub website: String,
}

impl EditForm {
    /// The form as the organisation stands.
    pub fn of(organization: &Organization) -> Self {
        Self {
            name: organization.name.clone(),
            kind: organization.kind.code().to_owned(),
            country: organization
                .country
                .map(|code| code.to_string())
                .unwrap_or_default(),
            website: organization.website.clone().unwrap_or_default(),
        }
    }

    pub fn parse(&self, locale: Locale) -> Result<Edit, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = OrganizationName::parse(&self.name).map_err(|error| {
            let key = match error {
                OrganizationNameError::Empty => "field.organization.missing",
                OrganizationNameError::TooLong => "field.organization.too_long",
            };
            errors.add("name", locale.t(key));
        });
        let kind = OrganizationType::parse(&self.kind)
            .ok_or_else(|| errors.add("kind", locale.t("field.organization_type.unknown")));
        let country = match self.country.trim() {
            "" => Ok(None),
            code => CountryCode::parse(code)
                .map(Some)
                .map_err(|_| errors.add("country", locale.t("field.country.unknown"))),
        };
        let website = parse_website(&self.website).map_err(|error| {
            let key = match error {
                WebsiteError::Invalid => "field.website.invalid",
                WebsiteError::TooLong => "field.website.too_long",
            };
            errors.add("website", locale.t(key));
        });
        match (name, kind, country, website) {
            (Ok(name), Ok(kind), Ok(country), Ok(website)) => Ok(Edit {
                name,
                kind,
                country,
                website,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    pub target: String,
}

impl MergeForm {
    /// The organisation to merge into, when what was typed is a name at all.
    pub fn target(&self) -> Option<OrganizationName> {
        OrganizationName::parse(&self.target).ok()
    }
}
