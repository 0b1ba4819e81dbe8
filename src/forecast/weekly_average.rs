//! [`WeeklyAverage`] and [`SeasonalNaive`]: the industry baselines by name, as faces of the
//! [`Forecaster`](super::Forecaster) with `model = weekly_average` or `seasonal_naive`.

use chrono::NaiveDate;

use super::{Forecast, ForecastError, ForecastModel, ForecastOptions, History};

/// Mean of the same weekday and interval over the last `k` weeks: the industry baseline.
///
/// This is [`ForecastModel::WeeklyAverage`] with `k_weeks = k`: [`FittedWeeklyAverage::predict`]
/// runs [`forecast`](super::forecast) with those options, so both give the same forecast, bit
/// for bit.
///
/// # Formula
///
/// For a target interval `t` and a forecast starting on day `s`, the candidates are
/// `t − 7j days` for the `k` smallest `j ≥ 1` with `t − 7j days < s`. Candidates that are absent
/// from the history (a holiday, an outage) are skipped, never replaced by a neighbouring row;
/// the forecast is the mean of those present. An interval none of whose candidates is present,
/// or whose weekday and time of day had no contact in the 8 weeks before `s` (a closed night or
/// weekend), is forecast as 0.
///
/// Prediction interval at level L: the central L% interval of a negative binomial with the
/// point forecast as mean and variance `μ + α μ²`, where the dispersion α is calibrated, per
/// lead-day bucket and level, on the model's own rolling-origin backtest over the 56 days before
/// `s` (see [`FittedForecaster::predict`](super::FittedForecaster::predict) and
/// [`calibrate_dispersion`](super::calibrate_dispersion)).
///
/// AHT per interval: the mean AHT of the same weekday and interval over the last `k` weeks
/// before `s`, weighted by handled contacts (else volume); else the weighted mean of all
/// intervals in those weeks; else `default_aht_s` (the forecaster's AHT profile with shrinkage
/// κ = 0).
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{forecast, ForecastModel, ForecastOptions, History, WeeklyAverage};
///
/// // Four weeks of one interval a day at 09:00: 10, 20, 30, 40 calls on each day of week w.
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut ts = vec![];
/// let mut vol = vec![];
/// for d in 0..28 {
///     ts.push((day0 + Duration::days(d)).and_hms_opt(9, 0, 0).unwrap());
///     vol.push(10.0 * (d / 7 + 1) as f64);
/// }
/// let history = History::try_new(86_400 / 96, ts, vol).unwrap();
/// let fitted = WeeklyAverage::new(2).unwrap().fit(&history).unwrap();
/// let start = day0 + Duration::days(28);
/// let f = fitted.predict(start, 1, &[80.0], Some(180.0)).unwrap();
/// // 09:00 is slot 36 of 96; the mean of weeks 3 and 4 is 35.
/// assert_eq!(f.volume[36], 35.0);
/// assert_eq!(f.volume[0], 0.0); // never observed: closed
/// // The same as the forecaster with that model, intervals included.
/// let options = ForecastOptions {
///     model: ForecastModel::WeeklyAverage,
///     k_weeks: 2,
///     start: Some(start),
///     horizon_days: 1,
///     levels: vec![80.0],
///     aht_s: Some(180.0),
///     ..Default::default()
/// };
/// assert_eq!(f, forecast(&history, &options).unwrap());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyAverage {
    k_weeks: u32,
}

impl WeeklyAverage {
    /// A weekly average over `k_weeks` weeks.
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] when `k_weeks` is outside 1..=520.
    pub fn new(k_weeks: u32) -> Result<Self, ForecastError> {
        super::options::check_k_weeks(k_weeks)?;
        Ok(Self { k_weeks })
    }

    /// Fits the model on `history`. The backtest that calibrates the intervals depends on the
    /// forecast start, so it runs in [`FittedWeeklyAverage::predict`]; fitting cannot fail on a
    /// valid [`History`].
    ///
    /// # Errors
    ///
    /// None at present.
    pub fn fit(&self, history: &History) -> Result<FittedWeeklyAverage, ForecastError> {
        Ok(FittedWeeklyAverage::new(
            history,
            ForecastModel::WeeklyAverage,
            self.k_weeks,
        ))
    }
}

/// Weekly seasonal naive: the value of the same weekday and interval in the most recent week
/// before the forecast start that has it. This is [`ForecastModel::SeasonalNaive`]: the
/// [`WeeklyAverage`] with `k = 1` under another name, AHT from the last week.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeasonalNaive;

impl SeasonalNaive {
    /// Fits the model.
    ///
    /// # Errors
    ///
    /// None at present.
    pub fn fit(&self, history: &History) -> Result<FittedWeeklyAverage, ForecastError> {
        Ok(FittedWeeklyAverage::new(history, ForecastModel::SeasonalNaive, 1))
    }
}

/// A fitted [`WeeklyAverage`] or [`SeasonalNaive`]; only this type can predict.
#[derive(Debug, Clone)]
pub struct FittedWeeklyAverage {
    model: ForecastModel,
    k_weeks: u32,
    history: History,
}

impl FittedWeeklyAverage {
    fn new(history: &History, model: ForecastModel, k_weeks: u32) -> Self {
        Self {
            model,
            k_weeks,
            history: history.clone(),
        }
    }

    /// The model's name, as written in the forecast's `model` column.
    pub fn name(&self) -> &'static str {
        self.model.name()
    }

    /// Forecasts `horizon_days` whole days from midnight of `start`, using only history before
    /// `start`: [`forecast`](super::forecast) with this model, `k_weeks`, `start`,
    /// `horizon_days`, `levels` and `aht_s = default_aht_s`. For a zoned history, one row per
    /// real interval (see [`Forecast::in_zone`]).
    ///
    /// # Errors
    ///
    /// - [`ForecastError::TooLittleHistory`] when less than one week of history precedes `start`,
    ///   or the history has an AHT column but no AHT value in the last `k` weeks and
    ///   `default_aht_s` is `None`.
    /// - [`ForecastError::InvalidOption`] for `horizon_days` outside 1..=366, a `start` more than
    ///   366 days after the last day of history, a level outside (0, 100), or a `default_aht_s`
    ///   that is not finite and positive.
    ///
    /// With no AHT in the history and `default_aht_s` `None`, the forecast is volume-only (its
    /// `aht_s` is NaN).
    pub fn predict(
        &self,
        start: NaiveDate,
        horizon_days: u32,
        levels: &[f64],
        default_aht_s: Option<f64>,
    ) -> Result<Forecast, ForecastError> {
        let options = ForecastOptions {
            model: self.model,
            k_weeks: self.k_weeks,
            horizon_days,
            start: Some(start),
            levels: levels.to_vec(),
            aht_s: default_aht_s,
            ..Default::default()
        };
        super::forecast(&self.history, &options)
    }
}
