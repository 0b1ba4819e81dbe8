//! The simulated evaluation: the service the agents on duty give in a discrete-event
//! simulation of the whole horizon, beside the Erlang projection.

use std::time::Instant;

use chrono::NaiveDateTime;

use super::erlang::net_agents;
use super::{on_duty_at, EvaluationError, Workload};
use crate::simulate::{simulate_intervals, IntervalEstimates, SimulateError, SimulationInput, SimulationSettings};
use crate::staffing::{SlDefinition, StaffingOptions};

/// What a simulation of a plan (or roster) on its workload gives, one row per workload row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SimulatedEvaluation {
    /// The settings simulated (seed, replications, distributions).
    pub settings: SimulationSettings,
    /// Agents simulated per interval: the agents on duty net of the staffing's shrinkage,
    /// `⌊on_duty × (1 − shrinkage)⌋`, as in the Erlang projection.
    pub net_agents: Vec<u32>,
    /// The service-level definition of [`Self::service_level`].
    pub sl_definition: SlDefinition,
    /// Estimates per interval, with 95% confidence intervals over the replications.
    pub intervals: Vec<IntervalEstimates>,
    /// Over the whole horizon.
    pub total: IntervalEstimates,
    /// Events simulated, summed over replications.
    pub events: u64,
    /// Wall time of the simulation in seconds.
    pub seconds: f64,
}

impl SimulatedEvaluation {
    /// The simulated service level of interval `i` in the staffing's definition: answered
    /// within the threshold ÷ offered (`offered`, and `virtual`, which a simulation of real
    /// waits does not give: with no abandonment the three agree) or ÷ answered (`answered`).
    pub fn service_level(&self, i: usize) -> crate::simulate::Estimate {
        let e = &self.intervals[i];
        match self.sl_definition {
            SlDefinition::Answered => e.sl_answered,
            _ => e.sl_offered,
        }
    }
}

/// Simulates the agents on duty per interval of a grid (`grid[i]` has `on_duty[i]` agents, each
/// interval `interval_s` long) on `workload`, with the threshold, shrinkage, service-level
/// definition and (by default) patience of `staffing`, and the distributions, replications and
/// seed of `settings`. The queue carries over from one workload row to the next, so the rows
/// must be consecutive intervals (as a forecast's are).
///
/// # Errors
/// [`EvaluationError::NotInPlan`] for a workload interval outside the grid;
/// [`EvaluationError::Staffing`] for a bad shrinkage; [`EvaluationError::Simulate`] for bad
/// settings or workload (naming the field), or a replication over `settings.max_events`.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::evaluation::{simulate_on_duty, Workload};
/// use wfmkit::simulate::SimulationSettings;
/// use wfmkit::staffing::StaffingOptions;
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
/// let grid: Vec<_> = (0..4).map(|i| t0 + chrono::Duration::minutes(30 * i)).collect();
/// let w = Workload { timestamps: &grid, volume: &[100.0; 4], aht_s: &[180.0; 4] };
/// let settings = SimulationSettings { replications: 200, seed: 1, ..Default::default() };
/// let staffing = StaffingOptions { service_level: Some(0.8), ..Default::default() };
/// let e = simulate_on_duty(&grid, &[14; 4], 1800, w, &settings, &staffing).unwrap();
/// // 14 agents on 10 Erlangs: Erlang C gives 88.8% within 20 s in steady state.
/// assert!((e.service_level(3).mean - 0.888).abs() < 0.05);
/// ```
pub fn simulate_on_duty(
    grid: &[NaiveDateTime],
    on_duty: &[u32],
    interval_s: u32,
    workload: Workload<'_>,
    settings: &SimulationSettings,
    staffing: &StaffingOptions,
) -> Result<SimulatedEvaluation, EvaluationError> {
    let on_duty = on_duty_at(grid, on_duty, workload.timestamps)?;
    let net_agents = net_agents(&on_duty, staffing.shrinkage)?;
    let (queue, options) = settings.queue_and_options(SimulationInput {
        interval_s,
        volume: workload.volume.to_vec(),
        aht_s: workload.aht_s.to_vec(),
        agents: net_agents.clone(),
        answer_within_s: staffing.answer_within_s,
        staffing_patience_s: staffing.patience_s,
    })?;
    let started = Instant::now();
    let r = simulate_intervals(&queue, &options)?;
    Ok(SimulatedEvaluation {
        settings: settings.clone(),
        net_agents,
        sl_definition: staffing.sl_definition,
        intervals: r.intervals,
        total: r.total,
        events: r.events,
        seconds: started.elapsed().as_secs_f64(),
    })
}

impl From<SimulateError> for EvaluationError {
    fn from(e: SimulateError) -> Self {
        EvaluationError::Simulate(e)
    }
}
