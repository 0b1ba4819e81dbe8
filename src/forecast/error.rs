//! Errors of the forecast stage.

use crate::time::{
    bad_interval_message, fmt_interval, interval_advice, skipped_local_time_message, unknown_zone_message,
    zone_change_message, TimeError,
};

/// Why a history could not be accepted or a forecast could not be made.
///
/// Rows are numbered from 1, in the order the history was given, the header not counted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// The interval length is zero, not a whole number of minutes, or does not divide a day into
    /// whole intervals.
    #[error("{}", bad_interval_message(*interval_s))]
    IntervalDoesNotDivideDay {
        /// The rejected interval length in seconds.
        interval_s: u32,
    },
    /// The history has no rows.
    #[error("the history is empty")]
    EmptyHistory,
    /// Two columns that must have one value per row have different lengths.
    #[error("column `{column}` has {got} values but the history has {expected} rows")]
    LengthMismatch {
        /// The column whose length is wrong.
        column: &'static str,
        /// The number of rows of the history.
        expected: usize,
        /// The length of the column.
        got: usize,
    },
    /// A timestamp is earlier than the one before it.
    #[error(
        "column `interval_start`: row {row} ({timestamp}) is earlier than the row before it; sort the history by time"
    )]
    Unsorted {
        /// The first row out of order.
        row: usize,
        /// Its timestamp.
        timestamp: chrono::NaiveDateTime,
    },
    /// A timestamp appears twice.
    #[error("column `interval_start`: row {row} repeats the interval {timestamp}")]
    DuplicateInterval {
        /// The first repeated row.
        row: usize,
        /// Its timestamp.
        timestamp: chrono::NaiveDateTime,
    },
    /// A timestamp does not fall on the interval grid (a multiple of the interval from midnight).
    #[error("column `interval_start`: row {row} ({timestamp}) is not on the {interval_s} s interval grid")]
    OffGrid {
        /// The first row off the grid.
        row: usize,
        /// Its timestamp.
        timestamp: chrono::NaiveDateTime,
        /// The interval length in seconds.
        interval_s: u32,
    },
    /// A timestamp outside the dates a history may hold ([`super::FIRST_DATE`] to
    /// [`super::LAST_DATE`]).
    #[error(
        "column `interval_start`: row {row} ({timestamp}) is outside the supported dates 0001-01-01 to 9999-12-31"
    )]
    DateOutOfRange {
        /// The first such row.
        row: usize,
        /// Its timestamp (for an instant, in UTC).
        timestamp: chrono::NaiveDateTime,
    },
    /// The history spans more days than the models can hold at its interval length (see
    /// [`super::MAX_SPAN_CELLS`]).
    #[error(
        "column `interval_start`: row {row} ({timestamp}) makes the history span {days} days, {first} to {last}; at this interval length it may span at most {max_days} days (is a year mistyped?)"
    )]
    SpanTooLong {
        /// The first row beyond the limit.
        row: usize,
        /// Its timestamp.
        timestamp: chrono::NaiveDateTime,
        /// The earliest date up to that row.
        first: chrono::NaiveDate,
        /// The latest date up to that row.
        last: chrono::NaiveDate,
        /// Days from `first` to `last`, both counted.
        days: i64,
        /// The most days allowed.
        max_days: i64,
    },
    /// A value is negative, NaN, infinite or above [`super::MAX_VALUE`] where a count or a
    /// duration is expected.
    #[error("column `{column}`: row {row} has the invalid value {value} (must be finite, >= 0 and at most 1e9)")]
    InvalidValue {
        /// The column name.
        column: &'static str,
        /// The first bad row.
        row: usize,
        /// The rejected value.
        value: f64,
    },
    /// The history is too short for the chosen model.
    #[error("model `{model}` needs {needed}, but the history covers {have}")]
    TooLittleHistory {
        /// The model that was asked for.
        model: String,
        /// How much history it needs.
        needed: String,
        /// How much there is.
        have: String,
    },
    /// An option is out of range.
    #[error("forecast option `{option}` = {value} is invalid: {reason}")]
    InvalidOption {
        /// The option name, as in the config file and Python keywords.
        option: &'static str,
        /// The rejected value, as text.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
    /// A time zone name is not in the IANA time-zone database.
    #[error("{}", unknown_zone_message(name, suggestion.as_deref()))]
    UnknownTimeZone {
        /// The rejected name.
        name: String,
        /// The nearest valid name, when one is close.
        suggestion: Option<String>,
    },
    /// A local wall-clock time that the time zone skips (the spring-forward hour).
    #[error("{}", skipped_local_time_message(*row, *timestamp, zone))]
    SkippedLocalTime {
        /// The first such row.
        row: usize,
        /// Its local timestamp.
        timestamp: chrono::NaiveDateTime,
        /// The time zone.
        zone: String,
    },
    /// The time zone changes its clocks in a way the interval grid cannot represent: by a shift
    /// that is not a whole number of intervals, or at a local time off the interval grid. A local
    /// slot would then only partly exist (or last longer than the interval), so the zone and the
    /// interval cannot be used together over this span.
    #[error("{}", zone_change_message(zone, *interval_s, *at, *shift_s))]
    ZoneChangeOffGrid {
        /// The time zone (option `time_zone`).
        zone: String,
        /// The interval length in seconds.
        interval_s: u32,
        /// The local wall-clock time at which the clocks change (read before the change), the
        /// first such change in the span of the series.
        at: chrono::NaiveDateTime,
        /// The shift of the clocks in seconds: positive forward (spring), negative back (fall).
        shift_s: i32,
    },
    /// A UTC instant whose local wall-clock time in the zone is off the interval grid, typically
    /// because the zone's UTC offset is not a whole number of intervals (e.g. UTC−03:30 at 60
    /// minutes).
    #[error("{}", off_local_grid_message(*row, *instant, *local, zone, *utc_offset_s, *interval_s))]
    OffLocalGrid {
        /// The first such row, from 1.
        row: usize,
        /// The instant as given.
        instant: chrono::DateTime<chrono::Utc>,
        /// Its local wall-clock time in the zone.
        local: chrono::NaiveDateTime,
        /// The time zone (option `time_zone`).
        zone: String,
        /// The zone's UTC offset at the instant, in seconds.
        utc_offset_s: i32,
        /// The interval length in seconds.
        interval_s: u32,
    },
    /// A hand-built forecast whose columns do not all have one value per interval.
    #[error("forecast column `{column}` has {got} values but the forecast has {expected} intervals")]
    ForecastLengthMismatch {
        /// The column (`volume`, `aht_s`, or a band's `volume_lo_<L>` / `volume_hi_<L>`).
        column: String,
        /// The number of intervals (timestamps).
        expected: usize,
        /// The length of the column.
        got: usize,
    },
    /// No handle time is known: the history has no AHT column and no default was given. No
    /// longer returned by the forecast, which is then volume-only (staffing from it returns
    /// [`crate::staffing::StaffingError::NoAht`]); kept so that existing matches compile.
    #[error("the history has no `aht_s` column and no forecast option `aht_s` was given; one of them is needed for staffing")]
    NoAht,
}

impl From<TimeError> for ForecastError {
    /// The time layer's error as the forecast's variant of the same name and message.
    fn from(e: TimeError) -> Self {
        match e {
            TimeError::BadInterval { interval_s } => ForecastError::IntervalDoesNotDivideDay { interval_s },
            TimeError::UnknownTimeZone { name, suggestion } => ForecastError::UnknownTimeZone { name, suggestion },
            TimeError::SkippedLocalTime { row, timestamp, zone } => {
                ForecastError::SkippedLocalTime { row, timestamp, zone }
            }
            TimeError::RepeatedLocalTime { row, timestamp } => ForecastError::DuplicateInterval { row, timestamp },
            TimeError::ZoneChangeOffGrid {
                zone,
                interval_s,
                at,
                shift_s,
            } => ForecastError::ZoneChangeOffGrid {
                zone,
                interval_s,
                at,
                shift_s,
            },
        }
    }
}

impl ForecastError {
    /// The same error with its input row (if it names one) mapped by `f`: e.g. from a row of
    /// one queue's part of a file to the row of the file. Every variant is listed, so a new
    /// row-carrying variant cannot be left unmapped.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        use ForecastError as E;
        match self {
            E::Unsorted { row, timestamp } => E::Unsorted { row: f(row), timestamp },
            E::DuplicateInterval { row, timestamp } => E::DuplicateInterval { row: f(row), timestamp },
            E::OffGrid {
                row,
                timestamp,
                interval_s,
            } => E::OffGrid {
                row: f(row),
                timestamp,
                interval_s,
            },
            E::DateOutOfRange { row, timestamp } => E::DateOutOfRange { row: f(row), timestamp },
            E::SpanTooLong {
                row,
                timestamp,
                first,
                last,
                days,
                max_days,
            } => E::SpanTooLong {
                row: f(row),
                timestamp,
                first,
                last,
                days,
                max_days,
            },
            E::InvalidValue { column, row, value } => E::InvalidValue {
                column,
                row: f(row),
                value,
            },
            E::SkippedLocalTime { row, timestamp, zone } => E::SkippedLocalTime {
                row: f(row),
                timestamp,
                zone,
            },
            E::OffLocalGrid {
                row,
                instant,
                local,
                zone,
                utc_offset_s,
                interval_s,
            } => E::OffLocalGrid {
                row: f(row),
                instant,
                local,
                zone,
                utc_offset_s,
                interval_s,
            },
            e @ (E::IntervalDoesNotDivideDay { .. }
            | E::EmptyHistory
            | E::LengthMismatch { .. }
            | E::TooLittleHistory { .. }
            | E::InvalidOption { .. }
            | E::UnknownTimeZone { .. }
            | E::ZoneChangeOffGrid { .. }
            | E::ForecastLengthMismatch { .. }
            | E::NoAht) => e,
        }
    }
}

fn off_local_grid_message(
    row: usize,
    instant: chrono::DateTime<chrono::Utc>,
    local: chrono::NaiveDateTime,
    zone: &str,
    utc_offset_s: i32,
    interval_s: u32,
) -> String {
    let off = utc_offset_s.unsigned_abs();
    let sign = if utc_offset_s < 0 { '-' } else { '+' };
    let offset = format!("UTC{sign}{:02}:{:02}", off / 3600, off % 3600 / 60);
    let why = if !off.is_multiple_of(interval_s) {
        format!(
            "the zone's offset {offset} is not a whole number of {} intervals: give instants at local interval \
             starts, or {}",
            fmt_interval(interval_s),
            interval_advice(off)
        )
    } else {
        format!("its offset there is {offset}; give instants at local interval starts")
    };
    format!(
        "column `interval_start`: row {row} ({}) is {local} local time in time zone `{zone}` (option \
         `time_zone`), which is not on the {interval_s} s grid of local wall-clock time; {why}",
        instant.format("%Y-%m-%d %H:%M:%S UTC"),
    )
}
