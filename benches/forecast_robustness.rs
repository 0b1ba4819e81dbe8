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
//! and the 80% and 95% interval coverage of `auto`.
//!
//! Run: `cargo bench --bench forecast_robustness` (about a minute on one core). The goals are
//! in `benches/forecast_results.md`.

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
        "{:<15} {:>5} {:>7} {:>22} {:>8} {:>20} {:>8} {:>6} {:>6}  auto's choice (last origin)",
        "series", "min", "auto", "best candidate", "÷best", "best peer", "÷floor", "cov80", "cov95"
    );
    let (mut worst_cand, mut worst_peer) = (0.0f64, 0.0f64);
    for spec in suite() {
        if !filter.is_empty() && !filter.iter().any(|f| spec.name.contains(f.as_str())) {
            continue;
        }
        for interval_s in [900u32, 1800, 3600] {
            let (history, rate) = series(&spec, interval_s);
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
            worst_cand = worst_cand.max(auto / best_cand.1);
            worst_peer = worst_peer.max(auto / best_peer.1);
            println!(
                "{:<15} {:>5} {:>7.3} {:>14} {:>7.3} {:>8.3} {:>12} {:>7.3} {:>8.3} {:>6.1} {:>6.1}  {} ({secs:.1} s)",
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
                origins.last().map_or("", |r| r.fitted.as_str()),
            );
        }
    }
    println!("worst auto ÷ best own candidate: {worst_cand:.3} (goal ≤ 1.02); worst auto ÷ best peer: {worst_peer:.3} (goal ≤ 1)");
}
