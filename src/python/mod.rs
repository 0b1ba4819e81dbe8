//! pyo3 bindings: the private module `wfmkit._wfmkit`.
//!
//! Frames cross as Arrow IPC bytes (the Python package turns them into `polars.DataFrame`),
//! options as JSON text deserialised into the same serde structs the job config uses, so
//! unknown keywords are rejected exactly like unknown config keys. Work runs with the GIL
//! released. These functions wrap the core; they re-implement nothing.

mod errors;

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use errors::IntoPy;

use crate::forecast::ForecastOptions;
use crate::io::{self, FileFormat, HistoryColumns, IoError, JobConfig};
use crate::schedule::{Plan, ScheduleOptions};
use crate::staffing::StaffingOptions;

fn ipc_bytes(mut df: polars::prelude::DataFrame) -> crate::Result<Vec<u8>> {
    Ok(io::frame_to_bytes(
        &mut df,
        FileFormat::Ipc,
        std::path::Path::new("<python>"),
    )?)
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, IoError> {
    serde_json::from_str(text).map_err(|e| IoError::Config {
        path: what.to_string(),
        message: e.to_string(),
    })
}

fn read_ipc(bytes: Vec<u8>, what: &str) -> Result<polars::prelude::DataFrame, IoError> {
    io::read_bytes(bytes, FileFormat::Ipc, what)
}

/// Forecast from a history frame. Returns the forecast frame as IPC bytes.
#[pyfunction]
fn forecast<'py>(
    py: Python<'py>,
    history: &[u8],
    columns_json: &str,
    options_json: &str,
    interval_s: Option<u32>,
    queue: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> crate::Result<Vec<u8>> {
            let columns: HistoryColumns = from_json(columns_json, "columns")?;
            let options: ForecastOptions = from_json(options_json, "forecast options")?;
            let df = read_ipc(history.to_vec(), "history")?;
            let h = io::history_from_frame(&df, &columns, interval_s)?;
            let f = crate::forecast::forecast(&h, &options)?;
            ipc_bytes(io::forecast_to_frame(&f, queue)?)
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Requirements per interval (and queue) of a forecast frame. Returns IPC bytes.
#[pyfunction]
fn requirements<'py>(py: Python<'py>, forecast: &[u8], options_json: &str) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> crate::Result<Vec<u8>> {
            let options: StaffingOptions = from_json(options_json, "staffing options")?;
            let df = read_ipc(forecast.to_vec(), "forecast")?;
            let mut parts = Vec::new();
            for (queue, part) in io::split_by_queue(&df, "main")? {
                let f = io::forecast_from_frame(&part)?;
                let r = crate::requirements::requirements(&f, &options)?;
                parts.push(io::requirements_to_frame(&r, &queue)?);
            }
            let mut all = parts.remove(0);
            for p in parts {
                all.vstack_mut(&p).map_err(|e| IoError::Parse {
                    what: "requirements".into(),
                    reason: e.to_string(),
                })?;
            }
            ipc_bytes(all)
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Plan summary handed to Python: shifts and coverage as IPC bytes, then status fields.
type PlanTuple<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    &'static str,
    f64,
    f64,
    f64,
    f64,
    (f64, f64, f64),
);

fn plan_tuple<'py>(py: Python<'py>, plan: &Plan) -> PyResult<PlanTuple<'py>> {
    let shifts = ipc_bytes(io::shifts_to_frame(plan).map_err(crate::Error::from).py_err()?).py_err()?;
    let coverage = ipc_bytes(io::coverage_to_frame(plan).map_err(crate::Error::from).py_err()?).py_err()?;
    Ok((
        PyBytes::new(py, &shifts),
        PyBytes::new(py, &coverage),
        plan.status.name(),
        plan.objective,
        plan.bound,
        plan.gap,
        plan.seconds,
        (plan.costs.paid, plan.costs.under, plan.costs.over),
    ))
}

/// Schedules a requirement frame. Returns the plan tuple.
#[pyfunction]
#[pyo3(signature = (requirements, options_json, agents_column=None))]
fn schedule<'py>(
    py: Python<'py>,
    requirements: &[u8],
    options_json: &str,
    agents_column: Option<String>,
) -> PyResult<PlanTuple<'py>> {
    let plan = py
        .detach(|| -> crate::Result<Plan> {
            let options: ScheduleOptions = from_json(options_json, "schedule options")?;
            let df = read_ipc(requirements.to_vec(), "requirements")?;
            let req = io::requirement_from_frame(&df, agents_column.as_deref())?;
            Ok(crate::schedule::schedule(&req, &options)?)
        })
        .py_err()?;
    plan_tuple(py, &plan)
}

/// The whole pipeline on a history frame, with a job config given as TOML or JSON text.
/// Returns (forecast, requirements, plan tuple).
#[pyfunction]
fn plan<'py>(
    py: Python<'py>,
    history: &[u8],
    config: &str,
    config_format: &str,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>, PlanTuple<'py>)> {
    let (f, r, p) = py
        .detach(|| -> crate::Result<(Vec<u8>, Vec<u8>, Plan)> {
            let cfg = match config_format {
                "toml" => JobConfig::from_toml_str(config, "config")?,
                _ => JobConfig::from_json_str(config, "config")?,
            };
            let df = read_ipc(history.to_vec(), "history")?;
            let h = io::history_from_frame(&df, &cfg.history.columns, cfg.interval_s()?)?;
            let out = crate::pipeline::plan(&h, &cfg.stages())?;
            let q = cfg.queue_name();
            Ok((
                ipc_bytes(io::forecast_to_frame(&out.forecast, q)?)?,
                ipc_bytes(io::requirements_to_frame(&out.requirements, q)?)?,
                out.plan,
            ))
        })
        .py_err()?;
    Ok((PyBytes::new(py, &f), PyBytes::new(py, &r), plan_tuple(py, &p)?))
}

/// The compiled module.
#[pymodule]
fn _wfmkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", crate::VERSION)?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(requirements, m)?)?;
    m.add_function(wrap_pyfunction!(schedule, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    Ok(())
}
