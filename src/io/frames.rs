//! Domain types ⇄ the polars frames of DESIGN.md's data contracts.

use polars::prelude::*;

use super::columns::*;
use super::convert::{
    date_series, datetime_series, f64_column, has_column, local_time_series, timestamp_column, Timestamps,
};
use super::history::infer_interval;
use super::IoError;
use crate::forecast::Forecast;
use crate::requirements::StaffingRequirements;
use crate::schedule::{CoverRequirement, Plan};

fn frame(columns: Vec<Column>) -> Result<DataFrame, IoError> {
    DataFrame::new_infer_height(columns).map_err(|e| IoError::Parse {
        what: "output frame".into(),
        reason: e.to_string(),
    })
}

fn f64_col(name: &str, v: &[f64]) -> Column {
    Column::new(name.into(), v)
}

fn str_col(name: &str, value: &str, n: usize) -> Column {
    Column::new(name.into(), vec![value; n])
}

/// The forecast frame: `queue`, `interval_start`, `volume`, `aht_s`, `volume_lo_<L>`,
/// `volume_hi_<L>` per level, `model`. A zoned forecast has a zoned `interval_start`, one row per
/// real interval.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns (it should not).
pub fn forecast_to_frame(f: &Forecast, queue: &str) -> Result<DataFrame, IoError> {
    let n = f.len();
    let mut cols = vec![
        str_col(QUEUE, queue, n),
        local_time_series(INTERVAL_START, &f.timestamps, f.zone)?,
        f64_col(VOLUME, &f.volume),
        // A volume-only forecast (no AHT known) has a null `aht_s`.
        Column::new(
            AHT_S.into(),
            f.aht_s
                .iter()
                .map(|a| (!a.is_nan()).then_some(*a))
                .collect::<Vec<Option<f64>>>(),
        ),
    ];
    for b in &f.bands {
        let l = level_label(b.level);
        cols.push(f64_col(&format!("volume_lo_{l}"), &b.lo));
        cols.push(f64_col(&format!("volume_hi_{l}"), &b.hi));
    }
    cols.push(str_col(MODEL, &f.model, n));
    frame(cols)
}

/// `80` for 80.0, `97.5` for 97.5.
fn level_label(level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{level:.0}")
    } else {
        format!("{level}")
    }
}

/// The requirements frame: `queue`, `interval_start`, `volume`, `aht_s`, `agents`,
/// `agents_gross`, `service_level`, `asa_s`, `occupancy`, `p_abandon`. Zoned like the forecast.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn requirements_to_frame(r: &StaffingRequirements, queue: &str) -> Result<DataFrame, IoError> {
    let s = &r.staffing;
    let get = |f: fn(&crate::staffing::Staffing) -> f64| s.iter().map(f).collect::<Vec<f64>>();
    frame(vec![
        str_col(QUEUE, queue, s.len()),
        local_time_series(INTERVAL_START, &r.timestamps, r.zone)?,
        f64_col(VOLUME, &r.volume),
        f64_col(AHT_S, &r.aht_s),
        Column::new(AGENTS.into(), s.iter().map(|x| x.agents).collect::<Vec<u32>>()),
        Column::new(
            AGENTS_GROSS.into(),
            s.iter().map(|x| x.agents_gross).collect::<Vec<u32>>(),
        ),
        f64_col("service_level", &get(|x| x.service_level)),
        f64_col("asa_s", &get(|x| x.asa_s)),
        f64_col("occupancy", &get(|x| x.occupancy)),
        f64_col("p_abandon", &get(|x| x.p_abandon)),
    ])
}

/// The shifts frame: `date`, `shift`, `start`, `end`, `length_min`, `paid_minutes`, `count`,
/// `break_starts` ("YYYY-MM-DDTHH:MM kind" per break, joined by "; "; the activities frame has
/// them as rows).
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn shifts_to_frame(plan: &Plan) -> Result<DataFrame, IoError> {
    let s = &plan.shifts;
    frame(vec![
        date_series("date", &s.iter().map(|x| x.date).collect::<Vec<_>>()),
        Column::new(
            "shift".into(),
            s.iter().map(|x| x.shift.as_str()).collect::<Vec<&str>>(),
        ),
        datetime_series("start", &s.iter().map(|x| x.start).collect::<Vec<_>>()),
        datetime_series("end", &s.iter().map(|x| x.end).collect::<Vec<_>>()),
        Column::new(
            "length_min".into(),
            s.iter().map(|x| x.length_min).collect::<Vec<u32>>(),
        ),
        Column::new(
            "paid_minutes".into(),
            s.iter().map(|x| x.paid_minutes).collect::<Vec<u32>>(),
        ),
        Column::new("count".into(), s.iter().map(|x| x.count).collect::<Vec<u32>>()),
        Column::new(
            "break_starts".into(),
            s.iter()
                .map(|x| {
                    x.breaks
                        .iter()
                        .map(|b| format!("{} {}", b.start.format("%Y-%m-%dT%H:%M"), b.kind))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect::<Vec<String>>(),
        ),
    ])
}

/// The coverage frame: `interval_start`, `required`, `scheduled`, `short`, `over`.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn coverage_to_frame(plan: &Plan) -> Result<DataFrame, IoError> {
    let c = &plan.coverage;
    frame(vec![
        datetime_series(INTERVAL_START, &c.timestamps),
        f64_col("required", &c.required),
        Column::new("scheduled".into(), c.scheduled.clone()),
        f64_col("short", &c.short),
        f64_col("over", &c.over),
    ])
}

/// Splits a frame by its `queue` column, keeping the order in which queues first appear; a frame
/// without that column is one queue named `default_queue`.
///
/// # Errors
///
/// [`IoError::WrongType`] if `queue` is not text; [`IoError::Parse`] if polars fails.
pub fn split_by_queue(df: &DataFrame, default_queue: &str) -> Result<Vec<(String, DataFrame)>, IoError> {
    Ok(split_rows_by_queue(df, default_queue)?
        .into_iter()
        .map(|(q, d, _)| (q, d))
        .collect())
}

/// As [`split_by_queue`], with each part's rows in the original frame (0-based), so that errors
/// can name the row of the file.
///
/// # Errors
///
/// As [`split_by_queue`].
pub fn split_rows_by_queue(
    df: &DataFrame,
    default_queue: &str,
) -> Result<Vec<(String, DataFrame, Vec<usize>)>, IoError> {
    if !has_column(df, QUEUE) {
        return Ok(vec![(
            default_queue.to_string(),
            df.clone(),
            (0..df.height()).collect(),
        )]);
    }
    let col = df.column(QUEUE).map_err(|e| IoError::Parse {
        what: QUEUE.into(),
        reason: e.to_string(),
    })?;
    let ca = col.str().map_err(|_| IoError::WrongType {
        column: QUEUE.into(),
        dtype: col.dtype().to_string(),
        expected: "text",
    })?;
    let mut order: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<IdxSize>> = Vec::new();
    // Queue name -> its index in `order` (first appearance), so a file of many queues splits in
    // one pass; a queue's rows usually come together, so the previous row's queue is tried first.
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut last: Option<(&str, usize)> = None;
    for (i, q) in ca.iter().enumerate() {
        let q = q.filter(|q| !q.trim().is_empty()).ok_or_else(|| IoError::BadValue {
            column: QUEUE.into(),
            row: i + 1,
            value: String::new(),
            reason: "missing queue name",
        })?;
        let k = match last {
            Some((name, k)) if name == q => k,
            _ => *index.entry(q).or_insert_with(|| {
                order.push(q.to_string());
                rows.push(Vec::new());
                order.len() - 1
            }),
        };
        last = Some((q, k));
        rows[k].push(i as IdxSize);
    }
    let mut out = Vec::with_capacity(order.len());
    for (q, idx) in order.into_iter().zip(rows) {
        let original: Vec<usize> = idx.iter().map(|&i| i as usize).collect();
        let idx = IdxCa::from_vec("idx".into(), idx);
        let part = df.take(&idx).map_err(|e| IoError::Parse {
            what: QUEUE.into(),
            reason: e.to_string(),
        })?;
        out.push((q, part, original));
    }
    Ok(out)
}

/// Reads one queue's forecast frame (`interval_start`, `volume`, `aht_s`) back into a
/// [`Forecast`], inferring the interval length. A null `aht_s` (a volume-only forecast) reads
/// as NaN. Bands are not read. A zoned `interval_start` (one
/// row per real interval) gives a zoned forecast.
///
/// # Errors
///
/// [`IoError`] naming the column and row of a bad value; [`IoError::Interval`] if the intervals
/// are irregular; [`IoError::NoTimeZone`] for text with UTC offsets (it names no zone);
/// [`IoError::Unsorted`] for a zoned `interval_start` not in strictly increasing time order.
pub fn forecast_from_frame(df: &DataFrame) -> Result<Forecast, IoError> {
    let times = timestamp_column(df, INTERVAL_START, "interval_start")?;
    let volume = f64_column(df, VOLUME, "volume", false)?;
    // Null for a volume-only forecast: staffing from it says it needs AHT.
    let aht_s = f64_column(df, AHT_S, "aht_s", true)?;
    let naive = times.naive();
    let (timestamps, zone) = local_times(times)?;
    let interval_s = infer_interval(&naive)?;
    let model = if has_column(df, MODEL) {
        df.column(MODEL)
            .ok()
            .and_then(|c| c.str().ok().and_then(|s| s.get(0).map(str::to_string)))
    } else {
        None
    };
    Ok(Forecast {
        interval_s,
        timestamps,
        volume,
        aht_s,
        bands: vec![],
        model: model.unwrap_or_else(|| "given".into()),
        zone,
    })
}

/// Naive times as they are; instants as local wall-clock times in their column's zone. Zoned
/// instants must strictly increase (see [`super::convert::zoned_local_times`]): the repeated
/// local times of a fall-back change are told apart by their order.
fn local_times(times: Timestamps) -> Result<(Vec<chrono::NaiveDateTime>, Option<crate::time::Tz>), IoError> {
    match times {
        Timestamps::Naive(ts) => Ok((ts, None)),
        Timestamps::Instants { utc, zone: Some(zone) } => Ok((
            super::convert::zoned_local_times(INTERVAL_START, &utc, zone)?,
            Some(zone),
        )),
        Timestamps::Instants { utc, zone: None } => Err(IoError::NoTimeZone {
            column: INTERVAL_START.into(),
            example: utc.first().map(|t| t.to_rfc3339()).unwrap_or_default(),
        }),
    }
}

/// Reads a requirement frame (`interval_start` and the `agents_column`, by default
/// `agents_gross` when present, else `agents`) into a scheduling [`CoverRequirement`]. A zoned
/// `interval_start` (one row per real interval) is put on the local wall-clock grid, as in
/// [`crate::requirements::StaffingRequirements::to_cover_requirement`].
///
/// # Errors
///
/// [`IoError`] for a missing column or bad value, or a zoned `interval_start` not in strictly
/// increasing time order ([`IoError::Unsorted`]); [`crate::schedule::ScheduleError`] for gaps, a
/// mixed interval length, or a clock change of the zone that the interval cannot represent.
pub fn cover_requirement_from_frame(df: &DataFrame, agents_column: Option<&str>) -> crate::Result<CoverRequirement> {
    let times = timestamp_column(df, INTERVAL_START, "interval_start")?;
    let col = match agents_column {
        Some(c) => c,
        None if has_column(df, AGENTS_GROSS) => AGENTS_GROSS,
        None => AGENTS,
    };
    let agents = f64_column(df, col, "agents", false)?;
    // Checked per row before a zoned requirement merges the two intervals of a repeated hour
    // (by their maximum, which would hide a NaN or negative value).
    if let Some(i) = agents.iter().position(|a| !(a.is_finite() && *a >= 0.0)) {
        return Err(crate::schedule::ScheduleError::InvalidRequirement {
            row: i + 1,
            value: agents[i],
        }
        .into());
    }
    let naive = times.naive();
    let local = local_times(times)?;
    let interval_s = infer_interval(&naive)?;
    match local {
        (ts, None) => Ok(CoverRequirement::try_new(interval_s, ts, agents)?),
        (ts, Some(zone)) => {
            let (ts, agents) = crate::time::onto_wall_clock(interval_s, zone, &ts, &agents)
                .map_err(crate::schedule::ScheduleError::from)?;
            Ok(CoverRequirement::try_new(interval_s, ts, agents)?)
        }
    }
}

/// The old name of [`cover_requirement_from_frame`].
///
/// # Errors
///
/// As [`cover_requirement_from_frame`].
#[deprecated(since = "0.1.0", note = "renamed `cover_requirement_from_frame`")]
pub fn requirement_from_frame(df: &DataFrame, agents_column: Option<&str>) -> crate::Result<CoverRequirement> {
    cover_requirement_from_frame(df, agents_column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Interleaved queues keep their order of first appearance and each row goes to its own
    /// queue, with its row of the frame (expected values written out by hand).
    #[test]
    fn split_rows_by_queue_interleaved() {
        let df = DataFrame::new_infer_height(vec![
            Column::new(QUEUE.into(), ["b", "a", "a", "b", "c", "a"]),
            Column::new("x".into(), [0i64, 1, 2, 3, 4, 5]),
        ])
        .unwrap();
        let parts = split_rows_by_queue(&df, "main").unwrap();
        let got: Vec<(String, Vec<i64>, Vec<usize>)> = parts
            .into_iter()
            .map(|(q, d, rows)| {
                (
                    q,
                    d.column("x").unwrap().i64().unwrap().into_no_null_iter().collect(),
                    rows,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("b".to_string(), vec![0, 3], vec![0, 3]),
                ("a".to_string(), vec![1, 2, 5], vec![1, 2, 5]),
                ("c".to_string(), vec![4], vec![4]),
            ]
        );
    }
}
