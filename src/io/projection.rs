//! The coverage frame with the projected service of the scheduled agents.

use polars::prelude::*;

use super::convert::{has_column, timestamp_column, Timestamps};
use super::{coverage_to_frame, f64_column, IoError, AHT_S, INTERVAL_START, VOLUME};
use crate::evaluation::project_service;
use crate::schedule::Plan;

/// The coverage frame of `plan`; when `requirements` (the frame the plan was made from, row for
/// row) has `volume` and `aht_s`, with three more columns: `net_agents`, the projected Erlang C
/// `service_level` (answered within `answer_within_s`) and `asa_s` of the scheduled agents, net of
/// `shrinkage` (see [`crate::evaluation::project_service`]).
///
/// When the requirements' `interval_start` is zoned (one row per real interval), the coverage is
/// written per real interval too, as by [`super::coverage_per_interval`], and each row is
/// projected with its own volume and AHT.
///
/// # Errors
///
/// [`IoError`] for a bad `volume` or `aht_s` value; [`crate::staffing::StaffingError`] for a bad
/// threshold or shrinkage.
pub fn coverage_with_projection(
    plan: &Plan,
    requirements: &DataFrame,
    answer_within_s: f64,
    shrinkage: f64,
) -> crate::Result<DataFrame> {
    let zoned = match has_column(requirements, INTERVAL_START) {
        true => match timestamp_column(requirements, INTERVAL_START, "interval_start")? {
            Timestamps::Instants { utc, zone: Some(zone) } => {
                let local = super::convert::zoned_local_times(INTERVAL_START, &utc, zone)?;
                Some(super::zoned::coverage_in_zone(plan, zone, &local)?)
            }
            _ => None,
        },
        false => None,
    };
    let (mut df, scheduled) = match zoned {
        Some((df, scheduled)) => (df, scheduled),
        None => (coverage_to_frame(plan)?, plan.coverage.scheduled.clone()),
    };
    if !(has_column(requirements, VOLUME) && has_column(requirements, AHT_S)) {
        return Ok(df);
    }
    let volume = f64_column(requirements, VOLUME, "volume", false)?;
    let aht = f64_column(requirements, AHT_S, "aht_s", false)?;
    let interval_s = plan.coverage.interval_s as f64;
    let p = project_service(&scheduled, &volume, &aht, interval_s, answer_within_s, shrinkage)?;
    let add = |df: &mut DataFrame, c: Column| {
        df.with_column(c).map(|_| ()).map_err(|e| IoError::Parse {
            what: "coverage frame".into(),
            reason: e.to_string(),
        })
    };
    add(
        &mut df,
        Column::new(
            "net_agents".into(),
            p.iter().map(|x| x.net_agents).collect::<Vec<u32>>(),
        ),
    )?;
    add(
        &mut df,
        Column::new(
            "service_level".into(),
            p.iter().map(|x| x.service_level).collect::<Vec<f64>>(),
        ),
    )?;
    add(
        &mut df,
        Column::new("asa_s".into(), p.iter().map(|x| x.asa_s).collect::<Vec<f64>>()),
    )?;
    Ok(df)
}
