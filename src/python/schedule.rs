//! Bindings of the schedule stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::io;
use crate::schedule::{Plan, ScheduleOptions};

/// Plan summary handed to Python: shifts, coverage and activities as IPC bytes, then status fields.
pub(crate) type PlanTuple<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    &'static str,
    f64,
    f64,
    f64,
    f64,
    (f64, f64, f64, f64, usize),
);

/// The plan tuple of a plan, with the coverage frame's IPC bytes given.
pub(crate) fn plan_tuple_with<'py>(py: Python<'py>, plan: &Plan, coverage: Vec<u8>) -> PyResult<PlanTuple<'py>> {
    let shifts = ipc_bytes(io::shifts_to_frame(plan).map_err(crate::Error::from).py_err()?).py_err()?;
    let activities = ipc_bytes(io::activities_to_frame(plan).map_err(crate::Error::from).py_err()?).py_err()?;
    Ok((
        PyBytes::new(py, &shifts),
        PyBytes::new(py, &coverage),
        PyBytes::new(py, &activities),
        plan.status.name(),
        plan.objective,
        plan.bound,
        plan.gap,
        plan.seconds,
        (
            plan.costs.paid,
            plan.costs.under,
            plan.costs.over,
            plan.costs.patterns,
            plan.costs.patterns_used,
        ),
    ))
}

/// Schedules a requirement frame. Returns the plan tuple; when the frame has `volume` and
/// `aht_s`, the coverage carries the projected Erlang C service of the scheduled agents.
#[pyfunction]
#[pyo3(signature = (requirements, options_json, agents_column=None, answer_within_s=20.0, projection_shrinkage=0.0))]
fn schedule<'py>(
    py: Python<'py>,
    requirements: &[u8],
    options_json: &str,
    agents_column: Option<String>,
    answer_within_s: f64,
    projection_shrinkage: f64,
) -> PyResult<PlanTuple<'py>> {
    let (plan, coverage) = py
        .detach(|| -> crate::Result<(Plan, Vec<u8>)> {
            let options: ScheduleOptions = from_json(options_json, "schedule options")?;
            let df = read_ipc(requirements.to_vec(), "requirements")?;
            let req = io::requirement_from_frame(&df, agents_column.as_deref())?;
            let plan = crate::schedule::schedule(&req, &options)?;
            let coverage = io::coverage_with_projection(&plan, &df, answer_within_s, projection_shrinkage)?;
            Ok((plan, ipc_bytes(coverage)?))
        })
        .py_err()?;
    plan_tuple_with(py, &plan, coverage)
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(schedule, m)?)?;
    Ok(())
}
