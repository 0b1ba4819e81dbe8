//! History frames and files → [`History`].

use std::path::Path;

use polars::prelude::DataFrame;

use super::convert::{f64_column, has_column, timestamp_column, Timestamps};
use super::{read_frame, FileFormat, HistoryColumns, IoError};
use crate::forecast::History;
use crate::time::Tz;

/// Converts a history frame to a validated [`History`].
///
/// `interval_s` is the interval length; when `None` it is inferred as the greatest common
/// most common gap between consecutive timestamps. Optional columns (AHT, handled) are used
/// when present; a column mapped to a name other than its default must exist.
///
/// # Errors
///
/// [`IoError`] for a missing column, a wrong type or an unparsable value, naming the column and
/// first bad row; [`crate::forecast::ForecastError`] for an unsorted or duplicate interval, an
/// off-grid timestamp or a negative volume, naming the row.
///
/// # Examples
///
/// ```
/// use polars::prelude::*;
/// use wfmkit::io::{history_from_frame, HistoryColumns};
///
/// let df = df!(
///     "interval_start" => ["2024-01-01 09:00", "2024-01-01 09:30", "2024-01-01 10:00"],
///     "volume" => [12.0, -3.0, 8.0],
/// ).unwrap();
/// let err = history_from_frame(&df, &HistoryColumns::default(), None).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "column `volume`: row 2 has the invalid value -3 (must be finite, >= 0 and at most 1e9)"
/// );
/// ```
pub fn history_from_frame(df: &DataFrame, columns: &HistoryColumns, interval_s: Option<u32>) -> crate::Result<History> {
    history_from_frame_in_zone(df, columns, interval_s, None)
}

/// Converts a history frame to a validated [`History`] in a time zone.
///
/// The interval starts are put on the local wall-clock grid of `time_zone`, or, when it is
/// `None`, of the column's own zone (a zoned `Datetime` column). A zoned column in another zone
/// (say UTC) is converted to `time_zone`. Naive timestamps with a `time_zone` are local times in
/// it: the repeated hour of a fall-back change may then appear twice, and nothing else may.
/// Text with UTC offsets needs `time_zone` (offsets do not name a zone). Without any zone the
/// history is naive, as in [`history_from_frame`]. See [`crate::time::zone`] for how the
/// daylight-saving changes are handled.
///
/// # Errors
///
/// As [`history_from_frame`], and [`IoError::NoTimeZone`] for offsets without a zone, or
/// [`crate::forecast::ForecastError::SkippedLocalTime`] for a naive local time the zone skips.
///
/// # Examples
///
/// ```
/// use polars::prelude::*;
/// use wfmkit::forecast::Tz;
/// use wfmkit::io::{history_from_frame_in_zone, HistoryColumns};
///
/// // 27 October 2024, 00:00 to 02:00 UTC: London's clocks go back at 01:00 UTC.
/// let df = df!(
///     "interval_start" => ["2024-10-27T00:00:00+00:00", "2024-10-27T00:30:00+00:00",
///                          "2024-10-27T01:00:00+00:00", "2024-10-27T01:30:00+00:00"],
///     "volume" => [10.0, 20.0, 30.0, 40.0],
/// ).unwrap();
/// let h = history_from_frame_in_zone(&df, &HistoryColumns::default(), None, Some(Tz::Europe__London)).unwrap();
/// // Local 01:00 BST and 01:00 GMT are one slot: the mean of 10 and 30.
/// assert_eq!(h.volume(), &[20.0, 30.0]);
/// assert_eq!(h.zone(), Some(Tz::Europe__London));
/// ```
pub fn history_from_frame_in_zone(
    df: &DataFrame,
    columns: &HistoryColumns,
    interval_s: Option<u32>,
    time_zone: Option<Tz>,
) -> crate::Result<History> {
    build_history(df, columns, interval_s, time_zone).map_err(|e| name_file_column(e, columns))
}

/// A bad value of the history named by the file's own column when the config maps one of its
/// columns to another name (`volume = "handled"`): "column `handled`, row 5: must be ...", as
/// a value that does not parse is named; with the default names the forecast's own error stays.
fn name_file_column(e: crate::Error, columns: &HistoryColumns) -> crate::Error {
    if let crate::Error::Forecast(crate::forecast::ForecastError::InvalidValue { column, row, value }) = &e {
        let file = match *column {
            "volume" => Some(columns.volume.as_str()),
            "aht_s" => columns.aht_s.as_deref(),
            "handled" => columns.handled.as_deref(),
            _ => None,
        };
        if let Some(name) = file.filter(|name| name != column) {
            return IoError::BadValue {
                column: name.to_string(),
                row: *row,
                value: value.to_string(),
                reason: "must be finite, >= 0 and at most 1e9",
            }
            .into();
        }
    }
    e
}

fn build_history(
    df: &DataFrame,
    columns: &HistoryColumns,
    interval_s: Option<u32>,
    time_zone: Option<Tz>,
) -> crate::Result<History> {
    let times = timestamp_column(df, &columns.interval_start, "interval_start")?;
    let volume = f64_column(df, &columns.volume, "volume", false)?;
    let ts = times.naive();
    let interval_s = match interval_s {
        Some(i) => i,
        None => match infer_interval(&ts) {
            Ok(i) => i,
            // All timestamps equal: report the duplicate, which is the real problem.
            Err(e) => match ts.windows(2).position(|w| w[0] == w[1]) {
                Some(i) => {
                    return Err(crate::forecast::ForecastError::DuplicateInterval {
                        row: i + 2,
                        timestamp: ts[i],
                    }
                    .into())
                }
                None => return Err(e.into()),
            },
        },
    };
    let mut history = match (times, time_zone) {
        (Timestamps::Naive(ts), None) => History::try_new(interval_s, ts, volume)?,
        (Timestamps::Naive(ts), Some(zone)) => History::try_new_in_zone(interval_s, zone, ts, volume)?,
        (Timestamps::Instants { utc, zone }, given) => {
            let zone = given.or(zone).ok_or_else(|| IoError::NoTimeZone {
                column: columns.interval_start.clone(),
                example: utc.first().map(|t| t.to_rfc3339()).unwrap_or_default(),
            })?;
            History::try_from_instants(interval_s, zone, utc, volume)?
        }
    };
    let aht_col = optional_column(df, columns.aht_s.as_deref(), super::AHT_S, "aht_s")?;
    let handled_col = optional_column(df, columns.handled.as_deref(), super::HANDLED, "handled")?;
    if let Some(aht_col) = aht_col {
        let aht = f64_column(df, aht_col, "aht_s", true)?;
        let weight = match handled_col {
            Some(h) => Some(
                f64_column(df, h, "handled", true)?
                    .into_iter()
                    .map(|w| if w.is_nan() { 0.0 } else { w })
                    .collect(),
            ),
            None => None,
        };
        history = history.with_aht(aht, weight)?;
    }
    Ok(history)
}

/// The name of an optional column if the frame has it. A column left at its default name may be
/// absent; one the caller mapped to another name must exist (a typo there would otherwise be
/// ignored silently).
///
/// # Errors
///
/// [`IoError::MissingColumn`] for a missing explicitly mapped column.
pub fn optional_column<'a>(
    df: &DataFrame,
    mapped: Option<&'a str>,
    default: &str,
    role: &'static str,
) -> Result<Option<&'a str>, IoError> {
    match mapped.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) if has_column(df, c) => Ok(Some(c)),
        Some(c) if c == default => Ok(None),
        Some(c) => Err(IoError::MissingColumn {
            column: c.to_string(),
            role,
            available: df.get_column_names().iter().map(|s| s.to_string()).collect(),
        }),
    }
}

/// Reads a history file (CSV, Parquet or IPC) and validates it.
///
/// # Errors
///
/// As [`read_frame`] and [`history_from_frame`].
pub fn read_history(
    path: &Path,
    format: Option<FileFormat>,
    columns: &HistoryColumns,
    interval_s: Option<u32>,
) -> crate::Result<History> {
    let df = read_frame(path, format)?;
    history_from_frame(&df, columns, interval_s)
}

/// The most common non-zero gap between consecutive timestamps once sorted, in seconds (so that
/// an unsorted history is reported as unsorted, not off-grid).
///
/// # Errors
///
/// [`IoError::Interval`] with fewer than two distinct timestamps, or when the most common gap is
/// under a minute. A timestamp off the inferred grid is then reported by the history check.
pub fn infer_interval(ts: &[chrono::NaiveDateTime]) -> Result<u32, IoError> {
    let mut sorted = ts.to_vec();
    sorted.sort_unstable();
    let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for w in sorted.windows(2) {
        let d = (w[1] - w[0]).num_seconds();
        if d > 0 {
            *counts.entry(d).or_default() += 1;
        }
    }
    // The most frequent gap; among equally frequent ones, the shortest.
    let Some((&gap, _)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
        return Err(IoError::Interval {
            reason: "fewer than two distinct timestamps; give the interval length explicitly".into(),
        });
    };
    if gap < 60 {
        return Err(IoError::Interval {
            reason: format!("the most common gap between timestamps is {gap} s, under a minute; give the interval length explicitly"),
        });
    }
    u32::try_from(gap).map_err(|_| IoError::Interval {
        reason: format!("inferred interval of {gap} s is too long"),
    })
}
