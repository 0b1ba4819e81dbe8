//! The time-varying simulation (issue 14, part 1) against exact results it shares no code
//! with: the infinite-server law of Eick, Massey & Whitt (1993), the stationary Erlang C and
//! Erlang A formulas (`wfmkit::staffing`, themselves checked against published tables), flow
//! balance, and the moments of the sampled distributions. Each test states its tolerance.

use wfmkit::simulate::{
    simulate_intervals, Estimate, HandleTime, IntervalTally, Patience, SimulateError, TimeVaryingOptions,
    TimeVaryingQueue,
};
use wfmkit::staffing::{erlang_a, erlang_c, SlDefinition};

fn queue(volume: Vec<f64>, aht: f64, agents: Vec<u32>, patience: Patience) -> TimeVaryingQueue {
    let n = volume.len();
    TimeVaryingQueue {
        interval_s: 1800,
        volume,
        aht_s: vec![aht; n],
        agents,
        handle: HandleTime::Exponential,
        patience,
        answer_within_s: 20.0,
        day_factor_cv: 0.0,
    }
}

fn options(seed: u64, replications: u32) -> TimeVaryingOptions {
    TimeVaryingOptions {
        seed,
        replications,
        threads: 2,
        max_events: 100_000_000,
    }
}

/// P(Poisson(m) ≥ s), by summing the probability mass below s.
fn poisson_at_least(m: f64, s: u32) -> f64 {
    let mut p = (-m).exp();
    let mut below = 0.0;
    for k in 0..s {
        below += p;
        p *= m / (k + 1) as f64;
    }
    1.0 - below
}

/// Eick, Massey & Whitt (1993): in an M_t/M/∞ queue that starts empty, the number busy at time
/// t is Poisson with mean m(t), where m' = λ(t) − μ m; with λ constant on each interval,
/// m(end) = λ/μ + (m(start) − λ/μ) e^(−μ L). Far more agents than ever needed make the
/// simulation an infinite-server queue, so the share of 40,000 replications with at least s
/// busy at each interval's end must be P(Poisson(m) ≥ s) within ±0.01 (the tolerance;
/// 4 standard errors at this count) for s near m and near m + √m, and the mean number busy
/// within its 95% interval widened to 99% (× 1.316). This checks the arrivals per interval,
/// the handle times and the carry-over of calls in service across interval ends.
#[test]
fn infinite_server_law_per_interval() {
    let volume = vec![20.0, 60.0, 120.0, 90.0, 30.0, 10.0, 80.0, 40.0];
    let aht = 600.0;
    let q = queue(volume.clone(), aht, vec![10_000; 8], Patience::Infinite);
    let r = simulate_intervals(&q, &options(11, 40_000)).unwrap();
    let mu = 1.0 / aht;
    let mut m = 0.0f64;
    for (i, v) in volume.iter().enumerate() {
        let lambda = v / 1800.0;
        m = lambda / mu + (m - lambda / mu) * (-mu * 1800.0).exp();
        let busy: Vec<f64> = r.tallies.iter().map(|t| t[i].busy_at_end as f64).collect();
        let e = Estimate::from_replications(&busy);
        assert!(
            (e.mean - m).abs() <= 1.316 * e.half_width,
            "interval {i}: mean busy {e:?} vs m = {m}"
        );
        for s in [m.round() as u32, (m + m.sqrt()).round() as u32] {
            let share = busy.iter().filter(|b| **b >= s as f64).count() as f64 / busy.len() as f64;
            let exact = poisson_at_least(m, s);
            assert!(
                (share - exact).abs() <= 0.01,
                "interval {i}, s = {s}: {share} vs {exact}"
            );
        }
    }
}

/// Sums the tallies of intervals `range` per replication and returns the estimate of `f`.
fn pooled(
    tallies: &[Vec<IntervalTally>],
    range: std::ops::Range<usize>,
    f: impl Fn(&IntervalTally) -> f64,
) -> Estimate {
    let v: Vec<f64> = tallies
        .iter()
        .map(|rep| {
            let mut a = IntervalTally::default();
            for t in &rep[range.clone()] {
                a.offered += t.offered;
                a.answered += t.answered;
                a.abandoned += t.abandoned;
                a.answered_within += t.answered_within;
                a.wait_answered_s += t.wait_answered_s;
            }
            f(&a)
        })
        .collect();
    Estimate::from_replications(&v)
}

/// Constant demand over a long day is the stationary queue: after a 3-hour warm-up, the
/// service level, abandonment and ASA of the intervals 6–31 pooled per replication agree with
/// exact Erlang A (100 calls per 30 minutes, AHT 180 s, 11 agents, mean patience 300 s) and
/// Erlang C (the same without abandonment, 12 agents) within the 99% confidence interval of
/// 200 replications (1.316 × the 95% half-width).
#[test]
fn stationary_limit_is_erlang_a_and_c() {
    let n = 32;
    let a = queue(
        vec![100.0; n],
        180.0,
        vec![11; n],
        Patience::Exponential { mean_s: 300.0 },
    );
    let r = simulate_intervals(&a, &options(5, 200)).unwrap();
    let exact = erlang_a(100.0, 180.0, 1800.0, 11, 300.0, 20.0, SlDefinition::Offered).unwrap();
    let within = |e: Estimate, x: f64, what: &str| {
        assert!((e.mean - x).abs() <= 1.316 * e.half_width, "{what}: {e:?} vs exact {x}");
    };
    within(
        pooled(&r.tallies, 6..n, |t| t.answered_within as f64 / t.offered as f64),
        exact.service_level,
        "Erlang A service level (offered)",
    );
    within(
        pooled(&r.tallies, 6..n, |t| t.abandoned as f64 / t.offered as f64),
        exact.p_abandon,
        "Erlang A abandonment",
    );
    within(
        pooled(&r.tallies, 6..n, |t| t.wait_answered_s / t.answered as f64),
        exact.asa_s,
        "Erlang A ASA",
    );
    let c = queue(vec![100.0; n], 180.0, vec![12; n], Patience::Infinite);
    let r = simulate_intervals(&c, &options(6, 200)).unwrap();
    let exact = erlang_c(100.0, 180.0, 1800.0, 12, 20.0).unwrap();
    within(
        pooled(&r.tallies, 6..n, |t| t.answered_within as f64 / t.answered as f64),
        exact.service_level,
        "Erlang C service level",
    );
    within(
        pooled(&r.tallies, 6..n, |t| t.wait_answered_s / t.answered as f64),
        exact.asa_s,
        "Erlang C ASA",
    );
}

/// Every replication balances: offered = answered + abandoned + still waiting, in every
/// interval (exact). The same seed gives the same tallies on 1 and 3 threads (exact), and
/// another seed other tallies.
#[test]
fn flow_balance_and_the_same_result_on_any_thread_count() {
    let volume = vec![50.0, 150.0, 200.0, 80.0];
    let q = queue(
        volume,
        240.0,
        vec![5, 12, 14, 2],
        Patience::Exponential { mean_s: 90.0 },
    );
    let mut one = options(3, 50);
    one.threads = 1;
    let mut three = one;
    three.threads = 3;
    let a = simulate_intervals(&q, &one).unwrap();
    let b = simulate_intervals(&q, &three).unwrap();
    assert_eq!(a.tallies, b.tallies);
    for t in a.tallies.iter().flatten() {
        assert_eq!(t.offered, t.answered + t.abandoned + t.waiting);
        assert!(t.answered_within <= t.answered && t.abandoned_within <= t.abandoned);
    }
    // With 2 agents in the last interval, some contacts are still waiting at the end.
    assert!(a.tallies.iter().any(|t| t[3].waiting > 0));
    let mut other = one;
    other.seed = 4;
    assert_ne!(simulate_intervals(&q, &other).unwrap().tallies, a.tallies);
}

/// The samplers' moments. Lognormal handle times with CV 1.5 and an empirical sample keep the
/// interval's mean: with ample agents the busy agent-seconds are λ × AHT × L on average (the
/// carried load; within the 99% interval of 400 replications, contacts in service at the end
/// counted up to the end, so the last interval is left out). A gamma day factor of CV 0.2 makes
/// the day total negative binomial: its variance is m + 0.04 m² (within 10%, the sampling error
/// of a variance from 4,000 replications being about 2.3%).
#[test]
fn handle_time_and_day_factor_moments() {
    for handle in [
        HandleTime::LogNormal { cv: 1.5 },
        HandleTime::Empirical(vec![30.0, 60.0, 90.0, 420.0]),
    ] {
        let mut q = queue(vec![100.0; 6], 300.0, vec![1000; 6], Patience::Infinite);
        q.handle = handle.clone();
        let r = simulate_intervals(&q, &options(8, 400)).unwrap();
        // Intervals 2..5: the busy seconds of an interval in steady state are λ AHT L.
        let busy = pooled_busy(&r.tallies, 2..5);
        let want = 3.0 * 100.0 * 300.0;
        assert!(
            (busy.mean - want).abs() <= 1.316 * busy.half_width,
            "{handle:?}: {busy:?} vs {want}"
        );
    }
    let mut q = queue(vec![50.0; 48], 200.0, vec![1000; 48], Patience::Infinite);
    q.day_factor_cv = 0.2;
    let r = simulate_intervals(&q, &options(9, 4000)).unwrap();
    let totals: Vec<f64> = r
        .tallies
        .iter()
        .map(|t| t.iter().map(|x| x.offered as f64).sum())
        .collect();
    let m = totals.iter().sum::<f64>() / totals.len() as f64;
    let var = totals.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (totals.len() - 1) as f64;
    let want = 2400.0 + 0.04 * 2400.0 * 2400.0;
    assert!((m - 2400.0).abs() < 0.01 * 2400.0, "mean {m}");
    assert!((var / want - 1.0).abs() < 0.1, "variance {var} vs {want}");
}

fn pooled_busy(tallies: &[Vec<IntervalTally>], range: std::ops::Range<usize>) -> Estimate {
    let v: Vec<f64> = tallies
        .iter()
        .map(|t| t[range.clone()].iter().map(|x| x.busy_s).sum())
        .collect();
    Estimate::from_replications(&v)
}

/// Bad input is a typed error naming the field, never a panic or a hang: one replication, a
/// CV of 0, lengths that differ, a NaN volume, and a day whose events exceed the bound.
#[test]
fn bad_input_is_named() {
    let ok = queue(vec![10.0; 2], 180.0, vec![2; 2], Patience::Infinite);
    let name = |r: Result<_, SimulateError>| match r {
        Err(SimulateError::InvalidInput { name, .. }) => name,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    assert!(name(simulate_intervals(&ok, &options(1, 1))).starts_with("replications"));
    let mut q = ok.clone();
    q.handle = HandleTime::LogNormal { cv: 0.0 };
    assert_eq!(name(simulate_intervals(&q, &options(1, 10))), "handle cv");
    let mut q = ok.clone();
    q.agents = vec![2];
    assert!(name(simulate_intervals(&q, &options(1, 10))).starts_with("agents"));
    let mut q = ok.clone();
    q.volume[1] = f64::NAN;
    assert!(name(simulate_intervals(&q, &options(1, 10))).starts_with("volume"));
    let mut q = ok.clone();
    q.volume = vec![1e9; 2];
    let mut small = options(1, 2);
    small.max_events = 10_000;
    assert!(name(simulate_intervals(&q, &small)).starts_with("max_events"));
}
