//! The organisation a member works for, as the join and account forms ask it: a
//! name typed freely (matched after normalisation to the organisations the network
//! knows) and, for a new one, its type.

use membernet_domain::{
    CountryCode,
    organization::{OrganizationId, OrganizationName, OrganizationNameError, OrganizationType},
};
use membernet_persistence::organizations;
use time::OffsetDateTime;

use crate::{forms::FieldErrors, locale::Locale, services::Services};

/// A parsed affiliation: the name, and the type when one was chosen.
pub struct Affiliation {
    pub name: OrganizationName,
    pub kind: Option<OrganizationType>,
}

/// Reads the `organization` and `organization_type` fields; problems go to `errors`.
pub fn parse(
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

/// The organisation's id: the known one of that name, or a new one in `country`
/// when a type was chosen. `Err` holds the message when a new one has no type.
pub async fn resolve(
    state: &Services,
    affiliation: &Affiliation,
    country: CountryCode,
    locale: Locale,
) -> crate::error::Result<Result<OrganizationId, FieldErrors>> {
    if let Some(existing) = organizations::find_by_name(&state.db, &affiliation.name).await? {
        return Ok(Ok(existing.id));
    }
    let Some(kind) = affiliation.kind else {
        let mut errors = FieldErrors::default();
        errors.add(
            "organization_type",
            locale.t("field.organization_type.missing"),
        );
        return Ok(Err(errors));
    };
    let now = OffsetDateTime::now_utc();
    let created =
        organizations::find_or_create(&state.db, &affiliation.name, kind, Some(country), now)
            .await?;
    Ok(Ok(created.id))
}
