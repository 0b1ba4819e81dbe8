//! The forecast on series of other shapes than the bank series it was first tuned on (issue 13):
//! seeded synthetic series of known rate from `tests/forecast_synthetic` (a level shift on a
//! known day, a trend of known sign, campaign days, a smooth drift, a stable series), so every
//! expected value below comes from how the series was generated, not from wfmkit. The full table
//! against the peers is `cargo bench --bench forecast_robustness`.

mod forecast_synthetic;

use chrono::{Duration, NaiveDate};
use forecast_synthetic::{first_day, series, suite, Shape, Spec, DAYS, SHIFT_DAY};
use wfmkit::forecast::{backtest, BacktestOptions, ForecastModel, ForecastOptions, Forecaster, History};

fn spec(name: &str) -> Spec {
    suite().into_iter().find(|s| s.name == name).unwrap()
}

/// `auto` fitted on the whole series (forecast from the day after it).
fn auto_fit(h: &History) -> wfmkit::forecast::FittedForecaster {
    Forecaster::new(&ForecastOptions::default()).unwrap().fit(h).unwrap()
}

/// A ±30% shift on day `SHIFT_DAY`: found on that day (the issue asks for within a day; the
/// step is sharp, so exactly), its factor within 0.02 of 1.3 or 0.7 (each side's level is the
/// mean of ≥ 77 days of about 2,400 calls, whose log has a standard error near 0.002), and the
/// history before it rescaled (77 days after it ≥ 14). The `model` column says so.
#[test]
fn a_level_shift_is_found_on_its_day() {
    for (name, factor) in [("shift_+30%", 1.3), ("shift_-30%", 0.7)] {
        let (h, _) = series(&spec(name), 1800);
        let fitted = auto_fit(&h);
        let found = fitted
            .changes()
            .level_shift
            .unwrap_or_else(|| panic!("{name}: no shift found"));
        assert_eq!(found.date, first_day() + Duration::days(SHIFT_DAY as i64), "{name}");
        assert!((found.factor - factor).abs() < 0.02, "{name}: factor {}", found.factor);
        assert!(found.adjusted, "{name}");
        assert!(fitted.changes().trend.is_none(), "{name}");
        assert!(fitted.name().contains("level_shift("), "{}", fitted.name());
    }
}

/// A linear trend of ±20% over the series: a trend of that sign and about that size (the
/// relative slope of `1 ± 0.2 t` over the last 26 weeks is 0.45–0.66% a week; tolerance: 0.3–0.9%
/// in size), and no level shift.
#[test]
fn a_trend_is_found_with_its_sign() {
    for (name, sign) in [("trend_+20%", 1.0), ("trend_-20%", -1.0)] {
        let (h, _) = series(&spec(name), 1800);
        let changes = *auto_fit(&h).changes();
        assert!(changes.level_shift.is_none(), "{name}: {changes:?}");
        let t = changes.trend.unwrap_or_else(|| panic!("{name}: no trend found"));
        assert!(
            t.per_week * sign > 0.003 && t.per_week * sign < 0.009,
            "{name}: {}",
            t.per_week
        );
    }
}

/// No shift or trend where there is none: a stable series (ten seeds), campaign days (each a
/// 1.8× day, cleaned by the running median), a moving intraday peak (the daily totals do not
/// move), at 30 minutes. And a smooth ±15% drift is not a shift (its weeks either side of any
/// split are close), so its history is never rescaled.
#[test]
fn nothing_is_found_where_nothing_changed() {
    let mut specs: Vec<Spec> = (10..20)
        .map(|seed| Spec {
            name: "no_change",
            shape: Shape::NoChange,
            per_cell: 40.0,
            seed,
        })
        .collect();
    specs.extend([spec("spikes"), spec("moving_profile"), spec("low_volume")]);
    for s in specs {
        let (h, _) = series(&s, 1800);
        let changes = *auto_fit(&h).changes();
        assert_eq!(changes, Default::default(), "{} seed {}", s.name, s.seed);
    }
    let (h, _) = series(&spec("drift_high"), 1800);
    assert!(auto_fit(&h).changes().level_shift.is_none());
}

/// Near the floor on a stable series: over the last 4 weekly origins, `auto`'s week-ahead MAE
/// is within 2% of the MAE of forecasting with the true rate (the goal; the bench
/// measures 1.004 over 8 origins at 30 minutes), at 30 minutes, high and low volume. Each
/// origin's MAE is WAPE × the mean actual of its week (the same cells).
#[test]
fn a_stable_series_is_forecast_near_the_true_rate_floor() {
    for (name, tolerance) in [("no_change", 1.02), ("low_volume", 1.03)] {
        let s = spec(name);
        let (h, rate) = series(&s, 1800);
        let y = forecast_synthetic::aggregate(&forecast_synthetic::counts(&s), 1800);
        let rows = backtest(
            &h,
            &BacktestOptions {
                origins: 4,
                models: vec![ForecastModel::Auto],
                ..Default::default()
            },
        )
        .unwrap();
        let (mut auto, mut floor) = (0.0, 0.0);
        for r in &rows {
            let d0 = (r.origin - first_day()).num_days() as usize;
            let cells = d0 * 48..(d0 + 7) * 48;
            let mean_y = y[cells.clone()].iter().sum::<f64>() / cells.len() as f64;
            auto += r.wape / 100.0 * mean_y;
            floor += cells.clone().map(|i| (y[i] - rate[i]).abs()).sum::<f64>() / cells.len() as f64;
        }
        assert!(auto / floor <= tolerance, "{name}: auto ÷ floor = {}", auto / floor);
    }
}

/// Noise-free totals growing by 10 calls a day on a flat weekly pattern: the damped-trend model
/// forecasts the next day within 0.5% of the line, and at least ten times closer than the
/// level-only `top_down`. Expected by hand: in the steady state of Holt's damped method on a
/// line of slope c, with α = 0.6, β = 0.2, φ = 0.98 (the grid's corner), the trend settles at
/// βc ÷ (1 − (1 − β)φ) = 0.93c and the one-step forecast falls short by about 0.15c = 1.5 calls
/// on 1,840 (0.08%); a level-only smoothing lags by several days' growth.
#[test]
fn the_damped_trend_follows_a_line() {
    let day0 = NaiveDate::from_ymd_opt(2025, 1, 6)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let days = 84;
    let ts: Vec<_> = (0..days * 24).map(|i| day0 + Duration::hours(i as i64)).collect();
    let total = |d: usize| 1000.0 + 10.0 * d as f64;
    let vol: Vec<f64> = (0..days * 24).map(|i| total(i / 24) / 24.0).collect();
    let h = History::try_new(3600, ts, vol).unwrap();
    let opts = ForecastOptions {
        model: ForecastModel::TopDownDamped,
        horizon_days: 1,
        ..Default::default()
    };
    let f = wfmkit::forecast::forecast(&h, &opts).unwrap();
    let next: f64 = f.volume.iter().sum();
    assert!(
        (next - total(days)).abs() / total(days) < 0.005,
        "{next} vs {}",
        total(days)
    );
    let level_only = ForecastOptions {
        model: ForecastModel::TopDown,
        ..opts
    };
    let flat: f64 = wfmkit::forecast::forecast(&h, &level_only).unwrap().volume.iter().sum();
    assert!(
        10.0 * (next - total(days)).abs() < (flat - total(days)).abs(),
        "{next} vs {flat}"
    );
}

/// `profile_pooled` pools weekdays that share a shape and keeps one that does not. Noise-free
/// data: Monday to Saturday share one shape at different levels, so their forecast is exact
/// (1e-9 relative: identical shapes are at distance 0, so they take the shared shape, which is
/// theirs); Sunday, open 12:00–18:00 with a flat shape, keeps most of its own: each of its
/// cells is within 2% of its own value and nearer to it than to the shared shape's (the
/// James–Stein factor `1 − noise ÷ distance` is above ½ for 3,600 calls in its 12 weeks).
#[test]
fn the_pooled_profile_keeps_a_weekday_of_its_own() {
    let day0 = NaiveDate::from_ymd_opt(2025, 1, 6)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let days = 84;
    let value = |d: usize, hour: usize| -> f64 {
        if d % 7 == 6 {
            if (12..18).contains(&hour) {
                50.0
            } else {
                0.0
            }
        } else if (8..20).contains(&hour) {
            (100 + 10 * (d % 7)) as f64 * (1.0 + (hour as f64 - 14.0).abs() / 6.0)
        } else {
            0.0
        }
    };
    let ts: Vec<_> = (0..days * 24).map(|i| day0 + Duration::hours(i as i64)).collect();
    let vol: Vec<f64> = (0..days * 24).map(|i| value(i / 24, i % 24)).collect();
    let h = History::try_new(3600, ts, vol).unwrap();
    let opts = ForecastOptions {
        model: ForecastModel::ProfilePooled,
        ..Default::default()
    };
    let f = wfmkit::forecast::forecast(&h, &opts).unwrap();
    let shared = |hour: usize| 1.0 + (hour as f64 - 14.0).abs() / 6.0;
    let sunday_shared: f64 = (12..18).map(shared).sum();
    for (i, v) in f.volume.iter().enumerate() {
        let (d, hour) = (days + i / 24, i % 24);
        let want = value(d, hour);
        if d % 7 != 6 {
            assert!((v - want).abs() <= 1e-9 * want.max(1.0), "row {i}: {v} vs {want}");
        } else if want > 0.0 {
            let pooled = 300.0 * shared(hour) / sunday_shared;
            assert!((v - want).abs() <= 0.02 * want, "row {i}: {v} vs {want}");
            assert!(
                (v - want).abs() < (v - pooled).abs(),
                "row {i}: {v} vs {want} (pooled {pooled})"
            );
        } else {
            assert_eq!(*v, 0.0, "row {i}");
        }
    }
    assert_eq!(DAYS % 7, 0);
}
