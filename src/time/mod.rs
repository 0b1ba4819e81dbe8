//! Time: the interval grid, the supported dates, time zones and daylight-saving rules.
//!
//! A leaf below every stage: the forecast, the schedule and the io layer all read their interval
//! checks, date range and zone rules from here, and wrap [`TimeError`] in their own errors with
//! the same message.
//!
//! - [`check_interval`], [`DAY_S`], [`FIRST_DATE`], [`LAST_DATE`]: the grid and the dates.
//! - [`parse_time_zone`], [`resolve_local`], [`check_zone_changes`], [`onto_wall_clock`]: zones
//!   (see [`zone`] for how a zoned series is modelled on its local wall-clock grid).

mod error;
mod grid;
pub mod zone;

pub use error::TimeError;
pub(crate) use error::{
    bad_interval_message, fmt_interval, interval_advice, skipped_local_time_message, unknown_zone_message,
    zone_change_message,
};
pub use grid::{check_interval, in_supported_dates, DAY_S, FIRST_DATE, LAST_DATE};
pub use zone::{check_zone_changes, is_ambiguous, is_skipped, onto_wall_clock, parse_time_zone, resolve_local, Tz};
