//! The Erlang C projection: the service the agents on duty are projected to give.

use crate::staffing::{erlang_c, StaffingError};

/// Projected Erlang C service per interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectedService {
    /// Agents taken as answering contacts: `⌊scheduled × (1 − shrinkage)⌋`.
    pub net_agents: u32,
    /// P(wait ≤ `answer_within_s`).
    pub service_level: f64,
    /// Mean wait in seconds (infinite when the agents cannot carry the load).
    pub asa_s: f64,
}

/// Projects Erlang C service level and ASA for the agents a plan has on duty in each interval.
///
/// Scheduled agents are on duty (their breaks are already taken out of the plan's coverage);
/// `shrinkage` removes a further share for what the schedule does not model (absence, meetings):
/// the net agents are `⌊scheduled × (1 − shrinkage)⌋`, rounded down so that the projection never
/// credits a fraction of an agent. With `shrinkage = 0` the scheduled agents are the net agents.
///
/// # Formula
/// Erlang C as in [`crate::staffing::erlang_c`]: `SL = 1 − C(n, A) e^{−(n−A) t / AHT}`,
/// `ASA = C(n, A) AHT / (n − A)`, with `A = volume · AHT / interval`. An interval with `n ≤ A`
/// has SL 0 and infinite ASA.
///
/// # Errors
/// [`StaffingError`] for a negative or non-finite volume, AHT, interval, threshold or shrinkage
/// outside [0, 1).
///
/// # Examples
/// ```
/// use wfmkit::evaluation::project_service;
/// // 100 calls in 30 min at AHT 180 s: 14 agents answer 88.8% within 20 s.
/// let p = project_service(&[14], &[100.0], &[180.0], 1800.0, 20.0, 0.0).unwrap();
/// assert!((p[0].service_level - 0.88835).abs() < 5e-5);
/// ```
pub fn project_service(
    scheduled: &[u32],
    volume: &[f64],
    aht_s: &[f64],
    interval_s: f64,
    answer_within_s: f64,
    shrinkage: f64,
) -> Result<Vec<ProjectedService>, StaffingError> {
    let net = net_agents(scheduled, shrinkage)?;
    for (name, len) in [("scheduled", scheduled.len()), ("aht_s", aht_s.len())] {
        if len != volume.len() {
            return Err(StaffingError::LengthMismatch {
                name,
                len,
                expected: volume.len(),
            });
        }
    }
    net.into_iter()
        .zip(volume)
        .zip(aht_s)
        .map(|((net, &v), &a)| {
            let m = erlang_c(v, a, interval_s, net, answer_within_s)?;
            Ok(ProjectedService {
                net_agents: net,
                service_level: m.service_level,
                asa_s: if m.stable { m.asa_s } else { f64::INFINITY },
            })
        })
        .collect()
}

/// The agents taken as answering contacts: `⌊scheduled × (1 − shrinkage)⌋` per interval
/// (rounded down, so that no fraction of an agent is credited). The Erlang projection and the
/// simulated evaluation both use it.
///
/// # Errors
/// [`StaffingError::InvalidShrinkage`] for a shrinkage outside [0, 1).
pub(crate) fn net_agents(scheduled: &[u32], shrinkage: f64) -> Result<Vec<u32>, StaffingError> {
    if !(shrinkage.is_finite() && (0.0..1.0).contains(&shrinkage)) {
        return Err(StaffingError::InvalidShrinkage { value: shrinkage });
    }
    Ok(scheduled
        .iter()
        .map(|&n| (n as f64 * (1.0 - shrinkage) + 1e-9).floor() as u32)
        .collect())
}
