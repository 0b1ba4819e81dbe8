//! Typed column extraction with errors that name the column and the first bad row.

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use super::IoError;

fn column<'a>(df: &'a DataFrame, name: &str, role: &'static str) -> Result<&'a Column, IoError> {
    df.column(name).map_err(|_| IoError::MissingColumn {
        column: name.to_string(),
        role,
        available: df.get_column_names().iter().map(|s| s.to_string()).collect(),
    })
}

/// True when the frame has a column of that name.
pub fn has_column(df: &DataFrame, name: &str) -> bool {
    df.column(name).is_ok()
}

/// Reads a numeric column as `f64`. Text is parsed. A missing value is `NaN` when `nullable`,
/// else an error naming the row.
///
/// # Errors
///
/// [`IoError::MissingColumn`], [`IoError::WrongType`], [`IoError::BadValue`].
pub fn f64_column(df: &DataFrame, name: &str, role: &'static str, nullable: bool) -> Result<Vec<f64>, IoError> {
    let col = column(df, name, role)?;
    let bad = |row: usize, value: String, reason: &'static str| IoError::BadValue {
        column: name.to_string(),
        row: row + 1,
        value,
        reason,
    };
    match col.dtype() {
        DataType::String => {
            let ca = col.str().map_err(|e| IoError::Parse {
                what: name.into(),
                reason: e.to_string(),
            })?;
            let mut out = Vec::with_capacity(ca.len());
            for (i, v) in ca.iter().enumerate() {
                match v.map(str::trim) {
                    None | Some("") => {
                        if nullable {
                            out.push(f64::NAN)
                        } else {
                            return Err(bad(i, String::new(), "missing value"));
                        }
                    }
                    Some(s) => match s.parse::<f64>() {
                        Ok(x) => out.push(x),
                        Err(_) => return Err(bad(i, s.to_string(), "not a number")),
                    },
                }
            }
            Ok(out)
        }
        dt if dt.is_primitive_numeric() => {
            let s = col.cast(&DataType::Float64).map_err(|e| IoError::Parse {
                what: name.into(),
                reason: e.to_string(),
            })?;
            let ca = s.f64().map_err(|e| IoError::Parse {
                what: name.into(),
                reason: e.to_string(),
            })?;
            let mut out = Vec::with_capacity(ca.len());
            for (i, v) in ca.iter().enumerate() {
                match v {
                    Some(x) => out.push(x),
                    None if nullable => out.push(f64::NAN),
                    None => return Err(bad(i, "null".into(), "missing value")),
                }
            }
            Ok(out)
        }
        other => Err(IoError::WrongType {
            column: name.to_string(),
            dtype: other.to_string(),
            expected: "a number",
        }),
    }
}

/// Parses a timestamp written as ISO 8601 (`T` or space separator, seconds optional).
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Reads a timestamp column: ISO 8601 text, or a naive `Datetime` or `Date` column.
///
/// # Errors
///
/// [`IoError::MissingColumn`], [`IoError::WrongType`] (also for a time-zone-aware column:
/// wfmkit 0.1 takes local, naive timestamps), [`IoError::BadValue`] for an unparsable or missing
/// value.
pub fn datetime_column(df: &DataFrame, name: &str, role: &'static str) -> Result<Vec<NaiveDateTime>, IoError> {
    let col = column(df, name, role)?;
    let bad = |row: usize, value: String, reason: &'static str| IoError::BadValue {
        column: name.to_string(),
        row: row + 1,
        value,
        reason,
    };
    let parse_err = |e: PolarsError| IoError::Parse {
        what: name.into(),
        reason: e.to_string(),
    };
    match col.dtype() {
        DataType::String => {
            let ca = col.str().map_err(parse_err)?;
            let mut out = Vec::with_capacity(ca.len());
            for (i, v) in ca.iter().enumerate() {
                let v = v.unwrap_or("");
                match parse_datetime(v) {
                    Some(t) => out.push(t),
                    None if v.trim().is_empty() => return Err(bad(i, String::new(), "missing timestamp")),
                    None => {
                        return Err(bad(
                            i,
                            v.to_string(),
                            "not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM[:SS])",
                        ))
                    }
                }
            }
            Ok(out)
        }
        DataType::Datetime(unit, tz) => {
            if let Some(tz) = tz {
                return Err(IoError::WrongType {
                    column: name.to_string(),
                    dtype: format!("datetime with time zone {tz}"),
                    expected: "naive local timestamps (time-zone-aware series are not supported yet: convert to local wall time)",
                });
            }
            let ca = col.datetime().map_err(parse_err)?;
            let per_s: i64 = match unit {
                TimeUnit::Nanoseconds => 1_000_000_000,
                TimeUnit::Microseconds => 1_000_000,
                TimeUnit::Milliseconds => 1_000,
            };
            let mut out = Vec::with_capacity(ca.len());
            for (i, v) in ca.physical().iter().enumerate() {
                let v = v.ok_or_else(|| bad(i, "null".into(), "missing timestamp"))?;
                let secs = v.div_euclid(per_s);
                let nanos = (v.rem_euclid(per_s) * (1_000_000_000 / per_s)) as u32;
                let t = chrono::DateTime::from_timestamp(secs, nanos)
                    .ok_or_else(|| bad(i, v.to_string(), "timestamp out of range"))?
                    .naive_utc();
                out.push(t);
            }
            Ok(out)
        }
        DataType::Date => {
            let s = col
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .map_err(parse_err)?;
            let df2 = DataFrame::new_infer_height(vec![s.with_name(name.into())]).map_err(parse_err)?;
            datetime_column(&df2, name, role)
        }
        other => Err(IoError::WrongType {
            column: name.to_string(),
            dtype: other.to_string(),
            expected: "a timestamp",
        }),
    }
}

/// A datetime column from naive timestamps (millisecond precision).
pub fn datetime_series(name: &str, values: &[NaiveDateTime]) -> Column {
    DatetimeChunked::from_naive_datetime(name.into(), values.iter().copied(), TimeUnit::Milliseconds).into_column()
}

/// A date column.
pub fn date_series(name: &str, values: &[NaiveDate]) -> Column {
    DateChunked::from_naive_date(name.into(), values.iter().copied()).into_column()
}
