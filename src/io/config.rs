//! The job configuration: one TOML file for a whole planning run.
//!
//! The tables are `[history]` (inputs and column mapping), `[forecast]`, `[staffing]` and
//! `[schedule]` (the defaults of every queue), `[queues.<name>]` (per-queue input file and
//! partial overrides of those three tables), `[simulation]` (optional, for every queue),
//! `[agents]`, `[run]` and `[output]`. Every table is strict: an
//! unknown key is an error that gives its line and suggests the nearest valid key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{FileFormat, HistoryColumns, IoError};
use crate::forecast::ForecastOptions;
use crate::pipeline::StageOptions;
use crate::roster::{Contract, RosterOptions};
use crate::schedule::ScheduleOptions;
use crate::simulate::SimulationSettings;
use crate::staffing::StaffingOptions;
use crate::time::Tz;

/// Where the history comes from and how to read it (`[history]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryInput {
    /// CSV, Parquet or IPC file; relative paths are relative to the config file. It may hold
    /// several queues in a `queue` column (see [`HistoryColumns::queue`]).
    pub path: Option<PathBuf>,
    /// File format; default: from the extension.
    pub format: Option<FileFormat>,
    /// Interval length in minutes; default: inferred from the timestamps.
    pub interval_min: Option<u32>,
    /// IANA time zone of the queues (e.g. `"Europe/London"`), checked when the config is read.
    /// The history is put on its local wall-clock grid: naive timestamps are local times in it,
    /// and instants (text with UTC offsets, or a zoned Parquet/IPC column in any zone) are
    /// converted to it. The forecast and requirements then have one zoned row per real interval
    /// across daylight-saving changes. Default: the zone of a zoned timestamp column, else none
    /// (naive local times, every day 24 hours).
    #[serde(with = "crate::time::zone::serde_time_zone")]
    pub time_zone: Option<Tz>,
    /// Column mapping.
    pub columns: HistoryColumns,
}

/// One queue's input and overrides (`[queues.<name>]`). The override tables hold only the keys
/// that differ from the top-level `[forecast]`, `[staffing]` and `[schedule]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// This queue's own history file; default: its rows of `[history] path`.
    pub path: Option<PathBuf>,
    /// This queue's time zone; default: `[history] time_zone`.
    #[serde(with = "crate::time::zone::serde_time_zone")]
    pub time_zone: Option<Tz>,
    /// Overrides of `[forecast]`.
    pub forecast: toml::Table,
    /// Overrides of `[staffing]`.
    pub staffing: toml::Table,
    /// Overrides of `[schedule]`.
    pub schedule: toml::Table,
    /// The skill group whose agents serve this queue: the queues of one group are scheduled
    /// together, on the sum of their requirements (each staffed by its own model), and the plan
    /// is published under the group's name. Default: none (the queue is scheduled alone).
    pub skill_group: Option<String>,
}

/// How the run is carried out (`[run]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunOptions {
    /// Queues planned at once by the `threads` backend; default: the number of cores. Each
    /// queue's solver uses `[schedule] threads` threads.
    pub parallel_queues: Option<usize>,
    /// Where each queue's stages run: `"threads"` (default) or `"dask"` (see [`DaskOptions`]).
    pub backend: Backend,
    /// The Dask cluster, for `backend = "dask"` (`[run.dask]`).
    pub dask: DaskOptions,
}

impl RunOptions {
    /// The threads that read, plan or finish queues at once: `parallel_queues`, else the number
    /// of cores.
    pub fn queue_threads(&self) -> usize {
        self.parallel_queues
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

/// Where each queue's forecast, staffing and schedule run (`[run] backend`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// Worker threads of this process (`[run] parallel_queues`).
    #[default]
    Threads,
    /// The workers of a Dask cluster ([`DaskOptions`]); reading the inputs, the named-agent
    /// rosters, skill groups, outbound and publishing stay in this process.
    Dask,
}

/// A Dask cluster to run the queues on (`[run.dask]`). The job starts `python -m
/// wfmkit.dask_job`, which connects to the scheduler and submits one task per queue; the
/// workers need the same version of the `wfmkit` Python package (`pip install wfmkit[dask]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DaskOptions {
    /// The scheduler's address, e.g. `"tcp://10.0.0.5:8786"`; the CLI's `--dask-scheduler`
    /// overrides it (and selects this backend).
    pub scheduler: Option<String>,
    /// The Python interpreter that has `wfmkit` and `distributed`; a relative path with a
    /// directory part is relative to the config file. Default: `$WFMKIT_PYTHON`, else `python3`.
    pub python: Option<PathBuf>,
    /// How often a queue's task is retried when it raises (Dask's `retries`; a task whose worker
    /// dies runs again elsewhere, up to Dask's `allowed-failures`); default 2.
    pub retries: u32,
    /// Queues sent to the cluster and not yet answered; past it, the job reads no more inputs
    /// until one is done (so the scheduler never holds every queue's rows). Default: 4 per worker
    /// thread at connection, at least 4.
    pub max_in_flight: Option<u32>,
    /// Seconds that queues may wait on a cluster with no worker (none yet, or every one lost)
    /// before the queues without an answer fail, named, instead of waiting forever (an adaptive
    /// cluster must start a worker within it). Default 60.
    pub worker_timeout_s: f64,
}

impl Default for DaskOptions {
    fn default() -> Self {
        Self {
            scheduler: None,
            python: None,
            retries: 2,
            max_in_flight: None,
            worker_timeout_s: 60.0,
        }
    }
}

/// Where outputs go (`[output]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputOptions {
    /// Output directory; relative paths are relative to the current directory. The CLI's
    /// `--out` overrides it.
    pub dir: Option<PathBuf>,
    /// File format of the outputs (default CSV).
    pub format: FileFormat,
}

/// Named agents to roster (`[agents]`): with it, `wfmkit plan` and `wfmkit schedule` also
/// publish a roster of these agents on each queue (`roster_shifts`, `roster_activities`,
/// `roster_coverage`, `roster_summary`). The tables' columns are those of
/// [`super::agents_from_frames`]; relative paths are relative to the config file.
///
/// When every agent names at most one skill, each queue is rostered on its own: an agent on the
/// queue its `skills` name, or, with no skills, on the job's only queue (a job with several
/// queues then needs skills). When some agent names several, the queues are rostered together
/// after every queue has its requirement ([`crate::roster::roster_queues`]: an agent's time is
/// split among its queues; no skills means every queue); they must share the interval grid and
/// the `[schedule]` options, and the run publishes one roster whose `queue` column holds the
/// queues each agent serves (`a+b`), with `roster_coverage` per queue (`served` agents).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgentsInput {
    /// One row per agent: `agent_id`, `contract`, optional `skills`.
    pub path: PathBuf,
    /// Leave: `agent_id`, `date`.
    pub leave: Option<PathBuf>,
    /// Availability windows: `agent_id`, `weekday` or `date`, `from`, `to`.
    pub availability: Option<PathBuf>,
    /// Requests: `agent_id`, `date`, `kind`, `shift`, `weight`.
    pub requests: Option<PathBuf>,
    /// Locked (published) days: `agent_id`, `date`, `shift`.
    pub locked: Option<PathBuf>,
    /// Preferred start windows: `agent_id`, `weekday` or `date` (or neither), `from`, `to`,
    /// `weight`.
    pub preferred_starts: Option<PathBuf>,
    /// The contracts (`[[agents.contracts]]`).
    pub contracts: Vec<Contract>,
    /// Roster options (`[agents.options]`): fairness weight, candidate shifts, solver knobs.
    pub options: RosterOptions,
}

/// An outbound campaign (`[[outbound]]`), planned after the schedule on the plan of the queue or
/// skill group it blends with (see [`crate::staffing::outbound_staffing`]): that plan's slack
/// first (agents scheduled beyond the requirement, net of the queue's shrinkage), then the same
/// number of dedicated agents in every calling interval. Published as `outbound`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboundConfig {
    /// The campaign's name (the `campaign` column).
    pub name: String,
    /// Records on the list.
    pub records: f64,
    /// Probability that an attempt reaches a person, in (0, 1].
    pub contact_rate: f64,
    /// Attempts per record at most (default 1).
    #[serde(default = "one_attempt")]
    pub max_attempts: u32,
    /// Agent time per contact (talk and wrap-up), seconds.
    pub talk_s: f64,
    /// Agent time per attempt that reaches nobody, seconds (default 0).
    #[serde(default)]
    pub attempt_s: f64,
    /// Productive share of an agent's time on the campaign (default 1).
    #[serde(default = "full_occupancy")]
    pub occupancy: f64,
    /// The queue or skill group whose plan it blends with (its grid and slack).
    pub blend_with: String,
    /// Calling hours, `"HH:MM-HH:MM"` keyed `mon` … `sun` or `daily`; default: any time.
    #[serde(default)]
    pub calling_hours: BTreeMap<String, String>,
    /// The last day of calling (default: the end of the plan).
    #[serde(default)]
    pub until: Option<chrono::NaiveDate>,
}

fn one_attempt() -> u32 {
    1
}

fn full_occupancy() -> f64 {
    1.0
}

/// One agent group of `[multi_skill]`: the queues its agents answer, in their order of
/// preference, and the cost of an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroupConfig {
    /// The group's name (its plan is published under it).
    pub name: String,
    /// The queues it answers, preferred first.
    pub skills: Vec<String>,
    /// Cost of an agent (default 1).
    #[serde(default = "full_occupancy")]
    pub cost: f64,
}

/// Multi-skill routing (`[multi_skill]`): the queues named in the groups' skills are call types
/// routed to agent groups ([`crate::simulate::MultiSkillSystem`]: a call goes to its
/// specialists first, a freed agent takes the oldest call of its first skill waiting). Each
/// queue is forecast and staffed as usual (its own Erlang requirement is published); then every
/// interval is staffed per group by simulation ([`crate::requirements::multi_skill_requirements`],
/// each queue's `service_level` within `answer_within_s` as its target), and each group is
/// scheduled on its agents grossed up by the queues' shrinkage and published under its name,
/// with `multi_skill` (agents per group and interval) and the saving against staffing every
/// queue alone in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiSkillConfig {
    /// The agent groups.
    pub groups: Vec<SkillGroupConfig>,
    /// Replications of each interval per simulation (default 100).
    #[serde(default = "hundred")]
    pub replications: usize,
    /// Seed (default 1).
    #[serde(default = "one_seed")]
    pub seed: u64,
    /// Cutting-plane iterations per interval at most (default 30).
    #[serde(default = "thirty")]
    pub max_iterations: usize,
}

fn hundred() -> usize {
    100
}

fn one_seed() -> u64 {
    1
}

fn thirty() -> usize {
    30
}

/// A planning job: inputs, stage options per queue, and outputs.
///
/// ```
/// use wfmkit::io::JobConfig;
///
/// let err = JobConfig::from_toml_str("[forecast]\nk_weeks = 4\nk_week = 3\n", "job.toml").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "job.toml: line 3: unknown field `k_week`; did you mean `k_weeks`? (in `k_week = 3`)"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobConfig {
    /// Name of the queue when the history has no queue column (default `main`).
    pub queue: Option<String>,
    /// The history input.
    pub history: HistoryInput,
    /// Forecast options (defaults of every queue).
    pub forecast: ForecastOptions,
    /// Staffing options (defaults of every queue).
    pub staffing: StaffingOptions,
    /// Schedule options (defaults of every queue).
    pub schedule: ScheduleOptions,
    /// Simulate every queue's plan on its workload (`[simulation]`, see
    /// [`crate::simulate::SimulationSettings`]): the coverage gains the simulated service level,
    /// ASA and abandonment with 95% confidence intervals, and the manifest the seed and
    /// replications. Default: no simulation.
    pub simulation: Option<SimulationSettings>,
    /// The queues to plan, with their overrides; empty: every queue in the history.
    pub queues: BTreeMap<String, QueueConfig>,
    /// Named agents to roster, if any.
    pub agents: Option<AgentsInput>,
    /// Outbound campaigns (`[[outbound]]`), planned after the schedule; default none.
    pub outbound: Vec<OutboundConfig>,
    /// Multi-skill routing of some queues to agent groups; default none.
    pub multi_skill: Option<MultiSkillConfig>,
    /// Run options.
    pub run: RunOptions,
    /// Outputs.
    pub output: OutputOptions,
    /// SHA-256 of the config text as read by [`JobConfig::load`] (not a config key).
    #[serde(skip)]
    pub source_sha256: Option<String>,
}

impl JobConfig {
    /// Parses a TOML config. `origin` names the file in error messages.
    ///
    /// # Errors
    ///
    /// [`IoError::Config`] with the line of the problem, e.g. an unknown key (with the nearest
    /// valid key) or a value of the wrong type.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, IoError> {
        toml::from_str(text).map_err(|e| IoError::Config {
            path: origin.to_string(),
            message: toml_message(text, &e),
        })
    }

    /// Parses a JSON config (used for Python keyword dictionaries).
    ///
    /// # Errors
    ///
    /// [`IoError::Config`].
    pub fn from_json_str(text: &str, origin: &str) -> Result<Self, IoError> {
        serde_json::from_str(text).map_err(|e| IoError::Config {
            path: origin.to_string(),
            message: with_suggestion(&e.to_string()),
        })
    }

    /// Reads a TOML config file and resolves the input paths relative to the file's directory.
    ///
    /// # Errors
    ///
    /// [`IoError::Open`] if the file cannot be read, [`IoError::Config`] if it is invalid.
    pub fn load(path: &Path) -> Result<Self, IoError> {
        let text = std::fs::read_to_string(path).map_err(|e| IoError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut cfg = Self::from_toml_str(&text, &path.display().to_string())?;
        cfg.source_sha256 = Some(super::run::sha256_hex(text.as_bytes()));
        let base = path.parent().unwrap_or(Path::new("."));
        let resolve = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        if let Some(p) = cfg.history.path.as_mut() {
            resolve(p);
        }
        if let Some(a) = cfg.agents.as_mut() {
            resolve(&mut a.path);
            for p in [
                &mut a.leave,
                &mut a.availability,
                &mut a.requests,
                &mut a.locked,
                &mut a.preferred_starts,
            ]
            .into_iter()
            .flatten()
            {
                resolve(p);
            }
        }
        for q in cfg.queues.values_mut() {
            if let Some(p) = q.path.as_mut() {
                resolve(p);
            }
        }
        // `python3` is looked up on the PATH; `.venv/bin/python` is next to the config.
        if let Some(p) = cfg.run.dask.python.as_mut() {
            if p.components().count() > 1 {
                resolve(p);
            }
        }
        Ok(cfg)
    }

    /// The queue name used when the history has no queue column.
    pub fn queue_name(&self) -> &str {
        self.queue.as_deref().unwrap_or("main")
    }

    /// The stage options (the top-level tables, without per-queue overrides).
    pub fn stages(&self) -> StageOptions {
        StageOptions {
            forecast: self.forecast.clone(),
            staffing: self.staffing.clone(),
            schedule: self.schedule.clone(),
            simulation: self.simulation.clone(),
        }
    }

    /// The stage options of one queue: the top-level tables with the queue's overrides applied.
    ///
    /// # Errors
    ///
    /// [`IoError::Config`] naming `queues.<name>.<table>` for an unknown key or a bad value.
    pub fn stages_for(&self, queue: &str) -> Result<StageOptions, IoError> {
        let Some(q) = self.queues.get(queue) else {
            return Ok(self.stages());
        };
        Ok(StageOptions {
            forecast: overlay(&self.forecast, &q.forecast, &format!("queues.{queue}.forecast"))?,
            staffing: overlay(&self.staffing, &q.staffing, &format!("queues.{queue}.staffing"))?,
            schedule: overlay(&self.schedule, &q.schedule, &format!("queues.{queue}.schedule"))?,
            simulation: self.simulation.clone(),
        })
    }

    /// The time zone of a queue: its own `time_zone`, else `[history] time_zone`.
    pub fn time_zone_for(&self, queue: &str) -> Option<Tz> {
        self.queues
            .get(queue)
            .and_then(|q| q.time_zone)
            .or(self.history.time_zone)
    }

    /// The interval length in seconds, if configured.
    ///
    /// # Errors
    ///
    /// [`IoError::Config`] for `interval_min` = 0.
    pub fn interval_s(&self) -> Result<Option<u32>, IoError> {
        match self.history.interval_min {
            Some(0) => Err(IoError::Config {
                path: "history.interval_min".into(),
                message: "must be > 0".into(),
            }),
            Some(m) if m <= 1440 => Ok(Some(m * 60)),
            Some(m) => Err(IoError::Config {
                path: "history.interval_min".into(),
                message: format!("{m} is longer than a day (1440 minutes)"),
            }),
            None => Ok(None),
        }
    }
}

/// Deserialises JSON options; an error names the option's path (e.g. `forecast.k_weeks`) and,
/// for an unknown key, the nearest valid one.
///
/// # Errors
///
/// [`IoError::Config`] with `what` and the option path.
pub fn from_json_named<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, IoError> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        let inner = with_suggestion(inner.split(" at line ").next().unwrap_or(&inner));
        let message = if path == "." {
            inner
        } else {
            format!("`{path}`: {inner}")
        };
        IoError::Config {
            path: what.to_string(),
            message,
        }
    })
}

/// `base` with the keys of `overrides` replaced, re-checked strictly.
fn overlay<T: Serialize + DeserializeOwned>(base: &T, overrides: &toml::Table, origin: &str) -> Result<T, IoError> {
    if overrides.is_empty() {
        return T::deserialize(toml::Value::try_from(base).map_err(|e| cfg_err(origin, e.to_string()))?)
            .map_err(|e| cfg_err(origin, e.to_string()));
    }
    let mut value = toml::Value::try_from(base).map_err(|e| cfg_err(origin, e.to_string()))?;
    if let toml::Value::Table(t) = &mut value {
        for (k, v) in overrides {
            t.insert(k.clone(), v.clone());
        }
    }
    T::deserialize(value).map_err(|e| cfg_err(origin, with_suggestion(e.message())))
}

fn cfg_err(origin: &str, message: String) -> IoError {
    IoError::Config {
        path: origin.to_string(),
        message,
    }
}

/// toml's message with the line number stated plainly and, for an unknown key, the nearest
/// valid key.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let msg = with_suggestion(e.message().trim());
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let snippet = text.lines().nth(line - 1).unwrap_or("").trim();
            format!("line {line}: {msg} (in `{snippet}`)")
        }
        None => msg,
    }
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into "unknown field `x`;
/// did you mean `a`?" when a valid key is close, keeping the list otherwise.
pub(crate) fn with_suggestion(msg: &str) -> String {
    let Some(rest) = msg.strip_prefix("unknown field `") else {
        return msg.to_string();
    };
    let Some((field, tail)) = rest.split_once('`') else {
        return msg.to_string();
    };
    let valid: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    match nearest(field, &valid) {
        Some(best) => format!("unknown field `{field}`; did you mean `{best}`?"),
        None => msg.to_string(),
    }
}

/// The valid key closest to `word` by edit distance, if it is close enough to be a typo.
fn nearest<'a>(word: &str, valid: &[&'a str]) -> Option<&'a str> {
    let best = valid
        .iter()
        .map(|v| (crate::suggest::edit_distance(word, v), *v))
        .min()?;
    (best.0 <= (word.len().max(3) / 3).max(2)).then_some(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_name_the_nearest_key() {
        let m = "unknown field `shrinkag`, expected one of `model`, `shrinkage`, `sl_definition`";
        assert_eq!(
            with_suggestion(m),
            "unknown field `shrinkag`; did you mean `shrinkage`?"
        );
        let m = "unknown field `zzzzzz`, expected one of `model`, `shrinkage`";
        assert_eq!(with_suggestion(m), m);
    }

    #[test]
    fn time_zones_are_checked_and_overridden_per_queue() {
        let text =
            "[history]\ntime_zone = \"Europe/London\"\n[queues.ny]\ntime_zone = \"America/New_York\"\n[queues.uk]\n";
        let cfg = JobConfig::from_toml_str(text, "job.toml").unwrap();
        assert_eq!(cfg.time_zone_for("ny"), Some(Tz::America__New_York));
        assert_eq!(cfg.time_zone_for("uk"), Some(Tz::Europe__London));
        let err = JobConfig::from_toml_str("[history]\ntime_zone = \"Europe/Londn\"\n", "job.toml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "job.toml: line 2: option `time_zone` = \"Europe/Londn\" is not an IANA time zone name; did you mean \
             `Europe/London`? (in `time_zone = \"Europe/Londn\"`)"
        );
        let err = JobConfig::from_toml_str("[history]\ntime_zon = \"UTC\"\n", "job.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `time_zone`"), "{err}");
    }

    #[test]
    fn queue_overrides_are_partial_and_strict() {
        let text = "[staffing]\nservice_level = 0.8\nshrinkage = 0.3\n[queues.sales.staffing]\nservice_level = 0.9\n[queues.bad.staffing]\nshrinkge = 0.1\n";
        let cfg = JobConfig::from_toml_str(text, "job.toml").unwrap();
        let s = cfg.stages_for("sales").unwrap().staffing;
        assert_eq!((s.service_level, s.shrinkage), (Some(0.9), 0.3));
        let err = cfg.stages_for("bad").unwrap_err().to_string();
        assert!(
            err.contains("queues.bad.staffing") && err.contains("did you mean `shrinkage`"),
            "{err}"
        );
    }
}
