//! Bindings of the roster stage: named agents over weeks.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::io;
use crate::roster::{
    roster as roster_core, roster_queues, roster_requirement, Agent, Contract, Cover, QueueRequirement, Roster,
    RosterOptions, RosterProblem, ShiftCover, ShiftKind,
};
use crate::schedule::ScheduleOptions;

/// Roster handed to Python: shifts, activities, coverage, summary, shift coverage, queue
/// coverage as IPC bytes;
/// status, objective, bound, model bound, relaxation bound, gap, seconds; costs (under, over, paid, requests,
/// fairness); the design comparison (objective, bound, price of named agents), if any.
pub(crate) type RosterTuple<'py> = (
    (
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
        Bound<'py, PyBytes>,
    ),
    (&'static str, f64, f64, f64, Option<f64>, f64, f64),
    (f64, f64, f64, f64, f64),
    Option<(f64, f64, f64)>,
    Option<(usize, usize, f64, bool, f64)>,
);

struct Frames {
    shifts: Vec<u8>,
    activities: Vec<u8>,
    coverage: Vec<u8>,
    summary: Vec<u8>,
    shift_coverage: Vec<u8>,
    queue_coverage: Vec<u8>,
}

fn frames(
    r: &Roster,
    requirements: Option<&polars::prelude::DataFrame>,
    within: f64,
    shrink: f64,
) -> crate::Result<Frames> {
    Ok(Frames {
        shifts: ipc_bytes(io::roster_shifts_to_frame(r)?)?,
        activities: ipc_bytes(io::roster_activities_to_frame(r)?)?,
        coverage: ipc_bytes(io::roster_coverage_to_frame(r, requirements, within, shrink)?)?,
        summary: ipc_bytes(io::roster_summary_to_frame(r)?)?,
        shift_coverage: ipc_bytes(io::roster_shift_coverage_to_frame(r)?)?,
        queue_coverage: ipc_bytes(io::roster_queue_coverage_to_frame(r)?)?,
    })
}

fn tuple<'py>(py: Python<'py>, r: &Roster, f: Frames) -> RosterTuple<'py> {
    (
        (
            PyBytes::new(py, &f.shifts),
            PyBytes::new(py, &f.activities),
            PyBytes::new(py, &f.coverage),
            PyBytes::new(py, &f.summary),
            PyBytes::new(py, &f.shift_coverage),
            PyBytes::new(py, &f.queue_coverage),
        ),
        (
            r.status.name(),
            r.objective,
            r.bound,
            r.model_bound,
            r.relaxation_bound,
            r.gap,
            r.seconds,
        ),
        (
            r.costs.under,
            r.costs.over,
            r.costs.paid,
            r.costs.requests,
            r.costs.fairness,
        ),
        r.design.map(|d| (d.objective, d.bound, d.price_of_named_agents)),
        r.column_generation
            .map(|c| (c.rounds, c.columns, c.lp, c.converged, c.seconds)),
    )
}

/// The agents: a JSON list of agent objects, or the agents frame and its optional tables (in
/// the order of [`io::AgentTables::NAMES`]).
fn agents(agents_json: Option<&str>, agents: Option<&[u8]>, tables: [Option<&[u8]>; 5]) -> crate::Result<Vec<Agent>> {
    if let Some(text) = agents_json {
        return Ok(from_json(text, "agents")?);
    }
    let Some(bytes) = agents else {
        return Ok(Vec::new());
    };
    let df = read_ipc(bytes.to_vec(), "agents")?;
    let mut read: [Option<polars::prelude::DataFrame>; 5] = Default::default();
    for ((slot, t), name) in read.iter_mut().zip(tables).zip(io::AgentTables::NAMES) {
        if let Some(b) = t {
            *slot = Some(read_ipc(b.to_vec(), name)?);
        }
    }
    Ok(io::agents_from_frames(&df, io::AgentTables::from_slice(&read))?)
}

/// Rosters agents against a requirement frame (the interval form).
#[pyfunction]
#[pyo3(signature = (requirements, schedule_options_json, contracts_json, options_json, agents_json=None, agents_frame=None, leave=None, availability=None, requests=None, locked=None, preferred_starts=None, agents_column=None, answer_within_s=20.0, projection_shrinkage=0.0))]
#[allow(clippy::too_many_arguments)]
fn roster<'py>(
    py: Python<'py>,
    requirements: &[u8],
    schedule_options_json: &str,
    contracts_json: &str,
    options_json: &str,
    agents_json: Option<&str>,
    agents_frame: Option<&[u8]>,
    leave: Option<&[u8]>,
    availability: Option<&[u8]>,
    requests: Option<&[u8]>,
    locked: Option<&[u8]>,
    preferred_starts: Option<&[u8]>,
    agents_column: Option<String>,
    answer_within_s: f64,
    projection_shrinkage: f64,
) -> PyResult<RosterTuple<'py>> {
    let (r, f) = py
        .detach(|| -> crate::Result<(Roster, Frames)> {
            let schedule_options: ScheduleOptions = from_json(schedule_options_json, "schedule options")?;
            let contracts: Vec<Contract> = from_json(contracts_json, "contracts")?;
            let options: RosterOptions = from_json(options_json, "roster options")?;
            let agents = agents(
                agents_json,
                agents_frame,
                [leave, availability, requests, locked, preferred_starts],
            )?;
            let df = read_ipc(requirements.to_vec(), "requirements")?;
            let parts = io::split_by_queue(&df, "")?;
            if parts.len() > 1 {
                // Several queues: agents serve the queues their skills name. The totals'
                // coverage gets no projected service (each queue has its own volume).
                let queues = parts
                    .iter()
                    .map(|(queue, part)| {
                        Ok(QueueRequirement {
                            queue: queue.clone(),
                            requirement: io::cover_requirement_from_frame(part, agents_column.as_deref())?,
                        })
                    })
                    .collect::<crate::Result<Vec<_>>>()?;
                let r = roster_queues(&queues, &schedule_options, &contracts, &agents, &options)?;
                let f = frames(&r, None, answer_within_s, projection_shrinkage)?;
                return Ok((r, f));
            }
            let req = io::cover_requirement_from_frame(&df, agents_column.as_deref())?;
            let r = roster_requirement(&req, &schedule_options, &contracts, &agents, &options)?;
            let f = frames(&r, Some(&df), answer_within_s, projection_shrinkage)?;
            Ok((r, f))
        })
        .py_err()?;
    Ok(tuple(py, &r, f))
}

/// Rosters agents against a cover per day and shift (the nurse-rostering form).
#[pyfunction]
#[pyo3(signature = (start, days, shifts_json, cover_json, contracts_json, options_json, agents_json=None, agents_frame=None, leave=None, availability=None, requests=None, locked=None, preferred_starts=None))]
#[allow(clippy::too_many_arguments)]
fn roster_per_shift<'py>(
    py: Python<'py>,
    start: &str,
    days: usize,
    shifts_json: &str,
    cover_json: &str,
    contracts_json: &str,
    options_json: &str,
    agents_json: Option<&str>,
    agents_frame: Option<&[u8]>,
    leave: Option<&[u8]>,
    availability: Option<&[u8]>,
    requests: Option<&[u8]>,
    locked: Option<&[u8]>,
    preferred_starts: Option<&[u8]>,
) -> PyResult<RosterTuple<'py>> {
    let (r, f) = py
        .detach(|| -> crate::Result<(Roster, Frames)> {
            let start: chrono::NaiveDate = from_json(&format!("\"{start}\""), "start")?;
            let shifts: Vec<ShiftKind> = from_json(shifts_json, "shifts")?;
            let cover: Vec<ShiftCover> = from_json(cover_json, "cover")?;
            let contracts: Vec<Contract> = from_json(contracts_json, "contracts")?;
            let options: RosterOptions = from_json(options_json, "roster options")?;
            let agents = agents(
                agents_json,
                agents_frame,
                [leave, availability, requests, locked, preferred_starts],
            )?;
            let problem = RosterProblem {
                start,
                days,
                shifts,
                cover: Cover::PerShift(cover),
                contracts,
                agents,
            };
            let r = roster_core(&problem, &options)?;
            let f = frames(&r, None, 20.0, 0.0)?;
            Ok((r, f))
        })
        .py_err()?;
    Ok(tuple(py, &r, f))
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(roster, m)?)?;
    m.add_function(wrap_pyfunction!(roster_per_shift, m)?)?;
    Ok(())
}
