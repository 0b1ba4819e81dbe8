//! Bindings of the time-varying simulation.

use polars::prelude::{Column, DataFrame};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::Deserialize;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes};
use crate::io::IoError;
use crate::simulate::{
    simulate_intervals as run, HandleTime, IntervalEstimates, Patience, SimulateError, TimeVaryingOptions,
    TimeVaryingQueue,
};

/// The keyword options of `wfmkit.simulate_intervals`, as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    interval_s: u32,
    handle: String,
    handle_cv: Option<f64>,
    handle_sample: Option<Vec<f64>>,
    patience: String,
    patience_s: Option<f64>,
    answer_within_s: f64,
    day_factor_cv: f64,
    replications: u32,
    seed: u64,
    threads: usize,
    max_events: u64,
}

fn bad(name: &'static str, value: f64) -> crate::Error {
    SimulateError::InvalidInput { name, value }.into()
}

/// The estimate columns of `rows`, each `NAME`, `NAME_lo`, `NAME_hi`.
fn estimate_columns(rows: &[IntervalEstimates]) -> Vec<Column> {
    type Get = fn(&IntervalEstimates) -> crate::simulate::Estimate;
    let metrics: [(&str, Get); 9] = [
        ("offered", |e| e.offered),
        ("answered", |e| e.answered),
        ("abandoned", |e| e.abandoned),
        ("sl_offered", |e| e.sl_offered),
        ("sl_answered", |e| e.sl_answered),
        ("sl_excluding_short_abandons", |e| e.sl_excluding_short_abandons),
        ("asa_s", |e| e.asa_s),
        ("abandon_rate", |e| e.abandon_rate),
        ("occupancy", |e| e.occupancy),
    ];
    let mut cols = Vec::new();
    for (name, get) in metrics {
        let v: Vec<f64> = rows.iter().map(|r| get(r).mean).collect();
        let lo: Vec<f64> = rows.iter().map(|r| get(r).lo()).collect();
        let hi: Vec<f64> = rows.iter().map(|r| get(r).hi()).collect();
        cols.push(Column::new(name.into(), v));
        cols.push(Column::new(format!("{name}_lo").into(), lo));
        cols.push(Column::new(format!("{name}_hi").into(), hi));
    }
    cols
}

fn frame(cols: Vec<Column>) -> crate::Result<DataFrame> {
    DataFrame::new_infer_height(cols).map_err(|e| {
        IoError::Parse {
            what: "simulation frame".into(),
            reason: e.to_string(),
        }
        .into()
    })
}

/// The queue and options of a simulation from its arrays and keyword JSON.
fn queue_and_options(
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    agents: Vec<u32>,
    spec_json: &str,
) -> crate::Result<(TimeVaryingQueue, TimeVaryingOptions)> {
    let spec: Spec = from_json(spec_json, "simulation options")?;
    let handle = match spec.handle.as_str() {
        "exponential" => HandleTime::Exponential,
        "lognormal" => HandleTime::LogNormal {
            cv: spec
                .handle_cv
                .ok_or_else(|| bad("handle_cv (needed for lognormal)", f64::NAN))?,
        },
        "empirical" => HandleTime::Empirical(
            spec.handle_sample
                .ok_or_else(|| bad("handle_sample (needed for empirical)", f64::NAN))?,
        ),
        _ => return Err(bad("handle (exponential, lognormal or empirical)", f64::NAN)),
    };
    let patience = match (spec.patience.as_str(), spec.patience_s) {
        ("none", _) => Patience::Infinite,
        ("exponential", Some(mean_s)) => Patience::Exponential { mean_s },
        ("deterministic", Some(s)) => Patience::Deterministic { s },
        ("exponential" | "deterministic", None) => return Err(bad("patience_s (needed for this patience)", f64::NAN)),
        _ => return Err(bad("patience (none, exponential or deterministic)", f64::NAN)),
    };
    let queue = TimeVaryingQueue {
        interval_s: spec.interval_s,
        volume,
        aht_s,
        agents,
        handle,
        patience,
        answer_within_s: spec.answer_within_s,
        day_factor_cv: spec.day_factor_cv,
    };
    let options = TimeVaryingOptions {
        seed: spec.seed,
        replications: spec.replications,
        threads: spec.threads,
        max_events: spec.max_events,
    };
    Ok((queue, options))
}

/// The per-interval, per-day and per-replication frames (IPC bytes) and the events simulated.
type Frames<B> = (B, B, B, u64);

/// Simulates the intervals; returns IPC bytes of the per-interval, per-day and per-replication
/// frames and the events simulated.
#[pyfunction]
pub(crate) fn simulate_intervals<'py>(
    py: Python<'py>,
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    agents: Vec<u32>,
    spec_json: &str,
) -> PyResult<Frames<Bound<'py, PyBytes>>> {
    let (a, b, c, events) = py
        .detach(|| -> crate::Result<Frames<Vec<u8>>> {
            let (queue, options) = queue_and_options(volume, aht_s, agents, spec_json)?;
            let r = run(&queue, &options)?;
            let n = r.intervals.len();
            let mut cols = vec![Column::new("interval".into(), (0..n as u32).collect::<Vec<u32>>())];
            cols.extend(estimate_columns(&r.intervals));
            let intervals = ipc_bytes(frame(cols)?)?;
            let mut cols = vec![Column::new(
                "day".into(),
                (0..r.days.len() as u32).collect::<Vec<u32>>(),
            )];
            cols.extend(estimate_columns(&r.days));
            let days = ipc_bytes(frame(cols)?)?;
            let reps = r.tallies.len();
            let rep: Vec<u32> = (0..reps).flat_map(|k| std::iter::repeat_n(k as u32, n)).collect();
            let interval: Vec<u32> = (0..reps).flat_map(|_| 0..n as u32).collect();
            let all = r.tallies.iter().flatten();
            let count = |f: fn(&crate::simulate::IntervalTally) -> u64| -> Vec<u64> { all.clone().map(f).collect() };
            let cols = vec![
                Column::new("replication".into(), rep),
                Column::new("interval".into(), interval),
                Column::new("offered".into(), count(|t| t.offered)),
                Column::new("answered".into(), count(|t| t.answered)),
                Column::new("abandoned".into(), count(|t| t.abandoned)),
                Column::new("waiting".into(), count(|t| t.waiting)),
                Column::new("answered_within".into(), count(|t| t.answered_within)),
                Column::new("abandoned_within".into(), count(|t| t.abandoned_within)),
                Column::new(
                    "wait_answered_s".into(),
                    all.clone().map(|t| t.wait_answered_s).collect::<Vec<f64>>(),
                ),
                Column::new("busy_s".into(), all.clone().map(|t| t.busy_s).collect::<Vec<f64>>()),
                Column::new(
                    "busy_at_end".into(),
                    all.clone().map(|t| t.busy_at_end).collect::<Vec<u32>>(),
                ),
            ];
            let tallies = ipc_bytes(frame(cols)?)?;
            Ok((intervals, days, tallies, r.events))
        })
        .py_err()?;
    Ok((PyBytes::new(py, &a), PyBytes::new(py, &b), PyBytes::new(py, &c), events))
}

/// Agents per interval by the iterative staffing algorithm for a target probability of delay;
/// returns the agents, the simulated delay probability with its 95% bounds per interval, the
/// iterations and whether it converged.
#[pyfunction]
pub(crate) fn staff_by_simulation(
    py: Python<'_>,
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    spec_json: &str,
    target_p_delay: f64,
    max_iterations: u32,
) -> PyResult<Staffed> {
    py.detach(|| -> crate::Result<Staffed> {
        let n = volume.len();
        let (queue, simulation) = queue_and_options(volume, aht_s, vec![0; n], spec_json)?;
        let r = crate::simulate::staff_by_simulation(
            &queue,
            &crate::simulate::IterativeStaffingOptions {
                target_p_delay,
                max_iterations,
                simulation,
            },
        )?;
        let p = r.p_delay.iter().map(|e| (e.mean, e.lo(), e.hi())).collect();
        Ok((r.agents, p, r.iterations, r.converged))
    })
    .py_err()
}

/// Agents, (p_delay, lo, hi) per interval, iterations, converged.
type Staffed = (Vec<u32>, Vec<(f64, f64, f64)>, u32, bool);

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(simulate_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(staff_by_simulation, m)?)?;
    Ok(())
}
