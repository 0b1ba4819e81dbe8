//! The error type of the simulation module.

use thiserror::Error;

/// Everything that can go wrong in [`crate::simulate`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum SimulateError {
    /// An argument is NaN, infinite, negative or otherwise out of range.
    #[error("`{name}` is out of range: {value}")]
    InvalidInput {
        /// Argument name.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A multi-skill system's skills, routing or targets are inconsistent.
    #[error("multi-skill `{name}`: {reason}")]
    InvalidRouting {
        /// The field, e.g. `"skills"`.
        name: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// Zero agents with infinite patience: no contact would ever leave the queue.
    #[error("zero agents with infinite patience: no contact is ever answered or abandons")]
    NeverServed,
    /// Nothing is offered (zero volume), so there is nothing to estimate.
    #[error("zero volume: nothing to simulate")]
    NoTraffic,
}
