//! [`DayGrid`]: a history as a calendar-day × slot matrix, with absent rows as `NaN`.

use chrono::{Duration, NaiveDate, Timelike};

use super::calendar::{weekday_index, Calendar, SpecialDayKind};
use super::History;

/// Calendar days from the first day of history, each with `slots` cells. A cell is `NaN` when the
/// history has no row for it (a closed night, a weekend, a holiday, an outage) or when the
/// special-day table excludes the day. Models index days by date arithmetic, so an absent day is
/// a gap and never shifts weekdays.
#[derive(Debug, Clone)]
pub(crate) struct DayGrid {
    pub first: NaiveDate,
    pub slots: usize,
    pub days: usize,
    pub values: Vec<f64>,
    /// Per day: at least one cell has a value.
    pub present: Vec<bool>,
    /// The (day, slot) cells that do not exist in the history's time zone (skipped by a
    /// spring-forward change): `NaN` like absent cells, but absent by construction, so profiles
    /// treat them as unknown rather than as no calls.
    pub skipped: Vec<(usize, usize)>,
}

impl DayGrid {
    /// The days of `history` before `end` (exclusive), with the calendar applied (closed and
    /// "like" days excluded, scaled days divided by their factor).
    pub fn new(history: &History, end: NaiveDate, calendar: &Calendar) -> Self {
        let slots = history.slots_per_day() as usize;
        let first = history.first().date();
        let days = (end - first).num_days().max(0) as usize;
        let mut values = vec![f64::NAN; days * slots];
        let interval = history.interval_s();
        for (t, v) in history.timestamps().iter().zip(history.volume()) {
            let d = (t.date() - first).num_days();
            if d < 0 || d as usize >= days {
                continue;
            }
            let s = (t.num_seconds_from_midnight() / interval) as usize;
            values[d as usize * slots + s] = *v;
        }
        let skipped = match history.zone() {
            Some(zone) => crate::time::zone::skipped_cells(zone, first, days, interval),
            None => Vec::new(),
        };
        let mut grid = Self {
            first,
            slots,
            days,
            values,
            present: vec![false; days],
            skipped,
        };
        if !calendar.is_empty() {
            for d in 0..days {
                match calendar.get(grid.date(d)) {
                    None => {}
                    Some(SpecialDayKind::Closed) | Some(SpecialDayKind::Like { .. }) => {
                        grid.day_mut(d).iter_mut().for_each(|v| *v = f64::NAN);
                    }
                    Some(SpecialDayKind::Scale { factor }) => {
                        grid.day_mut(d).iter_mut().for_each(|v| *v /= factor);
                    }
                }
            }
        }
        for d in 0..days {
            grid.present[d] = grid.day(d).iter().any(|v| !v.is_nan());
        }
        grid
    }

    pub fn date(&self, d: usize) -> NaiveDate {
        self.first + Duration::days(d as i64)
    }
    pub fn weekday(&self, d: usize) -> usize {
        weekday_index(self.date(d))
    }
    pub fn day(&self, d: usize) -> &[f64] {
        &self.values[d * self.slots..(d + 1) * self.slots]
    }
    fn day_mut(&mut self, d: usize) -> &mut [f64] {
        &mut self.values[d * self.slots..(d + 1) * self.slots]
    }
    /// Sum of a present day's cells (absent cells count 0).
    pub fn total(&self, d: usize) -> f64 {
        self.day(d).iter().filter(|v| !v.is_nan()).sum()
    }
    /// Open cells by weekday: a (weekday, slot) is open when some day of that weekday among the
    /// last `weeks` weeks before `origin` has a positive volume in it. Forecasts are zero
    /// elsewhere, so closed nights and weekends stay closed.
    pub fn open_mask(&self, origin: usize, weeks: usize) -> Vec<bool> {
        let mut open = vec![false; 7 * self.slots];
        let from = origin.saturating_sub(7 * weeks);
        for d in from..origin.min(self.days) {
            if !self.present[d] {
                continue;
            }
            let w = self.weekday(d);
            for (s, v) in self.day(d).iter().enumerate() {
                if *v > 0.0 {
                    open[w * self.slots + s] = true;
                }
            }
        }
        open
    }

    /// In-sample MAE of the weekly seasonal naive over the days before `origin`: the MASE scale.
    pub fn snaive_week_mae(&self, origin: usize) -> f64 {
        let (mut sum, mut n) = (0.0, 0usize);
        for d in 7..origin.min(self.days) {
            for s in 0..self.slots {
                let (a, b) = (self.values[d * self.slots + s], self.values[(d - 7) * self.slots + s]);
                if !a.is_nan() && !b.is_nan() {
                    sum += (a - b).abs();
                    n += 1;
                }
            }
        }
        if n == 0 {
            f64::NAN
        } else {
            sum / n as f64
        }
    }

    /// Number of present days before `origin`.
    pub fn present_days(&self, origin: usize) -> usize {
        self.present[..origin.min(self.days)].iter().filter(|p| **p).count()
    }
}
