//! History frames and files → [`History`].

use std::path::Path;

use polars::prelude::DataFrame;

use super::convert::{datetime_column, f64_column, has_column};
use super::{read_frame, FileFormat, HistoryColumns, IoError};
use crate::forecast::History;

/// Converts a history frame to a validated [`History`].
///
/// `interval_s` is the interval length; when `None` it is inferred as the greatest common
/// divisor of the gaps between consecutive timestamps. Optional columns (AHT, handled) are used
/// when the mapping names them and the frame has them.
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
/// assert_eq!(err.to_string(), "column `volume`: row 2 has the invalid value -3 (must be finite and >= 0)");
/// ```
pub fn history_from_frame(df: &DataFrame, columns: &HistoryColumns, interval_s: Option<u32>) -> crate::Result<History> {
    let ts = datetime_column(df, &columns.interval_start, "interval_start")?;
    let volume = f64_column(df, &columns.volume, "volume", false)?;
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
    let mut history = History::try_new(interval_s, ts, volume)?;
    if let Some(aht_col) = columns.aht_s.as_deref().filter(|c| !c.is_empty() && has_column(df, c)) {
        let aht = f64_column(df, aht_col, "aht_s", true)?;
        let weight = match columns
            .handled
            .as_deref()
            .filter(|c| !c.is_empty() && has_column(df, c))
        {
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

/// The greatest common divisor of the non-zero gaps between consecutive timestamps, in seconds
/// (absolute values, so that an unsorted history is reported as unsorted, not off-grid).
///
/// # Errors
///
/// [`IoError::Interval`] with fewer than two distinct timestamps or a gap below one second.
pub fn infer_interval(ts: &[chrono::NaiveDateTime]) -> Result<u32, IoError> {
    let mut g: i64 = 0;
    for w in ts.windows(2) {
        let d = (w[1] - w[0]).num_seconds().abs();
        if d > 0 {
            g = gcd(g, d);
        }
    }
    if g <= 0 {
        return Err(IoError::Interval {
            reason: "fewer than two distinct timestamps; give the interval length explicitly".into(),
        });
    }
    u32::try_from(g).map_err(|_| IoError::Interval {
        reason: format!("inferred interval of {g} s is too long"),
    })
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
