//! The social service workforce planner: from a country's figures to a costed,
//! year-by-year plan for reaching a minimum number of workers per population.
//!
//! The method follows two working documents of the Global Social Service Workforce
//! Alliance and UNICEF (2022): *Proposed Guidance on Developing Minimum Social Service
//! Workforce Ratios*, which expresses the goal as a minimum number of workers per
//! population (of a whole country, or of a target group such as children), and
//! *Proposed Guidance for Costing the Social Service Workforce*, which keeps the
//! one-off costs of bringing a worker in apart from the recurring costs of keeping
//! them. This module is pure calculation and input parsing; it knows nothing of forms
//! or storage.
//!
//! # Method
//!
//! Ratios are held in hundredths of a worker per 100,000 people (10 per 100,000 is
//! `T = 1_000`), percentages in basis points (5% is `500`), money in cents.
//!
//! 1. **Population.** The ratio is for the whole population, or for the target group
//!    when one is given; either grows by `g` basis points a year. Year 0 is the figure
//!    entered, then
//!    `population_y = round(population_{y-1} × (10,000 + g) / 10,000)`.
//! 2. **Required workforce**, for the final year's population:
//!    `required = ceil(T × population_final / 10,000,000)`, and
//!    `gap = required − current`, or 0 when the country is already there.
//! 3. **Headcount at the end of each year**: a straight-line scale-up that meets the
//!    target exactly in the final year,
//!    `headcount_y = current + ceil((required − current) × y / years)` when
//!    `required > current`, otherwise `current`: the plan never cuts the workforce.
//!    `headcount_0 = current`.
//! 4. **Supervisors**: `supervisors_y = ceil(headcount_y / span)`.
//! 5. **Hiring**: `net_new_y = headcount_y − headcount_{y-1}`; leavers are replaced,
//!    `replacements_y = ceil(headcount_{y-1} × attrition / 10,000)`; and
//!    `hires_y = net_new_y + replacements_y`.
//! 6. **One-off costs** follow each hire:
//!    `one_off_y = hires_y × (recruitment + initial training + equipment)`.
//! 7. **Recurring costs** are counted for a full year on the end-of-year headcount.
//!    With `loaded(x) = round(x × (10,000 + on_costs) / 10,000)`,
//!    `recurring_y = headcount_y × (loaded(salary) + in-service training + transport
//!    + operating) + supervisors_y × loaded(supervisor salary)`.
//! 8. `total_y = one_off_y + recurring_y`; `cumulative_y` is the running sum.
//!    The baseline recurring cost applies step 7 to today's workforce
//!    (`current` workers and `ceil(current / span)` supervisors); the incremental
//!    recurring cost, `recurring_final − baseline`, is what the budget carries every
//!    year once the target is met.
//! 9. **Ratios**: `ratio_y = floor(headcount_y × 10,000,000 / population_y)` in
//!    hundredths per 100,000; people per worker today is `round(population / current)`.
//!
//! # Rounding
//!
//! Workers and supervisors round up: a plan that rounds them down falls short of the
//! minimum. Money rounds half up to the cent, once per unit price (a loaded salary),
//! which is then multiplied by whole counts so every row adds up exactly. Ratios round
//! down to the hundredth, so the plan never claims a ratio it does not reach. A target
//! typed as "1 per N people" rounds up to the hundredth per 100,000 for the same reason.
//!
//! # Precision
//!
//! Only integers: counts in `u64`/`u128`, money summed in `i128` and returned as `i64`
//! cents. [`RawPlanInputs::parse`] bounds every field and refuses a plan whose total
//! does not fit in `i64` cents ([`PlannerError::TooLarge`] on the salary), so [`plan`]
//! is exact for everything `parse` produces; on hand-built inputs beyond those bounds
//! it saturates instead of panicking. Every currency is entered with two decimals.
//!
//! # Where things are
//!
//! `money` holds amounts in cents ([`Money`]); `inputs` the figures a plan is made
//! from, as typed ([`RawPlanInputs`], also the planner's query string) and parsed
//! ([`PlanInputs`]); `parse` turns the one into the other within its bounds;
//! `calculation` follows the method above ([`plan`]); `first_visit` fills a first
//! visit's form from the country's figures and stated defaults; `scenario` names a
//! plan staff keep ([`ScenarioName`]).

mod calculation;
mod first_visit;
mod inputs;
mod money;
mod parse;
mod scenario;
#[cfg(test)]
mod tests;

pub use calculation::{Plan, YearRow, plan};
pub use first_visit::{
    Assumed, DEFAULT_CURRENCY, DEFAULT_SUPERVISION_SPAN, DEFAULT_TARGET_PER_100K, DEFAULT_YEARS,
    first_visit,
};
pub use inputs::{PlanInputs, RawPlanInputs, Scope, TargetGroup};
pub use money::Money;
pub use parse::{
    FIRST_PRICE_YEAR, GROUP_LABEL_MAX_CHARS, MAX_AMOUNT, MAX_ON_COSTS_BP, MAX_POPULATION,
    MAX_SUPERVISION_SPAN, MAX_TARGET_HUNDREDTHS, MAX_WORKERS, MAX_YEARS, PlannerError,
};
pub use scenario::{SCENARIO_NAME_MAX_CHARS, ScenarioName, ScenarioNameError};
