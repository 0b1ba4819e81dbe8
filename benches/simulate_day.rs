//! Speed of the time-varying simulation (`wfmkit::simulate::simulate_intervals`), against the
//! goals of issue 14: 10,000 replications of a 13-hour day of 15-minute intervals with about
//! 1,660 calls in ≤ 5 s on one core, and a 7-day 15-minute week at 30–200 agents, 1,000
//! replications in ≤ 10 s on 2 cores. Prints seconds and simulated events (arrivals,
//! completions, interval ends) per second.
//!
//! Run: `cargo bench --bench simulate_day`.

use std::time::Instant;

use wfmkit::simulate::{simulate_intervals, HandleTime, Patience, TimeVaryingOptions, TimeVaryingQueue};

/// A day's shape over `n` intervals: a morning peak and a smaller afternoon one.
fn shape(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| {
            let h = i as f64 / n as f64;
            1.0 + 1.5 * (-((h - 0.3) / 0.12).powi(2)).exp() + (-((h - 0.7) / 0.15).powi(2)).exp()
        })
        .collect()
}

/// Agents for a load of `a` Erlangs: the load plus a square-root safety margin.
fn agents(a: f64) -> u32 {
    (a + 1.5 * a.sqrt()).ceil().max(1.0) as u32
}

fn queue(volume: Vec<f64>, aht: f64) -> TimeVaryingQueue {
    let n = volume.len();
    let ag = volume.iter().map(|v| agents(v * aht / 900.0)).collect();
    TimeVaryingQueue {
        interval_s: 900,
        volume,
        aht_s: vec![aht; n],
        agents: ag,
        handle: HandleTime::LogNormal { cv: 1.0 },
        patience: Patience::Exponential { mean_s: 180.0 },
        answer_within_s: 20.0,
        day_factor_cv: 0.0,
    }
}

fn run(name: &str, q: &TimeVaryingQueue, replications: u32, threads: usize) {
    let opts = TimeVaryingOptions {
        seed: 1,
        replications,
        threads,
        max_events: 100_000_000,
    };
    let t = Instant::now();
    let r = simulate_intervals(q, &opts).expect("simulate");
    let secs = t.elapsed().as_secs_f64();
    let calls: f64 = q.volume.iter().sum();
    println!(
        "{name}: {} intervals, {calls:.0} calls, agents {}–{}, {replications} replications on {threads} thread(s): {secs:.2} s, {:.1} M events/s; service level (offered) {:.3} ± {:.3}",
        q.volume.len(),
        q.agents.iter().min().unwrap(),
        q.agents.iter().max().unwrap(),
        r.events as f64 / secs / 1e6,
        r.total.sl_offered.mean,
        r.total.sl_offered.half_width,
    );
}

fn main() {
    // 13 hours of 15-minute intervals (52), scaled to 1,660 calls, AHT 240 s.
    let s = shape(52);
    let total: f64 = s.iter().sum();
    let day: Vec<f64> = s.iter().map(|x| x * 1660.0 / total).collect();
    run("13-hour day", &queue(day, 240.0), 10_000, 1);
    // A week of 15-minute intervals around the clock, peaking near 200 agents.
    let s = shape(96);
    let max = s.iter().cloned().fold(0.0, f64::max);
    let week: Vec<f64> = (0..7).flat_map(|_| s.iter().map(|x| x / max * 600.0)).collect();
    run("7-day week", &queue(week, 270.0), 1000, 2);
}
