//! Typed column extraction with errors that name the column and the first bad row.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use polars::prelude::*;

use super::IoError;
use crate::time::{resolve_local, Tz};

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

/// Parses a timestamp with a UTC offset: ISO 8601 / RFC 3339 with `+01:00`, `+0100` or `Z`
/// (`T` or space separator, seconds optional).
pub fn parse_datetime_with_offset(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let owned;
    let s = match s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        Some(rest) => {
            owned = format!("{rest}+00:00");
            owned.as_str()
        }
        None => s,
    };
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    None
}

/// Interval starts as read from a column: naive local times, or instants.
#[derive(Debug, Clone, PartialEq)]
pub enum Timestamps {
    /// Naive timestamps (text without offset, a naive `Datetime` or a `Date` column): local
    /// wall-clock time.
    Naive(Vec<NaiveDateTime>),
    /// Instants: a zoned `Datetime` column (`zone` is its time zone) or text with UTC offsets
    /// (`zone` is `None`: offsets do not name a zone).
    Instants {
        /// The instants.
        utc: Vec<DateTime<Utc>>,
        /// The column's time zone, if it has one.
        zone: Option<Tz>,
    },
}

impl Timestamps {
    /// The instants as naive UTC times, or the naive times: what the interval is inferred from.
    pub fn naive(&self) -> Vec<NaiveDateTime> {
        match self {
            Timestamps::Naive(ts) => ts.clone(),
            Timestamps::Instants { utc, .. } => utc.iter().map(|t| t.naive_utc()).collect(),
        }
    }
}

/// Reads a timestamp column: ISO 8601 text (all with a UTC offset, or all without), a `Datetime`
/// column (naive, or with a time zone) or a `Date` column.
///
/// # Errors
///
/// [`IoError::MissingColumn`], [`IoError::WrongType`], [`IoError::BadValue`] for an unparsable
/// or missing value, or text that mixes values with and without an offset.
pub fn timestamp_column(df: &DataFrame, name: &str, role: &'static str) -> Result<Timestamps, IoError> {
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
            let first = ca.iter().flatten().map(str::trim).find(|v| !v.is_empty());
            let with_offset =
                first.is_some_and(|v| parse_datetime(v).is_none() && parse_datetime_with_offset(v).is_some());
            let missing = |i: usize| bad(i, String::new(), "missing timestamp");
            if with_offset {
                let mut out = Vec::with_capacity(ca.len());
                for (i, v) in ca.iter().enumerate() {
                    let v = v.unwrap_or("");
                    match parse_datetime_with_offset(v) {
                        Some(t) => out.push(t.with_timezone(&Utc)),
                        None if v.trim().is_empty() => return Err(missing(i)),
                        None if parse_datetime(v).is_some() => {
                            return Err(bad(
                                i,
                                v.to_string(),
                                "no UTC offset, but earlier rows have one: give every row an offset, or none",
                            ))
                        }
                        None => return Err(bad(i, v.to_string(), "not an ISO 8601 timestamp with a UTC offset")),
                    }
                }
                return Ok(Timestamps::Instants { utc: out, zone: None });
            }
            let mut out = Vec::with_capacity(ca.len());
            for (i, v) in ca.iter().enumerate() {
                let v = v.unwrap_or("");
                match parse_datetime(v) {
                    Some(t) => out.push(t),
                    None if v.trim().is_empty() => return Err(missing(i)),
                    None if parse_datetime_with_offset(v).is_some() => {
                        return Err(bad(
                            i,
                            v.to_string(),
                            "has a UTC offset, but earlier rows have none: give every row an offset, or none",
                        ))
                    }
                    None => {
                        return Err(bad(
                            i,
                            v.to_string(),
                            "not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM[:SS], optionally with a UTC offset)",
                        ))
                    }
                }
            }
            Ok(Timestamps::Naive(out))
        }
        DataType::Datetime(unit, tz) => {
            let zone = match tz {
                None => None,
                Some(tz) => Some(tz.to_chrono().map_err(|_| IoError::WrongType {
                    column: name.to_string(),
                    dtype: format!("datetime with time zone {tz}"),
                    expected: "a time zone of the IANA database",
                })?),
            };
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
                let t = DateTime::from_timestamp(secs, nanos)
                    .ok_or_else(|| bad(i, v.to_string(), "timestamp out of range"))?;
                out.push(t);
            }
            Ok(match zone {
                Some(zone) => Timestamps::Instants {
                    utc: out,
                    zone: Some(zone),
                },
                None => Timestamps::Naive(out.iter().map(DateTime::naive_utc).collect()),
            })
        }
        DataType::Date => {
            let s = col
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .map_err(parse_err)?;
            let df2 = DataFrame::new_infer_height(vec![s.with_name(name.into())]).map_err(parse_err)?;
            timestamp_column(&df2, name, role)
        }
        other => Err(IoError::WrongType {
            column: name.to_string(),
            dtype: other.to_string(),
            expected: "a timestamp",
        }),
    }
}

/// Reads a column of naive timestamps: ISO 8601 text without offset, or a naive `Datetime` or
/// `Date` column. [`timestamp_column`] also reads instants.
///
/// # Errors
///
/// As [`timestamp_column`], and [`IoError::WrongType`] for a time-zone-aware column or text
/// with UTC offsets.
pub fn datetime_column(df: &DataFrame, name: &str, role: &'static str) -> Result<Vec<NaiveDateTime>, IoError> {
    match timestamp_column(df, name, role)? {
        Timestamps::Naive(ts) => Ok(ts),
        Timestamps::Instants { zone, .. } => Err(IoError::WrongType {
            column: name.to_string(),
            dtype: match zone {
                Some(z) => format!("datetime with time zone {}", z.name()),
                None => "text with UTC offsets".into(),
            },
            expected: "naive local timestamps",
        }),
    }
}

/// An interval-start column: naive local times, or, with a zone, the instants of the local
/// times as a zoned `Datetime` column (a repeated local time is the earlier offset at its first
/// occurrence, the later at its second, as in [`resolve_local`]).
///
/// # Errors
///
/// [`IoError::Parse`] naming `name` for a local time that the zone skips or repeats too often
/// (only possible for rows built by hand).
pub fn local_time_series(name: &str, local: &[NaiveDateTime], zone: Option<Tz>) -> Result<Column, IoError> {
    let Some(zone) = zone else {
        return Ok(datetime_series(name, local));
    };
    let utc: Vec<NaiveDateTime> = resolve_local(zone, local)
        .map_err(|e| IoError::Parse {
            what: name.into(),
            reason: e.to_string(),
        })?
        .iter()
        .map(DateTime::naive_utc)
        .collect();
    zoned_series(name, &utc, zone)
}

/// A zoned datetime column (millisecond precision) from instants given as naive UTC times.
///
/// # Errors
///
/// [`IoError::Parse`] naming `name` if polars rejects the zone (its time-zone database does not
/// know it), rather than writing naive UTC times.
pub fn zoned_series(name: &str, utc: &[NaiveDateTime], zone: Tz) -> Result<Column, IoError> {
    let mut ca = DatetimeChunked::from_naive_datetime(name.into(), utc.iter().copied(), TimeUnit::Milliseconds);
    ca.set_time_zone(polars::prelude::TimeZone::from_chrono(&zone))
        .map_err(|e| IoError::Parse {
            what: name.into(),
            reason: format!("cannot set time zone `{}`: {e}", zone.name()),
        })?;
    Ok(ca.into_column())
}

/// The local wall-clock times in `zone` of the instants of a zoned column `column`, which must
/// strictly increase.
///
/// A zoned forecast or requirement frame has one row per real interval, and its rows are turned
/// back into local wall-clock times, where a repeated local time (fall-back) is told apart by its
/// order only (see [`resolve_local`]). A frame in another order (sorted descending, shuffled)
/// would swap the two UTC offsets of a repeated hour, so it is rejected rather than re-sorted:
/// re-sorting a frame silently would also reorder its other columns behind the caller's back.
///
/// # Errors
///
/// [`IoError::Unsorted`] naming the column and the first row not later than the one before it.
pub fn zoned_local_times(column: &str, utc: &[DateTime<Utc>], zone: Tz) -> Result<Vec<NaiveDateTime>, IoError> {
    if let Some(i) = utc.windows(2).position(|w| w[1] <= w[0]) {
        return Err(IoError::Unsorted {
            column: column.to_string(),
            row: i + 2,
            value: utc[i + 1].with_timezone(&zone).to_rfc3339(),
        });
    }
    Ok(utc.iter().map(|t| t.with_timezone(&zone).naive_local()).collect())
}

/// A datetime column from naive timestamps (millisecond precision).
pub fn datetime_series(name: &str, values: &[NaiveDateTime]) -> Column {
    DatetimeChunked::from_naive_datetime(name.into(), values.iter().copied(), TimeUnit::Milliseconds).into_column()
}

/// A date column.
pub fn date_series(name: &str, values: &[NaiveDate]) -> Column {
    DateChunked::from_naive_date(name.into(), values.iter().copied()).into_column()
}
