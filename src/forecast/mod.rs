//! Forecast: interval volume and handle time from a validated [`History`].
//!
//! [`Forecaster`] fits any [`ForecastModel`] and returns a [`FittedForecaster`], the only type
//! that predicts. `auto` first tests the daily totals for a level shift or a trend
//! ([`ChangeDiagnostics`]; a shift rescales the history before it), then forecasts, per
//! lead-day bucket, the equal-weight mean of six models unless one of eight candidates is
//! significantly better in a rolling-origin backtest on the history itself;
//! intervals are negative binomial around the forecast, calibrated on the same backtest; a
//! [`SpecialDay`] table applies in fitting and forecasting; AHT is a shrunk weekday × slot
//! profile. [`backtest`] scores any set of models. History is looked up by real dates, so absent
//! days are gaps and never shift weekdays, and cells never open in the last 8 weeks stay zero.
//! [`WeeklyAverage`] and [`SeasonalNaive`] name the two baselines: each is the forecaster with
//! that model, so it forecasts exactly what [`forecast`] does.

mod aht_profile;
mod backtest;
mod calendar;
mod change_point;
mod error;
mod forecaster;
mod grid;
mod history;
mod many_queues;
mod mstl;
mod negative_binomial;
mod options;
mod output;
mod point_models;
mod weekly_average;

pub use backtest::{backtest, BacktestOptions, BacktestRow};
pub use calendar::{Calendar, SpecialDay, SpecialDayKind};
pub use change_point::{ChangeDiagnostics, LevelShift, Trend};
pub use forecaster::{FittedForecaster, Forecaster, ModelScore};
pub use many_queues::forecast_queues;
pub use negative_binomial::calibrate_dispersion;

/// The time zone rules live in [`crate::time`]; re-exported here for existing callers.
pub use crate::time::{check_zone_changes, onto_wall_clock, parse_time_zone, resolve_local, zone, Tz};
pub use error::ForecastError;
pub use history::{check_interval, History, DAY_S, FIRST_DATE, LAST_DATE, MAX_SPAN_CELLS, MAX_VALUE};
pub use options::{ForecastModel, ForecastOptions};
pub use output::{Band, Forecast};
pub use weekly_average::{FittedWeeklyAverage, SeasonalNaive, WeeklyAverage};

/// Fits the model named in `options` (default `auto`) and forecasts `options.horizon_days` days.
///
/// The forecast starts at `options.start`, or else at midnight after the last interval of the
/// history.
///
/// # Errors
///
/// Any [`ForecastError`] from [`ForecastOptions::check`] or from the model.
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{forecast, ForecastOptions, History};
///
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..14 * 24).map(|h| day0 + Duration::hours(h)).collect();
/// let vol = vec![5.0; ts.len()];
/// let history = History::try_new(3600, ts, vol).unwrap();
/// let opts = ForecastOptions { aht_s: Some(240.0), ..Default::default() };
/// let f = forecast(&history, &opts).unwrap();
/// assert_eq!(f.len(), 7 * 24);
/// assert!(f.volume.iter().all(|&v| v == 5.0));
/// ```
pub fn forecast(history: &History, options: &ForecastOptions) -> Result<Forecast, ForecastError> {
    Forecaster::new(options)?
        .fit(history)?
        .predict(options.horizon_days, &options.levels)
}
