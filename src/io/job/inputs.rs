//! A job's inputs: the queues to plan, each with its history or requirement rows and options.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde_json::json;

use crate::forecast::History;
use crate::io::projection::{frame_workload, FrameWorkload};
use crate::io::{history_from_frame_in_zone, read_frame_hashed, split_rows_by_queue, IoError, JobConfig};
use crate::pipeline::StageOptions;
use crate::schedule::CoverRequirement;

/// Where a queue's input comes from: its history, or its requirements for a schedule-only run.
pub(super) enum Source {
    /// Its rows of the shared history file, already read.
    Rows(DataFrame, PathBuf, Vec<usize>),
    /// Its own file, read by the worker that plans it, so that memory holds at most one such
    /// input per worker.
    File(PathBuf),
    /// Its rows of a requirements file ([`schedule_job`]), with a zoned `interval_start` where
    /// the queue has a time zone: only the schedule stage runs.
    RequirementsFile(DataFrame, PathBuf, Vec<usize>),
}

/// One queue to plan: its input and its stage options.
pub(super) struct QueueSpec {
    pub(super) name: String,
    pub(super) source: Source,
    pub(super) stages: StageOptions,
    /// How many queues the job plans (an agent without skills needs there to be one).
    pub(super) queues: usize,
}

/// A history frame split by its queue column (the config's `history.columns.queue`, else
/// `queue`), each part with its rows' 0-based rows in the frame; the whole frame as the config's
/// queue when it has no such column.
pub(crate) fn history_by_queue(cfg: &JobConfig, df: DataFrame) -> crate::Result<Vec<(String, DataFrame, Vec<usize>)>> {
    let cols = &cfg.history.columns;
    let queue_col = crate::io::history::optional_column(&df, cols.queue.as_deref(), crate::io::QUEUE, "queue")?;
    Ok(match queue_col {
        Some(c) => {
            let mut d = df;
            if c != crate::io::QUEUE {
                d.rename(c, crate::io::QUEUE.into()).map_err(|e| IoError::Parse {
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
    })
}

/// Reads the shared history file (split by the queue column where there is one) and lists the
/// queues to plan with their options. Returns the queues and the shared file's hash and rows.
pub(super) fn plan_inputs(cfg: &JobConfig) -> crate::Result<(Vec<QueueSpec>, Vec<serde_json::Value>)> {
    cfg.interval_s()?;
    let mut files = Vec::new();
    let mut by_queue: BTreeMap<String, Source> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    if let Some(path) = &cfg.history.path {
        let (df, hash) = read_frame_hashed(path, cfg.history.format)?;
        files.push(json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()}));
        let parts = history_by_queue(cfg, df)?;
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
pub(super) fn requirement_inputs(
    cfg: &JobConfig,
    path: &Path,
) -> crate::Result<(Vec<QueueSpec>, Vec<serde_json::Value>)> {
    let (df, hash) = read_frame_hashed(path, None)?;
    let files = vec![json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()})];
    let mut by_queue = BTreeMap::new();
    let mut order = Vec::new();
    for (q, d, rows) in split_rows_by_queue(&df, cfg.queue_name()).map_err(|e| in_file(path, e.into()))? {
        let d = crate::io::zoned::in_zone(d, cfg.time_zone_for(&q))
            .map_err(|e| in_queue(&q, in_file(path, e.map_rows(&|r| file_row(r, &rows)))))?;
        order.push(q.clone());
        by_queue.insert(q, Source::RequirementsFile(d, path.to_path_buf(), rows));
    }
    let specs = queue_specs(cfg, order, by_queue, "no rows in the requirements file")?;
    Ok((specs, files))
}

/// A queue's scheduling requirement from its rows of a requirements file, with its `volume` and
/// `aht_s` (when present) checked for the coverage projection. Errors name the row of the file;
/// a zoned requirement is put on the local grid first, so its schedule errors name the row of
/// that grid and are not renumbered.
pub(super) fn load_requirement(
    spec: &QueueSpec,
    df: &DataFrame,
    path: &Path,
    rows: &[usize],
) -> crate::Result<(CoverRequirement, Option<FrameWorkload>)> {
    // The projection of the coverage reads `volume` and `aht_s` after solving: check them first.
    let projected = || -> crate::Result<()> {
        for (col, role) in [(crate::io::VOLUME, "volume"), (crate::io::AHT_S, "aht_s")] {
            if crate::io::convert::has_column(df, col) {
                let v = crate::io::f64_column(df, col, role, false)?;
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
    let fix = |r: usize| file_row(r, rows);
    projected().map_err(|e| in_queue(&spec.name, in_file(path, e.map_rows(&fix))))?;
    let requirement = crate::io::cover_requirement_from_frame(df, None).map_err(|e| {
        let e = match e {
            // A zoned requirement's schedule errors name the rows of its local grid.
            e @ crate::Error::Schedule(_) if crate::io::zoned::zone_of(df).is_some() => e,
            e => e.map_rows(&fix),
        };
        in_queue(&spec.name, in_file(path, e))
    })?;
    let workload = frame_workload(df, requirement.timestamps())
        .map_err(|e| in_queue(&spec.name, in_file(path, e.map_rows(&fix))))?;
    Ok((requirement, workload))
}

/// The 1-based row of the file of the 1-based row `r` of one queue's rows (`rows`: their 0-based
/// rows in the file); `r` itself when out of range.
fn file_row(r: usize, rows: &[usize]) -> usize {
    r.checked_sub(1).and_then(|i| rows.get(i)).map_or(r, |&o| o + 1)
}

/// Wraps an error with the file it came from.
pub(super) fn in_file(path: &Path, e: crate::Error) -> crate::Error {
    IoError::InFile {
        path: path.to_path_buf(),
        source: Box::new(e),
    }
    .into()
}

/// One queue's history rows as read, before the history is built from them: its part of the
/// shared history file, or its own file with that file's hash and rows for the manifest.
pub(super) fn history_rows(cfg: &JobConfig, spec: &QueueSpec) -> crate::Result<(DataFrame, Option<serde_json::Value>)> {
    match &spec.source {
        Source::Rows(df, ..) => Ok((df.clone(), None)),
        Source::File(path) => {
            let (df, hash) = read_frame_hashed(path, cfg.history.format).map_err(|e| in_queue(&spec.name, e.into()))?;
            let file = json!({"path": path.display().to_string(), "sha256": hash, "rows": df.height()});
            Ok((df, Some(file)))
        }
        Source::RequirementsFile(..) => Err(IoError::Config {
            path: format!("queues.{}", spec.name),
            message: "a run from a requirements file has no history".into(),
        }
        .into()),
    }
}

/// Loads and validates one queue's history ([`history_rows`], then the history built and
/// checked); errors name the file and its row.
pub(super) fn load_history(cfg: &JobConfig, spec: &QueueSpec) -> crate::Result<(History, Option<serde_json::Value>)> {
    let interval_s = cfg.interval_s()?;
    let zone = cfg.time_zone_for(&spec.name);
    let (df, file) = history_rows(cfg, spec)?;
    let h =
        history_from_frame_in_zone(&df, &cfg.history.columns, interval_s, zone).map_err(|e| match &spec.source {
            Source::Rows(_, path, rows) => in_queue(&spec.name, in_file(path, e.map_rows(&|r| file_row(r, rows)))),
            Source::File(path) | Source::RequirementsFile(_, path, _) => in_queue(&spec.name, in_file(path, e)),
        })?;
    Ok((h, file))
}

/// Adds the queue name to an input error.
pub(super) fn in_queue(queue: &str, e: crate::Error) -> crate::Error {
    IoError::InQueue {
        queue: queue.to_string(),
        source: Box::new(e),
    }
    .into()
}
