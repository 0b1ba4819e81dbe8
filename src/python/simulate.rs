//! Bindings of the time-varying simulation.

use polars::prelude::{Column, DataFrame};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::Deserialize;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes};
use crate::io::IoError;
use crate::simulate::{
    simulate_intervals as run, IntervalEstimates, SimulationInput, SimulationSettings, TimeVaryingOptions,
    TimeVaryingQueue,
};

/// The keyword options of `wfmkit.simulate_intervals`, as JSON: the grid and threshold, and
/// the settings as the job config's `[simulation]` table has them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    interval_s: u32,
    answer_within_s: f64,
    settings: SimulationSettings,
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
    metrics
        .into_iter()
        .flat_map(|(name, get)| crate::io::estimate_columns(name, &rows.iter().map(get).collect::<Vec<_>>()))
        .collect()
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
    Ok(spec.settings.queue_and_options(SimulationInput {
        interval_s: spec.interval_s,
        volume,
        aht_s,
        agents,
        answer_within_s: spec.answer_within_s,
        staffing_patience_s: None,
    })?)
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

/// Agents per interval by the iterative staffing algorithm for a target probability of delay
/// and/or service level; returns the agents, the simulated delay probability and service level
/// with their 95% bounds per interval, the iterations and whether it converged.
#[pyfunction]
#[pyo3(signature = (volume, aht_s, spec_json, target_p_delay, target_service_level, max_iterations))]
pub(crate) fn staff_by_simulation(
    py: Python<'_>,
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    spec_json: &str,
    target_p_delay: Option<f64>,
    target_service_level: Option<f64>,
    max_iterations: u32,
) -> PyResult<Staffed> {
    py.detach(|| -> crate::Result<Staffed> {
        let n = volume.len();
        let (queue, simulation) = queue_and_options(volume, aht_s, vec![0; n], spec_json)?;
        let r = crate::simulate::staff_by_simulation(
            &queue,
            &crate::simulate::IterativeStaffingOptions {
                target_p_delay,
                target_service_level,
                start_from_queue: false,
                max_iterations,
                simulation,
            },
        )?;
        let triple = |e: &crate::simulate::Estimate| (e.mean, e.lo(), e.hi());
        let p = r.p_delay.iter().map(triple).collect();
        let sl = r.service_level.iter().map(triple).collect();
        Ok((r.agents, p, sl, r.iterations, r.converged))
    })
    .py_err()
}

/// Agents, (p_delay, lo, hi) and (service level, lo, hi) per interval, iterations, converged.
type Staffed = (Vec<u32>, Vec<(f64, f64, f64)>, Vec<(f64, f64, f64)>, u32, bool);

/// A time in microseconds since 1970 (as polars stores a naive datetime) as a naive date-time.
fn naive_us(us: i64, what: &'static str) -> crate::Result<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.naive_utc())
        .ok_or_else(|| {
            crate::simulate::SimulateError::InvalidInput {
                name: what,
                value: us as f64,
            }
            .into()
        })
}

/// The per-interval frame (`net_agents`, then every estimate with its bounds), the one-row
/// frame over the horizon, the events and the seconds of a schedule's simulation.
type ScheduleFrames<B> = (B, B, u64, f64);

/// Simulates the agents on duty of a schedule's coverage (`grid_us`, `on_duty`, intervals of
/// `interval_s`) on a workload (`timestamps_us`, `volume`, `aht_s`) with the job's
/// `[simulation]` settings and the staffing's threshold, shrinkage and definition, through
/// [`crate::evaluation::simulate_on_duty`] (the job's path).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn simulate_on_duty<'py>(
    py: Python<'py>,
    grid_us: Vec<i64>,
    on_duty: Vec<u32>,
    interval_s: u32,
    timestamps_us: Vec<i64>,
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    settings_json: &str,
    staffing_json: &str,
) -> PyResult<ScheduleFrames<Bound<'py, PyBytes>>> {
    let (a, b, events, seconds) = py
        .detach(|| -> crate::Result<ScheduleFrames<Vec<u8>>> {
            let settings: SimulationSettings = from_json(settings_json, "simulation settings")?;
            let staffing: crate::staffing::StaffingOptions = from_json(staffing_json, "staffing")?;
            let grid = grid_us
                .iter()
                .map(|&t| naive_us(t, "schedule interval_start"))
                .collect::<crate::Result<Vec<_>>>()?;
            let ts = timestamps_us
                .iter()
                .map(|&t| naive_us(t, "workload interval_start"))
                .collect::<crate::Result<Vec<_>>>()?;
            let w = crate::evaluation::Workload {
                timestamps: &ts,
                volume: &volume,
                aht_s: &aht_s,
            };
            let e = crate::evaluation::simulate_on_duty(&grid, &on_duty, interval_s, w, &settings, &staffing)?;
            let n = e.intervals.len();
            let mut cols = vec![Column::new("net_agents".into(), e.net_agents.clone())];
            let sl: Vec<_> = (0..n).map(|i| e.service_level(i)).collect();
            cols.extend(crate::io::estimate_columns("service_level", &sl));
            cols.extend(estimate_columns(&e.intervals));
            let intervals = ipc_bytes(frame(cols)?)?;
            let total = ipc_bytes(frame(estimate_columns(std::slice::from_ref(&e.total)))?)?;
            Ok((intervals, total, e.events, e.seconds))
        })
        .py_err()?;
    Ok((PyBytes::new(py, &a), PyBytes::new(py, &b), events, seconds))
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(simulate_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(simulate_on_duty, m)?)?;
    m.add_function(wrap_pyfunction!(staff_by_simulation, m)?)?;
    m.add_function(wrap_pyfunction!(multi_skill, m)?)?;
    Ok(())
}

/// A multi-skill system as JSON (`wfmkit.multi_skill_staffing` / `simulate_multi_skill`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MultiSkillSpec {
    volume: Vec<f64>,
    aht_s: Vec<f64>,
    patience_s: Vec<Option<f64>>,
    skills: Vec<Vec<usize>>,
    routing: Vec<Vec<usize>>,
    period_s: f64,
    answer_within_s: f64,
    replications: usize,
    seed: u64,
    agents: Option<Vec<u32>>,
    cost: Option<Vec<f64>>,
    target: Option<Vec<f64>>,
    max_iterations: usize,
}

fn estimate_json(e: &crate::simulate::Estimate) -> serde_json::Value {
    serde_json::json!({"mean": e.mean, "lo": e.mean - e.half_width, "hi": e.mean + e.half_width})
}

fn result_json(r: &crate::simulate::MultiSkillResult) -> serde_json::Value {
    let all = |v: &[crate::simulate::Estimate]| v.iter().map(estimate_json).collect::<Vec<_>>();
    serde_json::json!({
        "service_level": all(&r.service_level),
        "service_level_all": estimate_json(&r.service_level_all),
        "asa_s": all(&r.asa_s),
        "abandon": all(&r.abandon),
        "p_wait": all(&r.p_wait),
        "occupancy": all(&r.occupancy),
    })
}

/// Multi-skill simulation at `agents`, or (with `cost` and `target`) staffing by simulation
/// with the per-type comparison (`requirements::multi_skill_requirements`). JSON in and out.
#[pyfunction]
pub(crate) fn multi_skill(py: Python<'_>, spec_json: &str) -> PyResult<String> {
    py.detach(|| -> crate::Result<String> {
        let s: MultiSkillSpec = from_json(spec_json, "multi-skill options")?;
        let sys = crate::simulate::MultiSkillSystem {
            period_s: s.period_s,
            volume: s.volume,
            aht_s: s.aht_s,
            patience_s: s.patience_s.iter().map(|p| p.unwrap_or(f64::INFINITY)).collect(),
            skills: s.skills,
            routing: s.routing,
            answer_within_s: s.answer_within_s,
        };
        let opts = crate::simulate::MultiSkillOptions {
            replications: s.replications,
            seed: s.seed,
        };
        let out = match (s.agents, s.cost, s.target) {
            (Some(y), _, _) => result_json(&crate::simulate::simulate_multi_skill(&sys, &y, &opts)?),
            (None, Some(cost), Some(target)) => {
                let p = crate::requirements::multi_skill_requirements(&sys, &cost, &target, &opts, s.max_iterations)?;
                let st = |m: &crate::simulate::MultiSkillStaffing| {
                    serde_json::json!({
                        "agents": m.agents, "cost": m.cost, "feasible": m.feasible,
                        "iterations": m.iterations, "evaluations": m.evaluations, "result": result_json(&m.result),
                    })
                };
                serde_json::json!({
                    "staffing": st(&p.staffing), "alone": st(&p.alone),
                    "erlang_start": p.erlang_start, "saving": p.saving,
                })
            }
            _ => {
                return Err(crate::simulate::SimulateError::InvalidRouting {
                    name: "agents",
                    reason: "give `agents` to simulate, or `cost` and `target` to staff".into(),
                }
                .into())
            }
        };
        Ok(out.to_string())
    })
    .py_err()
}
