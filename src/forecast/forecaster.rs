//! [`Forecaster`] → [`FittedForecaster`]: every model, the automatic choice by rolling-origin
//! backtest, calibrated count intervals, special days and the AHT profile.

use chrono::{Duration, NaiveDate};

use super::aht_profile::AhtProfile;
use super::calendar::{weekday_index, Calendar, SpecialDayKind};
use super::change_point::{self, ChangeDiagnostics};
use super::grid::DayGrid;
use super::mstl::MSTL_WEEKS;
use super::negative_binomial::{calibrate_dispersion, nb_interval};
use super::point_models::PointModel;
use super::{Forecast, ForecastError, ForecastModel, ForecastOptions, History};

/// Lead-day buckets: the next open day, the one after, and later. Lead days count open days
/// only, so a Monday after a closed weekend is lead day 1.
const BUCKETS: usize = 3;
/// Days of daily origins used to choose a model and calibrate its intervals.
const SELECTION_DAYS: usize = 56;
/// Days each selection origin forecasts.
const SELECTION_LEAD: usize = 7;
/// Default AHT shrinkage (contacts) for models other than the plain averages.
const DEFAULT_AHT_KAPPA: f64 = 100.0;

/// Which weekdays (Monday = 0) have an open interval in the last 8 weeks before `origin`.
fn open_weekdays(grid: &DayGrid, origin: usize) -> [bool; 7] {
    let mask = grid.open_mask(origin, super::point_models::OPEN_WEEKS);
    std::array::from_fn(|w| mask[w * grid.slots..(w + 1) * grid.slots].iter().any(|o| *o))
}

/// The bucket of the day `lead` calendar days after a day of weekday `wd0`: the number of open
/// days before it from the origin on, capped at `BUCKETS − 1`. With no open weekday at all, the
/// calendar lead.
fn bucket(open: &[bool; 7], wd0: usize, lead: usize) -> usize {
    if !open.iter().any(|o| *o) {
        return lead.min(BUCKETS - 1);
    }
    let n = (0..lead).filter(|i| open[(wd0 + i) % 7]).count();
    n.min(BUCKETS - 1)
}

/// The candidates of `model = "auto"`. Not `mstl_combination`: as a candidate it broke the
/// coverage goal on one benchmark run (`benches/forecast_results.md`, design decisions).
const AUTO_CANDIDATES: [ForecastModel; 10] = [
    ForecastModel::SeasonalNaive,
    ForecastModel::WeeklyAverage,
    ForecastModel::ProfileMean,
    ForecastModel::ProfileMedian,
    ForecastModel::TopDown,
    ForecastModel::TopDownDamped,
    ForecastModel::ProfilePooled,
    ForecastModel::ShortTerm,
    ForecastModel::Combination,
    ForecastModel::SeasonalNaiveDaily,
];

/// The two naive benchmarks among [`AUTO_CANDIDATES`]: scored, and chosen when significantly
/// better, but not members of the ensemble.
const NAIVE: [ForecastModel; 2] = [ForecastModel::SeasonalNaive, ForecastModel::SeasonalNaiveDaily];

/// Candidates that are not members of the ensemble either: scored, and chosen when
/// significantly better.
const NOT_IN_ENSEMBLE: [ForecastModel; 2] = [ForecastModel::TopDownDamped, ForecastModel::ProfilePooled];

/// The pool whose equal-weight mean `auto` forecasts unless one candidate is significantly
/// better: every candidate but the [`NAIVE`] benchmarks, in candidate order. Equal weights, not
/// weights fitted to the backtest: fitted combination weights rarely beat the simple mean out of
/// sample (the "forecast combination puzzle", Smith & Wallis 2009; Claeskens et al. 2016); the
/// mean also beat the best single model per bucket (`benches/forecast_results.md`).
fn ensemble() -> Vec<ForecastModel> {
    AUTO_CANDIDATES
        .into_iter()
        .filter(|m| !NAIVE.contains(m) && !NOT_IN_ENSEMBLE.contains(m))
        .collect()
}

/// The one-sided 5% critical value of the standard normal distribution, for the
/// Diebold–Mariano test that lets one candidate replace the ensemble in a lead-day bucket. The
/// level is nominal: the variance is the plain sample variance of the daily differences (no
/// HAC correction for the overlap of multi-day origins in the days-3+ bucket), and the eight
/// candidates are tested one by one, so the ensemble is replaced more often than 5% of the time
/// when no candidate is really better. The threshold is the conventional value, not a fitted one
/// (the figures hardly move with it: `benches/forecast_results.md`).
const DM_CRITICAL: f64 = 1.644_853_626_951_472_2;

/// The Diebold–Mariano statistic (Diebold & Mariano 1995) of daily loss differentials
/// `d_t = loss_candidate − loss_ensemble`: `mean(d) / (sd(d) / √n)` with the sample standard
/// deviation. Negative when the candidate's loss is lower. 0 with fewer than 3 days or no
/// variation (no evidence either way).
fn dm_statistic(d: &[f64]) -> f64 {
    let n = d.len();
    if n <= 2 {
        return 0.0;
    }
    let mean = d.iter().sum::<f64>() / n as f64;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    if var.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return 0.0;
    }
    mean / (var / n as f64).sqrt()
}

/// Daily mean absolute-error differences between forecasts `a` and `b` of the actuals `y`, by
/// target day (`day` of each cell; cells of one target day from several origins are pooled).
/// Cells where either forecast is missing (`NaN`) are skipped.
fn daily_loss_differences(y: &[f64], a: &[f64], b: &[f64], day: &[usize]) -> Vec<f64> {
    let mut sums: std::collections::BTreeMap<usize, (f64, usize)> = std::collections::BTreeMap::new();
    for i in 0..y.len() {
        if a[i].is_nan() || b[i].is_nan() {
            continue;
        }
        let e = sums.entry(day[i]).or_default();
        e.0 += (y[i] - a[i]).abs() - (y[i] - b[i]).abs();
        e.1 += 1;
    }
    sums.values().map(|(s, n)| s / *n as f64).collect()
}

fn point_model(model: ForecastModel, k_weeks: usize) -> PointModel {
    match model {
        ForecastModel::WeeklyAverage | ForecastModel::Auto => PointModel::WeeklyAverage { k: k_weeks },
        ForecastModel::SeasonalNaive => PointModel::WeeklyAverage { k: 1 },
        ForecastModel::SeasonalNaiveDaily => PointModel::SeasonalNaiveDaily,
        ForecastModel::TopDown => PointModel::TopDown { k_profile: k_weeks },
        ForecastModel::TopDownDamped => PointModel::TopDownDamped { k_profile: k_weeks },
        ForecastModel::ShortTerm => PointModel::ShortTerm { k: k_weeks.min(4) },
        ForecastModel::Combination => PointModel::Combination,
        ForecastModel::Mstl => PointModel::Mstl { weeks: MSTL_WEEKS },
        ForecastModel::MstlCombination => PointModel::MstlCombination { weeks: MSTL_WEEKS },
        ForecastModel::ProfileMean => PointModel::Profile {
            k_level: 6,
            k_profile: 12,
            median: false,
        },
        ForecastModel::ProfilePooled => PointModel::ProfilePooled {
            k_level: 6,
            k_profile: 12,
        },
        ForecastModel::ProfileMedian => PointModel::Profile {
            k_level: 7,
            k_profile: 12,
            median: true,
        },
    }
}

/// Backtest score of one candidate model on the history itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelScore {
    /// The model.
    pub model: ForecastModel,
    /// Mean absolute error per interval at lead day 1, lead day 2 and lead days 3+ (NaN where
    /// no origin reached that lead). The MSTL models, whose fit takes milliseconds, are
    /// backtested only at the origins a whole number of weeks before the start.
    pub mae: [f64; BUCKETS],
}

/// A checked set of [`ForecastOptions`], ready to fit.
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{ForecastModel, ForecastOptions, Forecaster, History};
///
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..42 * 24).map(|h| day0 + Duration::hours(h)).collect();
/// let vol: Vec<f64> = (0..42 * 24).map(|h| if (h % 24) >= 8 && (h % 24) < 18 { 20.0 } else { 0.0 }).collect();
/// let history = History::try_new(3600, ts, vol).unwrap();
/// let opts = ForecastOptions { model: ForecastModel::Auto, aht_s: Some(300.0), ..Default::default() };
/// let fitted = Forecaster::new(&opts).unwrap().fit(&history).unwrap();
/// let f = fitted.predict(7, &[80.0, 95.0]).unwrap();
/// assert_eq!(f.len(), 7 * 24);
/// assert!((f.volume[10] - 20.0).abs() < 1e-9); // 10:00 on a day like all the others
/// assert_eq!(f.volume[3], 0.0);                // closed at night, stays closed
/// ```
#[derive(Debug, Clone)]
pub struct Forecaster {
    options: ForecastOptions,
    calendar: Calendar,
}

/// A fitted forecaster: the chosen model per lead-day bucket, its calibrated dispersion, the
/// AHT profile and the history it reads. Only this type can predict.
#[derive(Debug, Clone)]
pub struct FittedForecaster {
    grid: DayGrid,
    origin: usize,
    interval_s: u32,
    choice: [Vec<ForecastModel>; BUCKETS],
    /// Backtest (actual, forecast) pairs of the chosen model per bucket, forecast > 0.
    residuals: [Vec<(f64, f64)>; BUCKETS],
    k_weeks: usize,
    aht: Option<AhtProfile>,
    default_aht_s: Option<f64>,
    calendar: Calendar,
    scores: Vec<ModelScore>,
    auto: bool,
    /// What `auto`'s change detection found (nothing for a named model).
    changes: ChangeDiagnostics,
    /// The history's time zone: the forecast is then one row per real interval.
    zone: Option<super::Tz>,
}

impl Forecaster {
    /// Checks the options (including the special-day table).
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] naming the option.
    pub fn new(options: &ForecastOptions) -> Result<Self, ForecastError> {
        options.check()?;
        Ok(Self {
            options: options.clone(),
            calendar: Calendar::try_new(&options.holidays)?,
        })
    }

    /// Fits on the history before `options.start` (default: the day after the last interval).
    ///
    /// # Errors
    ///
    /// - [`ForecastError::TooLittleHistory`] when the model needs more days than precede the
    ///   start (it says how many).
    ///
    /// A history with no AHT column and no `aht_s` option gives a volume-only forecast: its
    /// `aht_s` is NaN (null in frames), and only staffing from it fails
    /// ([`crate::staffing::StaffingError::NoAht`]).
    /// - [`ForecastError::InvalidOption`] for a start more than 366 days after the history.
    pub fn fit(&self, history: &History) -> Result<FittedForecaster, ForecastError> {
        let start = self
            .options
            .start
            .unwrap_or_else(|| history.last().date() + Duration::days(1));
        super::options::check_start(start, history.last().date())?;
        let grid = DayGrid::new(history, start, &self.calendar);
        self.fit_grid(history, grid, start)
    }

    pub(crate) fn fit_grid(
        &self,
        history: &History,
        mut grid: DayGrid,
        start: NaiveDate,
    ) -> Result<FittedForecaster, ForecastError> {
        let o = &self.options;
        let k = o.k_weeks as usize;
        let origin = grid.days;
        let auto = o.model == ForecastModel::Auto;
        // `auto` looks for a level shift or trend before the origin, and reads the history before
        // a shift at the new level (the named models forecast the history as it is).
        let changes = if auto {
            let found = change_point::detect(&grid, origin);
            change_point::adjust(&mut grid, &found);
            found
        } else {
            ChangeDiagnostics::default()
        };
        let candidates: Vec<ForecastModel> = if auto { AUTO_CANDIDATES.to_vec() } else { vec![o.model] };
        // auto falls back to the weekly average, so it needs what that needs
        let need = if auto { 7 } else { point_model(o.model, k).min_days() };
        if origin < need || grid.present_days(origin) == 0 {
            return Err(ForecastError::TooLittleHistory {
                model: o.model.name().to_string(),
                needed: format!("at least {need} days of history before the forecast start {start}"),
                have: format!("{} day(s) from {}", origin, grid.first),
            });
        }
        // Rolling-origin backtest on the history itself: daily origins over the last 56 days,
        // each forecasting up to 7 days that have actuals; every candidate on the same cells.
        let pms: Vec<PointModel> = candidates.iter().map(|m| point_model(*m, k)).collect();
        let first_bo = pms.iter().map(|p| p.min_days().max(7) + 7).max().unwrap_or(14);
        let mut ys: [Vec<f64>; BUCKETS] = Default::default();
        // The target day of each backtest cell, for the Diebold–Mariano test.
        let mut target_day: [Vec<usize>; BUCKETS] = Default::default();
        let mut mus: Vec<[Vec<f64>; BUCKETS]> = vec![Default::default(); candidates.len()];
        let open = open_weekdays(&grid, origin);
        for bo in origin.saturating_sub(SELECTION_DAYS).max(first_bo)..origin {
            let lead = SELECTION_LEAD.min(origin - bo);
            let at_week = (origin - bo).is_multiple_of(7);
            let fs: Vec<Option<Vec<f64>>> = pms
                .iter()
                .map(|pm| (at_week || !pm.is_slow()).then(|| pm.predict(&grid, bo, lead)))
                .collect();
            for l in 0..lead {
                let b = bucket(&open, grid.weekday(bo), l);
                for (s, &y) in grid.day(bo + l).iter().enumerate() {
                    if y.is_nan() {
                        continue;
                    }
                    ys[b].push(y);
                    target_day[b].push(bo + l);
                    for (ci, f) in fs.iter().enumerate() {
                        mus[ci][b].push(f.as_ref().map_or(f64::NAN, |f| f[l * grid.slots + s]));
                    }
                }
            }
        }
        // Mean absolute error over the cells the model forecast (a slow model only at the
        // weekly origins).
        let mae = |mu: &[f64], y: &[f64]| -> f64 {
            let (mut sum, mut n) = (0.0, 0usize);
            for (m, y) in mu.iter().zip(y) {
                if !m.is_nan() {
                    sum += (y - m).abs();
                    n += 1;
                }
            }
            if n == 0 {
                f64::NAN
            } else {
                sum / n as f64
            }
        };
        let scores: Vec<ModelScore> = candidates
            .iter()
            .enumerate()
            .map(|(ci, m)| ModelScore {
                model: *m,
                mae: std::array::from_fn(|b| mae(&mus[ci][b], &ys[b])),
            })
            .collect();
        let mut choice: [Vec<ForecastModel>; BUCKETS] = std::array::from_fn(|_| vec![o.model]);
        let mut residuals: [Vec<(f64, f64)>; BUCKETS] = Default::default();
        for b in 0..BUCKETS {
            if ys[b].is_empty() {
                if auto {
                    choice[b] = vec![ForecastModel::WeeklyAverage];
                }
                continue;
            }
            // The backtest forecasts of the chosen model (or ensemble) in this bucket.
            let chosen: Vec<f64> = if auto {
                // The equal-weight mean of the ensemble, unless a candidate beats it by a
                // one-sided Diebold–Mariano test at 5% on daily mean absolute errors; of those
                // that do, the one with the lowest MAE (ties: the earlier one). Every candidate
                // is fast, so each was backtested at every origin. (Other rules tried and not
                // kept: `benches/forecast_results.md`.)
                let members = ensemble();
                let pool: Vec<usize> = members
                    .iter()
                    .filter_map(|m| candidates.iter().position(|c| c == m))
                    .collect();
                let ensemble_mean: Vec<f64> = (0..ys[b].len())
                    .map(|i| pool.iter().map(|&ci| mus[ci][b][i]).sum::<f64>() / pool.len() as f64)
                    .collect();
                let mut best: Option<usize> = None;
                for ci in 0..candidates.len() {
                    let d = daily_loss_differences(&ys[b], &mus[ci][b], &ensemble_mean, &target_day[b]);
                    let better = dm_statistic(&d) < -DM_CRITICAL;
                    if better && best.is_none_or(|i1| scores[ci].mae[b] < scores[i1].mae[b]) {
                        best = Some(ci);
                    }
                }
                match best {
                    Some(ci) => {
                        choice[b] = vec![candidates[ci]];
                        mus[ci][b].clone()
                    }
                    None => {
                        choice[b] = members;
                        ensemble_mean
                    }
                }
            } else {
                mus[0][b].clone()
            };
            residuals[b] = ys[b]
                .iter()
                .zip(&chosen)
                .filter(|(_, m)| **m > 0.0)
                .map(|(y, m)| (*y, *m))
                .collect();
        }
        // A later bucket with no backtest inherits the residuals of the previous one.
        for b in 1..BUCKETS {
            if residuals[b].is_empty() {
                residuals[b] = residuals[b - 1].clone();
            }
        }
        let plain_avg = matches!(o.model, ForecastModel::WeeklyAverage | ForecastModel::SeasonalNaive);
        let kappa = o
            .aht_shrinkage
            .unwrap_or(if plain_avg { 0.0 } else { DEFAULT_AHT_KAPPA });
        let aht_weeks = if o.model == ForecastModel::SeasonalNaive { 1 } else { k };
        let aht = AhtProfile::fit(history, start, aht_weeks, kappa);
        // No AHT column and no option: a volume-only forecast. An AHT column with no value in
        // the weeks the profile reads is an error: the history says it has handle times.
        if aht.is_none() && o.aht_s.is_none() && history.aht_s().is_some() {
            return Err(ForecastError::TooLittleHistory {
                model: o.model.name().to_string(),
                needed: format!("an AHT value in the last {aht_weeks} weeks before {start}"),
                have: "none".into(),
            });
        }
        Ok(FittedForecaster {
            grid,
            origin,
            interval_s: history.interval_s(),
            choice,
            residuals,
            k_weeks: k,
            aht,
            default_aht_s: o.aht_s,
            calendar: self.calendar.clone(),
            scores,
            auto,
            changes,
            zone: history.zone(),
        })
    }
}

impl FittedForecaster {
    /// The models used at lead day 1, lead day 2 and lead days 3+ (several models: their
    /// equal-weight mean, as for `auto`'s ensemble).
    pub fn choice(&self) -> &[Vec<ForecastModel>; BUCKETS] {
        &self.choice
    }
    /// The negative-binomial dispersion α per lead-day bucket (variance μ + α μ²) calibrated
    /// for intervals at `level` percent (see [`calibrate_dispersion`](super::calibrate_dispersion)).
    pub fn dispersion(&self, level: f64) -> [f64; BUCKETS] {
        std::array::from_fn(|b| calibrate_dispersion(&self.residuals[b], level / 100.0))
    }
    /// What `auto`'s change detection found before the origin: a level shift (and whether the
    /// history before it was rescaled) or a trend; nothing for a named model. See
    /// [`ChangeDiagnostics`].
    pub fn changes(&self) -> &ChangeDiagnostics {
        &self.changes
    }
    /// The backtest scores of the candidates (one for a fixed model).
    pub fn scores(&self) -> &[ModelScore] {
        &self.scores
    }
    /// The name written in the forecast's `model` column: the model, or for `auto` the chosen
    /// models by lead-day bucket, e.g. `auto(ensemble,ensemble,profile_median)`, where `ensemble`
    /// is the equal-weight mean of `weekly_average`, `profile_mean`, `profile_median`, `top_down`,
    /// `short_term` and `combination`; followed by what the change detection found, e.g.
    /// `auto(top_down_damped,top_down_damped,top_down_damped) level_shift(2025-05-12,x1.30)` (see
    /// [`ChangeDiagnostics::label`]).
    pub fn name(&self) -> String {
        let bucket_name = |ms: &Vec<ForecastModel>| {
            if *ms == ensemble() {
                "ensemble".to_string()
            } else {
                ms.iter().map(|m| m.name()).collect::<Vec<_>>().join("+")
            }
        };
        if self.auto {
            let names: Vec<String> = self.choice.iter().map(bucket_name).collect();
            let label = self.changes.label();
            if label.is_empty() {
                format!("auto({})", names.join(","))
            } else {
                format!("auto({}) {label}", names.join(","))
            }
        } else {
            bucket_name(&self.choice[0])
        }
    }

    /// Forecasts `horizon_days` whole days from the start. For a zoned history, one row per
    /// real interval (see [`Forecast::in_zone`]).
    ///
    /// # Formula
    ///
    /// The bounds at level L are the central L% interval of a negative binomial with the point
    /// forecast as mean and the bucket's dispersion α calibrated on the backtest residuals for
    /// level L (see [`FittedForecaster::dispersion`]); α = 0 (no backtest) is Poisson.
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] for `horizon_days` outside 1..=366 or a level outside
    /// (0, 100).
    pub fn predict(&self, horizon_days: u32, levels: &[f64]) -> Result<Forecast, ForecastError> {
        super::options::check_horizon(horizon_days)?;
        super::options::check_levels(levels)?;
        let h = horizon_days as usize;
        let ext = h + 6; // room for "like another weekday" days
        let slots = self.grid.slots;
        let open = open_weekdays(&self.grid, self.origin);
        let wd0 = self.grid.weekday(self.origin);
        // One forecast per distinct chosen model, over the extended horizon.
        let mut cache: Vec<(ForecastModel, Vec<f64>)> = Vec::new();
        for m in self.choice.iter().flatten() {
            if !cache.iter().any(|(c, _)| c == m) {
                let f = point_model(*m, self.k_weeks).predict(&self.grid, self.origin, ext);
                cache.push((*m, f));
            }
        }
        let point = |lead: usize| -> Vec<f64> {
            let ms = &self.choice[bucket(&open, wd0, lead)];
            let mut out = vec![0.0; slots];
            for m in ms {
                if let Some((_, f)) = cache.iter().find(|(c, _)| c == m) {
                    for (o, v) in out.iter_mut().zip(&f[lead * slots..(lead + 1) * slots]) {
                        *o += v / ms.len() as f64;
                    }
                }
            }
            out
        };
        let n = h * slots;
        let mut out = Forecast::with_capacity(self.interval_s, n, levels, self.name());
        let alphas: Vec<[f64; BUCKETS]> = levels.iter().map(|&l| self.dispersion(l)).collect();
        let start = self.grid.date(self.origin);
        for l in 0..h {
            let date = start + Duration::days(l as i64);
            let wd = weekday_index(date);
            let (src_lead, scale, aht_wd) = match self.calendar.get(date) {
                None => (l, 1.0, wd),
                Some(SpecialDayKind::Closed) => (l, 0.0, wd),
                Some(SpecialDayKind::Scale { factor }) => (l, factor, wd),
                Some(SpecialDayKind::Like { weekday }) => {
                    let target = weekday.num_days_from_monday() as usize;
                    (l + (target + 7 - wd) % 7, 1.0, target)
                }
            };
            for (s, &mu0) in point(src_lead).iter().enumerate() {
                let mu = mu0 * scale;
                out.timestamps.push(
                    date.and_hms_opt(0, 0, 0).unwrap_or_default()
                        + Duration::seconds(s as i64 * self.interval_s as i64),
                );
                out.volume.push(mu);
                let aht = match &self.aht {
                    Some(p) => p.get(aht_wd, s),
                    None => self.default_aht_s.unwrap_or(f64::NAN),
                };
                out.aht_s.push(aht);
                for (band, alpha) in out.bands.iter_mut().zip(&alphas) {
                    let (lo, hi) = nb_interval(mu, alpha[bucket(&open, wd0, src_lead)], band.level / 100.0);
                    band.lo.push(lo);
                    band.hi.push(hi);
                }
            }
        }
        match self.zone {
            Some(zone) => out.in_zone(zone),
            None => Ok(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed: d = [1, 2, 3] has mean 2 and sample sd 1, so T = 2 / (1 / √3) = 2√3
    /// (tolerance 1e-12, rounding only); constant or too short series give 0.
    #[test]
    fn dm_statistic_textbook() {
        assert!((dm_statistic(&[1.0, 2.0, 3.0]) - 2.0 * 3f64.sqrt()).abs() < 1e-12);
        assert!((dm_statistic(&[-1.0, -2.0, -3.0]) + 2.0 * 3f64.sqrt()).abs() < 1e-12);
        assert_eq!(dm_statistic(&[0.5; 10]), 0.0);
        assert_eq!(dm_statistic(&[1.0, -1.0]), 0.0);
    }

    /// Cells of one target day are pooled (mean over the day's cells); missing forecasts skipped.
    /// Expected values by hand: day 0 cells |1−0|−|1−1| = 1 and |2−0|−|2−4| = 0 → 0.5; day 1 has
    /// one usable cell, |3−3|−|3−0| = −3.
    #[test]
    fn daily_differences_pool_by_target_day() {
        let y = [1.0, 2.0, 3.0, 4.0];
        let a = [0.0, 0.0, 3.0, f64::NAN];
        let b = [1.0, 4.0, 0.0, 4.0];
        assert_eq!(daily_loss_differences(&y, &a, &b, &[0, 0, 1, 1]), vec![0.5, -3.0]);
    }

    /// The ensemble is exactly the six candidates of `auto` that are neither naive nor kept out
    /// of it, none of them slow (each is backtested at every origin, so the ensemble mean never
    /// misses a member).
    #[test]
    fn ensemble_is_the_fast_non_naive_candidates() {
        for m in ensemble() {
            assert!(AUTO_CANDIDATES.contains(&m));
            assert!(!point_model(m, 8).is_slow(), "{m:?}");
        }
        assert_eq!(
            ensemble().len() + NAIVE.len() + NOT_IN_ENSEMBLE.len(),
            AUTO_CANDIDATES.len()
        );
        for m in NAIVE.into_iter().chain(NOT_IN_ENSEMBLE) {
            assert!(AUTO_CANDIDATES.contains(&m) && !point_model(m, 8).is_slow(), "{m:?}");
        }
        // The six documented on `ForecastModel::Auto` and `FittedForecaster::name`.
        use ForecastModel as M;
        let documented = [
            M::WeeklyAverage,
            M::ProfileMean,
            M::ProfileMedian,
            M::TopDown,
            M::ShortTerm,
            M::Combination,
        ];
        assert_eq!(ensemble(), documented.to_vec());
    }
}
