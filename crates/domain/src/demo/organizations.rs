//! The organisations of each country with members, how each is named, and which of
//! them a member works for.

use std::collections::HashSet;

use super::{
    DemoNetwork, DemoOrganization, ORGANIZATION_KINDS, Stream,
    placement::MemberCountry,
    words::{branches, ngo_forms, ngo_themes, organization_templates},
};
use crate::{
    country::Country,
    organization::{self, OrganizationName, OrganizationType},
    profile::WorkforceCategory,
    random::SplitMix64,
};

/// A country grows its organisations with its membership, up to this many.
const MAX_ORGANIZATIONS_PER_COUNTRY: usize = 300;
const MEMBERS_PER_EXTRA_ORGANIZATION: usize = 40;

/// Every country with members has a government office and an NGO to work for; larger
/// ones add the kinds in this order before the rest are drawn by weight.
const FIRST_ORGANIZATION_KINDS: [OrganizationType; 5] = [
    OrganizationType::Government,
    OrganizationType::Ngo,
    OrganizationType::Academic,
    OrganizationType::UnAgency,
    OrganizationType::ProfessionalAssociation,
];
/// Indexed like `OrganizationType::ALL`.
const ORGANIZATION_KIND_WEIGHTS: [u32; ORGANIZATION_KINDS] = [18, 6, 28, 9, 10, 12, 6, 6, 5];

impl DemoNetwork {
    pub(super) fn add_organizations(&mut self, members_per_country: &[usize]) {
        let mut taken_names = HashSet::new();
        for (entry, &members) in members_per_country.iter().enumerate() {
            if members == 0 {
                continue;
            }
            let count =
                (2 + members / MEMBERS_PER_EXTRA_ORGANIZATION).min(MAX_ORGANIZATIONS_PER_COUNTRY);
            let mut rng = SplitMix64::stream(self.seed, Stream::Organizations as u64, entry as u64);
            let mut kinds: Vec<OrganizationType> = (0..count)
                .map(|i| match FIRST_ORGANIZATION_KINDS.get(i) {
                    Some(&kind) => kind,
                    None => OrganizationType::ALL[rng.weighted(&ORGANIZATION_KIND_WEIGHTS)],
                })
                .collect();
            kinds.sort();
            let country = self.countries[entry].country;
            let start = self.organizations.len();
            for &kind in &kinds {
                let name = unique_organization_name(kind, country, &mut rng, &mut taken_names);
                let website = rng.chance(0.7).then(|| website_for(&name, country));
                self.organizations.push(DemoOrganization {
                    name,
                    kind,
                    country: country.code(),
                    website,
                });
            }
            // `kinds` is sorted, so each kind is one run of it.
            let by_kind = std::array::from_fn(|k| {
                start + kinds.partition_point(|&kind| (kind as usize) < k)
                    ..start + kinds.partition_point(|&kind| (kind as usize) <= k)
            });
            let member_country = &mut self.countries[entry];
            member_country.organizations = start..self.organizations.len();
            member_country.organizations_by_kind = by_kind;
        }
    }

    pub(super) fn organization_for(
        &self,
        country: &MemberCountry,
        category: WorkforceCategory,
        rng: &mut SplitMix64,
    ) -> Option<usize> {
        if country.organizations.is_empty() || !rng.chance(0.85) {
            return None;
        }
        let preferred = preferred_organization_kind(category)
            .filter(|&(_, likelihood)| rng.chance(likelihood))
            .map(|(kind, _)| country.organizations_by_kind[kind as usize].clone())
            .filter(|range| !range.is_empty());
        let kind_range = preferred.unwrap_or_else(|| {
            let any = country.organizations.start + rng.below(country.organizations.len());
            country
                .organizations_by_kind
                .iter()
                .find(|range| range.contains(&any))
                .cloned()
                .unwrap_or(any..any + 1)
        });
        // A few large employers of each kind take most of its members, as in life.
        let skewed = rng.unit() * rng.unit();
        let offset = ((skewed * kind_range.len() as f64) as usize).min(kind_range.len() - 1);
        Some(kind_range.start + offset)
    }
}

/// The kind of organisation people in a category mostly work for, and how likely.
fn preferred_organization_kind(category: WorkforceCategory) -> Option<(OrganizationType, f64)> {
    match category {
        WorkforceCategory::Educator
        | WorkforceCategory::Researcher
        | WorkforceCategory::Student => Some((OrganizationType::Academic, 0.75)),
        WorkforceCategory::Policymaker => Some((OrganizationType::Government, 0.65)),
        WorkforceCategory::SocialWorker => Some((OrganizationType::Government, 0.35)),
        WorkforceCategory::ParaProfessional => Some((OrganizationType::Ngo, 0.5)),
        WorkforceCategory::Manager => Some((OrganizationType::Ngo, 0.4)),
        WorkforceCategory::Other => None,
    }
}

fn unique_organization_name(
    kind: OrganizationType,
    country: &Country,
    rng: &mut SplitMix64,
    taken: &mut HashSet<String>,
) -> String {
    let mut name = String::new();
    // A few fresh draws first, so branch offices appear only in large countries.
    for _ in 0..4 {
        name = organization_name(kind, country, rng);
        if taken.insert(organization::normalize(&name)) {
            return name;
        }
    }
    for branch in 0.. {
        let office = match branches().get(branch) {
            Some(region) => format!("{name} — {region}"),
            None => format!("{name} — Region {}", branch - branches().len() + 1),
        };
        if taken.insert(organization::normalize(&office)) {
            return office;
        }
    }
    unreachable!("there are endless region numbers")
}

fn organization_name(kind: OrganizationType, country: &Country, rng: &mut SplitMix64) -> String {
    let combined =
        matches!(kind, OrganizationType::Ngo | OrganizationType::CivilSociety) && rng.chance(0.5);
    if combined {
        let theme = rng.pick(ngo_themes());
        let form = rng.pick(ngo_forms());
        return format!("{theme} {form} {}", country.name_en);
    }
    rng.pick(organization_templates(kind))
        .replace("{the country}", &with_article(country.name_en))
        .replace("{country}", country.name_en)
}

fn website_for(name: &str, country: &Country) -> String {
    let slug = OrganizationName::parse(name)
        .map(|name| name.slug())
        .unwrap_or_default();
    format!(
        "https://example.org/{}/{slug}",
        country.alpha2.to_ascii_lowercase()
    )
}

/// "the Philippines", "the United States", "Kenya".
pub(super) fn with_article(name: &str) -> String {
    let needs_article = name.starts_with("United ")
        || name.contains("Republic")
        || name.ends_with("Islands")
        || matches!(
            name,
            "Philippines"
                | "Netherlands"
                | "Gambia"
                | "Bahamas"
                | "Maldives"
                | "Comoros"
                | "Seychelles"
                | "Isle of Man"
        );
    if needs_article {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}
