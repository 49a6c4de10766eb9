//! The figures a plan is made from: as typed on the form ([`RawPlanInputs`], which
//! is also the planner's query string, field for field) and as parsed
//! ([`PlanInputs`], every value within bounds; see `parse`).

use serde::{Deserialize, Serialize};

use super::Money;

/// Which workers the ratio counts: social workers only, or the wider social service
/// workforce (para-professionals, community workers and others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    SocialWorkers,
    WiderWorkforce,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::SocialWorkers, Scope::WiderWorkforce];

    pub fn code(self) -> &'static str {
        match self {
            Scope::SocialWorkers => "social_workers",
            Scope::WiderWorkforce => "wider_workforce",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|scope| scope.code() == code.trim())
    }
}

/// The part of the population a ratio is for, e.g. "Children", 14,000,000.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroup {
    pub label: String,
    pub size: u64,
}

/// A planner's figures, parsed and within bounds (see [`RawPlanInputs::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInputs {
    pub population: u64,
    /// When set, ratios are per this group instead of the whole population (and it
    /// grows at the same rate).
    pub target_group: Option<TargetGroup>,
    pub scope: Scope,
    pub current_workers: u64,
    /// 10 per 100,000 is `1_000`.
    pub target_per_100k_hundredths: u64,
    /// 1..=30.
    pub years: u32,
    /// Basis points a year: 5% is `500`; below `10_000`.
    pub attrition_bp: u32,
    /// Basis points a year, may be negative; strictly between −5,000 and 5,000 once parsed.
    pub population_growth_bp: i32,
    /// Average annual salary per worker.
    pub salary: Money,
    /// On-costs (social contributions and the like) as basis points of salary.
    pub on_costs_bp: u32,
    /// Workers per supervisor, at least 1.
    pub supervision_span: u32,
    /// Annual; on-costs apply too.
    pub supervisor_salary: Money,
    /// One-off per new hire.
    pub recruitment: Money,
    /// One-off per new hire.
    pub initial_training: Money,
    /// One-off per new hire.
    pub equipment: Money,
    /// Recurring per worker per year.
    pub in_service_training: Money,
    /// Recurring per worker per year.
    pub transport: Money,
    /// Recurring per worker per year.
    pub operating: Money,
    /// Three upper-case letters, e.g. "KES", "USD".
    pub currency: String,
    pub price_year: i32,
}

/// Every field as typed on the form. Its field names are the form's and the query
/// string's (`?population=…&target=…`): deserialised from a planner address and
/// serialised, in this order, for links and saved scenarios. A field missing from a
/// query string is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawPlanInputs {
    pub population: String,
    pub target_group_label: String,
    pub target_group_size: String,
    /// A [`Scope::code`].
    pub scope: String,
    pub current_workers: String,
    /// Per 100,000 ("10", "12.5"), or one worker per N people ("1:10000",
    /// "1 per 10000", "1/10000").
    pub target: String,
    pub years: String,
    pub attrition: String,
    pub population_growth: String,
    pub salary: String,
    pub on_costs: String,
    pub supervision_span: String,
    pub supervisor_salary: String,
    pub recruitment: String,
    pub initial_training: String,
    pub equipment: String,
    pub in_service_training: String,
    pub transport: String,
    pub operating: String,
    pub currency: String,
    pub price_year: String,
}

impl PlanInputs {
    /// The form as it would be typed; `to_raw(x).parse(..) == Ok(x)` for anything
    /// `parse` produced. The target is written per 100,000.
    pub fn to_raw(&self) -> RawPlanInputs {
        let (target_group_label, target_group_size) = match &self.target_group {
            Some(group) => (group.label.clone(), group.size.to_string()),
            None => (String::new(), String::new()),
        };
        RawPlanInputs {
            population: self.population.to_string(),
            target_group_label,
            target_group_size,
            scope: self.scope.code().to_owned(),
            current_workers: self.current_workers.to_string(),
            target: hundredths(i128::from(self.target_per_100k_hundredths)),
            years: self.years.to_string(),
            attrition: hundredths(i128::from(self.attrition_bp)),
            population_growth: hundredths(i128::from(self.population_growth_bp)),
            salary: self.salary.plain(),
            on_costs: hundredths(i128::from(self.on_costs_bp)),
            supervision_span: self.supervision_span.to_string(),
            supervisor_salary: self.supervisor_salary.plain(),
            recruitment: self.recruitment.plain(),
            initial_training: self.initial_training.plain(),
            equipment: self.equipment.plain(),
            in_service_training: self.in_service_training.plain(),
            transport: self.transport.plain(),
            operating: self.operating.plain(),
            currency: self.currency.clone(),
            price_year: self.price_year.to_string(),
        }
    }
}

/// `1050` → "10.5", `1000` → "10", `-125` → "-1.25".
pub(super) fn hundredths(value: i128) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.unsigned_abs() / 100, value.unsigned_abs() % 100);
    match fraction {
        0 => format!("{sign}{whole}"),
        _ if fraction % 10 == 0 => format!("{sign}{whole}.{}", fraction / 10),
        _ => format!("{sign}{whole}.{fraction:02}"),
    }
}
