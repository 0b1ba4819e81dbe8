//! Bindings of the staffing stage.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::errors::IntoPy;
use super::{from_json, ipc_bytes, read_ipc};
use crate::io::{self, IoError};
use crate::staffing::StaffingOptions;

/// Staffing requirements per interval (and queue) of a forecast frame. Returns IPC bytes.
/// With `method = "simulation"`, `simulation_json` holds the `[simulation]` settings.
#[pyfunction]
#[pyo3(signature = (forecast, options_json, simulation_json=None))]
pub(crate) fn requirements<'py>(
    py: Python<'py>,
    forecast: &[u8],
    options_json: &str,
    simulation_json: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py
        .detach(|| -> crate::Result<Vec<u8>> {
            let options: StaffingOptions = from_json(options_json, "staffing options")?;
            let settings: Option<crate::simulate::SimulationSettings> =
                simulation_json.map(|t| from_json(t, "simulation")).transpose()?;
            let df = read_ipc(forecast.to_vec(), "forecast")?;
            let mut parts = Vec::new();
            for (queue, part) in io::split_by_queue(&df, "main")? {
                let f = io::forecast_from_frame(&part)?;
                let r = crate::requirements::requirements_by_method(&f, &options, settings.as_ref())?;
                parts.push(io::requirements_to_frame(&r, &queue)?);
            }
            if parts.is_empty() {
                return Err(IoError::Config {
                    path: "forecast".into(),
                    message: "the forecast frame has no rows".into(),
                }
                .into());
            }
            let mut all = parts.remove(0);
            for p in parts {
                all.vstack_mut(&p).map_err(|e| IoError::Parse {
                    what: "requirements".into(),
                    reason: e.to_string(),
                })?;
            }
            ipc_bytes(all)
        })
        .py_err()?;
    Ok(PyBytes::new(py, &out))
}

/// Chat metrics at `agents` (or, with `agents` None, at the fewest agents meeting
/// `service_level`): (agents, p_wait, service level, ASA, occupancy, mean concurrency, stable).
#[pyfunction]
#[pyo3(signature = (volume, aht_s, interval_s, concurrency, slowdown, answer_within_s, agents=None, service_level=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn chat(
    py: Python<'_>,
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    concurrency: u32,
    slowdown: Vec<f64>,
    answer_within_s: f64,
    agents: Option<u32>,
    service_level: Option<f64>,
) -> PyResult<(u32, f64, f64, f64, f64, f64, bool)> {
    py.detach(|| -> crate::Result<_> {
        let q = crate::staffing::ChatQueue {
            volume,
            aht_s,
            interval_s,
            concurrency,
            slowdown,
        };
        let m = match (agents, service_level) {
            (Some(n), _) => crate::staffing::chat_metrics(&q, n, answer_within_s)?,
            (None, Some(x)) => crate::staffing::chat_agents(&q, x, answer_within_s)?,
            (None, None) => {
                return Err(crate::staffing::StaffingError::NoTarget {
                    model: "chat",
                    allowed: "`agents` or `service_level`",
                }
                .into())
            }
        };
        Ok((
            m.agents,
            m.p_wait,
            m.service_level,
            m.asa_s,
            m.occupancy,
            m.mean_concurrency,
            m.stable,
        ))
    })
    .py_err()
}

/// Staffing met with probability `probability` over a gamma busyness factor of CV `rate_cv`:
/// (agents, agents gross, point agents, point agents gross, factor).
#[pyfunction]
pub(crate) fn agents_for_probability(
    py: Python<'_>,
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    options_json: &str,
    rate_cv: f64,
    probability: f64,
) -> PyResult<(u32, u32, u32, u32, f64)> {
    py.detach(|| -> crate::Result<(u32, u32, u32, u32, f64)> {
        let options: StaffingOptions = from_json(options_json, "staffing options")?;
        let r = crate::staffing::agents_for_probability(volume, aht_s, interval_s, &options, rate_cv, probability)?;
        Ok((
            r.staffing.agents,
            r.staffing.agents_gross,
            r.point.agents,
            r.point.agents_gross,
            r.factor,
        ))
    })
    .py_err()
}

/// Erlang A averaged over a gamma busyness factor: (service level, p_abandon, p_wait).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(crate) fn mixed_erlang_a(
    py: Python<'_>,
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    agents: u32,
    patience_s: f64,
    answer_within_s: f64,
    sl_definition: &str,
    rate_cv: f64,
) -> PyResult<(f64, f64, f64)> {
    py.detach(|| -> crate::Result<(f64, f64, f64)> {
        let sl: crate::staffing::SlDefinition = sl_definition.parse()?;
        let m = crate::staffing::mixed_erlang_a(
            volume,
            aht_s,
            interval_s,
            agents,
            patience_s,
            answer_within_s,
            sl,
            rate_cv,
        )?;
        Ok((m.service_level, m.p_abandon, m.p_wait))
    })
    .py_err()
}

/// Adds this file's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(requirements, m)?)?;
    m.add_function(wrap_pyfunction!(agents_for_probability, m)?)?;
    m.add_function(wrap_pyfunction!(mixed_erlang_a, m)?)?;
    m.add_function(wrap_pyfunction!(chat, m)?)?;
    m.add_function(wrap_pyfunction!(backlog, m)?)?;
    m.add_function(wrap_pyfunction!(outbound, m)?)?;
    Ok(())
}

/// The fluid staffing of a backlog queue (`staffing::backlog_staffing`): (agents, worked,
/// backlog, overdue per interval; peak agents, agent-hours, the share within each target,
/// items carried out). `targets` are (share, within_minutes); `clock` "business" or "calendar".
#[pyfunction]
#[pyo3(signature = (arrivals, open, interval_minutes, handle_s, targets, clock, every_interval, occupancy, initial_backlog, initial_backlog_age_minutes))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn backlog(
    py: Python<'_>,
    arrivals: Vec<f64>,
    open: Vec<bool>,
    interval_minutes: u32,
    handle_s: f64,
    targets: Vec<(f64, u32)>,
    clock: &str,
    every_interval: bool,
    occupancy: f64,
    initial_backlog: f64,
    initial_backlog_age_minutes: u32,
) -> PyResult<(Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, f64, f64, Vec<f64>, f64)> {
    use crate::staffing::{backlog_staffing, BacklogQueue, DeadlineClock, DeadlineTarget, StaffingError};
    let clock = match clock {
        "business" => Ok(DeadlineClock::Business),
        "calendar" => Ok(DeadlineClock::Calendar),
        other => Err(StaffingError::InvalidBacklog {
            name: "clock",
            reason: format!("expected \"business\" or \"calendar\", got {other:?}"),
        }),
    };
    py.detach(|| -> crate::Result<_> {
        let q = BacklogQueue {
            interval_minutes,
            handle_s,
            targets: targets
                .into_iter()
                .map(|(share, within_minutes)| DeadlineTarget { share, within_minutes })
                .collect(),
            clock: clock?,
            every_interval,
            occupancy,
            initial_backlog,
            initial_backlog_age_minutes,
        };
        let p = backlog_staffing(&arrivals, &open, &q)?;
        Ok((
            p.agents,
            p.worked,
            p.backlog,
            p.overdue,
            p.peak_agents,
            p.agent_hours,
            p.within,
            p.carried_out,
        ))
    })
    .py_err()
}

/// An outbound campaign's plan (`staffing::outbound_staffing`): (blended agents, dedicated
/// agents, records worked, records remaining per interval; peak dedicated, agent-hours,
/// dedicated hours, attempts and contacts per record).
#[pyfunction]
#[pyo3(signature = (records, contact_rate, max_attempts, talk_s, attempt_s, interval_minutes, occupancy, open, slack))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn outbound(
    py: Python<'_>,
    records: f64,
    contact_rate: f64,
    max_attempts: u32,
    talk_s: f64,
    attempt_s: f64,
    interval_minutes: u32,
    occupancy: f64,
    open: Vec<bool>,
    slack: Vec<f64>,
) -> PyResult<(Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, f64, f64, f64, f64, f64)> {
    py.detach(|| -> crate::Result<_> {
        let c = crate::staffing::OutboundCampaign {
            records,
            contact_rate,
            max_attempts,
            talk_s,
            attempt_s,
            interval_minutes,
            occupancy,
        };
        let p = crate::staffing::outbound_staffing(&c, &open, &slack)?;
        Ok((
            p.blended_agents,
            p.dedicated_agents,
            p.records,
            p.remaining,
            p.peak_dedicated,
            p.agent_hours,
            p.dedicated_hours,
            p.attempts_per_record,
            p.contacts_per_record,
        ))
    })
    .py_err()
}
