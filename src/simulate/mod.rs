//! Discrete-event simulation of queues, used to check staffing and schedules.
//!
//! [`simulate_intervals`] runs a day (or a week) of consecutive intervals with their own
//! arrivals, handle times and agents on duty, the queue carried across intervals, with
//! lognormal or empirical handle times, patience, a random day-level rate, and confidence
//! intervals per interval and per day from independent replications run in parallel.
//!
//! [`simulate_multi_skill`] and [`staff_multi_skill`] simulate several call types routed to
//! agent groups with skill sets and priorities, and find the cheapest agents per group for
//! every type's service level by simulation-based cutting planes (Cezik & L'Ecuyer 2008).
//!
//! [`simulate`] runs a seeded simulation of one stationary M/M/n+M interval (Poisson arrivals,
//! exponential handle times and patience, first come first served) and returns every Erlang A
//! metric with a 95% confidence interval from independent replications. The same seed gives the
//! same result bit for bit. It checks the closed forms of [`crate::staffing`] against something
//! that shares none of their mathematics (see `tests/staffing_simulation.rs`).
//!
//! # Examples
//! ```
//! use wfmkit::simulate::{simulate, MmnPlusM, SimulationOptions};
//! use wfmkit::staffing::{erlang_a, SlDefinition};
//! let q = MmnPlusM::try_new(100.0, 180.0, 1800.0, 11, 300.0, 20.0).unwrap();
//! let sim = simulate(&q, &SimulationOptions::new(1).with_contacts_per_replication(4000.0)).unwrap();
//! let exact = erlang_a(100.0, 180.0, 1800.0, 11, 300.0, 20.0, SlDefinition::Offered).unwrap();
//! assert!((sim.p_abandon.mean - exact.p_abandon).abs() < 4.0 * sim.p_abandon.half_width);
//! ```

mod error;
mod estimate;
mod iterative_staffing;
mod mmn_plus_m;
mod multi_skill;
mod settings;
mod time_varying;

pub use error::SimulateError;
pub use estimate::Estimate;
pub use iterative_staffing::{staff_by_simulation, IterativeStaffing, IterativeStaffingOptions};
pub use mmn_plus_m::{simulate, MmnPlusM, SimulationOptions, SimulationResult};
pub use multi_skill::{
    fluid_staffing, simulate_multi_skill, staff_multi_skill, MultiSkillOptions, MultiSkillResult, MultiSkillStaffing,
    MultiSkillSystem,
};
pub use settings::{HandleKind, PatienceKind, SimulationInput, SimulationSettings};
pub use time_varying::{
    simulate_intervals, HandleTime, IntervalEstimates, IntervalTally, Patience, TimeVaryingOptions, TimeVaryingQueue,
    TimeVaryingResult,
};

/// The old name of [`MmnPlusM`] (an M/M/n+M model, not a business queue).
#[deprecated(since = "0.1.0", note = "renamed `MmnPlusM`")]
pub type Queue = MmnPlusM;
