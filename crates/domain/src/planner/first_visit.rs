//! What the planner shows on a first visit from a country's page: the country's own
//! figures where it has them, and stated defaults for the rest, so that the first
//! thing a reader sees is a plan rather than an empty form. Costs are left empty: a
//! plan without them is a headcount plan ([`PlanInputs::has_costs`]).

use super::{PlanInputs, RawPlanInputs, Scope};

/// A minimum ratio to start from, workers per 100,000 people. The guidance leaves
/// each country to set its own; this is the form's own example, stated on the page.
pub const DEFAULT_TARGET_PER_100K: u32 = 10;
/// Amounts are entered in this currency until the reader chooses another.
pub const DEFAULT_CURRENCY: &str = "USD";
/// Workers per supervisor: the span supervision guidance commonly recommends for
/// case-carrying social workers.
pub const DEFAULT_SUPERVISION_SPAN: u32 = 10;
/// The planning horizon a ministry usually works to.
pub const DEFAULT_YEARS: u32 = 5;

/// A field a first visit filled with a default rather than the country's figure; the
/// page says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assumed {
    Target,
    Currency,
    SupervisionSpan,
    /// No workforce figure is known for the country: the plan starts from none.
    NoWorkers,
}

/// The form of a first visit, and what in it is a default.
pub fn first_visit(
    population: Option<u64>,
    current_workers: Option<u64>,
    year: i32,
) -> (RawPlanInputs, Vec<Assumed>) {
    let mut assumed = vec![Assumed::Target, Assumed::Currency, Assumed::SupervisionSpan];
    if current_workers.is_none() {
        assumed.push(Assumed::NoWorkers);
    }
    let form = RawPlanInputs {
        population: population
            .map(|people| people.to_string())
            .unwrap_or_default(),
        scope: Scope::SocialWorkers.code().to_owned(),
        current_workers: current_workers.unwrap_or(0).to_string(),
        target: DEFAULT_TARGET_PER_100K.to_string(),
        years: DEFAULT_YEARS.to_string(),
        supervision_span: DEFAULT_SUPERVISION_SPAN.to_string(),
        currency: DEFAULT_CURRENCY.to_owned(),
        price_year: year.to_string(),
        ..RawPlanInputs::default()
    };
    (form, assumed)
}

impl PlanInputs {
    /// Whether any salary or cost was given: without them the plan is a headcount
    /// plan, and its costs (all zero) mean nothing.
    pub fn has_costs(&self) -> bool {
        [
            self.salary,
            self.supervisor_salary,
            self.recruitment,
            self.initial_training,
            self.equipment,
            self.in_service_training,
            self.transport,
            self.operating,
        ]
        .iter()
        .any(|amount| amount.0 != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::plan;

    #[test]
    fn a_first_visit_makes_a_headcount_plan() {
        let (form, assumed) = first_visit(Some(54_027_487), None, 2026);
        assert_eq!(assumed.last(), Some(&Assumed::NoWorkers));
        let inputs = form.parse(2026).expect("a first visit parses");
        assert!(!inputs.has_costs());
        let plan = plan(&inputs);
        // 10 per 100,000 of 54,027,487 people, rounded up.
        assert_eq!(plan.required, 5_403);
        assert_eq!(plan.gap, 5_403);
        assert_eq!(plan.total_cost.0, 0);
    }

    #[test]
    fn a_known_workforce_is_not_assumed() {
        let (form, assumed) = first_visit(Some(1_000_000), Some(40), 2026);
        assert!(!assumed.contains(&Assumed::NoWorkers));
        assert_eq!(form.current_workers, "40");
        let mut inputs = form.parse(2026).unwrap();
        assert_eq!(plan(&inputs).gap, 60);
        inputs.transport.0 = 1;
        assert!(inputs.has_costs());
    }

    #[test]
    fn no_population_leaves_the_field_to_fill() {
        let (form, _) = first_visit(None, None, 2026);
        assert!(form.population.is_empty());
        assert!(form.parse(2026).is_err());
    }
}
