//! Seeded synthetic contact-centre series of known rate, for the forecasting robustness suite
//! (`benches/forecast_robustness.rs`, `tests/forecast_robustness.rs`).
//!
//! A series is a rate per 15-minute cell (open 07:00–22:00 every day, a two-hump intraday shape,
//! a weekday factor) with a [`Shape`] applied to it, and Poisson counts drawn from that rate. The
//! 30- and 60-minute series sum the 15-minute cells, rates and counts alike (a sum of
//! independent Poisson counts is Poisson with the summed rate), so every resolution has an exact
//! true rate: forecasting with it is the floor no model can beat on average.

#![allow(dead_code)]

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::{rngs::StdRng, Rng, SeedableRng};
use wfmkit::forecast::History;

/// Days of every series: 26 weeks of history before the 8 scored weeks of a backtest.
pub const DAYS: usize = 34 * 7;
/// The first day (a Monday).
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap()
}

/// What happens to the base rate over the series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Stationary.
    NoChange,
    /// The level grows linearly by this fraction from the first day to the last (e.g. 0.2, −0.2).
    Trend(f64),
    /// The level jumps by this fraction (e.g. 0.3, −0.3) on day [`SHIFT_DAY`] and stays.
    LevelShift(f64),
    /// The morning peak moves from 10:30 to 12:30, linearly over the series.
    MovingProfile,
    /// A campaign multiplies the whole day's rate by 1.8 on [`SPIKE_DAYS`].
    Spikes,
    /// A smooth drift of the level: `1 + 0.15 sin(2π d / 150)` (a summer swell and a dip).
    Drift,
}

/// The day of [`Shape::LevelShift`]: 3 weeks before the first scored origin.
pub const SHIFT_DAY: usize = DAYS - 8 * 7 - 21;
/// The campaign days of [`Shape::Spikes`]: three in the fitted history, two in the scored weeks.
pub const SPIKE_DAYS: [usize; 5] = [40, 95, 150, DAYS - 40, DAYS - 12];

/// A series: its shape, mean calls per open 15-minute cell and seed.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Name in the report.
    pub name: &'static str,
    /// The shape.
    pub shape: Shape,
    /// Mean calls per open 15-minute cell on an average day before any change.
    pub per_cell: f64,
    /// Seed of the Poisson draws.
    pub seed: u64,
}

/// The suite: the five shapes (trend and shift both ways) at about 40 calls per open 15-minute
/// cell (2,400 a day), the stationary one at low volume (2 per open 15-minute cell, so 2–8 per
/// interval from 15 to 60 minutes), and a smooth drift at high volume (200 per cell, 12,000 a
/// day), where the level's error outweighs the Poisson noise.
pub fn suite() -> Vec<Spec> {
    vec![
        Spec {
            name: "no_change",
            shape: Shape::NoChange,
            per_cell: 40.0,
            seed: 1,
        },
        Spec {
            name: "trend_+20%",
            shape: Shape::Trend(0.2),
            per_cell: 40.0,
            seed: 2,
        },
        Spec {
            name: "trend_-20%",
            shape: Shape::Trend(-0.2),
            per_cell: 40.0,
            seed: 3,
        },
        Spec {
            name: "shift_+30%",
            shape: Shape::LevelShift(0.3),
            per_cell: 40.0,
            seed: 4,
        },
        Spec {
            name: "shift_-30%",
            shape: Shape::LevelShift(-0.3),
            per_cell: 40.0,
            seed: 5,
        },
        Spec {
            name: "moving_profile",
            shape: Shape::MovingProfile,
            per_cell: 40.0,
            seed: 6,
        },
        Spec {
            name: "spikes",
            shape: Shape::Spikes,
            per_cell: 40.0,
            seed: 7,
        },
        Spec {
            name: "low_volume",
            shape: Shape::NoChange,
            per_cell: 2.0,
            seed: 8,
        },
        Spec {
            name: "drift_high",
            shape: Shape::Drift,
            per_cell: 200.0,
            seed: 9,
        },
    ]
}

/// Weekday factors, Monday first (mean 1 over the week, to 1e-12).
const WEEKDAY: [f64; 7] = [1.25, 1.1, 1.05, 1.0, 0.95, 0.9, 0.75];

/// The true rate per 15-minute cell, `DAYS × 96`.
pub fn rate(spec: &Spec) -> Vec<f64> {
    let mut out = vec![0.0; DAYS * 96];
    for d in 0..DAYS {
        let progress = d as f64 / (DAYS - 1) as f64;
        let level = match spec.shape {
            Shape::Trend(f) => 1.0 + f * progress,
            Shape::LevelShift(f) if d >= SHIFT_DAY => 1.0 + f,
            Shape::Spikes if SPIKE_DAYS.contains(&d) => 1.8,
            Shape::Drift => 1.0 + 0.15 * (2.0 * std::f64::consts::PI * d as f64 / 150.0).sin(),
            _ => 1.0,
        };
        let peak = match spec.shape {
            Shape::MovingProfile => 10.5 + 2.0 * progress,
            _ => 10.5,
        };
        let open = 28..88; // 07:00 to 22:00
        let shape = |c: usize| {
            let h = c as f64 / 4.0 + 0.125;
            1.0 + 1.2 * (-((h - peak) / 1.6).powi(2)).exp() + 0.8 * (-((h - 15.5) / 2.0).powi(2)).exp()
        };
        let mean_shape: f64 = open.clone().map(shape).sum::<f64>() / open.len() as f64;
        for c in open {
            out[d * 96 + c] = spec.per_cell * level * WEEKDAY[d % 7] * shape(c) / mean_shape;
        }
    }
    out
}

/// A Poisson draw with mean `lambda` by inversion (sequential search; exact, O(λ)).
pub fn poisson(rng: &mut StdRng, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 0.0;
    }
    // Split large means into pieces of at most 30, whose sum is Poisson with the sum of means,
    // so that e^(−λ) never underflows.
    let pieces = (lambda / 30.0).ceil() as usize;
    let part = lambda / pieces as f64;
    let mut n = 0u64;
    for _ in 0..pieces {
        let u: f64 = rng.random();
        let mut p = (-part).exp();
        let mut cdf = p;
        let mut k = 0u64;
        while u > cdf && k < 10_000 {
            k += 1;
            p *= part / k as f64;
            cdf += p;
        }
        n += k;
    }
    n as f64
}

/// Counts per 15-minute cell drawn from [`rate`].
pub fn counts(spec: &Spec) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    rate(spec).into_iter().map(|l| poisson(&mut rng, l)).collect()
}

/// Sums 15-minute cells into `interval_s` cells (900, 1800 or 3600).
pub fn aggregate(cells: &[f64], interval_s: u32) -> Vec<f64> {
    let k = (interval_s / 900) as usize;
    cells.chunks(k).map(|c| c.iter().sum()).collect()
}

/// The timestamps of `n` cells of `interval_s` from the first day.
pub fn timestamps(n: usize, interval_s: u32) -> Vec<NaiveDateTime> {
    let t0 = first_day().and_hms_opt(0, 0, 0).unwrap();
    (0..n)
        .map(|i| t0 + Duration::seconds(i as i64 * interval_s as i64))
        .collect()
}

/// The history of `spec` at `interval_s`, and its true rate per cell.
pub fn series(spec: &Spec, interval_s: u32) -> (History, Vec<f64>) {
    let y = aggregate(&counts(spec), interval_s);
    let r = aggregate(&rate(spec), interval_s);
    let h = History::try_new(interval_s, timestamps(y.len(), interval_s), y).unwrap();
    (h, r)
}
