//! The social service workforce of a country, as staff enter it, and the ratios
//! derived from it. Figures always travel with their year and source.

/// The number of social service workers a country reports, with year and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkforceFigure {
    pub workers: u64,
    pub year: i32,
    pub source: String,
}

pub const SOURCE_MAX_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkforceError {
    #[error("the number of workers is not a whole number")]
    Workers,
    #[error("the year is not between 1950 and next year")]
    Year,
    #[error("the source is missing")]
    SourceMissing,
    #[error("the source is too long")]
    SourceTooLong,
}

impl WorkforceFigure {
    /// Parses what staff typed; `current_year` bounds the year (figures may be
    /// projections for next year, no further).
    pub fn parse(
        workers: &str,
        year: &str,
        source: &str,
        current_year: i32,
    ) -> Result<Self, Vec<WorkforceError>> {
        let mut errors = Vec::new();
        let workers = workers
            .trim()
            .replace([',', ' ', '\u{a0}', '_'], "")
            .parse::<u64>();
        let year = year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|year| (1950..=current_year + 1).contains(year));
        let source = source.split_whitespace().collect::<Vec<_>>().join(" ");
        if workers.is_err() {
            errors.push(WorkforceError::Workers);
        }
        if year.is_none() {
            errors.push(WorkforceError::Year);
        }
        if source.is_empty() {
            errors.push(WorkforceError::SourceMissing);
        } else if source.chars().count() > SOURCE_MAX_CHARS {
            errors.push(WorkforceError::SourceTooLong);
        }
        match (workers, year) {
            (Ok(workers), Some(year)) if errors.is_empty() => Ok(Self {
                workers,
                year,
                source,
            }),
            _ => Err(errors),
        }
    }

    /// Workers per 100,000 people.
    pub fn per_100k(&self, population: u64) -> Option<f64> {
        (population > 0).then(|| self.workers as f64 * 100_000.0 / population as f64)
    }

    /// "1 worker per N people", N rounded.
    pub fn people_per_worker(&self, population: u64) -> Option<u64> {
        (self.workers > 0).then(|| (population as f64 / self.workers as f64).round() as u64)
    }
}

/// Members of the network per million people.
pub fn members_per_million(members: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| members as f64 * 1_000_000.0 / population as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_derived_from_workers_and_population() {
        let figure = WorkforceFigure {
            workers: 2_500,
            year: 2021,
            source: "Ministry".into(),
        };
        let ratio = figure.per_100k(50_000_000).unwrap();
        assert!((ratio - 5.0).abs() < 1e-9);
        assert_eq!(figure.people_per_worker(50_000_000), Some(20_000));
        assert_eq!(figure.per_100k(0), None);
    }

    #[test]
    fn staff_input_is_parsed_with_thousands_separators() {
        let figure = WorkforceFigure::parse("12,500", "2022", "  Annual  report ", 2026).unwrap();
        assert_eq!(
            figure,
            WorkforceFigure {
                workers: 12_500,
                year: 2022,
                source: "Annual report".into()
            }
        );
    }

    #[test]
    fn bad_input_reports_every_problem() {
        let errors = WorkforceFigure::parse("many", "1900", "", 2026).unwrap_err();
        assert_eq!(
            errors,
            [
                WorkforceError::Workers,
                WorkforceError::Year,
                WorkforceError::SourceMissing
            ]
        );
        assert_eq!(
            WorkforceFigure::parse("1", "2028", "x", 2026).unwrap_err(),
            [WorkforceError::Year]
        );
    }

    #[test]
    fn members_per_million_people() {
        assert_eq!(members_per_million(50, 5_000_000), Some(10.0));
        assert_eq!(members_per_million(5, 0), None);
    }
}
