//! What a demo member says about their work: a category, a job title, the sectors
//! they work in and, for some, a short bio.

use std::fmt::Write;

use super::{organizations::with_article, words::sector_phrase};
use crate::{
    country::Country,
    profile::{Sector, WorkforceCategory},
    random::SplitMix64,
};

/// Indexed like `WorkforceCategory::ALL`.
pub(super) const CATEGORY_WEIGHTS: [u32; 8] = [34, 12, 15, 9, 7, 6, 12, 5];
/// Indexed like `Sector::ALL`.
const SECTOR_WEIGHTS: [u32; 10] = [20, 26, 10, 8, 6, 7, 10, 5, 4, 4];
/// One, two or three sectors.
const SECTOR_COUNT_WEIGHTS: [u32; 3] = [45, 35, 20];

/// One to three distinct sectors in their natural order, including the one the job
/// title implies.
pub(super) fn choose_sectors(implied: Option<Sector>, rng: &mut SplitMix64) -> Vec<Sector> {
    let wanted = 1 + rng.weighted(&SECTOR_COUNT_WEIGHTS);
    let mut chosen = implied.map_or(0_u16, |sector| 1 << sector as u16);
    while (chosen.count_ones() as usize) < wanted {
        chosen |= 1 << rng.weighted(&SECTOR_WEIGHTS);
    }
    Sector::ALL
        .iter()
        .copied()
        .filter(|&sector| chosen & (1 << sector as u16) != 0)
        .collect()
}

pub(super) fn write_bio(
    job_title: &str,
    category: WorkforceCategory,
    sectors: &[Sector],
    organization: Option<&str>,
    country: &Country,
    rng: &mut SplitMix64,
) -> String {
    let mut fields = String::new();
    for (i, &sector) in sectors.iter().enumerate() {
        let separator = match (i, sectors.len() - i) {
            (0, _) => "",
            (_, 1) => " and ",
            _ => ", ",
        };
        fields.push_str(separator);
        fields.push_str(sector_phrase(sector));
    }
    let place = with_article(country.name_en);
    let years = 2 + rng.below(24);
    let mut bio = String::with_capacity(160);
    // Writing to a String cannot fail.
    let _ = match (category, organization, rng.below(4)) {
        (WorkforceCategory::Student, _, 0 | 1) => write!(
            bio,
            "Studying social work in {place}. I am most interested in {fields} and hope to work in the field after graduating."
        ),
        (WorkforceCategory::Student, _, _) => {
            write!(
                bio,
                "{job_title} in {place}, learning about {fields} through field placements."
            )
        }
        (_, Some(organization), 0 | 1) => {
            write!(
                bio,
                "{job_title} at {organization}. I work on {fields} in {place}."
            )
        }
        (_, _, 0 | 1) => {
            write!(
                bio,
                "{job_title} in {place} with {years} years of experience in {fields}."
            )
        }
        (_, _, 2) => write!(
            bio,
            "I work on {fields} in {place} and joined the network to learn from colleagues in other countries."
        ),
        _ => write!(
            bio,
            "{job_title}. My focus is {fields}; I am interested in supervision, training and workforce planning."
        ),
    };
    bio
}
