//! The statistics query string — an area (the network, a region or a country), a
//! segment (everyone, or one category, sector or organisation type; for staff, also
//! where members joined from), a period of months and an interval — read the same
//! way by the JSON API and the staff dashboard into a [`Selection`], with every problem reported against its
//! parameter: a code and a sentence for API clients, a catalogue key for people.

use membernet_domain::{
    CountryCode,
    join_source::SourceKind,
    organization::OrganizationType,
    profile::{Sector, WorkforceCategory},
    statistics::{Area, Segment},
    statistics::{Interval, Month, PeriodError, check_period},
};
use serde::Deserialize;

use crate::services::statistics::Selection;

/// The query string as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// An ISO 3166-1 alpha-2 code, any case, like `KE`; not with `region`.
    #[param(example = "KE")]
    pub country: Option<String>,
    /// A UN M49 region, sub-region or intermediate region slug, like `africa`,
    /// `sub-saharan-africa` or `eastern-africa`; not with `country`. Neither is the
    /// whole network.
    #[param(example = "eastern-africa")]
    pub region: Option<String>,
    #[param(schema_with = StatsQuery::category_schema)]
    pub category: Option<String>,
    #[param(schema_with = StatsQuery::sector_schema)]
    pub sector: Option<String>,
    #[param(schema_with = StatsQuery::organization_type_schema)]
    pub organization_type: Option<String>,
    /// The first month, like `2019-01`; by default eleven months before `to`, so
    /// the period is the last twelve months.
    #[param(pattern = r"^\d{4}-\d{2}$", example = "2019-01")]
    pub from: Option<String>,
    /// The last month, like `2024-12`; by default this month.
    #[param(pattern = r"^\d{4}-\d{2}$", example = "2024-12")]
    pub to: Option<String>,
    #[param(schema_with = StatsQuery::interval_schema)]
    pub interval: Option<String>,
    /// Staff only: the members who joined from one kind of link (`direct`, `week`,
    /// `event`, `campaign`). The API never reads it; the dashboard sets it.
    #[serde(skip)]
    #[param(ignore)]
    pub source: Option<String>,
}

/// What is wrong with a query: the parameter, a machine-readable code, a sentence
/// for API clients and the catalogue key of the message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub error: &'static str,
    pub detail: &'static str,
    pub message: &'static str,
}

const fn problem(
    field: &'static str,
    error: &'static str,
    detail: &'static str,
    message: &'static str,
) -> Problem {
    Problem {
        field,
        error,
        detail,
        message,
    }
}

fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

impl StatsQuery {
    /// Reads the query, `now` being the current month; every problem is reported,
    /// not just the first.
    pub fn parse(&self, now: Month) -> Result<Selection, Vec<Problem>> {
        let mut problems = Vec::new();
        let area = match (given(&self.country), given(&self.region)) {
            (Some(_), Some(_)) => {
                problems.push(problem(
                    "region",
                    "bad_selection",
                    "give a country or a region, not both",
                    "statistics.error.country_and_region",
                ));
                Area::World
            }
            (Some(code), None) => match CountryCode::parse(code) {
                Ok(code) => Area::Country(code),
                Err(_) => {
                    problems.push(problem(
                        "country",
                        "unknown_country",
                        "country must be an ISO 3166-1 alpha-2 code, like KE",
                        "statistics.error.country",
                    ));
                    Area::World
                }
            },
            (None, Some(slug)) => Area::from_slug(slug).unwrap_or_else(|| {
                problems.push(problem(
                    "region",
                    "unknown_region",
                    "region must be a UN M49 region, sub-region or intermediate region slug, \
                     like africa, sub-saharan-africa or eastern-africa",
                    "statistics.error.region",
                ));
                Area::World
            }),
            (None, None) => Area::World,
        };
        let segments = [
            given(&self.category).map(|code| {
                WorkforceCategory::parse(code)
                    .map(Segment::Category)
                    .ok_or(problem(
                        "category",
                        "unknown_category",
                        "category must be one of the network's workforce categories",
                        "statistics.error.category",
                    ))
            }),
            given(&self.sector).map(|code| {
                Sector::parse(code).map(Segment::Sector).ok_or(problem(
                    "sector",
                    "unknown_sector",
                    "sector must be one of the network's sectors",
                    "statistics.error.sector",
                ))
            }),
            given(&self.organization_type).map(|code| {
                OrganizationType::parse(code)
                    .map(Segment::OrganizationType)
                    .ok_or(problem(
                        "organization_type",
                        "unknown_organization_type",
                        "organization_type must be one of the network's organisation types",
                        "statistics.error.organization_type",
                    ))
            }),
            given(&self.source).map(|code| {
                SourceKind::parse(code).map(Segment::Source).ok_or(problem(
                    "source",
                    "unknown_source",
                    "source must be direct, week, event or campaign",
                    "join_source.error.unknown",
                ))
            }),
        ];
        let mut chosen = Vec::new();
        for segment in segments.into_iter().flatten() {
            match segment {
                Ok(segment) => chosen.push(segment),
                Err(found) => problems.push(found),
            }
        }
        if chosen.len() > 1 {
            let found = match chosen[1] {
                Segment::Sector(_) => problem(
                    "sector",
                    "bad_segment",
                    "give at most one of category, sector and organization_type",
                    "statistics.error.one_segment",
                ),
                Segment::Source(_) => problem(
                    "source",
                    "bad_segment",
                    "give at most one of category, sector, organization_type and source",
                    "join_source.error.one_segment",
                ),
                _ => problem(
                    "organization_type",
                    "bad_segment",
                    "give at most one of category, sector and organization_type",
                    "statistics.error.one_segment",
                ),
            };
            problems.push(found);
        }
        let segment = chosen.first().copied().unwrap_or(Segment::Everyone);
        let interval = match given(&self.interval) {
            None => Interval::Month,
            Some(raw) => Interval::parse(raw).unwrap_or_else(|| {
                problems.push(problem(
                    "interval",
                    "unknown_interval",
                    "interval must be week, month, quarter or year",
                    "statistics.error.interval",
                ));
                Interval::Month
            }),
        };
        let month = |raw: &Option<String>, field: &'static str| match given(raw) {
            None => Ok(None),
            Some(text) => Month::parse(text).map(Some).ok_or(problem(
                field,
                "bad_month",
                if field == "from" {
                    "from must be a month like 2019-01"
                } else {
                    "to must be a month like 2024-12"
                },
                "statistics.error.month",
            )),
        };
        let from = month(&self.from, "from").unwrap_or_else(|found| {
            problems.push(found);
            None
        });
        let to = month(&self.to, "to").unwrap_or_else(|found| {
            problems.push(found);
            None
        });
        let to = to.map_or(now, |to| to.min(now));
        if let Some(from) = from {
            match check_period(from, to, interval) {
                Ok(()) => {}
                Err(PeriodError::FromAfterTo) => problems.push(problem(
                    "from",
                    "bad_period",
                    "from must not be after to",
                    "statistics.error.from_after_to",
                )),
                Err(PeriodError::TooLong) => problems.push(problem(
                    "from",
                    "bad_period",
                    "a period may span at most 200 years",
                    "statistics.error.too_long",
                )),
                Err(PeriodError::TooManyWeeks) => problems.push(problem(
                    "interval",
                    "bad_period",
                    "a weekly series may span at most 10 years",
                    "statistics.error.too_many_weeks",
                )),
            }
        }
        if problems.is_empty() {
            Ok(Selection {
                area,
                segment,
                from,
                to,
                interval,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Month = Month(202611);

    fn query(pairs: &[(&str, &str)]) -> StatsQuery {
        let text = serde_urlencoded::to_string(pairs).unwrap();
        serde_urlencoded::from_str(&text).unwrap()
    }

    #[test]
    fn an_empty_query_is_the_whole_network_by_month() {
        let selection = query(&[]).parse(NOW).unwrap();
        assert_eq!(selection.area, Area::World);
        assert_eq!(selection.segment, Segment::Everyone);
        assert_eq!(selection.interval, Interval::Month);
    }

    #[test]
    fn every_problem_is_reported_with_its_parameter() {
        let problems = query(&[
            ("country", "ZZ"),
            ("interval", "fortnight"),
            ("from", "2024-13"),
            ("sector", "astrology"),
        ])
        .parse(NOW)
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["country", "sector", "interval", "from"]);
        let problems = query(&[("from", "2024-05"), ("to", "2024-01")])
            .parse(NOW)
            .unwrap_err();
        assert_eq!(problems[0].error, "bad_period");
        let problems = query(&[("category", "educator"), ("sector", "health")])
            .parse(NOW)
            .unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.error == "bad_segment" && p.field == "sector")
        );
        // A weekly series since 1900 is too long, even with `to` left open; a
        // future `to` is this month.
        let problems = query(&[("from", "1900-01"), ("interval", "week")])
            .parse(NOW)
            .unwrap_err();
        assert_eq!(problems[0].error, "bad_period");
        let selection = query(&[("to", "2999-12")]).parse(NOW).unwrap();
        assert_eq!(selection.to, NOW);
    }

    #[test]
    fn the_source_is_a_segment_for_staff_only() {
        let mut staff = query(&[]);
        staff.source = Some("week".to_owned());
        assert_eq!(
            staff.parse(NOW).unwrap().segment,
            Segment::Source(SourceKind::Week)
        );
        // The API's query string never sets it.
        let api = query(&[("source", "week")]);
        assert_eq!(api.source, None);
        assert_eq!(api.parse(NOW).unwrap().segment, Segment::Everyone);
        staff.source = Some("newspaper".to_owned());
        assert_eq!(staff.parse(NOW).unwrap_err()[0].error, "unknown_source");
        let mut both = query(&[("category", "educator")]);
        both.source = Some("event".to_owned());
        let problems = both.parse(NOW).unwrap_err();
        assert_eq!(
            (problems[0].field, problems[0].error),
            ("source", "bad_segment")
        );
    }

    #[test]
    fn regions_of_every_level_are_found_by_slug() {
        let selection = query(&[("region", "eastern-africa")]).parse(NOW).unwrap();
        assert_eq!(selection.area, Area::SubRegion("eastern-africa".into()));
        let selection = query(&[("country", "ke"), ("interval", "week")])
            .parse(NOW)
            .unwrap();
        assert_eq!(
            selection.area,
            Area::Country(CountryCode::parse("KE").unwrap())
        );
        assert_eq!(selection.interval, Interval::Week);
    }
}
