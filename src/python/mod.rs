//! pyo3 bindings: the private module `wfmkit._wfmkit`.
//!
//! Frames cross as Arrow IPC bytes (the Python package turns them into `polars.DataFrame`),
//! options as JSON text deserialised into the same serde structs the job config uses, so
//! unknown keywords are rejected exactly like unknown config keys. Work runs with the GIL
//! released. These functions wrap the core; they re-implement nothing.

mod erlang;
mod errors;
mod forecast;
mod plan;
mod roster;
mod schedule;
mod simulate;
mod staffing;

use pyo3::prelude::*;

use crate::io::{self, FileFormat, IoError};

pub(crate) fn ipc_bytes(mut df: polars::prelude::DataFrame) -> crate::Result<Vec<u8>> {
    Ok(io::frame_to_bytes(
        &mut df,
        FileFormat::Ipc,
        std::path::Path::new("<python>"),
    )?)
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, IoError> {
    crate::io::from_json_named(text, what)
}

pub(crate) fn read_ipc(bytes: Vec<u8>, what: &str) -> Result<polars::prelude::DataFrame, IoError> {
    io::read_bytes(bytes, FileFormat::Ipc, what)
}

/// The compiled module.
#[pymodule]
fn _wfmkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", crate::VERSION)?;
    forecast::register(m)?;
    staffing::register(m)?;
    erlang::register(m)?;
    schedule::register(m)?;
    plan::register(m)?;
    roster::register(m)?;
    simulate::register(m)?;
    Ok(())
}
