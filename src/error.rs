//! The crate-wide error: one variant per module error, joined with `#[from]`.

/// Any error that wfmkit can return.
///
/// Each module has its own error enum ([`crate::staffing::StaffingError`],
/// [`crate::forecast::ForecastError`], [`crate::schedule::ScheduleError`] and, with the `io`
/// feature, `crate::io::IoError`); this enum joins them so that a pipeline can use `?` across
/// stages. Match on the inner error for the details a user needs to fix the input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bad interval length, time zone or clock change (the time layer, below every stage).
    #[error(transparent)]
    Time(#[from] crate::time::TimeError),
    /// The staffing stage rejected an input or a target.
    #[error(transparent)]
    Staffing(#[from] crate::staffing::StaffingError),
    /// The forecast stage rejected the history or an option.
    #[error(transparent)]
    Forecast(#[from] crate::forecast::ForecastError),
    /// The schedule stage rejected an input, or the solver failed.
    #[error(transparent)]
    Schedule(#[from] crate::schedule::ScheduleError),
    /// The roster stage rejected an input, found the rules infeasible, or the solver failed.
    #[error(transparent)]
    Roster(#[from] crate::roster::RosterError),
    /// The evaluation of a plan rejected its workload.
    #[error(transparent)]
    Evaluation(#[from] crate::evaluation::EvaluationError),
    /// A simulation error.
    #[error(transparent)]
    Simulate(#[from] crate::simulate::SimulateError),
    /// Reading or writing a frame, a file or the job configuration failed.
    #[cfg(feature = "io")]
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
}

impl Error {
    /// The same error with the input row it names (if any) mapped by `f`, e.g. from a row of one
    /// queue's part of a file to the row of the file (see each module error's `map_rows`).
    /// Staffing errors name forecast intervals and roster errors name agent-table rows, not
    /// history or requirement rows, so they are kept.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        match self {
            Error::Time(e) => Error::Time(e.map_rows(f)),
            Error::Forecast(e) => Error::Forecast(e.map_rows(f)),
            Error::Schedule(e) => Error::Schedule(e.map_rows(f)),
            Error::Evaluation(e) => Error::Evaluation(e.map_rows(f)),
            #[cfg(feature = "io")]
            Error::Io(e) => Error::Io(e.map_rows(f)),
            e @ (Error::Staffing(_) | Error::Roster(_) | Error::Simulate(_)) => e,
        }
    }

    /// True when the error comes from the caller's input (data, options or configuration) rather
    /// than from the environment or a solver failure. The CLI maps these to exit status 2.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            Error::Time(_) | Error::Forecast(_) | Error::Evaluation(_) | Error::Simulate(_) => true,
            Error::Staffing(e) => !matches!(e, crate::staffing::StaffingError::Solver { .. }),
            Error::Schedule(e) => e.is_invalid_input(),
            Error::Roster(e) => e.is_invalid_input(),
            #[cfg(feature = "io")]
            Error::Io(e) => e.is_invalid_input(),
        }
    }
}

/// `Result` with the crate [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
