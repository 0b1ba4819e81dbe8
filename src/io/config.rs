//! The job configuration: one TOML file for a whole planning run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{FileFormat, HistoryColumns, IoError};
use crate::forecast::ForecastOptions;
use crate::pipeline::StageOptions;
use crate::schedule::ScheduleOptions;
use crate::staffing::StaffingOptions;

/// Where the history comes from and how to read it (`[history]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryInput {
    /// CSV, Parquet or IPC file; relative paths are relative to the config file.
    pub path: Option<PathBuf>,
    /// File format; default: from the extension.
    pub format: Option<FileFormat>,
    /// Interval length in minutes; default: inferred from the timestamps.
    pub interval_min: Option<u32>,
    /// Column mapping.
    pub columns: HistoryColumns,
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

/// A planning job: input, stage options and output.
///
/// ```
/// use wfmkit::io::JobConfig;
///
/// let err = JobConfig::from_toml_str("[forecast]\nk_weeks = 4\nhorizon = 3\n", "job.toml").unwrap_err();
/// assert!(err.to_string().contains("unknown field `horizon`"), "{err}");
/// assert!(err.to_string().contains("line 3"), "{err}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobConfig {
    /// Name of the queue, written in the `queue` column (default `main`).
    pub queue: Option<String>,
    /// The history input.
    pub history: HistoryInput,
    /// Forecast options.
    pub forecast: ForecastOptions,
    /// Staffing options.
    pub staffing: StaffingOptions,
    /// Schedule options.
    pub schedule: ScheduleOptions,
    /// Outputs.
    pub output: OutputOptions,
}

impl JobConfig {
    /// Parses a TOML config. `origin` names the file in error messages.
    ///
    /// # Errors
    ///
    /// [`IoError::Config`] with the line and column of the problem, e.g. an unknown key (the
    /// message lists the valid keys) or a value of the wrong type.
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
            message: e.to_string(),
        })
    }

    /// Reads a TOML config file and resolves `history.path` relative to the file's directory.
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
        if let Some(p) = cfg.history.path.as_mut() {
            if p.is_relative() {
                *p = path.parent().unwrap_or(Path::new(".")).join(&*p);
            }
        }
        Ok(cfg)
    }

    /// The queue name.
    pub fn queue_name(&self) -> &str {
        self.queue.as_deref().unwrap_or("main")
    }

    /// The stage options.
    pub fn stages(&self) -> StageOptions {
        StageOptions {
            forecast: self.forecast.clone(),
            staffing: self.staffing.clone(),
            schedule: self.schedule.clone(),
        }
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
            Some(m) => Ok(Some(m * 60)),
            None => Ok(None),
        }
    }
}

/// toml's message, with the line number stated plainly.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            let snippet = text.lines().nth(line - 1).unwrap_or("").trim();
            format!("line {line}: {msg} (in `{snippet}`)")
        }
        None => msg,
    }
}
