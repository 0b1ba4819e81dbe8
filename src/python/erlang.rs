//! Bindings of the Erlang functions: `erlang_b`, `erlang_c`, `erlang_a` and `required_agents`
//! over flat, already broadcast float64 buffers.
//!
//! The Python wrappers (`python/wfmkit/_erlang.py`) broadcast the inputs with numpy and pass each
//! one as the native-endian bytes of a contiguous float64 array of the same length `n`. Each
//! function returns one bytes object holding `k` output columns of `n` float64 values, one
//! column after the other, which Python views with `np.frombuffer(...).reshape(k, n)`. The loop
//! runs with the GIL released. The work is done by [`crate::staffing`]; nothing is
//! re-implemented here.
//!
//! `scalar = true` means the inputs were Python scalars (`n = 1`): errors are then reported
//! without a batch index. Otherwise the first failing element's error is wrapped in
//! [`StaffingError::AtIndex`] with its flat (C-order) index.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::from_json;
use crate::staffing::{self, agents_from_f64, SlDefinition, StaffingError, StaffingOptions};

/// The float64 values of a native-endian buffer, checking its length against `n`.
fn floats(name: &'static str, bytes: &[u8], n: usize) -> Result<Vec<f64>, StaffingError> {
    let len = bytes.len() / 8;
    if bytes.len() % 8 != 0 || len != n {
        return Err(StaffingError::LengthMismatch { name, len, expected: n });
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            f64::from_ne_bytes(b)
        })
        .collect())
}

/// `k` columns of `n` values, column after column, as native-endian bytes.
fn to_bytes(columns: &[Vec<f64>]) -> Vec<u8> {
    columns.iter().flatten().flat_map(|v| v.to_ne_bytes()).collect()
}

/// Runs `f` on every element `i < n`, filling `k` output columns; the first error is returned,
/// wrapped with its index unless `scalar`.
fn each<const K: usize>(
    n: usize,
    scalar: bool,
    mut f: impl FnMut(usize) -> Result<[f64; K], StaffingError>,
) -> Result<Vec<u8>, StaffingError> {
    let mut cols: Vec<Vec<f64>> = (0..K).map(|_| Vec::with_capacity(n)).collect();
    for i in 0..n {
        let row = f(i).map_err(|e| if scalar { e } else { e.at(i) })?;
        for (col, v) in cols.iter_mut().zip(row) {
            col.push(v);
        }
    }
    Ok(to_bytes(&cols))
}

/// A server count given as a float: a whole number in `0..=u32::MAX`.
fn servers_from_f64(value: f64) -> Result<u32, StaffingError> {
    agents_from_f64(value).map_err(|_| StaffingError::InvalidCount { name: "servers", value })
}

fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// Erlang B blocking for each (traffic, servers). One output column.
#[pyfunction]
pub(crate) fn erlang_b_batch<'py>(
    py: Python<'py>,
    n: usize,
    scalar: bool,
    traffic_erlangs: &[u8],
    servers: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> Result<Vec<u8>, StaffingError> {
            let a = floats("traffic_erlangs", traffic_erlangs, n)?;
            let s = floats("servers", servers, n)?;
            each::<1>(n, scalar, |i| Ok([staffing::erlang_b(a[i], servers_from_f64(s[i])?)?]))
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Erlang C metrics for each element. Output columns: p_wait, service_level, asa_s, occupancy,
/// mean_queue_len, stable (1.0 or 0.0).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn erlang_c_batch<'py>(
    py: Python<'py>,
    n: usize,
    scalar: bool,
    volume: &[u8],
    aht_s: &[u8],
    agents: &[u8],
    interval_s: &[u8],
    answer_within_s: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> Result<Vec<u8>, StaffingError> {
            let v = floats("volume", volume, n)?;
            let h = floats("aht_s", aht_s, n)?;
            let g = floats("agents", agents, n)?;
            let iv = floats("interval_s", interval_s, n)?;
            let t = floats("answer_within_s", answer_within_s, n)?;
            each::<6>(n, scalar, |i| {
                let m = staffing::erlang_c(v[i], h[i], iv[i], agents_from_f64(g[i])?, t[i])?;
                Ok([
                    m.p_wait,
                    m.service_level,
                    m.asa_s,
                    m.occupancy,
                    m.mean_queue_len,
                    flag(m.stable),
                ])
            })
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Erlang A metrics for each element. Output columns: p_wait, p_abandon, service_level, asa_s,
/// occupancy, mean_wait_all_s.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn erlang_a_batch<'py>(
    py: Python<'py>,
    n: usize,
    scalar: bool,
    volume: &[u8],
    aht_s: &[u8],
    agents: &[u8],
    patience_s: &[u8],
    interval_s: &[u8],
    answer_within_s: &[u8],
    sl_definition: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> Result<Vec<u8>, StaffingError> {
            let def: SlDefinition = sl_definition.parse()?;
            let v = floats("volume", volume, n)?;
            let h = floats("aht_s", aht_s, n)?;
            let g = floats("agents", agents, n)?;
            let p = floats("patience_s", patience_s, n)?;
            let iv = floats("interval_s", interval_s, n)?;
            let t = floats("answer_within_s", answer_within_s, n)?;
            each::<6>(n, scalar, |i| {
                let m = staffing::erlang_a(v[i], h[i], iv[i], agents_from_f64(g[i])?, p[i], t[i], def)?;
                Ok([
                    m.p_wait,
                    m.p_abandon,
                    m.service_level,
                    m.asa_s,
                    m.occupancy,
                    m.mean_wait_all_s,
                ])
            })
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Fewest agents for each (volume, aht_s, interval_s) under the staffing options given as JSON
/// (the serde struct of the job config), with `model` and `sl_definition` passed as names so
/// that an unknown one is reported by its argument name. Output columns: agents, agents_gross,
/// service_level, asa_s, occupancy, p_abandon, p_wait.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn required_agents_batch<'py>(
    py: Python<'py>,
    n: usize,
    scalar: bool,
    volume: &[u8],
    aht_s: &[u8],
    interval_s: &[u8],
    model: &str,
    sl_definition: &str,
    options_json: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> crate::Result<Vec<u8>> {
            let mut options: StaffingOptions = from_json(options_json, "staffing options")?;
            options.model = model.parse()?;
            options.sl_definition = sl_definition.parse()?;
            let checked = options.check()?;
            let v = floats("volume", volume, n)?;
            let h = floats("aht_s", aht_s, n)?;
            let iv = floats("interval_s", interval_s, n)?;
            Ok(each::<7>(n, scalar, |i| {
                let s = checked.required_agents(v[i], h[i], iv[i])?;
                Ok([
                    f64::from(s.agents),
                    f64::from(s.agents_gross),
                    s.service_level,
                    s.asa_s,
                    s.occupancy,
                    s.p_abandon,
                    s.p_wait,
                ])
            })?)
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(erlang_b_batch, m)?)?;
    m.add_function(wrap_pyfunction!(erlang_c_batch, m)?)?;
    m.add_function(wrap_pyfunction!(erlang_a_batch, m)?)?;
    m.add_function(wrap_pyfunction!(required_agents_batch, m)?)?;
    Ok(())
}
