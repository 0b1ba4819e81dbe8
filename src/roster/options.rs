//! [`RosterOptions`]: the fairness weight, the candidate shifts and the solver knobs.

use serde::{Deserialize, Serialize};

use super::RosterError;
use crate::schedule::{SolverOptions, MAX_COST};

/// Which shifts the interval form offers the agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateShifts {
    /// The shifts (template, start time, length) that the anonymous shift-design optimum uses
    /// on any day, each offered on every day its template allows (default).
    Design,
    /// As `Design`, plus the starts one start step earlier and later.
    DesignNeighbours,
    /// Every start and length of every template (exact, but large: agents × days × shifts).
    All,
}

/// How the roster is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterMethod {
    /// One compact MILP with a binary per agent, day and shift (default).
    Compact,
    /// Column generation over each agent's whole schedule (a valid Lagrangian bound), then the
    /// master MILP over the columns found (see the module `column_generation`). Half the time
    /// limit at most goes to the column generation, the rest to the master MILP.
    PriceAndBranch,
}

/// Options of [`super::roster`]: read from the job config's `[roster]` table and from Python
/// keyword arguments; unknown keys are rejected.
///
/// ```
/// use wfmkit::roster::RosterOptions;
///
/// let o = RosterOptions::default().fairness_weight(50.0).time_limit_s(30.0);
/// o.check().unwrap();
/// assert!(RosterOptions::default().fairness_weight(-1.0).check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterOptions {
    /// Cost per unit of spread, per contract, of weekends worked and of night shifts: the term
    /// is `weight × Σ_contract (max − min over its agents)` of each count (default 0: off).
    pub fairness_weight: f64,
    /// Interval form: the shifts offered (default `design`).
    pub candidate_shifts: CandidateShifts,
    /// Solver time limit in seconds for the roster model (default 60).
    pub time_limit_s: f64,
    /// Relative MIP gap at which the solver may stop (default 0).
    pub mip_gap: f64,
    /// Solver threads (default 1). In the interval form, with 2 or more, one of them solves the
    /// linear relaxation (see [`super::Roster::relaxation_bound`]) alongside the roster, for up
    /// to `time_limit_s + lns_time_s`; with 1, the relaxation comes first, in at most half of
    /// `time_limit_s`, and the roster gets the rest.
    pub threads: u32,
    /// Solver seed (default 0): the same inputs and seed give the same roster.
    pub seed: u32,
    /// Seconds of large-neighbourhood search after the MILP stops at its time limit without
    /// proving optimality (default 0: none). Parts of the roster are freed and re-solved
    /// exactly with the rest fixed; a better roster is kept (see the module `lns`).
    pub lns_time_s: f64,
    /// How the roster is solved (default `compact`).
    pub method: RosterMethod,
}

impl Default for RosterOptions {
    fn default() -> Self {
        let s = SolverOptions::default();
        Self {
            fairness_weight: 0.0,
            candidate_shifts: CandidateShifts::Design,
            time_limit_s: s.time_limit_s,
            mip_gap: s.mip_gap,
            threads: s.threads,
            seed: s.seed,
            lns_time_s: 0.0,
            method: RosterMethod::Compact,
        }
    }
}

impl RosterOptions {
    /// Sets the fairness weight.
    pub fn fairness_weight(mut self, w: f64) -> Self {
        self.fairness_weight = w;
        self
    }
    /// Sets the candidate shifts of the interval form.
    pub fn candidate_shifts(mut self, c: CandidateShifts) -> Self {
        self.candidate_shifts = c;
        self
    }
    /// Sets the time limit in seconds.
    pub fn time_limit_s(mut self, s: f64) -> Self {
        self.time_limit_s = s;
        self
    }
    /// Sets the relative MIP gap.
    pub fn mip_gap(mut self, g: f64) -> Self {
        self.mip_gap = g;
        self
    }
    /// Sets the threads.
    pub fn threads(mut self, t: u32) -> Self {
        self.threads = t;
        self
    }
    /// Sets the seed.
    pub fn seed(mut self, s: u32) -> Self {
        self.seed = s;
        self
    }
    /// Sets the seconds of large-neighbourhood search after a time-limited solve.
    pub fn lns_time_s(mut self, s: f64) -> Self {
        self.lns_time_s = s;
        self
    }
    /// Sets how the roster is solved.
    pub fn method(mut self, m: RosterMethod) -> Self {
        self.method = m;
        self
    }
    /// The solver knobs.
    pub fn solver(&self) -> SolverOptions {
        SolverOptions {
            time_limit_s: self.time_limit_s,
            mip_gap: self.mip_gap,
            threads: self.threads,
            seed: self.seed,
        }
    }
    /// Checks the options.
    ///
    /// # Errors
    ///
    /// [`RosterError::Schedule`] wrapping the solver knobs' error, or
    /// [`RosterError::InvalidOption`] for a fairness weight that is negative, non-finite or
    /// above [`MAX_COST`].
    pub fn check(&self) -> Result<(), RosterError> {
        self.solver().check()?;
        if !(0.0..=MAX_COST).contains(&self.fairness_weight) {
            return Err(RosterError::InvalidOption {
                option: "fairness_weight",
                value: self.fairness_weight.to_string(),
                reason: "must be finite, >= 0 and at most 1e9",
            });
        }
        if !(0.0..=1e6).contains(&self.lns_time_s) {
            return Err(RosterError::InvalidOption {
                option: "lns_time_s",
                value: self.lns_time_s.to_string(),
                reason: "must be finite, >= 0 and at most 1e6 seconds",
            });
        }
        Ok(())
    }
}
