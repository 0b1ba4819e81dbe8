//! Running a [`JobConfig`]: read the history, plan, and publish the output frames.

use std::path::{Path, PathBuf};

use super::{
    coverage_to_frame, forecast_to_frame, frame_to_bytes, read_history, requirements_to_frame, shifts_to_frame,
    write_atomic, IoError, JobConfig,
};
use crate::pipeline::{plan, PlanOutput};

/// What a job wrote.
#[derive(Debug, Clone)]
pub struct JobReport {
    /// The pipeline's output.
    pub output: PlanOutput,
    /// The files written, in order: forecast, requirements, shifts, coverage.
    pub files: Vec<PathBuf>,
}

/// Runs the job: reads the history named in the config, plans, and writes `forecast`,
/// `requirements`, `shifts` and `coverage` into `out_dir` (or the config's `output.dir`).
///
/// Every output is first serialised in memory; only when all four are ready are they written,
/// each atomically (temporary file, then rename). A failure in any stage leaves the previous
/// outputs in `out_dir` untouched.
///
/// # Errors
///
/// [`crate::Error`] from any stage; [`IoError::Config`] when neither `out_dir` nor
/// `output.dir` is given or `history.path` is missing.
pub fn run_job(config: &JobConfig, out_dir: Option<&Path>) -> crate::Result<JobReport> {
    let out_dir = out_dir
        .map(Path::to_path_buf)
        .or_else(|| config.output.dir.clone())
        .ok_or_else(|| IoError::Config {
            path: "output.dir".into(),
            message: "no output directory: set [output] dir or pass --out".into(),
        })?;
    let path = config.history.path.as_deref().ok_or_else(|| IoError::Config {
        path: "history.path".into(),
        message: "missing: the job needs a history file".into(),
    })?;
    let history = read_history(
        path,
        config.history.format,
        &config.history.columns,
        config.interval_s()?,
    )?;
    let output = plan(&history, &config.stages())?;
    let queue = config.queue_name();
    let fmt = config.output.format;
    let mut frames = [
        ("forecast", forecast_to_frame(&output.forecast, queue)?),
        ("requirements", requirements_to_frame(&output.requirements, queue)?),
        ("shifts", shifts_to_frame(&output.plan)?),
        ("coverage", coverage_frame(config, &output, queue)?),
        ("activities", super::activities_to_frame(&output.plan)?),
    ];
    let mut staged = Vec::with_capacity(frames.len());
    for (name, df) in frames.iter_mut() {
        let file = out_dir.join(format!("{name}.{}", fmt.extension()));
        let bytes = frame_to_bytes(df, fmt, &file)?;
        staged.push((file, bytes));
    }
    std::fs::create_dir_all(&out_dir).map_err(|e| IoError::Write {
        path: out_dir.clone(),
        reason: e.to_string(),
    })?;
    let mut files = Vec::with_capacity(staged.len());
    for (file, bytes) in staged {
        write_atomic(&file, &bytes)?;
        files.push(file);
    }
    Ok(JobReport { output, files })
}

/// The coverage frame; with the Erlang C model, plus the projected service level and ASA of the
/// scheduled agents net of the staffing shrinkage (the requirement scheduled is `agents_gross`).
fn coverage_frame(config: &JobConfig, output: &PlanOutput, queue: &str) -> crate::Result<polars::prelude::DataFrame> {
    if config.staffing.model != crate::staffing::StaffingModel::ErlangC {
        return Ok(coverage_to_frame(&output.plan)?);
    }
    let req = requirements_to_frame(&output.requirements, queue)?;
    super::coverage_with_projection(
        &output.plan,
        &req,
        config.staffing.answer_within_s,
        config.staffing.shrinkage,
    )
}
