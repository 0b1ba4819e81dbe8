//! Running each queue's stages ([`crate::pipeline::run_stages`]) on a pool of worker threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::agents::roster_stage;
use super::inputs::{load_history, load_requirement, QueueSpec, Source};
use super::{JobEvent, QueueResult, Stage};
use crate::evaluation::Workload;
use crate::io::JobConfig;
use crate::pipeline::{run_stages, simulate_coverage, StageInput};
use crate::schedule::ScheduleError;

/// One queue: its input read and checked, then [`run_stages`] (the path Python's `wfmkit.plan`
/// takes too), then the roster of its named agents when the job has `[agents]`.
pub(super) fn run_queue(
    cfg: &JobConfig,
    input: &QueueSpec,
    until: Stage,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let q = &input.name;
    let t = Instant::now();
    // A queue of a skill group stops at its requirement: the group is scheduled as one.
    let until = if until == Stage::Schedule && super::groups::stops_at_requirements(cfg, q) {
        Stage::Requirements
    } else {
        until
    };
    let mut forward = super::forward_events(q, on_event);
    // A requirements file's volume and AHT, kept to simulate the roster.
    let mut file_workload = None;
    let (results, read_seconds, input_file) = match &input.source {
        Source::RequirementsFile(df, path, rows) => {
            let (requirement, workload) = load_requirement(input, df, path, rows)?;
            let read_seconds = t.elapsed().as_secs_f64();
            file_workload = workload;
            let workload = file_workload.as_ref().map(|(ts, v, a)| Workload {
                timestamps: ts,
                volume: v,
                aht_s: a,
            });
            let from = StageInput::CoverRequirement {
                requirement: &requirement,
                workload,
            };
            (
                run_stages(from, &input.stages, until, &mut forward)?,
                read_seconds,
                None,
            )
        }
        _ => {
            // The schedule options are checked against the interval by `validate` before any
            // queue runs, and again by `run_stages`.
            let (history, input_file) = load_history(cfg, input)?;
            let read_seconds = t.elapsed().as_secs_f64();
            let r = run_stages(StageInput::History(&history), &input.stages, until, &mut forward)?;
            (r, read_seconds, input_file)
        }
    };
    let roster = match (&results.requirement, &results.plan) {
        (Some(requirement), Some(plan)) => roster_stage(cfg, input, requirement, plan, on_event)?,
        _ => None,
    };
    // The roster's agents at work, simulated as the plan's are (`[simulation]`).
    let workload = match (&results.requirements, &file_workload) {
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

/// Runs the queues on up to `workers` threads, each taking the next queue when it is free, so
/// memory holds at most `workers` queues' working sets at once.
pub(super) fn run_parallel(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    until: Stage,
    workers: usize,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> Vec<crate::Result<QueueResult>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<crate::Result<QueueResult>>>> = Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, inputs.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(input) = inputs.get(i) else { break };
                // A panic in a dependency (polars, HiGHS) fails this queue only, as an internal error.
                let r =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_queue(cfg, input, until, on_event)))
                        .unwrap_or_else(|_| {
                            Err(ScheduleError::Solver("internal error (panic) while planning this queue".into()).into())
                        });
                if let Err(e) = &r {
                    on_event(JobEvent::Failed {
                        queue: input.name.clone(),
                        message: e.to_string(),
                    });
                }
                if let Ok(mut g) = results.lock() {
                    g[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(ScheduleError::Solver("a worker thread stopped unexpectedly".into()).into())))
        .collect()
}
