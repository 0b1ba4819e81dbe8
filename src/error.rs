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
    /// Reading or writing a frame, a file or the job configuration failed.
    #[cfg(feature = "io")]
    #[error(transparent)]
    Io(#[from] crate::io::IoError),
}

impl Error {
    /// True when the error comes from the caller's input (data, options or configuration) rather
    /// than from the environment or a solver failure. The CLI maps these to exit status 2.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            Error::Staffing(_) | Error::Forecast(_) => true,
            Error::Schedule(e) => e.is_invalid_input(),
            Error::Roster(e) => e.is_invalid_input(),
            #[cfg(feature = "io")]
            Error::Io(e) => e.is_invalid_input(),
        }
    }
}

/// `Result` with the crate [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
