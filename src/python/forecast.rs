//! Bindings of the forecast stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::{to_py_in, IntoPy};
use super::{from_json, ipc_bytes, read_ipc};
use crate::forecast::{BacktestOptions, ForecastOptions};
use crate::io::{self, HistoryColumns};

/// Forecast from a history frame. A `queue` column splits it into queues, forecast in parallel
/// (`threads`, 0: all cores); without one, the whole frame is queue `queue`. `time_zone` (an
/// IANA name) puts the history on that zone's local wall-clock grid, as does a zoned timestamp
/// column. Returns the forecast frame as IPC bytes. An error names the queue when there are
/// several.
#[pyfunction]
#[pyo3(signature = (history, columns_json, options_json, interval_s, queue, threads=0, time_zone=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn forecast<'py>(
    py: Python<'py>,
    history: &[u8],
    columns_json: &str,
    options_json: &str,
    interval_s: Option<u32>,
    queue: &str,
    threads: usize,
    time_zone: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> Result<Vec<u8>, (crate::Error, Option<String>)> {
            let plain = |e: crate::Error| (e, None);
            let zone = time_zone
                .map(crate::time::parse_time_zone)
                .transpose()
                .map_err(|e| plain(e.into()))?;
            let columns: HistoryColumns = from_json(columns_json, "columns").map_err(|e| plain(e.into()))?;
            let options: ForecastOptions = from_json(options_json, "forecast options").map_err(|e| plain(e.into()))?;
            let df = read_ipc(history.to_vec(), "history").map_err(|e| plain(e.into()))?;
            let parts = io::split_by_queue(&df, queue).map_err(|e| plain(e.into()))?;
            let many = parts.len() > 1;
            let ctx = |q: &str| many.then(|| format!("queue `{q}`"));
            let mut histories = Vec::with_capacity(parts.len());
            for (q, part) in &parts {
                histories
                    .push(io::history_from_frame_in_zone(part, &columns, interval_s, zone).map_err(|e| (e, ctx(q)))?);
            }
            let refs: Vec<(&str, &crate::forecast::History)> =
                parts.iter().map(|(q, _)| q.as_str()).zip(histories.iter()).collect();
            let results = crate::forecast::forecast_queues(&refs, &options, threads);
            let mut frame: Option<polars::prelude::DataFrame> = None;
            for ((q, _), r) in parts.iter().zip(results) {
                let f = r.map_err(|e| (e.into(), ctx(q)))?;
                let part = io::forecast_to_frame(&f, q).map_err(|e| (e.into(), ctx(q)))?;
                match frame.as_mut() {
                    None => frame = Some(part),
                    Some(all) => {
                        all.vstack_mut(&part).map_err(|e| {
                            plain(
                                crate::io::IoError::Parse {
                                    what: "forecast frame".into(),
                                    reason: e.to_string(),
                                }
                                .into(),
                            )
                        })?;
                    }
                }
            }
            let frame = frame.ok_or_else(|| plain(crate::forecast::ForecastError::EmptyHistory.into()))?;
            ipc_bytes(frame).map_err(plain)
        })
        .map_err(|(e, ctx)| match ctx {
            Some(c) => to_py_in(e, &c),
            None => super::errors::to_py(e),
        })?;
    Ok(PyBytes::new(py, &out))
}

/// Rolling-origin backtest of a history frame (in `time_zone`, as in [`forecast`]). Returns the
/// rows as JSON text (one object per model and origin); the Python wrapper makes the frame.
#[pyfunction]
#[pyo3(signature = (history, columns_json, options_json, interval_s, time_zone=None))]
pub(crate) fn backtest(
    py: Python<'_>,
    history: &[u8],
    columns_json: &str,
    options_json: &str,
    interval_s: Option<u32>,
    time_zone: Option<&str>,
) -> PyResult<String> {
    py.detach(|| -> crate::Result<String> {
        let columns: HistoryColumns = from_json(columns_json, "columns")?;
        let options: BacktestOptions = from_json(options_json, "backtest options")?;
        let zone = time_zone.map(crate::time::parse_time_zone).transpose()?;
        let df = read_ipc(history.to_vec(), "history")?;
        let h = io::history_from_frame_in_zone(&df, &columns, interval_s, zone)?;
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
