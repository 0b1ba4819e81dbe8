// The README is the crate's front page; its Rust quickstart reads a file, so it needs `io`.
#![cfg_attr(feature = "io", doc = include_str!("../README.md"))]
#![cfg_attr(
    not(feature = "io"),
    doc = "wfmkit: forecast, Erlang staffing, shift scheduling and rostering for contact centres. \
           The README (the crate's front page with the `io` feature) has the guide."
)]
#![warn(missing_docs)]
// Numeric kernels index several parallel arrays by one counter; an iterator over one of them
// would hide the symmetry.
#![allow(clippy::needless_range_loop)]

pub mod error;
pub mod evaluation;
pub mod forecast;
#[cfg(feature = "io")]
pub mod io;
pub mod pipeline;
pub mod requirements;
pub mod roster;
pub mod schedule;
pub mod simulate;
pub mod staffing;
mod suggest;
pub mod time;

#[cfg(feature = "python")]
mod python;

pub use error::{Error, Result};

/// The crate version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
