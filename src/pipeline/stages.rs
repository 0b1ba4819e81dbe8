//! [`run_stages`]: the one per-queue path through forecast, staffing, schedule and evaluation.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::StageOptions;
use crate::evaluation::{
    evaluate_workload, simulate_on_duty, Evaluation, EvaluationMethod, SimulatedEvaluation, Workload,
};
use crate::forecast::{forecast, Forecast, History};
use crate::requirements::{requirements_by_method, StaffingRequirements};
use crate::schedule::{schedule, CoverRequirement, Coverage, Plan};

/// How far a queue runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Forecast only.
    Forecast,
    /// Forecast and requirements.
    Requirements,
    /// Forecast, requirements, schedule and (where the staffing model has one) evaluation.
    Schedule,
}

impl Stage {
    /// The stage's name in logs and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Forecast => "forecast",
            Stage::Requirements => "requirements",
            Stage::Schedule => "schedule",
        }
    }
}

/// Progress of one queue through its stages.
#[derive(Debug, Clone, PartialEq)]
pub enum StageEvent {
    /// A stage started.
    Started(Stage),
    /// A stage finished.
    Finished {
        /// The stage.
        stage: Stage,
        /// Wall time of the stage in seconds.
        seconds: f64,
        /// A one-line summary for the log.
        summary: String,
    },
}

/// Where a queue starts: its history (every stage runs), or a requirement to schedule (the
/// schedule stage alone), with the workload the plan is evaluated on when there is one.
#[derive(Debug, Clone, Copy)]
pub enum StageInput<'a> {
    /// A history: forecast, then staffing, then schedule.
    History(&'a History),
    /// Agents to cover per interval: schedule only.
    CoverRequirement {
        /// The requirement.
        requirement: &'a CoverRequirement,
        /// The volume and AHT per interval, for the evaluation.
        workload: Option<Workload<'a>>,
    },
}

/// What [`run_stages`] produced: one field per stage that ran.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct StageResults {
    /// The forecast (not for a run from a requirement).
    pub forecast: Option<Forecast>,
    /// The staffing per interval (not for a run from a requirement).
    pub requirements: Option<StaffingRequirements>,
    /// The requirement the schedule covered.
    pub requirement: Option<CoverRequirement>,
    /// The shift plan.
    pub plan: Option<Plan>,
    /// The evaluation of the plan, when the staffing model has one
    /// ([`EvaluationMethod::for_staffing`]) and the workload is known.
    pub evaluation: Option<Evaluation>,
    /// The plan's simulated service, when [`StageOptions::simulation`] is set and the workload
    /// is known.
    pub simulation: Option<SimulatedEvaluation>,
    /// Wall time per stage that ran, in seconds.
    pub timings: Vec<(Stage, f64)>,
}

/// Runs one queue's stages up to `until`: forecast, staffing, schedule, then the evaluation of
/// the plan (and its simulation, with [`StageOptions::simulation`]). `on_event` hears each
/// stage start and finish. The command-line job, Python's `wfmkit.plan` and
/// [`super::QueueWork::run`] all come through here.
///
/// With `until = Schedule` the schedule options are checked against the interval before the
/// forecast starts, so a bad template fails fast.
///
/// # Errors
///
/// The first stage error, as a crate [`crate::Error`].
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::forecast::History;
/// use wfmkit::pipeline::{run_stages, Stage, StageInput, StageOptions};
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..28 * 48).map(|i| t0 + chrono::Duration::minutes(30 * i)).collect();
/// let vol: Vec<f64> = ts.iter().map(|t| if (8..18).contains(&chrono::Timelike::hour(t)) { 60.0 } else { 0.0 }).collect();
/// let h = History::try_new(1800, ts, vol).unwrap().with_aht(vec![240.0; 28 * 48], None).unwrap();
/// let mut options = StageOptions::default();
/// options.staffing.service_level = Some(0.8); // 80% answered within 20 s
/// let mut events = 0;
/// let r = run_stages(StageInput::History(&h), &options, Stage::Requirements, &mut |_| events += 1).unwrap();
/// assert!(r.forecast.is_some() && r.requirements.is_some() && r.plan.is_none());
/// assert_eq!(events, 4); // forecast and requirements, each started and finished
/// ```
pub fn run_stages(
    input: StageInput<'_>,
    options: &StageOptions,
    until: Stage,
    on_event: &mut dyn FnMut(StageEvent),
) -> crate::Result<StageResults> {
    let mut out = StageResults::default();
    let history = match input {
        StageInput::History(h) => h,
        StageInput::CoverRequirement { requirement, workload } => {
            options.schedule.check(requirement.interval_s())?;
            let plan = schedule_stage(requirement, options, &mut out, on_event)?;
            out.evaluation = evaluation(&plan, workload, options)?;
            out.simulation = simulate_coverage(&plan.coverage, workload, options)?;
            out.plan = Some(plan);
            out.requirement = Some(requirement.clone());
            return Ok(out);
        }
    };
    if until == Stage::Schedule {
        options.schedule.check(history.interval_s())?;
    }
    let f = timed(
        Stage::Forecast,
        &mut out,
        on_event,
        || Ok(forecast(history, &options.forecast)?),
        |f| {
            format!(
                "{} intervals, {:.0} contacts ({})",
                f.len(),
                f.volume.iter().sum::<f64>(),
                f.model
            )
        },
    )?;
    if until == Stage::Forecast {
        out.forecast = Some(f);
        return Ok(out);
    }
    let r = timed(
        Stage::Requirements,
        &mut out,
        on_event,
        || requirements_by_method(&f, &options.staffing, options.simulation.as_ref()),
        |r| {
            format!(
                "peak {} agents gross",
                r.staffing.iter().map(|s| s.agents_gross).max().unwrap_or(0)
            )
        },
    )?;
    out.forecast = Some(f);
    if until == Stage::Requirements {
        out.requirements = Some(r);
        return Ok(out);
    }
    let requirement = r.to_cover_requirement()?;
    let plan = schedule_stage(&requirement, options, &mut out, on_event)?;
    out.evaluation = evaluation(&plan, Some(Workload::from(&r)), options)?;
    out.simulation = simulate_coverage(&plan.coverage, Some(Workload::from(&r)), options)?;
    out.requirements = Some(r);
    out.plan = Some(plan);
    out.requirement = Some(requirement);
    Ok(out)
}

/// Runs one stage between its `Started` and `Finished` events, and records its wall time in
/// `out.timings`; `summary` gives the log line of its result.
fn timed<T>(
    stage: Stage,
    out: &mut StageResults,
    on_event: &mut dyn FnMut(StageEvent),
    run: impl FnOnce() -> crate::Result<T>,
    summary: impl FnOnce(&T) -> String,
) -> crate::Result<T> {
    on_event(StageEvent::Started(stage));
    let t = Instant::now();
    let value = run()?;
    let seconds = t.elapsed().as_secs_f64();
    out.timings.push((stage, seconds));
    on_event(StageEvent::Finished {
        stage,
        seconds,
        summary: summary(&value),
    });
    Ok(value)
}

/// The schedule stage, timed, with its events.
fn schedule_stage(
    requirement: &CoverRequirement,
    options: &StageOptions,
    out: &mut StageResults,
    on_event: &mut dyn FnMut(StageEvent),
) -> crate::Result<Plan> {
    timed(
        Stage::Schedule,
        out,
        on_event,
        || Ok(schedule(requirement, &options.schedule)?),
        |p| {
            format!(
                "{}, objective {:.1}, bound {:.1}, gap {:.4}%",
                p.status.name(),
                p.objective,
                p.bound,
                100.0 * p.gap
            )
        },
    )
}

/// The plan's evaluation by the staffing model's method, when it has one and the workload is
/// known.
fn evaluation(
    plan: &Plan,
    workload: Option<Workload<'_>>,
    options: &StageOptions,
) -> crate::Result<Option<Evaluation>> {
    match (EvaluationMethod::for_staffing(&options.staffing), workload) {
        (Some(method), Some(w)) => Ok(Some(evaluate_workload(plan, w, &method)?)),
        _ => Ok(None),
    }
}

/// The agents on duty of a plan's (or a roster's) `coverage` simulated on their workload with
/// [`StageOptions::simulation`], when set and the workload is known.
pub(crate) fn simulate_coverage(
    c: &Coverage,
    workload: Option<Workload<'_>>,
    options: &StageOptions,
) -> crate::Result<Option<SimulatedEvaluation>> {
    match (&options.simulation, workload) {
        (Some(_), Some(_)) if !options.staffing.is_voice() => Err(crate::simulate::SimulateError::InvalidInput {
            name: "[simulation] (it simulates one contact per agent at a time as it arrives, not a chat queue's \
                   concurrency or backlog work; the value is the concurrency)",
            value: options.staffing.concurrency as f64,
        }
        .into()),
        (Some(settings), Some(w)) => Ok(Some(simulate_on_duty(
            &c.timestamps,
            &c.scheduled,
            c.interval_s,
            w,
            settings,
            &options.staffing,
        )?)),
        _ => Ok(None),
    }
}
