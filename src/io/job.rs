//! Running a [`JobConfig`]: read every queue's history, run the stages in parallel, and publish
//! one run directory (see [`super::run`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use polars::prelude::*;
use serde_json::json;

use super::run::{sha256_file, sha256_hex, StagedRun};
use super::{
    coverage_per_interval, forecast_to_frame, frame_to_bytes, history_from_frame_in_zone, read_frame_hashed,
    requirements_to_frame, shifts_to_frame, split_rows_by_queue, FileFormat, IoError, JobConfig,
};
use crate::forecast::{forecast, Forecast, History};
use crate::pipeline::StageOptions;
use crate::requirements::{requirements, Requirements};
use crate::roster::{Agent, Roster, RosterError};
use crate::schedule::{schedule, Plan, Requirement, ScheduleError, SolveStatus};

/// How far a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Forecast only.
    Forecast,
    /// Forecast and requirements.
    Requirements,
    /// Forecast, requirements and schedule.
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
    pub requirements: Option<Requirements>,
    /// The plan, if that stage ran.
    pub plan: Option<Plan>,
    /// The roster of the named agents on this queue, when the job has `[agents]` and rosters
    /// each queue on its own.
    pub roster: Option<Roster>,
    /// The requirement the schedule stage covered, if that stage ran.
    pub requirement: Option<Requirement>,
    /// Wall time per stage, in seconds.
    pub timings: Vec<(Stage, f64)>,
    /// Wall time to read and check the queue's input, in seconds.
    pub read_seconds: f64,
    /// The queue's own input file (path, SHA-256, rows), when it has one.
    pub input_file: Option<serde_json::Value>,
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
    /// The exit status the command-line program reports: 0 every queue planned; 3 a queue (or
    /// the roster of all queues) is infeasible; 4 one reached its time limit without a plan; 5
    /// every queue planned but at least one plan stopped at its time limit (published with its
    /// gap).
    pub fn exit_status(&self) -> u8 {
        let errs = || {
            self.queues
                .iter()
                .filter_map(|(_, r)| r.as_ref().err())
                .chain(self.roster.as_ref().and_then(|r| r.as_ref().err()))
        };
        let infeasible = |e: &crate::Error| match e {
            crate::Error::Schedule(ScheduleError::Infeasible { .. })
            | crate::Error::Roster(RosterError::Infeasible { .. })
            | crate::Error::Roster(RosterError::Schedule(ScheduleError::Infeasible { .. })) => true,
            _ => false,
        };
        let no_plan = |e: &crate::Error| match e {
            crate::Error::Schedule(ScheduleError::NoFeasiblePlan { .. })
            | crate::Error::Roster(RosterError::NoFeasibleRoster { .. })
            | crate::Error::Roster(RosterError::Schedule(ScheduleError::NoFeasiblePlan { .. })) => true,
            _ => false,
        };
        if errs().any(infeasible) {
            3
        } else if errs().any(no_plan) {
            4
        } else if errs().next().is_some() {
            1
        } else if self.queues.iter().filter_map(|(_, r)| r.as_ref().ok()).any(|r| {
            r.plan.as_ref().is_some_and(|p| p.status == SolveStatus::TimeLimit)
                || r.roster.as_ref().is_some_and(|p| p.status == SolveStatus::TimeLimit)
        }) || matches!(&self.roster, Some(Ok(r)) if r.status == SolveStatus::TimeLimit)
        {
            5
        } else {
            0
        }
    }
}

/// Where a queue's input comes from: its history, or its requirements for a schedule-only run.
enum Source {
    /// Its rows of the shared history file, already read.
    Rows(DataFrame, PathBuf, Vec<usize>),
    /// Its own file, read by the worker that plans it, so that memory holds at most one such
    /// input per worker.
    File(PathBuf),
    /// Its rows of a requirements file ([`schedule_job`]), with a zoned `interval_start` where
    /// the queue has a time zone: only the schedule stage runs.
    Requirements(DataFrame, PathBuf, Vec<usize>),
}

/// One queue to plan: its input and its stage options.
struct QueueSpec {
    name: String,
    source: Source,
    stages: StageOptions,
    /// How many queues the job plans (an agent without skills needs there to be one).
    queues: usize,
}

/// Reads the shared history file (split by the queue column where there is one) and lists the
/// queues to plan with their options. Returns the queues and the shared file's hash and rows.
fn plan_inputs(cfg: &JobConfig) -> crate::Result<(Vec<QueueSpec>, Vec<serde_json::Value>)> {
    cfg.interval_s()?;
    let cols = &cfg.history.columns;
    let mut files = Vec::new();
    let mut by_queue: BTreeMap<String, Source> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    if let Some(path) = &cfg.history.path {
        let (df, hash) = read_frame_hashed(path, cfg.history.format)?;
        files.push(json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()}));
        let queue_col = super::history::optional_column(&df, cols.queue.as_deref(), super::QUEUE, "queue")?;
        let parts = match queue_col {
            Some(c) => {
                let mut d = df;
                if c != super::QUEUE {
                    d.rename(c, super::QUEUE.into()).map_err(|e| IoError::Parse {
                        what: c.into(),
                        reason: e.to_string(),
                    })?;
                }
                split_rows_by_queue(&d, cfg.queue_name())?
            }
            None => {
                let rows = (0..df.height()).collect();
                vec![(cfg.queue_name().to_string(), df, rows)]
            }
        };
        for (q, d, rows) in parts {
            order.push(q.clone());
            by_queue.insert(q, Source::Rows(d, path.clone(), rows));
        }
    }
    for (q, qc) in &cfg.queues {
        if let Some(p) = &qc.path {
            if !by_queue.contains_key(q) {
                order.push(q.clone());
            }
            by_queue.insert(q.clone(), Source::File(p.clone()));
        }
    }
    if order.is_empty() && cfg.queues.is_empty() {
        return Err(IoError::Config {
            path: "history.path".into(),
            message: "no input: set [history] path or a path for each [queues.<name>]".into(),
        }
        .into());
    }
    let specs = queue_specs(cfg, order, by_queue, "no rows in the history and no `path` of its own")?;
    Ok((specs, files))
}

/// The queues to plan: those of `[queues]` when it lists any, else every queue of the input in
/// `order`; each with its source and options. `missing` says why a listed queue has no source.
fn queue_specs(
    cfg: &JobConfig,
    order: Vec<String>,
    mut by_queue: BTreeMap<String, Source>,
    missing: &str,
) -> crate::Result<Vec<QueueSpec>> {
    let wanted: Vec<String> = if cfg.queues.is_empty() {
        order
    } else {
        cfg.queues.keys().cloned().collect()
    };
    let mut specs = Vec::with_capacity(wanted.len());
    for name in wanted {
        let source = by_queue.remove(&name).ok_or_else(|| IoError::Config {
            path: format!("queues.{name}"),
            message: format!("queue `{name}` has {missing}"),
        })?;
        let stages = cfg.stages_for(&name)?;
        specs.push(QueueSpec {
            name,
            source,
            stages,
            queues: 0,
        });
    }
    Ok(specs)
}

/// Reads a requirements file (the `requirements` output of `wfmkit staff`, or any frame with
/// `interval_start` and `agents_gross` or `agents`, and optionally `queue`, `volume` and
/// `aht_s`), split by its `queue` column, and lists the queues to schedule. A queue with a time
/// zone (`time_zone` in `[history]` or `[queues.<name>]`) gets a zoned `interval_start`: text
/// with UTC offsets is read as instants in that zone. Returns the queues and the file's hash and
/// rows.
fn requirement_inputs(cfg: &JobConfig, path: &Path) -> crate::Result<(Vec<QueueSpec>, Vec<serde_json::Value>)> {
    let (df, hash) = read_frame_hashed(path, None)?;
    let files = vec![json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()})];
    let mut by_queue = BTreeMap::new();
    let mut order = Vec::new();
    for (q, d, rows) in split_rows_by_queue(&df, cfg.queue_name()).map_err(|e| in_file(path, e.into()))? {
        let d = super::zoned::in_zone(d, cfg.time_zone_for(&q))
            .map_err(|e| in_queue(&q, in_file(path, remap_row(e, &rows))))?;
        order.push(q.clone());
        by_queue.insert(q, Source::Requirements(d, path.to_path_buf(), rows));
    }
    let specs = queue_specs(cfg, order, by_queue, "no rows in the requirements file")?;
    Ok((specs, files))
}

/// A queue's scheduling requirement from its rows of a requirements file, with its `volume` and
/// `aht_s` (when present) checked for the coverage projection. Errors name the row of the file;
/// a zoned requirement is put on the local grid first, so its schedule errors name the row of
/// that grid and are not renumbered.
fn load_requirement(spec: &QueueSpec, df: &DataFrame, path: &Path, rows: &[usize]) -> crate::Result<Requirement> {
    // The projection of the coverage reads `volume` and `aht_s` after solving: check them first.
    let projected = || -> crate::Result<()> {
        for (col, role) in [(super::VOLUME, "volume"), (super::AHT_S, "aht_s")] {
            if super::convert::has_column(df, col) {
                let v = super::f64_column(df, col, role, false)?;
                if let Some(i) = v.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
                    return Err(IoError::BadValue {
                        column: col.into(),
                        row: i + 1,
                        value: v[i].to_string(),
                        reason: "must be a finite number >= 0",
                    }
                    .into());
                }
            }
        }
        Ok(())
    };
    projected().map_err(|e| in_queue(&spec.name, in_file(path, remap_row(e, rows))))?;
    super::requirement_from_frame(df, None).map_err(|e| {
        let e = match e {
            crate::Error::Schedule(s) if super::zoned::zone_of(df).is_none() => remap_schedule_row(s, rows).into(),
            e => remap_row(e, rows),
        };
        in_queue(&spec.name, in_file(path, e))
    })
}

/// The 1-based row of the file of the 1-based row `r` of one queue's rows (`rows`: their 0-based
/// rows in the file); `r` itself when out of range.
fn file_row(r: usize, rows: &[usize]) -> usize {
    r.checked_sub(1).and_then(|i| rows.get(i)).map_or(r, |&o| o + 1)
}

/// Maps a row number within one queue's requirement rows back to the row of the file.
fn remap_schedule_row(e: ScheduleError, rows: &[usize]) -> ScheduleError {
    let fix = |r: usize| file_row(r, rows);
    match e {
        ScheduleError::Gap {
            row,
            timestamp,
            interval_s,
        } => ScheduleError::Gap {
            row: fix(row),
            timestamp,
            interval_s,
        },
        ScheduleError::DateOutOfRange { row, timestamp } => ScheduleError::DateOutOfRange {
            row: fix(row),
            timestamp,
        },
        ScheduleError::InvalidRequirement { row, value } => ScheduleError::InvalidRequirement { row: fix(row), value },
        other => other,
    }
}

/// Wraps an error with the file it came from.
fn in_file(path: &Path, e: crate::Error) -> crate::Error {
    IoError::InFile {
        path: path.to_path_buf(),
        source: Box::new(e),
    }
    .into()
}

/// Loads and validates one queue's history; for a queue with its own file, also that file's
/// hash and rows for the manifest.
fn load_history(cfg: &JobConfig, spec: &QueueSpec) -> crate::Result<(History, Option<serde_json::Value>)> {
    let interval_s = cfg.interval_s()?;
    let zone = cfg.time_zone_for(&spec.name);
    let in_file = |path: &Path, e: crate::Error| in_queue(&spec.name, in_file(path, e));
    match &spec.source {
        Source::Rows(df, path, rows) => {
            let h = history_from_frame_in_zone(df, &cfg.history.columns, interval_s, zone)
                .map_err(|e| in_file(path, remap_row(e, rows)))?;
            Ok((h, None))
        }
        Source::File(path) => {
            let (df, hash) = read_frame_hashed(path, cfg.history.format).map_err(|e| in_queue(&spec.name, e.into()))?;
            let file = json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()});
            let h = history_from_frame_in_zone(&df, &cfg.history.columns, interval_s, zone)
                .map_err(|e| in_file(path, e))?;
            Ok((h, Some(file)))
        }
        Source::Requirements(..) => Err(IoError::Config {
            path: format!("queues.{}", spec.name),
            message: "a run from a requirements file has no history".into(),
        }
        .into()),
    }
}

/// Maps a row number within one queue's rows back to the row of the file.
fn remap_row(e: crate::Error, rows: &[usize]) -> crate::Error {
    use crate::forecast::ForecastError as F;
    let fix = |r: usize| file_row(r, rows);
    match e {
        crate::Error::Io(IoError::Unsorted { column, row, value }) => IoError::Unsorted {
            column,
            row: fix(row),
            value,
        }
        .into(),
        crate::Error::Io(IoError::BadValue {
            column,
            row,
            value,
            reason,
        }) => IoError::BadValue {
            column,
            row: fix(row),
            value,
            reason,
        }
        .into(),
        crate::Error::Forecast(f) => crate::Error::Forecast(match f {
            F::InvalidValue { column, row, value } => F::InvalidValue {
                column,
                row: fix(row),
                value,
            },
            F::Unsorted { row, timestamp } => F::Unsorted {
                row: fix(row),
                timestamp,
            },
            F::DuplicateInterval { row, timestamp } => F::DuplicateInterval {
                row: fix(row),
                timestamp,
            },
            F::OffGrid {
                row,
                timestamp,
                interval_s,
            } => F::OffGrid {
                row: fix(row),
                timestamp,
                interval_s,
            },
            F::SkippedLocalTime { row, timestamp, zone } => F::SkippedLocalTime {
                row: fix(row),
                timestamp,
                zone,
            },
            F::DateOutOfRange { row, timestamp } => F::DateOutOfRange {
                row: fix(row),
                timestamp,
            },
            F::SpanTooLong {
                row,
                timestamp,
                first,
                last,
                days,
                max_days,
            } => F::SpanTooLong {
                row: fix(row),
                timestamp,
                first,
                last,
                days,
                max_days,
            },
            other => other,
        }),
        other => other,
    }
}

/// Adds the queue name to an input error.
fn in_queue(queue: &str, e: crate::Error) -> crate::Error {
    IoError::InQueue {
        queue: queue.to_string(),
        source: Box::new(e),
    }
    .into()
}

fn run_queue(
    cfg: &JobConfig,
    input: &QueueSpec,
    until: Stage,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    if let Source::Requirements(df, path, rows) = &input.source {
        return schedule_given(cfg, input, df, path, rows, on_event);
    }
    let q = &input.name;
    let t = Instant::now();
    let (history, input_file) = load_history(cfg, input)?;
    if until == Stage::Schedule {
        input
            .stages
            .schedule
            .check(history.interval_s())
            .map_err(|e| in_queue(q, e.into()))?;
    }
    let read_seconds = t.elapsed().as_secs_f64();
    let mut timings = Vec::new();
    let timed = |stage: Stage| {
        on_event(JobEvent::Started {
            queue: q.clone(),
            stage,
        });
        Instant::now()
    };
    let t = timed(Stage::Forecast);
    let f = forecast(&history, &input.stages.forecast)?;
    let secs = t.elapsed().as_secs_f64();
    timings.push((Stage::Forecast, secs));
    on_event(JobEvent::Finished {
        queue: q.clone(),
        stage: Stage::Forecast,
        seconds: secs,
        summary: format!(
            "{} intervals, {:.0} contacts ({})",
            f.len(),
            f.volume.iter().sum::<f64>(),
            f.model
        ),
    });
    let mut out = QueueResult {
        forecast: None,
        requirements: None,
        plan: None,
        roster: None,
        requirement: None,
        timings,
        read_seconds,
        input_file,
    };
    if until == Stage::Forecast {
        out.forecast = Some(f);
        return Ok(out);
    }
    let t = timed(Stage::Requirements);
    let r = requirements(&f, &input.stages.staffing)?;
    out.forecast = Some(f);
    let secs = t.elapsed().as_secs_f64();
    out.timings.push((Stage::Requirements, secs));
    on_event(JobEvent::Finished {
        queue: q.clone(),
        stage: Stage::Requirements,
        seconds: secs,
        summary: format!(
            "peak {} agents gross",
            r.staffing.iter().map(|s| s.agents_gross).max().unwrap_or(0)
        ),
    });
    if until == Stage::Requirements {
        out.requirements = Some(r);
        return Ok(out);
    }
    let requirement = r.to_schedule_requirement()?;
    let (p, secs) = schedule_stage(input, &requirement, on_event)?;
    out.timings.push((Stage::Schedule, secs));
    out.requirements = Some(r);
    out.roster = roster_stage(cfg, input, &requirement, &p, on_event)?;
    out.plan = Some(p);
    out.requirement = Some(requirement);
    Ok(out)
}

/// The schedule stage of one queue, with its events; returns the plan and its wall time.
fn schedule_stage(
    input: &QueueSpec,
    requirement: &Requirement,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<(Plan, f64)> {
    on_event(JobEvent::Started {
        queue: input.name.clone(),
        stage: Stage::Schedule,
    });
    let t = Instant::now();
    let p = schedule(requirement, &input.stages.schedule)?;
    let secs = t.elapsed().as_secs_f64();
    on_event(JobEvent::Finished {
        queue: input.name.clone(),
        stage: Stage::Schedule,
        seconds: secs,
        summary: format!(
            "{}, objective {:.1}, bound {:.1}, gap {:.4}%",
            p.status.name(),
            p.objective,
            p.bound,
            100.0 * p.gap
        ),
    });
    Ok((p, secs))
}

/// Every agent of `[agents]`, or `None` without `[agents]`.
fn read_agents(cfg: &JobConfig) -> crate::Result<Option<Vec<Agent>>> {
    let Some(a) = &cfg.agents else { return Ok(None) };
    let read = |p: &Path| -> crate::Result<DataFrame> { Ok(super::read_frame(p, None)?) };
    let opt = |p: &Option<PathBuf>| -> crate::Result<Option<DataFrame>> { p.as_deref().map(read).transpose() };
    let tables = [
        opt(&a.leave)?,
        opt(&a.availability)?,
        opt(&a.requests)?,
        opt(&a.locked)?,
        opt(&a.preferred_starts)?,
    ];
    let all = super::agents_from_frames(&read(&a.path)?, super::AgentTables::from_slice(&tables))
        .map_err(|e| in_file(&a.path, e.into()))?;
    Ok(Some(all))
}

/// Whether the queues are rostered together: some agent serves several of them.
fn rostered_together(agents: &[Agent]) -> bool {
    agents.iter().any(|a| a.skills.len() > 1)
}

/// The agents of `[agents]` that serve `queue` (see [`super::AgentsInput`]), or `None` without
/// `[agents]` or when the queues are rostered together.
fn load_agents(cfg: &JobConfig, queue: &str, n_queues: usize) -> crate::Result<Option<Vec<Agent>>> {
    let Some(all) = read_agents(cfg)? else { return Ok(None) };
    if rostered_together(&all) {
        return Ok(None);
    }
    let mut mine = Vec::new();
    for ag in all {
        match ag.skills.as_slice() {
            [] if n_queues == 1 => mine.push(ag),
            [] => {
                return Err(IoError::Config {
                    path: "agents".into(),
                    message: format!(
                        "agent `{}` has no skills, and the job plans {n_queues} queues: name its queue (or queues) in `skills`",
                        ag.agent_id
                    ),
                }
                .into())
            }
            [q] if q == queue => mine.push(ag),
            _ => {}
        }
    }
    Ok(Some(mine))
}

/// A roster's one-line summary for the log: "roster of WHO: status, objective, bound, gap, price".
fn roster_line(r: &Roster, who: &str) -> String {
    format!(
        "roster of {who}: {}, objective {:.1}, bound {:.1}, gap {:.2}%, price of named agents {:.2}%",
        r.status.name(),
        r.objective,
        r.bound,
        100.0 * r.gap,
        100.0 * r.design.map_or(0.0, |d| d.price_of_named_agents)
    )
}

/// The name the joint roster's events and errors carry in place of a queue.
const ALL_QUEUES: &str = "(all queues)";

/// The roster of every queue together, when an agent serves several queues: after every queue
/// has its requirement, the agents are rostered on all of them at once (see
/// [`crate::roster::roster_queues`]), with the queues' common `[schedule]` options. Returns the
/// roster with the agents it rostered.
fn joint_roster(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> Option<crate::Result<(Roster, Vec<Agent>)>> {
    let a = cfg.agents.as_ref()?;
    let agents = match read_agents(cfg) {
        Ok(Some(agents)) if rostered_together(&agents) => agents,
        Ok(_) => return None,
        Err(e) => return Some(Err(e)),
    };
    let config = |message: String| -> crate::Error {
        IoError::Config {
            path: "agents".into(),
            message,
        }
        .into()
    };
    let mut queues = Vec::with_capacity(inputs.len());
    for (q, r) in inputs.iter().zip(results) {
        match r.as_ref().map(|r| r.requirement.as_ref()) {
            Ok(Some(req)) => queues.push(crate::roster::QueueRequirement {
                queue: q.name.clone(),
                requirement: req.clone(),
            }),
            _ => {
                return Some(Err(config(format!(
                    "the roster of all queues needs every queue's requirement, and queue `{}` has none",
                    q.name
                ))))
            }
        }
    }
    let sched = &inputs[0].stages.schedule;
    if let Some(q) = inputs.iter().find(|q| q.stages.schedule != *sched) {
        return Some(Err(config(format!(
            "agents serve several queues, so the queues are rostered together and need the same [schedule] options; queue `{}` overrides them",
            q.name
        ))));
    }
    on_event(JobEvent::Started {
        queue: ALL_QUEUES.into(),
        stage: Stage::Schedule,
    });
    let t = Instant::now();
    let r = crate::roster::roster_queues(&queues, sched, &a.contracts, &agents, &a.options).map_err(crate::Error::from);
    match &r {
        Ok(r) => on_event(JobEvent::Finished {
            queue: ALL_QUEUES.into(),
            stage: Stage::Schedule,
            seconds: t.elapsed().as_secs_f64(),
            summary: roster_line(r, &format!("{} agents on {} queues", agents.len(), queues.len())),
        }),
        Err(e) => on_event(JobEvent::Failed {
            queue: ALL_QUEUES.into(),
            message: e.to_string(),
        }),
    }
    Some(r.map(|r| (r, agents)))
}

/// The roster stage of one queue, when the job has `[agents]`: the named agents on the
/// requirement, with the schedule stage's plan as the shift design (reused when the schedule
/// options are the design's, else solved again without pattern cost and hard cover).
fn roster_stage(
    cfg: &JobConfig,
    input: &QueueSpec,
    requirement: &Requirement,
    plan: &Plan,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<Option<Roster>> {
    let Some(agents) = load_agents(cfg, &input.name, input.queues)? else {
        return Ok(None);
    };
    let Some(a) = &cfg.agents else { return Ok(None) };
    on_event(JobEvent::Started {
        queue: input.name.clone(),
        stage: Stage::Schedule,
    });
    let t = Instant::now();
    let sched = &input.stages.schedule;
    let r = if crate::roster::design_options(sched) == *sched {
        crate::roster::roster_with_design(requirement, sched, plan, &a.contracts, &agents, &a.options)
    } else {
        crate::roster::roster_requirement(requirement, sched, &a.contracts, &agents, &a.options)
    }
    .map_err(crate::Error::from)?;
    on_event(JobEvent::Finished {
        queue: input.name.clone(),
        stage: Stage::Schedule,
        seconds: t.elapsed().as_secs_f64(),
        summary: roster_line(&r, &format!("{} agents", agents.len())),
    });
    Ok(Some(r))
}

/// Schedules one queue from its rows of a requirements file ([`schedule_job`]).
fn schedule_given(
    cfg: &JobConfig,
    input: &QueueSpec,
    df: &DataFrame,
    path: &Path,
    rows: &[usize],
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let t = Instant::now();
    let requirement = load_requirement(input, df, path, rows)?;
    input
        .stages
        .schedule
        .check(requirement.interval_s())
        .map_err(|e| in_queue(&input.name, e.into()))?;
    let read_seconds = t.elapsed().as_secs_f64();
    let (plan, secs) = schedule_stage(input, &requirement, on_event)?;
    let roster = roster_stage(cfg, input, &requirement, &plan, on_event)?;
    Ok(QueueResult {
        forecast: None,
        requirements: None,
        plan: Some(plan),
        roster,
        requirement: Some(requirement),
        timings: vec![(Stage::Schedule, secs)],
        read_seconds,
        input_file: None,
    })
}

/// Runs the queues on up to `workers` threads, each taking the next queue when it is free, so
/// memory holds at most `workers` queues' working sets at once.
fn run_parallel(
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

/// Checks the configuration and every queue's input without solving, and returns every problem
/// found (empty when the job is ready to run).
pub fn validate_job(cfg: &JobConfig) -> Vec<String> {
    match plan_inputs(cfg) {
        Ok((specs, _)) => check_queues(cfg, &specs, Stage::Schedule, false),
        Err(e) => vec![e.to_string()],
    }
}

/// Checks the configuration and the requirements file of a [`schedule_job`] without solving, and
/// returns every problem found (empty when the job is ready to run).
pub fn validate_schedule_job(cfg: &JobConfig, requirements: &Path) -> Vec<String> {
    match requirement_inputs(cfg, requirements) {
        Ok((specs, _)) => check_queues(cfg, &specs, Stage::Schedule, false),
        Err(e) => vec![e.to_string()],
    }
}

/// Checks every queue's options and input, one queue in memory at a time: option ranges, the
/// history, a forecast fit (enough history, an AHT), the templates against the interval, and
/// that every queue asks for the same prediction-interval levels (the outputs stack them).
/// Returns every problem, or only the first when `first_only`.
fn check_queues(cfg: &JobConfig, specs: &[QueueSpec], until: Stage, first_only: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let levels = specs.first().map(|q| q.stages.forecast.levels.clone());
    let mut zones = super::zoned::ZoneCheck::default();
    if until == Stage::Schedule {
        for q in specs {
            if let Err(e) = load_agents(cfg, &q.name, specs.len()) {
                problems.push(e.to_string());
                if first_only {
                    return problems;
                }
            }
        }
    }
    for q in specs {
        let s = &q.stages;
        let mut found = Vec::new();
        let from_requirements = matches!(q.source, Source::Requirements(..));
        if !from_requirements && Some(&s.forecast.levels) != levels.as_ref() {
            found.push(format!(
                "`queues.{}.forecast.levels` = {:?} differs from the other queues' {:?}; the forecast file needs one set",
                q.name,
                s.forecast.levels,
                levels.clone().unwrap_or_default()
            ));
        }
        if let Err(e) = s.staffing.check() {
            found.push(e.to_string());
        }
        if let Source::Requirements(df, path, rows) = &q.source {
            match load_requirement(q, df, path, rows) {
                Ok(r) => {
                    found.extend(zones.check(&q.name, super::zoned::zone_of(df)));
                    if let Err(e) = s.schedule.check(r.interval_s()) {
                        found.push(e.to_string());
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
            problems.extend(found.into_iter().map(|e| format!("queue `{}`: {e}", q.name)));
            if first_only && !problems.is_empty() {
                break;
            }
            continue;
        }
        match load_history(cfg, q) {
            Ok((h, _)) => {
                found.extend(zones.check(&q.name, h.zone()));
                if let Err(e) = forecast(&h, &s.forecast) {
                    found.push(e.to_string());
                }
                if until == Stage::Schedule {
                    if let Err(e) = s.schedule.check(h.interval_s()) {
                        found.push(e.to_string());
                    }
                }
            }
            Err(e) => {
                problems.push(e.to_string());
            }
        }
        problems.extend(found.into_iter().map(|e| format!("queue `{}`: {e}", q.name)));
        if first_only && !problems.is_empty() {
            break;
        }
    }
    problems
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
    let workers = cfg
        .run
        .parallel_queues
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let results = run_parallel(cfg, &inputs, until, workers, on_event);
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
    let written = write_outputs(
        &staged,
        &inputs,
        &results,
        (joint.as_ref(), &joint_agents),
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
    let complete = matches!(outcome.exit_status(), 0 | 5);
    outcome.run_dir = Some(staged.publish(complete)?);
    Ok(outcome)
}

/// Errors are not `Clone`; an input error is re-created from its message for the job's error.
fn clone_error(e: &crate::Error) -> crate::Error {
    IoError::Config {
        path: "input".into(),
        message: e.to_string(),
    }
    .into()
}

type Outputs = (Vec<serde_json::Value>, BTreeMap<String, serde_json::Value>);

fn write_outputs(
    staged: &StagedRun,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    (joint, joint_agents): (Option<&crate::Result<Roster>>, &[Agent]),
    until: Stage,
    fmt: FileFormat,
) -> crate::Result<Outputs> {
    let mut frames: BTreeMap<&str, Vec<DataFrame>> = BTreeMap::new();
    let mut rows = BTreeMap::new();
    let mut shift_rows = 0u32;
    for (q, r) in inputs.iter().zip(results) {
        let Ok(r) = r else { continue };
        let name = q.name.as_str();
        let mut counts = serde_json::Map::new();
        let mut add = |key: &'static str, df: DataFrame| {
            counts.insert(key.into(), json!(df.height()));
            frames.entry(key).or_default().push(df);
        };
        if let Some(f) = &r.forecast {
            add("forecast", forecast_to_frame(f, name)?);
        }
        if let Some(req) = &r.requirements {
            add("requirements", requirements_to_frame(req, name)?);
        }
        if let Some(p) = &r.plan {
            add("shifts", with_queue(shifts_to_frame(p)?, name)?);
            // `shift_row` indexes the stacked shifts file, so offset it by earlier queues' rows.
            let mut acts = super::activities_to_frame(p)?;
            if shift_rows > 0 && acts.height() > 0 {
                let rows = f64_column_u32(&acts, "shift_row")?;
                let shifted: Vec<u32> = rows.iter().map(|r| r + shift_rows).collect();
                acts.replace("shift_row", Column::new("shift_row".into(), shifted))
                    .map_err(|e| IoError::Parse {
                        what: "activities".into(),
                        reason: e.to_string(),
                    })?;
            }
            shift_rows += p.shifts.len() as u32;
            add("activities", with_queue(acts, name)?);
            // The projection is Erlang C's; other staffing models keep the plain coverage.
            let erlang_c = q.stages.staffing.model == crate::staffing::StaffingModel::ErlangC;
            let coverage = match (&q.source, r.requirements.as_ref().filter(|_| erlang_c)) {
                // From a requirements file: projected from its `volume` and `aht_s`, if it has them.
                (Source::Requirements(df, ..), _) => {
                    let df = if erlang_c {
                        df.clone()
                    } else {
                        df.select([super::INTERVAL_START]).map_err(|e| IoError::Parse {
                            what: "requirements".into(),
                            reason: e.to_string(),
                        })?
                    };
                    super::coverage_with_projection(
                        p,
                        &df,
                        q.stages.staffing.answer_within_s,
                        q.stages.staffing.shrinkage,
                    )?
                }
                (_, Some(req)) => super::coverage_with_projection(
                    p,
                    &requirements_to_frame(req, name)?,
                    q.stages.staffing.answer_within_s,
                    q.stages.staffing.shrinkage,
                )?,
                (_, None) => coverage_per_interval(p, r.requirements.as_ref())?,
            };
            add("coverage", with_queue(coverage, name)?);
        }
        if let Some(ro) = &r.roster {
            add("roster_shifts", with_queue(super::roster_shifts_to_frame(ro)?, name)?);
            add(
                "roster_activities",
                with_queue(super::roster_activities_to_frame(ro)?, name)?,
            );
            let erlang_c = q.stages.staffing.model == crate::staffing::StaffingModel::ErlangC;
            let req_df = match (&q.source, &r.requirements) {
                (Source::Requirements(df, ..), _) if erlang_c => Some(df.clone()),
                (_, Some(req)) if erlang_c => Some(requirements_to_frame(req, name)?),
                _ => None,
            };
            // The projection reads the requirement row for row; a zoned one is projected on
            // the plan's coverage only.
            let req_df = req_df.filter(|d| d.height() == ro.coverage.as_ref().map_or(0, |c| c.timestamps.len()));
            let cov = super::roster_coverage_to_frame(
                ro,
                req_df.as_ref(),
                q.stages.staffing.answer_within_s,
                q.stages.staffing.shrinkage,
            )?;
            add("roster_coverage", with_queue(cov, name)?);
            add("roster_summary", with_queue(super::roster_summary_to_frame(ro)?, name)?);
        }
        rows.insert(q.name.clone(), serde_json::Value::Object(counts));
    }
    if let Some(Ok(ro)) = joint {
        // The roster of all queues: each agent's rows carry the queues it serves ("a+b"; all
        // of them for an agent without skills).
        let all: Vec<&str> = inputs.iter().map(|q| q.name.as_str()).collect();
        let serves: BTreeMap<&str, String> = joint_agents
            .iter()
            .map(|a| {
                let list = if a.skills.is_empty() {
                    all.join("+")
                } else {
                    a.skills.join("+")
                };
                (a.agent_id.as_str(), list)
            })
            .collect();
        let by_agent = |df: DataFrame| -> crate::Result<DataFrame> {
            let ids = df
                .column("agent_id")
                .and_then(|c| c.str().cloned())
                .map_err(|e| IoError::Parse {
                    what: "roster".into(),
                    reason: e.to_string(),
                })?;
            let q: Vec<&str> = ids
                .iter()
                .map(|id| serves.get(id.unwrap_or("")).map_or("", |s| s.as_str()))
                .collect();
            let mut df = df;
            df.insert_column(0, Column::new(super::QUEUE.into(), q))
                .map_err(|e| IoError::Parse {
                    what: "roster".into(),
                    reason: e.to_string(),
                })?;
            Ok(df)
        };
        frames
            .entry("roster_shifts")
            .or_default()
            .push(by_agent(super::roster_shifts_to_frame(ro)?)?);
        frames
            .entry("roster_activities")
            .or_default()
            .push(by_agent(super::roster_activities_to_frame(ro)?)?);
        frames
            .entry("roster_coverage")
            .or_default()
            .push(super::roster_queue_coverage_to_frame(ro)?);
        frames
            .entry("roster_summary")
            .or_default()
            .push(by_agent(super::roster_summary_to_frame(ro)?)?);
    }
    let mut names = vec!["forecast"];
    if until >= Stage::Requirements {
        names.push("requirements");
    }
    if until >= Stage::Schedule {
        names.extend(["shifts", "activities", "coverage"]);
        names.extend([
            "roster_shifts",
            "roster_activities",
            "roster_coverage",
            "roster_summary",
        ]);
    }
    let mut outputs = Vec::new();
    for key in names {
        let Some(mut parts) = frames.remove(key) else { continue };
        super::zoned::unify_interval_start(&mut parts)?;
        let mut df = parts.remove(0);
        for p in parts {
            df.vstack_mut(&p).map_err(|e| IoError::Parse {
                what: key.into(),
                reason: e.to_string(),
            })?;
        }
        let file = format!("{key}.{}", fmt.extension());
        let bytes = frame_to_bytes(&mut df, fmt, Path::new(&file))?;
        staged.write(&file, &bytes)?;
        outputs.push(json!({"file": file, "rows": df.height(), "sha256": sha256_hex(&bytes)}));
    }
    Ok((outputs, rows))
}

/// A non-negative integer column as `u32`.
fn f64_column_u32(df: &DataFrame, name: &str) -> crate::Result<Vec<u32>> {
    Ok(super::f64_column(df, name, "shift_row", false)?
        .into_iter()
        .map(|v| v as u32)
        .collect())
}

/// Prepends a `queue` column.
fn with_queue(mut df: DataFrame, queue: &str) -> crate::Result<DataFrame> {
    let col = Column::new(super::QUEUE.into(), vec![queue; df.height()]);
    df.insert_column(0, col).map_err(|e| IoError::Parse {
        what: "queue".into(),
        reason: e.to_string(),
    })?;
    Ok(df)
}

#[allow(clippy::too_many_arguments)]
fn manifest(
    cfg: &JobConfig,
    config_path: Option<&Path>,
    run_id: &str,
    started: chrono::DateTime<chrono::Utc>,
    files: &[serde_json::Value],
    queues: &[(String, Result<QueueResult, crate::Error>)],
    rows: &BTreeMap<String, serde_json::Value>,
    outputs: &[serde_json::Value],
    read_s: f64,
    joint: Option<&crate::Result<Roster>>,
) -> crate::Result<serde_json::Value> {
    let config = match config_path {
        Some(p) => {
            let hash = match &cfg.source_sha256 {
                Some(h) => h.clone(),
                None => sha256_file(p)?,
            };
            json!({"path": p.display().to_string(), "sha256": hash})
        }
        None => json!({"sha256": sha256_hex(&serde_json::to_vec(cfg).unwrap_or_default())}),
    };
    let queues: Vec<serde_json::Value> = queues
        .iter()
        .map(|(name, r)| match r {
            Ok(r) => {
                let mut timings: serde_json::Map<String, serde_json::Value> = r
                    .timings
                    .iter()
                    .map(|(s, t)| (s.name().to_string(), json!(t)))
                    .collect();
                timings.insert("read".into(), json!(r.read_seconds));
                let solver = r.plan.as_ref().map(|p| {
                    json!({"status": p.status.name(), "objective": p.objective, "bound": p.bound, "gap": p.gap,
                           "seconds": p.seconds, "paid": p.costs.paid, "under": p.costs.under, "over": p.costs.over})
                });
                let roster = r.roster.as_ref().map(roster_json);
                json!({"queue": name, "ok": true, "seconds": timings, "rows": rows.get(name), "solver": solver, "roster": roster,
                       "seed": cfg.stages_for(name).map(|s| s.schedule.seed).unwrap_or(cfg.schedule.seed)})
            }
            Err(e) => json!({"queue": name, "ok": false, "error": e.to_string()}),
        })
        .collect();
    let mut complete = queues.iter().all(|q| q["ok"] == true);
    let joint = joint.map(|r| match r {
        Ok(r) => roster_json(r),
        Err(e) => {
            complete = false;
            json!({"ok": false, "error": e.to_string()})
        }
    });
    let mut m = json!({
        "run_id": run_id,
        "started_at": started.to_rfc3339(),
        "finished_at": chrono::Utc::now().to_rfc3339(),
        "versions": {"wfmkit": crate::VERSION, "polars": polars::VERSION, "highs": highs_version()},
        "config": config,
        "inputs": files,
        "read_seconds": read_s,
        "complete": complete,
        "queues": queues,
        "outputs": outputs,
    });
    if let (Some(j), Some(map)) = (joint, m.as_object_mut()) {
        map.insert("roster".into(), j);
    }
    Ok(m)
}

/// A roster's status, objective split, bound, gap and price of named agents for the manifest.
fn roster_json(p: &Roster) -> serde_json::Value {
    json!({"status": p.status.name(), "objective": p.objective, "bound": p.bound, "gap": p.gap,
           "seconds": p.seconds, "agents": p.summary.len(), "under": p.costs.under, "over": p.costs.over,
           "paid": p.costs.paid, "requests": p.costs.requests, "fairness": p.costs.fairness,
           "price_of_named_agents": p.design.map(|d| d.price_of_named_agents)})
}

/// The HiGHS library version, e.g. `1.12.0`.
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
