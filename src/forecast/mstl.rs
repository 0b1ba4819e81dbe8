//! MSTL (multiple seasonal-trend decomposition by loess) on the operating grid of a [`DayGrid`],
//! forecast as statsforecast's `MSTL(trend_forecaster=AutoETS(model="ZZN"))` does: each seasonal
//! component repeats its last cycle, and trend + remainder is forecast by a non-seasonal
//! AutoETS. The decomposition (`stlrs`, as re-exported by `augurs-mstl`) and the ETS
//! (`augurs-ets`) come from grafana/augurs.

use augurs::ets::AutoETS;
use augurs::mstl::stlrs::MstlParams;
use augurs::{Fit, Predict};

use super::grid::DayGrid;

/// Weeks of history MSTL decomposes: the WFM planner's usual window, four weekly cycles more than
/// the two that MSTL needs at least (a longer window cost more for no gain:
/// `benches/forecast_results.md`).
pub(crate) const MSTL_WEEKS: usize = 8;
/// Weeks at the end of the window on which the MSTL combination fits the ETS of trend +
/// remainder (plain MSTL fits it on the whole window).
pub(crate) const SHORT_ETS_WEEKS: usize = 1;

/// The operating grid: the slots open on some weekday and the weekdays with some open slot.
/// The series MSTL sees is these slots of these weekdays, day after day, so the daily period is
/// `slots.len()` and the weekly period `slots.len() × weekdays.len()` (the operating grid of the
/// benchmark protocol in `benches/forecast_results.md`).
pub(crate) struct OperatingGrid {
    pub slots: Vec<usize>,
    pub weekdays: [bool; 7],
}

impl OperatingGrid {
    pub fn new(g: &DayGrid, open: &[bool]) -> Self {
        let slots = (0..g.slots)
            .filter(|&s| (0..7).any(|w| open[w * g.slots + s]))
            .collect();
        let weekdays = std::array::from_fn(|w| open[w * g.slots..(w + 1) * g.slots].iter().any(|o| *o));
        Self { slots, weekdays }
    }
    fn n_weekdays(&self) -> usize {
        self.weekdays.iter().filter(|w| **w).count()
    }
}

/// The window of whole weeks before `origin` (at most `weeks`), as the operating-grid series
/// with its gaps filled: a cell without a value on a present day is 0 (closed); an absent day,
/// and a cell the time zone skips (spring forward: unknown, not closed), take the mean of the
/// same slot over the present days of the same weekday in the window that have the cell (0 if
/// none), so every week keeps its length and no weekday shifts.
pub(crate) fn window_series(g: &DayGrid, op: &OperatingGrid, origin: usize, weeks: usize) -> Vec<f64> {
    let n_weeks = (origin.min(g.days) / 7).min(weeks);
    let from = origin - 7 * n_weeks;
    let ms = op.slots.len();
    let skipped: std::collections::HashSet<(usize, usize)> = g
        .skipped
        .iter()
        .copied()
        .filter(|(d, _)| (from..origin).contains(d))
        .collect();
    // Weekday means of each operating slot over the present days of the window.
    let mut mean = vec![0.0; 7 * ms];
    let mut count = vec![0usize; 7 * ms];
    for d in from..origin {
        if !g.present[d] {
            continue;
        }
        let w = g.weekday(d);
        for (i, &s) in op.slots.iter().enumerate() {
            if skipped.contains(&(d, s)) {
                continue;
            }
            count[w * ms + i] += 1;
            let v = g.values[d * g.slots + s];
            if !v.is_nan() {
                mean[w * ms + i] += v;
            }
        }
    }
    for (m, c) in mean.iter_mut().zip(&count) {
        if *c > 0 {
            *m /= *c as f64;
        }
    }
    let mut y = Vec::with_capacity(n_weeks * op.n_weekdays() * ms);
    for d in from..origin {
        let w = g.weekday(d);
        if !op.weekdays[w] {
            continue;
        }
        for (i, &s) in op.slots.iter().enumerate() {
            let v = g.values[d * g.slots + s];
            y.push(match (g.present[d] && !skipped.contains(&(d, s)), v.is_nan()) {
                (true, false) => v,
                (true, true) => 0.0,
                (false, _) => mean[w * ms + i],
            });
        }
    }
    y
}

/// MSTL forecast of `lead_days` days from `origin` on the last `weeks` whole weeks, the ETS
/// fitted on the last `ets_weeks` of them (`lead_days × slots` values, 0 outside the operating
/// grid), or `None` when there is no operating grid, the window holds less than two weekly
/// periods, a fit fails or the forecast is not finite.
///
/// # Formula
///
/// y = S_day + S_week + T + R by MSTL (Bandara, Hyndman & Bergmeir 2021) with periods m = the
/// operating slots per day and m × the operating weekdays, each an STL fit by loess (Cleveland
/// et al. 1990) with the R and statsforecast defaults (seasonal windows 11 and 15, two
/// iterations). Forecast: each seasonal component repeats its last cycle,
/// ŷ(n+h) = S_day(n−m+(h mod m)) + S_week(n−7m+(h mod 7m)) (7m: the weekly period), plus the
/// non-seasonal AutoETS forecast of T + R (ANN, AAN, AAdN and, for positive data, MNN, MAN,
/// MAdN, chosen by AICc), as statsforecast's `MSTL(trend_forecaster=AutoETS(model="ZZN"))`.
/// With `ets_weeks` = `weeks` that is statsforecast's model; the MSTL combination fits the
/// ETS on the last week only ([`SHORT_ETS_WEEKS`]), where the level that lead days 1–2 need
/// is: much faster and as accurate for those days, but its trend is not to be trusted a week
/// ahead (`benches/forecast_results.md`, design decisions).
pub(crate) fn mstl_forecast(
    g: &DayGrid,
    open: &[bool],
    origin: usize,
    lead_days: usize,
    weeks: usize,
    ets_weeks: usize,
) -> Option<Vec<f64>> {
    let op = OperatingGrid::new(g, open);
    let (ms, nd) = (op.slots.len(), op.n_weekdays());
    let mut periods: Vec<usize> = [ms, ms * nd].into_iter().filter(|p| *p >= 2).collect();
    periods.dedup();
    let longest = *periods.last()?;
    let y = window_series(g, &op, origin, weeks);
    if y.len() < 2 * longest {
        return None;
    }
    let op_days: Vec<usize> = (0..lead_days)
        .filter(|l| op.weekdays[(g.weekday(origin) + l) % 7])
        .collect();
    let mut out = vec![0.0; lead_days * g.slots];
    if op_days.is_empty() {
        return Some(out);
    }
    let fit = MstlParams::new().fit(&y, &periods).ok()?;
    let n = y.len();
    let keep = (ets_weeks * longest).min(n);
    let trend_rest: Vec<f64> = (n - keep..n).map(|i| fit.trend()[i] + fit.remainder()[i]).collect();
    let mut f = match flat_level(&trend_rest) {
        // ETS of a flat series is its level; and AutoETS's optimiser, on a series that varies
        // only by rounding, takes seconds instead of milliseconds.
        Some(level) => vec![level; op_days.len() * ms],
        None => {
            AutoETS::non_seasonal()
                .fit(&trend_rest)
                .ok()?
                .predict(op_days.len() * ms, None)
                .ok()?
                .point
        }
    };
    for (p, component) in periods.iter().zip(fit.seasonal()) {
        for (j, v) in f.iter_mut().enumerate() {
            *v += component[n - p + j % p];
        }
    }
    if f.iter().any(|v| !v.is_finite()) {
        return None;
    }
    for (j, &l) in op_days.iter().enumerate() {
        for (i, &s) in op.slots.iter().enumerate() {
            out[l * g.slots + s] = f[j * ms + i];
        }
    }
    Some(out)
}

/// The mean of a series whose spread is within rounding of its magnitude (at most 1e-9 of it),
/// else `None`.
fn flat_level(y: &[f64]) -> Option<f64> {
    let (lo, hi) = y.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(*v), hi.max(*v))
    });
    let scale = lo.abs().max(hi.abs());
    (!y.is_empty() && hi - lo <= 1e-9 * scale).then(|| y.iter().sum::<f64>() / y.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A grid of `weeks` weeks from Monday 2024-01-01 with `slots` slots a day, every cell from
    /// `value(day, slot)`.
    fn grid(weeks: usize, slots: usize, value: impl Fn(usize, usize) -> f64) -> DayGrid {
        let days = 7 * weeks;
        DayGrid {
            first: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            slots,
            days,
            values: (0..days * slots).map(|i| value(i / slots, i % slots)).collect(),
            present: vec![true; days],
            skipped: Vec::new(),
        }
    }

    /// A cell skipped by a spring-forward change is unknown, not closed: it takes the weekday
    /// mean of its slot (10, every other value of that slot and weekday), where a closed cell
    /// (NaN on a present day, not skipped) is 0. Exact.
    #[test]
    fn skipped_cells_take_the_weekday_mean_not_zero() {
        let mut g = grid(3, 2, |_, _| 10.0);
        g.values[14 * 2 + 1] = f64::NAN;
        g.skipped = vec![(14, 1)];
        g.values[15 * 2 + 1] = f64::NAN; // closed, not skipped
        let op = OperatingGrid::new(&g, &[true; 14]);
        let y = window_series(&g, &op, 21, 8);
        assert_eq!(y.len(), 21 * 2);
        assert_eq!(y[14 * 2 + 1], 10.0);
        assert_eq!(y[15 * 2 + 1], 0.0);
    }

    /// MSTL itself (not the weekly-average fallback) forecasts a noiseless repeating week of 24
    /// hourly slots, y = 50 + 20·[8 ≤ hour < 18] + 5·weekday, within 0.5 calls: the seasonal
    /// components carry the pattern and the ETS of a flat trend + zero remainder adds nothing.
    #[test]
    fn mstl_forecasts_a_repeating_week_itself() {
        let v = |d: usize, s: usize| 50.0 + if (8..18).contains(&s) { 20.0 } else { 0.0 } + 5.0 * (d % 7) as f64;
        let g = grid(10, 24, v);
        let open = vec![true; 7 * 24];
        let f = mstl_forecast(&g, &open, 70, 7, MSTL_WEEKS, MSTL_WEEKS).expect("MSTL fits");
        for (i, x) in f.iter().enumerate() {
            let (l, s) = (i / 24, i % 24);
            assert!(
                (x - v(70 + l, s)).abs() < 0.5,
                "lead {l} slot {s}: {x} vs {}",
                v(70 + l, s)
            );
        }
    }

    /// No open cell at all: no operating grid, so no MSTL (the caller falls back).
    #[test]
    fn an_all_zero_history_has_no_mstl() {
        let g = grid(4, 24, |_, _| 0.0);
        assert!(mstl_forecast(&g, &[false; 7 * 24], 28, 7, MSTL_WEEKS, MSTL_WEEKS).is_none());
    }
}
