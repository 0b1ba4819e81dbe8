//! Bindings of the whole pipeline.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::schedule::{plan_tuple_with, PlanTuple};
use super::{ipc_bytes, read_ipc};
use crate::io::{self, IoError, JobConfig};
use crate::schedule::Plan;

/// The whole pipeline on a history frame, with a job config given as TOML or JSON text.
/// Returns (forecast, requirements, plan tuple).
#[pyfunction]
pub(crate) fn plan<'py>(
    py: Python<'py>,
    history: &[u8],
    config: &str,
    config_format: &str,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>, PlanTuple<'py>)> {
    let (f, r, c, p) = py
        .detach(|| -> crate::Result<(Vec<u8>, Vec<u8>, Vec<u8>, Plan)> {
            let cfg = match config_format {
                "toml" => JobConfig::from_toml_str(config, "config")?,
                _ => JobConfig::from_json_str(config, "config")?,
            };
            if !cfg.queues.is_empty() {
                return Err(IoError::Config {
                    path: "queues".into(),
                    message: "wfmkit.plan plans one queue; per-queue tables are for the command line \
                              (`wfmkit plan --config`)"
                        .into(),
                }
                .into());
            }
            let df = read_ipc(history.to_vec(), "history")?;
            if let Some(c) = io::optional_column(&df, cfg.history.columns.queue.as_deref(), io::QUEUE, "queue")? {
                if io::split_by_queue(&df, cfg.queue_name())?.len() > 1 {
                    return Err(IoError::Config {
                        path: "history".into(),
                        message: format!(
                            "the history's `{c}` column holds several queues; filter one queue, \
                             or plan them all with the command line"
                        ),
                    }
                    .into());
                }
            }
            let zone = cfg.time_zone_for(cfg.queue_name());
            let h = io::history_from_frame_in_zone(&df, &cfg.history.columns, cfg.interval_s()?, zone)?;
            let out = crate::pipeline::plan(&h, &cfg.stages())?;
            let q = cfg.queue_name();
            Ok((
                ipc_bytes(io::forecast_to_frame(&out.forecast, q)?)?,
                ipc_bytes(io::requirements_to_frame(&out.requirements, q)?)?,
                ipc_bytes(io::coverage_per_interval(&out.plan, Some(&out.requirements))?)?,
                out.plan,
            ))
        })
        .py_err()?;
    Ok((PyBytes::new(py, &f), PyBytes::new(py, &r), plan_tuple_with(py, &p, c)?))
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    Ok(())
}
