//! Bindings of the forecast stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::forecast::ForecastOptions;
use crate::io::{self, HistoryColumns};

/// Forecast from a history frame. Returns the forecast frame as IPC bytes.
#[pyfunction]
pub(crate) fn forecast<'py>(
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

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    Ok(())
}
