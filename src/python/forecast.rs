//! Bindings of the forecast stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::forecast::{BacktestOptions, ForecastOptions};
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

/// Rolling-origin backtest of a history frame. Returns the rows as JSON text (one object per
/// model and origin); the Python wrapper makes the frame.
#[pyfunction]
pub(crate) fn backtest(
    py: Python<'_>,
    history: &[u8],
    columns_json: &str,
    options_json: &str,
    interval_s: Option<u32>,
) -> PyResult<String> {
    py.detach(|| -> crate::Result<String> {
        let columns: HistoryColumns = from_json(columns_json, "columns")?;
        let options: BacktestOptions = from_json(options_json, "backtest options")?;
        let df = read_ipc(history.to_vec(), "history")?;
        let h = io::history_from_frame(&df, &columns, interval_s)?;
        let rows = crate::forecast::backtest(&h, &options)?;
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let mut o = serde_json::json!({
                    "model": r.model.name(),
                    "fitted": r.fitted,
                    "origin": r.origin.to_string(),
                    "n": r.n,
                    "mase": r.mase,
                    "wape": r.wape,
                    "rmse": r.rmse,
                    "bias": r.bias,
                });
                for (l, c) in options.levels.iter().zip(&r.coverage) {
                    o[format!("coverage_{l}")] = serde_json::json!(c);
                }
                o
            })
            .collect();
        Ok(serde_json::Value::Array(json).to_string())
    })
    .py_err()
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(backtest, m)?)?;
    Ok(())
}
