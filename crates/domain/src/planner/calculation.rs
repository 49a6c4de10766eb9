//! The calculation: from parsed inputs to the year-by-year plan (the method is
//! written out in the module doc of `planner`).

use super::{Money, PlanInputs};

/// One year of the plan; counts are at the end of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow {
    /// 1..=years.
    pub year: u32,
    /// Of the group the ratio is for, that year.
    pub population: u64,
    pub headcount: u64,
    /// `ceil(headcount / span)`.
    pub supervisors: u64,
    /// Workers per 100,000 in hundredths, rounded down.
    pub ratio_hundredths: u64,
    /// `headcount − previous headcount`.
    pub net_new: u64,
    /// `ceil(previous headcount × attrition)`.
    pub replacements: u64,
    /// `net_new + replacements`.
    pub hires: u64,
    /// `hires × (recruitment + initial_training + equipment)`.
    pub one_off: Money,
    /// Workers' and supervisors' loaded salaries and per-worker running costs.
    pub recurring: Money,
    pub total: Money,
    pub cumulative: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Of the group the ratio is for, today.
    pub baseline_population: u64,
    pub baseline_ratio_hundredths: u64,
    /// `baseline_population / current`, rounded; `None` when there are no workers.
    pub people_per_worker_now: Option<u64>,
    /// Workers needed in the final year, rounded up.
    pub required: u64,
    /// `required − current`, 0 when already there.
    pub gap: u64,
    pub rows: Vec<YearRow>,
    /// Recurring cost of today's workforce and its supervisors.
    pub baseline_recurring: Money,
    /// Final year's recurring cost − `baseline_recurring`: the lasting yearly cost
    /// once the target is met.
    pub incremental_recurring: Money,
    pub total_one_off: Money,
    pub total_cost: Money,
}

/// Projects the workforce and its costs year by year (method in the module doc).
pub fn plan(inputs: &PlanInputs) -> Plan {
    let projection = project(inputs);
    let mut cumulative: i128 = 0;
    let mut total_one_off: i128 = 0;
    let rows = projection
        .rows
        .iter()
        .map(|row| {
            let total = row.one_off.saturating_add(row.recurring);
            cumulative = cumulative.saturating_add(total);
            total_one_off = total_one_off.saturating_add(row.one_off);
            YearRow {
                year: row.year,
                population: row.population,
                headcount: row.headcount,
                supervisors: row.supervisors,
                ratio_hundredths: row.ratio_hundredths,
                net_new: row.net_new,
                replacements: row.replacements,
                hires: row.hires,
                one_off: money(row.one_off),
                recurring: money(row.recurring),
                total: money(total),
                cumulative: money(cumulative),
            }
        })
        .collect();
    let final_recurring = projection
        .rows
        .last()
        .map_or(projection.baseline_recurring, |row| row.recurring);
    Plan {
        baseline_population: projection.baseline_population,
        baseline_ratio_hundredths: projection.baseline_ratio_hundredths,
        people_per_worker_now: projection.people_per_worker_now,
        required: projection.required,
        gap: projection.gap,
        rows,
        baseline_recurring: money(projection.baseline_recurring),
        incremental_recurring: money(final_recurring.saturating_sub(projection.baseline_recurring)),
        total_one_off: money(total_one_off),
        total_cost: money(cumulative),
    }
}

/// The plan with money still in `i128`, so `parse` can see whether it fits in `i64`.
struct Projection {
    baseline_population: u64,
    baseline_ratio_hundredths: u64,
    people_per_worker_now: Option<u64>,
    required: u64,
    gap: u64,
    rows: Vec<WideRow>,
    baseline_recurring: i128,
}

struct WideRow {
    year: u32,
    population: u64,
    headcount: u64,
    supervisors: u64,
    ratio_hundredths: u64,
    net_new: u64,
    replacements: u64,
    hires: u64,
    one_off: i128,
    recurring: i128,
}

impl Projection {
    fn total_cost(&self) -> i128 {
        self.rows.iter().fold(0, |sum: i128, row| {
            sum.saturating_add(row.one_off)
                .saturating_add(row.recurring)
        })
    }
}

/// What one worker, one supervisor and one hire cost, in cents.
struct UnitCosts {
    per_worker_year: i128,
    per_supervisor_year: i128,
    per_hire: i128,
}

impl UnitCosts {
    fn of(inputs: &PlanInputs) -> Self {
        let cents = |amount: Money| i128::from(amount.0);
        Self {
            per_worker_year: loaded(inputs.salary, inputs.on_costs_bp)
                + cents(inputs.in_service_training)
                + cents(inputs.transport)
                + cents(inputs.operating),
            per_supervisor_year: loaded(inputs.supervisor_salary, inputs.on_costs_bp),
            per_hire: cents(inputs.recruitment)
                + cents(inputs.initial_training)
                + cents(inputs.equipment),
        }
    }

    fn recurring(&self, headcount: u64, supervisors: u64) -> i128 {
        i128::from(headcount)
            .saturating_mul(self.per_worker_year)
            .saturating_add(i128::from(supervisors).saturating_mul(self.per_supervisor_year))
    }
}

fn project(inputs: &PlanInputs) -> Projection {
    let costs = UnitCosts::of(inputs);
    let span = u64::from(inputs.supervision_span.max(1));
    let current = inputs.current_workers;
    let baseline_population = inputs
        .target_group
        .as_ref()
        .map_or(inputs.population, |group| group.size);

    let mut populations = Vec::with_capacity(inputs.years as usize);
    let mut population = baseline_population;
    for _ in 0..inputs.years {
        population = grow(population, inputs.population_growth_bp);
        populations.push(population);
    }
    let final_population = populations.last().copied().unwrap_or(baseline_population);
    let required = saturate(
        (u128::from(inputs.target_per_100k_hundredths) * u128::from(final_population))
            .div_ceil(10_000_000),
    );
    let gap = required.saturating_sub(current);

    let mut previous = current;
    let rows = (1..=inputs.years)
        .zip(populations)
        .map(|(year, population)| {
            let scaled_up = (u128::from(gap) * u128::from(year)).div_ceil(u128::from(inputs.years));
            let headcount = current.saturating_add(saturate(scaled_up));
            let supervisors = headcount.div_ceil(span);
            let net_new = headcount.saturating_sub(previous);
            let replacements =
                saturate((u128::from(previous) * u128::from(inputs.attrition_bp)).div_ceil(10_000));
            let hires = net_new.saturating_add(replacements);
            previous = headcount;
            WideRow {
                year,
                population,
                headcount,
                supervisors,
                ratio_hundredths: ratio_hundredths(headcount, population),
                net_new,
                replacements,
                hires,
                one_off: i128::from(hires).saturating_mul(costs.per_hire),
                recurring: costs.recurring(headcount, supervisors),
            }
        })
        .collect();

    Projection {
        baseline_population,
        baseline_ratio_hundredths: ratio_hundredths(current, baseline_population),
        people_per_worker_now: (current > 0).then(|| {
            // Half up: floor((2p + c) / 2c).
            saturate(
                (2 * u128::from(baseline_population) + u128::from(current))
                    / (2 * u128::from(current)),
            )
        }),
        required,
        gap,
        rows,
        baseline_recurring: costs.recurring(current, current.div_ceil(span)),
    }
}

/// One year of growth, rounded half up to a whole person.
fn grow(population: u64, growth_bp: i32) -> u64 {
    let factor = u128::try_from(10_000 + i64::from(growth_bp)).unwrap_or(0);
    saturate((u128::from(population) * factor + 5_000) / 10_000)
}

/// Workers per 100,000 in hundredths, rounded down; 0 for an empty population.
fn ratio_hundredths(workers: u64, population: u64) -> u64 {
    if population == 0 {
        return 0;
    }
    saturate(u128::from(workers) * 10_000_000 / u128::from(population))
}

/// A salary with on-costs, rounded half up to the cent.
fn loaded(salary: Money, on_costs_bp: u32) -> i128 {
    let scaled = i128::from(salary.0) * (10_000 + i128::from(on_costs_bp));
    (scaled + 5_000).div_euclid(10_000)
}

fn saturate(count: u128) -> u64 {
    u64::try_from(count).unwrap_or(u64::MAX)
}

fn money(cents: i128) -> Money {
    Money(i64::try_from(cents).unwrap_or(if cents < 0 { i64::MIN } else { i64::MAX }))
}

/// Whether the plan's total cost fits in `i64` cents (what `parse` checks before it
/// accepts the inputs).
pub(super) fn total_fits(inputs: &PlanInputs) -> bool {
    project(inputs).total_cost() <= i128::from(i64::MAX)
}
