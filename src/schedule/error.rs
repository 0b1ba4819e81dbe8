//! Errors of the schedule stage.

/// Why a schedule could not be built or solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// The requirement has no interval.
    #[error("the requirement is empty")]
    EmptyRequirement,
    /// The requirement's interval length is zero, not a whole number of minutes, or does not
    /// divide a day.
    #[error("requirement interval {interval_s} s does not divide a day into whole intervals of whole minutes")]
    BadInterval {
        /// The rejected interval length in seconds.
        interval_s: u32,
    },
    /// The requirement skips an interval or changes interval length.
    #[error("requirement row {row} ({timestamp}) does not follow the row before it by {interval_s} s: the requirement must have no gaps and one interval length")]
    Gap {
        /// The first row after the gap.
        row: usize,
        /// Its interval start.
        timestamp: chrono::NaiveDateTime,
        /// The expected interval length in seconds.
        interval_s: u32,
    },
    /// An interval start outside the supported dates ([`crate::time::FIRST_DATE`] to
    /// [`crate::time::LAST_DATE`]).
    #[error("requirement row {row} ({timestamp}) is outside the supported dates 0001-01-01 to 9999-12-31")]
    DateOutOfRange {
        /// The first such row.
        row: usize,
        /// Its interval start.
        timestamp: chrono::NaiveDateTime,
    },
    /// A required number of agents is negative, NaN, infinite or above
    /// [`super::MAX_REQUIRED_AGENTS`].
    #[error("requirement row {row}: `agents` = {value} is invalid (must be finite, >= 0 and at most 1e9)")]
    InvalidRequirement {
        /// The first bad row.
        row: usize,
        /// The rejected value.
        value: f64,
    },
    /// No shift template was given.
    #[error("no shift template was given")]
    NoTemplates,
    /// A template field is invalid.
    #[error("shift template `{template}`: `{field}` {reason}")]
    InvalidTemplate {
        /// The template's name.
        template: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Two templates share a name.
    #[error("shift template name `{template}` is used twice")]
    DuplicateTemplate {
        /// The repeated name.
        template: String,
    },
    /// A cost or a solver option is invalid.
    #[error("schedule option `{option}` = {value} is invalid: {reason}")]
    InvalidOption {
        /// The option name, as in the config file and Python keywords.
        option: &'static str,
        /// The rejected value.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
    /// No template can start anywhere in the requirement's horizon.
    #[error("no shift template can start inside the requirement horizon {first} .. {last}: check the templates' start windows and days")]
    NoCandidateShifts {
        /// First interval of the horizon.
        first: chrono::NaiveDateTime,
        /// Last interval of the horizon.
        last: chrono::NaiveDateTime,
    },
    /// The time limit was reached before any feasible plan was found.
    #[error("the solver reached its time limit of {time_limit_s} s without a feasible plan")]
    NoFeasiblePlan {
        /// The time limit in seconds.
        time_limit_s: f64,
    },
    /// The hard rules ([`super::ScheduleOptions::hard_coverage`],
    /// [`super::ShiftTemplate::max_per_day`]) cannot all be met.
    #[error("the schedule is infeasible: {reason}")]
    Infeasible {
        /// The requirement row (from 1) that cannot be covered, when one is to blame.
        row: Option<usize>,
        /// Its interval start.
        interval: Option<chrono::NaiveDateTime>,
        /// What makes it so, naming the interval and the rule.
        reason: String,
    },
    /// The solver failed for a reason other than the model.
    #[error("the MILP solver failed: {0}")]
    Solver(String),
    /// A zoned requirement cannot be put on the local wall-clock grid: a clock change of its zone
    /// is not a whole number of intervals or not on the grid (see
    /// [`crate::time::check_zone_changes`]).
    #[error(transparent)]
    Time(crate::time::TimeError),
}

impl From<crate::time::TimeError> for ScheduleError {
    /// A bad interval as [`ScheduleError::BadInterval`]; any other time error (a zone's clock
    /// change) as [`ScheduleError::Time`].
    fn from(e: crate::time::TimeError) -> Self {
        match e {
            crate::time::TimeError::BadInterval { interval_s } => ScheduleError::BadInterval { interval_s },
            e => ScheduleError::Time(e),
        }
    }
}

impl ScheduleError {
    /// The same error with its requirement row (if it names one) mapped by `f`: e.g. from a row
    /// of one queue's part of a file to the row of the file. Every variant is listed, so a new
    /// row-carrying variant cannot be left unmapped. [`ScheduleError::Infeasible`] keeps its row:
    /// it is the row of the requirement the model was built on, and its `reason` names it too.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        use ScheduleError as E;
        match self {
            E::Gap {
                row,
                timestamp,
                interval_s,
            } => E::Gap {
                row: f(row),
                timestamp,
                interval_s,
            },
            E::DateOutOfRange { row, timestamp } => E::DateOutOfRange { row: f(row), timestamp },
            E::InvalidRequirement { row, value } => E::InvalidRequirement { row: f(row), value },
            E::Time(e) => E::Time(e.map_rows(f)),
            e @ (E::EmptyRequirement
            | E::BadInterval { .. }
            | E::NoTemplates
            | E::InvalidTemplate { .. }
            | E::DuplicateTemplate { .. }
            | E::InvalidOption { .. }
            | E::NoCandidateShifts { .. }
            | E::NoFeasiblePlan { .. }
            | E::Infeasible { .. }
            | E::Solver(_)) => e,
        }
    }

    /// True when the error is due to the caller's input.
    pub fn is_invalid_input(&self) -> bool {
        !matches!(
            self,
            ScheduleError::NoFeasiblePlan { .. } | ScheduleError::Infeasible { .. } | ScheduleError::Solver(_)
        )
    }
}
