//! Rolling-origin backtest of any set of models on one history.

use chrono::{Duration, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, SpecialDayKind};
use super::grid::DayGrid;
use super::{ForecastError, ForecastModel, ForecastOptions, Forecaster, History, SpecialDay};

/// Options of [`backtest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BacktestOptions {
    /// Days each origin forecasts (default 7).
    pub horizon_days: u32,
    /// Number of origins (default 8): the last one leaves exactly `horizon_days` days of actuals.
    pub origins: u32,
    /// Days between origins (default: `horizon_days`).
    pub step_days: Option<u32>,
    /// The models to score (default: auto, weekly_average, seasonal_naive, top_down).
    pub models: Vec<ForecastModel>,
    /// Interval levels whose coverage is measured (default 80 and 95).
    pub levels: Vec<f64>,
    /// Weeks of the weekly average and profiles (default 8).
    pub k_weeks: u32,
    /// Special days, as in [`ForecastOptions::holidays`]; closed days are not scored.
    pub holidays: Vec<SpecialDay>,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        Self {
            horizon_days: 7,
            origins: 8,
            step_days: None,
            models: vec![
                ForecastModel::Auto,
                ForecastModel::WeeklyAverage,
                ForecastModel::SeasonalNaive,
                ForecastModel::TopDown,
            ],
            levels: vec![80.0, 95.0],
            k_weeks: 8,
            holidays: Vec::new(),
        }
    }
}

/// Scores of one model at one origin.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestRow {
    /// The model asked for.
    pub model: ForecastModel,
    /// What the fitted model reports (for `auto`, the models it chose).
    pub fitted: String,
    /// First forecast day.
    pub origin: NaiveDate,
    /// Number of scored intervals (present in the history, not on a closed special day).
    pub n: usize,
    /// Mean absolute error divided by the in-sample MAE of the weekly seasonal naive on the
    /// history before the origin (Hyndman & Koehler 2006).
    pub mase: f64,
    /// Σ|error| / Σ actual, in percent.
    pub wape: f64,
    /// Root mean squared error per interval.
    pub rmse: f64,
    /// Mean of forecast − actual per interval (positive: over-forecast).
    pub bias: f64,
    /// Share of actuals inside the interval, in percent, one per level (same order).
    pub coverage: Vec<f64>,
}

/// Rolling-origin backtest: for each origin, fit every model on the history before it, forecast
/// `horizon_days` days and score the forecast against the actual intervals.
///
/// # Errors
///
/// [`ForecastError::InvalidOption`] for a bad option (`horizon_days` or `step_days` outside
/// 1..=366, `origins` outside 1..=1000, no model, a bad level or special day), or [`ForecastError::TooLittleHistory`] when
/// the history is too short for the origins asked for (it says how much is needed).
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{backtest, BacktestOptions, ForecastModel, History};
///
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..70 * 24).map(|h| day0 + Duration::hours(h)).collect();
/// let vol: Vec<f64> = (0..70 * 24).map(|h| (10 + (h * 7919) % 5) as f64).collect();
/// let history = History::try_new(3600, ts, vol).unwrap();
/// let opts = BacktestOptions { origins: 2, models: vec![ForecastModel::WeeklyAverage], ..Default::default() };
/// let rows = backtest(&history, &opts).unwrap();
/// assert_eq!(rows.len(), 2);
/// assert!(rows.iter().all(|r| r.n == 7 * 24 && r.mase.is_finite()));
/// ```
pub fn backtest(history: &History, options: &BacktestOptions) -> Result<Vec<BacktestRow>, ForecastError> {
    let h = options.horizon_days;
    let step = options.step_days.unwrap_or(h);
    for (option, value, max) in [
        ("horizon_days", h, 366),
        ("origins", options.origins, 1000),
        ("step_days", step, 366),
    ] {
        if !(1..=max).contains(&value) {
            return Err(ForecastError::InvalidOption {
                option,
                value: value.to_string(),
                reason: match option {
                    "origins" => "must be between 1 and 1000",
                    _ => "must be between 1 and 366",
                },
            });
        }
    }
    if options.models.is_empty() {
        return Err(ForecastError::InvalidOption {
            option: "models",
            value: "[]".into(),
            reason: "give at least one model",
        });
    }
    let calendar = Calendar::try_new(&options.holidays)?;
    let end = history.last().date() + Duration::days(1);
    let full = DayGrid::new(history, end, &Calendar::default());
    let first_origin = end - Duration::days(h as i64 + (options.origins as i64 - 1) * step as i64);
    if first_origin - history.first().date() < Duration::days(14) {
        return Err(ForecastError::TooLittleHistory {
            model: "backtest".into(),
            needed: format!(
                "14 days before the first origin {first_origin}: {} days in all for {} origins {} days apart, horizon {h}",
                14 + h as i64 + (options.origins as i64 - 1) * step as i64,
                options.origins,
                step
            ),
            have: format!("{} to {}", history.first().date(), history.last().date()),
        });
    }
    let mut rows = Vec::new();
    for oi in 0..options.origins {
        let origin = first_origin + Duration::days(oi as i64 * step as i64);
        let od = (origin - full.first).num_days() as usize;
        let scale = full.snaive_week_mae(od);
        for &model in &options.models {
            let opts = ForecastOptions {
                model,
                k_weeks: options.k_weeks,
                horizon_days: h,
                start: Some(origin),
                levels: options.levels.clone(),
                aht_s: Some(1.0), // AHT is not scored here
                holidays: options.holidays.clone(),
                aht_shrinkage: None,
            };
            let f = Forecaster::new(&opts)?
                .fit_grid(history, DayGrid::new(history, origin, &calendar), origin)?
                .predict(h, &options.levels)?;
            let (mut n, mut abs, mut sq, mut err, mut tot) = (0usize, 0.0, 0.0, 0.0, 0.0);
            let mut inside = vec![0usize; options.levels.len()];
            for (i, t) in f.timestamps.iter().enumerate() {
                if calendar.get(t.date()) == Some(SpecialDayKind::Closed) {
                    continue;
                }
                let d = (t.date() - full.first).num_days() as usize;
                let s = (t.num_seconds_from_midnight() / history.interval_s()) as usize;
                let y = if d < full.days {
                    full.values[d * full.slots + s]
                } else {
                    f64::NAN
                };
                if y.is_nan() {
                    continue;
                }
                let e = f.volume[i] - y;
                n += 1;
                abs += e.abs();
                sq += e * e;
                err += e;
                tot += y;
                for (b, band) in f.bands.iter().enumerate() {
                    if y >= band.lo[i] && y <= band.hi[i] {
                        inside[b] += 1;
                    }
                }
            }
            let nf = n.max(1) as f64;
            rows.push(BacktestRow {
                model,
                fitted: f.model.clone(),
                origin,
                n,
                mase: abs / nf / scale,
                wape: 100.0 * abs / tot,
                rmse: (sq / nf).sqrt(),
                bias: err / nf,
                coverage: inside.iter().map(|&c| 100.0 * c as f64 / nf).collect(),
            });
        }
    }
    Ok(rows)
}
