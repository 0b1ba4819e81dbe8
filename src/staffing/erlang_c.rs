//! Erlang C (M/M/n, infinite patience): P(wait), service level, ASA, occupancy, queue length.

use super::erlang_b::BlockingState;
use super::error::StaffingError;
use super::traffic::{non_negative, Traffic};

/// Erlang C performance of one interval at a fixed number of agents.
///
/// When `agents <= load` the queue grows without bound and the result is explicit, never a
/// negative number or a probability above 1: `p_wait = 1`, `service_level = 0`,
/// `asa_s = mean_queue_len = inf`, `occupancy = 1` and `stable = false`. With zero load every
/// contact is answered at once: `p_wait = 0`, `service_level = 1`, `asa_s = 0`, `occupancy = 0`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ErlangCMetrics {
    /// Probability that a contact waits at all, C(n, A).
    pub p_wait: f64,
    /// Probability that a contact waits at most `answer_within_s`.
    pub service_level: f64,
    /// Average speed of answer in seconds (mean wait; every contact is answered in Erlang C).
    pub asa_s: f64,
    /// Share of agent time busy: `load / agents` (1 when unstable, 0 with zero load).
    pub occupancy: f64,
    /// Mean number of contacts waiting in queue.
    pub mean_queue_len: f64,
    /// True when `agents > load` (or the load is zero), i.e. the queue has a steady state.
    pub stable: bool,
}

impl ErlangCMetrics {
    /// Metrics of an interval with nothing offered.
    pub(crate) const IDLE: Self = Self {
        p_wait: 0.0,
        service_level: 1.0,
        asa_s: 0.0,
        occupancy: 0.0,
        mean_queue_len: 0.0,
        stable: true,
    };

    /// Metrics of an unstable interval (`agents <= load`).
    pub(crate) const UNSTABLE: Self = Self {
        p_wait: 1.0,
        service_level: 0.0,
        asa_s: f64::INFINITY,
        occupancy: 1.0,
        mean_queue_len: f64::INFINITY,
        stable: false,
    };
}

/// Erlang C metrics from the Erlang B state at `n` agents.
///
/// # Formula
/// With `R = 1/B(n, A) - 1`: `C = n / (n + R (n - A))`, `SL = 1 - C exp(-(n - A) t / AHT)`,
/// `ASA = C · AHT / (n - A)`, `Lq = C · A / (n - A)`.
pub(crate) fn from_blocking(load: f64, aht_s: f64, answer_within_s: f64, state: &BlockingState) -> ErlangCMetrics {
    if load == 0.0 {
        return ErlangCMetrics::IDLE;
    }
    let n = f64::from(state.n());
    if n <= load {
        return ErlangCMetrics::UNSTABLE;
    }
    let gap = n - load;
    let p_wait = (n / (n + state.r() * gap)).min(1.0);
    let service_level = (1.0 - p_wait * (-gap * answer_within_s / aht_s).exp()).clamp(0.0, 1.0);
    ErlangCMetrics {
        p_wait,
        service_level,
        asa_s: p_wait * aht_s / gap,
        occupancy: load / n,
        mean_queue_len: p_wait * load / gap,
        stable: true,
    }
}

/// Erlang C (M/M/n) metrics for `agents` agents facing `volume` contacts of mean handle time
/// `aht_s` in an interval of `interval_s` seconds.
///
/// # Formula
/// Offered load `A = volume · aht_s / interval_s`. `C(n, A) = n B / (n - A (1 - B))` with the
/// Erlang B value `B` from its overflow-free recursion (see [`erlang_b`](super::erlang_b())),
/// `P(W <= t) = 1 - C e^{-(n-A) t / AHT}`, `ASA = C · AHT / (n - A)`, occupancy `A / n`.
/// Reference: Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed.,
/// §2.3 (M/M/c).
///
/// # Errors
/// [`StaffingError::NotNonNegative`] for a NaN, infinite or negative `volume`, `aht_s` or
/// `answer_within_s`; [`StaffingError::NotPositive`] for an `interval_s` that is not finite and
/// `> 0`; [`StaffingError::LoadTooLarge`] beyond [`MAX_LOAD_ERLANGS`](super::MAX_LOAD_ERLANGS).
///
/// # Examples
/// ```
/// use wfmkit::staffing::erlang_c;
/// // 100 calls in 30 min, AHT 180 s, 14 agents: 88.8% answered within 20 s.
/// let m = erlang_c(100.0, 180.0, 1800.0, 14, 20.0).unwrap();
/// assert!((m.service_level - 0.88835).abs() < 5e-5);
/// // Fewer agents than Erlangs: explicit, not negative.
/// let m = erlang_c(100.0, 180.0, 1800.0, 10, 20.0).unwrap();
/// assert_eq!((m.p_wait, m.service_level, m.stable), (1.0, 0.0, false));
/// ```
pub fn erlang_c(
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    agents: u32,
    answer_within_s: f64,
) -> Result<ErlangCMetrics, StaffingError> {
    let traffic = Traffic::try_new(volume, aht_s, interval_s)?;
    let t = non_negative("answer_within_s", answer_within_s)?;
    let load = traffic.load_erlangs();
    if load == 0.0 {
        return Ok(ErlangCMetrics::IDLE);
    }
    if f64::from(agents) <= load {
        return Ok(ErlangCMetrics::UNSTABLE);
    }
    Ok(from_blocking(
        load,
        traffic.aht_s(),
        t,
        &BlockingState::at(load, agents),
    ))
}
