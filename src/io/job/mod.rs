//! Running a [`JobConfig`]: read every queue's history, run each queue's stages (the one path of
//! [`crate::pipeline::run_stages`]) in parallel, roster the named agents, and publish one run
//! directory (see [`super::run`]).
//!
//! - [`inputs`]: the queues to plan and where each one's rows come from;
//! - [`validate`]: every check that can run before solving;
//! - [`queues`]: each queue's stages on a pool of worker threads;
//! - [`agents`]: the named agents of `[agents]` and their rosters;
//! - [`groups`]: skill groups, the queues one pool of agents serves, scheduled together;
//! - [`outbound`]: outbound campaigns blended into a plan's slack;
//! - [`multi_skill`]: queues routed to agent groups, staffed by simulation and scheduled per group;
//! - [`outputs`] and [`manifest`]: the files of the run.

mod agents;
mod dask;
mod groups;
mod inputs;
mod manifest;
mod multi_skill;
mod outbound;
mod outputs;
mod queues;
mod remote;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use agents::joint_roster;
use inputs::{in_queue, plan_inputs, requirement_inputs};
use manifest::manifest;
use outputs::write_outputs;
use queues::run_parallel;
use validate::check_queues;

use super::run::StagedRun;
use super::{Backend, IoError, JobConfig, WorkerFailure};
use crate::evaluation::{Evaluation, SimulatedEvaluation};
use crate::forecast::Forecast;
pub use crate::pipeline::Stage;
use crate::pipeline::StageEvent;
use crate::requirements::StaffingRequirements;
use crate::roster::{Roster, RosterError};
use crate::schedule::{CoverRequirement, Plan, ScheduleError, SolveStatus};

#[cfg(feature = "python")]
pub(crate) use inputs::history_by_queue;
pub use remote::run_remote_work;
pub use validate::{validate_job, validate_schedule_job};

/// Progress of a job, for logs and progress bars.
#[derive(Debug, Clone)]
pub enum JobEvent {
    /// The inputs are read: the queues that will be planned.
    Queues(Vec<String>),
    /// A queue started a stage.
    Started {
        /// The queue.
        queue: String,
        /// The stage.
        stage: Stage,
    },
    /// A queue finished a stage.
    Finished {
        /// The queue.
        queue: String,
        /// The stage.
        stage: Stage,
        /// Wall time of the stage in seconds.
        seconds: f64,
        /// A one-line summary.
        summary: String,
    },
    /// A queue failed.
    Failed {
        /// The queue.
        queue: String,
        /// The error message.
        message: String,
    },
    /// The run is staged in this directory (remove it if the process is interrupted).
    Staging(PathBuf),
}

/// One queue's results.
#[derive(Debug, Clone)]
pub struct QueueResult {
    /// The forecast; `None` for a run that started from requirements ([`schedule_job`]).
    pub forecast: Option<Forecast>,
    /// The requirements, if that stage ran.
    pub requirements: Option<StaffingRequirements>,
    /// The plan, if that stage ran.
    pub plan: Option<Plan>,
    /// The plan's projected service (Erlang C staffing, with the volume and AHT known).
    pub evaluation: Option<Evaluation>,
    /// The plan's simulated service, with `[simulation]` and the volume and AHT known.
    pub simulation: Option<SimulatedEvaluation>,
    /// The roster of the named agents on this queue, when the job has `[agents]` and rosters
    /// each queue on its own.
    pub roster: Option<Roster>,
    /// The roster's simulated service (its agents at work per interval), with `[simulation]`
    /// and the volume and AHT known.
    pub roster_simulation: Option<SimulatedEvaluation>,
    /// The requirement the schedule stage covered, if that stage ran.
    pub requirement: Option<CoverRequirement>,
    /// Wall time per stage, in seconds.
    pub timings: Vec<(Stage, f64)>,
    /// Wall time to read and check the queue's input, in seconds.
    pub read_seconds: f64,
    /// The queue's own input file (path, SHA-256, rows), when it has one.
    pub input_file: Option<serde_json::Value>,
}

/// How a job ended ([`JobOutcome::verdict`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobVerdict {
    /// Every queue (and roster) planned to its gap or optimum.
    Complete,
    /// Every queue planned, at least one stopped at its time limit with a plan (and a gap).
    TimeLimit,
    /// A queue failed for another reason (a solver failure, an internal error).
    Failed,
    /// A queue (or roster) reached its time limit without any plan.
    NoPlan,
    /// A queue's (or the roster's) hard rules cannot all be met.
    Infeasible,
}

impl JobVerdict {
    /// True when every queue has a plan, so the run is published as `latest`.
    pub fn is_complete(self) -> bool {
        matches!(self, JobVerdict::Complete | JobVerdict::TimeLimit)
    }
}

/// What a job did.
#[derive(Debug)]
pub struct JobOutcome {
    /// The published run directory (`OUT/runs/<id>`), if anything was published.
    pub run_dir: Option<PathBuf>,
    /// Each queue's result or error, in queue order.
    pub queues: Vec<(String, Result<QueueResult, crate::Error>)>,
    /// The roster of every queue together, when an agent of `[agents]` has several skills.
    pub roster: Option<Result<Roster, crate::Error>>,
    /// The manifest written with the run.
    pub manifest: serde_json::Value,
}

impl JobOutcome {
    /// How the job ended, worst first: a queue (or the roster of all queues) infeasible, one
    /// without a plan at its time limit, one failed otherwise, every queue planned with at least
    /// one stopped at its time limit (published with its gap), or every queue planned. The
    /// command-line program maps it to its exit status.
    pub fn verdict(&self) -> JobVerdict {
        let errs = || {
            self.queues
                .iter()
                .filter_map(|(_, r)| r.as_ref().err())
                .chain(self.roster.as_ref().and_then(|r| r.as_ref().err()))
        };
        if errs().any(|e| failure_kind(e) == WorkerFailure::Infeasible) {
            JobVerdict::Infeasible
        } else if errs().any(|e| failure_kind(e) == WorkerFailure::NoPlan) {
            JobVerdict::NoPlan
        } else if errs().next().is_some() {
            JobVerdict::Failed
        } else if self.queues.iter().filter_map(|(_, r)| r.as_ref().ok()).any(|r| {
            r.plan.as_ref().is_some_and(|p| p.status == SolveStatus::TimeLimit)
                || r.roster.as_ref().is_some_and(|p| p.status == SolveStatus::TimeLimit)
        }) || matches!(&self.roster, Some(Ok(r)) if r.status == SolveStatus::TimeLimit)
        {
            JobVerdict::TimeLimit
        } else {
            JobVerdict::Complete
        }
    }
}

/// What kind of failure a queue's (or the roster's) error is, for the verdict; a worker's error
/// ([`IoError::Worker`], the `dask` backend) carries the kind its worker found the same way.
pub(crate) fn failure_kind(e: &crate::Error) -> WorkerFailure {
    match e {
        crate::Error::Schedule(ScheduleError::Infeasible { .. })
        | crate::Error::Roster(RosterError::Infeasible { .. })
        | crate::Error::Roster(RosterError::Schedule(ScheduleError::Infeasible { .. })) => WorkerFailure::Infeasible,
        crate::Error::Schedule(ScheduleError::NoFeasiblePlan { .. })
        | crate::Error::Roster(RosterError::NoFeasibleRoster { .. })
        | crate::Error::Roster(RosterError::Schedule(ScheduleError::NoFeasiblePlan { .. })) => WorkerFailure::NoPlan,
        crate::Error::Io(IoError::Worker { kind, .. }) => *kind,
        e if e.is_invalid_input() => WorkerFailure::InvalidInput,
        _ => WorkerFailure::Failed,
    }
}

/// Runs the job up to `until` and publishes one run directory under `out` (or the config's
/// `output.dir`): `forecast`, `requirements`, `shifts`, `activities`, `coverage` (those of the
/// stages that ran) and `manifest.json`.
///
/// Bad configuration or input stops the job before anything is published. A queue whose
/// schedule is infeasible or has no plan within its time limit is reported in the outcome and the
/// manifest; the other queues are still published.
///
/// # Errors
///
/// [`crate::Error`] for bad configuration or input, naming the key, file, queue, column or row;
/// [`IoError::Write`] when the run cannot be published.
pub fn plan_job(
    cfg: &JobConfig,
    config_path: Option<&Path>,
    out: Option<&Path>,
    until: Stage,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<JobOutcome> {
    run_job(cfg, config_path, None, out, until, on_event)
}

/// Runs the schedule stage alone from a requirements file and publishes one run directory with
/// `shifts`, `activities`, `coverage` and `manifest.json`, as [`plan_job`] does (`wfmkit schedule
/// --requirements FILE`).
///
/// The file is the `requirements` output of a `wfmkit staff` run, or any CSV, Parquet or IPC
/// frame with `interval_start` and `agents_gross` (else `agents`) per interval, and optionally a
/// `queue` column (default: the config's `queue`) and `volume` and `aht_s` (for the coverage's
/// projected service level, under Erlang C staffing). The queues are those of `[queues]` when it
/// lists any, else every queue in the file; each is scheduled with its `[schedule]` options. A
/// queue with a `time_zone` reads UTC offsets (or a zoned column) as instants in that zone, and
/// is planned on its local wall-clock grid as in [`plan_job`]. Of `[history]` only `time_zone` is
/// read.
///
/// # Errors
///
/// As [`plan_job`]; input errors name the requirements file, the queue and the row of the file.
/// A zoned queue's requirement is put on its local wall-clock grid before the schedule checks it,
/// so a gap or bad value found there names the row of that grid (`requirement row`), not of
/// the file.
pub fn schedule_job(
    cfg: &JobConfig,
    config_path: Option<&Path>,
    requirements: &Path,
    out: Option<&Path>,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<JobOutcome> {
    run_job(cfg, config_path, Some(requirements), out, Stage::Schedule, on_event)
}

/// [`plan_job`] (`requirements` is `None`) or [`schedule_job`].
fn run_job(
    cfg: &JobConfig,
    config_path: Option<&Path>,
    requirements: Option<&Path>,
    out: Option<&Path>,
    until: Stage,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<JobOutcome> {
    let started = chrono::Utc::now();
    let t0 = Instant::now();
    let out = out
        .map(Path::to_path_buf)
        .or_else(|| cfg.output.dir.clone())
        .ok_or_else(|| IoError::Config {
            path: "output.dir".into(),
            message: "no output directory: set [output] dir or pass --out".into(),
        })?;
    let (mut inputs, mut files) = match requirements {
        Some(path) => requirement_inputs(cfg, path)?,
        None => plan_inputs(cfg)?,
    };
    let n = inputs.len();
    for q in &mut inputs {
        q.queues = n;
    }
    // Fail fast: every queue's input and options are checked before any solving starts.
    if let Some(problem) = check_queues(cfg, &inputs, until, true).into_iter().next() {
        return Err(IoError::Config {
            path: "input".into(),
            message: problem,
        }
        .into());
    }
    let read_s = t0.elapsed().as_secs_f64();
    on_event(JobEvent::Queues(inputs.iter().map(|q| q.name.clone()).collect()));
    let (mut results, backend) = match (cfg.run.backend, &cfg.run.dask.scheduler) {
        (Backend::Threads, _) => {
            let workers = cfg.run.queue_threads();
            let results = run_parallel(cfg, &inputs, until, workers, on_event);
            (results, serde_json::json!({"kind": "threads", "threads": workers}))
        }
        (Backend::Dask, Some(scheduler)) => dask::run_on_dask(cfg, &inputs, until, scheduler, on_event)?,
        (Backend::Dask, None) => return Err(IoError::Config {
            path: "run.dask.scheduler".into(),
            message:
                "backend = \"dask\" needs the scheduler's address: set [run.dask] scheduler or pass --dask-scheduler"
                    .into(),
        }
        .into()),
    };
    for r in results.iter().flatten() {
        if let Some(f) = &r.input_file {
            if !files.iter().any(|x| x["path"] == f["path"]) {
                files.push(f.clone());
            }
        }
    }
    if let Some((q, e)) = inputs.iter().zip(&results).find_map(|(q, r)| match r {
        Err(e) if e.is_invalid_input() => Some((q, e)),
        _ => None,
    }) {
        return Err(in_queue(&q.name, clone_error(e)));
    }
    // Skill groups and multi-skill groups: scheduled once their queues have their requirements,
    // then published as queues of their own.
    let mut extra_frames: Vec<(&'static str, polars::prelude::DataFrame)> = Vec::new();
    let mut multi_summary = None;
    if until == Stage::Schedule {
        let mut planned = groups::schedule_groups(cfg, &inputs, &results, on_event);
        if let Some((more, df, summary)) = multi_skill::plan_multi_skill(cfg, &inputs, &results, on_event)? {
            planned.extend(more);
            extra_frames.push(("multi_skill", df));
            multi_summary = Some(summary);
        }
        if let Some((spec, Err(e))) = planned
            .iter()
            .find(|(_, r)| r.as_ref().is_err_and(|e| e.is_invalid_input()))
        {
            return Err(in_queue(&spec.name, clone_error(e)));
        }
        for (spec, r) in planned {
            inputs.push(spec);
            results.push(r);
        }
    }
    let (joint, joint_agents) = match (until == Stage::Schedule)
        .then(|| joint_roster(cfg, &inputs, &results, on_event))
        .flatten()
    {
        Some(Err(e)) if e.is_invalid_input() => return Err(e),
        Some(Ok((r, agents))) => (Some(Ok(r)), agents),
        Some(Err(e)) => (Some(Err(e)), Vec::new()),
        None => (None, Vec::new()),
    };

    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run_id = format!(
        "{}-{}-{}",
        started.format("%Y%m%dT%H%M%SZ"),
        std::process::id(),
        RUNS.fetch_add(1, Ordering::SeqCst)
    );
    let staged = StagedRun::create(&out, &run_id)?;
    on_event(JobEvent::Staging(staged.staging_dir().to_path_buf()));
    let (outbound_frame, outbound_summary) = if until == Stage::Schedule && !cfg.outbound.is_empty() {
        match outbound::plan_outbound(cfg, &inputs, &results) {
            Ok(x) => x,
            Err(e) => {
                staged.discard();
                return Err(e);
            }
        }
    } else {
        (None, Vec::new())
    };
    if let Some(df) = outbound_frame {
        extra_frames.push(("outbound", df));
    }
    let written = write_outputs(
        &staged,
        &inputs,
        &results,
        (joint.as_ref(), &joint_agents),
        extra_frames,
        until,
        cfg.output.format,
    );
    let (outputs, queue_rows) = match written {
        Ok(x) => x,
        Err(e) => {
            staged.discard();
            return Err(e);
        }
    };
    let queues: Vec<(String, Result<QueueResult, crate::Error>)> =
        inputs.iter().map(|q| q.name.clone()).zip(results).collect();
    let manifest = manifest(
        cfg,
        config_path,
        &run_id,
        started,
        &files,
        &queues,
        &queue_rows,
        &outputs,
        read_s,
        joint.as_ref(),
    )?;
    let mut manifest = manifest;
    if !outbound_summary.is_empty() {
        manifest["outbound"] = serde_json::Value::Array(outbound_summary);
    }
    if let Some(s) = multi_summary {
        manifest["multi_skill"] = s;
    }
    manifest["backend"] = backend;
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| IoError::Write {
        path: "manifest.json".into(),
        reason: e.to_string(),
    })?;
    if let Err(e) = staged.write("manifest.json", &bytes) {
        staged.discard();
        return Err(e.into());
    }
    let mut outcome = JobOutcome {
        run_dir: None,
        queues,
        roster: joint,
        manifest,
    };
    // `latest` moves only when every queue has a plan; otherwise the run is kept for diagnosis.
    let complete = outcome.verdict().is_complete();
    outcome.run_dir = Some(staged.publish(complete)?);
    Ok(outcome)
}

/// The stage events of a queue (or a group scheduled as one) as the job's events under its name.
fn forward_events<'a>(queue: &'a str, on_event: &'a (dyn Fn(JobEvent) + Sync)) -> impl FnMut(StageEvent) + 'a {
    move |ev: StageEvent| {
        on_event(match ev {
            StageEvent::Started(stage) => JobEvent::Started {
                queue: queue.to_string(),
                stage,
            },
            StageEvent::Finished {
                stage,
                seconds,
                summary,
            } => JobEvent::Finished {
                queue: queue.to_string(),
                stage,
                seconds,
                summary,
            },
        })
    }
}

/// `f` on every item, on up to `threads` threads, each taking the next item when it is free (so
/// memory holds at most `threads` items' working sets); results in item order. A panic in `f`
/// (a dependency's: polars, HiGHS) gives that item `on_panic`'s value.
fn map_on_threads<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    f: impl Fn(usize, &T) -> R + Sync,
    on_panic: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out: std::sync::Mutex<Vec<Option<R>>> = std::sync::Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(i, item)))
                    .unwrap_or_else(|_| on_panic(item));
                if let Ok(mut g) = out.lock() {
                    g[i] = Some(r);
                }
            });
        }
    });
    let out = out.into_inner().unwrap_or_default();
    items
        .iter()
        .zip(out)
        .map(|(item, r)| r.unwrap_or_else(|| on_panic(item)))
        .collect()
}

/// Reports a queue's failure as [`JobEvent::Failed`], as it happens.
fn report_failure<T>(queue: &str, r: &crate::Result<T>, on_event: &(dyn Fn(JobEvent) + Sync)) {
    if let Err(e) = r {
        on_event(JobEvent::Failed {
            queue: queue.to_string(),
            message: e.to_string(),
        });
    }
}

/// Errors are not `Clone`; an input error is re-created from its message for the job's error.
fn clone_error(e: &crate::Error) -> crate::Error {
    IoError::Config {
        path: "input".into(),
        message: e.to_string(),
    }
    .into()
}
