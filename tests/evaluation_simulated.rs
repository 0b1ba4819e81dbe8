//! The simulated evaluation of a plan (issue 14, part 4) against exact results it shares no
//! code with: in a long stationary stretch, each interval's simulated service must agree with
//! the exact Erlang C and Erlang A formulas (`wfmkit::staffing`, checked against published
//! tables in `tests/staffing_published.rs`) on the agents net of shrinkage; and the pipeline's
//! simulation must be the simulation of the plan's own coverage, bit for bit. Each test states
//! its tolerance.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use wfmkit::evaluation::{simulate_on_duty, EvaluationError, Workload};
use wfmkit::simulate::{simulate_intervals, PatienceKind, SimulationInput, SimulationSettings};
use wfmkit::staffing::{erlang_a, erlang_c, SlDefinition, StaffingModel, StaffingOptions};

fn grid(n: usize) -> Vec<NaiveDateTime> {
    grid_of(n, 30)
}

fn grid_of(n: usize, minutes: i64) -> Vec<NaiveDateTime> {
    let t0 = NaiveDate::from_ymd_opt(2024, 3, 4)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (0..n).map(|i| t0 + Duration::minutes(minutes * i as i64)).collect()
}

/// The stationary check's intervals: 4 hours each, 800 calls at AHT 180 s (10 Erlangs). The
/// per-interval figures are the mean over replications of each interval's own ratio (answered
/// within the threshold ÷ offered *in that interval*, as an interval report shows it), which
/// differs from Erlang's long-run fraction by a finite-interval bias of order 1 / calls: on
/// 30-minute intervals of 100 calls it is about +0.01 on the service level (a busy interval has
/// both more calls and a lower ratio), larger than the confidence interval of 400 replications;
/// on 4-hour intervals of 800 calls it is about 8 times smaller.
const LONG_MIN: i64 = 240;

/// Twelve 4-hour intervals (see [`LONG_MIN`]), 20 agents on duty, shrinkage 0.3: 14 simulated
/// agents. After the first interval (a warm-up from an empty system), each interval's exact
/// Erlang C service level (0.8884) and ASA must lie within its simulated 99.9% interval (3.29 /
/// 1.96 of the 95% half-width) in at least 10 of the 11 intervals.
#[test]
fn a_stationary_stretch_agrees_with_erlang_c_on_the_net_agents() {
    let ts = grid_of(12, LONG_MIN);
    let w = Workload {
        timestamps: &ts,
        volume: &[800.0; 12],
        aht_s: &[180.0; 12],
    };
    let staffing = StaffingOptions {
        service_level: Some(0.8),
        shrinkage: 0.3,
        ..Default::default()
    };
    let settings = SimulationSettings {
        replications: 400,
        seed: 3,
        ..Default::default()
    };
    let e = simulate_on_duty(&ts, &[20; 12], 14_400, w, &settings, &staffing).unwrap();
    assert!(e.net_agents.iter().all(|&n| n == 14));
    let exact = erlang_c(800.0, 180.0, 14_400.0, 14, 20.0).unwrap();
    let widen = 3.29 / 1.96;
    let inside = |mean: f64, half: f64, x: f64| (mean - x).abs() <= widen * half;
    let sl_in = (1..12)
        .filter(|&i| {
            let s = e.service_level(i);
            inside(s.mean, s.half_width, exact.service_level)
        })
        .count();
    let asa_in = (1..12)
        .filter(|&i| {
            let a = e.intervals[i].asa_s;
            inside(a.mean, a.half_width, exact.asa_s)
        })
        .count();
    assert!(sl_in >= 10 && asa_in >= 10, "SL {sl_in}/11, ASA {asa_in}/11 inside");
    // Nobody abandons with infinite patience (Erlang C's assumption, the default here).
    assert!(e.intervals.iter().all(|x| x.abandon_rate.mean == 0.0));
}

/// Erlang A staffing (patience 300 s): with no `patience` in the settings the simulation takes
/// the staffing's, exponential. 11 agents on 10 Erlangs over twelve 4-hour intervals: the exact
/// abandonment and service level (answered definition) must lie within the 99.9% interval in at
/// least 10 of the 11 intervals after the first.
#[test]
fn erlang_a_staffing_lends_its_patience_and_definition() {
    let ts = grid_of(12, LONG_MIN);
    let w = Workload {
        timestamps: &ts,
        volume: &[800.0; 12],
        aht_s: &[180.0; 12],
    };
    let staffing = StaffingOptions {
        model: StaffingModel::ErlangA,
        patience_s: Some(300.0),
        service_level: Some(0.8),
        sl_definition: SlDefinition::Answered,
        ..Default::default()
    };
    let settings = SimulationSettings {
        replications: 400,
        seed: 11,
        ..Default::default()
    };
    let e = simulate_on_duty(&ts, &[11; 12], 14_400, w, &settings, &staffing).unwrap();
    let exact = erlang_a(800.0, 180.0, 14_400.0, 11, 300.0, 20.0, SlDefinition::Answered).unwrap();
    let widen = 3.29 / 1.96;
    let ab_in = (1..12)
        .filter(|&i| {
            let a = e.intervals[i].abandon_rate;
            (a.mean - exact.p_abandon).abs() <= widen * a.half_width
        })
        .count();
    let sl_in = (1..12)
        .filter(|&i| {
            let s = e.service_level(i);
            (s.mean - exact.service_level).abs() <= widen * s.half_width
        })
        .count();
    assert!(
        ab_in >= 10 && sl_in >= 10,
        "abandonment {ab_in}/11, SL {sl_in}/11 inside"
    );
    // The answered definition is the one reported.
    assert_eq!(e.service_level(5), e.intervals[5].sl_answered);
}

/// The evaluation simulates exactly the plan's agents on the workload's rows: the same
/// estimates, bit for bit, as `simulate_intervals` on the net agents picked out by hand from a
/// grid that starts earlier than the workload.
#[test]
fn the_evaluation_is_the_simulation_of_the_agents_on_duty() {
    let ts = grid(30);
    let on_duty: Vec<u32> = (0..30).map(|i| 8 + (i % 7) as u32).collect();
    let volume: Vec<f64> = (0..24).map(|i| 60.0 + 5.0 * i as f64).collect();
    let aht = vec![200.0; 24];
    let w = Workload {
        timestamps: &ts[6..],
        volume: &volume,
        aht_s: &aht,
    };
    let staffing = StaffingOptions {
        service_level: Some(0.8),
        shrinkage: 0.25,
        ..Default::default()
    };
    let settings = SimulationSettings {
        replications: 50,
        seed: 9,
        patience: Some(PatienceKind::Deterministic),
        patience_s: Some(90.0),
        threads: 1,
        ..Default::default()
    };
    let e = simulate_on_duty(&ts, &on_duty, 1800, w, &settings, &staffing).unwrap();
    let net: Vec<u32> = on_duty[6..].iter().map(|&n| n * 3 / 4).collect();
    assert_eq!(e.net_agents, net);
    let mut more_threads = settings.clone();
    more_threads.threads = 2;
    let (q, o) = more_threads
        .queue_and_options(SimulationInput {
            interval_s: 1800,
            volume,
            aht_s: aht,
            agents: net,
            answer_within_s: 20.0,
            staffing_patience_s: None,
        })
        .unwrap();
    let direct = simulate_intervals(&q, &o).unwrap();
    assert_eq!(e.intervals, direct.intervals);
    assert_eq!(e.total, direct.total);
}

/// Bad input is named: a workload row the plan does not cover, too few replications, a
/// lognormal without its CV, a shrinkage of 1.
#[test]
fn bad_input_is_named() {
    let ts = grid(4);
    let w = Workload {
        timestamps: &ts,
        volume: &[10.0; 4],
        aht_s: &[180.0; 4],
    };
    let staffing = StaffingOptions::default();
    let ok = SimulationSettings {
        replications: 10,
        ..Default::default()
    };
    let e = simulate_on_duty(&ts[..3], &[2; 3], 1800, w, &ok, &staffing).unwrap_err();
    assert!(matches!(e, EvaluationError::NotInPlan { row: 4, .. }), "{e}");
    let one = SimulationSettings {
        replications: 1,
        ..Default::default()
    };
    let msg = simulate_on_duty(&ts, &[2; 4], 1800, w, &one, &staffing)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("replications"), "{msg}");
    let lognormal: SimulationSettings = toml::from_str("handle = \"lognormal\"\nreplications = 10").unwrap();
    let msg = simulate_on_duty(&ts, &[2; 4], 1800, w, &lognormal, &staffing)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("handle_cv"), "{msg}");
    let all_shrunk = StaffingOptions {
        shrinkage: 1.0,
        ..Default::default()
    };
    let msg = simulate_on_duty(&ts, &[2; 4], 1800, w, &ok, &all_shrunk)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("hrinkage"), "{msg}");
    let err = toml::from_str::<SimulationSettings>("patience = \"weibull\"").unwrap_err();
    assert!(err.to_string().contains("weibull"), "{err}");
}
