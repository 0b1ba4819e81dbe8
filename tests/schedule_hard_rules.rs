//! Hard rules: `hard_coverage` and a template's `max_per_day`. Infeasible instances must name the
//! interval and the rule; feasible ones must meet every interval. Expected optima are worked out
//! by hand in each test's comment (exact: every value is an integer count of agents or minutes).

use chrono::{NaiveDate, NaiveDateTime};
use wfmkit::schedule::{schedule, CoverRequirement, ScheduleError, ScheduleOptions, ShiftTemplate, SolveStatus};

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

fn at(h: u32) -> NaiveDateTime {
    t0() + chrono::Duration::hours(h as i64)
}

/// A template from TOML lines (the config file's syntax).
fn template(toml_text: &str) -> ShiftTemplate {
    toml::from_str(toml_text).unwrap()
}

fn day_shift(max_per_day: Option<u32>) -> ShiftTemplate {
    let limit = max_per_day.map_or(String::new(), |m| format!("max_per_day = {m}\n"));
    template(&format!(
        "name = \"day\"\nearliest_start = \"07:00\"\nlatest_start = \"09:00\"\nmin_length_min = 480\nmax_length_min = 480\n{limit}"
    ))
}

/// Hourly requirement over one day: `need` agents in the hours `[from, to)`, 0 elsewhere.
fn hours(need: &[(u32, u32, f64)]) -> CoverRequirement {
    let mut r = vec![0.0; 24];
    for &(from, to, v) in need {
        for x in &mut r[from as usize..to as usize] {
            *x = v;
        }
    }
    CoverRequirement::regular(t0(), 3600, r).unwrap()
}

fn infeasible(e: ScheduleError) -> (Option<usize>, Option<NaiveDateTime>, String) {
    let msg = e.to_string();
    match e {
        ScheduleError::Infeasible { row, interval, .. } => (row, interval, msg),
        other => panic!("expected Infeasible, got {other:?}"),
    }
}

/// 03:00 needs an agent but the only template starts 07:00–09:00 and lasts 8 h: hard coverage is
/// infeasible and the error names row 4 (03:00). Soft coverage instead leaves it short by 1.
#[test]
fn an_interval_no_template_reaches_is_named() {
    let req = hours(&[(3, 4, 1.0), (8, 16, 2.0)]);
    let opts = ScheduleOptions::default().templates(vec![day_shift(None)]);
    let (row, interval, msg) = infeasible(schedule(&req, &opts.clone().hard_coverage(true)).unwrap_err());
    assert_eq!(row, Some(4));
    assert_eq!(interval, Some(at(3)));
    assert!(
        msg.contains("row 4 (2024-01-01 03:00:00)") && msg.contains("no shift template can cover it"),
        "{msg}"
    );

    let soft = schedule(&req, &opts).unwrap();
    assert_eq!(soft.coverage.short[3], 1.0);
}

/// A 4-hour shift that must start at 08:00 with a one-hour break exactly 2 h after the start:
/// its agents are always on break at 10:00, so hard coverage of 10:00 is infeasible (row 11).
#[test]
fn an_interval_every_agent_is_on_break_in_is_named() {
    let t = template(
        "name = \"short\"\nearliest_start = \"08:00\"\nlatest_start = \"08:00\"\nmin_length_min = 240\nmax_length_min = 240\n\
         [[breaks]]\nlength_min = 60\nearliest_after_start_min = 120\nlatest_after_start_min = 120\n",
    );
    let req = hours(&[(8, 12, 1.0)]);
    let opts = ScheduleOptions::default()
        .templates(vec![t.clone()])
        .hard_coverage(true);
    let (row, interval, msg) = infeasible(schedule(&req, &opts).unwrap_err());
    assert_eq!((row, interval), (Some(11), Some(at(10))));
    assert!(
        msg.contains("on break then") && msg.contains("`short` (break `break`)"),
        "{msg}"
    );
    // With a window of two begins (10:00 or 11:00) it is feasible: one agent cannot cover
    // 08–12 alone, two can, with breaks at 10:00 and 11:00. Objective: 2 agents × (240 − 60
    // unpaid) min × cost 1 = 360.
    let mut wider = t;
    wider.breaks[0].latest_after_start_min = 180;
    let plan = schedule(&req, &opts.clone().templates(vec![wider])).unwrap();
    assert_eq!(plan.status, SolveStatus::Optimal);
    assert!(plan.coverage.short.iter().all(|s| *s == 0.0));
    assert_eq!(plan.objective, 360.0);
}

/// Five agents are needed 08:00–16:00 but `day` may staff only 3 per day: the error names the
/// first such interval (row 9, 08:00), the template and its limit.
#[test]
fn a_requirement_above_the_day_limits_names_the_template() {
    let req = hours(&[(8, 16, 5.0)]);
    let opts = ScheduleOptions::default()
        .templates(vec![day_shift(Some(3))])
        .hard_coverage(true);
    let (row, interval, msg) = infeasible(schedule(&req, &opts).unwrap_err());
    assert_eq!((row, interval), (Some(9), Some(at(8))));
    assert!(
        msg.contains("`day` (max_per_day 3)") && msg.contains("at most 3"),
        "{msg}"
    );
}

/// Each interval alone is within the limit (2 ≤ 3), but the 08:00 start alone covers 08–12 and
/// the 12:00 start alone covers 16–20, so covering both needs 4 agents against a limit of 3.
/// The elastic LP leaves 1 agent short over 4 hours: min Σ under = 4·(2+2−3) = 4 agent-intervals.
#[test]
fn limits_that_conflict_across_intervals_are_diagnosed_by_the_elastic_lp() {
    let t = template(
        "name = \"split\"\nearliest_start = \"08:00\"\nlatest_start = \"12:00\"\nstart_step_min = 240\n\
         min_length_min = 480\nmax_length_min = 480\nmax_per_day = 3\n",
    );
    let req = hours(&[(8, 12, 2.0), (16, 20, 2.0)]);
    let opts = ScheduleOptions::default().templates(vec![t]).hard_coverage(true);
    let (row, _, msg) = infeasible(schedule(&req, &opts).unwrap_err());
    let row = row.expect("the diagnosis names an interval");
    assert!((9..=12).contains(&row) || (17..=20).contains(&row), "row {row}: {msg}");
    assert!(
        msg.contains("4.00 agent-intervals") && msg.contains("`split` (max_per_day 3)"),
        "{msg}"
    );
}

/// `max_per_day` is honoured and the rest goes to a dearer template: 5 needed 08–16, `day`
/// (cost 1, at most 3) and `flex` (cost 2, unlimited) → 3 × 480 + 2 × 480 × 2 = 3360.
#[test]
fn the_day_limit_moves_agents_to_the_next_cheapest_template() {
    let req = hours(&[(8, 16, 5.0)]);
    let mut flex = day_shift(None);
    flex.name = "flex".into();
    flex.cost_per_min = 2.0;
    let opts = ScheduleOptions::default()
        .templates(vec![day_shift(Some(3)), flex])
        .hard_coverage(true);
    let plan = schedule(&req, &opts).unwrap();
    assert_eq!(plan.status, SolveStatus::Optimal);
    let count = |name: &str| {
        plan.shifts
            .iter()
            .filter(|s| s.shift == name)
            .map(|s| s.count)
            .sum::<u32>()
    };
    assert_eq!((count("day"), count("flex")), (3, 2));
    assert_eq!(plan.objective, 3360.0);
    assert!(plan.coverage.short.iter().all(|s| *s == 0.0));
}

/// Hard coverage on the textbook cyclic instance (8-hour shifts over 24 hourly slots, optimum 55
/// agents, derived in `tests/schedule_textbook.rs`) reaches the same optimum with no under-cover
/// variable at all: 55 × 480 paid minutes.
#[test]
fn hard_coverage_reaches_the_textbook_optimum() {
    let demand = [
        6, 6, 6, 6, 6, 8, 9, 12, 18, 22, 25, 21, 21, 20, 18, 21, 21, 24, 24, 18, 18, 18, 12, 8,
    ];
    let req = CoverRequirement::regular(t0(), 3600, demand.iter().map(|&d| d as f64).collect()).unwrap();
    let t = template("name = \"eight\"\nearliest_start = \"00:00\"\nlatest_start = \"23:00\"\nmin_length_min = 480\nmax_length_min = 480\n");
    let opts = ScheduleOptions::default()
        .templates(vec![t])
        .hard_coverage(true)
        .under_cost(0.0)
        .cyclic(true);
    let plan = schedule(&req, &opts).unwrap();
    assert_eq!(plan.status, SolveStatus::Optimal);
    assert_eq!(plan.shifts.iter().map(|s| s.count).sum::<u32>(), 55);
    assert_eq!(plan.objective, 55.0 * 480.0);
    assert!(plan.coverage.short.iter().all(|s| *s == 0.0));
}

/// A template limit of 0 is rejected as bad input naming the field.
#[test]
fn a_zero_day_limit_is_invalid_input() {
    let req = hours(&[(8, 16, 1.0)]);
    let e = schedule(&req, &ScheduleOptions::default().templates(vec![day_shift(Some(0))])).unwrap_err();
    assert!(e.is_invalid_input());
    assert!(e.to_string().contains("`max_per_day`"), "{e}");
}

/// With hard coverage there is no always-feasible empty plan: a time limit hit before HiGHS has
/// any plan is [`ScheduleError::NoFeasiblePlan`], which the job reports with exit status 4.
/// A week at 15 minutes with breaks cannot be presolved, let alone solved, in a microsecond.
#[test]
fn a_time_limit_before_any_plan_is_no_feasible_plan() {
    let n = 7 * 96;
    let need: Vec<f64> = (0..n)
        .map(|i| {
            let h = (i % 96) as f64 / 4.0;
            (3.0 + 8.0 * (-(h - 13.0).powi(2) / 18.0).exp()).round()
        })
        .collect();
    let req = CoverRequirement::regular(t0(), 900, need).unwrap();
    let t = template(
        "name = \"d\"\nearliest_start = \"00:00\"\nlatest_start = \"23:45\"\nmin_length_min = 360\nmax_length_min = 540\n\
         [[breaks]]\nlength_min = 30\nearliest_after_start_min = 120\nlatest_after_start_min = 300\n",
    );
    let opts = ScheduleOptions::default()
        .templates(vec![t])
        .hard_coverage(true)
        .cyclic(true)
        .time_limit_s(1e-6);
    match schedule(&req, &opts) {
        Err(ScheduleError::NoFeasiblePlan { time_limit_s }) => assert_eq!(time_limit_s, 1e-6),
        other => panic!("expected NoFeasiblePlan, got {:?}", other.map(|p| p.status)),
    }
}
