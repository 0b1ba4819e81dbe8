//! Level shifts and trends in the daily totals before the forecast origin.
//!
//! # Method
//!
//! The series is `x_d = ln(total_d)` over the present, open days of the last 26 weeks before the
//! origin, each weekday's mean removed (so the weekly pattern is not a change). Its noise `σ` is
//! the median absolute difference of consecutive values ÷ (0.6745 √2), which one step or a few
//! campaign days hardly move; a day more than 4σ from the median of the 7 days around it (a
//! campaign day, an outage) takes that median. Two models are fitted by least squares:
//!
//! - **a level shift** at the day `k` (each side at least [`MIN_SEGMENT`] days) with the largest
//!   standardised difference of means `T = |m₂ − m₁| ÷ (σ √(1/n₁ + 1/n₂))` (the CUSUM statistic of
//!   a change in mean; Page 1954, Hinkley 1970);
//! - **a linear trend**, with its slope's t statistic `slope ÷ (σ ÷ √Σ(t − t̄)²)`.
//!
//! A shift is reported when `T ≥` [`SHIFT_CRITICAL`], the level moves by at least
//! [`MIN_SHIFT`], the step is sharp (the 7 days after it and the 7 before differ by at least
//! [`SHARPNESS`] of the two segments' difference, which a smooth drift does not) and the step
//! fits better than the line (smaller residual sum of squares); a
//! trend when its t statistic is at least [`TREND_CRITICAL`] and the line fits at least as well
//! as the step. The critical values are far in the tail of the null distribution of these
//! maxima over about 180 days (for the supremum of a standardised Brownian bridge, P(> 4) is
//! about 0.1%), so that a stationary series is almost never reported.
//!
//! # What the forecast does with it
//!
//! A shift with at least [`MIN_AFTER`] days after it rescales the days before it by the ratio of
//! the levels (`exp(m₂ − m₁)`), so every model's windows read one level (the intraday shape is
//! untouched). A more recent shift, or a trend, is only reported: the level-following
//! candidates (`top_down`, `top_down_damped`, `short_term`) and the automatic choice handle it.

use chrono::NaiveDate;

use super::grid::DayGrid;

/// Days of history read for the detection.
pub(crate) const WINDOW_DAYS: usize = 26 * 7;
/// The fewest days on each side of a shift.
pub(crate) const MIN_SEGMENT: usize = 7;
/// The standardised difference of means from which a shift is reported.
pub(crate) const SHIFT_CRITICAL: f64 = 5.0;
/// The smallest level change reported as a shift (relative).
pub(crate) const MIN_SHIFT: f64 = 0.05;
/// The t statistic of the slope from which a trend is reported.
pub(crate) const TREND_CRITICAL: f64 = 5.0;
/// The share of the segments' difference that the weeks either side of a shift must differ by.
pub(crate) const SHARPNESS: f64 = 0.75;
/// Days after a shift from which the history before it is rescaled.
pub(crate) const MIN_AFTER: usize = 14;

/// A level shift found in the daily totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelShift {
    /// The first day at the new level.
    pub date: NaiveDate,
    /// New level ÷ old level.
    pub factor: f64,
    /// The standardised difference of the two means (see the module docs).
    pub statistic: f64,
    /// Whether the days before it were rescaled to the new level for the forecast.
    pub adjusted: bool,
}

/// A trend found in the daily totals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// Relative change per week (e.g. 0.01 for +1% a week).
    pub per_week: f64,
    /// The slope's t statistic.
    pub statistic: f64,
}

/// What the change detection found before the forecast origin.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ChangeDiagnostics {
    /// A level shift, if one was found.
    pub level_shift: Option<LevelShift>,
    /// A trend, if one was found (never together with a shift).
    pub trend: Option<Trend>,
}

impl ChangeDiagnostics {
    /// A short text for the forecast's `model` column: `level_shift(2025-05-12,x1.30)`,
    /// `trend(+1.2%/week)`, or empty.
    pub fn label(&self) -> String {
        match (self.level_shift, self.trend) {
            (Some(s), _) => format!(
                "level_shift({},x{:.2}{})",
                s.date,
                s.factor,
                if s.adjusted { "" } else { ",recent" }
            ),
            (None, Some(t)) => format!("trend({:+.1}%/week)", 100.0 * t.per_week),
            (None, None) => String::new(),
        }
    }
}

/// Detects a level shift or a trend in the daily totals of the days before `origin` (see the
/// module docs).
pub(crate) fn detect(g: &DayGrid, origin: usize) -> ChangeDiagnostics {
    let from = origin.saturating_sub(WINDOW_DAYS);
    let days: Vec<usize> = (from..origin.min(g.days))
        .filter(|&d| g.present[d] && g.total(d) > 0.0)
        .collect();
    let n = days.len();
    if n < 4 * MIN_SEGMENT {
        return ChangeDiagnostics::default();
    }
    // ln totals with each weekday's mean removed.
    let mut x: Vec<f64> = days.iter().map(|&d| g.total(d).ln()).collect();
    let mut sum = [0.0; 7];
    let mut count = [0usize; 7];
    for (i, &d) in days.iter().enumerate() {
        sum[g.weekday(d)] += x[i];
        count[g.weekday(d)] += 1;
    }
    for (i, &d) in days.iter().enumerate() {
        let w = g.weekday(d);
        x[i] -= sum[w] / count[w] as f64;
    }
    let sigma = robust_sigma(&x);
    if sigma.is_nan() || sigma <= 0.0 {
        return ChangeDiagnostics::default();
    }
    // A campaign day or an outage is not a shift: a day more than 4σ from the median of the 7
    // days around it takes that median (a running median keeps a step's edge).
    let cleaned: Vec<f64> = (0..n)
        .map(|i| {
            let mut w: Vec<f64> = x[i.saturating_sub(3)..(i + 4).min(n)].to_vec();
            w.sort_by(f64::total_cmp);
            let m = w[w.len() / 2];
            if (x[i] - m).abs() > 4.0 * sigma {
                m
            } else {
                x[i]
            }
        })
        .collect();
    let x = cleaned;
    // The best single shift.
    let total: f64 = x.iter().sum();
    let mut best: Option<(usize, f64, f64, f64)> = None; // (k, T, m1, m2)
    let mut left = 0.0;
    for k in 1..n {
        left += x[k - 1];
        if k < MIN_SEGMENT || n - k < MIN_SEGMENT {
            continue;
        }
        let (n1, n2) = (k as f64, (n - k) as f64);
        let (m1, m2) = (left / n1, (total - left) / n2);
        let t = (m2 - m1).abs() / (sigma * (1.0 / n1 + 1.0 / n2).sqrt());
        if best.is_none_or(|b| t > b.1) {
            best = Some((k, t, m1, m2));
        }
    }
    let rss_step = best.map_or(f64::INFINITY, |(k, _, m1, m2)| {
        x[..k].iter().map(|v| (v - m1).powi(2)).sum::<f64>() + x[k..].iter().map(|v| (v - m2).powi(2)).sum::<f64>()
    });
    // The line, on calendar days (gaps keep their place).
    let t: Vec<f64> = days.iter().map(|&d| d as f64).collect();
    let t_mean = t.iter().sum::<f64>() / n as f64;
    let x_mean = total / n as f64;
    let sxx: f64 = t.iter().map(|v| (v - t_mean).powi(2)).sum();
    let sxy: f64 = t.iter().zip(&x).map(|(a, b)| (a - t_mean) * (b - x_mean)).sum();
    let slope = sxy / sxx;
    let rss_line: f64 = t
        .iter()
        .zip(&x)
        .map(|(a, b)| (b - x_mean - slope * (a - t_mean)).powi(2))
        .sum();
    let slope_t = slope.abs() / (sigma / sxx.sqrt());
    let mut out = ChangeDiagnostics::default();
    if let Some((k, stat, m1, m2)) = best {
        let factor = (m2 - m1).exp();
        // A step is sharp: the week on each side of it differs by most of the difference of the
        // two segments. A smooth drift (a summer swell) also splits best somewhere, but its
        // neighbouring weeks are close.
        let week = |r: std::ops::Range<usize>| x[r.clone()].iter().sum::<f64>() / r.len() as f64;
        let local = week(k..k + MIN_SEGMENT) - week(k - MIN_SEGMENT..k);
        let sharp = local * (m2 - m1) > 0.0 && local.abs() >= SHARPNESS * (m2 - m1).abs();
        if stat >= SHIFT_CRITICAL && (factor - 1.0).abs() >= MIN_SHIFT && sharp && rss_step < rss_line {
            let after = origin - days[k];
            out.level_shift = Some(LevelShift {
                date: g.date(days[k]),
                factor,
                statistic: stat,
                adjusted: after >= MIN_AFTER,
            });
            return out;
        }
    }
    if slope_t >= TREND_CRITICAL && rss_line <= rss_step {
        out.trend = Some(Trend {
            per_week: (7.0 * slope).exp() - 1.0,
            statistic: slope_t,
        });
    }
    out
}

/// Rescales the days before a shift that [`detect`] marked `adjusted` to the new level.
pub(crate) fn adjust(g: &mut DayGrid, found: &ChangeDiagnostics) {
    if let Some(s) = found.level_shift.filter(|s| s.adjusted) {
        let until = ((s.date - g.first).num_days().max(0) as usize).min(g.days);
        for v in &mut g.values[..until * g.slots] {
            *v *= s.factor;
        }
    }
}

/// `median |x_i − x_{i−1}| ÷ (0.6745 √2)`: the noise standard deviation of a series with a few
/// steps or outliers.
fn robust_sigma(x: &[f64]) -> f64 {
    let mut d: Vec<f64> = x.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    if d.is_empty() {
        return 0.0;
    }
    d.sort_by(f64::total_cmp);
    let m = d.len();
    let median = if m % 2 == 1 {
        d[m / 2]
    } else {
        0.5 * (d[m / 2 - 1] + d[m / 2])
    };
    median / (0.674_489_750_196_081_7 * std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::robust_sigma;

    /// For alternating ±1 every difference is 2, so σ = 2 ÷ (0.6745 √2) ≈ 2.0967 (hand-computed,
    /// 1e-4); one step among them moves the median not at all.
    #[test]
    fn robust_sigma_ignores_one_step() {
        let x: Vec<f64> = (0..21).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        assert!((robust_sigma(&x) - 2.0967).abs() < 1e-4);
        let mut y = x.clone();
        for v in &mut y[10..] {
            *v += 50.0;
        }
        assert!((robust_sigma(&y) - 2.0967).abs() < 1e-4);
    }
}
