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

/// Money in minor units (cents); all amounts use 2 decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

impl Money {
    /// For people: "1,234,567.89", "-0.50".
    pub fn format(&self) -> String {
        self.render(true)
    }

    /// For CSV and form fields: "1234567.89".
    pub fn plain(&self) -> String {
        self.render(false)
    }

    fn render(&self, grouped: bool) -> String {
        let cents = self.0.unsigned_abs();
        let units = (cents / 100).to_string();
        let units = if grouped {
            group_thousands(&units)
        } else {
            units
        };
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{units}.{:02}", cents % 100)
    }
}

fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

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

pub const MAX_POPULATION: u64 = 2_000_000_000;
pub const MAX_WORKERS: u64 = 100_000_000;
/// 1,000,000,000.00 per item.
pub const MAX_AMOUNT: Money = Money(100_000_000_000);
pub const MAX_YEARS: u32 = 30;
/// 300%.
pub const MAX_ON_COSTS_BP: u32 = 30_000;
pub const MAX_SUPERVISION_SPAN: u32 = 1_000;
pub const FIRST_PRICE_YEAR: i32 = 1990;
/// One worker per person.
pub const MAX_TARGET_HUNDREDTHS: u64 = 10_000_000;
pub const GROUP_LABEL_MAX_CHARS: usize = 100;

/// Every field as typed on the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

/// Why a field was refused; reported with the field's name, one per field.
///
/// A few cases borrow the nearest variant: a population of 0 and a scope that is not
/// one of [`Scope::ALL`] are `Missing` (no usable answer); a target group of size 0 is
/// `GroupNeedsBoth`; a plan whose total cost would not fit in `i64` cents is
/// `TooLarge` on `salary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlannerError {
    #[error("this is required")]
    Missing,
    #[error("this is not a number")]
    NotANumber,
    #[error("this cannot be negative")]
    Negative,
    #[error("this is larger than the planner allows")]
    TooLarge,
    #[error("the plan must last between 1 and 30 years")]
    YearsOutOfRange,
    #[error("attrition must be at least 0% and less than 100% a year")]
    AttritionOutOfRange,
    #[error("population growth must be more than -50% and less than 50% a year")]
    GrowthOutOfRange,
    #[error("a supervisor must supervise at least one worker")]
    SpanTooSmall,
    #[error("the target must be more than zero")]
    TargetZero,
    #[error("the target group cannot be larger than the population")]
    GroupLargerThanPopulation,
    #[error("the currency must be a three-letter code such as KES or USD")]
    CurrencyInvalid,
    #[error("the price year must be between 1990 and next year")]
    PriceYearOutOfRange,
    #[error("this has too many decimal places")]
    TooManyDecimals,
    #[error("give both the target group and its size, or neither")]
    GroupNeedsBoth,
}

use PlannerError as E;

/// Problems found so far, in form order.
#[derive(Default)]
struct Problems(Vec<(&'static str, PlannerError)>);

impl Problems {
    fn check<T>(&mut self, field: &'static str, result: Result<T, PlannerError>) -> Option<T> {
        result.map_err(|error| self.0.push((field, error))).ok()
    }
}

impl RawPlanInputs {
    /// Parses every field, reporting each problem with its field's name (the struct
    /// field's name). `current_year` bounds the price year.
    pub fn parse(
        &self,
        current_year: i32,
    ) -> Result<PlanInputs, Vec<(&'static str, PlannerError)>> {
        let mut problems = Problems::default();
        let population = problems.check("population", population(&self.population));
        let target_group = self.target_group(population, &mut problems);
        let scope = problems.check("scope", scope(&self.scope));
        let current_workers =
            problems.check("current_workers", whole(&self.current_workers, MAX_WORKERS));
        let target = problems.check("target", target_hundredths(&self.target));
        let years = problems.check("years", years(&self.years));
        let attrition = problems.check("attrition", optional(&self.attrition, attrition_bp));
        let growth = problems.check(
            "population_growth",
            optional(&self.population_growth, growth_bp),
        );
        let salary = problems.check("salary", amount(&self.salary));
        let on_costs = problems.check("on_costs", optional(&self.on_costs, on_costs_bp));
        let span = problems.check("supervision_span", span(&self.supervision_span));
        let mut optional_amount = |field, text: &str| problems.check(field, optional(text, amount));
        let supervisor_salary = optional_amount("supervisor_salary", &self.supervisor_salary);
        let recruitment = optional_amount("recruitment", &self.recruitment);
        let initial_training = optional_amount("initial_training", &self.initial_training);
        let equipment = optional_amount("equipment", &self.equipment);
        let in_service_training = optional_amount("in_service_training", &self.in_service_training);
        let transport = optional_amount("transport", &self.transport);
        let operating = optional_amount("operating", &self.operating);
        let currency = problems.check("currency", currency(&self.currency));
        let price_year = problems.check("price_year", price_year(&self.price_year, current_year));

        let (
            Some(population),
            Some(target_group),
            Some(scope),
            Some(current_workers),
            Some(target_per_100k_hundredths),
            Some(years),
            Some(attrition_bp),
            Some(population_growth_bp),
            Some(salary),
            Some(on_costs_bp),
            Some(supervision_span),
            Some(supervisor_salary),
            Some(recruitment),
            Some(initial_training),
            Some(equipment),
            Some(in_service_training),
            Some(transport),
            Some(operating),
            Some(currency),
            Some(price_year),
        ) = (
            population,
            target_group,
            scope,
            current_workers,
            target,
            years,
            attrition,
            growth,
            salary,
            on_costs,
            span,
            supervisor_salary,
            recruitment,
            initial_training,
            equipment,
            in_service_training,
            transport,
            operating,
            currency,
            price_year,
        )
        else {
            return Err(problems.0);
        };
        let inputs = PlanInputs {
            population,
            target_group,
            scope,
            current_workers,
            target_per_100k_hundredths,
            years,
            attrition_bp,
            population_growth_bp,
            salary,
            on_costs_bp,
            supervision_span,
            supervisor_salary,
            recruitment,
            initial_training,
            equipment,
            in_service_training,
            transport,
            operating,
            currency,
            price_year,
        };
        // Each field is bounded, but a huge workforce times a huge salary can still
        // pass what i64 cents hold; salary is nearly always the culprit.
        if project(&inputs).total_cost() > i128::from(i64::MAX) {
            return Err(vec![("salary", E::TooLarge)]);
        }
        Ok(inputs)
    }

    /// `Some(None)` when no group was given; `None` after reporting a problem.
    fn target_group(
        &self,
        population: Option<u64>,
        problems: &mut Problems,
    ) -> Option<Option<TargetGroup>> {
        let label = self
            .target_group_label
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let size_typed = !self.target_group_size.trim().is_empty();
        let label = match (label.is_empty(), size_typed) {
            (true, false) => return Some(None),
            (false, false) => {
                problems.0.push(("target_group_size", E::GroupNeedsBoth));
                return None;
            }
            (true, true) => Err(E::GroupNeedsBoth),
            (false, true) if label.chars().count() > GROUP_LABEL_MAX_CHARS => Err(E::TooLarge),
            (false, true) => Ok(label),
        };
        let label = problems.check("target_group_label", label);
        let size = problems.check(
            "target_group_size",
            group_size(&self.target_group_size, population),
        );
        Some(Some(TargetGroup {
            label: label?,
            size: size?,
        }))
    }
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
fn hundredths(value: i128) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.unsigned_abs() / 100, value.unsigned_abs() % 100);
    match fraction {
        0 => format!("{sign}{whole}"),
        _ if fraction % 10 == 0 => format!("{sign}{whole}.{}", fraction / 10),
        _ => format!("{sign}{whole}.{fraction:02}"),
    }
}

fn is_separator(character: char) -> bool {
    matches!(
        character,
        ',' | ' ' | '_' | '\'' | '\u{a0}' | '\u{2009}' | '\u{202f}'
    )
}

/// A number as typed, scaled by `10^decimals`: an optional sign, digits grouped by
/// thousands separators, and at most `decimals` digits after a decimal point.
///
/// When separators are used the last group must have three digits, so a decimal
/// comma ("6000,50") is refused rather than read as a hundred times too much. Other
/// groups may be shorter, which lets Indian grouping ("2,96,50,000") through.
fn scaled(text: &str, decimals: usize) -> Result<i128, PlannerError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(E::Missing);
    }
    let (negative, body) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let groups: Vec<&str> = whole.split(is_separator).collect();
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    let well_grouped = match groups.as_slice() {
        [only] => digits(only),
        [.., last] => {
            last.len() == 3
                && groups
                    .iter()
                    .all(|group| !group.is_empty() && digits(group))
        }
        [] => false,
    };
    if !well_grouped || !digits(fraction) || whole.len() + fraction.len() == 0 {
        return Err(E::NotANumber);
    }
    if fraction.len() > decimals {
        return Err(E::TooManyDecimals);
    }
    let padding = std::iter::repeat_n(b'0', decimals - fraction.len());
    let value = groups
        .concat()
        .bytes()
        .chain(fraction.bytes())
        .chain(padding)
        .try_fold(0_i128, |value, digit| {
            value
                .checked_mul(10)
                .and_then(|value| value.checked_add(i128::from(digit - b'0')))
        })
        .ok_or(E::TooLarge)?;
    Ok(if negative { -value } else { value })
}

fn whole(text: &str, max: u64) -> Result<u64, PlannerError> {
    match scaled(text, 0)? {
        value if value < 0 => Err(E::Negative),
        value => u64::try_from(value)
            .ok()
            .filter(|value| *value <= max)
            .ok_or(E::TooLarge),
    }
}

fn amount(text: &str) -> Result<Money, PlannerError> {
    match scaled(text, 2)? {
        value if value < 0 => Err(E::Negative),
        value if value > i128::from(MAX_AMOUNT.0) => Err(E::TooLarge),
        value => i64::try_from(value).map(Money).map_err(|_| E::TooLarge),
    }
}

/// A percentage with up to two decimals, "%" optional, in basis points.
fn basis_points(text: &str) -> Result<i128, PlannerError> {
    let text = text.trim();
    let number = text.strip_suffix('%').unwrap_or(text);
    if number.trim().is_empty() {
        return Err(E::NotANumber);
    }
    scaled(number, 2)
}

/// An empty optional field counts as zero.
fn optional<T: Default>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, PlannerError>,
) -> Result<T, PlannerError> {
    if text.trim().is_empty() {
        Ok(T::default())
    } else {
        parse(text)
    }
}

fn population(text: &str) -> Result<u64, PlannerError> {
    match whole(text, MAX_POPULATION)? {
        0 => Err(E::Missing),
        population => Ok(population),
    }
}

fn group_size(text: &str, population: Option<u64>) -> Result<u64, PlannerError> {
    match whole(text, MAX_POPULATION)? {
        0 => Err(E::GroupNeedsBoth),
        size if population.is_some_and(|population| size > population) => {
            Err(E::GroupLargerThanPopulation)
        }
        size => Ok(size),
    }
}

fn scope(text: &str) -> Result<Scope, PlannerError> {
    if text.trim().is_empty() {
        return Err(E::Missing);
    }
    Scope::parse(text).ok_or(E::Missing)
}

/// Per 100,000 ("10"), or `k` workers per `N` people ("1:10000", "1 per 10,000",
/// "1/10000"), rounded up to the hundredth per 100,000.
fn target_hundredths(text: &str) -> Result<u64, PlannerError> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return Err(E::Missing);
    }
    let ratio = text
        .split_once(':')
        .or_else(|| text.split_once('/'))
        .or_else(|| text.split_once("per"));
    let hundredths = match ratio {
        None => scaled(&text, 2)?,
        Some((workers, people)) => {
            let (workers, people) = (scaled(workers, 2)?, scaled(people, 0)?);
            if workers < 0 || people < 0 {
                return Err(E::Negative);
            }
            if workers == 0 {
                return Err(E::TargetZero);
            }
            if people == 0 {
                return Err(E::TooLarge);
            }
            // Rounded up, so the plan meets the ratio as typed.
            let per_100k = workers.checked_mul(100_000).ok_or(E::TooLarge)?;
            per_100k / people + i128::from(per_100k % people != 0)
        }
    };
    match hundredths {
        value if value < 0 => Err(E::Negative),
        0 => Err(E::TargetZero),
        value => u64::try_from(value)
            .ok()
            .filter(|value| *value <= MAX_TARGET_HUNDREDTHS)
            .ok_or(E::TooLarge),
    }
}

fn years(text: &str) -> Result<u32, PlannerError> {
    let years = whole(text, u64::MAX)?;
    u32::try_from(years)
        .ok()
        .filter(|years| (1..=MAX_YEARS).contains(years))
        .ok_or(E::YearsOutOfRange)
}

fn attrition_bp(text: &str) -> Result<u32, PlannerError> {
    match basis_points(text)? {
        value if value < 0 => Err(E::Negative),
        value => u32::try_from(value)
            .ok()
            .filter(|value| *value < 10_000)
            .ok_or(E::AttritionOutOfRange),
    }
}

fn growth_bp(text: &str) -> Result<i32, PlannerError> {
    let value = basis_points(text)?;
    i32::try_from(value)
        .ok()
        .filter(|value| -5_000 < *value && *value < 5_000)
        .ok_or(E::GrowthOutOfRange)
}

fn on_costs_bp(text: &str) -> Result<u32, PlannerError> {
    match basis_points(text)? {
        value if value < 0 => Err(E::Negative),
        value => u32::try_from(value)
            .ok()
            .filter(|value| *value <= MAX_ON_COSTS_BP)
            .ok_or(E::TooLarge),
    }
}

fn span(text: &str) -> Result<u32, PlannerError> {
    match whole(text, u64::from(MAX_SUPERVISION_SPAN))? {
        0 => Err(E::SpanTooSmall),
        span => u32::try_from(span).map_err(|_| E::TooLarge),
    }
}

fn currency(text: &str) -> Result<String, PlannerError> {
    let code = text.trim();
    if code.is_empty() {
        return Err(E::Missing);
    }
    if code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(E::CurrencyInvalid)
    }
}

fn price_year(text: &str, current_year: i32) -> Result<i32, PlannerError> {
    let year = whole(text, u64::MAX)?;
    i32::try_from(year)
        .ok()
        .filter(|year| (FIRST_PRICE_YEAR..=current_year.saturating_add(1)).contains(year))
        .ok_or(E::PriceYearOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    const THIS_YEAR: i32 = 2026;

    /// The example, as typed on the form.
    fn example_raw() -> RawPlanInputs {
        RawPlanInputs {
            population: "29,650,000".into(),
            scope: "social_workers".into(),
            current_workers: "256".into(),
            target: "10".into(),
            years: "5".into(),
            attrition: "5%".into(),
            population_growth: "0".into(),
            salary: "6,000.00".into(),
            on_costs: "20".into(),
            supervision_span: "10".into(),
            supervisor_salary: "9,000.00".into(),
            recruitment: "500".into(),
            initial_training: "1,000.00".into(),
            equipment: "300".into(),
            in_service_training: "200".into(),
            transport: "150".into(),
            operating: "250".into(),
            currency: "kes".into(),
            price_year: "2024".into(),
            ..RawPlanInputs::default()
        }
    }

    fn example() -> PlanInputs {
        PlanInputs {
            population: 29_650_000,
            target_group: None,
            scope: Scope::SocialWorkers,
            current_workers: 256,
            target_per_100k_hundredths: 1_000,
            years: 5,
            attrition_bp: 500,
            population_growth_bp: 0,
            salary: Money(600_000),
            on_costs_bp: 2_000,
            supervision_span: 10,
            supervisor_salary: Money(900_000),
            recruitment: Money(50_000),
            initial_training: Money(100_000),
            equipment: Money(30_000),
            in_service_training: Money(20_000),
            transport: Money(15_000),
            operating: Money(25_000),
            currency: "KES".into(),
            price_year: 2024,
        }
    }

    #[test]
    fn the_worked_example_matches_the_hand_computed_table() {
        let plan = plan(&example());

        // 29,650,000 / 256 = 115,820.31 people per worker; 256 × 10^7 / 29,650,000 = 86.3.
        assert_eq!(plan.baseline_population, 29_650_000);
        assert_eq!(plan.people_per_worker_now, Some(115_820));
        assert_eq!(plan.baseline_ratio_hundredths, 86);
        // 10 × 29,650,000 / 100,000 = 2,965 exactly; 2,965 − 256 = 2,709.
        assert_eq!(plan.required, 2_965);
        assert_eq!(plan.gap, 2_709);

        // Headcount: 256 + ceil(2,709 × y / 5) = 256 + 542, 1,084, 1,626, 2,168, 2,709.
        // Replacements: ceil(5% of last year's headcount):
        //   12.8 → 13, 39.9 → 40, 67, 94.1 → 95, 121.2 → 122.
        // Supervisors: ceil(headcount / 10). Ratio: floor(headcount × 10^7 / 29,650,000).
        // Per hire 500 + 1,000 + 300 = 1,800.00.
        // Per worker-year 6,000 × 1.2 + 200 + 150 + 250 = 7,800.00; per supervisor 9,000 × 1.2 = 10,800.00.
        //
        //  y  headcount sup ratio net_new repl hires  one-off       recurring                          total        cumulative
        //  1    798     80   269   542    13   555   999,000.00   798×7,800 +  80×10,800 =  7,088,400   8,087,400   8,087,400
        //  2  1,340    134   451   542    40   582 1,047,600.00 1,340×7,800 + 134×10,800 = 11,899,200  12,946,800  21,034,200
        //  3  1,882    189   634   542    67   609 1,096,200.00 1,882×7,800 + 189×10,800 = 16,720,800  17,817,000  38,851,200
        //  4  2,424    243   817   542    95   637 1,146,600.00 2,424×7,800 + 243×10,800 = 21,531,600  22,678,200  61,529,400
        //  5  2,965    297 1,000   541   122   663 1,193,400.00 2,965×7,800 + 297×10,800 = 26,334,600  27,528,000  89,057,400
        #[rustfmt::skip]
        let expected: [[i64; 10]; 5] = [
            // headcount, supervisors, ratio, net new, replacements, hires, one-off, recurring, total, cumulative (cents)
            [  798,  80,   269, 542,  13, 555,   99_900_000,   708_840_000,   808_740_000,   808_740_000],
            [1_340, 134,   451, 542,  40, 582,  104_760_000, 1_189_920_000, 1_294_680_000, 2_103_420_000],
            [1_882, 189,   634, 542,  67, 609,  109_620_000, 1_672_080_000, 1_781_700_000, 3_885_120_000],
            [2_424, 243,   817, 542,  95, 637,  114_660_000, 2_153_160_000, 2_267_820_000, 6_152_940_000],
            [2_965, 297, 1_000, 541, 122, 663,  119_340_000, 2_633_460_000, 2_752_800_000, 8_905_740_000],
        ];
        assert_eq!(plan.rows.len(), 5);
        for (row, expected) in plan.rows.iter().zip(expected) {
            let count = |count: u64| i64::try_from(count).expect("small");
            let actual = [
                count(row.headcount),
                count(row.supervisors),
                count(row.ratio_hundredths),
                count(row.net_new),
                count(row.replacements),
                count(row.hires),
                row.one_off.0,
                row.recurring.0,
                row.total.0,
                row.cumulative.0,
            ];
            assert_eq!(actual, expected, "year {}", row.year);
            assert_eq!(row.population, 29_650_000);
        }
        assert_eq!(
            plan.rows.iter().map(|row| row.year).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );

        // Today: 256 × 7,800 + ceil(25.6) = 26 × 10,800 = 1,996,800 + 280,800 = 2,277,600.
        assert_eq!(plan.baseline_recurring, Money(227_760_000));
        // 26,334,600 − 2,277,600 = 24,057,000 a year once the target is met.
        assert_eq!(plan.incremental_recurring, Money(2_405_700_000));
        // 3,046 hires × 1,800 = 5,482,800; 5,482,800 + 83,574,600 recurring = 89,057,400.
        assert_eq!(plan.total_one_off, Money(548_280_000));
        assert_eq!(plan.total_cost, Money(8_905_740_000));
    }

    #[test]
    fn the_worked_example_parses_from_what_a_planner_types() {
        assert_eq!(example_raw().parse(THIS_YEAR), Ok(example()));
    }

    #[test]
    fn people_per_worker_is_unknown_without_workers() {
        let inputs = PlanInputs {
            current_workers: 0,
            ..example()
        };
        let plan = plan(&inputs);
        assert_eq!(plan.people_per_worker_now, None);
        assert_eq!(plan.baseline_ratio_hundredths, 0);
        assert_eq!(plan.gap, 2_965);
        assert_eq!(plan.baseline_recurring, Money(0));
    }

    #[test]
    fn a_target_group_is_the_population_the_ratio_is_for() {
        let inputs = PlanInputs {
            target_group: Some(TargetGroup {
                label: "Children".into(),
                size: 14_000_000,
            }),
            current_workers: 700,
            target_per_100k_hundredths: 2_000,
            years: 2,
            ..example()
        };
        let plan = plan(&inputs);
        // 20 per 100,000 children: 20 × 140 = 2,800; 700 workers are 5 per 100,000,
        // one per 20,000 children.
        assert_eq!(plan.baseline_population, 14_000_000);
        assert_eq!(plan.baseline_ratio_hundredths, 500);
        assert_eq!(plan.people_per_worker_now, Some(20_000));
        assert_eq!(plan.required, 2_800);
        let headcounts: Vec<u64> = plan.rows.iter().map(|row| row.headcount).collect();
        assert_eq!(headcounts, [1_750, 2_800]);
        assert_eq!(plan.rows[1].population, 14_000_000);
        assert_eq!(plan.rows[1].ratio_hundredths, 2_000);
    }

    #[test]
    fn population_grows_with_half_up_rounding_each_year() {
        let growing = PlanInputs {
            population: 1_000,
            population_growth_bp: 250,
            years: 3,
            ..example()
        };
        // 1,025; 1,050.625 → 1,051; 1,077.275 → 1,077.
        let populations: Vec<u64> = plan(&growing)
            .rows
            .iter()
            .map(|row| row.population)
            .collect();
        assert_eq!(populations, [1_025, 1_051, 1_077]);

        let shrinking = PlanInputs {
            population: 1_050,
            population_growth_bp: -100,
            years: 2,
            ..example()
        };
        // 1,039.5 → 1,040; 1,029.6 → 1,030.
        let populations: Vec<u64> = plan(&shrinking)
            .rows
            .iter()
            .map(|row| row.population)
            .collect();
        assert_eq!(populations, [1_040, 1_030]);
        // The target is for the final year: 10 per 100,000 of 1,030 is 0.103, so one worker.
        assert_eq!(plan(&shrinking).required, 1);
    }

    #[test]
    fn on_costs_round_half_up_to_the_cent() {
        let inputs = PlanInputs {
            population: 100_000,
            current_workers: 3,
            target_per_100k_hundredths: 100,
            years: 1,
            attrition_bp: 0,
            salary: Money(100),
            on_costs_bp: 50,
            supervision_span: 1,
            supervisor_salary: Money(1),
            in_service_training: Money(0),
            transport: Money(0),
            operating: Money(0),
            ..example()
        };
        let plan = plan(&inputs);
        // 1.00 × 1.005 = 1.005 → 1.01; 0.01 × 1.005 = 0.01005 → 0.01;
        // 3 workers and 3 supervisors: 3.03 + 0.03.
        assert_eq!(plan.rows[0].recurring, Money(306));
        assert_eq!(plan.baseline_recurring, Money(306));
        assert_eq!(plan.incremental_recurring, Money(0));
    }

    #[test]
    fn a_workforce_above_the_target_is_kept_and_only_leavers_are_replaced() {
        let inputs = PlanInputs {
            current_workers: 4_000,
            years: 3,
            ..example()
        };
        let plan = plan(&inputs);
        assert_eq!(plan.gap, 0);
        for row in &plan.rows {
            assert_eq!(row.headcount, 4_000);
            assert_eq!(row.net_new, 0);
            assert_eq!(row.replacements, 200);
            assert_eq!(row.hires, 200);
            assert_eq!(row.one_off, Money(200 * 180_000));
        }
        assert_eq!(plan.incremental_recurring, Money(0));
    }

    /// SplitMix64 (Steele, Lea, Flood 2014), for repeatable random plans.
    struct SplitMix64(u64);

    impl SplitMix64 {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `0..n`, for `n > 0`.
        fn below(&mut self, n: u64) -> u64 {
            ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
        }

        /// In `lo..=hi`, with small and large magnitudes equally likely.
        fn spread(&mut self, lo: u64, hi: u64) -> u64 {
            let width = hi - lo;
            let bits = self.below(u64::from(64 - width.leading_zeros()) + 1);
            let cap = ((1_u128 << bits) - 1).min(u128::from(width)) as u64;
            lo + self.below(cap + 1)
        }

        fn chance(&mut self, one_in: u64) -> bool {
            self.below(one_in) == 0
        }

        fn amount(&mut self) -> Money {
            Money(self.spread(0, 100_000_000) as i64)
        }
    }

    fn random_inputs(rng: &mut SplitMix64) -> PlanInputs {
        let population = rng.spread(1, MAX_POPULATION);
        let target_group = rng.chance(3).then(|| TargetGroup {
            label: "Children".into(),
            size: rng.spread(1, population),
        });
        let ratio_population = target_group.as_ref().map_or(population, |group| group.size);
        PlanInputs {
            population,
            target_group,
            scope: Scope::ALL[rng.below(2) as usize],
            current_workers: rng.spread(0, MAX_WORKERS.min(ratio_population)),
            target_per_100k_hundredths: rng.spread(1, 200_000),
            years: rng.spread(1, 30) as u32,
            attrition_bp: if rng.chance(4) {
                0
            } else {
                rng.spread(0, 9_999) as u32
            },
            population_growth_bp: rng.spread(0, 9_998) as i32 - 4_999,
            salary: rng.amount(),
            on_costs_bp: rng.spread(0, 30_000) as u32,
            supervision_span: rng.spread(1, 1_000) as u32,
            supervisor_salary: rng.amount(),
            recruitment: rng.amount(),
            initial_training: rng.amount(),
            equipment: rng.amount(),
            in_service_training: rng.amount(),
            transport: rng.amount(),
            operating: rng.amount(),
            currency: "USD".into(),
            price_year: 1_990 + rng.below(37) as i32,
        }
    }

    /// Random inputs that `parse` would produce, checked by round-tripping them.
    fn random_valid_inputs(seed: u64, count: usize) -> Vec<PlanInputs> {
        let mut rng = SplitMix64(seed);
        let valid: Vec<PlanInputs> = (0..count)
            .map(|_| random_inputs(&mut rng))
            .filter(|inputs| inputs.to_raw().parse(THIS_YEAR).is_ok())
            .collect();
        assert!(valid.len() > count / 2, "only {} valid", valid.len());
        valid
    }

    #[test]
    fn the_final_year_meets_the_target_in_random_plans() {
        for inputs in random_valid_inputs(1, 400) {
            let plan = plan(&inputs);
            let last = plan.rows.last().expect("at least one year");
            assert!(
                last.ratio_hundredths >= inputs.target_per_100k_hundredths,
                "{inputs:?}"
            );
            assert!(last.headcount >= plan.required, "{inputs:?}");
            assert_eq!(last.headcount, plan.required.max(inputs.current_workers));
            assert_eq!(plan.rows.len(), inputs.years as usize);
        }
    }

    #[test]
    fn headcount_never_decreases_in_random_plans() {
        for inputs in random_valid_inputs(2, 400) {
            let plan = plan(&inputs);
            let mut previous = inputs.current_workers;
            for row in &plan.rows {
                assert!(row.headcount >= previous, "{inputs:?}");
                assert_eq!(row.net_new, row.headcount - previous);
                assert_eq!(row.hires, row.net_new + row.replacements);
                previous = row.headcount;
            }
        }
    }

    #[test]
    fn cumulative_cost_is_the_running_sum_of_totals_in_random_plans() {
        for inputs in random_valid_inputs(3, 400) {
            let plan = plan(&inputs);
            let mut sum = 0_i64;
            for row in &plan.rows {
                assert_eq!(row.total.0, row.one_off.0 + row.recurring.0);
                sum += row.total.0;
                assert_eq!(row.cumulative, Money(sum), "{inputs:?}");
            }
            assert_eq!(plan.total_cost, Money(sum));
            let one_off: i64 = plan.rows.iter().map(|row| row.one_off.0).sum();
            assert_eq!(plan.total_one_off, Money(one_off));
        }
    }

    #[test]
    fn no_gap_and_no_attrition_means_no_one_off_cost_in_random_plans() {
        let mut checked = 0;
        for inputs in random_valid_inputs(4, 400) {
            let no_attrition = PlanInputs {
                attrition_bp: 0,
                ..inputs
            };
            // Staff up to exactly the requirement, or beyond it.
            let required = plan(&no_attrition).required;
            let already_there = PlanInputs {
                current_workers: required + required % 3,
                ..no_attrition
            };
            if already_there.to_raw().parse(THIS_YEAR).is_err() {
                continue;
            }
            let plan = plan(&already_there);
            assert_eq!(plan.gap, 0);
            assert_eq!(plan.total_one_off, Money(0), "{already_there:?}");
            assert_eq!(plan.incremental_recurring, Money(0));
            checked += 1;
        }
        assert!(checked > 100, "only {checked} checked");
    }

    /// Recurring cost minus the per-worker running costs that are not salary.
    fn salary_share(inputs: &PlanInputs, row: &YearRow) -> i128 {
        let running = inputs.in_service_training.0 + inputs.transport.0 + inputs.operating.0;
        i128::from(row.recurring.0) - i128::from(row.headcount) * i128::from(running)
    }

    #[test]
    fn doubling_salaries_doubles_the_salary_share_of_recurring_cost() {
        let mut checked = 0;
        for inputs in random_valid_inputs(5, 400) {
            let doubled = PlanInputs {
                salary: Money(inputs.salary.0 * 2),
                supervisor_salary: Money(inputs.supervisor_salary.0 * 2),
                ..inputs.clone()
            };
            if doubled.to_raw().parse(THIS_YEAR).is_err() {
                continue;
            }
            let (single, double) = (plan(&inputs), plan(&doubled));
            for (one, two) in single.rows.iter().zip(&double.rows) {
                let (one_share, two_share) =
                    (salary_share(&inputs, one), salary_share(&doubled, two));
                // Each loaded salary is rounded to the cent, so doubling may move it by
                // a cent: at most one cent per person.
                let slack = i128::from(one.headcount + one.supervisors);
                assert!((two_share - 2 * one_share).abs() <= slack, "{inputs:?}");
            }
            // Whole-unit salaries and whole-percent on-costs leave nothing to round.
            let round = PlanInputs {
                salary: Money(inputs.salary.0 / 100 * 100),
                supervisor_salary: Money(inputs.supervisor_salary.0 / 100 * 100),
                on_costs_bp: inputs.on_costs_bp / 100 * 100,
                ..inputs.clone()
            };
            let round_doubled = PlanInputs {
                salary: Money(round.salary.0 * 2),
                supervisor_salary: Money(round.supervisor_salary.0 * 2),
                ..round.clone()
            };
            let (single, double) = (plan(&round), plan(&round_doubled));
            for (one, two) in single.rows.iter().zip(&double.rows) {
                assert_eq!(
                    salary_share(&round_doubled, two),
                    2 * salary_share(&round, one),
                    "{round:?}"
                );
            }
            checked += 1;
        }
        assert!(checked > 100, "only {checked} checked");
    }

    #[test]
    fn plan_is_exact_at_the_edges_of_what_parse_accepts() {
        let raw = RawPlanInputs {
            population: "2,000,000,000".into(),
            current_workers: "100,000,000".into(),
            target: "1:1".into(),
            years: "30".into(),
            attrition: "99.99".into(),
            population_growth: "49.99".into(),
            salary: "0".into(),
            supervisor_salary: "".into(),
            recruitment: "".into(),
            initial_training: "".into(),
            equipment: "".into(),
            in_service_training: "".into(),
            transport: "".into(),
            operating: "".into(),
            on_costs: "300".into(),
            supervision_span: "1".into(),
            ..example_raw()
        };
        let inputs = raw.parse(THIS_YEAR).expect("within bounds");
        let plan = plan(&inputs);
        let last = plan.rows.last().expect("thirty years");
        assert_eq!(plan.rows.len(), 30);
        assert_eq!(last.headcount, last.population);
        assert_eq!(last.ratio_hundredths, MAX_TARGET_HUNDREDTHS);
        assert_eq!(plan.total_cost, Money(0));

        // The same plan with a salary cannot be added up in i64 cents.
        let paid = RawPlanInputs {
            salary: "1,000,000,000".into(),
            ..raw
        };
        assert_eq!(paid.parse(THIS_YEAR), Err(vec![("salary", E::TooLarge)]));
    }

    #[test]
    fn plan_saturates_rather_than_panics_on_absurd_hand_built_inputs() {
        let absurd = PlanInputs {
            population: u64::MAX,
            current_workers: u64::MAX,
            target_per_100k_hundredths: u64::MAX,
            years: 30,
            attrition_bp: u32::MAX,
            population_growth_bp: i32::MAX,
            salary: Money(i64::MAX),
            on_costs_bp: u32::MAX,
            supervision_span: 0,
            supervisor_salary: Money(i64::MAX),
            recruitment: Money(i64::MAX),
            ..example()
        };
        let plan = plan(&absurd);
        assert_eq!(plan.total_cost, Money(i64::MAX));

        let empty = PlanInputs {
            population: 0,
            years: 0,
            population_growth_bp: -20_000,
            ..example()
        };
        let plan = super::plan(&empty);
        assert!(plan.rows.is_empty());
        assert_eq!(plan.baseline_ratio_hundredths, 0);
        assert_eq!(plan.incremental_recurring, Money(0));
    }

    #[test]
    fn parse_reports_every_problem_by_field() {
        let raw = RawPlanInputs {
            population: "-5".into(),
            target_group_label: "Children".into(),
            target_group_size: "".into(),
            scope: "".into(),
            current_workers: "many".into(),
            target: "0".into(),
            years: "0".into(),
            attrition: "100".into(),
            population_growth: "-50".into(),
            salary: "6,000.005".into(),
            on_costs: "301%".into(),
            supervision_span: "0".into(),
            supervisor_salary: "-1".into(),
            recruitment: "1,000,000,000.01".into(),
            initial_training: "".into(),
            equipment: "12abc".into(),
            in_service_training: "99999999999999999999999999999999999999999999".into(),
            transport: "".into(),
            operating: "".into(),
            currency: "US".into(),
            price_year: "1989".into(),
        };
        assert_eq!(
            raw.parse(THIS_YEAR),
            Err(vec![
                ("population", E::Negative),
                ("target_group_size", E::GroupNeedsBoth),
                ("scope", E::Missing),
                ("current_workers", E::NotANumber),
                ("target", E::TargetZero),
                ("years", E::YearsOutOfRange),
                ("attrition", E::AttritionOutOfRange),
                ("population_growth", E::GrowthOutOfRange),
                ("salary", E::TooManyDecimals),
                ("on_costs", E::TooLarge),
                ("supervision_span", E::SpanTooSmall),
                ("supervisor_salary", E::Negative),
                ("recruitment", E::TooLarge),
                ("equipment", E::NotANumber),
                ("in_service_training", E::TooLarge),
                ("currency", E::CurrencyInvalid),
                ("price_year", E::PriceYearOutOfRange),
            ])
        );
    }

    fn field_error(raw: RawPlanInputs) -> Vec<(&'static str, PlannerError)> {
        raw.parse(THIS_YEAR).expect_err("should be refused")
    }

    #[test]
    fn required_fields_report_missing_and_optional_ones_count_as_zero() {
        let blank = RawPlanInputs::default();
        assert_eq!(
            field_error(blank),
            [
                "population",
                "scope",
                "current_workers",
                "target",
                "years",
                "salary",
                "supervision_span",
                "currency",
                "price_year"
            ]
            .map(|field| (field, E::Missing))
        );

        let bare = RawPlanInputs {
            attrition: " ".into(),
            population_growth: "".into(),
            on_costs: "".into(),
            supervisor_salary: "".into(),
            recruitment: "".into(),
            initial_training: "".into(),
            equipment: "".into(),
            in_service_training: "".into(),
            transport: "".into(),
            operating: "".into(),
            ..example_raw()
        };
        let inputs = bare.parse(THIS_YEAR).expect("optional fields may be empty");
        assert_eq!(
            (
                inputs.attrition_bp,
                inputs.population_growth_bp,
                inputs.on_costs_bp
            ),
            (0, 0, 0)
        );
        assert_eq!(inputs.supervisor_salary, Money(0));
        assert_eq!(inputs.operating, Money(0));
    }

    /// The example as typed, with some fields typed differently.
    fn example_with(edits: &[(&str, &str)]) -> RawPlanInputs {
        let mut raw = example_raw();
        for (field, text) in edits {
            let slot = match *field {
                "population" => &mut raw.population,
                "target_group_label" => &mut raw.target_group_label,
                "target_group_size" => &mut raw.target_group_size,
                "scope" => &mut raw.scope,
                "current_workers" => &mut raw.current_workers,
                "target" => &mut raw.target,
                "years" => &mut raw.years,
                "attrition" => &mut raw.attrition,
                "population_growth" => &mut raw.population_growth,
                "salary" => &mut raw.salary,
                "on_costs" => &mut raw.on_costs,
                "supervision_span" => &mut raw.supervision_span,
                "supervisor_salary" => &mut raw.supervisor_salary,
                "recruitment" => &mut raw.recruitment,
                "initial_training" => &mut raw.initial_training,
                "equipment" => &mut raw.equipment,
                "in_service_training" => &mut raw.in_service_training,
                "transport" => &mut raw.transport,
                "operating" => &mut raw.operating,
                "currency" => &mut raw.currency,
                "price_year" => &mut raw.price_year,
                unknown => panic!("no field {unknown}"),
            };
            *slot = (*text).to_owned();
        }
        raw
    }

    #[test]
    fn bounds_are_enforced_field_by_field() {
        let cases = [
            ("population", "2,000,000,001", E::TooLarge),
            ("population", "0", E::Missing),
            ("current_workers", "100,000,001", E::TooLarge),
            ("current_workers", "-1", E::Negative),
            ("years", "31", E::YearsOutOfRange),
            ("years", "2.5", E::TooManyDecimals),
            ("attrition", "-1", E::Negative),
            ("attrition", "100%", E::AttritionOutOfRange),
            ("population_growth", "50%", E::GrowthOutOfRange),
            ("population_growth", "-50", E::GrowthOutOfRange),
            ("on_costs", "300.01", E::TooLarge),
            ("supervision_span", "1,001", E::TooLarge),
            ("supervision_span", "0", E::SpanTooSmall),
            ("target", "-10", E::Negative),
            ("target", "1:0", E::TooLarge),
            ("target", "0 per 10000", E::TargetZero),
            ("target", "100,000.01", E::TooLarge),
            ("target", "10.125", E::TooManyDecimals),
            ("scope", "everyone", E::Missing),
            ("currency", "K$S", E::CurrencyInvalid),
            ("currency", "EURO", E::CurrencyInvalid),
            ("price_year", "2028", E::PriceYearOutOfRange),
            ("price_year", "1989", E::PriceYearOutOfRange),
            ("salary", "1,000,000,000.01", E::TooLarge),
            ("transport", "1e9", E::NotANumber),
        ];
        for (field, typed, error) in cases {
            let raw = example_with(&[(field, typed)]);
            assert_eq!(field_error(raw), [(field, error)], "{field} = {typed:?}");
        }
        let edges = example_with(&[
            ("years", "30"),
            ("attrition", "99.99"),
            ("population_growth", "-49.99"),
            ("on_costs", "300"),
            ("supervision_span", "1000"),
            ("salary", "1,000,000,000.00"),
            ("price_year", "2027"),
        ]);
        assert!(edges.parse(THIS_YEAR).is_ok());
    }

    #[test]
    fn a_target_group_needs_a_label_and_a_size_no_larger_than_the_population() {
        let group = |label: &str, size: &str| RawPlanInputs {
            population: "1,000".into(),
            target_group_label: label.into(),
            target_group_size: size.into(),
            ..example_raw()
        };
        assert_eq!(
            field_error(group("Children", "1,001")),
            [("target_group_size", E::GroupLargerThanPopulation)]
        );
        assert_eq!(
            field_error(group("", "500")),
            [("target_group_label", E::GroupNeedsBoth)]
        );
        assert_eq!(
            field_error(group("Children", " ")),
            [("target_group_size", E::GroupNeedsBoth)]
        );
        assert_eq!(
            field_error(group("Children", "0")),
            [("target_group_size", E::GroupNeedsBoth)]
        );
        let inputs = group("  Older   people ", "1,000")
            .parse(THIS_YEAR)
            .expect("a valid group");
        assert_eq!(
            inputs.target_group,
            Some(TargetGroup {
                label: "Older people".into(),
                size: 1_000
            })
        );
    }

    #[test]
    fn one_worker_per_n_people_equals_the_same_ratio_per_100k() {
        let target = |text: &str| target_hundredths(text);
        assert_eq!(target("10"), Ok(1_000));
        assert_eq!(target("1:10000"), Ok(1_000));
        assert_eq!(target("1 : 10,000"), Ok(1_000));
        assert_eq!(target("1 per 10 000"), Ok(1_000));
        assert_eq!(target("1 PER 10000"), Ok(1_000));
        assert_eq!(target("1/10000"), Ok(1_000));
        assert_eq!(target("10 per 100,000"), Ok(1_000));
        assert_eq!(target("12.5"), Ok(1_250));
        // 100,000 / 15,000 = 6.666… per 100,000, rounded up so the plan meets 1:15,000.
        assert_eq!(target("1:15000"), Ok(667));
        let ratio = RawPlanInputs {
            target: "1:10000".into(),
            ..example_raw()
        };
        assert_eq!(ratio.parse(THIS_YEAR), example_raw().parse(THIS_YEAR));
    }

    #[test]
    fn thousands_separators_are_accepted_and_a_decimal_comma_is_refused() {
        for typed in [
            "29,650,000",
            "29 650 000",
            "29\u{a0}650\u{a0}000",
            "29\u{202f}650\u{202f}000",
            "29_650_000",
            "2,96,50,000",
            " 29650000 ",
        ] {
            assert_eq!(whole(typed, MAX_POPULATION), Ok(29_650_000), "{typed:?}");
        }
        assert_eq!(amount("1,234,567.89"), Ok(Money(123_456_789)));
        assert_eq!(amount("6000.5"), Ok(Money(600_050)));
        assert_eq!(amount(".5"), Ok(Money(50)));
        for refused in [
            "6000,50", "1,5", "1,,000", ",500", "1,000,", "1.2.3", ".", "12e3",
        ] {
            assert_eq!(amount(refused), Err(E::NotANumber), "{refused:?}");
        }
        assert_eq!(amount("1.500"), Err(E::TooManyDecimals));
    }

    #[test]
    fn to_raw_and_parse_round_trip_random_plans() {
        let mut rng = SplitMix64(6);
        let mut checked = 0;
        for _ in 0..400 {
            let inputs = random_inputs(&mut rng);
            let Ok(parsed) = inputs.to_raw().parse(THIS_YEAR) else {
                continue;
            };
            assert_eq!(parsed, inputs);
            assert_eq!(parsed.to_raw().parse(THIS_YEAR), Ok(inputs));
            checked += 1;
        }
        assert!(checked > 200, "only {checked} checked");
        assert_eq!(example().to_raw().parse(THIS_YEAR), Ok(example()));
        assert_eq!(example().to_raw().target, "10");
        assert_eq!(hundredths(-4_990), "-49.9");
        assert_eq!(hundredths(1_225), "12.25");
    }

    #[test]
    fn money_formats_with_thousands_separators_and_a_sign() {
        assert_eq!(Money(123_456_789).format(), "1,234,567.89");
        assert_eq!(Money(123_456_789).plain(), "1234567.89");
        assert_eq!(Money(-123_456_789).format(), "-1,234,567.89");
        assert_eq!(Money(-50).format(), "-0.50");
        assert_eq!(Money(-50).plain(), "-0.50");
        assert_eq!(Money(0).format(), "0.00");
        assert_eq!(Money(100_000).format(), "1,000.00");
        assert_eq!(Money(99_999).format(), "999.99");
        assert_eq!(Money(i64::MIN).format(), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn scope_codes_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.code()), Some(scope));
        }
        assert_eq!(Scope::parse("social_workers"), Some(Scope::SocialWorkers));
        assert_eq!(Scope::parse("wider_workforce"), Some(Scope::WiderWorkforce));
        assert_eq!(Scope::parse("all"), None);
    }
}
