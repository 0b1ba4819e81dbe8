//! The one mapping from Rust errors to the Python exception tree of `wfmkit.exceptions`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::roster::RosterError;
use crate::schedule::ScheduleError;
use crate::Error;

/// The name of the `wfmkit.exceptions` class for an error.
fn class_name(e: &Error) -> &'static str {
    match e {
        Error::Schedule(ScheduleError::Infeasible { .. }) => "InfeasibleError",
        Error::Schedule(ScheduleError::NoFeasiblePlan { .. }) => "TimeLimitError",
        Error::Roster(RosterError::Infeasible { .. } | RosterError::Schedule(ScheduleError::Infeasible { .. })) => {
            "InfeasibleError"
        }
        Error::Roster(
            RosterError::NoFeasibleRoster { .. } | RosterError::Schedule(ScheduleError::NoFeasiblePlan { .. }),
        ) => "TimeLimitError",
        Error::Io(crate::io::IoError::Write { .. }) => "OutputError",
        e if e.is_invalid_input() => "InvalidInputError",
        _ => "SolverError",
    }
}

/// Converts a wfmkit error into the matching Python exception. If `wfmkit.exceptions` cannot be
/// imported (a broken install), a plain `ValueError` carries the message.
pub(crate) fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    let name = class_name(&e);
    Python::attach(|py| {
        py.import("wfmkit.exceptions")
            .and_then(|m| m.getattr(name))
            .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from))
            .map(|cls| PyErr::from_type(cls, msg.clone()))
            .unwrap_or_else(|_| PyValueError::new_err(msg))
    })
}

/// As [`to_py`], with `context` (e.g. the queue) before the message.
pub(crate) fn to_py_in(e: Error, context: &str) -> PyErr {
    let msg = format!("{context}: {e}");
    let name = class_name(&e);
    Python::attach(|py| {
        py.import("wfmkit.exceptions")
            .and_then(|m| m.getattr(name))
            .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from))
            .map(|cls| PyErr::from_type(cls, msg.clone()))
            .unwrap_or_else(|_| PyValueError::new_err(msg))
    })
}

/// `?` for any error that converts into [`Error`].
pub(crate) trait IntoPy<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T, E: Into<Error>> IntoPy<T> for Result<T, E> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| to_py(e.into()))
    }
}
