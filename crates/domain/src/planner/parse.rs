//! From the form as typed to inputs within bounds: every field's parser, the bounds
//! they keep, and the error each field may get.

use super::{Money, PlanInputs, RawPlanInputs, Scope, TargetGroup, calculation::total_fits};

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
        let salary = problems.check("salary", optional(&self.salary, amount));
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
        if !total_fits(&inputs) {
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

pub(super) fn whole(text: &str, max: u64) -> Result<u64, PlannerError> {
    match scaled(text, 0)? {
        value if value < 0 => Err(E::Negative),
        value => u64::try_from(value)
            .ok()
            .filter(|value| *value <= max)
            .ok_or(E::TooLarge),
    }
}

pub(super) fn amount(text: &str) -> Result<Money, PlannerError> {
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
pub(super) fn target_hundredths(text: &str) -> Result<u64, PlannerError> {
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
