//! Bindings of the staffing stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::io::{self, IoError};
use crate::staffing::StaffingOptions;

/// Staffing requirements per interval (and queue) of a forecast frame. Returns IPC bytes.
#[pyfunction]
pub(crate) fn requirements<'py>(py: Python<'py>, forecast: &[u8], options_json: &str) -> PyResult<Bound<'py, PyBytes>> {
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
            if parts.is_empty() {
                return Err(IoError::Config {
                    path: "forecast".into(),
                    message: "the forecast frame has no rows".into(),
                }
                .into());
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

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(requirements, m)?)?;
    Ok(())
}
