//! Seeded discrete-event simulation of a queue over consecutive intervals with their own
//! arrivals, handle times and agents: the published schedule's day, as it will run.
//!
//! # Model
//!
//! - **Arrivals:** a non-homogeneous Poisson process, piecewise constant at `volume[i] ÷
//!   interval_s` in interval `i`; optionally doubly stochastic: each day of each replication
//!   multiplies its rates by a gamma factor of mean 1 and the given coefficient of variation (a
//!   negative-binomial day total, the forecast's own uncertainty).
//! - **Handle times** ([`HandleTime`]): exponential, lognormal with a coefficient of variation,
//!   or an empirical sample scaled to the mean, with the mean `aht_s[i]` of the contact's
//!   arrival interval.
//! - **Patience** ([`Patience`]): none, exponential or deterministic; a contact that has waited
//!   its patience abandons.
//! - **Agents:** `agents[i]` on duty in interval `i`. An agent whose shift ends mid-call
//!   finishes the call (so more agents may be busy than are on duty for a while); a free agent
//!   on duty takes the longest-waiting contact (first come, first served). The queue carries
//!   over from one interval to the next and across midnight.
//! - **End:** the simulation stops at the end of the last interval; a contact still waiting
//!   then is counted as waiting, so `offered = answered + abandoned + waiting` in every
//!   replication.
//!
//! Statistics are per arrival interval (the industry convention): offered, answered, abandoned,
//! answered within `answer_within_s`, abandoned within it, the waits of the answered; and per
//! interval of time: the agents' busy seconds (occupancy) and the number busy at the interval's
//! end. Service level in all three definitions (see [`IntervalEstimates`]).
//!
//! # Randomness and threads
//!
//! Replication `r` draws from its own generator (rand's `SmallRng`, Xoshiro256++: several times
//! faster than the cryptographic `StdRng`, and enough for simulation) seeded from `(seed, r)`,
//! so the results are the same bit for bit for any number of threads. Replications run on
//! `threads` threads. `SmallRng` is not promised to stay the same algorithm across rand
//! versions, so a rand upgrade may change the draws (never their distribution).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand::rngs::SmallRng as StdRng;
use rand::{Rng, SeedableRng};

use super::error::SimulateError;
use super::estimate::Estimate;

/// The distribution of handle times around each interval's mean AHT.
#[derive(Debug, Clone, PartialEq)]
pub enum HandleTime {
    /// Exponential.
    Exponential,
    /// Lognormal with this coefficient of variation (standard deviation ÷ mean, > 0).
    LogNormal {
        /// Coefficient of variation.
        cv: f64,
    },
    /// Draws from this sample (seconds, each > 0), scaled so that its mean is the interval's AHT.
    Empirical(Vec<f64>),
}

/// How long a waiting contact stays before it abandons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Patience {
    /// Nobody abandons.
    Infinite,
    /// Exponential with this mean, in seconds (0: a contact that must wait leaves at once).
    Exponential {
        /// Mean patience in seconds.
        mean_s: f64,
    },
    /// Exactly this many seconds.
    Deterministic {
        /// Patience in seconds.
        s: f64,
    },
}

/// A queue over consecutive intervals: what to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeVaryingQueue {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Expected contacts per interval.
    pub volume: Vec<f64>,
    /// Mean handle time per interval, seconds (of contacts arriving in it).
    pub aht_s: Vec<f64>,
    /// Agents on duty per interval.
    pub agents: Vec<u32>,
    /// Handle-time distribution.
    pub handle: HandleTime,
    /// Patience distribution.
    pub patience: Patience,
    /// The service-level threshold, seconds.
    pub answer_within_s: f64,
    /// Coefficient of variation of a gamma day-level rate factor (0: plain Poisson arrivals).
    pub day_factor_cv: f64,
}

/// How many replications, with which seed, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeVaryingOptions {
    /// Seed.
    pub seed: u64,
    /// Replications (at least 2).
    pub replications: u32,
    /// Threads (0: all cores). The results do not depend on it.
    pub threads: usize,
    /// The most events one replication may simulate; a replication that would need more is an
    /// error (so that no input can hang the simulation).
    pub max_events: u64,
}

impl TimeVaryingOptions {
    /// 1,000 replications on all cores, at most 100 million events per replication.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            replications: 1000,
            threads: 0,
            max_events: 100_000_000,
        }
    }
}

/// Counts of one replication in one interval.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IntervalTally {
    /// Contacts that arrived.
    pub offered: u64,
    /// Of those, answered (before the end).
    pub answered: u64,
    /// Of those, abandoned.
    pub abandoned: u64,
    /// Of those, still waiting at the end of the horizon.
    pub waiting: u64,
    /// Answered within the threshold.
    pub answered_within: u64,
    /// Abandoned within the threshold ("short abandons").
    pub abandoned_within: u64,
    /// Sum of the waits of the answered contacts, seconds.
    pub wait_answered_s: f64,
    /// Agent-seconds busy in the interval.
    pub busy_s: f64,
    /// Agents busy at the interval's end.
    pub busy_at_end: u32,
    /// Contacts that arrived in the interval and had to wait (found no free agent on duty).
    pub delayed: u64,
    /// Contacts in the system (in service or waiting) at the interval's midpoint.
    pub in_system_at_mid: u32,
}

/// Estimates over replications for one interval (or one day, or the whole horizon).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntervalEstimates {
    /// Contacts offered.
    pub offered: Estimate,
    /// Contacts answered.
    pub answered: Estimate,
    /// Contacts abandoned.
    pub abandoned: Estimate,
    /// Answered within the threshold ÷ answered.
    pub sl_answered: Estimate,
    /// Answered within the threshold ÷ offered.
    pub sl_offered: Estimate,
    /// Answered within the threshold ÷ (offered − abandoned within it).
    pub sl_excluding_short_abandons: Estimate,
    /// Mean wait of the answered, seconds.
    pub asa_s: Estimate,
    /// Abandoned ÷ offered.
    pub abandon_rate: Estimate,
    /// Busy agent-seconds ÷ on-duty agent-seconds (NaN with no agent on duty).
    pub occupancy: Estimate,
}

/// The result: estimates per interval, per day and over the horizon, and every replication's
/// counts (for plots and checks).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeVaryingResult {
    /// Per interval.
    pub intervals: Vec<IntervalEstimates>,
    /// Per day (`86_400 ÷ interval_s` intervals each; a last partial day is a day).
    pub days: Vec<IntervalEstimates>,
    /// Over the whole horizon.
    pub total: IntervalEstimates,
    /// `tallies[r][i]`: replication `r`, interval `i`.
    pub tallies: Vec<Vec<IntervalTally>>,
    /// Events simulated, summed over replications.
    pub events: u64,
}

impl TimeVaryingQueue {
    /// Checks the inputs.
    ///
    /// # Errors
    /// [`SimulateError::InvalidInput`] naming the field (with the interval's index in the name's
    /// value where it is per interval): lengths that differ or are 0, a volume or AHT that is not
    /// finite and ≥ 0 (AHT > 0 where volume > 0), a CV ≤ 0, an empty or non-positive empirical
    /// sample, a negative patience or threshold, a day factor CV < 0.
    pub fn check(&self) -> Result<(), SimulateError> {
        let bad = |name: &'static str, value: f64| Err(SimulateError::InvalidInput { name, value });
        let n = self.volume.len();
        if n == 0 {
            return bad("volume (no interval)", 0.0);
        }
        if self.interval_s == 0 {
            return bad("interval_s", 0.0);
        }
        if self.aht_s.len() != n {
            return bad("aht_s (length differs from volume)", self.aht_s.len() as f64);
        }
        if self.agents.len() != n {
            return bad("agents (length differs from volume)", self.agents.len() as f64);
        }
        for (i, (&v, &a)) in self.volume.iter().zip(&self.aht_s).enumerate() {
            if !(v.is_finite() && v >= 0.0) {
                return bad("volume (at the interval in `value`)", i as f64);
            }
            if !(a.is_finite() && a >= 0.0) || (v > 0.0 && a <= 0.0) {
                return bad("aht_s (at the interval in `value`)", i as f64);
            }
        }
        match &self.handle {
            HandleTime::Exponential => {}
            HandleTime::LogNormal { cv } => {
                if !(cv.is_finite() && *cv > 0.0) {
                    return bad("handle cv", *cv);
                }
            }
            HandleTime::Empirical(sample) => {
                if sample.is_empty() {
                    return bad("handle sample (empty)", 0.0);
                }
                if let Some(x) = sample.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
                    return bad("handle sample", *x);
                }
            }
        }
        match self.patience {
            Patience::Infinite => {}
            Patience::Exponential { mean_s: p } | Patience::Deterministic { s: p } => {
                if !(p.is_finite() && p >= 0.0) {
                    return bad("patience", p);
                }
            }
        }
        if !(self.answer_within_s.is_finite() && self.answer_within_s >= 0.0) {
            return bad("answer_within_s", self.answer_within_s);
        }
        if !(self.day_factor_cv.is_finite() && self.day_factor_cv >= 0.0) {
            return bad("day_factor_cv", self.day_factor_cv);
        }
        Ok(())
    }
}

/// Simulates `queue` `options.replications` times (see the module docs).
///
/// # Errors
/// [`SimulateError::InvalidInput`] for bad inputs (see [`TimeVaryingQueue::check`]), fewer than
/// 2 replications, or a replication that would simulate more than `options.max_events` events.
///
/// # Examples
///
/// A quiet hour then a busy one, two agents then four: the second hour's queue is longer.
///
/// ```
/// use wfmkit::simulate::{simulate_intervals, HandleTime, Patience, TimeVaryingOptions, TimeVaryingQueue};
/// let q = TimeVaryingQueue {
///     interval_s: 3600,
///     volume: vec![40.0, 120.0],
///     aht_s: vec![180.0, 180.0],
///     agents: vec![4, 8],
///     handle: HandleTime::Exponential,
///     patience: Patience::Exponential { mean_s: 120.0 },
///     answer_within_s: 20.0,
///     day_factor_cv: 0.0,
/// };
/// let mut opts = TimeVaryingOptions::new(7);
/// opts.replications = 200;
/// let r = simulate_intervals(&q, &opts).unwrap();
/// assert!((r.intervals[1].offered.mean - 120.0).abs() < 3.0 * r.intervals[1].offered.half_width.max(1.0));
/// for t in r.tallies.iter().flatten() {
///     assert_eq!(t.offered, t.answered + t.abandoned + t.waiting);
/// }
/// ```
pub fn simulate_intervals(
    queue: &TimeVaryingQueue,
    options: &TimeVaryingOptions,
) -> Result<TimeVaryingResult, SimulateError> {
    queue.check()?;
    if options.replications < 2 {
        return Err(SimulateError::InvalidInput {
            name: "replications (at least 2)",
            value: options.replications as f64,
        });
    }
    let prepared = Prepared::new(queue);
    let reps = options.replications as usize;
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.threads
    }
    .clamp(1, reps);
    // Replication r runs on thread r % threads; results are put back in replication order.
    let mut outcomes: Vec<Option<Replicated>> = vec![None; reps];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let prepared = &prepared;
                scope.spawn(move || {
                    (k..reps)
                        .step_by(threads)
                        .map(|r| (r, replicate(prepared, options.seed, r as u64, options.max_events)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (r, out) in h.join().unwrap_or_default() {
                outcomes[r] = Some(out);
            }
        }
    });
    let mut tallies = Vec::with_capacity(reps);
    let mut events = 0;
    for out in outcomes {
        let (t, e) = out.ok_or(SimulateError::InvalidInput {
            name: "replication (a simulation thread failed)",
            value: f64::NAN,
        })??;
        tallies.push(t);
        events += e;
    }
    let n = queue.volume.len();
    let per_day = (86_400 / queue.interval_s).max(1) as usize;
    let agents_s = |range: std::ops::Range<usize>| -> f64 {
        range.map(|i| queue.agents[i] as f64 * queue.interval_s as f64).sum()
    };
    let intervals = (0..n)
        .map(|i| estimates(&tallies, i..i + 1, agents_s(i..i + 1)))
        .collect();
    let days = (0..n)
        .step_by(per_day)
        .map(|d| estimates(&tallies, d..(d + per_day).min(n), agents_s(d..(d + per_day).min(n))))
        .collect();
    let total = estimates(&tallies, 0..n, agents_s(0..n));
    Ok(TimeVaryingResult {
        intervals,
        days,
        total,
        tallies,
        events,
    })
}

/// Estimates over replications of the intervals in `range`; a ratio is left out of a
/// replication where its denominator is 0.
fn estimates(tallies: &[Vec<IntervalTally>], range: std::ops::Range<usize>, on_duty_s: f64) -> IntervalEstimates {
    let sums: Vec<IntervalTally> = tallies
        .iter()
        .map(|rep| {
            rep[range.clone()].iter().fold(IntervalTally::default(), |mut a, t| {
                a.offered += t.offered;
                a.answered += t.answered;
                a.abandoned += t.abandoned;
                a.waiting += t.waiting;
                a.answered_within += t.answered_within;
                a.abandoned_within += t.abandoned_within;
                a.wait_answered_s += t.wait_answered_s;
                a.busy_s += t.busy_s;
                a
            })
        })
        .collect();
    let of = |f: &dyn Fn(&IntervalTally) -> Option<f64>| -> Estimate {
        let v: Vec<f64> = sums.iter().filter_map(f).collect();
        Estimate::from_replications(&v)
    };
    let ratio = |num: f64, den: u64| (den > 0).then(|| num / den as f64);
    IntervalEstimates {
        offered: of(&|t| Some(t.offered as f64)),
        answered: of(&|t| Some(t.answered as f64)),
        abandoned: of(&|t| Some(t.abandoned as f64)),
        sl_answered: of(&|t| ratio(t.answered_within as f64, t.answered)),
        sl_offered: of(&|t| ratio(t.answered_within as f64, t.offered)),
        sl_excluding_short_abandons: of(&|t| ratio(t.answered_within as f64, t.offered - t.abandoned_within)),
        asa_s: of(&|t| ratio(t.wait_answered_s, t.answered)),
        abandon_rate: of(&|t| ratio(t.abandoned as f64, t.offered)),
        occupancy: of(&|t| (on_duty_s > 0.0).then(|| t.busy_s / on_duty_s)),
    }
}

/// The queue with its empirical sample normalised to mean 1.
struct Prepared<'a> {
    q: &'a TimeVaryingQueue,
    sample: Vec<f64>,
    /// ln-space parameters of a lognormal of mean 1: (σ, −σ²/2).
    lognormal: (f64, f64),
}

impl<'a> Prepared<'a> {
    fn new(q: &'a TimeVaryingQueue) -> Self {
        let sample = match &q.handle {
            HandleTime::Empirical(s) => {
                let mean = s.iter().sum::<f64>() / s.len() as f64;
                s.iter().map(|x| x / mean).collect()
            }
            _ => Vec::new(),
        };
        let lognormal = match q.handle {
            HandleTime::LogNormal { cv } => {
                let s2 = (1.0 + cv * cv).ln();
                (s2.sqrt(), -s2 / 2.0)
            }
            _ => (0.0, 0.0),
        };
        Self { q, sample, lognormal }
    }

    /// A handle time of mean `mean`.
    fn handle(&self, rng: &mut Draws, mean: f64) -> f64 {
        match self.q.handle {
            HandleTime::Exponential => exp_sample(rng, mean),
            HandleTime::LogNormal { .. } => mean * (self.lognormal.1 + self.lognormal.0 * normal(rng)).exp(),
            HandleTime::Empirical(_) => mean * self.sample[rng.rng.random_range(0..self.sample.len())],
        }
    }

    fn patience(&self, rng: &mut Draws) -> f64 {
        match self.q.patience {
            Patience::Infinite => f64::INFINITY,
            Patience::Exponential { mean_s } => exp_sample(rng, mean_s),
            Patience::Deterministic { s } => s,
        }
    }
}

/// `−mean ln(1 − U)`: exponential with this mean (0 for a mean of 0).
fn exp_sample(rng: &mut Draws, mean: f64) -> f64 {
    let u: f64 = rng.random();
    -mean * (1.0 - u).ln()
}

/// A replication's generator with the second normal of the last polar pair.
struct Draws {
    rng: StdRng,
    spare: Option<f64>,
}

impl Draws {
    fn random(&mut self) -> f64 {
        self.rng.random()
    }
}

/// A standard normal by Marsaglia's polar method: each accepted pair gives two normals for one
/// logarithm and one square root (no cosine); the second is kept for the next call.
fn normal(d: &mut Draws) -> f64 {
    if let Some(x) = d.spare.take() {
        return x;
    }
    loop {
        let u = 2.0 * d.random() - 1.0;
        let v = 2.0 * d.random() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let f = (-2.0 * s.ln() / s).sqrt();
            d.spare = Some(v * f);
            return u * f;
        }
    }
}

/// A gamma variate of mean 1 and coefficient of variation `cv` (shape 1/cv²), by Marsaglia &
/// Tsang (2000), with the shape < 1 boost.
fn gamma_mean_one(rng: &mut Draws, cv: f64) -> f64 {
    let shape = 1.0 / (cv * cv);
    let scale = cv * cv;
    let (k, boost) = if shape < 1.0 {
        let u: f64 = 1.0 - rng.random();
        (shape + 1.0, u.powf(1.0 / shape))
    } else {
        (shape, 1.0)
    };
    let d = k - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u: f64 = 1.0 - rng.random();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v * boost * scale;
        }
    }
}

/// The generator of replication `r`: SplitMix64 of the seed and the replication, so streams
/// do not overlap in practice and do not depend on the thread that runs them.
fn stream(seed: u64, r: u64) -> Draws {
    let mut z = seed
        ^ r.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Draws {
        rng: StdRng::seed_from_u64(z ^ (z >> 31)),
        spare: None,
    }
}

/// A service completion at time `t` ≥ 0 as a min-heap key: the bits of a non-negative `f64`
/// order as the number does, and integer comparisons are cheaper than `total_cmp`.
fn completion(t: f64) -> Reverse<u64> {
    Reverse(t.max(0.0).to_bits())
}

/// A waiting contact: arrival time, the time it abandons, its arrival interval.
struct Waiting {
    arrived: f64,
    leaves: f64,
    interval: usize,
}

/// One replication's tallies per interval and the events it simulated.
type Replicated = Result<(Vec<IntervalTally>, u64), SimulateError>;

/// One replication: its tallies per interval and the events it simulated.
fn replicate(p: &Prepared, seed: u64, r: u64, max_events: u64) -> Replicated {
    let q = p.q;
    let n = q.volume.len();
    let len = q.interval_s as f64;
    let end = n as f64 * len;
    let mut rng = stream(seed, r);
    let per_day = (86_400 / q.interval_s).max(1) as usize;
    // Per-day rate factors.
    let factors: Vec<f64> = (0..n.div_ceil(per_day))
        .map(|_| {
            if q.day_factor_cv > 0.0 {
                gamma_mean_one(&mut rng, q.day_factor_cv)
            } else {
                1.0
            }
        })
        .collect();
    let rate = |i: usize| q.volume[i] * factors[i / per_day] / len;
    let mut tally = vec![IntervalTally::default(); n];
    let mut busy: u32 = 0;
    let mut completions: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut waiting: VecDeque<Waiting> = VecDeque::new();
    let mut events: u64 = 0;
    // Time and interval of the last event, for the busy-time integral.
    let mut last = 0.0f64;
    let mut interval = 0usize;
    // The next arrival: exponential gaps, redrawn at each interval boundary (memoryless).
    let mut next_arrival = next_arrival_from(&mut rng, 0.0, rate(0), len);
    // The next midpoint of an interval, where the number in the system is recorded.
    let mut next_mid = 0.5 * len;
    let add_busy = |tally: &mut [IntervalTally], from: f64, to: f64, busy: u32| {
        if busy == 0 || to <= from {
            return;
        }
        let mut t = from;
        while t < to {
            let i = ((t / len) as usize).min(n - 1);
            let stop = to.min((i + 1) as f64 * len);
            tally[i].busy_s += busy as f64 * (stop - t);
            if stop <= t {
                break;
            }
            t = stop;
        }
    };
    loop {
        events += 1;
        if events > max_events {
            return Err(SimulateError::InvalidInput {
                name: "max_events (a replication needs more events; raise it or shorten the horizon)",
                value: max_events as f64,
            });
        }
        let boundary = (interval + 1) as f64 * len;
        let next_completion = completions.peek().map_or(f64::INFINITY, |c| f64::from_bits(c.0));
        let t = next_arrival.min(next_completion).min(boundary).min(next_mid);
        add_busy(&mut tally, last, t.min(end), busy);
        last = t.min(end);
        if t == boundary && interval + 1 == n {
            // The end of the horizon: the busy agents at the end of the last interval.
            tally[n - 1].busy_at_end = busy;
            break;
        }
        if t == next_mid {
            let live = waiting.iter().filter(|w| w.leaves > t).count() as u32;
            tally[interval].in_system_at_mid = busy + live;
            next_mid = f64::INFINITY;
            continue;
        }
        if t == boundary {
            tally[interval].busy_at_end = busy;
            next_mid = (interval as f64 + 1.5) * len;
            interval += 1;
            next_arrival = next_arrival_from(&mut rng, t, rate(interval), len);
        } else if t == next_completion {
            completions.pop();
            busy -= 1;
        } else {
            // An arrival in `interval`.
            let i = interval;
            tally[i].offered += 1;
            if busy >= q.agents[i] {
                tally[i].delayed += 1;
            }
            let leaves = t + p.patience(&mut rng);
            waiting.push_back(Waiting {
                arrived: t,
                leaves,
                interval: i,
            });
            next_arrival = t + exp_sample(&mut rng, 1.0 / rate(i));
            if next_arrival >= boundary {
                next_arrival = f64::INFINITY; // redrawn at the boundary
            }
        }
        // Free agents on duty take the longest-waiting contacts that are still there.
        let on_duty = q.agents[interval.min(n - 1)];
        while busy < on_duty {
            let Some(w) = waiting.pop_front() else { break };
            if w.leaves <= t {
                abandon(&mut tally[w.interval], w.leaves - w.arrived, q.answer_within_s);
                continue;
            }
            let wait = t - w.arrived;
            let tl = &mut tally[w.interval];
            tl.answered += 1;
            tl.wait_answered_s += wait;
            if wait <= q.answer_within_s {
                tl.answered_within += 1;
            }
            busy += 1;
            let mean = q.aht_s[w.interval];
            completions.push(completion(t + p.handle(&mut rng, mean)));
        }
        // A contact with zero patience that must wait leaves at once (and any whose patience
        // has run out ahead of the queue's head is settled when it reaches the head).
        while let Some(w) = waiting.back() {
            if w.leaves <= t && w.arrived == t {
                let w = waiting.pop_back().expect("just seen");
                abandon(&mut tally[w.interval], w.leaves - w.arrived, q.answer_within_s);
            } else {
                break;
            }
        }
    }
    for w in waiting {
        if w.leaves <= end {
            abandon(&mut tally[w.interval], w.leaves - w.arrived, q.answer_within_s);
        } else {
            tally[w.interval].waiting += 1;
        }
    }
    Ok((tally, events))
}

fn abandon(t: &mut IntervalTally, waited: f64, within: f64) {
    t.abandoned += 1;
    if waited <= within {
        t.abandoned_within += 1;
    }
}

/// The first arrival after `t` in the interval that starts at `t` with `rate` per second, or
/// infinity when it falls after the interval (the next interval redraws).
fn next_arrival_from(rng: &mut Draws, t: f64, rate: f64, len: f64) -> f64 {
    if rate <= 0.0 {
        return f64::INFINITY;
    }
    let a = t + exp_sample(rng, 1.0 / rate);
    let boundary = ((t / len).floor() + 1.0) * len;
    if a >= boundary {
        f64::INFINITY
    } else {
        a
    }
}
