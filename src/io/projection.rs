//! The coverage frame with the evaluation of the scheduled agents.

use chrono::NaiveDateTime;
use polars::prelude::*;

use super::convert::{has_column, timestamp_column, Timestamps};
use super::{coverage_to_frame, f64_column, IoError, AHT_S, INTERVAL_START, VOLUME};
use crate::evaluation::{evaluate_workload, Evaluation, EvaluationMethod, SimulatedEvaluation, Workload};
use crate::requirements::StaffingRequirements;
use crate::schedule::Plan;
use crate::simulate::Estimate;
use crate::time::Tz;

/// A requirements frame's workload: the local wall-clock start of each row (per real interval
/// when `interval_start` is zoned), its `volume` and its `aht_s`; `None` without those columns.
pub(crate) type FrameWorkload = (Vec<NaiveDateTime>, Vec<f64>, Vec<f64>);

/// The zone and the local time of each row when the frame's `interval_start` is zoned.
pub(crate) fn zoned_rows(requirements: &DataFrame) -> crate::Result<Option<(Tz, Vec<NaiveDateTime>)>> {
    if !has_column(requirements, INTERVAL_START) {
        return Ok(None);
    }
    match timestamp_column(requirements, INTERVAL_START, "interval_start")? {
        Timestamps::Instants { utc, zone: Some(zone) } => Ok(Some((
            zone,
            super::convert::zoned_local_times(INTERVAL_START, &utc, zone)?,
        ))),
        _ => Ok(None),
    }
}

/// The workload of a requirements frame made into `plan`'s requirement row for row (or, when
/// zoned, one row per real interval): `None` when it has no `volume` and `aht_s`.
///
/// # Errors
///
/// [`IoError`] for a bad `interval_start`, `volume` or `aht_s` column.
pub(crate) fn frame_workload(
    requirements: &DataFrame,
    naive: &[NaiveDateTime],
) -> crate::Result<Option<FrameWorkload>> {
    if !(has_column(requirements, VOLUME) && has_column(requirements, AHT_S)) {
        return Ok(None);
    }
    let volume = f64_column(requirements, VOLUME, "volume", false)?;
    let aht = f64_column(requirements, AHT_S, "aht_s", false)?;
    let local = match zoned_rows(requirements)? {
        Some((_, local)) => local,
        None => naive.to_vec(),
    };
    Ok(Some((local, volume, aht)))
}

/// The coverage frame of `plan`, one row per real interval in `zone` (given by its local time)
/// when `zoned` is given, else one row per interval of the plan; with an `evaluation` (one row
/// per the same intervals), three more columns: `net_agents`, the projected `service_level` and
/// `asa_s`; with a `simulation` (the same rows), the simulated `sim_service_level`, `sim_asa_s`,
/// `sim_abandon_rate` and `sim_occupancy`, each with its 95% confidence interval (`_lo`, `_hi`),
/// and `net_agents` if the evaluation did not give it.
///
/// # Errors
///
/// [`IoError::Parse`] if a local time has no interval in the plan, or the evaluation or
/// simulation has another number of rows.
pub fn coverage_with_evaluation(
    plan: &Plan,
    zoned: Option<(Tz, &[NaiveDateTime])>,
    evaluation: Option<&Evaluation>,
    simulation: Option<&SimulatedEvaluation>,
) -> crate::Result<DataFrame> {
    let mut df = match zoned {
        Some((zone, local)) => super::zoned::coverage_in_zone(plan, zone, local)?.0,
        None => coverage_to_frame(plan)?,
    };
    let rows = |what: &str, n: usize, height: usize| -> crate::Result<()> {
        if n == height {
            return Ok(());
        }
        Err(IoError::Parse {
            what: "coverage frame".into(),
            reason: format!("the {what} has {n} rows but the coverage has {height}"),
        }
        .into())
    };
    let add = |df: &mut DataFrame, c: Column| {
        df.with_column(c).map(|_| ()).map_err(|e| IoError::Parse {
            what: "coverage frame".into(),
            reason: e.to_string(),
        })
    };
    if let Some(e) = evaluation {
        rows("evaluation", e.service.len(), df.height())?;
        let p = &e.service;
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
    }
    if let Some(s) = simulation {
        rows("simulation", s.intervals.len(), df.height())?;
        add_simulation_columns(&mut df, s, evaluation.is_none())?;
    }
    Ok(df)
}

/// Three columns of estimates: `name` (the means), `name_lo` and `name_hi` (their 95%
/// intervals).
pub(crate) fn estimate_columns(name: &str, e: &[Estimate]) -> [Column; 3] {
    [
        Column::new(name.into(), e.iter().map(|e| e.mean).collect::<Vec<f64>>()),
        Column::new(
            format!("{name}_lo").into(),
            e.iter().map(|e| e.lo()).collect::<Vec<f64>>(),
        ),
        Column::new(
            format!("{name}_hi").into(),
            e.iter().map(|e| e.hi()).collect::<Vec<f64>>(),
        ),
    ]
}

/// Adds a simulation's columns to a coverage frame of the same rows: `sim_service_level`,
/// `sim_asa_s`, `sim_abandon_rate` and `sim_occupancy`, each with `_lo` and `_hi` (its 95%
/// interval), and `net_agents` first when `with_net_agents`.
///
/// # Errors
///
/// [`IoError::Parse`] if the frame has another number of rows.
pub(crate) fn add_simulation_columns(
    df: &mut DataFrame,
    s: &SimulatedEvaluation,
    with_net_agents: bool,
) -> Result<(), IoError> {
    let add = |df: &mut DataFrame, c: Column| {
        df.with_column(c).map(|_| ()).map_err(|e| IoError::Parse {
            what: "coverage frame".into(),
            reason: e.to_string(),
        })
    };
    if with_net_agents {
        add(df, Column::new("net_agents".into(), s.net_agents.clone()))?;
    }
    let n = s.intervals.len();
    let metrics: [(&str, Vec<Estimate>); 4] = [
        ("sim_service_level", (0..n).map(|i| s.service_level(i)).collect()),
        ("sim_asa_s", s.intervals.iter().map(|e| e.asa_s).collect()),
        ("sim_abandon_rate", s.intervals.iter().map(|e| e.abandon_rate).collect()),
        ("sim_occupancy", s.intervals.iter().map(|e| e.occupancy).collect()),
    ];
    for (name, e) in metrics {
        for c in estimate_columns(name, &e) {
            add(df, c)?;
        }
    }
    Ok(())
}

/// The coverage frame of a plan made from `requirements`, with its `evaluation` and
/// `simulation` (see [`crate::pipeline::StageResults`]): per real interval when the
/// requirements are zoned. The command-line job and Python's `wfmkit.plan` both write their
/// coverage with it.
///
/// # Errors
///
/// As [`coverage_with_evaluation`].
pub fn plan_coverage_frame(
    plan: &Plan,
    requirements: Option<&StaffingRequirements>,
    evaluation: Option<&Evaluation>,
    simulation: Option<&SimulatedEvaluation>,
) -> crate::Result<DataFrame> {
    let zoned = requirements.and_then(|r| r.zone.map(|z| (z, r.timestamps.as_slice())));
    coverage_with_evaluation(plan, zoned, evaluation, simulation)
}

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
    let zoned = zoned_rows(requirements)?;
    let evaluation = match frame_workload(requirements, &plan.coverage.timestamps)? {
        Some((ts, volume, aht)) => {
            let method = EvaluationMethod::ErlangC {
                answer_within_s,
                shrinkage,
            };
            let w = Workload {
                timestamps: &ts,
                volume: &volume,
                aht_s: &aht,
            };
            Some(evaluate_workload(plan, w, &method).map_err(|e| match e {
                crate::evaluation::EvaluationError::Staffing(s) => crate::Error::Staffing(s),
                e => e.into(),
            })?)
        }
        None => None,
    };
    coverage_with_evaluation(
        plan,
        zoned.as_ref().map(|(z, l)| (*z, l.as_slice())),
        evaluation.as_ref(),
        None,
    )
}
