//! Staffing against forecast uncertainty (issue 14, part 3), checked by the time-varying
//! simulation, which shares no code with the Erlang formulas: each replication is a long day
//! whose rate is the forecast times its own gamma busyness factor.

use wfmkit::simulate::{simulate_intervals, Estimate, HandleTime, Patience, TimeVaryingOptions, TimeVaryingQueue};
use wfmkit::staffing::{
    agents_for_probability, erlang_a, mixed_erlang_a, SlDefinition, StaffingModel, StaffingOptions,
};

const N: usize = 40; // half-hours
const WARM: usize = 4;

fn day(agents: u32, cv: f64) -> TimeVaryingQueue {
    TimeVaryingQueue {
        interval_s: 1800,
        // One day of N half-hours: 86,400 s ÷ 1,800 s = 48 ≥ N, so one factor per replication.
        volume: vec![100.0; N],
        aht_s: vec![180.0; N],
        agents: vec![agents; N],
        handle: HandleTime::Exponential,
        patience: Patience::Exponential { mean_s: 300.0 },
        answer_within_s: 20.0,
        day_factor_cv: cv,
    }
}

/// Each replication's service level (answered within 20 s ÷ offered) over the intervals after
/// the warm-up.
fn day_sl(q: &TimeVaryingQueue, replications: u32, seed: u64) -> Vec<f64> {
    let r = simulate_intervals(
        q,
        &TimeVaryingOptions {
            seed,
            replications,
            threads: 2,
            max_events: 100_000_000,
        },
    )
    .unwrap();
    r.tallies
        .iter()
        .map(|t| {
            let within: u64 = t[WARM..].iter().map(|x| x.answered_within).sum();
            let offered: u64 = t[WARM..].iter().map(|x| x.offered).sum();
            within as f64 / offered as f64
        })
        .collect()
}

/// With a gamma busyness factor of CV 0.2, the expected service level is the Erlang A formula
/// mixed over the factor: the mean of 600 simulated days (each with its own factor, 36
/// half-hours of 100 calls) is within the 99% interval of the mixture (1.316 × the 95%
/// half-width), and the unmixed formula at the mean rate is outside it (the mixing matters).
#[test]
fn mixed_erlang_a_agrees_with_the_doubly_stochastic_simulation() {
    let sl = day_sl(&day(12, 0.2), 600, 21);
    let e = Estimate::from_replications(&sl);
    let mixed = mixed_erlang_a(100.0, 180.0, 1800.0, 12, 300.0, 20.0, SlDefinition::Offered, 0.2).unwrap();
    let plain = erlang_a(100.0, 180.0, 1800.0, 12, 300.0, 20.0, SlDefinition::Offered).unwrap();
    eprintln!(
        "simulated {e:?}; mixed {:.4}; plain {:.4}",
        mixed.service_level, plain.service_level
    );
    assert!((e.mean - mixed.service_level).abs() <= 1.316 * e.half_width);
    assert!((e.mean - plain.service_level).abs() > 1.316 * e.half_width);
}

/// Staffing for 80/20 on 90% of days (CV 0.2) is validated by simulation: at least 85% of the
/// simulated days meet 80/20 (90% minus a margin for the days' own Poisson noise and the 1,000
/// days' sampling error of about 1 point; measured 96.0%: whole agents overshoot), while the
/// point forecast's staffing meets it on at most 75% of them (measured 69.3%: it holds only on
/// days not much busier than forecast); 16 agents against 13, what 90% of days costs.
#[test]
fn staffing_for_a_probability_holds_on_that_share_of_days() {
    let opts = StaffingOptions::new(StaffingModel::ErlangA)
        .with_service_level(0.8, 20.0)
        .with_patience_s(300.0);
    let r = agents_for_probability(100.0, 180.0, 1800.0, &opts, 0.2, 0.9).unwrap();
    let share = |agents: u32| {
        let sl = day_sl(&day(agents, 0.2), 1000, 22);
        sl.iter().filter(|s| **s >= 0.8).count() as f64 / sl.len() as f64
    };
    let (robust, point) = (share(r.staffing.agents), share(r.point.agents));
    eprintln!(
        "agents {} (factor {:.3}) vs point {}: 80/20 met on {:.1}% vs {:.1}% of days",
        r.staffing.agents,
        r.factor,
        r.point.agents,
        100.0 * robust,
        100.0 * point
    );
    assert!(robust >= 0.85, "{robust}");
    assert!(point <= 0.75, "{point}");
    assert!(r.staffing.agents > r.point.agents);
}
