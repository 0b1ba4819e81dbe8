//! [`ForecastOptions`]: the serde-able options of the forecast stage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ForecastError, SpecialDay};

/// The forecast models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastModel {
    /// Per lead-day bucket (day 1, day 2, days 3+), the equal-weight mean ("ensemble") of
    /// `weekly_average`, `profile_mean`, `profile_median`, `top_down`, `short_term` and
    /// `combination`, unless one of those, `top_down_damped`, `profile_pooled` or a seasonal
    /// naive is significantly better in a
    /// rolling-origin backtest on the history itself (the last 56 daily origins, up to 7 days
    /// each; a one-sided Diebold–Mariano test at 5% on daily mean absolute errors), in which
    /// case that model. Intervals are calibrated on the same backtest. See [`super::Forecaster`].
    #[default]
    Auto,
    /// Mean of the same weekday and interval over the last `k_weeks` weeks (the industry
    /// baseline). See [`super::WeeklyAverage`].
    WeeklyAverage,
    /// Weekly seasonal naive: the same weekday and interval of the most recent week with data.
    /// See [`super::SeasonalNaive`].
    SeasonalNaive,
    /// Daily seasonal naive: the same interval of the last day with data.
    SeasonalNaiveDaily,
    /// Top-down: daily totals by exponential smoothing with a multiplicative weekday index
    /// (smoothing weights chosen by one-step error), times the weekday-specific intraday profile
    /// of the last `k_weeks` weeks.
    TopDown,
    /// Top-down with a damped trend: daily totals by Holt's damped-trend exponential smoothing
    /// with a multiplicative weekday index (ETS(A,Ad,M) on daily totals, Gardner & McKenzie
    /// 1985; the four weights chosen on a grid by one-step error), times the weekday intraday
    /// profile of the last `k_weeks` weeks. Follows a level that drifts or trends; the damping
    /// stops a trend from running on without end.
    TopDownDamped,
    /// Short horizon: the 4-week average times the recent level (actual ÷ expected daily totals
    /// of the last 5 days, weighted 0.5^age), the level's deviation decaying by 0.7 per lead day.
    ShortTerm,
    /// Profile × mean level: the mean daily total of the same weekday over the last 6 weeks
    /// times the weekday-specific intraday profile of the last 12 weeks.
    ProfileMean,
    /// Profile × median level: the median daily total of the same weekday over the last 7 weeks
    /// (robust to the odd outage or promotion day) times the 12-week weekday profile.
    ProfileMedian,
    /// Profile × mean level with the intraday shape pooled across weekdays: the mean daily total
    /// of the same weekday over the last 6 weeks times that weekday's 12-week intraday profile
    /// shrunk towards the profile of all weekdays by a positive-part James–Stein factor
    /// (`1 − noise ÷ distance`, the noise that of a multinomial share of the weekday's calls).
    /// Weekdays whose shapes differ keep their own; shapes that differ only by noise share one
    /// estimate from every day, which brings a stationary series close to the true-rate floor.
    ProfilePooled,
    /// Horizon-dependent combination: the short-term model on lead day 1, half of it on lead
    /// day 2, blended into the mean of `profile_mean` and `profile_median` (Taylor 2008; Barrow
    /// 2016).
    Combination,
    /// MSTL: daily and weekly seasonal components by loess (Bandara et al. 2021, on STL by
    /// Cleveland et al. 1990) on the last 8 weeks, each repeating its last cycle, plus a
    /// non-seasonal AutoETS forecast of trend + remainder, as statsforecast's MSTL. Absent days
    /// are filled with the weekday's mean of the same interval, closed cells with 0, so no
    /// weekday shifts. Needs 14 days of history. Backtested at weekly origins only (a fit takes
    /// milliseconds).
    Mstl,
    /// Horizon-dependent combination with MSTL: the mean of `mstl` and `short_term` on the first
    /// open lead day, half of it on the second, blended into the mean of `profile_mean` and
    /// `profile_median` (Taylor 2008; Barrow 2016).
    MstlCombination,
}

impl ForecastModel {
    /// The name used in config files, Python keywords and the `model` column.
    pub fn name(self) -> &'static str {
        match self {
            ForecastModel::WeeklyAverage => "weekly_average",
            ForecastModel::SeasonalNaive => "seasonal_naive",
            ForecastModel::Auto => "auto",
            ForecastModel::SeasonalNaiveDaily => "seasonal_naive_daily",
            ForecastModel::TopDown => "top_down",
            ForecastModel::TopDownDamped => "top_down_damped",
            ForecastModel::ShortTerm => "short_term",
            ForecastModel::Combination => "combination",
            ForecastModel::ProfileMean => "profile_mean",
            ForecastModel::ProfileMedian => "profile_median",
            ForecastModel::ProfilePooled => "profile_pooled",
            ForecastModel::Mstl => "mstl",
            ForecastModel::MstlCombination => "mstl_combination",
        }
    }
}

/// Options of [`super::forecast`]. The same struct is read from the job config's `[forecast]`
/// table and from Python keyword arguments; unknown keys are rejected.
///
/// # Examples
///
/// ```
/// use wfmkit::forecast::{ForecastModel, ForecastOptions};
///
/// let opts: ForecastOptions = toml::from_str("k_weeks = 4\nlevels = [80.0]").unwrap();
/// assert_eq!(opts.model, ForecastModel::Auto);
/// assert_eq!(opts.horizon_days, 7);
/// opts.check().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ForecastOptions {
    /// Which model to use.
    pub model: ForecastModel,
    /// Weeks averaged by the weekly average (default 8).
    pub k_weeks: u32,
    /// Days to forecast (default 7).
    pub horizon_days: u32,
    /// First day of the forecast; default: the day after the last day of history. Only history
    /// before this day is used, so a start inside the history gives an honest backtest.
    pub start: Option<NaiveDate>,
    /// Prediction-interval levels in percent, each in (0, 100) (default 80 and 95).
    pub levels: Vec<f64>,
    /// Handle time in seconds to use when the history has no AHT column.
    pub aht_s: Option<f64>,
    /// Special days (holidays, half days, days like another weekday), applied in fitting and
    /// in the forecast.
    pub holidays: Vec<SpecialDay>,
    /// Shrinkage κ of the AHT profile, in contacts, at most 1e9 (see the AHT profile's formula);
    /// default 0 for `weekly_average` and `seasonal_naive` (plain same-slot mean), 100 otherwise.
    pub aht_shrinkage: Option<f64>,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        Self {
            model: ForecastModel::Auto,
            k_weeks: 8,
            horizon_days: 7,
            start: None,
            levels: vec![80.0, 95.0],
            aht_s: None,
            holidays: Vec::new(),
            aht_shrinkage: None,
        }
    }
}

impl ForecastOptions {
    /// Checks every option.
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] naming the option: `k_weeks` outside 1..=520,
    /// `horizon_days` outside 1..=366, a level outside (0, 100), an `aht_s` that is not finite
    /// and positive, an `aht_shrinkage` outside 0..=1e9, or a bad special day.
    pub fn check(&self) -> Result<(), ForecastError> {
        check_k_weeks(self.k_weeks)?;
        check_horizon(self.horizon_days)?;
        check_levels(&self.levels)?;
        if let Some(a) = self.aht_s {
            check_aht_s(a)?;
        }
        if let Some(k) = self.aht_shrinkage {
            if !(0.0..=super::MAX_VALUE).contains(&k) {
                return Err(ForecastError::InvalidOption {
                    option: "aht_shrinkage",
                    value: k.to_string(),
                    reason: "must be a number of contacts between 0 and 1e9",
                });
            }
        }
        super::Calendar::try_new(&self.holidays)?;
        Ok(())
    }
}

/// The longest forecast horizon, and the furthest a forecast may start after the last day of
/// history, in days.
pub(crate) const MAX_HORIZON_DAYS: u32 = 366;

/// The most weeks a model may average over (ten years).
pub(crate) const MAX_K_WEEKS: u32 = 520;

/// `k_weeks` in 1..=[`MAX_K_WEEKS`].
pub(crate) fn check_k_weeks(k_weeks: u32) -> Result<(), ForecastError> {
    if !(1..=MAX_K_WEEKS).contains(&k_weeks) {
        return Err(ForecastError::InvalidOption {
            option: "k_weeks",
            value: k_weeks.to_string(),
            reason: "must be between 1 and 520",
        });
    }
    Ok(())
}

/// `horizon_days` in 1..=[`MAX_HORIZON_DAYS`].
pub(crate) fn check_horizon(horizon_days: u32) -> Result<(), ForecastError> {
    if !(1..=MAX_HORIZON_DAYS).contains(&horizon_days) {
        return Err(ForecastError::InvalidOption {
            option: "horizon_days",
            value: horizon_days.to_string(),
            reason: "must be between 1 and 366",
        });
    }
    Ok(())
}

/// Every level strictly between 0 and 100 (percent).
pub(crate) fn check_levels(levels: &[f64]) -> Result<(), ForecastError> {
    for &l in levels {
        if !(l > 0.0 && l < 100.0) {
            return Err(ForecastError::InvalidOption {
                option: "levels",
                value: l.to_string(),
                reason: "each level must be a percentage strictly between 0 and 100",
            });
        }
    }
    Ok(())
}

/// A forecast start at most [`MAX_HORIZON_DAYS`] days after the last day of history.
pub(crate) fn check_start(start: NaiveDate, last: NaiveDate) -> Result<(), ForecastError> {
    if (start - last).num_days() > i64::from(MAX_HORIZON_DAYS) {
        return Err(ForecastError::InvalidOption {
            option: "start",
            value: start.to_string(),
            reason: "must be at most 366 days after the last day of history",
        });
    }
    Ok(())
}

/// A default AHT that is finite and positive.
pub(crate) fn check_aht_s(aht_s: f64) -> Result<(), ForecastError> {
    if !(aht_s.is_finite() && aht_s > 0.0) {
        return Err(ForecastError::InvalidOption {
            option: "aht_s",
            value: aht_s.to_string(),
            reason: "must be a finite number of seconds > 0",
        });
    }
    Ok(())
}
