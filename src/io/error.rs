//! Errors of the io layer: files, frames and the job configuration.

use std::path::PathBuf;

/// Why a file, a frame or a configuration could not be read or written.
///
/// Rows are numbered from 1, the header not counted (row 1 is line 2 of a CSV file).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// An input file does not exist or cannot be opened.
    #[error("cannot read `{path}`: {reason}")]
    Open {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// The file's extension does not name a supported format.
    #[error("`{path}`: unknown file format; use .csv, .parquet or .ipc/.arrow, or set `format`")]
    UnknownFormat {
        /// The path as given.
        path: PathBuf,
    },
    /// polars could not parse the file or the frame.
    #[error("`{what}`: {reason}")]
    Parse {
        /// The file or frame.
        what: String,
        /// polars' message.
        reason: String,
    },
    /// A required column is missing.
    #[error(
        "missing column `{column}` (role `{role}`); the frame has columns {available:?}. Map it in the column options"
    )]
    MissingColumn {
        /// The column name looked for.
        column: String,
        /// Its role in the data contract (e.g. `volume`).
        role: &'static str,
        /// The columns that are there.
        available: Vec<String>,
    },
    /// A column has a type that cannot be used for its role.
    #[error("column `{column}` has type {dtype}, expected {expected}")]
    WrongType {
        /// The column.
        column: String,
        /// Its type.
        dtype: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A value cannot be parsed or is missing where one is required.
    #[error("column `{column}`, row {row}: {reason} (value `{value}`)")]
    BadValue {
        /// The column.
        column: String,
        /// The first bad row, from 1.
        row: usize,
        /// The value as text.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A zoned timestamp column (one row per real interval) is not in strictly increasing time
    /// order. The rows' local times are told apart by their order alone (the first of a repeated
    /// local time is the earlier UTC offset), so an unsorted zoned column cannot be read.
    #[error(
        "column `{column}`, row {row} ({value}) is not later than the row before it: a zoned `{column}` must be in time order, one row per real interval; sort it ascending"
    )]
    Unsorted {
        /// The column.
        column: String,
        /// The first row out of order, from 1.
        row: usize,
        /// Its value, as RFC 3339 in the column's zone.
        value: String,
    },
    /// Timestamps carry UTC offsets but no time zone is known to put them on local time.
    #[error(
        "column `{column}` holds instants with UTC offsets (e.g. `{example}`) but no time zone is set: set `time_zone` to the queue's IANA time zone (e.g. \"Europe/London\"), so that the series follows local wall-clock time"
    )]
    NoTimeZone {
        /// The timestamp column.
        column: String,
        /// Its first value, as RFC 3339.
        example: String,
    },
    /// The interval length could not be inferred, or does not match the data.
    #[error("cannot determine the interval length: {reason}")]
    Interval {
        /// What went wrong.
        reason: String,
    },
    /// The job configuration is invalid.
    #[error("{path}: {message}")]
    Config {
        /// The config file (or `<python>` for keyword arguments).
        path: String,
        /// The message, with line and column where known.
        message: String,
    },
    /// An error in the data of an input file.
    #[error("`{}`: {source}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: Box<crate::Error>,
    },
    /// An input error of one queue of a job.
    #[error("queue `{queue}`: {source}")]
    InQueue {
        /// The queue.
        queue: String,
        /// The error.
        #[source]
        source: Box<crate::Error>,
    },
    /// Writing an output failed.
    #[error("cannot write `{path}`: {reason}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The reason.
        reason: String,
    },
    /// A queue failed on a worker of another process (the `dask` backend): the worker's
    /// message, and what kind of failure it was, so the job's verdict is as on one machine.
    #[error("{message}")]
    Worker {
        /// What kind of failure.
        kind: WorkerFailure,
        /// The error's message as the worker gave it.
        message: String,
    },
}

/// The kind of a queue's failure on a worker ([`IoError::Worker`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerFailure {
    /// Bad input or options.
    InvalidInput,
    /// The schedule's (or roster's) hard rules cannot all be met.
    Infeasible,
    /// The time limit passed without a feasible plan.
    NoPlan,
    /// Anything else: a solver failure, an internal error, a worker lost more often than the
    /// retries allow.
    Failed,
}

impl IoError {
    /// The same error with its row (if it names one) mapped by `f`: e.g. from a row of one
    /// queue's part of a file to the row of the file. An error already wrapped in
    /// [`IoError::InFile`] or [`IoError::InQueue`] names its own file's rows and is kept. Every
    /// variant is listed, so a new row-carrying variant cannot be left unmapped.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        use IoError as E;
        match self {
            E::BadValue {
                column,
                row,
                value,
                reason,
            } => E::BadValue {
                column,
                row: f(row),
                value,
                reason,
            },
            E::Unsorted { column, row, value } => E::Unsorted {
                column,
                row: f(row),
                value,
            },
            e @ (E::Open { .. }
            | E::UnknownFormat { .. }
            | E::Parse { .. }
            | E::MissingColumn { .. }
            | E::WrongType { .. }
            | E::NoTimeZone { .. }
            | E::Interval { .. }
            | E::Config { .. }
            | E::InFile { .. }
            | E::InQueue { .. }
            | E::Write { .. }
            | E::Worker { .. }) => e,
        }
    }

    /// True when the error is due to the caller's input rather than the environment.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            IoError::Write { .. } => false,
            IoError::Worker { kind, .. } => *kind == WorkerFailure::InvalidInput,
            IoError::InQueue { source, .. } | IoError::InFile { source, .. } => source.is_invalid_input(),
            _ => true,
        }
    }
}
