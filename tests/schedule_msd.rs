//! The Minimum Shift Design benchmark (DBAI TU Wien random instances), hourly and half-hourly
//! instances of Data Set 1: the scheduler must reach the published optimum, with the objective
//! recomputed here from the returned shifts (never read from the solver).
//!
//! Expected values: RandomExample1 = 480 (Di Gaspero et al., Annals of OR 155, 2007); 2 = 300,
//! 3 = 600, 4 = 450, 5 = 480 (proven optima, `data/msd_dbai_dzn/README.md`; Kletzander & Musliu,
//! CPAIOR 2019 solve every instance to optimality). Tolerance: exact (integer minutes).

#[path = "msd_loader/mod.rs"]
mod msd;

use wfmkit::schedule::{schedule, SolveStatus};

fn check(k: u32, optimum: u64) {
    let inst = msd::load(&msd::path_of(k));
    let plan = schedule(&inst.requirement(), &inst.options().time_limit_s(120.0)).unwrap();
    inst.check_shifts(&plan);
    let recomputed = inst.objective_of(&plan);
    assert_eq!(recomputed, optimum, "RandomExample{k}: recomputed objective");
    assert_eq!(plan.status, SolveStatus::Optimal, "RandomExample{k}");
    // The plan's own split agrees with the recomputation, and the bound proves the optimum.
    assert!(
        (plan.objective - optimum as f64).abs() < 1e-6,
        "RandomExample{k}: {}",
        plan.objective
    );
    assert!(plan.bound <= optimum as f64 + 1e-6 && plan.bound >= optimum as f64 - 1e-6 * optimum as f64 - 1e-6);
}

#[test]
fn random_example_1_reaches_480() {
    check(1, 480);
}

#[test]
fn random_example_2_reaches_300() {
    check(2, 300);
}

#[test]
fn random_example_3_reaches_600() {
    check(3, 600);
}

#[test]
fn random_example_4_reaches_450() {
    check(4, 450);
}

#[test]
fn random_example_5_reaches_480() {
    check(5, 480);
}

/// A time limit reached with a feasible plan is not an error: on RandomExample27 (15-minute
/// slots, not proven optimal by HiGHS within 180 s on this model) a 5 s limit returns status
/// `time_limit` with a plan (HiGHS's incumbent, or the always-feasible empty plan when it has
/// none yet) whose recomputed objective is the reported one, above the bound and not below the
/// optimum 300 (README of data/msd_dbai_dzn: proven by CP-SAT).
#[test]
fn time_limit_returns_a_feasible_plan_with_its_gap() {
    let inst = msd::load(&msd::path_of(27));
    let plan = schedule(&inst.requirement(), &inst.options().time_limit_s(5.0)).unwrap();
    assert_eq!(plan.status, SolveStatus::TimeLimit);
    inst.check_shifts(&plan);
    let recomputed = inst.objective_of(&plan) as f64;
    assert!((recomputed - plan.objective).abs() < 1e-6);
    assert!(recomputed >= 300.0);
    assert!(plan.bound <= 300.0 + 1e-6 && plan.gap > 0.0);
    assert!((plan.gap - (plan.objective - plan.bound) / plan.objective).abs() < 1e-12);
}
