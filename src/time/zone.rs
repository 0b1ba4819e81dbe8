//! Time zones: a zoned series is modelled on the local wall-clock grid of its zone.
//!
//! Contacts follow local wall-clock time (people call at 9 am local, whatever the UTC offset), so
//! the models work on local wall-clock slots and the zone only matters at the edges:
//!
//! - **Input.** A zoned history (UTC instants, or local wall-clock times plus a zone) is put on
//!   the local grid by [`History::try_from_instants`](crate::forecast::History::try_from_instants) or
//!   [`History::try_new_in_zone`](crate::forecast::History::try_new_in_zone). On the autumn fall-back day the
//!   repeated local hour has two real intervals per local slot: they merge into one slot by the
//!   **mean** (volume is a per-interval rate, so a slot keeps the scale of every other day's), and
//!   the AHT by the mean weighted by handled contacts (else volume). On the spring-forward day the
//!   skipped local slots are absent: `NaN` in the models' day × slot grid, never 0, and the
//!   intraday profiles count them as missing rather than as no calls.
//! - **Output.** A forecast of a zoned history has one row per real interval
//!   ([`Forecast::in_zone`](crate::forecast::Forecast::in_zone)): skipped local slots are dropped, and each
//!   repeated local slot appears twice, first at the earlier UTC offset, then at the later, each
//!   with the slot's forecast. So a 15-minute forecast has 92 rows on a 23-hour day and 100 on a
//!   25-hour day.
//! - **Scheduling.** Shifts are wall-clock objects, so the scheduler works on the local grid:
//!   [`onto_wall_clock`] merges the two real intervals of a repeated slot by the **max** (cover
//!   both) and gives the skipped slots 0. A shift that spans the change is paid by its wall-clock
//!   length (one hour too little or too much); this is a known limitation.
//!
//! All of this assumes that each local slot exists entirely, twice or not at all: every clock
//! change in the span must shift the clocks by a whole number of intervals, at a local time on
//! the interval grid. [`check_zone_changes`] checks it when a zoned history is built, when a
//! forecast is put in a zone (its horizon) and in [`onto_wall_clock`]; otherwise the error names
//! the zone, the interval and the first offending change (a 30-minute change in
//! `Australia/Lord_Howe` at 60-minute intervals, a midnight change in `America/Santiago` at
//! daily intervals).
//!
//! Rows of a zoned forecast keep their local wall-clock `timestamps` plus the zone; the repeated
//! local times are told apart by their order ([`resolve_local`]: the first occurrence is the
//! earlier offset, the second the later). So zoned frames read back (a forecast or requirements)
//! must be in strictly increasing time order, else they are rejected.

use std::collections::HashMap;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
pub use chrono_tz::Tz;

use super::TimeError;

/// Parses an IANA time zone name such as `Europe/London` or `America/New_York`.
///
/// # Errors
///
/// [`TimeError::UnknownTimeZone`] naming the option `time_zone`, with the nearest valid name
/// when one is close (a different case, a city without its region, a typo).
///
/// # Examples
///
/// ```
/// use wfmkit::forecast::parse_time_zone;
///
/// assert_eq!(parse_time_zone("Europe/London").unwrap().name(), "Europe/London");
/// let err = parse_time_zone("Europe/Londn").unwrap_err().to_string();
/// assert!(err.contains("`time_zone`") && err.contains("did you mean `Europe/London`"), "{err}");
/// ```
pub fn parse_time_zone(name: &str) -> Result<Tz, TimeError> {
    let trimmed = name.trim();
    if let Ok(tz) = trimmed.parse::<Tz>() {
        return Ok(tz);
    }
    Err(TimeError::UnknownTimeZone {
        name: name.to_string(),
        suggestion: nearest_zone(trimmed).map(str::to_string),
    })
}

/// The valid zone name closest to `name`: the same name in another case, a zone whose last
/// part is `name` (`London` → `Europe/London`), or one within a few edits.
fn nearest_zone(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let names = || chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    if let Some(n) = names().find(|n| n.to_ascii_lowercase() == lower) {
        return Some(n);
    }
    if let Some(n) = names().find(|n| {
        n.rsplit('/')
            .next()
            .is_some_and(|city| city.to_ascii_lowercase() == lower.replace(' ', "_"))
    }) {
        return Some(n);
    }
    let (d, n) = names()
        .map(|n| (crate::suggest::edit_distance(&lower, &n.to_ascii_lowercase()), n))
        .min()?;
    (d <= (name.len() / 4).max(2)).then_some(n)
}

/// True when the local wall-clock time `t` happens twice in `zone` (the repeated hour of a
/// fall-back change).
pub fn is_ambiguous(zone: Tz, t: NaiveDateTime) -> bool {
    matches!(zone.from_local_datetime(&t), LocalResult::Ambiguous(..))
}

/// True when the local wall-clock time `t` never happens in `zone` (the skipped hour of a
/// spring-forward change).
pub fn is_skipped(zone: Tz, t: NaiveDateTime) -> bool {
    matches!(zone.from_local_datetime(&t), LocalResult::None)
}

/// The instants of local wall-clock times in `zone`, row by row. A repeated local time (fall-back)
/// is the earlier offset at its first occurrence and the later one at its second, which is the
/// order of a chronological series.
///
/// # Errors
///
/// [`TimeError::SkippedLocalTime`] for a local time that does not exist in the zone,
/// [`TimeError::RepeatedLocalTime`] for a local time given more often than it happens;
/// rows are numbered from 1.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::forecast::{resolve_local, Tz};
///
/// let t = NaiveDate::from_ymd_opt(2024, 10, 27).unwrap().and_hms_opt(1, 30, 0).unwrap();
/// let i = resolve_local(Tz::Europe__London, &[t, t]).unwrap();
/// assert_eq!(i[0].to_rfc3339(), "2024-10-27T01:30:00+01:00"); // BST
/// assert_eq!(i[1].to_rfc3339(), "2024-10-27T01:30:00+00:00"); // GMT, an hour later
/// ```
pub fn resolve_local(zone: Tz, local: &[NaiveDateTime]) -> Result<Vec<DateTime<Tz>>, TimeError> {
    let mut seen: HashMap<NaiveDateTime, u8> = HashMap::new();
    let mut out = Vec::with_capacity(local.len());
    for (i, t) in local.iter().enumerate() {
        let n = seen.entry(*t).or_insert(0);
        *n += 1;
        let instant = match (zone.from_local_datetime(t), *n) {
            (LocalResult::Single(x), 1) => x,
            (LocalResult::Ambiguous(early, _), 1) => early,
            (LocalResult::Ambiguous(_, late), 2) => late,
            (LocalResult::None, _) => {
                return Err(TimeError::SkippedLocalTime {
                    row: i + 1,
                    timestamp: *t,
                    zone: zone.name().to_string(),
                })
            }
            _ => {
                return Err(TimeError::RepeatedLocalTime {
                    row: i + 1,
                    timestamp: *t,
                })
            }
        };
        out.push(instant);
    }
    Ok(out)
}

/// A change of a zone's UTC offset: the instant, and the offsets (seconds east of UTC) before
/// and after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    at: NaiveDateTime,
    before: i32,
    after: i32,
}

/// The UTC offset of `zone` at `t` seconds since the epoch (UTC), in seconds.
fn offset_at(zone: Tz, t: i64) -> i32 {
    let t = DateTime::from_timestamp(t, 0).unwrap_or_default().naive_utc();
    zone.offset_from_utc_datetime(&t).fix().local_minus_utc()
}

/// The offset changes of `zone` between the UTC times `from` and `to`, found by scanning day by
/// day and bisecting to the second (offsets change at whole seconds). Two changes within one day
/// that cancel out (none in the IANA database since the 19th century) would not be seen.
fn changes(zone: Tz, from: NaiveDateTime, to: NaiveDateTime) -> Vec<Change> {
    // The database has no change outside these years; bounding the scan bounds its cost for a
    // series with an absurd timestamp.
    let year = |y| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap_or_default()
            .and_time(Default::default())
    };
    let secs = |t: NaiveDateTime| t.clamp(year(1700), year(2500)).and_utc().timestamp();
    let (mut t, to) = (secs(from), secs(to));
    let day = i64::from(super::DAY_S);
    let mut out = Vec::new();
    while t < to {
        let next = (t + day).min(to);
        let before = offset_at(zone, t);
        if offset_at(zone, next) == before {
            t = next;
            continue;
        }
        // The first second with another offset, in (t, next].
        let (mut lo, mut hi) = (t, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_at(zone, mid) == before {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        out.push(Change {
            at: DateTime::from_timestamp(hi, 0).unwrap_or_default().naive_utc(),
            before,
            after: offset_at(zone, hi),
        });
        t = hi;
    }
    out
}

/// Checks that every clock change of `zone` that touches the local wall-clock span `first` ..
/// `last` + one interval keeps the local slots whole: its shift is a whole number of intervals
/// and it happens at a local time on the interval grid. Then each local slot of the span exists
/// entirely, once or twice (a repeated slot), or not at all (a skipped slot), which is what
/// the models, the forecast output and the scheduler assume.
///
/// Called when a zoned history is built and when a forecast is put in a zone (its horizon).
///
/// # Errors
///
/// [`TimeError::ZoneChangeOffGrid`] naming the zone, the interval and the first offending
/// change, e.g. Australia/Lord_Howe (30-minute changes) at 60-minute intervals, or
/// America/Santiago (changes at midnight) at daily intervals.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::time::{check_zone_changes, Tz};
///
/// let t = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// assert!(check_zone_changes(Tz::Europe__London, 1800, t(1, 1), t(12, 31)).is_ok());
/// let err = check_zone_changes(Tz::Australia__Lord_Howe, 3600, t(10, 1), t(10, 31)).unwrap_err();
/// assert!(err.to_string().contains("forward by 30 min on 2024-10-06 at 02:00"), "{err}");
/// ```
pub fn check_zone_changes(
    zone: Tz,
    interval_s: u32,
    first: NaiveDateTime,
    last: NaiveDateTime,
) -> Result<(), TimeError> {
    let interval = Duration::seconds(interval_s.max(1) as i64);
    let end = last.checked_add_signed(interval).unwrap_or(NaiveDateTime::MAX);
    // Local times are within a day of UTC; scan two days either side.
    let from = first
        .checked_sub_signed(Duration::days(2))
        .unwrap_or(NaiveDateTime::MIN);
    let to = end.checked_add_signed(Duration::days(2)).unwrap_or(NaiveDateTime::MAX);
    for c in changes(zone, from, to) {
        let (l1, l2) = (
            c.at + Duration::seconds(c.before as i64),
            c.at + Duration::seconds(c.after as i64),
        );
        // The local times the change skips or repeats.
        let (lo, hi) = (l1.min(l2), l1.max(l2));
        if !(lo < end && hi > first) {
            continue;
        }
        let shift = c.after - c.before;
        let on_grid = l1.and_utc().timestamp().rem_euclid(interval_s as i64) == 0;
        if shift.rem_euclid(interval_s as i32) != 0 || !on_grid {
            return Err(TimeError::ZoneChangeOffGrid {
                zone: zone.name().to_string(),
                interval_s,
                at: l1,
                shift_s: shift,
            });
        }
    }
    Ok(())
}

/// Puts per-real-interval values of a zoned series onto the local wall-clock grid, the input of
/// the scheduler: the two real intervals of a repeated local slot (fall-back) merge by the
/// **max**, so that the schedule covers both, and a skipped local slot (spring-forward) gets 0.
/// Other gaps are left as they are (the scheduler reports them). Returns the grid's interval
/// starts and values, sorted.
///
/// # Errors
///
/// [`TimeError::ZoneChangeOffGrid`] when a clock change in the span cannot be represented on
/// the grid (see [`check_zone_changes`]): a local slot would only partly exist.
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{onto_wall_clock, Tz};
///
/// // 31 March 2024, London: 01:00-02:00 local does not exist.
/// let t = |h, m| NaiveDate::from_ymd_opt(2024, 3, 31).unwrap().and_hms_opt(h, m, 0).unwrap();
/// let (ts, v) = onto_wall_clock(1800, Tz::Europe__London, &[t(0, 30), t(2, 0)], &[4.0, 6.0]).unwrap();
/// assert_eq!(ts, vec![t(0, 30), t(1, 0), t(1, 30), t(2, 0)]);
/// assert_eq!(v, vec![4.0, 0.0, 0.0, 6.0]);
/// ```
pub fn onto_wall_clock(
    interval_s: u32,
    zone: Tz,
    timestamps: &[NaiveDateTime],
    values: &[f64],
) -> Result<(Vec<NaiveDateTime>, Vec<f64>), TimeError> {
    let mut slots: std::collections::BTreeMap<NaiveDateTime, f64> = std::collections::BTreeMap::new();
    for (t, v) in timestamps.iter().zip(values) {
        slots.entry(*t).and_modify(|x| *x = x.max(*v)).or_insert(*v);
    }
    let (Some(first), Some(last)) = (slots.keys().next().copied(), slots.keys().next_back().copied()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let step = i64::from(interval_s);
    let keys: Vec<NaiveDateTime> = slots.keys().copied().collect();
    // An interval the scheduler rejects, or values off the step grid: sorted, as they are (the
    // scheduler reports them).
    if super::check_interval(interval_s).is_err() || keys.windows(2).any(|w| (w[1] - w[0]).num_seconds() % step != 0) {
        return Ok(slots.into_iter().unzip());
    }
    check_zone_changes(zone, interval_s, first, last)?;
    let mut ts = Vec::with_capacity(slots.len());
    let mut vs = Vec::with_capacity(slots.len());
    for (i, (t, v)) in slots.iter().enumerate() {
        ts.push(*t);
        vs.push(*v);
        // Skipped slots lie in a gap of at most a day (Apia skipped a whole day in 2011); a longer
        // gap is left as it is, so the work stays proportional to the rows.
        let Some(&next) = keys.get(i + 1) else { break };
        if (next - *t).num_seconds() <= MAX_FILLED_GAP_S {
            let mut u = *t + Duration::seconds(step);
            while u < next {
                if is_skipped(zone, u) {
                    ts.push(u);
                    vs.push(0.0);
                }
                u += Duration::seconds(step);
            }
        }
    }
    Ok((ts, vs))
}

/// The longest gap between two rows that [`onto_wall_clock`] searches for skipped slots.
const MAX_FILLED_GAP_S: i64 = 2 * 86_400;

/// The rows of a local wall-clock grid, one per real interval in `zone`, in chronological order:
/// skipped local times are left out, repeated ones are listed twice. Only right when every local
/// slot exists entirely or not at all: call [`check_zone_changes`] first.
pub(crate) fn real_intervals(zone: Tz, local: &[NaiveDateTime]) -> Vec<usize> {
    let mut rows: Vec<(i64, usize)> = Vec::with_capacity(local.len() + 8);
    for (i, t) in local.iter().enumerate() {
        match zone.from_local_datetime(t) {
            LocalResult::Single(x) => rows.push((x.timestamp(), i)),
            LocalResult::Ambiguous(a, b) => {
                rows.push((a.timestamp(), i));
                rows.push((b.timestamp(), i));
            }
            LocalResult::None => {}
        }
    }
    rows.sort_by_key(|r| r.0);
    rows.into_iter().map(|r| r.1).collect()
}

/// The (day, slot) cells of a day × slot grid from `first` that do not exist in `zone`: the
/// slots skipped by a spring-forward change.
pub(crate) fn skipped_cells(zone: Tz, first: NaiveDate, days: usize, interval_s: u32) -> Vec<(usize, usize)> {
    let offset = |d: NaiveDate| {
        let t = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        zone.offset_from_utc_datetime(&t).fix().local_minus_utc()
    };
    let slots = (super::DAY_S / interval_s) as usize;
    let mut out = Vec::new();
    for d in 0..days {
        let date = first + Duration::days(d as i64);
        // Offsets cannot change within a day unless they differ around it.
        if offset(date - Duration::days(1)) == offset(date + Duration::days(2)) {
            continue;
        }
        let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        for s in 0..slots {
            if is_skipped(zone, midnight + Duration::seconds((s as u32 * interval_s) as i64)) {
                out.push((d, s));
            }
        }
    }
    out
}

/// Serde for an optional zone as its IANA name, for `#[serde(with = ...)]` on
/// `Option<Tz>` fields (the job config's `time_zone`). An unknown name fails with the message of
/// [`TimeError::UnknownTimeZone`].
pub mod serde_time_zone {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Tz;

    /// Writes the zone's name, or nothing.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer>(zone: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
        match zone {
            Some(z) => s.serialize_some(z.name()),
            None => s.serialize_none(),
        }
    }

    /// Reads and checks a zone name.
    ///
    /// # Errors
    ///
    /// A custom error for an unknown name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Tz>, D::Error> {
        let name: Option<String> = Option::deserialize(d)?;
        name.map(|n| super::parse_time_zone(&n).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(nearest_zone("europe/london"), Some("Europe/London"));
        assert_eq!(nearest_zone("London"), Some("Europe/London"));
        assert_eq!(nearest_zone("New York"), Some("America/New_York"));
        assert_eq!(nearest_zone("Amrica/New_York"), Some("America/New_York"));
        assert_eq!(nearest_zone("Mars/Olympus_Mons"), None);
    }

    #[test]
    fn skipped_cells_of_london_2024() {
        // 31 March 2024 is day 30 from 1 March; 01:00 and 01:30 are skipped at 30 minutes.
        let first = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(
            skipped_cells(Tz::Europe__London, first, 62, 1800),
            vec![(30, 2), (30, 3)]
        );
        // New York: 10 March 2024, 02:00 to 03:00.
        assert_eq!(skipped_cells(Tz::America__New_York, first, 62, 3600), vec![(9, 2)]);
        assert!(skipped_cells(Tz::UTC, first, 62, 900).is_empty());
    }
}
