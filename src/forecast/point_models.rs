//! Point forecasts on a [`DayGrid`]: each model reads only the days before `origin` and returns
//! `lead_days × slots` values, day by day from the origin.

use super::grid::DayGrid;
use super::mstl::{mstl_forecast, SHORT_ETS_WEEKS};

/// The point models behind [`super::ForecastModel`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PointModel {
    /// Mean of the same weekday and slot over `k` weeks (k = 1: weekly seasonal naive).
    WeeklyAverage { k: usize },
    /// The same slot on the last present day.
    SeasonalNaiveDaily,
    /// Daily totals by exponential smoothing with weekday seasonality × weekday profile.
    TopDown { k_profile: usize },
    /// Weekly average times the recent level (ratio of actual to expected totals).
    ShortTerm { k: usize },
    /// Mean (or median) daily total of the same weekday over `k_level` weeks × the weekday
    /// profile of `k_profile` weeks.
    Profile {
        k_level: usize,
        k_profile: usize,
        median: bool,
    },
    /// Daily totals by damped-trend exponential smoothing with weekday seasonality × weekday
    /// profile.
    TopDownDamped { k_profile: usize },
    /// As `Profile` (mean level), with each weekday's shape shrunk towards the shape of all
    /// weekdays (see [`pooled_profile`]).
    ProfilePooled { k_level: usize, k_profile: usize },
    /// Short-term model for lead days 1–2 blended into the mean of the two profile models.
    Combination,
    /// MSTL on the last `weeks` weeks, ETS for trend + remainder (see [`mstl_forecast`]).
    Mstl { weeks: usize },
    /// Mean of MSTL and the short-term model for open lead days 1–2, blended into the mean of
    /// the two profile models.
    MstlCombination { weeks: usize },
}

/// Weeks of history that decide which cells are open.
pub(crate) const OPEN_WEEKS: usize = 8;

impl PointModel {
    /// Days of history the model needs before the origin, at least.
    pub fn min_days(self) -> usize {
        match self {
            PointModel::WeeklyAverage { .. } | PointModel::Profile { .. } | PointModel::ProfilePooled { .. } => 7,
            PointModel::SeasonalNaiveDaily => 1,
            PointModel::TopDown { .. }
            | PointModel::TopDownDamped { .. }
            | PointModel::ShortTerm { .. }
            | PointModel::Combination => 14,
            PointModel::Mstl { .. } | PointModel::MstlCombination { .. } => 14,
        }
    }

    /// Whether a fit costs milliseconds rather than microseconds: the automatic choice backtests
    /// such a model only at the origins a whole number of weeks before the start.
    pub fn is_slow(self) -> bool {
        matches!(self, PointModel::Mstl { .. } | PointModel::MstlCombination { .. })
    }

    /// The forecast of `lead_days` days from `origin`, zero outside the open cells.
    pub fn predict(self, g: &DayGrid, origin: usize, lead_days: usize) -> Vec<f64> {
        let open = g.open_mask(origin, OPEN_WEEKS);
        let mut out = match self {
            PointModel::Mstl { weeks } => mstl_or_average(g, &open, origin, lead_days, weeks, weeks),
            PointModel::MstlCombination { weeks } => mstl_combination(g, &open, origin, lead_days, weeks),
            PointModel::WeeklyAverage { k } => weekly_average(g, origin, lead_days, k),
            PointModel::SeasonalNaiveDaily => naive_daily(g, origin, lead_days),
            PointModel::TopDown { k_profile } => top_down(g, origin, lead_days, k_profile),
            PointModel::TopDownDamped { k_profile } => top_down_damped(g, origin, lead_days, k_profile),
            PointModel::ShortTerm { k } => short_term(g, origin, lead_days, k),
            PointModel::Combination => combination(g, origin, lead_days),
            PointModel::Profile {
                k_level,
                k_profile,
                median,
            } => profile_level(g, origin, lead_days, k_level, k_profile, median),
            PointModel::ProfilePooled { k_level, k_profile } => {
                let profile = pooled_profile(g, origin, k_profile);
                level_times_profile(g, origin, lead_days, k_level, false, &profile)
            }
        };
        for l in 0..lead_days {
            let w = (g.weekday(origin) + l) % 7;
            for s in 0..g.slots {
                let v = &mut out[l * g.slots + s];
                if !open[w * g.slots + s] || !v.is_finite() || *v < 0.0 {
                    *v = 0.0;
                }
            }
        }
        out
    }
}

/// Mean of the same slot on days `d − 7j`, `j = j0 … j0 + k − 1`, that have a value.
fn weekly_average(g: &DayGrid, origin: usize, lead_days: usize, k: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(lead_days * g.slots);
    for l in 0..lead_days {
        out.extend(weekly_average_day(g, origin + l, l / 7 + 1, k));
    }
    out
}

/// Mean of the same slot on days `d − 7j`, `j = j0 … j0 + k − 1`, that have a value (0 if none).
fn weekly_average_day(g: &DayGrid, d: usize, j0: usize, k: usize) -> Vec<f64> {
    (0..g.slots)
        .map(|s| {
            let (mut sum, mut n) = (0.0, 0usize);
            for j in j0..j0 + k {
                if 7 * j > d {
                    break;
                }
                let v = g.values[(d - 7 * j) * g.slots + s];
                if !v.is_nan() {
                    sum += v;
                    n += 1;
                }
            }
            if n > 0 {
                sum / n as f64
            } else {
                0.0
            }
        })
        .collect()
}

fn naive_daily(g: &DayGrid, origin: usize, lead_days: usize) -> Vec<f64> {
    let last = (0..origin.min(g.days)).rev().find(|&d| g.present[d]);
    let mut out = vec![0.0; lead_days * g.slots];
    if let Some(d) = last {
        for l in 0..lead_days {
            for (s, v) in g.day(d).iter().enumerate() {
                out[l * g.slots + s] = if v.is_nan() { 0.0 } else { *v };
            }
        }
    }
    out
}

/// Weekday share of the day per slot over the last `k` weeks before `origin` (rows sum to 1 for
/// a weekday with data, 0 otherwise).
pub(crate) fn weekday_profile(g: &DayGrid, origin: usize, k: usize) -> Vec<f64> {
    let mut p = vec![0.0; 7 * g.slots];
    let from = origin.saturating_sub(7 * k);
    for d in from..origin.min(g.days) {
        if !g.present[d] {
            continue;
        }
        let w = g.weekday(d);
        for (s, v) in g.day(d).iter().enumerate() {
            if !v.is_nan() {
                p[w * g.slots + s] += v;
            }
        }
    }
    // A cell that does not exist on some day (the skipped hour of a spring-forward change) is
    // unknown there, not zero: scale its sum up to the number of days that were summed for the
    // other cells of its weekday, i.e. fill it with the mean of the days that have it.
    if !g.skipped.is_empty() {
        let mut days = [0usize; 7];
        let mut missing = vec![0usize; 7 * g.slots];
        for d in from..origin.min(g.days) {
            if g.present[d] {
                days[g.weekday(d)] += 1;
            }
        }
        for &(d, s) in &g.skipped {
            if d >= from && d < origin.min(g.days) && g.present[d] {
                missing[g.weekday(d) * g.slots + s] += 1;
            }
        }
        for (c, &m) in missing.iter().enumerate() {
            let n = days[c / g.slots];
            if m > 0 && n > m {
                p[c] *= n as f64 / (n - m) as f64;
            }
        }
    }
    for w in 0..7 {
        let row = &mut p[w * g.slots..(w + 1) * g.slots];
        let tot: f64 = row.iter().sum();
        if tot > 0.0 {
            row.iter_mut().for_each(|v| *v /= tot);
        }
    }
    p
}

/// Exponential smoothing of daily totals with a multiplicative weekday index (ETS(A,N,M)-like
/// with the error measured on totals): level `l`, index `s[w]`;
/// `l ← α y/s[w] + (1−α) l`, `s[w] ← γ y/l + (1−γ) s[w]`, forecast `l s[w]`.
/// α and γ are chosen on a grid by the one-step squared error. Returns the level and the index.
pub(crate) fn daily_ets(totals: &[(usize, f64)]) -> (f64, [f64; 7]) {
    const ALPHAS: [f64; 8] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6];
    const GAMMAS: [f64; 5] = [0.0, 0.02, 0.05, 0.1, 0.2];
    let init_n = totals.len().min(14);
    let (l0, s0) = init_state(&totals[..init_n]);
    let run = |alpha: f64, gamma: f64, keep: bool| -> (f64, f64, [f64; 7]) {
        let (mut l, mut s) = (l0, s0);
        let mut sse = 0.0;
        for (i, &(w, y)) in totals.iter().enumerate() {
            if s[w] <= 1e-9 {
                continue;
            }
            if i >= init_n || keep {
                sse += (y - l * s[w]).powi(2);
            }
            let new_l = alpha * y / s[w] + (1.0 - alpha) * l;
            if new_l > 1e-9 {
                s[w] = gamma * y / new_l + (1.0 - gamma) * s[w];
                l = new_l;
            }
        }
        (sse, l, s)
    };
    let mut best = (f64::INFINITY, l0, s0);
    for &a in &ALPHAS {
        for &c in &GAMMAS {
            let r = run(a, c, false);
            if r.0 < best.0 {
                best = r;
            }
        }
    }
    (best.1, best.2)
}

/// The start of the damped-trend smoothing: a least-squares line `a + c i` through the first
/// days' totals, the weekday index as each weekday's mean ratio to the line (normalised to mean
/// 1), the trend `c` and the level one step before the first day (`a − c`). A weekday index
/// taken from raw means would absorb the first days' trend and keep it when γ = 0.
fn init_trend_state(first: &[(usize, f64)]) -> (f64, f64, [f64; 7]) {
    let n = first.len();
    if n < 2 {
        let (l, s) = init_state(first);
        return (l, 0.0, s);
    }
    let nf = n as f64;
    let i_mean = (nf - 1.0) / 2.0;
    let y_mean = first.iter().map(|(_, y)| y).sum::<f64>() / nf;
    let sxx: f64 = (0..n).map(|i| (i as f64 - i_mean).powi(2)).sum();
    let sxy: f64 = first
        .iter()
        .enumerate()
        .map(|(i, (_, y))| (i as f64 - i_mean) * (y - y_mean))
        .sum();
    let c = sxy / sxx;
    let a = y_mean - c * i_mean;
    let mut sum = [0.0; 7];
    let mut count = [0usize; 7];
    for (i, &(w, y)) in first.iter().enumerate() {
        let line = a + c * i as f64;
        if line > 0.0 {
            sum[w] += y / line;
            count[w] += 1;
        }
    }
    let seen: Vec<usize> = (0..7).filter(|&w| count[w] > 0).collect();
    if seen.is_empty() || a - c <= 0.0 {
        let (l, s) = init_state(first);
        return (l, 0.0, s);
    }
    let mean = seen.iter().map(|&w| sum[w] / count[w] as f64).sum::<f64>() / seen.len() as f64;
    let mut s = [1.0; 7];
    for &w in &seen {
        s[w] = sum[w] / count[w] as f64 / mean;
    }
    (a - c, c, s)
}

fn init_state(first: &[(usize, f64)]) -> (f64, [f64; 7]) {
    let mut sum = [0.0; 7];
    let mut n = [0usize; 7];
    for &(w, y) in first {
        sum[w] += y;
        n[w] += 1;
    }
    let seen: Vec<f64> = (0..7).filter(|&w| n[w] > 0).map(|w| sum[w] / n[w] as f64).collect();
    let l0 = if seen.is_empty() {
        0.0
    } else {
        seen.iter().sum::<f64>() / seen.len() as f64
    };
    let mut s = [1.0; 7];
    for w in 0..7 {
        if n[w] > 0 && l0 > 0.0 {
            s[w] = sum[w] / n[w] as f64 / l0;
        }
    }
    (l0, s)
}

/// Daily totals of the present days before `origin`, at most the last 52 weeks.
fn recent_totals(g: &DayGrid, origin: usize) -> Vec<(usize, f64)> {
    let from = origin.saturating_sub(52 * 7);
    (from..origin.min(g.days))
        .filter(|&d| g.present[d])
        .map(|d| (g.weekday(d), g.total(d)))
        .collect()
}

fn top_down(g: &DayGrid, origin: usize, lead_days: usize, k_profile: usize) -> Vec<f64> {
    let totals = recent_totals(g, origin);
    let (level, index) = daily_ets(&totals);
    let profile = weekday_profile(g, origin, k_profile);
    let mut out = vec![0.0; lead_days * g.slots];
    for l in 0..lead_days {
        let w = (g.weekday(origin) + l) % 7;
        let total = level * index[w];
        for s in 0..g.slots {
            out[l * g.slots + s] = total * profile[w * g.slots + s];
        }
    }
    out
}

/// Holt's damped-trend exponential smoothing of daily totals with a multiplicative weekday
/// index (ETS(A,Ad,M)-like with the error measured on totals; Gardner & McKenzie 1985):
/// `l ← α y/s[w] + (1−α)(l + φb)`, `b ← β (l − l_prev) + (1−β) φ b`, `s[w] ← γ y/l + (1−γ) s[w]`;
/// the forecast `h` present days ahead is `(l + (φ + … + φ^h) b) s[w]`. The weights are chosen on
/// a grid by the one-step squared error after the first 14 days; the start is a line fitted to
/// those days (see [`init_trend_state`]). Returns the level, the trend, φ and the index.
pub(crate) fn daily_damped_ets(totals: &[(usize, f64)]) -> (f64, f64, f64, [f64; 7]) {
    // 72 combinations: the model is backtested at 56 origins by `auto`, so the grid is kept
    // small (the speed goal is 0.05 s CPU per fit and forecast).
    const ALPHAS: [f64; 4] = [0.1, 0.2, 0.35, 0.6];
    const BETAS: [f64; 3] = [0.02, 0.1, 0.2];
    const PHIS: [f64; 3] = [0.85, 0.95, 0.98];
    const GAMMAS: [f64; 2] = [0.0, 0.05];
    let init_n = totals.len().min(14);
    let (l0, b0, s0) = init_trend_state(&totals[..init_n]);
    let run = |alpha: f64, beta: f64, phi: f64, gamma: f64| -> (f64, f64, f64, [f64; 7]) {
        let (mut l, mut b, mut s) = (l0, b0, s0);
        let mut sse = 0.0;
        for (i, &(w, y)) in totals.iter().enumerate() {
            if s[w] <= 1e-9 {
                continue;
            }
            if i >= init_n {
                sse += (y - (l + phi * b) * s[w]).powi(2);
            }
            let new_l = alpha * y / s[w] + (1.0 - alpha) * (l + phi * b);
            if new_l > 1e-9 {
                b = beta * (new_l - l) + (1.0 - beta) * phi * b;
                s[w] = gamma * y / new_l + (1.0 - gamma) * s[w];
                l = new_l;
            }
        }
        (sse, l, b, s)
    };
    let mut best = (f64::INFINITY, l0, 0.0, 0.9, s0);
    for &a in &ALPHAS {
        for &bt in &BETAS {
            for &phi in &PHIS {
                for &c in &GAMMAS {
                    let r = run(a, bt, phi, c);
                    if r.0 < best.0 {
                        best = (r.0, r.1, r.2, phi, r.3);
                    }
                }
            }
        }
    }
    (best.1, best.2, best.3, best.4)
}

fn top_down_damped(g: &DayGrid, origin: usize, lead_days: usize, k_profile: usize) -> Vec<f64> {
    let totals = recent_totals(g, origin);
    let (level, trend, phi, index) = daily_damped_ets(&totals);
    let profile = weekday_profile(g, origin, k_profile);
    let mut out = vec![0.0; lead_days * g.slots];
    let mut damp = 0.0;
    for l in 0..lead_days {
        damp += phi.powi(l as i32 + 1);
        let w = (g.weekday(origin) + l) % 7;
        let total = ((level + damp * trend) * index[w]).max(0.0);
        for s in 0..g.slots {
            out[l * g.slots + s] = total * profile[w * g.slots + s];
        }
    }
    out
}

/// Weekly average × recent level. The level is the exponentially weighted (weight 0.5^age) mean
/// over the last 5 present days of actual total ÷ that day's total in the same k-week average
/// (the day itself and the k − 1 weeks before it); its deviation from 1 decays by 0.7 per lead
/// day.
fn short_term(g: &DayGrid, origin: usize, lead_days: usize, k: usize) -> Vec<f64> {
    let mut out = weekly_average(g, origin, lead_days, k);
    let mut ratios = Vec::new();
    for d in (0..origin.min(g.days)).rev() {
        if ratios.len() == 5 {
            break;
        }
        if !g.present[d] || d < 7 {
            continue;
        }
        // The day's own base: the mean of itself and the k − 1 weeks before it, which is what
        // the forecast's base averages for that weekday.
        let base: f64 = weekly_average_day(g, d, 0, k)
            .iter()
            .zip(g.day(d))
            .filter(|(_, v)| !v.is_nan())
            .map(|(b, _)| *b)
            .sum();
        if base > 0.0 {
            ratios.push(g.total(d) / base);
        }
    }
    if ratios.is_empty() {
        return out;
    }
    let (mut num, mut den, mut w) = (0.0, 0.0, 1.0);
    for r in &ratios {
        num += w * r;
        den += w;
        w *= 0.5;
    }
    let r = (num / den).clamp(0.5, 2.0);
    for l in 0..lead_days {
        let m = 1.0 + (r - 1.0) * 0.7f64.powi(l as i32);
        out[l * g.slots..(l + 1) * g.slots].iter_mut().for_each(|v| *v *= m);
    }
    out
}

/// Lead day 1: the short-term model; lead day 2: half short-term, half the mean of the two
/// profile models (mean and median level); later: that mean (Taylor 2008; Barrow 2016: combine, and let the
/// short-horizon model fade with the lead).
fn combination(g: &DayGrid, origin: usize, lead_days: usize) -> Vec<f64> {
    let a = profile_level(g, origin, lead_days, 6, 12, false);
    let t = profile_level(g, origin, lead_days, 7, 12, true);
    let st = short_term(g, origin, lead_days.min(2), 4);
    let mut out = vec![0.0; lead_days * g.slots];
    for l in 0..lead_days {
        let w_short = match l {
            0 => 1.0,
            1 => 0.5,
            _ => 0.0,
        };
        for s in 0..g.slots {
            let i = l * g.slots + s;
            let long = 0.5 * (a[i] + t[i]);
            out[i] = if w_short > 0.0 {
                w_short * st[i] + (1.0 - w_short) * long
            } else {
                long
            };
        }
    }
    out
}

/// Mean (or median, robust to the odd outage or promotion day) total of the same weekday over
/// the last `k_level` weeks, days `d − 7j` as in the weekly average, × the weekday profile of the
/// last `k_profile` weeks. A longer window for the intraday shape than for the level lowers the
/// variance of the shape without making the level slow (the classic WFM top-down split).
fn profile_level(
    g: &DayGrid,
    origin: usize,
    lead_days: usize,
    k_level: usize,
    k_profile: usize,
    median: bool,
) -> Vec<f64> {
    let profile = weekday_profile(g, origin, k_profile);
    level_times_profile(g, origin, lead_days, k_level, median, &profile)
}

/// The weekday profile of the last `k` weeks with each weekday's shape shrunk towards a shared
/// shape (restricted to the weekday's open cells), by the positive-part James–Stein factor
/// `max(0, 1 − v/D)`: `D` is the squared distance between the two shapes and
/// `v = (1 − Σ p̄²) / N` the expected squared distance from multinomial noise alone, with `N`
/// the weekday's calls in the window. The shared shape is the calls-weighted mean of the
/// weekdays that pool (a first pass towards all weekdays keeps less than half of their own); a
/// weekday with its own shape (a short Sunday) has `D ≫ v`, keeps it and stays out of the
/// shared one; weekdays whose shapes differ by noise only share one estimate. With fewer than
/// two weekdays that pool, each keeps its own.
pub(crate) fn pooled_profile(g: &DayGrid, origin: usize, k: usize) -> Vec<f64> {
    let own = weekday_profile(g, origin, k);
    let open = g.open_mask(origin, OPEN_WEEKS);
    let slots = g.slots;
    let from = origin.saturating_sub(7 * k);
    let mut calls = [0.0f64; 7];
    for d in from..origin.min(g.days) {
        if g.present[d] {
            calls[g.weekday(d)] += g.total(d);
        }
    }
    let total: f64 = calls.iter().sum();
    if total <= 0.0 {
        return own;
    }
    // The James–Stein factor of each weekday towards the calls-weighted shape of the weekdays
    // in `pool`, and the shrunk shapes.
    let shrink = |pool: &[bool; 7]| -> ([f64; 7], Vec<f64>) {
        let weight: f64 = (0..7).filter(|&w| pool[w]).map(|w| calls[w]).sum();
        let mut all = vec![0.0; slots];
        if weight > 0.0 {
            for w in (0..7).filter(|&w| pool[w]) {
                for s in 0..slots {
                    all[s] += own[w * slots + s] * calls[w] / weight;
                }
            }
        }
        let mut keep = [1.0; 7];
        let mut out = own.clone();
        for w in 0..7 {
            if calls[w] <= 0.0 {
                continue;
            }
            let mass: f64 = (0..slots).filter(|&s| open[w * slots + s]).map(|s| all[s]).sum();
            if mass <= 0.0 {
                continue;
            }
            let target: Vec<f64> = (0..slots)
                .map(|s| if open[w * slots + s] { all[s] / mass } else { 0.0 })
                .collect();
            let dist: f64 = (0..slots).map(|s| (own[w * slots + s] - target[s]).powi(2)).sum();
            let noise = (1.0 - target.iter().map(|p| p * p).sum::<f64>()) / calls[w];
            keep[w] = if dist > 0.0 { (1.0 - noise / dist).max(0.0) } else { 0.0 };
            for (o, t) in out[w * slots..(w + 1) * slots].iter_mut().zip(&target) {
                *o = keep[w] * *o + (1.0 - keep[w]) * t;
            }
        }
        (keep, out)
    };
    // First towards all weekdays; then towards the weekdays that pooled (kept less than half of
    // their own shape), so that a weekday of its own (a short Sunday) does not bend the shape
    // the others share.
    let (keep, _) = shrink(&std::array::from_fn(|w| calls[w] > 0.0));
    let pool: [bool; 7] = std::array::from_fn(|w| calls[w] > 0.0 && keep[w] < 0.5);
    if pool.iter().filter(|p| **p).count() < 2 {
        return own;
    }
    shrink(&pool).1
}

/// Mean (or median) total of the same weekday over the last `k_level` weeks (days `d − 7j` as
/// in the weekly average) × `profile`.
fn level_times_profile(
    g: &DayGrid,
    origin: usize,
    lead_days: usize,
    k_level: usize,
    median: bool,
    profile: &[f64],
) -> Vec<f64> {
    let mut out = vec![0.0; lead_days * g.slots];
    let mut totals = Vec::with_capacity(k_level);
    for l in 0..lead_days {
        let d = origin + l;
        let w = (g.weekday(origin) + l) % 7;
        let j0 = l / 7 + 1;
        totals.clear();
        for j in j0..j0 + k_level {
            if 7 * j > d {
                break;
            }
            if g.present[d - 7 * j] {
                totals.push(g.total(d - 7 * j));
            }
        }
        let total = median_or_mean(&mut totals, median);
        for s in 0..g.slots {
            out[l * g.slots + s] = total * profile[w * g.slots + s];
        }
    }
    out
}

fn median_or_mean(v: &mut [f64], median: bool) -> f64 {
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if !median {
        return v.iter().sum::<f64>() / n as f64;
    }
    v.sort_by(f64::total_cmp);
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// MSTL, or the 8-week weekly average where MSTL cannot fit (see [`mstl_forecast`]).
fn mstl_or_average(
    g: &DayGrid,
    open: &[bool],
    origin: usize,
    lead_days: usize,
    weeks: usize,
    ets_weeks: usize,
) -> Vec<f64> {
    mstl_forecast(g, open, origin, lead_days, weeks, ets_weeks)
        .unwrap_or_else(|| weekly_average(g, origin, lead_days, 8))
}

/// As [`combination`], with the mean of MSTL and the short-term model as the short-horizon
/// model (MSTL joins the short-term model rather than replacing it: the mean scored better,
/// `benches/forecast_results.md`), and the lead counted in open days (a
/// weekday with an open cell): the first open day from the origin takes the short-horizon
/// model, the second half of it and half the mean of the two profile models, later days that
/// mean. So a Monday after a closed weekend is the first open day, as in the lead-day buckets
/// of `auto`.
fn mstl_combination(g: &DayGrid, open: &[bool], origin: usize, lead_days: usize, weeks: usize) -> Vec<f64> {
    let a = profile_level(g, origin, lead_days, 6, 12, false);
    let t = profile_level(g, origin, lead_days, 7, 12, true);
    let day_open = |l: usize| {
        let w = (g.weekday(origin) + l) % 7;
        open[w * g.slots..(w + 1) * g.slots].iter().any(|o| *o)
    };
    // Weight of the short-horizon model per lead day, by the number of open days before it.
    let mut n_open = 0;
    let w_short: Vec<f64> = (0..lead_days)
        .map(|l| {
            let w = match (day_open(l), n_open) {
                (false, _) => 0.0,
                (true, 0) => 1.0,
                (true, 1) => 0.5,
                _ => 0.0,
            };
            n_open += usize::from(day_open(l));
            w
        })
        .collect();
    let short_days = w_short.iter().rposition(|w| *w > 0.0).map_or(0, |l| l + 1);
    let m = if short_days > 0 {
        mstl_or_average(g, open, origin, short_days, weeks, SHORT_ETS_WEEKS)
    } else {
        Vec::new()
    };
    let mut m = m;
    if short_days > 0 {
        let st = short_term(g, origin, short_days, 4);
        m.iter_mut().zip(&st).for_each(|(a, b)| *a = 0.5 * (*a + b));
    }
    let mut out = vec![0.0; lead_days * g.slots];
    for l in 0..lead_days {
        for s in 0..g.slots {
            let i = l * g.slots + s;
            let long = 0.5 * (a[i] + t[i]);
            out[i] = if w_short[l] > 0.0 {
                w_short[l] * m[i] + (1.0 - w_short[l]) * long
            } else {
                long
            };
        }
    }
    out
}
