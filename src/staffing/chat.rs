//! Chat (and messaging) with concurrency: each agent handles up to `k` chats at once, and a
//! chat takes longer when its agent is busier.
//!
//! # Model
//!
//! Chats arrive as a Poisson process of rate λ = `volume ÷ interval_s`. An agent with `m`
//! chats open works each at rate `μ(m) = 1 ÷ (aht_s · f(m))`, where `f(m)` is the slow-down at
//! concurrency `m` (`f(1) = 1`; the user's table or factor), so the agent finishes chats at rate
//! `m μ(m)`. A new chat goes to the least busy agent with a free slot (chats spread evenly); when
//! all `n k` slots are taken it waits, first come first served. The number of chats in the
//! system `j` is then a birth–death chain with birth rate λ and death rate
//!
//! - `d(j) = r (q + 1) μ(q + 1) + (n − r) q μ(q)` for `j ≤ n k`, where `q = ⌊j / n⌋` and
//!   `r = j mod n` (the even spread: `r` agents with `q + 1` chats, the others `q`);
//! - `d(j) = D = n k μ(k)` for `j ≥ n k` (every slot busy).
//!
//! Its stationary distribution `π` is solved exactly (in log space, so no overflow at any load;
//! the geometric tail beyond `n k` in closed form). By PASTA an arrival finds `j` chats with
//! probability `π_j`; it waits when `j ≥ n k`, for `j − n k + 1` departures at rate `D`
//! (a sum of exponentials), so
//!
//! - `P(wait) = Σ_{j ≥ nk} π_j`;
//! - service level `P(W ≤ t) = 1 − Σ_{j ≥ nk} π_j P(Poisson(D t) ≤ j − n k)`;
//! - ASA `= Σ_{j ≥ nk} π_j (j − n k + 1) ÷ D`;
//! - slot occupancy `E[min(J, n k)] ÷ (n k)` and the mean concurrency per agent.
//!
//! With `k = 1` this is Erlang C exactly; with no slow-down (`f ≡ 1`) it is Erlang C with
//! `n k` servers. With a slow-down the even spread is an approximation: when a chat ends, the
//! agents are not rebalanced, so some carry one chat more than others until new chats arrive
//! (checked against a per-agent discrete-event simulation in `tests/staffing_chat.rs`). The
//! naive alternative, Erlang C agents divided by `k`, ignores the slow-down altogether.
//! Abandonment is not modelled (chats are patient; state it in the targets).

use super::error::StaffingError;

/// A chat queue in one interval.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatQueue {
    /// Chats offered in the interval.
    pub volume: f64,
    /// Handle time of a chat handled alone (concurrency 1), seconds.
    pub aht_s: f64,
    /// Interval length, seconds.
    pub interval_s: f64,
    /// Chats an agent handles at once (≥ 1).
    pub concurrency: u32,
    /// `slowdown[m − 1]` = `f(m)`: a chat's handle time at concurrency `m` over `aht_s`, for
    /// `m = 1..=concurrency`, each ≥ 1; empty for none (`f ≡ 1`).
    pub slowdown: Vec<f64>,
}

/// Chat performance at a number of agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChatMetrics {
    /// Agents.
    pub agents: u32,
    /// P(a chat waits for a slot).
    pub p_wait: f64,
    /// P(wait ≤ `answer_within_s`).
    pub service_level: f64,
    /// Mean wait for a slot, seconds (infinite when the agents cannot carry the load).
    pub asa_s: f64,
    /// Busy slots ÷ all slots.
    pub occupancy: f64,
    /// Mean chats open per agent.
    pub mean_concurrency: f64,
    /// False when the arrival rate is at or above the full-load completion rate `n k μ(k)`.
    pub stable: bool,
}

impl ChatQueue {
    /// Checks the inputs.
    ///
    /// # Errors
    /// [`StaffingError`] naming the field: a negative or non-finite volume, a non-positive AHT
    /// or interval, a concurrency below 1, a slow-down table of another length than the
    /// concurrency, or with a factor that is not finite and ≥ 1.
    pub fn check(&self) -> Result<(), StaffingError> {
        if !(self.volume.is_finite() && self.volume >= 0.0) {
            return Err(StaffingError::NotNonNegative {
                name: "volume",
                value: self.volume,
            });
        }
        for (name, value) in [("aht_s", self.aht_s), ("interval_s", self.interval_s)] {
            if !(value.is_finite() && value > 0.0) {
                return Err(StaffingError::NotPositive { name, value });
            }
        }
        if self.concurrency == 0 {
            return Err(StaffingError::InvalidCount {
                name: "concurrency (at least 1)",
                value: 0.0,
            });
        }
        if !self.slowdown.is_empty() && self.slowdown.len() != self.concurrency as usize {
            return Err(StaffingError::LengthMismatch {
                name: "slowdown (one factor per concurrency 1..=k)",
                len: self.slowdown.len(),
                expected: self.concurrency as usize,
            });
        }
        if let Some(&f) = self.slowdown.iter().find(|f| !(f.is_finite() && **f >= 1.0)) {
            return Err(StaffingError::TargetOutOfRange {
                name: "slowdown (each factor finite and >= 1)",
                value: f,
                range: "[1, inf)",
            });
        }
        Ok(())
    }

    /// Per-chat completion rate at concurrency `m` (per second).
    fn mu(&self, m: u32) -> f64 {
        let f = if self.slowdown.is_empty() || m == 0 {
            1.0
        } else {
            self.slowdown[(m - 1) as usize]
        };
        1.0 / (self.aht_s * f)
    }

    /// Total completion rate with `j ≤ n k` chats spread evenly over `n` agents.
    fn deaths(&self, n: u32, j: u64) -> f64 {
        let (q, r) = (j / n as u64, j % n as u64);
        let (q, r) = (q as u32, r as f64);
        let full = if q < self.concurrency {
            r * (q + 1) as f64 * self.mu(q + 1)
        } else {
            0.0
        };
        full + (n as f64 - r) * q as f64 * self.mu(q)
    }
}

/// Chat performance of `queue` at `agents` (see the module docs).
///
/// # Errors
/// [`StaffingError`] for bad inputs ([`ChatQueue::check`]) or a negative or non-finite
/// threshold.
///
/// # Examples
/// ```
/// use wfmkit::staffing::{chat_metrics, erlang_c, ChatQueue};
/// // One chat at a time and no slow-down: Erlang C exactly.
/// let q = ChatQueue { volume: 100.0, aht_s: 180.0, interval_s: 1800.0, concurrency: 1, slowdown: vec![] };
/// let m = chat_metrics(&q, 14, 20.0).unwrap();
/// assert!((m.service_level - erlang_c(100.0, 180.0, 1800.0, 14, 20.0).unwrap().service_level).abs() < 1e-12);
/// // Three at once, each 1.0x, 1.3x, 1.7x as long: fewer agents, but more than 14 / 3.
/// let q = ChatQueue { concurrency: 3, slowdown: vec![1.0, 1.3, 1.7], ..q };
/// assert!(chat_metrics(&q, 7, 20.0).unwrap().service_level >= 0.8);
/// ```
pub fn chat_metrics(queue: &ChatQueue, agents: u32, answer_within_s: f64) -> Result<ChatMetrics, StaffingError> {
    queue.check()?;
    if !(answer_within_s.is_finite() && answer_within_s >= 0.0) {
        return Err(StaffingError::NotNonNegative {
            name: "answer_within_s",
            value: answer_within_s,
        });
    }
    let lambda = queue.volume / queue.interval_s;
    let n = agents;
    let slots = n as u64 * queue.concurrency as u64;
    let full_rate = slots as f64 * queue.mu(queue.concurrency);
    let unstable = ChatMetrics {
        agents,
        p_wait: 1.0,
        service_level: 0.0,
        asa_s: f64::INFINITY,
        occupancy: 1.0,
        mean_concurrency: queue.concurrency as f64,
        stable: false,
    };
    if lambda == 0.0 {
        return Ok(ChatMetrics {
            agents,
            p_wait: 0.0,
            service_level: 1.0,
            asa_s: 0.0,
            occupancy: 0.0,
            mean_concurrency: 0.0,
            stable: true,
        });
    }
    if n == 0 || lambda >= full_rate {
        return Ok(unstable);
    }
    // log π_j (unnormalised) for j = 0..=slots, then the geometric tail ρ^i beyond.
    let mut log_w = Vec::with_capacity(slots as usize + 1);
    log_w.push(0.0f64);
    for j in 1..=slots {
        let prev = log_w[(j - 1) as usize];
        log_w.push(prev + (lambda / queue.deaths(n, j)).ln());
    }
    let rho = lambda / full_rate;
    let max = log_w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = log_w.iter().map(|l| (l - max).exp()).collect();
    let top = w[slots as usize];
    // Σ_{i ≥ 1} top ρ^i = top ρ / (1 − ρ): the states beyond n k.
    let tail = top * rho / (1.0 - rho);
    let z: f64 = w.iter().sum::<f64>() + tail;
    let p_full_or_more = (top + tail) / z; // j ≥ n k
    let busy: f64 = w.iter().enumerate().map(|(j, x)| j as f64 * x).sum::<f64>() / z + slots as f64 * tail / z;
    // Waiting: an arrival finding n k + i (i ≥ 0; probability top ρ^i / z) waits for i + 1
    // departures at rate D: ASA = Σ (i + 1) / D · top ρ^i / z = top / (z D (1 − ρ)²).
    let asa_s = top / (z * full_rate * (1.0 - rho) * (1.0 - rho));
    // P(W > t) = Σ_i top ρ^i / z · P(Poisson(D t) ≤ i) = top / z · Σ_k P(Poisson(D t) = k) ρ^k
    // / (1 − ρ) = top / (z (1 − ρ)) · e^{−D t (1 − ρ)} (the sum over i ≥ k of ρ^i).
    let late = top / (z * (1.0 - rho)) * (-(full_rate * answer_within_s * (1.0 - rho))).exp();
    Ok(ChatMetrics {
        agents,
        p_wait: p_full_or_more,
        service_level: (1.0 - late).clamp(0.0, 1.0),
        asa_s,
        occupancy: busy / slots as f64,
        mean_concurrency: busy / n as f64,
        stable: true,
    })
}

/// The fewest agents whose chat service level (within `answer_within_s`) is at least
/// `service_level`, with their metrics.
///
/// # Errors
/// As [`chat_metrics`]; [`StaffingError::TargetOutOfRange`] for a target outside [0, 1).
///
/// # Examples
/// ```
/// use wfmkit::staffing::{chat_agents, ChatQueue};
/// let q = ChatQueue { volume: 300.0, aht_s: 360.0, interval_s: 1800.0, concurrency: 3, slowdown: vec![1.0, 1.25, 1.6] };
/// let m = chat_agents(&q, 0.8, 60.0).unwrap();
/// assert!(m.service_level >= 0.8);
/// ```
pub fn chat_agents(queue: &ChatQueue, service_level: f64, answer_within_s: f64) -> Result<ChatMetrics, StaffingError> {
    if !(service_level.is_finite() && (0.0..1.0).contains(&service_level)) {
        return Err(StaffingError::TargetOutOfRange {
            name: "service_level",
            value: service_level,
            range: "[0, 1)",
        });
    }
    queue.check()?;
    // Stable from the full-load rate up; the service level rises with the agents.
    let per_agent = queue.concurrency as f64 * queue.mu(queue.concurrency);
    let lambda = queue.volume / queue.interval_s;
    let mut n = ((lambda / per_agent).floor() as u32).max(1);
    loop {
        let m = chat_metrics(queue, n, answer_within_s)?;
        if m.stable && m.service_level >= service_level {
            return Ok(m);
        }
        n = n.checked_add(1).ok_or(StaffingError::TooManyAgents {
            what: "chat agents",
            value: f64::from(n) + 1.0,
        })?;
    }
}
