//! AHT forecast: a volume-weighted, shrunk weekday × slot-of-day profile.

use chrono::{NaiveDate, Timelike};

use super::calendar::weekday_index;
use super::History;

/// Slots on each side pooled into a slot's all-weekday mean.
const SLOT_WINDOW: i64 = 1;

/// Weighted mean AHT per weekday and slot over the last `k` weeks before the origin, shrunk
/// towards the slot's all-weekday mean, which is itself shrunk towards the overall mean.
///
/// # Formula
///
/// With `n_ws` the handled contacts and `A_ws` their summed handle time in weekday `w` and slot
/// `s`, `n_s`, `A_s` the same pooled over all weekdays and slots `s − 1 … s + 1` (wrapping at
/// midnight), and `ā` the overall weighted mean,
/// `a_s = (A_s + κ ā) / (n_s + κ)` and `a_ws = (A_ws + κ a_s) / (n_ws + κ)`: a credibility
/// (empirical-Bayes) estimate (Bühlmann & Gisler, *A Course in Credibility Theory*, 2005, ch. 3).
/// κ = 0 gives the plain weighted mean of the same weekday and slot, falling back to `ā`.
/// The default κ = 100 contacts: most of the gain over κ = 0 on the Anonymous Bank's AHT
/// (`benches/forecast_results.md`, design decisions).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AhtProfile {
    slots: usize,
    values: Vec<f64>,
}

impl AhtProfile {
    /// `None` when the history has no AHT value with a positive weight in the window.
    pub fn fit(history: &History, origin: NaiveDate, k_weeks: usize, kappa: f64) -> Option<Self> {
        let aht = history.aht_s()?;
        let w = history.aht_weight();
        let slots = history.slots_per_day() as usize;
        let interval = history.interval_s();
        let from = origin - chrono::Duration::days(7 * k_weeks as i64);
        let mut num = vec![0.0; 7 * slots];
        let mut den = vec![0.0; 7 * slots];
        for (i, t) in history.timestamps().iter().enumerate() {
            let d = t.date();
            if d < from || d >= origin || aht[i].is_nan() || w[i] <= 0.0 {
                continue;
            }
            let c = weekday_index(d) * slots + (t.num_seconds_from_midnight() / interval) as usize;
            num[c] += w[i] * aht[i];
            den[c] += w[i];
        }
        let (tn, td): (f64, f64) = (num.iter().sum(), den.iter().sum());
        if td <= 0.0 {
            return None;
        }
        let overall = tn / td;
        let mut values = vec![overall; 7 * slots];
        for s in 0..slots {
            // pooled over all weekdays and the slots within `SLOT_WINDOW` of s (circular)
            let win = SLOT_WINDOW;
            let (mut sn, mut sd) = (0.0, 0.0);
            for off in -win..=win {
                let s2 = (s as i64 + off).rem_euclid(slots as i64) as usize;
                for w in 0..7 {
                    sn += num[w * slots + s2];
                    sd += den[w * slots + s2];
                }
            }
            let slot_mean = if kappa > 0.0 {
                (sn + kappa * overall) / (sd + kappa)
            } else if sd > 0.0 {
                sn / sd
            } else {
                overall
            };
            for wd in 0..7 {
                let c = wd * slots + s;
                values[c] = if kappa > 0.0 {
                    (num[c] + kappa * slot_mean) / (den[c] + kappa)
                } else if den[c] > 0.0 {
                    num[c] / den[c]
                } else {
                    overall
                };
            }
        }
        Some(Self { slots, values })
    }

    /// The AHT forecast for a weekday (Monday = 0) and slot.
    pub fn get(&self, weekday: usize, slot: usize) -> f64 {
        self.values[weekday * self.slots + slot]
    }
}
