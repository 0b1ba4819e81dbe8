//! Seeded discrete-event simulation of one stationary M/M/n+M interval.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::error::SimulateError;
use super::estimate::Estimate;

/// A stationary M/M/n+M queue: Poisson arrivals, exponential handle times, exponential
/// patience, `agents` servers, first come first served.
///
/// # Examples
/// ```
/// use wfmkit::simulate::MmnPlusM;
/// let q = MmnPlusM::try_new(100.0, 180.0, 1800.0, 12, 120.0, 20.0).unwrap();
/// assert_eq!(q.load_erlangs(), 10.0);
/// assert!(MmnPlusM::try_new(100.0, 180.0, 1800.0, 12, -1.0, 20.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MmnPlusM {
    arrival_rate: f64,
    aht_s: f64,
    agents: u32,
    patience_s: f64,
    answer_within_s: f64,
}

impl MmnPlusM {
    /// `volume` contacts per `interval_s` seconds, mean handle time `aht_s`, `agents` servers,
    /// mean patience `patience_s` (`f64::INFINITY`: nobody abandons; 0: a contact that finds every
    /// agent busy leaves at once), service level threshold `answer_within_s`.
    ///
    /// # Errors
    /// [`SimulateError::InvalidInput`] if `volume`, `answer_within_s` are not finite and >= 0,
    /// `aht_s` or `interval_s` not finite and > 0, or `patience_s` is NaN or negative;
    /// [`SimulateError::NeverServed`] for zero agents with infinite patience (no contact would
    /// ever leave).
    pub fn try_new(
        volume: f64,
        aht_s: f64,
        interval_s: f64,
        agents: u32,
        patience_s: f64,
        answer_within_s: f64,
    ) -> Result<Self, SimulateError> {
        let bad = |name: &'static str, value: f64| Err(SimulateError::InvalidInput { name, value });
        if !(volume.is_finite() && volume >= 0.0) {
            return bad("volume", volume);
        }
        if !(aht_s.is_finite() && aht_s > 0.0) {
            return bad("aht_s", aht_s);
        }
        if !(interval_s.is_finite() && interval_s > 0.0) {
            return bad("interval_s", interval_s);
        }
        if patience_s.is_nan() || patience_s < 0.0 {
            return bad("patience_s", patience_s);
        }
        if !(answer_within_s.is_finite() && answer_within_s >= 0.0) {
            return bad("answer_within_s", answer_within_s);
        }
        if agents == 0 && patience_s == f64::INFINITY && volume > 0.0 {
            return Err(SimulateError::NeverServed);
        }
        Ok(Self {
            arrival_rate: volume / interval_s,
            aht_s,
            agents,
            patience_s,
            answer_within_s,
        })
    }

    /// Offered load in Erlangs.
    pub fn load_erlangs(&self) -> f64 {
        self.arrival_rate * self.aht_s
    }
}

/// How long and how often to simulate.
///
/// Each replication starts empty, runs `warmup_s` unobserved, then observes every contact that
/// arrives during `horizon_s` until it is answered or abandons. Replications are independent
/// and all drawn from one `StdRng` seeded with `seed`, so results are reproducible bit for bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimulationOptions {
    /// Seed of the random number generator.
    pub seed: u64,
    /// Independent replications (at least 2, for a confidence interval).
    pub replications: u32,
    /// Expected contacts observed per replication; sets the horizon.
    pub contacts_per_replication: f64,
    /// Unobserved start-up time per replication, in multiples of `aht_s + min(patience, 10 aht_s)`.
    pub warmup_cycles: f64,
}

impl SimulationOptions {
    /// 20 replications of 20,000 contacts each, 20 warm-up cycles.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            replications: 20,
            contacts_per_replication: 20_000.0,
            warmup_cycles: 20.0,
        }
    }

    /// Sets the number of replications.
    #[must_use]
    pub fn with_replications(mut self, replications: u32) -> Self {
        self.replications = replications;
        self
    }

    /// Sets the expected number of observed contacts per replication.
    #[must_use]
    pub fn with_contacts_per_replication(mut self, contacts: f64) -> Self {
        self.contacts_per_replication = contacts;
        self
    }
}

/// Simulation estimates, each the mean over replications with a 95% confidence interval.
///
/// Definitions match [`crate::staffing::erlang_a`]: `service_level_offered` is answered within t /
/// offered, `service_level_answered` is answered within t / answered, `service_level_virtual` is
/// P(virtual wait <= t), where the virtual wait of a contact that abandons is the time at which
/// it would have reached an agent had it stayed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimulationResult {
    /// Probability of finding every agent busy.
    pub p_wait: Estimate,
    /// Probability of abandoning.
    pub p_abandon: Estimate,
    /// Answered within t / offered.
    pub service_level_offered: Estimate,
    /// Answered within t / answered.
    pub service_level_answered: Estimate,
    /// P(virtual wait <= t).
    pub service_level_virtual: Estimate,
    /// Mean wait of answered contacts, seconds.
    pub asa_s: Estimate,
    /// Mean wait of all contacts (time to answer or to abandon), seconds.
    pub mean_wait_all_s: Estimate,
    /// Busy agent time / (agents × observed time).
    pub occupancy: Estimate,
    /// Contacts observed over all replications.
    pub contacts: u64,
}

/// Exponential variate with the given mean (`inf` gives `inf`, 0 gives 0).
fn exp_sample(rng: &mut StdRng, mean: f64) -> f64 {
    if mean == f64::INFINITY {
        return f64::INFINITY;
    }
    // 1 - u is in (0, 1], so the log is finite.
    let u: f64 = rng.random();
    -mean * (1.0 - u).ln()
}

/// A waiting contact; abandonment is applied lazily when the contact reaches the head.
struct Waiting {
    arrival: f64,
    abandon_at: f64,
    observed: bool,
}

#[derive(Default)]
struct Tally {
    arrivals: f64,
    waited: f64,
    abandoned: f64,
    answered: f64,
    answered_within: f64,
    virtual_within: f64,
    wait_answered: f64,
    wait_all: f64,
    busy_time: f64,
}

/// Non-negative times as ordered heap keys (the bit pattern of a non-negative `f64` orders like
/// the number).
fn key(t: f64) -> Reverse<u64> {
    Reverse(t.to_bits())
}

fn run_replication(q: &MmnPlusM, rng: &mut StdRng, warmup: f64, horizon: f64) -> Tally {
    let mut tally = Tally::default();
    let (start, end) = (warmup, warmup + horizon);
    let t_sl = q.answer_within_s;
    let mut completions: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut queue: VecDeque<Waiting> = VecDeque::new();
    let mut now = 0.0;
    let mut next_arrival = if q.arrival_rate > 0.0 {
        exp_sample(rng, 1.0 / q.arrival_rate)
    } else {
        f64::INFINITY
    };
    let mut busy: u32 = 0;
    let mut unresolved_observed: u64 = 0;
    loop {
        let next_completion = completions
            .peek()
            .map_or(f64::INFINITY, |Reverse(b)| f64::from_bits(*b));
        let arrivals_open = next_arrival <= end;
        if !arrivals_open && unresolved_observed == 0 && next_completion > end {
            // Nothing left to observe: account busy time to the end of the window and stop.
            if now < end {
                tally.busy_time += f64::from(busy) * (end - now.max(start));
            }
            break;
        }
        let t_next = if arrivals_open {
            next_arrival.min(next_completion)
        } else {
            next_completion
        };
        if t_next == f64::INFINITY {
            // No agent (only possible with finite patience): everyone left has abandoned.
            for w in queue.drain(..) {
                if w.observed {
                    tally.abandoned += 1.0;
                    tally.wait_all += w.abandon_at - w.arrival;
                }
            }
            if now < end {
                tally.busy_time += f64::from(busy) * (end - now.max(start));
            }
            break;
        }
        // Busy time inside the observation window.
        let (a, b) = (now.max(start), t_next.min(end));
        if b > a {
            tally.busy_time += f64::from(busy) * (b - a);
        }
        now = t_next;
        if arrivals_open && next_arrival <= next_completion {
            let observed = now >= start;
            if observed {
                tally.arrivals += 1.0;
            }
            if busy < q.agents {
                busy += 1;
                completions.push(key(now + exp_sample(rng, q.aht_s)));
                if observed {
                    tally.answered += 1.0;
                    tally.answered_within += 1.0;
                    tally.virtual_within += 1.0;
                }
            } else {
                let patience = exp_sample(rng, q.patience_s);
                if observed {
                    tally.waited += 1.0;
                    unresolved_observed += 1;
                }
                queue.push_back(Waiting {
                    arrival: now,
                    abandon_at: now + patience,
                    observed,
                });
            }
            next_arrival = now + exp_sample(rng, 1.0 / q.arrival_rate);
        } else {
            completions.pop();
            busy -= 1;
            // Hand the freed agent to the first contact that is still waiting. Contacts that
            // abandoned earlier reach the head now: this completion is their virtual service
            // start (had they stayed, they would have been answered now).
            while let Some(w) = queue.pop_front() {
                let waited = now - w.arrival;
                if w.abandon_at < now {
                    if w.observed {
                        unresolved_observed -= 1;
                        tally.abandoned += 1.0;
                        tally.wait_all += w.abandon_at - w.arrival;
                        if waited <= t_sl {
                            tally.virtual_within += 1.0;
                        }
                    }
                    continue;
                }
                busy += 1;
                completions.push(key(now + exp_sample(rng, q.aht_s)));
                if w.observed {
                    unresolved_observed -= 1;
                    tally.answered += 1.0;
                    tally.wait_answered += waited;
                    tally.wait_all += waited;
                    if waited <= t_sl {
                        tally.answered_within += 1.0;
                        tally.virtual_within += 1.0;
                    }
                }
                break;
            }
        }
    }
    tally
}

/// Simulates `queue` and estimates every Erlang A metric with a 95% confidence interval from
/// independent replications (Student t over the replication means).
///
/// # Errors
/// [`SimulateError::InvalidInput`] if `replications < 2` or `contacts_per_replication` or
/// `warmup_cycles` is not finite and positive (warm-up may be 0); [`SimulateError::NoTraffic`]
/// if nothing is offered.
///
/// # Examples
/// ```
/// use wfmkit::simulate::{simulate, MmnPlusM, SimulationOptions};
/// let q = MmnPlusM::try_new(100.0, 180.0, 1800.0, 12, 120.0, 20.0).unwrap();
/// let opts = SimulationOptions::new(7).with_replications(5).with_contacts_per_replication(2000.0);
/// let r = simulate(&q, &opts).unwrap();
/// assert!(r.p_abandon.mean > 0.0 && r.p_abandon.mean < 0.2);
/// assert_eq!(r, simulate(&q, &opts).unwrap()); // same seed, same result
/// ```
pub fn simulate(queue: &MmnPlusM, opts: &SimulationOptions) -> Result<SimulationResult, SimulateError> {
    if opts.replications < 2 {
        return Err(SimulateError::InvalidInput {
            name: "replications",
            value: f64::from(opts.replications),
        });
    }
    if !(opts.contacts_per_replication.is_finite() && opts.contacts_per_replication > 0.0) {
        return Err(SimulateError::InvalidInput {
            name: "contacts_per_replication",
            value: opts.contacts_per_replication,
        });
    }
    if !(opts.warmup_cycles.is_finite() && opts.warmup_cycles >= 0.0) {
        return Err(SimulateError::InvalidInput {
            name: "warmup_cycles",
            value: opts.warmup_cycles,
        });
    }
    if queue.arrival_rate.is_nan() || queue.arrival_rate <= 0.0 {
        return Err(SimulateError::NoTraffic);
    }
    let horizon = opts.contacts_per_replication / queue.arrival_rate;
    let cycle = queue.aht_s + queue.patience_s.min(10.0 * queue.aht_s);
    let warmup = opts.warmup_cycles * cycle;
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let r = opts.replications as usize;
    let mut cols: [Vec<f64>; 8] = Default::default();
    let mut contacts = 0u64;
    for _ in 0..r {
        let t = run_replication(queue, &mut rng, warmup, horizon);
        contacts += t.arrivals as u64;
        let per = |num: f64, den: f64| if den > 0.0 { num / den } else { 0.0 };
        let values = [
            per(t.waited, t.arrivals),
            per(t.abandoned, t.arrivals),
            per(t.answered_within, t.arrivals),
            per(t.answered_within, t.answered),
            per(t.virtual_within, t.arrivals),
            per(t.wait_answered, t.answered),
            per(t.wait_all, t.arrivals),
            per(t.busy_time, f64::from(queue.agents) * horizon),
        ];
        for (col, v) in cols.iter_mut().zip(values) {
            col.push(v);
        }
    }
    let e = |i: usize| Estimate::from_replications(&cols[i]);
    Ok(SimulationResult {
        p_wait: e(0),
        p_abandon: e(1),
        service_level_offered: e(2),
        service_level_answered: e(3),
        service_level_virtual: e(4),
        asa_s: e(5),
        mean_wait_all_s: e(6),
        occupancy: e(7),
        contacts,
    })
}
