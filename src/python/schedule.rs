//! Bindings of the schedule stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::io;
use crate::schedule::{Plan, ScheduleOptions};

/// A schedule handed to Python: the core [`Plan`] itself, with the coverage frame it was
/// published with (projected service where the requirement had a workload). The frames are
/// built from the plan when Python asks for them; every number is the core type's field.
#[pyclass(frozen, name = "Plan", module = "wfmkit._wfmkit")]
pub(crate) struct PyPlan {
    plan: Plan,
    coverage: Vec<u8>,
}

impl PyPlan {
    /// The plan with its coverage frame's IPC bytes.
    pub(crate) fn new(plan: Plan, coverage: Vec<u8>) -> Self {
        Self { plan, coverage }
    }
}

/// What `Plan.__reduce__` returns: the rebuilding function and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyBytes>, Bound<'py, PyBytes>));

/// A plan from the state `Plan.__reduce__` gives: the core plan as JSON and the coverage
/// frame's IPC bytes (so a plan pickles, e.g. to travel between Dask workers).
#[pyfunction]
pub(crate) fn _plan_from_state(state: &[u8], coverage: &[u8]) -> PyResult<PyPlan> {
    let plan: Plan = serde_json::from_slice(state)
        .map_err(|e| crate::io::IoError::Parse {
            what: "pickled plan".into(),
            reason: e.to_string(),
        })
        .map_err(crate::Error::from)
        .py_err()?;
    Ok(PyPlan::new(plan, coverage.to_vec()))
}

#[pymethods]
impl PyPlan {
    /// Pickling: the core plan as JSON (every number is finite, so it round-trips exactly) and
    /// the coverage frame's bytes, rebuilt by `_plan_from_state`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        let state = serde_json::to_vec(&self.plan)
            .map_err(|e| crate::io::IoError::Parse {
                what: "plan".into(),
                reason: e.to_string(),
            })
            .map_err(crate::Error::from)
            .py_err()?;
        let rebuild = py.import("wfmkit._wfmkit")?.getattr("_plan_from_state")?;
        Ok((rebuild, (PyBytes::new(py, &state), PyBytes::new(py, &self.coverage))))
    }

    /// The shifts frame as Arrow IPC bytes.
    #[getter]
    fn shifts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let b = ipc_bytes(io::shifts_to_frame(&self.plan).map_err(crate::Error::from).py_err()?).py_err()?;
        Ok(PyBytes::new(py, &b))
    }

    /// The coverage frame as Arrow IPC bytes.
    #[getter]
    fn coverage<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.coverage)
    }

    /// The activities (breaks) frame as Arrow IPC bytes.
    #[getter]
    fn activities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let b = ipc_bytes(
            io::activities_to_frame(&self.plan)
                .map_err(crate::Error::from)
                .py_err()?,
        )
        .py_err()?;
        Ok(PyBytes::new(py, &b))
    }

    /// How the solver finished: `optimal`, `gap_limit` or `time_limit`.
    #[getter]
    fn status(&self) -> &'static str {
        self.plan.status.name()
    }

    /// The objective recomputed from the plan.
    #[getter]
    fn objective(&self) -> f64 {
        self.plan.objective
    }

    /// The solver's lower bound.
    #[getter]
    fn bound(&self) -> f64 {
        self.plan.bound
    }

    /// The relative gap between objective and bound.
    #[getter]
    fn gap(&self) -> f64 {
        self.plan.gap
    }

    /// Solve time in seconds.
    #[getter]
    fn seconds(&self) -> f64 {
        self.plan.seconds
    }

    /// Paid cost.
    #[getter]
    fn paid(&self) -> f64 {
        self.plan.costs.paid
    }

    /// Under-cover cost.
    #[getter]
    fn under(&self) -> f64 {
        self.plan.costs.under
    }

    /// Over-cover cost.
    #[getter]
    fn over(&self) -> f64 {
        self.plan.costs.over
    }

    /// Pattern cost.
    #[getter]
    fn patterns(&self) -> f64 {
        self.plan.costs.patterns
    }

    /// Distinct (start, length) patterns used.
    #[getter]
    fn patterns_used(&self) -> usize {
        self.plan.costs.patterns_used
    }
}

/// Schedules a requirement frame. Returns the plan; when the frame has `volume` and
/// `aht_s`, the coverage carries the projected Erlang C service of the scheduled agents.
#[pyfunction]
#[pyo3(signature = (requirements, options_json, agents_column=None, answer_within_s=20.0, projection_shrinkage=0.0))]
fn schedule(
    py: Python<'_>,
    requirements: &[u8],
    options_json: &str,
    agents_column: Option<String>,
    answer_within_s: f64,
    projection_shrinkage: f64,
) -> PyResult<PyPlan> {
    let (plan, coverage) = py
        .detach(|| -> crate::Result<(Plan, Vec<u8>)> {
            let options: ScheduleOptions = from_json(options_json, "schedule options")?;
            let df = read_ipc(requirements.to_vec(), "requirements")?;
            let req = io::cover_requirement_from_frame(&df, agents_column.as_deref())?;
            let plan = crate::schedule::schedule(&req, &options)?;
            let coverage = io::coverage_with_projection(&plan, &df, answer_within_s, projection_shrinkage)?;
            Ok((plan, ipc_bytes(coverage)?))
        })
        .py_err()?;
    Ok(PyPlan::new(plan, coverage))
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPlan>()?;
    m.add_function(wrap_pyfunction!(schedule, m)?)?;
    m.add_function(wrap_pyfunction!(_plan_from_state, m)?)?;
    Ok(())
}
