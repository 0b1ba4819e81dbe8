//! Staffing time-varying demand by simulation: the iterative staffing algorithm (ISA) of
//! Feldman, Mandelbaum, Massey & Whitt, "Staffing of time-varying queues to achieve
//! time-stable performance", Management Science 54(2), 2008.
//!
//! Stationary staffing treats each interval as if it were in steady state at its own rate, so
//! under a rising or falling rate the delay swings: the queue lags the rate. The ISA finds
//! staffing under which the probability of delay is close to a target `α` in every interval:
//!
//! 1. start with ample agents in every interval (an infinite-server queue in effect), or from
//!    a given staffing (e.g. Erlang's, [`IterativeStaffingOptions::start_from_queue`]);
//! 2. simulate with the current agents and record, at each interval's midpoint, the
//!    distribution of the number of contacts in the system `L(t)` over the replications;
//! 3. set each interval's agents to the fewest `s` with `P(L(t) ≥ s) ≤ α` (an arrival is delayed
//!    when it finds all `s` agents busy), or, for a service-level target `x` within `T` seconds,
//!    the fewest `s` with `E[g(L(t), s)] ≥ x`, where `g(l, s)` is the probability that an arrival
//!    finding `l` contacts in the system waits at most `T`: 1 when `l < s`, else the probability
//!    that the `s` busy agents finish `l − s + 1` contacts within `T`, `P(Poisson(s T / AHT) ≥
//!    l − s + 1)` (exact for exponential handle times and first come, first served; abandonment
//!    ahead in the queue only shortens the wait, so it errs on the safe side); with both targets,
//!    the larger;
//! 4. repeat from 2 until no interval changes by more than one agent (the stopping rule of
//!    Feldman et al.) and those changes do not all go one way (their sum is at most 5% of the
//!    intervals), or `max_iterations`. With a service-level target each interval moves only
//!    half way (rounded up) to the rule's staffing: the rule credits the agents with the
//!    contacts they finish within the threshold, so from an infinite-server sample it asks for
//!    too few agents near full load (the queue then builds), and from that queue's sample for
//!    too many; undamped, it swings between the two.
//!
//! Every iteration uses the same seed (common random numbers), which damps the jitter of the
//! agents with the noise; it cannot remove it (another staffing changes the sample paths), so
//! consecutive iterations may still differ by one agent here and there. The result reports the delay probability of the final staffing as
//! simulated (the share of each interval's arrivals that had to wait), with confidence
//! intervals.

use super::error::SimulateError;
use super::estimate::Estimate;
use super::time_varying::{simulate_intervals, IntervalEstimates, IntervalTally, TimeVaryingOptions, TimeVaryingQueue};

/// What [`staff_by_simulation`] aims for and how hard it tries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IterativeStaffingOptions {
    /// The target probability that an arrival must wait, in (0, 1).
    pub target_p_delay: Option<f64>,
    /// The target share of arrivals answered within the queue's `answer_within_s`, in (0, 1).
    pub target_service_level: Option<f64>,
    /// Start from `queue.agents` (e.g. the stationary Erlang staffing) instead of ample agents.
    pub start_from_queue: bool,
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
    /// The simulated share answered within `answer_within_s` per interval under `agents`:
    /// Σ answered within ÷ Σ offered over the replications (NaN where nobody arrived).
    pub service_level: Vec<Estimate>,
    /// Every estimate of the final simulation per interval (ASA, abandonment, occupancy, ...).
    pub intervals: Vec<IntervalEstimates>,
}

/// The ISA (see the module docs): agents per interval so that the simulated probability of
/// delay is close to `options.target_p_delay`, and the service level at least
/// `options.target_service_level`, in every interval. `queue.agents` is the start with
/// `options.start_from_queue`, else ignored.
///
/// # Errors
/// [`SimulateError::InvalidInput`] for a target outside (0, 1), no target, no iteration
/// allowed, and every error of [`simulate_intervals`].
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
/// let opts = IterativeStaffingOptions {
///     target_p_delay: Some(0.2),
///     target_service_level: None,
///     start_from_queue: false,
///     max_iterations: 10,
///     simulation: sim,
/// };
/// let r = staff_by_simulation(&q, &opts).unwrap();
/// assert!(r.agents[n - 1] > r.agents[0]);
/// ```
pub fn staff_by_simulation(
    queue: &TimeVaryingQueue,
    options: &IterativeStaffingOptions,
) -> Result<IterativeStaffing, SimulateError> {
    for (name, target) in [
        ("target_p_delay (in (0, 1))", options.target_p_delay),
        ("target_service_level (in (0, 1))", options.target_service_level),
    ] {
        if let Some(x) = target.filter(|x| !(*x > 0.0 && *x < 1.0)) {
            return Err(SimulateError::InvalidInput { name, value: x });
        }
    }
    if options.target_p_delay.is_none() && options.target_service_level.is_none() {
        return Err(SimulateError::InvalidInput {
            name: "target_p_delay or target_service_level (neither is set)",
            value: f64::NAN,
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
    let mut q = queue.clone();
    if !options.start_from_queue {
        // Ample agents: the peak load with a wide margin, so that the first simulation is an
        // infinite-server queue in effect.
        let peak = queue
            .volume
            .iter()
            .zip(&queue.aht_s)
            .map(|(v, a)| v * a / queue.interval_s as f64)
            .fold(0.0, f64::max);
        let ample = (3.0 * peak + 10.0 * peak.sqrt() + 20.0).ceil() as u32;
        q.agents = vec![ample; n];
    }
    // The AHT that prices an interval's service-level rule where nothing arrives in it (its
    // contacts in the system arrived earlier): the mean of the positive AHTs.
    let positive: Vec<f64> = queue.aht_s.iter().copied().filter(|a| *a > 0.0).collect();
    let fallback_aht = positive.iter().sum::<f64>() / positive.len().max(1) as f64;
    let damped = options.target_service_level.is_some();
    let mut iterations = 0;
    let mut converged = false;
    let mut last = simulate_intervals(&q, &options.simulation)?;
    while iterations < options.max_iterations {
        iterations += 1;
        let reps = last.tallies.len();
        let proposed: Vec<u32> = (0..n)
            .map(|i| {
                let mut l: Vec<u32> = last.tallies.iter().map(|t| t[i].in_system_at_mid).collect();
                l.sort_unstable();
                let mut s = 0;
                if let Some(alpha) = options.target_p_delay {
                    // The fewest s with #{L ≥ s} ≤ α R: with L sorted ascending,
                    // #{L ≥ s} ≤ allowed ⇔ s > l[R − allowed − 1].
                    let allowed = (alpha * reps as f64).floor() as usize;
                    if allowed < reps {
                        s = s.max(l[reps - allowed - 1] + 1);
                    }
                }
                if let Some(x) = options.target_service_level {
                    let aht = if queue.aht_s[i] > 0.0 {
                        queue.aht_s[i]
                    } else {
                        fallback_aht
                    };
                    s = s.max(fewest_for_service_level(&l, x, queue.answer_within_s / aht));
                }
                s
            })
            .collect();
        // Settled: no interval moves by more than one agent, and the moves are jitter, not a
        // drift (their sum is at most 5% of the intervals either way).
        let drift: i64 = proposed.iter().zip(&q.agents).map(|(a, b)| *a as i64 - *b as i64).sum();
        let settled = proposed.iter().zip(&q.agents).all(|(a, b)| a.abs_diff(*b) <= 1)
            && drift.unsigned_abs() as f64 <= 0.05 * n as f64;
        let same = proposed == q.agents;
        q.agents = if settled || !damped {
            proposed
        } else {
            // Half way (rounded up): the service-level rule credits the agents with the work
            // they finish within the threshold, so near full load it swings between too few
            // (the queue then builds) and too many; halving each move settles it.
            proposed
                .iter()
                .zip(&q.agents)
                .map(|(p, c)| (p + c).div_ceil(2))
                .collect()
        };
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
    let p_delay = (0..n)
        .map(|i| ratio(&last.tallies, i, |t| t.delayed as f64, |t| t.offered as f64))
        .collect();
    let service_level = (0..n)
        .map(|i| ratio(&last.tallies, i, |t| t.answered_within as f64, |t| t.offered as f64))
        .collect();
    Ok(IterativeStaffing {
        agents: q.agents,
        iterations,
        converged,
        p_delay,
        service_level,
        intervals: last.intervals,
    })
}

/// Per interval `i`: Σ num ÷ Σ den over the replications (e.g. the delay probability of an
/// arrival), with the delta-method interval of a ratio estimator: the 95% half-width of the
/// mean of `num − p den`, divided by the mean `den`. NaN (with an infinite half-width) when
/// the denominator is 0 in every replication.
fn ratio(
    tallies: &[Vec<IntervalTally>],
    i: usize,
    num: impl Fn(&IntervalTally) -> f64,
    den: impl Fn(&IntervalTally) -> f64,
) -> Estimate {
    let d: Vec<f64> = tallies.iter().map(|t| num(&t[i])).collect();
    let o: Vec<f64> = tallies.iter().map(|t| den(&t[i])).collect();
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
}

/// The fewest agents `s` whose predicted service level, the mean over the sampled numbers in
/// the system `l` (sorted ascending) of `g(l, s)` (see the module docs), is at least `target`;
/// `t_over_aht` is the threshold over the mean handle time. The prediction rises with `s` and
/// is 1 above the largest `l`, so a bisection finds it.
fn fewest_for_service_level(l: &[u32], target: f64, t_over_aht: f64) -> u32 {
    let Some(&max) = l.last() else { return 0 };
    let predicted = |s: u32| -> f64 {
        let total: f64 = l
            .iter()
            .map(|&k| {
                if k < s {
                    1.0
                } else {
                    poisson_at_least(s as f64 * t_over_aht, k - s + 1)
                }
            })
            .sum();
        total / l.len() as f64
    };
    let (mut lo, mut hi) = (0, max + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if predicted(mid) >= target {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// P(Poisson(m) ≥ k), as 1 − the mass below k (summed term by term).
fn poisson_at_least(m: f64, k: u32) -> f64 {
    if m <= 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    let mut term = (-m).exp();
    let mut below = 0.0;
    for j in 0..k {
        below += term;
        term *= m / (j + 1) as f64;
        if below >= 1.0 {
            return 0.0;
        }
    }
    (1.0 - below).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_level_rule_matches_erlang_c_on_its_own_distribution() {
        // Erlang C, 14 agents on 10 Erlangs (100 calls in 30 min, AHT 180 s): sampling L from
        // its stationary distribution and applying the rule must give back 14 agents for the
        // service level Erlang C gives at 14 (0.8884), and 15 for a hair more. Exact stationary
        // M/M/s probabilities: p_l ∝ A^l / l! for l < s, A^s/s! (A/s)^(l−s) above.
        let (a, s) = (10.0f64, 14u32);
        let mut p: Vec<f64> = Vec::new();
        let mut w = 1.0;
        for l in 0..400u32 {
            if l > 0 {
                w *= if l <= s { a / l as f64 } else { a / s as f64 };
            }
            p.push(w);
        }
        let z: f64 = p.iter().sum();
        // A large sample with the exact proportions (quantiles of the distribution).
        let n = 200_000usize;
        let mut sample = Vec::with_capacity(n);
        let mut cum = 0.0;
        for (l, pl) in p.iter().enumerate() {
            let next = cum + pl / z;
            let count = ((next * n as f64).round() - (cum * n as f64).round()) as usize;
            sample.extend(std::iter::repeat_n(l as u32, count));
            cum = next;
        }
        // Erlang C's service level at 14 agents: 1 − C e^{−(s − A) T / AHT}, C from Erlang B.
        let mut b = 1.0;
        for k in 1..=s {
            b = a * b / (k as f64 + a * b);
        }
        let c = s as f64 * b / (s as f64 - a * (1.0 - b));
        let sl = 1.0 - c * (-(s as f64 - a) * 20.0 / 180.0).exp();
        assert!((sl - 0.88835).abs() < 5e-5, "{sl}"); // the published example (README)
        assert_eq!(fewest_for_service_level(&sample, sl - 1e-4, 20.0 / 180.0), 14);
        assert_eq!(fewest_for_service_level(&sample, sl + 1e-3, 20.0 / 180.0), 15);
        assert!((poisson_at_least(3.0, 2) - (1.0 - 4.0 * (-3.0f64).exp())).abs() < 1e-15);
    }
}
