//! Staffing time-varying demand by simulation: the iterative staffing algorithm (ISA) of
//! Feldman, Mandelbaum, Massey & Whitt, "Staffing of time-varying queues to achieve
//! time-stable performance", Management Science 54(2), 2008.
//!
//! Stationary staffing treats each interval as if it were in steady state at its own rate, so
//! under a rising or falling rate the delay swings: the queue lags the rate. The ISA finds
//! staffing under which the probability of delay is close to a target `α` in every interval:
//!
//! 1. start with ample agents in every interval (an infinite-server queue in effect);
//! 2. simulate with the current agents and record, at each interval's midpoint, the
//!    distribution of the number of contacts in the system `L(t)` over the replications;
//! 3. set each interval's agents to the fewest `s` with `P(L(t) ≥ s) ≤ α` (an arrival is delayed
//!    when it finds all `s` agents busy);
//! 4. repeat from 2 until no interval changes by more than one agent (the stopping rule of
//!    Feldman et al.) and those changes do not all go one way (their sum is at most 5% of the
//!    intervals), or `max_iterations`.
//!
//! Every iteration uses the same seed (common random numbers), which damps the jitter of the
//! agents with the noise; it cannot remove it (another staffing changes the sample paths), so
//! consecutive iterations may still differ by one agent here and there. The result reports the delay probability of the final staffing as
//! simulated (the share of each interval's arrivals that had to wait), with confidence
//! intervals.

use super::error::SimulateError;
use super::estimate::Estimate;
use super::time_varying::{simulate_intervals, TimeVaryingOptions, TimeVaryingQueue};

/// What [`staff_by_simulation`] aims for and how hard it tries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IterativeStaffingOptions {
    /// The target probability that an arrival must wait, in (0, 1).
    pub target_p_delay: f64,
    /// Iterations at most (each is one simulation of every replication).
    pub max_iterations: u32,
    /// Replications, seed, threads and event bound of each simulation.
    pub simulation: TimeVaryingOptions,
}

/// The staffing found by simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct IterativeStaffing {
    /// Agents per interval.
    pub agents: Vec<u32>,
    /// Iterations run.
    pub iterations: u32,
    /// Whether the last iteration changed no interval by more than one agent, without a drift
    /// (see the module docs).
    pub converged: bool,
    /// The simulated probability of delay per interval under `agents` (NaN where nobody
    /// arrived in any replication).
    pub p_delay: Vec<Estimate>,
}

/// The ISA (see the module docs): agents per interval so that the simulated probability of
/// delay is close to `options.target_p_delay` in every interval. `queue.agents` is ignored.
///
/// # Errors
/// [`SimulateError::InvalidInput`] for a target outside (0, 1), no iteration allowed, and every
/// error of [`simulate_intervals`].
///
/// # Examples
///
/// A rate that doubles over the day; the staffing follows it:
///
/// ```
/// use wfmkit::simulate::{staff_by_simulation, HandleTime, IterativeStaffingOptions, Patience, TimeVaryingOptions, TimeVaryingQueue};
/// let n = 24;
/// let q = TimeVaryingQueue {
///     interval_s: 900,
///     volume: (0..n).map(|i| 40.0 + 40.0 * i as f64 / n as f64).collect(),
///     aht_s: vec![300.0; n],
///     agents: vec![0; n],
///     handle: HandleTime::Exponential,
///     patience: Patience::Exponential { mean_s: 300.0 },
///     answer_within_s: 20.0,
///     day_factor_cv: 0.0,
/// };
/// let mut sim = TimeVaryingOptions::new(1);
/// sim.replications = 200;
/// let opts = IterativeStaffingOptions { target_p_delay: 0.2, max_iterations: 10, simulation: sim };
/// let r = staff_by_simulation(&q, &opts).unwrap();
/// assert!(r.agents[n - 1] > r.agents[0]);
/// ```
pub fn staff_by_simulation(
    queue: &TimeVaryingQueue,
    options: &IterativeStaffingOptions,
) -> Result<IterativeStaffing, SimulateError> {
    let alpha = options.target_p_delay;
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(SimulateError::InvalidInput {
            name: "target_p_delay (in (0, 1))",
            value: alpha,
        });
    }
    if options.max_iterations == 0 {
        return Err(SimulateError::InvalidInput {
            name: "max_iterations (at least 1)",
            value: 0.0,
        });
    }
    queue.check()?;
    let n = queue.volume.len();
    // Ample agents: the peak load with a wide margin, so that the first simulation is an
    // infinite-server queue in effect.
    let peak = queue
        .volume
        .iter()
        .zip(&queue.aht_s)
        .map(|(v, a)| v * a / queue.interval_s as f64)
        .fold(0.0, f64::max);
    let ample = (3.0 * peak + 10.0 * peak.sqrt() + 20.0).ceil() as u32;
    let mut q = queue.clone();
    q.agents = vec![ample; n];
    let mut iterations = 0;
    let mut converged = false;
    let mut last = simulate_intervals(&q, &options.simulation)?;
    while iterations < options.max_iterations {
        iterations += 1;
        let reps = last.tallies.len();
        let next: Vec<u32> = (0..n)
            .map(|i| {
                let mut l: Vec<u32> = last.tallies.iter().map(|t| t[i].in_system_at_mid).collect();
                l.sort_unstable();
                // The fewest s with #{L ≥ s} ≤ α R: the ⌈(1 − α) R⌉-th smallest plus one, or
                // fewer when ties allow it.
                let allowed = (alpha * reps as f64).floor() as usize;
                // L sorted ascending: #{L ≥ s} ≤ allowed ⇔ s > l[reps − allowed − 1].
                if allowed >= reps {
                    0
                } else {
                    l[reps - allowed - 1] + 1
                }
            })
            .collect();
        // Settled: no interval moves by more than one agent, and the moves are jitter, not a
        // drift (their sum is at most 5% of the intervals either way).
        let drift: i64 = next.iter().zip(&q.agents).map(|(a, b)| *a as i64 - *b as i64).sum();
        let settled = next.iter().zip(&q.agents).all(|(a, b)| a.abs_diff(*b) <= 1)
            && drift.unsigned_abs() as f64 <= 0.05 * n as f64;
        let same = next == q.agents;
        q.agents = next;
        if same {
            converged = true;
            break;
        }
        if settled {
            // Within one agent everywhere (the stopping rule of Feldman et al.): one more
            // simulation scores the staffing returned.
            converged = true;
            last = simulate_intervals(&q, &options.simulation)?;
            break;
        }
        last = simulate_intervals(&q, &options.simulation)?;
    }
    // Per interval: Σ delayed ÷ Σ offered over the replications (the delay probability of an
    // arrival), with the delta-method interval of a ratio estimator: the 95% half-width of the
    // mean of `delayed − p offered`, divided by the mean offered.
    let p_delay = (0..n)
        .map(|i| {
            let d: Vec<f64> = last.tallies.iter().map(|t| t[i].delayed as f64).collect();
            let o: Vec<f64> = last.tallies.iter().map(|t| t[i].offered as f64).collect();
            let (sd, so) = (d.iter().sum::<f64>(), o.iter().sum::<f64>());
            if so <= 0.0 {
                return Estimate {
                    mean: f64::NAN,
                    half_width: f64::INFINITY,
                };
            }
            let p = sd / so;
            let resid: Vec<f64> = d.iter().zip(&o).map(|(d, o)| d - p * o).collect();
            let e = Estimate::from_replications(&resid);
            Estimate {
                mean: p,
                half_width: e.half_width / (so / o.len() as f64),
            }
        })
        .collect();
    Ok(IterativeStaffing {
        agents: q.agents,
        iterations,
        converged,
        p_delay,
    })
}
