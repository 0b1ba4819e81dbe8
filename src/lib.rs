#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

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
