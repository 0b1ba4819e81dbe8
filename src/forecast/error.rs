//! Errors of the forecast stage.

/// Why a history could not be accepted or a forecast could not be made.
///
/// Rows are numbered from 1, in the order the history was given, the header not counted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ForecastError {
    /// The interval length is zero, not a whole number of minutes, or does not divide a day into
    /// whole intervals.
    #[error("interval length {interval_s} s does not divide a day (86400 s) into whole intervals of whole minutes")]
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
    #[error(
        "column `interval_start`: row {row} ({timestamp}) does not exist in time zone {zone}: the clocks skip it at a daylight-saving change (check the time zone, or give instants with a UTC offset)"
    )]
    SkippedLocalTime {
        /// The first such row.
        row: usize,
        /// Its local timestamp.
        timestamp: chrono::NaiveDateTime,
        /// The time zone.
        zone: String,
    },
    /// No handle time is known: the history has no AHT column and no default was given.
    #[error("the history has no `aht_s` column and no forecast option `aht_s` was given; one of them is needed for staffing")]
    NoAht,
}

fn unknown_zone_message(name: &str, suggestion: Option<&str>) -> String {
    let hint = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "use an IANA name such as `Europe/London` or `America/New_York`".into(),
    };
    format!("option `time_zone` = {name:?} is not an IANA time zone name; {hint}")
}
