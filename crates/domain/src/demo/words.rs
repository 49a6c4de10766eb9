//! The demo's word lists, read once from the files in `seed/demo/` (what they hold and
//! how to change them is in its README), which are compiled into the binary.
//!
//! The files are part of the source: a line that does not read is a bug in them, found
//! by the tests below, never a condition to handle at run time. Reading one panics
//! with its file and line.

use std::{collections::HashMap, sync::LazyLock};

use crate::{
    country::Country,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
};

const NAME_GROUPS_FILE: &str = include_str!("../../../../seed/demo/name-groups.tsv");
const NAMES_FILE: &str = include_str!("../../../../seed/demo/names.tsv");
const JOB_TITLES_FILE: &str = include_str!("../../../../seed/demo/job-titles.tsv");
const SECTOR_PHRASES_FILE: &str = include_str!("../../../../seed/demo/sector-phrases.tsv");
const ORGANIZATIONS_FILE: &str = include_str!("../../../../seed/demo/organisations.tsv");
const NGO_NAMES_FILE: &str = include_str!("../../../../seed/demo/ngo-names.tsv");
const BRANCHES_FILE: &str = include_str!("../../../../seed/demo/branches.txt");

/// Written where a field has no value.
const NONE: &str = "-";

/// The given and family names of one naming tradition.
pub(super) struct Names {
    pub(super) given: Vec<&'static str>,
    pub(super) family: Vec<&'static str>,
    /// Shown family name first, as at home.
    pub(super) family_first: bool,
}

/// The names of the tradition of a country's members.
pub(super) fn names_for(country: &Country) -> &'static Names {
    let traditions = &*NAME_GROUPS;
    let group = traditions
        .by_country
        .get(country.alpha2)
        .or_else(|| traditions.by_sub_region.get(country.sub_region))
        .copied()
        .unwrap_or(traditions.elsewhere);
    &traditions.groups[group]
}

/// A job title and the sector it implies, if any.
pub(super) type JobTitle = (&'static str, Option<Sector>);

/// Titles people in a category give themselves, with the sector a title implies.
pub(super) fn job_titles(category: WorkforceCategory) -> &'static [JobTitle] {
    &JOB_TITLES[category as usize]
}

/// How a bio names a sector.
pub(super) fn sector_phrase(sector: Sector) -> &'static str {
    SECTOR_PHRASES[sector as usize]
}

/// Names of organisations of a kind; `{country}` is the country's name, `{the
/// country}` the same with an article where English needs one ("the Philippines").
pub(super) fn organization_templates(kind: OrganizationType) -> &'static [&'static str] {
    &ORGANIZATION_TEMPLATES[kind as usize]
}

/// NGO and civil-society names beyond the templates are a theme and a form.
pub(super) fn ngo_themes() -> &'static [&'static str] {
    &NGO_NAMES.themes
}

pub(super) fn ngo_forms() -> &'static [&'static str] {
    &NGO_NAMES.forms
}

/// Offices of one organisation in different parts of a country, when names run out.
pub(super) fn branches() -> &'static [&'static str] {
    &BRANCHES
}

/// The lines of a file that hold data (not blank, not a `#` comment), each with its
/// line number and its `columns` tab-separated fields.
fn rows(
    file: &'static str,
    text: &'static str,
    columns: usize,
) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(move |(number, line)| {
            let fields: Vec<&'static str> = line.split('\t').map(str::trim).collect();
            if fields.len() != columns || fields.iter().any(|field| field.is_empty()) {
                unreadable(
                    file,
                    number,
                    &format!("{columns} non-empty fields expected"),
                );
            }
            (number, fields)
        })
}

fn unreadable(file: &str, line: usize, why: &str) -> ! {
    panic!("seed/demo/{file}, line {line}: {why}")
}

/// An empty list for each of `count` values of a code list, indexed like its `ALL`.
fn lists<T>(count: usize) -> Vec<Vec<T>> {
    (0..count).map(|_| Vec::new()).collect()
}

struct NameGroups {
    groups: Vec<Names>,
    by_country: HashMap<&'static str, usize>,
    by_sub_region: HashMap<&'static str, usize>,
    /// The group of countries no other group claims.
    elsewhere: usize,
}

static NAME_GROUPS: LazyLock<NameGroups> = LazyLock::new(|| {
    const FILE: &str = "name-groups.tsv";
    let mut groups = Vec::new();
    let mut index = HashMap::new();
    let mut by_country = HashMap::new();
    let mut by_sub_region = HashMap::new();
    let mut elsewhere = None;
    for (line, fields) in rows(FILE, NAME_GROUPS_FILE, 4) {
        let (name, order, countries, sub_regions) = (fields[0], fields[1], fields[2], fields[3]);
        let group = groups.len();
        if index.insert(name, group).is_some() {
            unreadable(FILE, line, &format!("the group {name} twice"));
        }
        let family_first = match order {
            "given-family" => false,
            "family-given" => true,
            _ => unreadable(FILE, line, &format!("unknown order {order}")),
        };
        groups.push(Names {
            given: Vec::new(),
            family: Vec::new(),
            family_first,
        });
        for code in countries.split_whitespace().filter(|code| *code != NONE) {
            if by_country.insert(code, group).is_some() {
                unreadable(FILE, line, &format!("{code} is in two groups"));
            }
        }
        match sub_regions {
            NONE => {}
            "*" if elsewhere.is_none() => elsewhere = Some(group),
            "*" => unreadable(FILE, line, "a second group for everywhere else"),
            _ => {
                for sub_region in sub_regions.split(',').map(str::trim) {
                    if by_sub_region.insert(sub_region, group).is_some() {
                        unreadable(FILE, line, &format!("{sub_region} is in two groups"));
                    }
                }
            }
        }
    }
    let Some(elsewhere) = elsewhere else {
        panic!("seed/demo/{FILE}: no group for everywhere else (sub-regions \"*\")");
    };
    for (line, fields) in rows("names.tsv", NAMES_FILE, 3) {
        let (group, part, name) = (fields[0], fields[1], fields[2]);
        let Some(&group) = index.get(group) else {
            unreadable("names.tsv", line, &format!("no group {group} in {FILE}"));
        };
        match part {
            "given" => groups[group].given.push(name),
            "family" => groups[group].family.push(name),
            _ => unreadable("names.tsv", line, &format!("unknown part {part}")),
        }
    }
    NameGroups {
        groups,
        by_country,
        by_sub_region,
        elsewhere,
    }
});

static JOB_TITLES: LazyLock<Vec<Vec<JobTitle>>> = LazyLock::new(|| {
    const FILE: &str = "job-titles.tsv";
    let mut titles = lists(WorkforceCategory::ALL.len());
    for (line, fields) in rows(FILE, JOB_TITLES_FILE, 3) {
        let Some(category) = WorkforceCategory::parse(fields[0]) else {
            unreadable(FILE, line, &format!("unknown category {}", fields[0]));
        };
        let sector = match fields[1] {
            NONE => None,
            code => match Sector::parse(code) {
                Some(sector) => Some(sector),
                None => unreadable(FILE, line, &format!("unknown sector {code}")),
            },
        };
        titles[category as usize].push((fields[2], sector));
    }
    titles
});

static SECTOR_PHRASES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    const FILE: &str = "sector-phrases.tsv";
    let mut phrases = lists(Sector::ALL.len());
    for (line, fields) in rows(FILE, SECTOR_PHRASES_FILE, 2) {
        let Some(sector) = Sector::parse(fields[0]) else {
            unreadable(FILE, line, &format!("unknown sector {}", fields[0]));
        };
        phrases[sector as usize].push(fields[1]);
    }
    Sector::ALL
        .iter()
        .map(|&sector| match phrases[sector as usize].as_slice() {
            [phrase] => *phrase,
            _ => panic!("seed/demo/{FILE}: not one phrase for {}", sector.code()),
        })
        .collect()
});

static ORGANIZATION_TEMPLATES: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    const FILE: &str = "organisations.tsv";
    let mut templates = lists(OrganizationType::ALL.len());
    for (line, fields) in rows(FILE, ORGANIZATIONS_FILE, 2) {
        let Some(kind) = OrganizationType::parse(fields[0]) else {
            unreadable(
                FILE,
                line,
                &format!("unknown organisation type {}", fields[0]),
            );
        };
        templates[kind as usize].push(fields[1]);
    }
    templates
});

struct NgoNames {
    themes: Vec<&'static str>,
    forms: Vec<&'static str>,
}

static NGO_NAMES: LazyLock<NgoNames> = LazyLock::new(|| {
    const FILE: &str = "ngo-names.tsv";
    let mut names = NgoNames {
        themes: Vec::new(),
        forms: Vec::new(),
    };
    for (line, fields) in rows(FILE, NGO_NAMES_FILE, 2) {
        match fields[0] {
            "theme" => names.themes.push(fields[1]),
            "form" => names.forms.push(fields[1]),
            part => unreadable(FILE, line, &format!("unknown part {part}")),
        }
    }
    names
});

static BRANCHES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    rows("branches.txt", BRANCHES_FILE, 1)
        .map(|(_, fields)| fields[0])
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CountryCode, country};

    #[test]
    fn every_list_reads_and_none_is_empty() {
        for group in &NAME_GROUPS.groups {
            assert!(!group.given.is_empty() && !group.family.is_empty());
        }
        for &category in WorkforceCategory::ALL {
            assert!(!job_titles(category).is_empty(), "{category}");
        }
        for &sector in Sector::ALL {
            assert!(!sector_phrase(sector).is_empty(), "{sector}");
        }
        for &kind in OrganizationType::ALL {
            assert!(!organization_templates(kind).is_empty(), "{kind}");
        }
        assert!(!ngo_themes().is_empty() && !ngo_forms().is_empty());
        assert!(!branches().is_empty());
    }

    #[test]
    fn name_groups_name_real_countries_and_sub_regions() {
        for code in NAME_GROUPS.by_country.keys() {
            assert!(CountryCode::parse(code).is_ok(), "{code}");
        }
        for sub_region in NAME_GROUPS.by_sub_region.keys() {
            assert!(
                country::all()
                    .iter()
                    .any(|country| country.sub_region == *sub_region),
                "{sub_region}"
            );
        }
    }
}
