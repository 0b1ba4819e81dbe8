//! Bindings of the whole pipeline: one queue through [`crate::pipeline::run_stages`], the path
//! the command-line job takes, with the same frames.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::schedule::PyPlan;
use super::{ipc_bytes, read_ipc};
use crate::io::{self, IoError, JobConfig};
use crate::pipeline::{run_stages, Stage, StageInput};
use crate::schedule::Plan;

/// The forecast, requirements and coverage frames as IPC bytes, and the plan.
type PlanFrames = (Vec<u8>, Vec<u8>, Vec<u8>, Plan);

/// The whole pipeline on a history frame, with a job config given as TOML or JSON text, for one
/// queue: `queue`, else the history's only queue (or the config's `queue` when the history has
/// no queue column). The config's `[queues.<name>]` overrides for that queue apply.
/// Returns (forecast, requirements, plan).
#[pyfunction]
#[pyo3(signature = (history, config, config_format, queue=None))]
pub(crate) fn plan<'py>(
    py: Python<'py>,
    history: &[u8],
    config: &str,
    config_format: &str,
    queue: Option<String>,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>, PyPlan)> {
    let (f, r, c, p) = py
        .detach(|| -> crate::Result<PlanFrames> {
            let cfg = match config_format {
                "toml" => JobConfig::from_toml_str(config, "config")?,
                _ => JobConfig::from_json_str(config, "config")?,
            };
            let interval_s = cfg.interval_s()?;
            let mut parts = io::history_by_queue(&cfg, read_ipc(history.to_vec(), "history")?)?;
            let names: Vec<String> = parts.iter().map(|(q, ..)| q.clone()).collect();
            let pick = match &queue {
                Some(q) => names.iter().position(|n| n == q).ok_or_else(|| IoError::Config {
                    path: "queue".into(),
                    message: format!("the history has no rows for queue `{q}`; it holds {names:?}"),
                })?,
                None if parts.len() == 1 => 0,
                None => {
                    return Err(IoError::Config {
                        path: "queue".into(),
                        message: format!(
                            "the history holds several queues {names:?}: name the one to plan with `queue=`"
                        ),
                    }
                    .into())
                }
            };
            let several = parts.len() > 1;
            let (name, df, rows) = parts.swap_remove(pick);
            let stages = cfg.stages_for(&name)?;
            // As the command-line job: a bad row of one queue of a shared history is named by its
            // row of the whole frame, with the queue.
            let h = io::history_from_frame_in_zone(&df, &cfg.history.columns, interval_s, cfg.time_zone_for(&name))
                .map_err(|e| {
                    let e = e.map_rows(&|r| r.checked_sub(1).and_then(|i| rows.get(i)).map_or(r, |&o| o + 1));
                    match several {
                        true => IoError::InQueue {
                            queue: name.clone(),
                            source: Box::new(e),
                        }
                        .into(),
                        false => e,
                    }
                })?;
            let out = run_stages(StageInput::History(&h), &stages, Stage::Schedule, &mut |_| {})?;
            let (Some(forecast), Some(requirements), Some(plan)) = (out.forecast, out.requirements, out.plan) else {
                return Err(crate::schedule::ScheduleError::Solver(
                    "internal error: a stage returned no result".into(),
                )
                .into());
            };
            Ok((
                ipc_bytes(io::forecast_to_frame(&forecast, &name)?)?,
                ipc_bytes(io::requirements_to_frame(&requirements, &name)?)?,
                ipc_bytes(io::plan_coverage_frame(
                    &plan,
                    Some(&requirements),
                    out.evaluation.as_ref(),
                    out.simulation.as_ref(),
                )?)?,
                plan,
            ))
        })
        .py_err()?;
    Ok((PyBytes::new(py, &f), PyBytes::new(py, &r), PyPlan::new(p, c)))
}

/// One queue's work item of the command-line job's `dask` backend, run on this worker with the
/// GIL released ([`crate::io::run_remote_work`]): `work` and `rows` as the job sent them, the
/// outcome bytes it reads back. It never raises for the queue's own failure; that is in the
/// outcome.
#[pyfunction]
pub(crate) fn run_queue_work<'py>(py: Python<'py>, work: &[u8], rows: &[u8]) -> Bound<'py, PyBytes> {
    let out = py.detach(|| io::run_remote_work(work, rows));
    PyBytes::new(py, &out)
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(run_queue_work, m)?)?;
    Ok(())
}
