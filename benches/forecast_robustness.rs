//! Forecasting robustness suite: `auto` against each of its own candidates, the peers and the
//! true-rate floor on seeded synthetic series of known rate (`tests/forecast_synthetic`):
//! no change, a ±20% trend, a ±30% level shift, a moving intraday peak, campaign spikes and
//! low volume, each at 15, 30 and 60 minutes. Rolling origins: 8 weekly origins, each fitted on
//! everything before it and scored on the 7 days after it (`wfmkit::forecast::backtest`).
//!
//! Printed per series: the mean MASE (scale: the in-sample weekly seasonal naive) of `auto`,
//! of the best of its own candidates and of the best peer (weekly seasonal naive, 8-week
//! average, daily ETS × profile, MSTL with AutoETS through augurs); `auto` ÷ best candidate and
//! `auto` ÷ floor (the floor forecasts with the true rate; ratio of MAEs on the same cells);
//! and the 80% and 95% interval coverage of `auto`, and that of the same kind of count interval
//! around the true rate (`or80`, `or95`: integer counts put mass on the bounds, so even the
//! oracle covers more than nominal).
//!
//! Run: `cargo bench --bench forecast_robustness` (about three minutes on one core; names as
//! arguments run the series whose names contain them). The goals are in
//! `benches/forecast_results.md`. With `FORECAST_ROBUSTNESS_CSV=DIR` it also writes each series
//! as `DIR/NAME_MIN.csv` (`timestamp,calls`), on which `python benches/forecast_peers.py --csv
//! DIR/*.csv` runs statsforecast's MSTL and AutoETS by the same protocol.

#[path = "../tests/forecast_synthetic/mod.rs"]
mod forecast_synthetic;

use forecast_synthetic::{series, suite};
use wfmkit::forecast::{backtest, BacktestOptions, ForecastModel as M};

const CANDIDATES: [M; 10] = [
    M::SeasonalNaive,
    M::WeeklyAverage,
    M::ProfileMean,
    M::ProfilePooled,
    M::ProfileMedian,
    M::TopDown,
    M::TopDownDamped,
    M::ShortTerm,
    M::Combination,
    M::SeasonalNaiveDaily,
];
const PEERS: [M; 4] = [M::SeasonalNaive, M::WeeklyAverage, M::TopDown, M::Mstl];

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let mut models = vec![M::Auto];
    for m in CANDIDATES.into_iter().chain(PEERS) {
        if !models.contains(&m) {
            models.push(m);
        }
    }
    println!(
        "{:<15} {:>5} {:>7} {:>22} {:>8} {:>20} {:>8} {:>6} {:>6} {:>6} {:>6}  auto's choice (last origin)",
        "series", "min", "auto", "best candidate", "÷best", "best peer", "÷floor", "cov80", "cov95", "or80", "or95"
    );
    let (mut worst_cand, mut worst_peer) = (0.0f64, 0.0f64);
    for spec in suite() {
        if !filter.is_empty() && !filter.iter().any(|f| spec.name.contains(f.as_str())) {
            continue;
        }
        for interval_s in [900u32, 1800, 3600] {
            let (history, rate) = series(&spec, interval_s);
            if let Ok(dir) = std::env::var("FORECAST_ROBUSTNESS_CSV") {
                write_csv(&dir, spec.name, &history);
            }
            let opts = BacktestOptions {
                horizon_days: 7,
                origins: 8,
                step_days: Some(7),
                models: models.clone(),
                ..Default::default()
            };
            let t = std::time::Instant::now();
            let rows = backtest(&history, &opts).expect("backtest");
            let secs = t.elapsed().as_secs_f64();
            let slots = (86_400 / interval_s) as usize;
            let y: Vec<f64> = forecast_synthetic::aggregate(&forecast_synthetic::counts(&spec), interval_s);
            // Mean MASE per model, and the floor's MASE on the same origins (the MASE scale of
            // an origin is MAE ÷ MASE of any model there).
            let mean = |m: M| -> f64 {
                let v: Vec<f64> = rows.iter().filter(|r| r.model == m).map(|r| r.mase).collect();
                v.iter().sum::<f64>() / v.len() as f64
            };
            let mut floor = 0.0;
            let origins: Vec<_> = rows.iter().filter(|r| r.model == M::Auto).collect();
            for r in &origins {
                let d0 = (r.origin - forecast_synthetic::first_day()).num_days() as usize;
                let cells = d0 * slots..(d0 + 7) * slots;
                let mean_y = y[cells.clone()].iter().sum::<f64>() / cells.len() as f64;
                let mae_auto = r.wape / 100.0 * mean_y;
                let scale = mae_auto / r.mase;
                let mae_floor = cells.clone().map(|i| (y[i] - rate[i]).abs()).sum::<f64>() / cells.len() as f64;
                floor += mae_floor / scale / origins.len() as f64;
            }
            let auto = mean(M::Auto);
            let best_cand = CANDIDATES
                .iter()
                .map(|&m| (m, mean(m)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            let best_peer = PEERS
                .iter()
                .map(|&m| (m, mean(m)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            let cov = |i: usize| origins.iter().map(|r| r.coverage[i]).sum::<f64>() / origins.len() as f64;
            // The coverage of the same kind of interval around the true rate: integer counts put
            // mass on the bounds, so even the oracle covers more than nominal.
            let mut oracle = [0usize; 2];
            let mut cells = 0usize;
            for r in &origins {
                let d0 = (r.origin - forecast_synthetic::first_day()).num_days() as usize;
                for i in d0 * slots..(d0 + 7) * slots {
                    cells += 1;
                    for (k, level) in [0.8, 0.95].into_iter().enumerate() {
                        let (lo, hi) = poisson_interval(rate[i], level);
                        if y[i] >= lo && y[i] <= hi {
                            oracle[k] += 1;
                        }
                    }
                }
            }
            let oracle: Vec<f64> = oracle.iter().map(|&c| 100.0 * c as f64 / cells as f64).collect();
            worst_cand = worst_cand.max(auto / best_cand.1);
            worst_peer = worst_peer.max(auto / best_peer.1);
            println!(
                "{:<15} {:>5} {:>7.3} {:>14} {:>7.3} {:>8.3} {:>12} {:>7.3} {:>8.3} {:>6.1} {:>6.1} {:>6.1} {:>6.1}  {} ({secs:.1} s)",
                spec.name,
                interval_s / 60,
                auto,
                best_cand.0.name(),
                best_cand.1,
                auto / best_cand.1,
                best_peer.0.name(),
                best_peer.1,
                auto / floor,
                cov(0),
                cov(1),
                oracle[0],
                oracle[1],
                origins.last().map_or("", |r| r.fitted.as_str()),
            );
        }
    }
    println!("worst auto ÷ best own candidate: {worst_cand:.3} (goal ≤ 1.02); worst auto ÷ best peer: {worst_peer:.3} (goal ≤ 1)");
}

/// The central interval at `level` of a Poisson count with mean `mu`, by the rule of wfmkit's
/// count intervals (each bound the count whose cumulative probability is closest to its tail
/// target; the normal approximation above a mean of 150), for the oracle's coverage.
fn poisson_interval(mu: f64, level: f64) -> (f64, f64) {
    if mu <= 0.0 {
        return (0.0, 0.0);
    }
    let q_lo = (1.0 - level) / 2.0;
    let q_hi = 1.0 - q_lo;
    if mu > 150.0 {
        use statrs::distribution::{ContinuousCDF, Normal};
        let z = Normal::standard().inverse_cdf(q_hi);
        return ((mu - z * mu.sqrt()).max(0.0), mu + z * mu.sqrt());
    }
    let (mut pmf, mut below) = ((-mu).exp(), 0.0);
    let (mut lo, mut hi, mut best_lo, mut best_hi) = (0.0, 0.0, f64::INFINITY, f64::INFINITY);
    for k in 0..=((mu + 12.0 * mu.sqrt() + 20.0) as usize) {
        let kf = k as f64;
        if (below - q_lo).abs() < best_lo {
            best_lo = (below - q_lo).abs();
            lo = kf;
        }
        let cdf = below + pmf;
        if (cdf - q_hi).abs() < best_hi {
            best_hi = (cdf - q_hi).abs();
            hi = kf;
        }
        below = cdf;
        pmf *= mu / (kf + 1.0);
    }
    (lo, hi)
}

/// Writes `history` as `dir/NAME_MIN.csv` with `timestamp,calls`.
fn write_csv(dir: &str, name: &str, history: &wfmkit::forecast::History) {
    use std::io::Write;
    std::fs::create_dir_all(dir).expect("csv dir");
    let path = format!("{dir}/{name}_{}.csv", history.interval_s() / 60);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("csv file"));
    writeln!(out, "timestamp,calls").unwrap();
    for (t, v) in history.timestamps().iter().zip(history.volume()) {
        writeln!(out, "{},{v}", t.format("%Y-%m-%dT%H:%M:%S")).unwrap();
    }
}
