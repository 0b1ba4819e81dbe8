//! [`History`]: a validated, regularly spaced series of interval volumes (and optionally AHT).

use chrono::{NaiveDateTime, Timelike};

use super::ForecastError;

/// Seconds in a day.
pub const DAY_S: u32 = 86_400;

/// A validated history of one queue: interval starts, offered volume and, optionally, AHT.
///
/// Built by [`History::try_new`], which checks everything the forecast models rely on, so a
/// `History` is always sorted, free of duplicates, on its interval grid, and holds finite,
/// non-negative volumes. Absent intervals (a holiday, an outage, a closed weekend) are simply
/// missing rows: the models look values up by their real timestamps, never by position.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::forecast::History;
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let ts: Vec<_> = (0..4).map(|i| t0 + chrono::Duration::minutes(30 * i)).collect();
/// let h = History::try_new(1800, ts, vec![10.0, 12.0, 9.0, 11.0]).unwrap();
/// assert_eq!(h.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    interval_s: u32,
    timestamps: Vec<NaiveDateTime>,
    volume: Vec<f64>,
    aht_s: Option<Vec<f64>>,
    aht_weight: Option<Vec<f64>>,
}

impl History {
    /// Checks and builds a history.
    ///
    /// # Errors
    ///
    /// [`ForecastError`] naming the first bad row: an interval that does not divide the day, an
    /// empty history, mismatched lengths, an unsorted or duplicated timestamp, a timestamp off the
    /// interval grid, or a negative, NaN or infinite volume.
    pub fn try_new(interval_s: u32, timestamps: Vec<NaiveDateTime>, volume: Vec<f64>) -> Result<Self, ForecastError> {
        check_interval(interval_s)?;
        if timestamps.is_empty() {
            return Err(ForecastError::EmptyHistory);
        }
        if volume.len() != timestamps.len() {
            return Err(ForecastError::LengthMismatch {
                column: "volume",
                expected: timestamps.len(),
                got: volume.len(),
            });
        }
        for (i, t) in timestamps.iter().enumerate() {
            if seconds_of_day(t) % interval_s != 0 || t.nanosecond() != 0 {
                return Err(ForecastError::OffGrid {
                    row: i + 1,
                    timestamp: *t,
                    interval_s,
                });
            }
            if i > 0 {
                let prev = timestamps[i - 1];
                if *t == prev {
                    return Err(ForecastError::DuplicateInterval {
                        row: i + 1,
                        timestamp: *t,
                    });
                }
                if *t < prev {
                    return Err(ForecastError::Unsorted {
                        row: i + 1,
                        timestamp: *t,
                    });
                }
            }
        }
        check_values("volume", &volume, false)?;
        Ok(Self {
            interval_s,
            timestamps,
            volume,
            aht_s: None,
            aht_weight: None,
        })
    }

    /// Adds a per-interval average handle time in seconds. `NaN` marks an interval with no handled
    /// contact (its AHT is unknown). `weight` is how many contacts each AHT value averages over
    /// (usually the `handled` column); without it the volume is used.
    ///
    /// # Errors
    ///
    /// [`ForecastError::LengthMismatch`] or [`ForecastError::InvalidValue`] (negative or infinite
    /// AHT, negative or NaN weight), naming the first bad row.
    pub fn with_aht(mut self, aht_s: Vec<f64>, weight: Option<Vec<f64>>) -> Result<Self, ForecastError> {
        if aht_s.len() != self.len() {
            return Err(ForecastError::LengthMismatch {
                column: "aht_s",
                expected: self.len(),
                got: aht_s.len(),
            });
        }
        check_values("aht_s", &aht_s, true)?;
        if let Some(w) = &weight {
            if w.len() != self.len() {
                return Err(ForecastError::LengthMismatch {
                    column: "handled",
                    expected: self.len(),
                    got: w.len(),
                });
            }
            check_values("handled", w, false)?;
        }
        self.aht_s = Some(aht_s);
        self.aht_weight = weight;
        Ok(self)
    }

    /// Interval length in seconds.
    pub fn interval_s(&self) -> u32 {
        self.interval_s
    }
    /// Number of intervals (rows).
    pub fn len(&self) -> usize {
        self.timestamps.len()
    }
    /// Always false: an empty history is rejected by [`History::try_new`].
    pub fn is_empty(&self) -> bool {
        self.timestamps.is_empty()
    }
    /// Interval starts, strictly increasing.
    pub fn timestamps(&self) -> &[NaiveDateTime] {
        &self.timestamps
    }
    /// Offered volume per interval.
    pub fn volume(&self) -> &[f64] {
        &self.volume
    }
    /// AHT per interval in seconds (`NaN` where unknown), if the history has it.
    pub fn aht_s(&self) -> Option<&[f64]> {
        self.aht_s.as_deref()
    }
    /// Weights of the AHT values: the given weights, else the volume.
    pub fn aht_weight(&self) -> &[f64] {
        self.aht_weight.as_deref().unwrap_or(&self.volume)
    }
    /// Number of interval slots in a day.
    pub fn slots_per_day(&self) -> u32 {
        DAY_S / self.interval_s
    }
    /// First interval start.
    pub fn first(&self) -> NaiveDateTime {
        self.timestamps[0]
    }
    /// Last interval start.
    pub fn last(&self) -> NaiveDateTime {
        self.timestamps[self.timestamps.len() - 1]
    }
}

/// Checks that an interval length is positive and divides a day.
///
/// # Errors
///
/// [`ForecastError::IntervalDoesNotDivideDay`].
pub fn check_interval(interval_s: u32) -> Result<(), ForecastError> {
    if interval_s == 0 || DAY_S % interval_s != 0 {
        return Err(ForecastError::IntervalDoesNotDivideDay { interval_s });
    }
    Ok(())
}

/// Seconds since midnight of a timestamp.
fn seconds_of_day(t: &NaiveDateTime) -> u32 {
    t.num_seconds_from_midnight()
}

fn check_values(column: &'static str, values: &[f64], nan_ok: bool) -> Result<(), ForecastError> {
    for (i, &v) in values.iter().enumerate() {
        let ok = if v.is_nan() { nan_ok } else { v.is_finite() && v >= 0.0 };
        if !ok {
            return Err(ForecastError::InvalidValue {
                column,
                row: i + 1,
                value: v,
            });
        }
    }
    Ok(())
}
