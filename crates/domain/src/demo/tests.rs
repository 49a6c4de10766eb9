//! The generator as a whole: deterministic, on the published curve, valid, and the
//! same network for a seed as before its code was reshaped.

use std::{
    collections::{HashMap, HashSet},
    fmt::Write,
    time::Instant,
};

use super::{
    placement::is_inhabited,
    words::{branches, names_for, ngo_forms, ngo_themes, organization_templates, sector_phrase},
    *,
};
use crate::{
    country,
    email::MemberEmail,
    join_source::{JoinSource, SourceKind},
    name::FullName,
    organization::{self, OrganizationName},
};

fn end_of(date: Date) -> OffsetDateTime {
    date.midnight().assume_utc() + Duration::DAY
}

/// Members and countries with members by the end of each milestone's date.
fn measured_milestones(network: &DemoNetwork) -> Vec<(usize, usize)> {
    let joins: Vec<(OffsetDateTime, CountryCode)> = network
        .members()
        .map(|member| (member.joined_at, member.country))
        .collect();
    PUBLISHED_MILESTONES
        .iter()
        .map(|milestone| {
            let by_then: Vec<_> = joins
                .iter()
                .filter(|(at, _)| *at < end_of(milestone.date))
                .collect();
            let countries: HashSet<_> = by_then.iter().map(|(_, country)| *country).collect();
            (by_then.len(), countries.len())
        })
        .collect()
}

fn assert_within_five_percent(measured: usize, expected: f64, what: &str) {
    let error = (measured as f64 - expected).abs() / expected;
    assert!(
        error <= 0.05,
        "{what}: measured {measured}, expected {expected}"
    );
}

#[test]
fn the_generator_is_deterministic() {
    let first = DemoNetwork::new(DEFAULT_MEMBERS, 7);
    let again = DemoNetwork::new(DEFAULT_MEMBERS, 7);
    let other = DemoNetwork::new(DEFAULT_MEMBERS, 8);
    let members = |network: &DemoNetwork| network.members().take(100).collect::<Vec<_>>();
    assert_eq!(members(&first), members(&again));
    assert_eq!(first.organizations, again.organizations);
    assert_ne!(members(&first), members(&other));
    assert_ne!(first.organizations, other.organizations);
}

#[test]
fn the_growth_matches_the_published_milestones_within_five_percent() {
    let network = DemoNetwork::new(DEFAULT_MEMBERS, 1);
    let measured = measured_milestones(&network);
    for (milestone, (members, countries)) in PUBLISHED_MILESTONES.iter().zip(measured) {
        println!(
            "{}: {members} members in {countries} countries",
            milestone.date
        );
        assert_within_five_percent(members, milestone.members as f64, "members");
        assert_within_five_percent(countries, milestone.countries as f64, "countries");
    }
}

#[test]
fn the_growth_scales_with_the_number_of_members() {
    let network = DemoNetwork::new(10 * DEFAULT_MEMBERS, 2);
    let measured = measured_milestones(&network);
    for (milestone, (members, countries)) in PUBLISHED_MILESTONES.iter().zip(measured) {
        assert_within_five_percent(members, 10.0 * milestone.members as f64, "members");
        assert_within_five_percent(countries, milestone.countries as f64, "countries");
    }
}

#[test]
fn a_small_network_reaches_fewer_countries() {
    let network = DemoNetwork::new(100, 3);
    let countries: HashSet<_> = network.members().map(|member| member.country).collect();
    assert!((5..=40).contains(&countries.len()), "{}", countries.len());
}

#[test]
fn every_member_and_organisation_is_valid() {
    for (size, seed) in [(0, 1), (1, 2), (12, 3), (DEFAULT_MEMBERS, 4), (20_000, 5)] {
        let network = DemoNetwork::new(size, seed);
        for organization in &network.organizations {
            assert!(
                OrganizationName::parse(&organization.name).is_ok(),
                "{}",
                organization.name
            );
            assert!(is_inhabited(organization.country.country()));
            if let Some(website) = &organization.website {
                assert!(website.starts_with("https://example.org/"), "{website}");
            }
        }
        let mut emails = HashSet::new();
        let mut first_join = HashMap::new();
        let mut previous = LAUNCH;
        let mut count = 0;
        for member in network.members() {
            count += 1;
            assert!(
                FullName::parse(&member.full_name).is_ok(),
                "{}",
                member.full_name
            );
            let email = MemberEmail::parse(&member.email).expect("a valid address");
            assert_eq!(email.as_str(), member.email);
            assert!(
                emails.insert(member.email.clone()),
                "{} twice",
                member.email
            );
            assert!(is_inhabited(member.country.country()));
            assert!((1..=3).contains(&member.sectors.len()));
            assert!(
                member.sectors.windows(2).all(|pair| pair[0] < pair[1]),
                "{:?}",
                member.sectors
            );
            if let Some(index) = member.organization {
                assert_eq!(network.organizations[index].country, member.country);
            }
            assert!(member.bio.is_none() || member.listed);
            assert!(
                member
                    .bio
                    .as_ref()
                    .is_none_or(|bio| bio.chars().count() <= 500)
            );
            assert!(member.joined_at >= previous && member.joined_at < end_of(AS_OF));
            previous = member.joined_at;
            first_join.entry(member.country).or_insert(member.joined_at);
        }
        assert_eq!(count, network.len());
        for entered in &network.countries {
            if let Some(first) = first_join.get(&entered.code) {
                assert!(*first >= LAUNCH + Duration::seconds(entered.entry_second as i64));
            }
        }
    }
}

#[test]
fn the_profile_mix_is_about_as_described() {
    let network = DemoNetwork::new(DEFAULT_MEMBERS, 6);
    let members: Vec<_> = network.members().collect();
    let share = |test: fn(&DemoMember) -> bool| {
        members.iter().filter(|m| test(m)).count() as f64 / members.len() as f64
    };
    assert!((0.82..0.88).contains(&share(|m| m.organization.is_some())));
    assert!((0.37..0.43).contains(&share(|m| m.listed)));
    assert!((0.17..0.23).contains(&share(|m| m.bio.is_some())));
    let from = |kind| {
        members.iter().filter(|m| m.source.kind() == kind).count() as f64 / members.len() as f64
    };
    assert!((0.74..0.82).contains(&from(SourceKind::Direct)));
    assert!((0.09..0.15).contains(&from(SourceKind::Week)));
    assert!((0.03..0.07).contains(&from(SourceKind::Event)));
    assert!((0.03..0.07).contains(&from(SourceKind::Campaign)));
    // A week source names the year the member joined; every source reads back.
    for member in &members {
        if member.source.kind() == SourceKind::Week {
            assert_eq!(
                member.source.as_param(),
                format!("week:{}", member.joined_at.year())
            );
        }
        assert_eq!(JoinSource::parse(&member.source.as_param()), member.source);
    }
}

#[test]
fn organisation_names_are_unique_after_normalisation() {
    for (size, seed) in [(DEFAULT_MEMBERS, 1), (200_000, 9)] {
        let network = DemoNetwork::new(size, seed);
        let mut seen = HashSet::new();
        for organization in &network.organizations {
            let normalized = organization::normalize(&organization.name);
            assert!(seen.insert(normalized), "{} twice", organization.name);
        }
    }
}

/// Every member and organisation of a network, one line each, hashed: a change
/// anywhere in the output changes the digest.
fn fingerprint(network: &DemoNetwork) -> String {
    let mut text = String::new();
    for member in network.members() {
        let sectors: Vec<&str> = member.sectors.iter().map(|s| s.code()).collect();
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:?}\t{}\t{:?}",
            member.full_name,
            member.email,
            member.country,
            member.joined_at.unix_timestamp(),
            member.category.code(),
            sectors.join(","),
            member.job_title,
            member.organization,
            member.listed,
            member.bio,
        );
    }
    for organization in &network.organizations {
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{:?}",
            organization.name,
            organization.kind.code(),
            organization.country,
            organization.website,
        );
    }
    hex(&text)
}

fn hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Pinned when the word lists moved out of the code into `seed/demo/`: the generated
/// network must not change with the code's shape.
#[test]
fn a_seed_generates_the_same_network_as_before() {
    assert_eq!(
        fingerprint(&DemoNetwork::new(DEFAULT_MEMBERS, 1)),
        "41baaf877ea97e8fe1cfb991a1916bc1b0018e14d7f90c74bc7cb180349c480b"
    );
    assert_eq!(
        fingerprint(&DemoNetwork::new(100, 3)),
        "0f67393d8157ede5cab4fdfd90581265bfe73b0fb98f1a28b3891f205d9b84d2"
    );
}

/// Every word list, as the generator reads it, hashed: the networks above do
/// not reach every country, so they do not read every list.
#[test]
fn the_word_lists_read_as_before() {
    let mut text = String::new();
    for country in country::all().iter().filter(|c| is_inhabited(c)) {
        let names = names_for(country);
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}",
            country.alpha2,
            names.family_first,
            names.given.join(","),
            names.family.join(",")
        );
    }
    for &category in WorkforceCategory::ALL {
        for (title, sector) in job_titles(category) {
            let _ = writeln!(text, "{}\t{title}\t{:?}", category.code(), sector);
        }
    }
    for &sector in Sector::ALL {
        let _ = writeln!(text, "{}\t{}", sector.code(), sector_phrase(sector));
    }
    for &kind in OrganizationType::ALL {
        for template in organization_templates(kind) {
            let _ = writeln!(text, "{}\t{template}", kind.code());
        }
    }
    let _ = writeln!(text, "{}", ngo_themes().join(","));
    let _ = writeln!(text, "{}", ngo_forms().join(","));
    let _ = writeln!(text, "{}", branches().join(","));
    assert_eq!(
        hex(&text),
        "93fcdb69471b67a7544f932f7ff942d30c5c6704ed987a886f6d692f3845065e"
    );
}

#[test]
#[ignore = "slow without optimisation; run in release"]
fn a_million_members_generate_quickly() {
    let started = Instant::now();
    let network = DemoNetwork::new(1_000_000, 42);
    let count = network.members().count();
    let elapsed = started.elapsed();
    println!(
        "{count} members and {} organisations in {elapsed:.2?}",
        network.organizations.len()
    );
    assert_eq!(count, 1_000_000);
    assert!(elapsed.as_secs_f64() < 10.0);
}
