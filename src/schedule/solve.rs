//! Running HiGHS on a good_lp model and reading status, objective, bound and gap.
//!
//! good_lp builds the model; its HiGHS backend does not expose the best bound, so the model is
//! handed to the `highs` crate's [`highs::Model`] and solved there. Solver errors are wrapped in
//! [`ScheduleError`], never leaked.

use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::variable::UnsolvedProblem;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus};
use serde::{Deserialize, Serialize};

use super::{ScheduleError, ScheduleOptions};

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
    opts: &ScheduleOptions,
    fallback: Option<&[f64]>,
) -> Result<Solved, ScheduleError> {
    let started = Instant::now();
    let mut lp = highs(problem);
    for c in constraints {
        lp.add_constraint(c);
    }
    let mut model = lp.try_into_inner().map_err(|e| ScheduleError::Solver(e.to_string()))?;
    model.make_quiet();
    set_option(&mut model, "time_limit", opts.time_limit_s)?;
    set_option(&mut model, "mip_rel_gap", opts.mip_gap)?;
    set_option(&mut model, "threads", opts.threads as i32)?;
    set_option(&mut model, "random_seed", (opts.seed % i32::MAX as u32) as i32)?;

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
            } else if let Some(cols) = fallback {
                let bound = solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NEG_INFINITY);
                return Ok(Solved {
                    columns: cols.to_vec(),
                    status: SolveStatus::TimeLimit,
                    bound,
                    seconds: started.elapsed().as_secs_f64(),
                });
            } else {
                return Err(ScheduleError::NoFeasiblePlan {
                    time_limit_s: opts.time_limit_s,
                });
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
    Ok(Solved {
        columns: solved.get_solution().columns().to_vec(),
        status,
        bound,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn set_option<V: highs::HighsOptionValue>(model: &mut highs::Model, name: &str, value: V) -> Result<(), ScheduleError> {
    model
        .try_set_option(name, value)
        .map_err(|e| ScheduleError::Solver(format!("setting HiGHS option {name}: {e:?}")))
}
