//! Countries: a country's profile — its public figures and rank, its members by
//! category and sector, the social service workforce staff entered and the ratios
//! derived from it, its growth, the members listed in the directory and the
//! published workforce plans — the figures the API gives for it, and staff's
//! workforce edits.

use membernet_domain::{
    CountryCode, MemberId,
    disclosure::{Shown, Threshold},
    profile::{Sector, WorkforceCategory},
    public_figures::CountryStanding,
    workforce::{WorkforceFigure, members_per_million},
};
use membernet_persistence::{
    countries,
    directory::{self, DirectoryEntry, DirectoryQuery},
    rollup,
    scenarios::{self, Scenario},
};
use time::OffsetDateTime;

use super::{Result, Services, public_figures};

/// A country's figures, as its profile and the API give them.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub standing: CountryStanding,
    /// Members who chose to be listed in the directory.
    pub listed: u64,
    /// Members by category and by sector, small counts withheld (a public figure:
    /// see `membernet_domain::disclosure`); none while the country has fewer members
    /// than the threshold.
    pub categories: Vec<(WorkforceCategory, Shown)>,
    pub sectors: Vec<(Sector, Shown)>,
    /// The public threshold the breakdowns were cut at.
    pub threshold: Threshold,
    /// Members per million people; `None` without a population figure.
    pub per_million: Option<f64>,
    pub workforce: Option<WorkforceFigure>,
    /// Workers per 100,000 people.
    pub workforce_per_100k: Option<f64>,
    /// One worker per this many people.
    pub people_per_worker: Option<u64>,
}

pub async fn figures(services: &Services, country: CountryCode) -> Result<Figures> {
    let db = &services.db;
    let standing = public_figures::country(services, country).await?;
    let population = country.country().population.unwrap_or(0);
    let workforce = countries::workforce(db, country).await?;
    let threshold = services.config.public_min_count;
    let members = standing.figures.members;
    Ok(Figures {
        per_million: members_per_million(standing.figures.members, population),
        workforce_per_100k: workforce
            .as_ref()
            .and_then(|figure| figure.per_100k(population)),
        people_per_worker: workforce
            .as_ref()
            .and_then(|figure| figure.people_per_worker(population)),
        standing,
        listed: countries::listed_count(db, country).await?,
        categories: shown(
            threshold,
            members,
            countries::category_counts(db, country).await?,
        ),
        sectors: shown(
            threshold,
            members,
            countries::sector_counts(db, country).await?,
        ),
        threshold,
        workforce,
    })
}

/// Counts as the public sees them.
fn shown<K>(threshold: Threshold, members: u64, counts: Vec<(K, u64)>) -> Vec<(K, Shown)> {
    if !threshold.shows_breakdowns(members) {
        return Vec::new();
    }
    counts
        .into_iter()
        .map(|(key, count)| (key, threshold.cell(count)))
        .collect()
}

/// What a country's profile page shows.
#[derive(Debug, Clone)]
pub struct Profile {
    pub figures: Figures,
    /// Members at the end of each month that changed them, oldest first.
    pub month_ends: Vec<(i32, i64)>,
    /// Members of the country listed in the directory (its first page).
    pub listed_members: Vec<DirectoryEntry>,
    pub scenarios: Vec<Scenario>,
}

pub async fn profile(services: &Services, country: CountryCode) -> Result<Profile> {
    let query = DirectoryQuery {
        countries: vec![country],
        ..DirectoryQuery::default()
    };
    let (listed_members, _) = directory::search(&services.db, &query).await?;
    Ok(Profile {
        figures: figures(services, country).await?,
        month_ends: rollup::month_ends(&services.db, country.as_str()).await?,
        listed_members,
        scenarios: published_scenarios(services, country).await?,
    })
}

/// The country's published planner scenarios, newest first.
pub async fn published_scenarios(
    services: &Services,
    country: CountryCode,
) -> Result<Vec<Scenario>> {
    Ok(scenarios::for_country(&services.db, country, false).await?)
}

/// The workforce figure staff last entered, if any.
pub async fn workforce(
    services: &Services,
    country: CountryCode,
) -> Result<Option<WorkforceFigure>> {
    Ok(countries::workforce(&services.db, country).await?)
}

/// Replaces the country's workforce figure.
pub async fn save_workforce(
    services: &Services,
    country: CountryCode,
    figure: &WorkforceFigure,
    by: MemberId,
) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    Ok(countries::set_workforce(&services.db, country, figure, by, now).await?)
}
