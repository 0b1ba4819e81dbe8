//! The whole pipeline: history → forecast → requirements → schedule → evaluation.
//!
//! [`run_stages`] is the one per-queue path: the command-line job (`io`), Python's
//! `wfmkit.plan` and [`QueueWork::run`] (a serialisable unit of work for a worker pool or a
//! cluster) all call it. [`plan`] is its shorthand for a whole run from a history.

mod stages;
mod work;

use serde::{Deserialize, Serialize};

// The job's roster simulation (only with `io`, which has the job).
#[cfg(feature = "io")]
pub(crate) use stages::simulate_coverage;
pub use stages::{run_stages, Stage, StageEvent, StageInput, StageResults};
pub use work::{HistoryRows, QueueWork, RowTimes};

use crate::evaluation::{Evaluation, SimulatedEvaluation};
use crate::forecast::{Forecast, ForecastOptions, History};
use crate::requirements::StaffingRequirements;
use crate::schedule::{Plan, ScheduleOptions};
use crate::simulate::SimulationSettings;
use crate::staffing::StaffingOptions;

/// The options of every stage, as in the job config's `[forecast]`, `[staffing]`,
/// `[schedule]` and `[simulation]` tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StageOptions {
    /// Forecast options.
    pub forecast: ForecastOptions,
    /// Staffing model and targets.
    pub staffing: StaffingOptions,
    /// Templates, costs and solver knobs.
    pub schedule: ScheduleOptions,
    /// With settings, the plan is also simulated on its workload (see
    /// [`crate::evaluation::simulate_on_duty`]); default none.
    pub simulation: Option<SimulationSettings>,
}

/// What [`plan`] produces.
#[derive(Debug, Clone)]
pub struct PlanOutput {
    /// The volume and AHT forecast.
    pub forecast: Forecast,
    /// Agents required per interval.
    pub requirements: StaffingRequirements,
    /// The shifts and coverage.
    pub plan: Plan,
    /// The plan's projected service, when the staffing model has an evaluation (Erlang C).
    pub evaluation: Option<Evaluation>,
    /// The plan's simulated service, when [`StageOptions::simulation`] is set.
    pub simulation: Option<SimulatedEvaluation>,
}

/// Runs forecast, staffing, schedule and evaluation on one queue's history
/// ([`run_stages`] up to [`Stage::Schedule`]).
///
/// # Errors
///
/// The first stage error, as a crate [`crate::Error`].
pub fn plan(history: &History, options: &StageOptions) -> crate::Result<PlanOutput> {
    let r = run_stages(StageInput::History(history), options, Stage::Schedule, &mut |_| {})?;
    match (r.forecast, r.requirements, r.plan) {
        (Some(forecast), Some(requirements), Some(plan)) => Ok(PlanOutput {
            forecast,
            requirements,
            plan,
            evaluation: r.evaluation,
            simulation: r.simulation,
        }),
        _ => unreachable_stages(),
    }
}

/// [`run_stages`] up to the schedule returns every stage's result; this is the error if it ever
/// did not (a bug, reported rather than panicking).
fn unreachable_stages<T>() -> crate::Result<T> {
    Err(crate::schedule::ScheduleError::Solver("internal error: a stage returned no result".into()).into())
}
