//! The error type of the staffing module.

use thiserror::Error;

/// Everything that can go wrong in [`crate::staffing`].
///
/// Every variant names the argument and carries the offending value, so a message can be shown
/// to the user as it is. Batch functions wrap the first failure in [`StaffingError::AtIndex`].
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum StaffingError {
    /// An argument that must be finite and non-negative (volume, AHT, t, ...) is NaN, infinite or negative.
    #[error("`{name}` must be a finite number >= 0, got {value}")]
    NotNonNegative {
        /// Argument name, e.g. `"volume"`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// An argument that must be finite and strictly positive (the interval length) is not.
    #[error("`{name}` must be a finite number > 0, got {value}")]
    NotPositive {
        /// Argument name, e.g. `"interval_s"`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// Patience is NaN or negative (`f64::INFINITY` is allowed and means no abandonment).
    #[error("`patience_s` must be >= 0 (infinity allowed), got {value}")]
    InvalidPatience {
        /// The value given.
        value: f64,
    },
    /// An agent count given as a float (e.g. from Python) is negative, fractional, NaN or too large.
    #[error("`agents` must be a whole number in 0..=4294967295, got {value}")]
    InvalidAgents {
        /// The value given.
        value: f64,
    },
    /// A target or cap lies outside its allowed range.
    #[error("`{name}` must be in {range}, got {value}")]
    TargetOutOfRange {
        /// Option name, e.g. `"service_level"`.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The allowed range, e.g. `"[0, 1]"`.
        range: &'static str,
    },
    /// Shrinkage is outside [0, 1).
    #[error("`shrinkage` must be in [0, 1), got {value}")]
    InvalidShrinkage {
        /// The value given.
        value: f64,
    },
    /// No staffing target was given, so "fewest agents" has no meaning.
    #[error("no staffing target given for model `{model}`: set one of {allowed}")]
    NoTarget {
        /// The model name.
        model: &'static str,
        /// The options that are targets for this model.
        allowed: &'static str,
    },
    /// `method = "simulation"` with a target or model it does not staff for, or on a path that
    /// has no simulation settings.
    #[error("method `simulation` {reason}")]
    NotForSimulation {
        /// What is wrong.
        reason: String,
    },
    /// `model = "erlang_a"` needs `patience_s`.
    #[error("model `erlang_a` needs `patience_s` (use infinity for no abandonment)")]
    MissingPatience,
    /// An option was set that the chosen model does not use (e.g. `max_blocking` with `erlang_c`).
    #[error("`{name}` does not apply to model `{model}`")]
    NotForModel {
        /// Option name.
        name: &'static str,
        /// The model name.
        model: &'static str,
    },
    /// A model name other than `erlang_b`, `erlang_c` or `erlang_a`.
    #[error("unknown model `{value}`: expected one of \"erlang_b\", \"erlang_c\", \"erlang_a\"")]
    UnknownModel {
        /// The name given.
        value: String,
    },
    /// A service-level definition other than `offered`, `answered` or `virtual`.
    #[error("unknown sl_definition `{value}`: expected one of \"offered\", \"answered\", \"virtual\"")]
    UnknownSlDefinition {
        /// The name given.
        value: String,
    },
    /// No finite number of agents meets the target (e.g. service level 1.0 with a positive load).
    #[error("no finite number of agents meets `{name}` = {value} at an offered load of {load_erlangs} Erlangs")]
    Unreachable {
        /// The target that cannot be met.
        name: &'static str,
        /// Its value.
        value: f64,
        /// The offered load in Erlangs.
        load_erlangs: f64,
    },
    /// The offered load is beyond what the exact algorithms support (see [`MAX_LOAD_ERLANGS`](super::MAX_LOAD_ERLANGS)).
    #[error("offered load {load_erlangs} Erlangs exceeds the supported maximum of {max} Erlangs")]
    LoadTooLarge {
        /// The offered load in Erlangs.
        load_erlangs: f64,
        /// The supported maximum.
        max: f64,
    },
    /// Erlang A with a patience so long relative to AHT that its exact series would need more
    /// terms than the bounded budget; use `patience_s = inf` (Erlang C) instead.
    #[error(
        "`patience_s` = {patience_s} is too long relative to `aht_s` = {aht_s} at {agents} agents \
         for the exact Erlang A series; use infinite patience (Erlang C)"
    )]
    PatienceTooLong {
        /// The patience given.
        patience_s: f64,
        /// The AHT given.
        aht_s: f64,
        /// The agent count being evaluated.
        agents: u32,
    },
    /// A whole-number count other than `agents` (e.g. Erlang B `servers`) given as a float is
    /// negative, fractional, NaN or too large.
    #[error("`{name}` must be a whole number in 0..=4294967295, got {value}")]
    InvalidCount {
        /// Argument name, e.g. `"servers"`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A computed agent count does not fit in `u32` (e.g. gross agents at shrinkage 0.9999999999).
    #[error("{what} = {value} does not fit in a u32 agent count")]
    TooManyAgents {
        /// What was being computed, e.g. `"agents_gross"`.
        what: &'static str,
        /// The value that does not fit.
        value: f64,
    },
    /// Two batch inputs that must have the same length do not.
    #[error("`{name}` has length {len}, expected {expected} (the length of `volume`)")]
    LengthMismatch {
        /// The argument whose length is wrong.
        name: &'static str,
        /// Its length.
        len: usize,
        /// The length of `volume`.
        expected: usize,
    },
    /// A forecast interval has no handle time (a volume-only forecast, whose history had no
    /// `aht_s` column and whose options no `aht_s`): staffing needs one.
    #[error("the forecast has no AHT at interval {index} (a volume-only forecast): staffing needs handle times; give the history an `aht_s` column or set the forecast option `aht_s`")]
    NoAht {
        /// 0-based index of the first interval without AHT.
        index: usize,
    },
    /// A backlog queue's field is out of range or out of order (see
    /// [`crate::staffing::BacklogQueue`]).
    #[error("backlog `{name}`: {reason}")]
    InvalidBacklog {
        /// The field, e.g. `"targets"`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// An outbound campaign cannot be planned as given (see
    /// [`crate::staffing::outbound_staffing`]).
    #[error("outbound campaign `{name}`: {reason}")]
    InvalidCampaign {
        /// The field, e.g. `"open"`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// No number of agents meets a backlog target: items have no open interval before their
    /// deadline.
    #[error(
        "backlog target {target} ({share} within {within_minutes} min) cannot be met by any number of agents: at most \
         {best} of the items due in the horizon have an open interval before their deadline{}",
        interval.map(|i| format!(" (the first that has none arrives in interval {i})"))
            .unwrap_or_else(|| " (the initial backlog has none)".into())
    )]
    BacklogUnreachable {
        /// 0-based index of the target.
        target: usize,
        /// Its share.
        share: f64,
        /// Its deadline, minutes.
        within_minutes: u32,
        /// The largest share any staffing reaches.
        best: f64,
        /// 0-based interval of the first items that cannot make it (`None`: the initial backlog).
        interval: Option<usize>,
    },
    /// The LP solver failed.
    #[error("solver: {reason}")]
    Solver {
        /// HiGHS's or good_lp's message.
        reason: String,
    },
    /// A batch element failed; `index` is 0-based and `source` names the field.
    #[error("at index {index}: {source}")]
    AtIndex {
        /// 0-based position of the first failing element.
        index: usize,
        /// What went wrong there.
        source: Box<StaffingError>,
    },
}

impl StaffingError {
    /// Wraps `self` as the failure of batch element `index`.
    pub(crate) fn at(self, index: usize) -> Self {
        StaffingError::AtIndex {
            index,
            source: Box::new(self),
        }
    }
}
