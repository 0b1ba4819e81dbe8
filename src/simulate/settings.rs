//! [`SimulationSettings`]: the simulation's options as a user writes them (the job config's
//! `[simulation]` table, Python's keywords), made into a [`TimeVaryingQueue`] and
//! [`TimeVaryingOptions`] in one place.

use serde::{Deserialize, Serialize};

use super::error::SimulateError;
use super::time_varying::{HandleTime, Patience, TimeVaryingOptions, TimeVaryingQueue};

/// The handle-time distribution by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandleKind {
    /// Exponential (the Erlang assumption; the default).
    #[default]
    Exponential,
    /// Lognormal with `handle_cv`.
    Lognormal,
    /// The `handle_sample`, scaled to each interval's AHT.
    Empirical,
}

/// The patience distribution by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatienceKind {
    /// Nobody abandons.
    None,
    /// Exponential with mean `patience_s`.
    Exponential,
    /// Exactly `patience_s`.
    Deterministic,
}

/// How a schedule is simulated: the handle-time and patience distributions, the day-level rate
/// factor, the replications, the seed, the threads and the event bound. Every field has a
/// default; unknown keys are rejected.
///
/// As a job config table:
///
/// ```
/// use wfmkit::simulate::{HandleKind, SimulationSettings};
/// let s: SimulationSettings = toml::from_str(r#"
/// replications = 500
/// seed = 7
/// handle = "lognormal"
/// handle_cv = 1.2
/// "#).unwrap();
/// assert_eq!((s.replications, s.seed, s.handle), (500, 7, HandleKind::Lognormal));
/// assert!(s.patience.is_none()); // from the staffing model (see the field)
/// assert!(toml::from_str::<SimulationSettings>("replication = 5").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulationSettings {
    /// Independent replications (at least 2; default 1,000).
    pub replications: u32,
    /// Seed: the same seed gives the same result bit for bit, for any thread count (default 0).
    pub seed: u64,
    /// Handle-time distribution around each interval's AHT (default exponential).
    pub handle: HandleKind,
    /// Coefficient of variation of a lognormal handle time.
    pub handle_cv: Option<f64>,
    /// Handle-time sample (seconds) for the empirical distribution.
    pub handle_sample: Option<Vec<f64>>,
    /// Patience distribution. Default (absent): exponential with the staffing's `patience_s`
    /// under Erlang A, none under Erlang C and B.
    pub patience: Option<PatienceKind>,
    /// Mean (exponential) or exact (deterministic) patience in seconds; default: the staffing's
    /// `patience_s`.
    pub patience_s: Option<f64>,
    /// Coefficient of variation of a gamma day-level rate factor of mean 1 (default 0: plain
    /// Poisson arrivals at the forecast volume).
    pub day_factor_cv: f64,
    /// Threads (0, the default: all cores). The result does not depend on it.
    pub threads: usize,
    /// The most events one replication may simulate (default 100 million), so that no input can
    /// hang the run.
    pub max_events: u64,
    /// Iterations at most when staffing by simulation (`[staffing] method = "simulation"`),
    /// each one simulation of every replication (default 10).
    pub max_iterations: u32,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        let o = TimeVaryingOptions::new(0);
        Self {
            replications: o.replications,
            seed: o.seed,
            handle: HandleKind::Exponential,
            handle_cv: None,
            handle_sample: None,
            patience: None,
            patience_s: None,
            day_factor_cv: 0.0,
            threads: o.threads,
            max_events: o.max_events,
            max_iterations: 10,
        }
    }
}

/// What the simulated intervals are: the grid, the workload and the agents on duty, with the
/// threshold and the patience the staffing assumed (if any).
#[derive(Debug, Clone, PartialEq)]
pub struct SimulationInput {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Expected contacts per interval.
    pub volume: Vec<f64>,
    /// Mean handle time per interval, seconds.
    pub aht_s: Vec<f64>,
    /// Agents on duty per interval.
    pub agents: Vec<u32>,
    /// The service-level threshold, seconds.
    pub answer_within_s: f64,
    /// The mean patience the staffing model assumed (Erlang A), the default of `patience_s`.
    pub staffing_patience_s: Option<f64>,
}

impl SimulationSettings {
    /// The patience these settings give when the staffing assumed `staffing_patience_s`.
    ///
    /// # Errors
    /// [`SimulateError::InvalidInput`] for an exponential or deterministic patience with no
    /// `patience_s` here or in the staffing.
    pub fn patience_for(&self, staffing_patience_s: Option<f64>) -> Result<Patience, SimulateError> {
        let seconds = self.patience_s.or(staffing_patience_s);
        let kind = match self.patience {
            Some(k) => k,
            None if staffing_patience_s.is_some_and(f64::is_finite) => PatienceKind::Exponential,
            None => PatienceKind::None,
        };
        let need = || SimulateError::InvalidInput {
            name: "patience_s (needed for this patience)",
            value: f64::NAN,
        };
        Ok(match kind {
            PatienceKind::None => Patience::Infinite,
            PatienceKind::Exponential => Patience::Exponential {
                mean_s: seconds.ok_or_else(need)?,
            },
            PatienceKind::Deterministic => Patience::Deterministic {
                s: seconds.ok_or_else(need)?,
            },
        })
    }

    /// The handle-time distribution.
    ///
    /// # Errors
    /// [`SimulateError::InvalidInput`] for a lognormal without `handle_cv` or an empirical
    /// distribution without `handle_sample`.
    pub fn handle_time(&self) -> Result<HandleTime, SimulateError> {
        let need = |name| SimulateError::InvalidInput { name, value: f64::NAN };
        Ok(match self.handle {
            HandleKind::Exponential => HandleTime::Exponential,
            HandleKind::Lognormal => HandleTime::LogNormal {
                cv: self.handle_cv.ok_or_else(|| need("handle_cv (needed for lognormal)"))?,
            },
            HandleKind::Empirical => HandleTime::Empirical(
                self.handle_sample
                    .clone()
                    .ok_or_else(|| need("handle_sample (needed for empirical)"))?,
            ),
        })
    }

    /// Checks the settings before any workload is known: at least 2 replications and 1 event,
    /// a known distribution with its parameters in range, a day factor CV ≥ 0.
    ///
    /// # Errors
    /// [`SimulateError::InvalidInput`] naming the field.
    pub fn check(&self, staffing_patience_s: Option<f64>) -> Result<(), SimulateError> {
        if self.replications < 2 {
            return Err(SimulateError::InvalidInput {
                name: "replications (at least 2)",
                value: self.replications as f64,
            });
        }
        if self.max_events == 0 {
            return Err(SimulateError::InvalidInput {
                name: "max_events (at least 1)",
                value: 0.0,
            });
        }
        let (queue, _) = self.queue_and_options(SimulationInput {
            interval_s: 60,
            volume: vec![0.0],
            aht_s: vec![1.0],
            agents: vec![1],
            answer_within_s: 0.0,
            staffing_patience_s,
        })?;
        queue.check()
    }

    /// The queue and options to simulate `input` with these settings. The queue is checked
    /// when it is simulated ([`TimeVaryingQueue::check`]).
    ///
    /// # Errors
    /// As [`Self::handle_time`] and [`Self::patience_for`].
    pub fn queue_and_options(
        &self,
        input: SimulationInput,
    ) -> Result<(TimeVaryingQueue, TimeVaryingOptions), SimulateError> {
        let queue = TimeVaryingQueue {
            interval_s: input.interval_s,
            handle: self.handle_time()?,
            patience: self.patience_for(input.staffing_patience_s)?,
            volume: input.volume,
            aht_s: input.aht_s,
            agents: input.agents,
            answer_within_s: input.answer_within_s,
            day_factor_cv: self.day_factor_cv,
        };
        let options = TimeVaryingOptions {
            seed: self.seed,
            replications: self.replications,
            threads: self.threads,
            max_events: self.max_events,
        };
        Ok((queue, options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patience_defaults_to_the_staffing_model() {
        let s = SimulationSettings::default();
        assert_eq!(s.patience_for(None).unwrap(), Patience::Infinite);
        assert_eq!(
            s.patience_for(Some(120.0)).unwrap(),
            Patience::Exponential { mean_s: 120.0 }
        );
        assert_eq!(s.patience_for(Some(f64::INFINITY)).unwrap(), Patience::Infinite);
        let d = SimulationSettings {
            patience: Some(PatienceKind::Deterministic),
            ..Default::default()
        };
        assert!(d.patience_for(None).is_err());
        assert_eq!(d.patience_for(Some(60.0)).unwrap(), Patience::Deterministic { s: 60.0 });
        let l = SimulationSettings {
            handle: HandleKind::Lognormal,
            ..Default::default()
        };
        assert!(l.handle_time().unwrap_err().to_string().contains("handle_cv"));
        assert!(l.check(None).unwrap_err().to_string().contains("handle_cv"));
        let l = SimulationSettings {
            handle_cv: Some(-1.0),
            ..l
        };
        assert!(l.check(None).unwrap_err().to_string().contains("handle cv"));
        let r = SimulationSettings {
            replications: 1,
            ..Default::default()
        };
        assert!(r.check(None).unwrap_err().to_string().contains("replications"));
        assert!(SimulationSettings::default().check(Some(60.0)).is_ok());
    }
}
