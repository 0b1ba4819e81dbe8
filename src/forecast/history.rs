//! [`History`]: a validated, regularly spaced series of interval volumes (and optionally AHT).

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};

use super::ForecastError;
use crate::time::{check_zone_changes, Tz};

pub use crate::time::{DAY_S, FIRST_DATE, LAST_DATE};

/// The largest volume, AHT (seconds) or AHT weight a history may hold: beyond any contact centre,
/// and far enough below the largest `f64` that the models' sums, squares and smoothing never
/// overflow.
pub const MAX_VALUE: f64 = 1e9;

/// The most intervals a history may span, counting every interval of every day from its first
/// to its last date: the models hold one value for each (16 MB), and a fit or a backtest origin
/// reads them all, so a mistyped year must not make it hold millions more. That is 20,833 days
/// (57 years) of 15-minute intervals, 1,388 days (3.8 years) of 1-minute intervals.
pub const MAX_SPAN_CELLS: usize = 2_000_000;

/// A validated history of one queue: interval starts, offered volume and, optionally, AHT.
///
/// Built by [`History::try_new`], which checks everything the forecast models rely on, so a
/// `History` is always sorted, free of duplicates, on its interval grid, and holds finite,
/// non-negative volumes. Absent intervals (a holiday, an outage, a closed weekend) are simply
/// missing rows: the models look values up by their real timestamps, never by position.
///
/// A history in a time zone ([`History::try_from_instants`], [`History::try_new_in_zone`]) holds
/// local wall-clock times: the repeated hour of a fall-back change is merged into one row per
/// local slot (volume by the mean, AHT by the weighted mean) and the skipped hour of a
/// spring-forward change has no rows. See [`crate::time::zone`].
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
    zone: Option<Tz>,
    /// For a zoned history: how the input rows were merged into local slots.
    merged_from: Option<Merge>,
}

/// How the input rows of a zoned history map onto its local slots.
#[derive(Debug, Clone, PartialEq)]
struct Merge {
    /// The row (local slot) of each input row, in input order.
    into: Vec<usize>,
    /// The input volumes, the default weights of the AHT.
    volume: Vec<f64>,
}

impl History {
    /// Checks and builds a history.
    ///
    /// # Errors
    ///
    /// [`ForecastError`] naming the first bad row: an interval that is not a whole number of
    /// minutes dividing the day, an empty history, mismatched lengths, an unsorted or duplicated
    /// timestamp, a timestamp off the interval grid or outside [`FIRST_DATE`] ..= [`LAST_DATE`], a
    /// span of more than [`MAX_SPAN_CELLS`] intervals, or a negative, NaN or infinite volume or
    /// one above [`MAX_VALUE`].
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
        let mut span = Span::new(interval_s);
        for (i, t) in timestamps.iter().enumerate() {
            check_on_grid(i, t, interval_s)?;
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
            span.check(i, t)?;
        }
        check_values("volume", &volume, false)?;
        Ok(Self {
            interval_s,
            timestamps,
            volume,
            aht_s: None,
            aht_weight: None,
            zone: None,
            merged_from: None,
        })
    }

    /// Checks a series of UTC instants and puts it on the local wall-clock grid of `zone`.
    ///
    /// The instants must increase strictly; their local times must lie on the interval grid.
    /// Two instants with the same local time (the repeated hour of a fall-back change) become one
    /// row whose volume is their **mean**: volume is a per-interval rate, so the local slot keeps
    /// the scale of the same slot on other days. [`History::with_aht`] merges the AHT by the
    /// weighted mean. The skipped local hour of a spring-forward change has no rows.
    ///
    /// # Errors
    ///
    /// As [`History::try_new`], naming the first bad input row (timestamps are shown as local
    /// wall-clock times): an interval that does not divide the day, an empty history, mismatched
    /// lengths, an instant not later than the one before it, a local time out of range, too long a
    /// span, a bad volume;
    /// [`ForecastError::ZoneChangeOffGrid`] when a clock change in the span cannot be represented
    /// at this interval (see [`crate::time::check_zone_changes`]); and
    /// [`ForecastError::OffLocalGrid`] for an instant whose local time is off the interval grid
    /// (e.g. hourly UTC instants in `America/St_Johns`, UTC−03:30).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{Duration, TimeZone, Utc};
    /// use wfmkit::forecast::{History, Tz};
    ///
    /// // 00:00 to 03:00 UTC on 27 October 2024: London repeats 01:00-02:00 local.
    /// let t0 = Utc.with_ymd_and_hms(2024, 10, 27, 0, 0, 0).unwrap();
    /// let ts: Vec<_> = (0..6).map(|i| t0 + Duration::minutes(30 * i)).collect();
    /// let h = History::try_from_instants(1800, Tz::Europe__London, ts, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    /// // local 01:00 (BST) 01:30 (BST) 01:00 (GMT) 01:30 (GMT) 02:00 02:30
    /// assert_eq!(h.volume(), &[2.0, 3.0, 5.0, 6.0]); // (1 + 3) / 2, (2 + 4) / 2, 5, 6
    /// assert_eq!(h.timestamps()[0].to_string(), "2024-10-27 01:00:00");
    /// ```
    pub fn try_from_instants(
        interval_s: u32,
        zone: Tz,
        instants: Vec<DateTime<Utc>>,
        volume: Vec<f64>,
    ) -> Result<Self, ForecastError> {
        check_shape(interval_s, instants.len(), volume.len())?;
        let mut local: Vec<NaiveDateTime> = Vec::with_capacity(instants.len());
        for (i, t) in instants.iter().enumerate() {
            // In range as UTC first: then the local time (less than a day away) exists.
            check_in_range(i, &t.naive_utc())?;
            local.push(t.with_timezone(&zone).naive_local());
        }
        let mut span = Span::new(interval_s);
        for (i, t) in local.iter().enumerate() {
            if i > 0 {
                let prev = instants[i - 1];
                if instants[i] == prev {
                    return Err(ForecastError::DuplicateInterval {
                        row: i + 1,
                        timestamp: *t,
                    });
                }
                if instants[i] < prev {
                    return Err(ForecastError::Unsorted {
                        row: i + 1,
                        timestamp: *t,
                    });
                }
            }
            span.check(i, t)?;
        }
        if let (Some(first), Some(last)) = (local.iter().min(), local.iter().max()) {
            check_zone_changes(zone, interval_s, *first, *last)?;
        }
        for (i, (t, u)) in local.iter().zip(&instants).enumerate() {
            if !seconds_of_day(t).is_multiple_of(interval_s) || t.nanosecond() != 0 {
                return Err(ForecastError::OffLocalGrid {
                    row: i + 1,
                    instant: *u,
                    local: *t,
                    zone: zone.name().to_string(),
                    utc_offset_s: zone.offset_from_utc_datetime(&u.naive_utc()).fix().local_minus_utc(),
                    interval_s,
                });
            }
        }
        check_values("volume", &volume, false)?;
        Ok(Self::merged(interval_s, zone, local, volume))
    }

    /// Checks a series of local wall-clock times in `zone` (a naive export of a zoned series)
    /// and merges the repeated hour of a fall-back change as [`History::try_from_instants`] does.
    ///
    /// Rows must be in real-time order: each row is resolved to the earliest instant of its local
    /// time that is later than the row before it, so a local time the clocks repeat may appear
    /// twice, the hour usually being written out twice in chronological order (01:00, 01:30,
    /// 01:00, 01:30, 02:00 for London on 27 October 2024 at 30 minutes). Any row that cannot be
    /// later than the one before it is an error: a local time given more often than it happens
    /// is a duplicate, any other an unsorted row (so 01:00, 02:00, 01:00 is rejected, as 02:00
    /// happens after both 01:00s).
    ///
    /// # Errors
    ///
    /// As [`History::try_new`], naming the first bad row;
    /// [`ForecastError::ZoneChangeOffGrid`] when a clock change in the span cannot be represented
    /// at this interval (see [`crate::time::check_zone_changes`]); and
    /// [`ForecastError::SkippedLocalTime`] for a local time the zone skips (spring-forward).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use wfmkit::forecast::{ForecastError, History, Tz};
    ///
    /// let t = |h, m| NaiveDate::from_ymd_opt(2024, 10, 27).unwrap().and_hms_opt(h, m, 0).unwrap();
    /// let ts = vec![t(1, 0), t(1, 30), t(1, 0), t(1, 30), t(2, 0)];
    /// let h = History::try_new_in_zone(1800, Tz::Europe__London, ts, vec![1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    /// assert_eq!(h.volume(), &[2.0, 3.0, 5.0]);
    /// // 02:00 is not repeated: a second 02:00 is a duplicate.
    /// let ts = vec![t(1, 0), t(2, 0), t(2, 0)];
    /// let err = History::try_new_in_zone(1800, Tz::Europe__London, ts, vec![1.0; 3]).unwrap_err();
    /// assert!(matches!(err, ForecastError::DuplicateInterval { row: 3, .. }));
    /// // 01:30 after 02:00 (GMT) is earlier in real time, whichever 01:30 it is.
    /// let ts = vec![t(1, 0), t(2, 0), t(1, 30)];
    /// let err = History::try_new_in_zone(1800, Tz::Europe__London, ts, vec![1.0; 3]).unwrap_err();
    /// assert!(matches!(err, ForecastError::Unsorted { row: 3, .. }));
    /// ```
    pub fn try_new_in_zone(
        interval_s: u32,
        zone: Tz,
        timestamps: Vec<NaiveDateTime>,
        volume: Vec<f64>,
    ) -> Result<Self, ForecastError> {
        check_shape(interval_s, timestamps.len(), volume.len())?;
        let mut span = Span::new(interval_s);
        for (i, t) in timestamps.iter().enumerate() {
            check_on_grid(i, t, interval_s)?;
        }
        if let (Some(first), Some(last)) = (timestamps.iter().min(), timestamps.iter().max()) {
            check_zone_changes(zone, interval_s, *first, *last)?;
        }
        let mut seen: std::collections::HashMap<NaiveDateTime, u8> = std::collections::HashMap::new();
        let mut latest: Option<DateTime<Tz>> = None;
        for (i, t) in timestamps.iter().enumerate() {
            let later = |x: &DateTime<Tz>| latest.is_none_or(|l| *x > l);
            let (instant, occurrences) = match zone.from_local_datetime(t) {
                LocalResult::None => {
                    return Err(ForecastError::SkippedLocalTime {
                        row: i + 1,
                        timestamp: *t,
                        zone: zone.name().to_string(),
                    })
                }
                LocalResult::Single(x) => (later(&x).then_some(x), 1),
                LocalResult::Ambiguous(early, late) => ([early, late].into_iter().find(|x| later(x)), 2),
            };
            let n = seen.entry(*t).or_insert(0);
            *n += 1;
            match instant {
                Some(x) => latest = Some(x),
                None if *n > occurrences => {
                    return Err(ForecastError::DuplicateInterval {
                        row: i + 1,
                        timestamp: *t,
                    })
                }
                None => {
                    return Err(ForecastError::Unsorted {
                        row: i + 1,
                        timestamp: *t,
                    })
                }
            }
            span.check(i, t)?;
        }
        check_values("volume", &volume, false)?;
        Ok(Self::merged(interval_s, zone, timestamps, volume))
    }

    /// Sorts checked local rows by local time (stably) and merges equal times by the mean.
    fn merged(interval_s: u32, zone: Tz, local: Vec<NaiveDateTime>, volume: Vec<f64>) -> Self {
        let mut order: Vec<usize> = (0..local.len()).collect();
        order.sort_by_key(|&i| local[i]);
        let mut timestamps: Vec<NaiveDateTime> = Vec::with_capacity(local.len());
        let mut sums: Vec<(f64, usize)> = Vec::with_capacity(local.len());
        let mut into = vec![0; local.len()];
        for i in order {
            if timestamps.last() != Some(&local[i]) {
                timestamps.push(local[i]);
                sums.push((0.0, 0));
            }
            let k = timestamps.len() - 1;
            sums[k].0 += volume[i];
            sums[k].1 += 1;
            into[i] = k;
        }
        Self {
            interval_s,
            timestamps,
            volume: sums.iter().map(|(s, n)| s / *n as f64).collect(),
            aht_s: None,
            aht_weight: None,
            zone: Some(zone),
            merged_from: Some(Merge { into, volume }),
        }
    }

    /// Adds a per-interval average handle time in seconds. `NaN` marks an interval with no handled
    /// contact (its AHT is unknown). `weight` is how many contacts each AHT value averages over
    /// (usually the `handled` column); without it the volume is used.
    ///
    /// For a zoned history the values are given per input row, like the volume, and merged with
    /// it: the AHT of a repeated local slot is the weighted mean of its rows' AHT (weights as
    /// above), its weight the mean of theirs.
    ///
    /// # Errors
    ///
    /// [`ForecastError::LengthMismatch`] or [`ForecastError::InvalidValue`] (a negative or
    /// infinite AHT, a negative or NaN weight, or either above [`MAX_VALUE`]), naming the first
    /// bad row.
    pub fn with_aht(mut self, aht_s: Vec<f64>, weight: Option<Vec<f64>>) -> Result<Self, ForecastError> {
        let rows = self.merged_from.as_ref().map_or(self.len(), |m| m.into.len());
        if aht_s.len() != rows {
            return Err(ForecastError::LengthMismatch {
                column: "aht_s",
                expected: rows,
                got: aht_s.len(),
            });
        }
        check_values("aht_s", &aht_s, true)?;
        if let Some(w) = &weight {
            if w.len() != rows {
                return Err(ForecastError::LengthMismatch {
                    column: "handled",
                    expected: rows,
                    got: w.len(),
                });
            }
            check_values("handled", w, false)?;
        }
        match self.merged_from.take() {
            None => {
                self.aht_s = Some(aht_s);
                self.aht_weight = weight;
            }
            Some(merge) => {
                let n = self.len();
                let (mut num, mut den, mut plain, mut count) = (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0; n]);
                let (mut wsum, mut rows_in) = (vec![0.0; n], vec![0usize; n]);
                for (i, &k) in merge.into.iter().enumerate() {
                    let w = weight.as_ref().map_or(merge.volume[i], |w| w[i]);
                    rows_in[k] += 1;
                    wsum[k] += w;
                    if aht_s[i].is_nan() {
                        continue;
                    }
                    plain[k] += aht_s[i];
                    count[k] += 1;
                    if w > 0.0 {
                        num[k] += w * aht_s[i];
                        den[k] += w;
                    }
                }
                self.aht_s = Some(
                    (0..n)
                        .map(|k| {
                            if den[k] > 0.0 {
                                num[k] / den[k]
                            } else if count[k] > 0 {
                                plain[k] / count[k] as f64
                            } else {
                                f64::NAN
                            }
                        })
                        .collect(),
                );
                self.aht_weight = weight.map(|_| (0..n).map(|k| wsum[k] / rows_in[k] as f64).collect());
                self.merged_from = Some(merge);
            }
        }
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
    /// Interval starts, strictly increasing (local wall-clock times for a zoned history).
    pub fn timestamps(&self) -> &[NaiveDateTime] {
        &self.timestamps
    }
    /// The time zone of a zoned history; `None` for naive timestamps.
    pub fn zone(&self) -> Option<Tz> {
        self.zone
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

/// Checks that an interval length is a whole number of minutes that divides a day. (Shifts and
/// breaks are planned in minutes; and a model's work grows with the intervals in a day, which
/// whole minutes keep to at most 1,440.)
///
/// # Errors
///
/// [`ForecastError::IntervalDoesNotDivideDay`].
pub fn check_interval(interval_s: u32) -> Result<(), ForecastError> {
    Ok(crate::time::check_interval(interval_s)?)
}

/// The checks every constructor starts with: the interval, a non-empty history, one volume per
/// timestamp.
fn check_shape(interval_s: u32, n: usize, volume: usize) -> Result<(), ForecastError> {
    check_interval(interval_s)?;
    if n == 0 {
        return Err(ForecastError::EmptyHistory);
    }
    if volume != n {
        return Err(ForecastError::LengthMismatch {
            column: "volume",
            expected: n,
            got: volume,
        });
    }
    Ok(())
}

/// A (local) timestamp within the supported dates and on the interval grid, or the error naming
/// row `i + 1`.
fn check_on_grid(i: usize, t: &NaiveDateTime, interval_s: u32) -> Result<(), ForecastError> {
    check_in_range(i, t)?;
    if !seconds_of_day(t).is_multiple_of(interval_s) || t.nanosecond() != 0 {
        return Err(ForecastError::OffGrid {
            row: i + 1,
            timestamp: *t,
            interval_s,
        });
    }
    Ok(())
}

/// A timestamp within [`FIRST_DATE`] ..= [`LAST_DATE`], or the error naming row `i + 1`.
fn check_in_range(i: usize, t: &NaiveDateTime) -> Result<(), ForecastError> {
    if !(FIRST_DATE..=LAST_DATE).contains(&t.date()) {
        return Err(ForecastError::DateOutOfRange {
            row: i + 1,
            timestamp: *t,
        });
    }
    Ok(())
}

/// The dates seen so far, checked against [`MAX_SPAN_CELLS`] row by row.
struct Span {
    slots: i64,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl Span {
    fn new(interval_s: u32) -> Self {
        Self {
            slots: i64::from(DAY_S / interval_s),
            first: None,
            last: None,
        }
    }

    /// Takes in row `i + 1` at `t`; the error names it when the days from the earliest to the
    /// latest date so far hold more than [`MAX_SPAN_CELLS`] intervals.
    fn check(&mut self, i: usize, t: &NaiveDateTime) -> Result<(), ForecastError> {
        let d = t.date();
        let first = *self.first.insert(self.first.map_or(d, |f| f.min(d)));
        let last = *self.last.insert(self.last.map_or(d, |l| l.max(d)));
        let days = (last - first).num_days() + 1;
        let max_days = MAX_SPAN_CELLS as i64 / self.slots;
        if days > max_days {
            return Err(ForecastError::SpanTooLong {
                row: i + 1,
                timestamp: *t,
                first,
                last,
                days,
                max_days,
            });
        }
        Ok(())
    }
}

/// Seconds since midnight of a timestamp.
fn seconds_of_day(t: &NaiveDateTime) -> u32 {
    t.num_seconds_from_midnight()
}

fn check_values(column: &'static str, values: &[f64], nan_ok: bool) -> Result<(), ForecastError> {
    for (i, &v) in values.iter().enumerate() {
        let ok = if v.is_nan() {
            nan_ok
        } else {
            (0.0..=MAX_VALUE).contains(&v)
        };
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
