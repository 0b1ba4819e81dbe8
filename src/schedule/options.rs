//! [`ScheduleOptions`]: templates, costs and solver knobs, serde-able.

use serde::{Deserialize, Serialize};

use super::{ScheduleError, ShiftTemplate};

/// The largest cost (per agent-minute, or per pattern) an option or template may set: far above
/// any wage or penalty, and it keeps the MILP's objective coefficients far below what HiGHS
/// treats as infinite (1e20).
pub const MAX_COST: f64 = 1e9;

/// Options of [`super::schedule`]: the same struct is read from the job config's `[schedule]`
/// table and from Python keyword arguments; unknown keys are rejected.
///
/// Costs are per agent-minute. The solver knobs can also be chained:
///
/// ```
/// use wfmkit::schedule::ScheduleOptions;
///
/// let opts = ScheduleOptions::default().time_limit_s(10.0).mip_gap(0.01).threads(1).seed(7);
/// assert_eq!(opts.seed, 7);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleOptions {
    /// The shift templates to choose from.
    pub templates: Vec<ShiftTemplate>,
    /// Cost per agent-minute of under-cover (default 10).
    pub under_cost: f64,
    /// Cost per agent-minute of over-cover (default 0).
    pub over_cost: f64,
    /// Cost of each distinct shift pattern used (a start time of day and a length, used on any
    /// day; default 0). The Minimum Shift Design benchmark charges the slot length per pattern.
    pub pattern_cost: f64,
    /// When true the horizon wraps: a shift running past its end covers its first intervals.
    pub cyclic: bool,
    /// When true every interval's requirement is a hard rule: no under-cover is allowed, and a
    /// requirement the templates cannot meet is an [`ScheduleError::Infeasible`] error naming
    /// the interval or the rule (default false: under-cover is paid at `under_cost`).
    pub hard_coverage: bool,
    /// Solver time limit in seconds (default 60).
    pub time_limit_s: f64,
    /// Relative MIP gap at which the solver may stop (default 0: prove optimality).
    pub mip_gap: f64,
    /// Solver threads (default 1).
    pub threads: u32,
    /// Solver random seed (default 0). The same inputs and seed give the same plan.
    pub seed: u32,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        Self {
            templates: Vec::new(),
            under_cost: 10.0,
            over_cost: 0.0,
            pattern_cost: 0.0,
            cyclic: false,
            hard_coverage: false,
            time_limit_s: 60.0,
            mip_gap: 0.0,
            threads: 1,
            seed: 0,
        }
    }
}

/// Solver knobs any wfmkit model passes to HiGHS: time limit, relative MIP gap, threads and
/// seed. [`ScheduleOptions`] and the roster's options carry them as flat fields (so config files
/// and Python keywords stay flat) and hand them to the solver as one value.
///
/// ```
/// use wfmkit::schedule::SolverOptions;
///
/// let s = SolverOptions { time_limit_s: 5.0, ..SolverOptions::default() };
/// s.check().unwrap();
/// assert!(SolverOptions { threads: 0, ..s }.check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SolverOptions {
    /// Time limit in seconds (default 60).
    pub time_limit_s: f64,
    /// Relative MIP gap at which the solver may stop (default 0: prove optimality).
    pub mip_gap: f64,
    /// Solver threads (default 1).
    pub threads: u32,
    /// Random seed (default 0). The same inputs and seed give the same result.
    pub seed: u32,
}

impl Default for SolverOptions {
    fn default() -> Self {
        Self {
            time_limit_s: 60.0,
            mip_gap: 0.0,
            threads: 1,
            seed: 0,
        }
    }
}

impl SolverOptions {
    /// Checks the knobs.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::InvalidOption`] naming `time_limit_s` (not a finite number > 0),
    /// `mip_gap` (outside [0, 1)) or `threads` (outside 1 ..= 256).
    pub fn check(&self) -> Result<(), ScheduleError> {
        let bad = |option: &'static str, value: f64, reason: &'static str| ScheduleError::InvalidOption {
            option,
            value: value.to_string(),
            reason,
        };
        if !(self.time_limit_s.is_finite() && self.time_limit_s > 0.0) {
            return Err(bad(
                "time_limit_s",
                self.time_limit_s,
                "must be a finite number of seconds > 0",
            ));
        }
        if !(self.mip_gap.is_finite() && (0.0..1.0).contains(&self.mip_gap)) {
            return Err(bad("mip_gap", self.mip_gap, "must be in [0, 1)"));
        }
        if !(1..=256).contains(&self.threads) {
            return Err(bad("threads", self.threads as f64, "must be between 1 and 256"));
        }
        Ok(())
    }
}

impl ScheduleOptions {
    /// The solver knobs of these options.
    pub fn solver(&self) -> SolverOptions {
        SolverOptions {
            time_limit_s: self.time_limit_s,
            mip_gap: self.mip_gap,
            threads: self.threads,
            seed: self.seed,
        }
    }

    /// Sets the templates.
    pub fn templates(mut self, templates: Vec<ShiftTemplate>) -> Self {
        self.templates = templates;
        self
    }
    /// Sets the under-cover cost per agent-minute.
    pub fn under_cost(mut self, cost: f64) -> Self {
        self.under_cost = cost;
        self
    }
    /// Sets the over-cover cost per agent-minute.
    pub fn over_cost(mut self, cost: f64) -> Self {
        self.over_cost = cost;
        self
    }
    /// Sets the cost per distinct shift pattern used.
    pub fn pattern_cost(mut self, cost: f64) -> Self {
        self.pattern_cost = cost;
        self
    }
    /// Makes the horizon cyclic.
    pub fn cyclic(mut self, cyclic: bool) -> Self {
        self.cyclic = cyclic;
        self
    }
    /// Makes every interval's requirement a hard rule (no under-cover).
    pub fn hard_coverage(mut self, hard: bool) -> Self {
        self.hard_coverage = hard;
        self
    }
    /// Sets the solver time limit in seconds.
    pub fn time_limit_s(mut self, seconds: f64) -> Self {
        self.time_limit_s = seconds;
        self
    }
    /// Sets the relative MIP gap.
    pub fn mip_gap(mut self, gap: f64) -> Self {
        self.mip_gap = gap;
        self
    }
    /// Sets the solver threads.
    pub fn threads(mut self, threads: u32) -> Self {
        self.threads = threads;
        self
    }
    /// Sets the solver seed.
    pub fn seed(mut self, seed: u32) -> Self {
        self.seed = seed;
        self
    }

    /// Checks costs, solver knobs and every template against the interval length.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::InvalidOption`] naming the option (a cost above [`MAX_COST`] included),
    /// [`ScheduleError::NoTemplates`], [`ScheduleError::DuplicateTemplate`] or a template's
    /// [`ScheduleError::InvalidTemplate`].
    pub fn check(&self, interval_s: u32) -> Result<(), ScheduleError> {
        let bad = |option: &'static str, value: f64, reason: &'static str| ScheduleError::InvalidOption {
            option,
            value: value.to_string(),
            reason,
        };
        for (name, v) in [
            ("under_cost", self.under_cost),
            ("over_cost", self.over_cost),
            ("pattern_cost", self.pattern_cost),
        ] {
            if !(0.0..=MAX_COST).contains(&v) {
                return Err(bad(name, v, "costs must be finite, >= 0 and at most 1e9"));
            }
        }
        self.solver().check()?;
        if self.templates.is_empty() {
            return Err(ScheduleError::NoTemplates);
        }
        let mut names = std::collections::HashSet::new();
        for t in &self.templates {
            t.check(interval_s)?;
            if !names.insert(t.name.as_str()) {
                return Err(ScheduleError::DuplicateTemplate {
                    template: t.name.clone(),
                });
            }
        }
        Ok(())
    }
}
