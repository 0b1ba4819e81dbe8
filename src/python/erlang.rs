//! Bindings of the Erlang functions: `erlang_b`, `erlang_c`, `erlang_a` and `required_agents`
//! over flat, already broadcast float64 buffers.
//!
//! The Python wrappers (`python/wfmkit/_erlang.py`) broadcast the inputs with numpy and pass each
//! one as the native-endian bytes of a contiguous float64 array of the same length `n`, read in
//! place. Each function returns one `bytearray` holding `k` output columns of `n` float64 values,
//! one column after the other, which Python views without a copy with
//! `np.frombuffer(...).reshape(k, n)` and reads by name: the module's `ERLANG_B_COLUMNS`,
//! `ERLANG_C_COLUMNS`, `ERLANG_A_COLUMNS` and `REQUIRED_AGENTS_COLUMNS` give each function's
//! columns in buffer order, so the order is written once, in Rust. The loop runs with the GIL
//! released. The work is done by [`crate::staffing`]; nothing is re-implemented here.
//!
//! `scalar = true` means the inputs were Python scalars (`n = 1`): errors are then reported
//! without a batch index. Otherwise the first failing element's error is wrapped in
//! [`StaffingError::AtIndex`] with its flat (C-order) index.

use pyo3::prelude::*;
use pyo3::types::PyByteArray;

use super::errors::IntoPy;
use super::from_json;
use crate::staffing::{self, agents_from_f64, SlDefinition, StaffingError, StaffingOptions};

/// The output columns of [`erlang_b_batch`], in buffer order. Python reads the columns by these
/// names (`_wfmkit.ERLANG_B_COLUMNS`), so the order is written once, here, beside the code that
/// fills them.
const ERLANG_B_COLUMNS: [&str; 1] = ["blocking"];
/// The output columns of [`erlang_c_batch`] (`stable` is 1.0 or 0.0).
const ERLANG_C_COLUMNS: [&str; 6] = [
    "p_wait",
    "service_level",
    "asa_s",
    "occupancy",
    "mean_queue_len",
    "stable",
];
/// The output columns of [`erlang_a_batch`].
const ERLANG_A_COLUMNS: [&str; 6] = [
    "p_wait",
    "p_abandon",
    "service_level",
    "asa_s",
    "occupancy",
    "mean_wait_all_s",
];
/// The output columns of [`required_agents_batch`] (`agents`, `agents_gross` whole numbers).
const REQUIRED_AGENTS_COLUMNS: [&str; 7] = [
    "agents",
    "agents_gross",
    "service_level",
    "asa_s",
    "occupancy",
    "p_abandon",
    "p_wait",
];

/// A native-endian float64 buffer of known length, read in place (no copy).
struct Floats<'a>(&'a [u8]);

impl<'a> Floats<'a> {
    /// Checks that `bytes` holds exactly `n` float64 values.
    fn new(name: &'static str, bytes: &'a [u8], n: usize) -> Result<Self, StaffingError> {
        if !bytes.len().is_multiple_of(8) || bytes.len() / 8 != n {
            return Err(StaffingError::LengthMismatch {
                name,
                len: bytes.len() / 8,
                expected: n,
            });
        }
        Ok(Self(bytes))
    }

    /// Element `i` (`i < n`, checked by the caller's loop; out of range would read as NaN).
    fn get(&self, i: usize) -> f64 {
        let mut b = [0u8; 8];
        match self.0.get(8 * i..8 * i + 8) {
            Some(chunk) => {
                b.copy_from_slice(chunk);
                f64::from_ne_bytes(b)
            }
            None => f64::NAN,
        }
    }
}

/// Runs `f` on every element `i < n` and returns its `K` outputs as `K` columns of `n` values,
/// column after column; the first error is returned, wrapped with its index unless `scalar`.
fn each<const K: usize>(
    _columns: [&str; K],
    n: usize,
    scalar: bool,
    mut f: impl FnMut(usize) -> Result<[f64; K], StaffingError>,
) -> Result<Vec<f64>, StaffingError> {
    let mut out = vec![0.0; K * n];
    for i in 0..n {
        let row = f(i).map_err(|e| if scalar { e } else { e.at(i) })?;
        for (k, v) in row.into_iter().enumerate() {
            out[k * n + i] = v;
        }
    }
    Ok(out)
}

/// The values as a Python `bytearray` of native-endian float64 (writable, so numpy views it
/// without another copy).
fn to_bytearray<'py>(py: Python<'py>, values: &[f64]) -> PyResult<Bound<'py, PyByteArray>> {
    PyByteArray::new_with(py, values.len() * 8, |buf| {
        for (dst, v) in buf.chunks_exact_mut(8).zip(values) {
            dst.copy_from_slice(&v.to_ne_bytes());
        }
        Ok(())
    })
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
) -> PyResult<Bound<'py, PyByteArray>> {
    let out = py
        .detach(|| -> Result<Vec<f64>, StaffingError> {
            let a = Floats::new("traffic_erlangs", traffic_erlangs, n)?;
            let s = Floats::new("servers", servers, n)?;
            each(ERLANG_B_COLUMNS, n, scalar, |i| {
                Ok([staffing::erlang_b(a.get(i), servers_from_f64(s.get(i))?)?])
            })
        })
        .py_err()?;
    to_bytearray(py, &out)
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
) -> PyResult<Bound<'py, PyByteArray>> {
    let out = py
        .detach(|| -> Result<Vec<f64>, StaffingError> {
            let v = Floats::new("volume", volume, n)?;
            let h = Floats::new("aht_s", aht_s, n)?;
            let g = Floats::new("agents", agents, n)?;
            let iv = Floats::new("interval_s", interval_s, n)?;
            let t = Floats::new("answer_within_s", answer_within_s, n)?;
            each(ERLANG_C_COLUMNS, n, scalar, |i| {
                let m = staffing::erlang_c(v.get(i), h.get(i), iv.get(i), agents_from_f64(g.get(i))?, t.get(i))?;
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
    to_bytearray(py, &out)
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
) -> PyResult<Bound<'py, PyByteArray>> {
    let out = py
        .detach(|| -> Result<Vec<f64>, StaffingError> {
            let def: SlDefinition = sl_definition.parse()?;
            let v = Floats::new("volume", volume, n)?;
            let h = Floats::new("aht_s", aht_s, n)?;
            let g = Floats::new("agents", agents, n)?;
            let p = Floats::new("patience_s", patience_s, n)?;
            let iv = Floats::new("interval_s", interval_s, n)?;
            let t = Floats::new("answer_within_s", answer_within_s, n)?;
            each(ERLANG_A_COLUMNS, n, scalar, |i| {
                let m = staffing::erlang_a(
                    v.get(i),
                    h.get(i),
                    iv.get(i),
                    agents_from_f64(g.get(i))?,
                    p.get(i),
                    t.get(i),
                    def,
                )?;
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
    to_bytearray(py, &out)
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
) -> PyResult<Bound<'py, PyByteArray>> {
    let out = py
        .detach(|| -> crate::Result<Vec<f64>> {
            let mut options: StaffingOptions = from_json(options_json, "staffing options")?;
            options.model = model.parse()?;
            options.sl_definition = sl_definition.parse()?;
            let checked = options.check()?;
            let v = Floats::new("volume", volume, n)?;
            let h = Floats::new("aht_s", aht_s, n)?;
            let iv = Floats::new("interval_s", interval_s, n)?;
            Ok(each(REQUIRED_AGENTS_COLUMNS, n, scalar, |i| {
                let s = checked.required_agents(v.get(i), h.get(i), iv.get(i))?;
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
    to_bytearray(py, &out)
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ERLANG_B_COLUMNS", ERLANG_B_COLUMNS.to_vec())?;
    m.add("ERLANG_C_COLUMNS", ERLANG_C_COLUMNS.to_vec())?;
    m.add("ERLANG_A_COLUMNS", ERLANG_A_COLUMNS.to_vec())?;
    m.add("REQUIRED_AGENTS_COLUMNS", REQUIRED_AGENTS_COLUMNS.to_vec())?;
    m.add_function(wrap_pyfunction!(erlang_b_batch, m)?)?;
    m.add_function(wrap_pyfunction!(erlang_c_batch, m)?)?;
    m.add_function(wrap_pyfunction!(erlang_a_batch, m)?)?;
    m.add_function(wrap_pyfunction!(required_agents_batch, m)?)?;
    Ok(())
}
