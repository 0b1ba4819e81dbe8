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
        Error::Staffing(crate::staffing::StaffingError::BacklogUnreachable { .. }) => "InfeasibleError",
        Error::Io(crate::io::IoError::Write { .. }) => "OutputError",
        e if e.is_invalid_input() => "InvalidInputError",
        _ => "SolverError",
    }
}

/// The fields a Python exception carries besides its message: the input row (1-based), the
/// column, the queue and the interval the Rust error names, where it names them.
#[derive(Debug, Default, PartialEq)]
struct Fields {
    row: Option<usize>,
    column: Option<String>,
    queue: Option<String>,
    interval: Option<String>,
}

/// The row an error names, read through its exhaustive `map_rows`.
fn row_of(map: impl FnOnce(&dyn Fn(usize) -> usize)) -> Option<usize> {
    let row = std::cell::Cell::new(None);
    map(&|r| {
        row.set(Some(r));
        r
    });
    row.get()
}

/// The fields of an error (see [`Fields`]), looking through the queue and file wrappers.
fn fields(e: &Error) -> Fields {
    use crate::forecast::ForecastError as F;
    use crate::io::IoError as I;
    let mut f = Fields::default();
    match e {
        Error::Io(I::InQueue { queue, source }) => {
            f = fields(source);
            f.queue = Some(queue.clone());
        }
        Error::Io(I::InFile { source, .. }) => f = fields(source),
        Error::Io(I::BadValue { column, row, .. } | I::Unsorted { column, row, .. }) => {
            f.row = Some(*row);
            f.column = Some(column.clone());
        }
        Error::Io(I::MissingColumn { column, .. } | I::WrongType { column, .. }) => f.column = Some(column.clone()),
        Error::Io(_) => {}
        Error::Forecast(x) => {
            f.row = row_of(|m| {
                x.clone().map_rows(m);
            });
            f.column = match x {
                F::InvalidValue { column, .. } | F::LengthMismatch { column, .. } => Some(column.to_string()),
                _ if f.row.is_some() => Some("interval_start".into()),
                _ => None,
            };
        }
        Error::Time(x) => {
            f.row = row_of(|m| {
                x.clone().map_rows(m);
            });
            f.column = f.row.map(|_| "interval_start".into());
        }
        Error::Schedule(ScheduleError::Infeasible { row, interval, .. }) => {
            f.row = *row;
            f.interval = interval.map(|t| t.to_string());
        }
        Error::Schedule(x) => {
            f.row = row_of(|m| {
                x.clone().map_rows(m);
            });
        }
        Error::Roster(RosterError::Schedule(x)) => f = fields(&Error::Schedule(x.clone())),
        Error::Evaluation(crate::evaluation::EvaluationError::NotInPlan { row, timestamp }) => {
            f.row = Some(*row);
            f.interval = Some(timestamp.to_string());
        }
        Error::Evaluation(_) | Error::Staffing(_) | Error::Roster(_) | Error::Simulate(_) => {}
    }
    f
}

/// The exception of class `name` with `msg`, carrying the error's [`Fields`] as attributes
/// (`row`, `column`, `queue`, `interval`; `None` where the error names none). If
/// `wfmkit.exceptions` cannot be imported (a broken install), a plain `ValueError` carries the
/// message.
fn exception(e: &Error, msg: String) -> PyErr {
    let name = class_name(e);
    let f = fields(e);
    Python::attach(|py| {
        let err = py
            .import("wfmkit.exceptions")
            .and_then(|m| m.getattr(name))
            .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from))
            .map(|cls| PyErr::from_type(cls, msg.clone()))
            .unwrap_or_else(|_| PyValueError::new_err(msg));
        let value = err.value(py);
        // Setting an attribute on an exception instance cannot fail short of memory; the
        // message stands on its own if it does.
        let _ = value.setattr("row", f.row);
        let _ = value.setattr("column", f.column);
        let _ = value.setattr("queue", f.queue);
        let _ = value.setattr("interval", f.interval);
        err
    })
}

/// Converts a wfmkit error into the matching Python exception, with its fields.
pub(crate) fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    exception(&e, msg)
}

/// As [`to_py`], with `context` (e.g. the queue) before the message.
pub(crate) fn to_py_in(e: Error, context: &str) -> PyErr {
    let msg = format!("{context}: {e}");
    exception(&e, msg)
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
