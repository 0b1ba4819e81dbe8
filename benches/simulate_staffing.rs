//! The staffing comparison of issue 14: stationary (Erlang) staffing against staffing by
//! simulation, on the time-varying test case of Feldman, Mandelbaum, Massey & Whitt (Management
//! Science 2008) for a delay-probability target and on a contact-centre day for an 80/20
//! service-level target, and staffing against forecast uncertainty. Every figure is scored by
//! an independent simulation (another seed). Prints tables; asserts nothing (the tests in
//! `tests/simulate_staffing.rs` and `tests/staffing_uncertainty.rs` do).
//!
//! Run: `cargo bench --bench simulate_staffing`.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use wfmkit::forecast::Forecast;
use wfmkit::requirements::{requirements, requirements_by_simulation};
use wfmkit::simulate::{
    simulate_intervals, staff_by_simulation, HandleTime, IterativeStaffingOptions, Patience, SimulationSettings,
    TimeVaryingOptions, TimeVaryingQueue,
};
use wfmkit::staffing::{agents_for_probability, erlang_a, SlDefinition, StaffingMethod, StaffingOptions};

const UNIT_S: f64 = 600.0;
const INTERVAL_S: u32 = 60;

fn options(seed: u64, replications: u32) -> TimeVaryingOptions {
    TimeVaryingOptions {
        seed,
        replications,
        threads: 2,
        max_events: 100_000_000,
    }
}

/// λ(t) = 100 + 20 sin t, μ = 1, patience rate θ, over two periods (time unit 600 s, 60-second
/// intervals); the second period is scored.
fn sinusoid(theta: f64) -> TimeVaryingQueue {
    let n = (4.0 * std::f64::consts::PI * UNIT_S / INTERVAL_S as f64).round() as usize;
    TimeVaryingQueue {
        interval_s: INTERVAL_S,
        volume: (0..n)
            .map(|i| {
                let t = (i as f64 + 0.5) * INTERVAL_S as f64 / UNIT_S;
                (100.0 + 20.0 * t.sin()) * INTERVAL_S as f64 / UNIT_S
            })
            .collect(),
        aht_s: vec![UNIT_S; n],
        agents: vec![0; n],
        handle: HandleTime::Exponential,
        patience: Patience::Exponential { mean_s: UNIT_S / theta },
        answer_within_s: 0.0,
        day_factor_cv: 0.0,
    }
}

/// Σ num ÷ Σ den per interval over an independent simulation of `agents`.
fn score(q: &TimeVaryingQueue, agents: &[u32], num: fn(&wfmkit::simulate::IntervalTally) -> u64) -> Vec<f64> {
    let mut q = q.clone();
    q.agents = agents.to_vec();
    let r = simulate_intervals(&q, &options(99, 4000)).expect("simulate");
    (0..q.volume.len())
        .map(|i| {
            let a: u64 = r.tallies.iter().map(|t| num(&t[i])).sum();
            let o: u64 = r.tallies.iter().map(|t| t[i].offered).sum();
            a as f64 / o as f64
        })
        .collect()
}

fn main() {
    println!("Delay-probability target, λ(t) = 100 + 20 sin t, μ = 1 (Feldman et al. 2008); second period scored, 4,000 independent replications");
    println!("| θ | α | stationary max abs(P(delay) − α) | ISA max | ISA mean | mean agents stationary | ISA | ISA iterations | seconds |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for theta in [0.2, 1.0, 5.0] {
        for alpha in [0.1, 0.5] {
            let q = sinusoid(theta);
            let n = q.volume.len();
            let stationary: Vec<u32> = q
                .volume
                .iter()
                .map(|&v| {
                    (1..1000)
                        .find(|&s| {
                            erlang_a(
                                v,
                                UNIT_S,
                                INTERVAL_S as f64,
                                s,
                                UNIT_S / theta,
                                0.0,
                                SlDefinition::Offered,
                            )
                            .expect("erlang_a")
                            .p_wait
                                <= alpha
                        })
                        .unwrap_or(1000)
                })
                .collect();
            let t = Instant::now();
            let isa = staff_by_simulation(
                &q,
                &IterativeStaffingOptions {
                    target_p_delay: Some(alpha),
                    target_service_level: None,
                    start_from_queue: false,
                    max_iterations: 10,
                    simulation: options(2008, 2000),
                },
            )
            .expect("isa");
            let secs = t.elapsed().as_secs_f64();
            let gaps = |a: &[u32]| -> Vec<f64> {
                score(&q, a, |t| t.delayed)[n / 2..]
                    .iter()
                    .map(|p| (p - alpha).abs())
                    .collect()
            };
            let (gs, gi) = (gaps(&stationary), gaps(&isa.agents));
            let max = |g: &[f64]| g.iter().cloned().fold(0.0, f64::max);
            let mean_agents = |a: &[u32]| a[n / 2..].iter().sum::<u32>() as f64 / (n - n / 2) as f64;
            println!(
                "| {theta} | {alpha} | {:.3} | {:.3} | {:.3} | {:.2} | {:.2} | {}{} | {secs:.1} |",
                max(&gs),
                max(&gi),
                gi.iter().sum::<f64>() / gi.len() as f64,
                mean_agents(&stationary),
                mean_agents(&isa.agents),
                isa.iterations,
                if isa.converged { "" } else { " (not settled)" }
            );
        }
    }

    println!();
    println!("80/20 target, 13 hours of 15-minute intervals climbing from 40 to 400 calls, a plateau and a decline, AHT 300 s, no abandonment; 4,000 independent replications");
    println!("| staffing | worst interval SL | intervals below 0.78 | agent-hours | iterations | seconds |");
    println!("|---|---|---|---|---|---|");
    let n = 52;
    let volume: Vec<f64> = (0..n)
        .map(|i| match i {
            0..=3 => 40.0,
            4..=11 => 40.0 + 45.0 * (i - 3) as f64,
            12..=35 => 400.0,
            _ => 400.0 - 20.0 * (i - 35) as f64,
        })
        .collect();
    let t0 = NaiveDate::from_ymd_opt(2024, 3, 4)
        .and_then(|d| d.and_hms_opt(7, 0, 0))
        .expect("date");
    let f = Forecast {
        interval_s: 900,
        timestamps: (0..n).map(|i| t0 + Duration::minutes(15 * i as i64)).collect(),
        volume: volume.clone(),
        aht_s: vec![300.0; n],
        bands: vec![],
        model: "given".into(),
        zone: None,
    };
    let erlang = StaffingOptions {
        service_level: Some(0.8),
        ..Default::default()
    };
    let e = requirements(&f, &erlang).expect("erlang");
    let t = Instant::now();
    let (s, isa) = requirements_by_simulation(
        &f,
        &StaffingOptions {
            method: StaffingMethod::Simulation,
            ..erlang.clone()
        },
        &SimulationSettings {
            replications: 1000,
            seed: 14,
            ..Default::default()
        },
    )
    .expect("simulation");
    let secs = t.elapsed().as_secs_f64();
    let q = TimeVaryingQueue {
        interval_s: 900,
        volume,
        aht_s: vec![300.0; n],
        agents: vec![0; n],
        handle: HandleTime::Exponential,
        patience: Patience::Infinite,
        answer_within_s: 20.0,
        day_factor_cv: 0.0,
    };
    for (name, agents, its, secs) in [
        (
            "Erlang C",
            e.staffing.iter().map(|x| x.agents).collect::<Vec<_>>(),
            "–".to_string(),
            0.0,
        ),
        (
            "simulation",
            s.staffing.iter().map(|x| x.agents).collect(),
            isa.iterations.to_string(),
            secs,
        ),
    ] {
        let sl = score(&q, &agents, |t| t.answered_within);
        println!(
            "| {name} | {:.3} | {} | {:.2} | {its} | {secs:.1} |",
            sl.iter().cloned().fold(1.0, f64::min),
            sl.iter().filter(|&&x| x < 0.78).count(),
            agents.iter().sum::<u32>() as f64 / 4.0
        );
    }

    println!();
    println!("80/20 on 90% of days with a gamma busyness factor of CV 0.2 (100 calls in 30 min, AHT 180 s, Erlang A, patience 300 s); 2,000 simulated days of 10 hours");
    println!("| staffing | agents | share of days meeting 80/20 |");
    println!("|---|---|---|");
    let opts = StaffingOptions {
        model: wfmkit::staffing::StaffingModel::ErlangA,
        patience_s: Some(300.0),
        service_level: Some(0.8),
        ..Default::default()
    };
    let u = agents_for_probability(100.0, 180.0, 1800.0, &opts, 0.2, 0.9).expect("uncertainty");
    for (name, agents) in [("point forecast", u.point.agents), ("90% of days", u.staffing.agents)] {
        let q = TimeVaryingQueue {
            interval_s: 1800,
            volume: vec![100.0; 24],
            aht_s: vec![180.0; 24],
            agents: vec![agents; 24],
            handle: HandleTime::Exponential,
            patience: Patience::Exponential { mean_s: 300.0 },
            answer_within_s: 20.0,
            day_factor_cv: 0.2,
        };
        let mut o = options(7, 2000);
        o.threads = 2;
        let r = simulate_intervals(&q, &o).expect("simulate");
        // Each replication is one day with its own factor: its service level over hours 2-12.
        let met = r
            .tallies
            .iter()
            .filter(|rep| {
                let (w, off): (u64, u64) = rep[4..]
                    .iter()
                    .fold((0, 0), |(w, o), t| (w + t.answered_within, o + t.offered));
                off > 0 && w as f64 / off as f64 >= 0.8
            })
            .count();
        println!("| {name} | {agents} | {:.3} |", met as f64 / r.tallies.len() as f64);
    }
}
