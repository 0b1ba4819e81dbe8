//! Errors of the roster stage.

use chrono::NaiveDate;

use crate::schedule::ScheduleError;

/// One rule that cannot hold for one agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The agent's id.
    pub agent: String,
    /// The rule: a contract field (e.g. `min_days_per_week`) or `locked`, `days_off`.
    pub rule: String,
    /// What makes it impossible, e.g. "min 4 working days per week but available on 3 days in
    /// week 2".
    pub detail: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "agent {}: {} ({})", self.agent, self.detail, self.rule)
    }
}

fn list(conflicts: &[Conflict]) -> String {
    let mut s: Vec<String> = conflicts.iter().take(5).map(|c| c.to_string()).collect();
    if conflicts.len() > 5 {
        s.push(format!("and {} more", conflicts.len() - 5));
    }
    s.join("; ")
}

/// Why a roster could not be built or solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    /// The shift-design stage, a template, or the solver failed (solver knobs included).
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// A roster option is invalid.
    #[error("roster option `{option}` = {value} is invalid: {reason}")]
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// The rejected value.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
    /// The horizon has no day, or more than the supported 3660.
    #[error("the roster horizon has {days} days: it must have 1 to 3660")]
    BadHorizon {
        /// The number of days given.
        days: usize,
    },
    /// No agent was given.
    #[error("no agent was given")]
    NoAgents,
    /// A contract field is invalid.
    #[error("contract `{contract}`: `{field}` {reason}")]
    InvalidContract {
        /// The contract's name.
        contract: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Two contracts share a name.
    #[error("contract name `{contract}` is used twice")]
    DuplicateContract {
        /// The repeated name.
        contract: String,
    },
    /// Two agents share an id.
    #[error("agent id `{agent}` is used twice (agents {first} and {row}, counted from 1)")]
    DuplicateAgent {
        /// The repeated id.
        agent: String,
        /// The first agent with it.
        first: usize,
        /// The second.
        row: usize,
    },
    /// An agent names a contract that does not exist.
    #[error("agent `{agent}`: contract `{contract}` is not defined")]
    UnknownContract {
        /// The agent's id.
        agent: String,
        /// The unknown contract.
        contract: String,
    },
    /// A contract, an agent or a cover row names a shift (or template) that does not exist.
    #[error("{owner}: `{field}` names shift `{shift}`, which is not defined{hint}")]
    UnknownShift {
        /// Who names it: "agent A17", "contract full_time" or "cover row 3".
        owner: String,
        /// The field.
        field: &'static str,
        /// The unknown name.
        shift: String,
        /// A suggestion, or empty.
        hint: String,
    },
    /// A shift kind is invalid.
    #[error("shift `{shift}`: `{field}` {reason}")]
    InvalidShift {
        /// The shift's name.
        shift: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// An agent's date lies outside the horizon.
    #[error("agent `{agent}`: `{field}` date {date} is outside the horizon {first} .. {last}")]
    DateOutsideHorizon {
        /// The agent's id.
        agent: String,
        /// The field (`days_off`, `requests`, `locked`, `availability`).
        field: &'static str,
        /// The date.
        date: NaiveDate,
        /// First day of the horizon.
        first: NaiveDate,
        /// Last day of the horizon.
        last: NaiveDate,
    },
    /// An agent's availability window is empty, off the grid or overlaps another.
    #[error("agent `{agent}`: availability window {index} (counted from 1) {reason}")]
    InvalidAvailability {
        /// The agent's id.
        agent: String,
        /// The window, counted from 1.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// An agent's request or locked day is invalid (weight, missing shift, two locks on a day).
    #[error("agent `{agent}`: `{field}` entry {index} (counted from 1) {reason}")]
    InvalidEntry {
        /// The agent's id.
        agent: String,
        /// `requests` or `locked`.
        field: &'static str,
        /// The entry, counted from 1.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A cover row is invalid (date outside the horizon, bad weight, repeated).
    #[error("cover row {row} (counted from 1): {reason}")]
    InvalidCover {
        /// The row.
        row: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A queue of the multi-queue interval form is invalid (no queue, a repeated name, a
    /// requirement on another grid).
    #[error("queue `{queue}`: {reason}")]
    InvalidQueue {
        /// The queue's name (empty when no queue was given).
        queue: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An agent names a skill that is not one of the queues rostered.
    #[error("agent `{agent}`: skill `{skill}` is not a queue of the requirement ({known}){hint}")]
    UnknownSkill {
        /// The agent's id.
        agent: String,
        /// The skill named.
        skill: String,
        /// The queues rostered.
        known: String,
        /// A suggestion, if a queue's name is close.
        hint: String,
    },
    /// The rules cannot all hold: found by the checks before solving, or by the elastic model
    /// (every agent rule allowed to bend at a cost) after HiGHS proved the model infeasible.
    #[error("no roster meets the rules: {}", list(conflicts))]
    Infeasible {
        /// The rules that cannot hold, per agent.
        conflicts: Vec<Conflict>,
    },
    /// The time limit passed before HiGHS found any roster that meets the hard rules.
    #[error("no roster meeting the hard rules was found within the time limit of {time_limit_s} s")]
    NoFeasibleRoster {
        /// The time limit.
        time_limit_s: f64,
    },
}

impl RosterError {
    /// True when the error comes from the caller's input rather than from infeasible rules, a
    /// time limit or a solver failure.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            RosterError::Schedule(e) => e.is_invalid_input(),
            RosterError::Infeasible { .. } | RosterError::NoFeasibleRoster { .. } => false,
            _ => true,
        }
    }
}
