//! The planner's tests: the worked example, properties of random plans, and the
//! parsing of what people type.

use super::{
    inputs::hundredths,
    parse::{amount, target_hundredths, whole},
    *,
};

use crate::random::SplitMix64;
use PlannerError as E;

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

/// Repeatable random plans, drawn from the workspace's SplitMix64.
struct Draws(SplitMix64);

impl Draws {
    fn seeded(seed: u64) -> Self {
        Draws(SplitMix64::seeded(seed))
    }

    /// Uniform in `0..n`, for `n > 0`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
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

fn random_inputs(rng: &mut Draws) -> PlanInputs {
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
    let mut rng = Draws::seeded(seed);
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
            let (one_share, two_share) = (salary_share(&inputs, one), salary_share(&doubled, two));
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
    // The salary is optional too: without it (and the other costs) a plan counts
    // heads only.
    let blank = RawPlanInputs::default();
    assert_eq!(
        field_error(blank),
        [
            "population",
            "scope",
            "current_workers",
            "target",
            "years",
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
    let mut rng = Draws::seeded(6);
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

/// Grouped amounts for people are the web layer's (`Locale::money`, tested there with
/// the cases `Money::format` had).
#[test]
fn money_is_written_plain_with_a_sign() {
    assert_eq!(Money(123_456_789).plain(), "1234567.89");
    assert_eq!(Money(-50).plain(), "-0.50");
    assert_eq!(Money(0).plain(), "0.00");
    assert_eq!(Money(i64::MIN).plain(), "-92233720368547758.08");
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

#[test]
fn the_raw_inputs_are_read_by_the_forms_field_names() {
    use serde::{Deserialize, de::value::MapDeserializer};
    let typed = [
        ("population", "29,650,000"),
        ("scope", "social_workers"),
        ("current_workers", "256"),
        ("target", "10"),
        ("years", "5"),
        ("attrition", "5%"),
        ("population_growth", "0"),
        ("salary", "6,000.00"),
        ("on_costs", "20"),
        ("supervision_span", "10"),
        ("supervisor_salary", "9,000.00"),
        ("recruitment", "500"),
        ("initial_training", "1,000.00"),
        ("equipment", "300"),
        ("in_service_training", "200"),
        ("transport", "150"),
        ("operating", "250"),
        ("currency", "kes"),
        ("price_year", "2024"),
    ];
    let read = RawPlanInputs::deserialize(MapDeserializer::<_, serde::de::value::Error>::new(
        typed.into_iter(),
    ));
    assert_eq!(
        read,
        Ok(example_raw()),
        "the missing group fields are empty"
    );
}

#[test]
fn a_scenario_name_is_one_line_of_at_most_120_characters() {
    assert_eq!(
        ScenarioName::parse("  Kenya   2030\n target ").map(|name| name.as_str().to_owned()),
        Ok("Kenya 2030 target".to_owned())
    );
    assert_eq!(ScenarioName::parse(" \t "), Err(ScenarioNameError::Empty));
    assert!(ScenarioName::parse(&"é".repeat(SCENARIO_NAME_MAX_CHARS)).is_ok());
    assert_eq!(
        ScenarioName::parse(&"é".repeat(SCENARIO_NAME_MAX_CHARS + 1)),
        Err(ScenarioNameError::TooLong)
    );
}
