//! Erlang C inverse staffing: walk up from the true lower bound.

use super::erlang_b::BlockingState;
use super::erlang_c::{self, ErlangCMetrics};
use super::error::StaffingError;
use super::options::{CheckedStaffingOptions, Targets};
use super::shrinkage::{agents_for_occupancy, RATIO_TOLERANCE};
use super::targets::{at_least, at_most, meets_c, unmet, Staffing};
use super::traffic::Traffic;

/// Erlang C: every metric is monotone in the agents once stable, so the answer is found by
/// walking up from the true lower bound `max(floor(A) + 1, ceil(A / max_occupancy))`, one O(1)
/// recursion step per agent.
pub(crate) fn search(
    traffic: &Traffic,
    opts: &CheckedStaffingOptions,
    ceiling: u32,
) -> Result<Staffing, StaffingError> {
    let load = traffic.load_erlangs();
    let (state, m) = walk_c(load, traffic.aht_s(), opts.answer_within_s, &opts.targets, ceiling);
    if meets_c(&m, &opts.targets) {
        return Ok(Staffing {
            agents: state.n(),
            agents_gross: state.n(),
            service_level: m.service_level,
            asa_s: m.asa_s,
            occupancy: m.occupancy,
            p_abandon: 0.0,
            p_wait: m.p_wait,
        });
    }
    let t = &opts.targets;
    Err(unmet(t, load, |name| match name {
        "service_level" => at_least(m.service_level, t.service_level),
        "max_asa_s" => at_most(m.asa_s, t.max_asa_s),
        "max_occupancy" => at_most(m.occupancy, t.max_occupancy),
        _ => at_most(m.p_wait, t.max_p_wait),
    }))
}

/// Walks up from the Erlang C lower bound to the first count meeting the waiting targets of `t`
/// (service level, ASA, P(wait), occupancy) or to `ceiling`; returns that state and its exact
/// metrics (which fail the targets only at `ceiling`).
///
/// Each step costs O(1): the recursion for `R`, one division for C, and `e^{-(n-A)t/AHT}`
/// carried as a running product. That cheap screen is looser than the targets by 1e-9
/// (relative), so it never skips a feasible count; every count it passes is confirmed with the
/// exact metrics.
pub(crate) fn walk_c(
    load: f64,
    aht_s: f64,
    answer_within_s: f64,
    t: &Targets,
    ceiling: u32,
) -> (BlockingState, ErlangCMetrics) {
    let mut lower = load.floor() + 1.0;
    if let Some(cap) = t.max_occupancy {
        lower = lower.max(agents_for_occupancy(load, cap));
    }
    let lower = lower.min(f64::from(ceiling)) as u32;
    let mut state = BlockingState::at(load, lower);
    let rate = answer_within_s / aht_s;
    let step_decay = (-rate).exp();
    let mut decay = (-(f64::from(lower) - load) * rate).exp();
    let loose = 2.0 * RATIO_TOLERANCE;
    let sl_min = t.service_level.map_or(f64::NEG_INFINITY, |s| s - loose * s);
    let asa_max = t.max_asa_s.map_or(f64::INFINITY, |c| c + loose * c);
    let p_wait_max = t.max_p_wait.map_or(f64::INFINITY, |c| c + loose * c);
    loop {
        let n = f64::from(state.n());
        let gap = n - load;
        if gap > 0.0 {
            let c = n / (n + state.r() * gap);
            if 1.0 - c * decay >= sl_min && c * aht_s <= asa_max * gap && c <= p_wait_max {
                let m = erlang_c::from_blocking(load, aht_s, answer_within_s, &state);
                if meets_c(&m, t) {
                    return (state, m);
                }
            }
        }
        if state.n() >= ceiling {
            let m = erlang_c::from_blocking(load, aht_s, answer_within_s, &state);
            return (state, m);
        }
        state.step_up();
        decay *= step_decay;
    }
}
