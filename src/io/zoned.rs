//! Plan outputs of a queue in a time zone: the coverage per real interval.
//!
//! A plan is made on the local wall-clock grid (see [`crate::time::zone`]); the coverage of a
//! zoned queue is written per real interval, like its forecast and requirements: a slot that a
//! fall-back change repeats appears twice, a slot that a spring-forward change skips not at all.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use polars::prelude::*;

use super::convert::{local_time_series, timestamp_column, zoned_series, Timestamps};
use super::{coverage_to_frame, IoError, INTERVAL_START};
use crate::requirements::StaffingRequirements;
use crate::schedule::Plan;
use crate::time::Tz;

/// The coverage frame of `plan`: per real interval of `requirements` when they are zoned (a
/// zoned `interval_start`), otherwise per interval of the plan, as [`coverage_to_frame`].
///
/// # Errors
///
/// [`IoError::Parse`] if a requirement row has no interval in the plan.
pub fn coverage_per_interval(plan: &Plan, requirements: Option<&StaffingRequirements>) -> Result<DataFrame, IoError> {
    match requirements.and_then(|r| r.zone.map(|z| (z, r))) {
        Some((zone, r)) => Ok(coverage_in_zone(plan, zone, &r.timestamps)?.0),
        None => coverage_to_frame(plan),
    }
}

/// The coverage of a plan made on the local wall-clock grid, one row per real interval given by
/// its local time `local` in `zone` (repeated local times in chronological order, as in a zoned
/// forecast): `interval_start` (zoned), and the `required`, `scheduled`, `short` and `over` of
/// the interval's local slot. On a fall-back day both real intervals of a slot show the slot's
/// requirement, the larger of theirs. Also returns the scheduled agents per row.
///
/// # Errors
///
/// [`IoError::Parse`] if a local time has no interval in the plan.
pub(crate) fn coverage_in_zone(
    plan: &Plan,
    zone: Tz,
    local: &[NaiveDateTime],
) -> Result<(DataFrame, Vec<u32>), IoError> {
    let c = &plan.coverage;
    let slot: HashMap<NaiveDateTime, usize> = c.timestamps.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let rows: Vec<usize> = local
        .iter()
        .map(|t| {
            slot.get(t).copied().ok_or_else(|| IoError::Parse {
                what: "coverage".into(),
                reason: format!("the plan has no interval at {t} (local time)"),
            })
        })
        .collect::<Result<_, _>>()?;
    let pick = |v: &[f64]| rows.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let scheduled: Vec<u32> = rows.iter().map(|&i| c.scheduled[i]).collect();
    let df = DataFrame::new_infer_height(vec![
        local_time_series(INTERVAL_START, local, Some(zone))?,
        Column::new("required".into(), pick(&c.required)),
        Column::new("scheduled".into(), scheduled.clone()),
        Column::new("short".into(), pick(&c.short)),
        Column::new("over".into(), pick(&c.over)),
    ])
    .map_err(|e| IoError::Parse {
        what: "coverage frame".into(),
        reason: e.to_string(),
    })?;
    Ok((df, scheduled))
}

/// Checks that the queues of one job can share its output files: either every queue is naive or
/// every queue has a time zone (queues in different zones are written in UTC, see
/// [`unify_interval_start`]).
#[derive(Debug, Default)]
pub(crate) struct ZoneCheck {
    first: Option<(String, Option<Tz>)>,
}

impl ZoneCheck {
    /// The problem with queue `queue` in `zone`, if its output cannot be stacked with the first
    /// queue's.
    pub(crate) fn check(&mut self, queue: &str, zone: Option<Tz>) -> Option<String> {
        let name = |z: Option<Tz>| z.map_or("no time zone (naive local times)".to_string(), |z| z.name().to_string());
        match &self.first {
            None => {
                self.first = Some((queue.to_string(), zone));
                None
            }
            Some((q0, z0)) if z0.is_some() != zone.is_some() => Some(format!(
                "its input has {} but queue `{q0}`'s has {}; the output files hold every queue, so set \
                 `time_zone` for all queues or for none",
                name(zone),
                name(*z0)
            )),
            Some(_) => None,
        }
    }
}

/// Makes the parts of a stacked output file agree on the type of `interval_start`: when queues
/// in different time zones are stacked, their zoned columns are all written in UTC (the instants
/// are unchanged). Frames without the column are left alone.
///
/// # Errors
///
/// [`IoError::Parse`] when naive and zoned columns are mixed (the job checks this first).
pub(crate) fn unify_interval_start(parts: &mut [DataFrame]) -> Result<(), IoError> {
    let dtypes: Vec<DataType> = parts
        .iter()
        .filter_map(|p| p.column(INTERVAL_START).ok().map(|c| c.dtype().clone()))
        .collect();
    if dtypes.windows(2).all(|w| w[0] == w[1]) {
        return Ok(());
    }
    for p in parts.iter_mut() {
        let Ok(col) = p.column(INTERVAL_START) else { continue };
        let mut ca = match col.dtype() {
            DataType::Datetime(_, Some(_)) => col.datetime().cloned(),
            _ => {
                return Err(IoError::Parse {
                    what: INTERVAL_START.into(),
                    reason: "cannot stack queues with and without a time zone in one file".into(),
                })
            }
        }
        .map_err(|e| IoError::Parse {
            what: INTERVAL_START.into(),
            reason: e.to_string(),
        })?;
        ca.set_time_zone(TimeZone::UTC).map_err(|e| IoError::Parse {
            what: INTERVAL_START.into(),
            reason: format!("cannot write in UTC: {e}"),
        })?;
        p.replace(INTERVAL_START, ca.into_column())
            .map_err(|e| IoError::Parse {
                what: INTERVAL_START.into(),
                reason: e.to_string(),
            })?;
    }
    Ok(())
}

/// A requirement frame's `interval_start` in `zone`: naive local times become the zoned instants
/// of those local times (a repeated local time is the earlier offset at its first occurrence, as
/// in [`super::convert::local_time_series`]), instants (text with UTC offsets, or a column in
/// another zone) are shown in `zone`. Without a zone the frame is returned as it is.
///
/// # Errors
///
/// [`IoError`] naming `interval_start` and the row of a bad value;
/// [`crate::forecast::ForecastError::SkippedLocalTime`] or
/// [`crate::forecast::ForecastError::DuplicateInterval`] naming the row of a local time the zone
/// skips, or repeats more often than it does.
pub(crate) fn in_zone(mut df: DataFrame, zone: Option<Tz>) -> crate::Result<DataFrame> {
    let Some(zone) = zone else { return Ok(df) };
    let utc: Vec<NaiveDateTime> = match timestamp_column(&df, INTERVAL_START, "interval_start")? {
        Timestamps::Naive(local) => crate::time::resolve_local(zone, &local)
            .map_err(crate::forecast::ForecastError::from)?
            .iter()
            .map(|t| t.naive_utc())
            .collect(),
        Timestamps::Instants { zone: Some(z), .. } if z == zone => return Ok(df),
        Timestamps::Instants { utc, .. } => utc.iter().map(|t| t.naive_utc()).collect(),
    };
    df.replace(INTERVAL_START, zoned_series(INTERVAL_START, &utc, zone)?)
        .map_err(|e| IoError::Parse {
            what: INTERVAL_START.into(),
            reason: e.to_string(),
        })?;
    Ok(df)
}

/// The time zone of a frame's zoned `interval_start`, if it has one.
pub(crate) fn zone_of(df: &DataFrame) -> Option<Tz> {
    match df.column(INTERVAL_START).ok()?.dtype() {
        DataType::Datetime(_, Some(tz)) => tz.to_chrono().ok(),
        _ => None,
    }
}
