//! The weekday × interval average over the last k weeks, and weekly seasonal naive.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use statrs::distribution::{ContinuousCDF, Normal};

use super::{Forecast, ForecastError, History};

const WEEK_S: i64 = 7 * 86_400;

/// Mean of the same weekday and interval over the last `k` weeks: the industry baseline.
///
/// For a target interval `t` and a forecast starting on day `s`, the candidates are
/// `t − 7j days` for the `k` smallest `j ≥ 1` with `t − 7j days < s`. Candidates that are absent
/// from the history (a holiday, an outage) are skipped, never replaced by a neighbouring row;
/// the forecast is the mean of those present. An interval none of whose candidates is present
/// (a closed night or weekend) is forecast as 0.
///
/// # Formula
///
/// Prediction interval at level L: `mean ± z σ`, clipped at 0, with `z` the standard normal
/// quantile at `0.5 + L/200` and `σ² = max(s², mean) (1 + 1/m)`, where `s²` is the sample
/// variance of the `m` values averaged. The floor `mean` is the Poisson variance of a count; the
/// factor `1 + 1/m` adds the variance of the estimated mean. This is a plain baseline: the
/// forecasting issue calibrates intervals by backtest.
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{History, WeeklyAverage};
///
/// // Four weeks of one interval a day at 09:00: 10, 20, 30, 40 calls on each day of week w.
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let mut ts = vec![];
/// let mut vol = vec![];
/// for d in 0..28 {
///     ts.push((day0 + Duration::days(d)).and_hms_opt(9, 0, 0).unwrap());
///     vol.push(10.0 * (d / 7 + 1) as f64);
/// }
/// let history = History::try_new(86_400 / 96, ts.iter().map(|t| *t).collect(), vol)
///     .unwrap();
/// let fitted = WeeklyAverage::new(2).unwrap().fit(&history).unwrap();
/// let start = day0 + Duration::days(28);
/// let f = fitted.predict(start, 1, &[80.0], Some(180.0)).unwrap();
/// // 09:00 is slot 36 of 96; the mean of weeks 3 and 4 is 35.
/// assert_eq!(f.volume[36], 35.0);
/// assert_eq!(f.volume[0], 0.0); // never observed: closed
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

    /// Fits the model: indexes the history by timestamp. Fitting cannot fail on a valid
    /// [`History`]; the `Result` leaves room for models that can.
    ///
    /// # Errors
    ///
    /// None at present.
    pub fn fit(&self, history: &History) -> Result<FittedWeeklyAverage, ForecastError> {
        Ok(FittedWeeklyAverage::new(history, self.k_weeks, "weekly_average"))
    }
}

/// Weekly seasonal naive: the value of the same weekday and interval in the most recent week
/// before the forecast start that has it. It is [`WeeklyAverage`] with `k = 1` under another name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeasonalNaive;

impl SeasonalNaive {
    /// Fits the model.
    ///
    /// # Errors
    ///
    /// None at present.
    pub fn fit(&self, history: &History) -> Result<FittedWeeklyAverage, ForecastError> {
        Ok(FittedWeeklyAverage::new(history, 1, "seasonal_naive"))
    }
}

/// A fitted [`WeeklyAverage`] or [`SeasonalNaive`]; only this type can predict.
#[derive(Debug, Clone)]
pub struct FittedWeeklyAverage {
    k_weeks: u32,
    name: &'static str,
    interval_s: u32,
    first: NaiveDateTime,
    index: HashMap<NaiveDateTime, usize>,
    volume: Vec<f64>,
    aht_s: Option<Vec<f64>>,
    aht_weight: Vec<f64>,
    timestamps: Vec<NaiveDateTime>,
    zone: Option<super::Tz>,
}

impl FittedWeeklyAverage {
    fn new(history: &History, k_weeks: u32, name: &'static str) -> Self {
        let index = history.timestamps().iter().enumerate().map(|(i, t)| (*t, i)).collect();
        Self {
            k_weeks,
            name,
            interval_s: history.interval_s(),
            first: history.first(),
            index,
            volume: history.volume().to_vec(),
            aht_s: history.aht_s().map(<[f64]>::to_vec),
            aht_weight: history.aht_weight().to_vec(),
            timestamps: history.timestamps().to_vec(),
            zone: history.zone(),
        }
    }

    /// The model's name, as written in the forecast's `model` column.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Forecasts `horizon_days` whole days from midnight of `start`, using only history before
    /// `start`. For a zoned history, one row per real interval (see [`Forecast::in_zone`]).
    ///
    /// AHT per interval is the weighted mean of the same candidates' AHT (weights: handled
    /// contacts, else volume); where none has an AHT, the weighted mean AHT of the last `k` weeks
    /// before `start`; where the history has no AHT at all, `default_aht_s`.
    ///
    /// # Errors
    ///
    /// - [`ForecastError::TooLittleHistory`] when less than one week of history precedes `start`.
    /// - [`ForecastError::InvalidOption`] for `horizon_days` outside 1..=366, a `start` more than
    ///   366 days after the last day of history, a level outside (0, 100), or a `default_aht_s`
    ///   that is not finite and positive.
    /// - [`ForecastError::NoAht`] when the history has no AHT and `default_aht_s` is `None`.
    pub fn predict(
        &self,
        start: NaiveDate,
        horizon_days: u32,
        levels: &[f64],
        default_aht_s: Option<f64>,
    ) -> Result<Forecast, ForecastError> {
        super::options::check_horizon(horizon_days)?;
        let last = self.timestamps.last().map_or(start, |t| t.date());
        super::options::check_start(start, last)?;
        let start_t = start.and_hms_opt(0, 0, 0).unwrap_or_default();
        if start_t - self.first < Duration::days(7) {
            return Err(ForecastError::TooLittleHistory {
                model: self.name.to_string(),
                needed: "at least 7 days of history before the forecast start".into(),
                have: format!("{} to {start}", self.first.date()),
            });
        }
        super::options::check_levels(levels)?;
        let normal = Normal::standard();
        let z: Vec<f64> = levels.iter().map(|l| normal.inverse_cdf(0.5 + l / 200.0)).collect();
        if let Some(a) = default_aht_s {
            super::options::check_aht_s(a)?;
        }
        let fallback_aht = self.recent_aht(start_t).or(default_aht_s);
        let fallback_aht = match (&self.aht_s, fallback_aht) {
            (_, Some(a)) => a,
            (None, None) => return Err(ForecastError::NoAht),
            // The history has an AHT column but no usable value in the last k weeks.
            (Some(_), None) => {
                return Err(ForecastError::TooLittleHistory {
                    model: self.name.to_string(),
                    needed: format!("an AHT value in the last {} weeks before {start}", self.k_weeks),
                    have: "none".into(),
                })
            }
        };

        let slots = 86_400 / self.interval_s;
        let n = (horizon_days * slots) as usize;
        let mut out = Forecast::with_capacity(self.interval_s, n, levels, self.name.to_string());
        let mut values = Vec::with_capacity(self.k_weeks as usize);
        let mut aht_num;
        let mut aht_den;
        for i in 0..n {
            let t = start_t + Duration::seconds(i as i64 * self.interval_s as i64);
            let lead = (t - start_t).num_seconds();
            let j0 = lead / WEEK_S + 1;
            values.clear();
            aht_num = 0.0;
            aht_den = 0.0;
            for j in j0..j0 + self.k_weeks as i64 {
                let c = t - Duration::seconds(j * WEEK_S);
                if let Some(&row) = self.index.get(&c) {
                    values.push(self.volume[row]);
                    if let Some(a) = &self.aht_s {
                        let w = self.aht_weight[row];
                        if !a[row].is_nan() && w > 0.0 {
                            aht_num += w * a[row];
                            aht_den += w;
                        }
                    }
                }
            }
            let m = values.len() as f64;
            let (mean, sd) = if values.is_empty() {
                (0.0, 0.0)
            } else {
                let mean = values.iter().sum::<f64>() / m;
                let s2 = if values.len() > 1 {
                    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (m - 1.0)
                } else {
                    0.0
                };
                (mean, (s2.max(mean) * (1.0 + 1.0 / m)).sqrt())
            };
            out.timestamps.push(t);
            out.volume.push(mean);
            out.aht_s
                .push(if aht_den > 0.0 { aht_num / aht_den } else { fallback_aht });
            for (band, &zq) in out.bands.iter_mut().zip(&z) {
                band.lo.push((mean - zq * sd).max(0.0));
                band.hi.push(mean + zq * sd);
            }
        }
        match self.zone {
            Some(zone) => out.in_zone(zone),
            None => Ok(out),
        }
    }

    /// Weighted mean AHT over the last `k` weeks before `start`, if any interval has one.
    fn recent_aht(&self, start: NaiveDateTime) -> Option<f64> {
        let aht = self.aht_s.as_ref()?;
        let from = start - Duration::seconds(self.k_weeks as i64 * WEEK_S);
        let (mut num, mut den) = (0.0, 0.0);
        for (i, t) in self.timestamps.iter().enumerate() {
            if *t >= from && *t < start && !aht[i].is_nan() && self.aht_weight[i] > 0.0 {
                num += self.aht_weight[i] * aht[i];
                den += self.aht_weight[i];
            }
        }
        (den > 0.0).then(|| num / den)
    }
}
