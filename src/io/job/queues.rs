//! Running each queue's stages ([`crate::pipeline::run_stages`]) on a pool of worker threads.

use std::time::Instant;

use super::agents::roster_stage;
use super::inputs::{load_history, load_requirement, QueueSpec, Source};
use super::{JobEvent, QueueResult, Stage};
use crate::evaluation::Workload;
use crate::forecast::History;
use crate::io::projection::FrameWorkload;
use crate::io::JobConfig;
use crate::pipeline::{run_stages, simulate_coverage, StageInput, StageResults};
use crate::schedule::{CoverRequirement, ScheduleError};

/// A queue's input, read and checked: where its stages start.
pub(super) enum QueueInput {
    /// Its history.
    History(History),
    /// A requirement to schedule, with the requirements file's volume and AHT when it has them
    /// (to evaluate the plan and simulate the roster).
    Requirement(CoverRequirement, Option<FrameWorkload>),
}

impl QueueInput {
    /// The input of [`run_stages`].
    pub(super) fn stage_input(&self) -> StageInput<'_> {
        match self {
            QueueInput::History(h) => StageInput::History(h),
            QueueInput::Requirement(requirement, workload) => StageInput::CoverRequirement {
                requirement,
                workload: workload.as_ref().map(|(ts, v, a)| Workload {
                    timestamps: ts,
                    volume: v,
                    aht_s: a,
                }),
            },
        }
    }
}

/// A queue's input with what the manifest reports about reading it.
pub(super) struct LoadedQueue {
    /// The input.
    pub(super) input: QueueInput,
    /// Wall time to read and check it, in seconds.
    pub(super) read_seconds: f64,
    /// The queue's own input file (path, SHA-256, rows), when it has one.
    pub(super) input_file: Option<serde_json::Value>,
}

/// Reads and checks one queue's history or requirement.
pub(super) fn load_queue(cfg: &JobConfig, input: &QueueSpec) -> crate::Result<LoadedQueue> {
    let t = Instant::now();
    let (input, input_file) = match &input.source {
        Source::RequirementsFile(df, path, rows) => {
            let (requirement, workload) = load_requirement(input, df, path, rows)?;
            (QueueInput::Requirement(requirement, workload), None)
        }
        // The schedule options are checked against the interval by `validate` before any queue
        // runs, and again by `run_stages`.
        _ => {
            let (history, input_file) = load_history(cfg, input)?;
            (QueueInput::History(history), input_file)
        }
    };
    Ok(LoadedQueue {
        input,
        read_seconds: t.elapsed().as_secs_f64(),
        input_file,
    })
}

/// How far a queue's stages run: a queue of a skill group stops at its requirement (the group
/// is scheduled as one).
pub(super) fn queue_until(cfg: &JobConfig, queue: &str, until: Stage) -> Stage {
    if until == Stage::Schedule && super::groups::stops_at_requirements(cfg, queue) {
        Stage::Requirements
    } else {
        until
    }
}

/// One queue: its input read and checked, then [`run_stages`] (the path Python's `wfmkit.plan`
/// takes too), then [`finish_queue`].
pub(super) fn run_queue(
    cfg: &JobConfig,
    input: &QueueSpec,
    until: Stage,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let loaded = load_queue(cfg, input)?;
    let mut forward = super::forward_events(&input.name, on_event);
    let until = queue_until(cfg, &input.name, until);
    let results = run_stages(loaded.input.stage_input(), &input.stages, until, &mut forward)?;
    let workload = match &loaded.input {
        QueueInput::Requirement(_, w) => w.as_ref(),
        QueueInput::History(..) => None,
    };
    finish_queue(
        cfg,
        input,
        results,
        workload,
        loaded.read_seconds,
        loaded.input_file.clone(),
        on_event,
    )
}

/// What follows a queue's stages, in the job's own process whichever backend ran them: the
/// roster of its named agents when the job has `[agents]`, and the roster's simulation.
/// `file_workload` is a requirements file's volume and AHT, `read_seconds` and `input_file` what
/// [`load_queue`] reported.
pub(super) fn finish_queue(
    cfg: &JobConfig,
    input: &QueueSpec,
    results: StageResults,
    file_workload: Option<&FrameWorkload>,
    read_seconds: f64,
    input_file: Option<serde_json::Value>,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let roster = match (&results.requirement, &results.plan) {
        (Some(requirement), Some(plan)) => roster_stage(cfg, input, requirement, plan, on_event)?,
        _ => None,
    };
    // The roster's agents at work, simulated as the plan's are (`[simulation]`).
    let workload = match (&results.requirements, file_workload) {
        (Some(r), _) => Some(Workload::from(r)),
        (None, Some((ts, v, a))) => Some(Workload {
            timestamps: ts,
            volume: v,
            aht_s: a,
        }),
        _ => None,
    };
    let roster_simulation = match roster.as_ref().and_then(|r| r.coverage.as_ref()) {
        Some(c) => simulate_coverage(c, workload, &input.stages)?,
        None => None,
    };
    Ok(QueueResult {
        forecast: results.forecast,
        requirements: results.requirements,
        plan: results.plan,
        evaluation: results.evaluation,
        simulation: results.simulation,
        roster,
        roster_simulation,
        requirement: results.requirement,
        timings: results.timings,
        read_seconds,
        input_file,
    })
}

/// Runs the queues on up to `workers` threads ([`super::map_on_threads`]); a panic in a
/// dependency (polars, HiGHS) fails that queue only, as an internal error.
pub(super) fn run_parallel(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    until: Stage,
    workers: usize,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> Vec<crate::Result<QueueResult>> {
    let finish = |input: &QueueSpec, r: crate::Result<QueueResult>| {
        super::report_failure(&input.name, &r, on_event);
        r
    };
    super::map_on_threads(
        workers,
        inputs,
        |_, input| finish(input, run_queue(cfg, input, until, on_event)),
        |input| {
            let panicked = ScheduleError::Solver("internal error (panic) while planning this queue".into());
            finish(input, Err(panicked.into()))
        },
    )
}
