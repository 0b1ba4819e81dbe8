//! Running HiGHS on a good_lp model and reading status, objective, bound and gap.
//!
//! good_lp builds the model; its HiGHS backend does not expose the best bound, so the model is
//! handed to the `highs` crate's [`highs::Model`] and solved there. Solver errors are wrapped in
//! [`ScheduleError`], never leaked.

use std::cell::Cell;
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::variable::UnsolvedProblem;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::{Deserialize, Serialize};

use super::{ScheduleError, SolverOptions};

/// How the solver finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal (gap 0 up to HiGHS's tolerances).
    Optimal,
    /// Stopped at the requested relative MIP gap with a feasible plan.
    GapLimit,
    /// Stopped at the time limit with a feasible plan; see the gap.
    TimeLimit,
}

impl SolveStatus {
    /// The status name used in frames, manifests and Python.
    pub fn name(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::GapLimit => "gap_limit",
            SolveStatus::TimeLimit => "time_limit",
        }
    }
}

/// The raw outcome of a solve: column values in variable-creation order.
pub(crate) struct Solved {
    pub columns: Vec<f64>,
    pub status: SolveStatus,
    pub bound: f64,
    pub seconds: f64,
}

/// Solves `problem` subject to `constraints` with the options' solver knobs. `fallback` holds
/// feasible column values (in variable-creation order), returned with status time limit when
/// the limit passes before HiGHS has a feasible solution. (Handing them to HiGHS as a MIP start
/// made it overrun its time limit several-fold, so they are not passed in.)
pub(crate) fn solve(
    problem: UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    opts: &SolverOptions,
    fallback: Option<&[f64]>,
) -> Result<Solved, ScheduleError> {
    let started = Instant::now();
    match solve_outcome(problem, constraints, opts)? {
        Outcome::Solved(s) => Ok(s),
        Outcome::NoSolution { bound } => match fallback {
            Some(cols) => Ok(Solved {
                columns: cols.to_vec(),
                status: SolveStatus::TimeLimit,
                bound,
                seconds: started.elapsed().as_secs_f64(),
            }),
            None => Err(ScheduleError::NoFeasiblePlan {
                time_limit_s: opts.time_limit_s,
            }),
        },
    }
}

/// How a solve ended when it did not fail.
pub(crate) enum Outcome {
    /// A feasible solution (optimal or at a limit).
    Solved(Solved),
    /// A limit passed before HiGHS had a feasible solution; `bound` is its dual bound then
    /// (minus infinity when it has none).
    NoSolution { bound: f64 },
}

/// As [`solve`] without a fallback, keeping HiGHS's bound when the time limit passes before it
/// finds a feasible solution.
pub(crate) fn solve_outcome(
    problem: UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    opts: &SolverOptions,
) -> Result<Outcome, ScheduleError> {
    solve_outcome_from(problem, constraints, opts, &[])
}

/// As [`solve_outcome`], with `start` handed to HiGHS as a partial MIP start: (column, value)
/// pairs in variable-creation order. HiGHS fixes the integer columns given, completes the rest
/// (an LP, or a small MIP when integer columns are left out) and, when that is feasible, starts
/// its search from it. Meant for starts that fix nearly every integer column (the roster
/// search's incumbent), whose completion is quick; an empty `start` is none.
pub(crate) fn solve_outcome_from(
    problem: UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    opts: &SolverOptions,
    start: &[(usize, f64)],
) -> Result<Outcome, ScheduleError> {
    let started = Instant::now();
    let mut model = highs_model(problem, constraints, opts)?;
    set_option(&mut model, "mip_rel_gap", opts.mip_gap)?;
    if !start.is_empty() {
        let index: Vec<highs_sys::HighsInt> = start.iter().map(|&(j, _)| j as highs_sys::HighsInt).collect();
        let value: Vec<f64> = start.iter().map(|&(_, v)| v).collect();
        // SAFETY: `model` owns a live HiGHS instance; both arrays hold `start.len()` entries.
        let status = unsafe {
            highs_sys::Highs_setSparseSolution(
                model.as_mut_ptr(),
                start.len() as highs_sys::HighsInt,
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        if status == highs_sys::kHighsStatusError {
            return Err(ScheduleError::Solver("HiGHS rejected the MIP start".into()));
        }
    }

    let solved = model.try_solve().map_err(|e| ScheduleError::Solver(format!("{e:?}")))?;
    let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = match solved.status() {
        HighsModelStatus::Optimal => {
            let gap = solved.mip_gap();
            if gap.is_finite() && gap > 1e-9 {
                SolveStatus::GapLimit
            } else {
                SolveStatus::Optimal
            }
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => {
            if feasible {
                SolveStatus::TimeLimit
            } else {
                let bound = solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NEG_INFINITY);
                return Ok(Outcome::NoSolution { bound });
            }
        }
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(ScheduleError::Infeasible {
                row: None,
                interval: None,
                reason: "HiGHS proved that no plan meets the hard rules".into(),
            })
        }
        other => return Err(ScheduleError::Solver(format!("HiGHS finished with status {other:?}"))),
    };
    if !feasible {
        return Err(ScheduleError::Solver("HiGHS returned no feasible solution".into()));
    }
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .map_err(|e| ScheduleError::Solver(format!("reading the MIP bound: {e:?}")))?;
    Ok(Outcome::Solved(Solved {
        columns: solved.get_solution().columns().to_vec(),
        status,
        bound,
        seconds: started.elapsed().as_secs_f64(),
    }))
}

/// `problem` and `constraints` as a HiGHS model with the options' time limit, threads and seed
/// (quiet unless `WFM_HIGHS_LOG` is set in the environment, for diagnosing slow solves).
fn highs_model(
    problem: UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    opts: &SolverOptions,
) -> Result<highs::Model, ScheduleError> {
    let mut lp = highs(problem);
    for c in constraints {
        lp.add_constraint(c);
    }
    let mut model = lp.try_into_inner().map_err(|e| ScheduleError::Solver(e.to_string()))?;
    if std::env::var_os("WFM_HIGHS_LOG").is_none() {
        model.make_quiet();
    }
    set_option(&mut model, "time_limit", opts.time_limit_s)?;
    set_option(&mut model, "threads", opts.threads as i32)?;
    set_option(&mut model, "random_seed", (opts.seed % i32::MAX as u32) as i32)?;
    use_threads(opts.threads);
    Ok(model)
}

/// The optimum of a linear program (no integer columns), or `None` when HiGHS does not reach
/// it within the options' time limit. Only an optimum is returned: the objective of an
/// unfinished simplex is no bound.
pub(crate) fn lp_optimum(
    problem: UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    opts: &SolverOptions,
) -> Result<Option<f64>, ScheduleError> {
    let model = highs_model(problem, constraints, opts)?;
    let solved = model.try_solve().map_err(|e| ScheduleError::Solver(format!("{e:?}")))?;
    Ok((solved.status() == HighsModelStatus::Optimal).then(|| solved.objective_value()))
}

thread_local! {
    /// The `threads` of the last solve on this thread: the size of its HiGHS scheduler.
    static SCHEDULER_THREADS: Cell<Option<u32>> = const { Cell::new(None) };
}

/// HiGHS keeps one task scheduler per calling thread, sized by the `threads` option of the
/// thread's first solve, and fails any later solve that asks for another number (status `Error`,
/// "the scheduler has already been initialized"). So a solve with another `threads` than the last
/// one on this thread first shuts the old scheduler down.
pub(crate) fn use_threads(threads: u32) {
    SCHEDULER_THREADS.with(|last| {
        if last.get().is_some_and(|n| n != threads) {
            // SAFETY: HiGHS allows this from the thread that owns the scheduler when no HiGHS run
            // is in progress on it; this is that thread, before its run. Non-blocking: the old
            // worker threads finish on their own.
            unsafe { highs_sys::Highs_resetThreadScheduler(0) };
        }
        last.set(Some(threads));
    });
}

pub(crate) fn set_option<V: highs::HighsOptionValue>(
    model: &mut highs::Model,
    name: &str,
    value: V,
) -> Result<(), ScheduleError> {
    model
        .try_set_option(name, value)
        .map_err(|e| ScheduleError::Solver(format!("setting HiGHS option {name}: {e:?}")))
}

/// The HiGHS library version the solver links, e.g. `1.12.0` (for run manifests and reports).
pub fn highs_version() -> String {
    // SAFETY: these HiGHS C API functions take no arguments and return plain integers.
    unsafe {
        format!(
            "{}.{}.{}",
            highs_sys::Highs_versionMajor(),
            highs_sys::Highs_versionMinor(),
            highs_sys::Highs_versionPatch()
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use crate::schedule::{schedule, CoverRequirement, ScheduleOptions, ShiftTemplate};

    /// Solves with another `threads` than the last solve on the same thread. Regression: HiGHS
    /// kept the first solve's scheduler and the second failed with "the MILP solver failed:
    /// Error". Expected: 2 agents for 8 hours from 00:00 with 4-hour shifts starting 00:00 to
    /// 04:00 are two shifts at 00:00 and two at 04:00, 4 × 240 = 960 paid minutes, whatever the
    /// threads.
    #[test]
    fn threads_may_change_between_solves_on_one_thread() {
        let t0 = NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let req = CoverRequirement::regular(t0, 3600, vec![2.0; 8]).unwrap();
        let t = ShiftTemplate {
            name: "four".into(),
            earliest_start: NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
            latest_start: NaiveTime::from_hms_opt(4, 0, 0).unwrap(),
            start_step_min: None,
            min_length_min: 240,
            max_length_min: 240,
            length_step_min: None,
            days: None,
            cost_per_min: 1.0,
            breaks: vec![],
            max_per_day: None,
        };
        for threads in [1, 2, 1, 3, 3, 1] {
            let opts = ScheduleOptions::default().templates(vec![t.clone()]).threads(threads);
            let plan = schedule(&req, &opts).unwrap_or_else(|e| panic!("threads {threads}: {e}"));
            assert_eq!(plan.objective, 960.0, "threads {threads}");
        }
    }
}
