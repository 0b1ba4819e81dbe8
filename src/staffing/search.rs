//! Inverse staffing: the fewest agents that meet every target at once (the entry points; the
//! per-model searches are in `erlang_c_search` and `erlang_a_search`, the result type and target
//! predicates in `targets`).

use super::erlang_a_search;
use super::erlang_b::BlockingState;
use super::erlang_c_search;
use super::error::StaffingError;
use super::options::{CheckedStaffingOptions, StaffingModel, StaffingOptions, Targets};
use super::targets::{at_most, unmet, Staffing};
use super::traffic::Traffic;

/// The first target that the limit of infinitely many agents only approaches, never reaches.
///
/// With a positive load, P(wait) > 0, ASA > 0 and blocking > 0 for every finite number of
/// agents, so a cap of exactly 0 (or a service level of exactly 1) is unreachable. Exceptions:
/// Erlang A with zero patience answers at once (ASA 0, answered-SL 1) and with infinite patience
/// never abandons.
fn unreachable_in_limit(opts: &CheckedStaffingOptions, load: f64) -> Result<(), StaffingError> {
    let t = &opts.targets;
    let p = opts.patience_s;
    let is_a = opts.model == StaffingModel::ErlangA;
    let instant = is_a && p == 0.0;
    let sl_can_be_one = instant && opts.sl_definition == super::options::SlDefinition::Answered;
    let fail = |name: &'static str, value: f64| {
        Err(StaffingError::Unreachable {
            name,
            value,
            load_erlangs: load,
        })
    };
    match t.service_level {
        Some(v) if v >= 1.0 && !sl_can_be_one => return fail("service_level", v),
        _ => {}
    }
    match t.max_p_wait {
        Some(v) if v <= 0.0 => return fail("max_p_wait", v),
        _ => {}
    }
    match t.max_asa_s {
        Some(v) if v <= 0.0 && !instant => return fail("max_asa_s", v),
        _ => {}
    }
    match t.max_abandon {
        Some(v) if v <= 0.0 && p.is_finite() => return fail("max_abandon", v),
        _ => {}
    }
    match t.max_blocking {
        Some(v) if v <= 0.0 => return fail("max_blocking", v),
        _ => {}
    }
    Ok(())
}

/// Number of agents beyond which no target can change any more: B(n, A) underflows there.
fn agent_ceiling(load: f64) -> Result<u32, StaffingError> {
    let n = (load + 40.0 * load.sqrt() + 802.0).ceil();
    if n > f64::from(u32::MAX) {
        return Err(StaffingError::TooManyAgents {
            what: "agents",
            value: n,
        });
    }
    Ok(n as u32)
}

/// Fewest agents for an interval whose load is positive, with every target checked exactly.
fn search(traffic: &Traffic, opts: &CheckedStaffingOptions) -> Result<(u32, Staffing), StaffingError> {
    let load = traffic.load_erlangs();
    unreachable_in_limit(opts, load)?;
    let ceiling = agent_ceiling(load)?;
    match opts.model {
        StaffingModel::ErlangB => search_b(load, &opts.targets, ceiling),
        StaffingModel::ErlangC => erlang_c_search::search(traffic, opts, ceiling),
        StaffingModel::ErlangA => erlang_a_search::search(traffic, opts, ceiling),
    }
    .map(|s| (s.agents, s))
}

/// Erlang B: blocking and occupancy fall as servers are added.
fn search_b(load: f64, targets: &Targets, ceiling: u32) -> Result<Staffing, StaffingError> {
    // Blocking and occupancy A(1 - B)/n both fall as servers are added: walk up from 0.
    let mut state = BlockingState::at(load, 0);
    loop {
        let n = state.n();
        let b = state.blocking();
        let occupancy = if n == 0 { 1.0 } else { load * (1.0 - b) / f64::from(n) };
        if at_most(b, targets.max_blocking) && at_most(occupancy, targets.max_occupancy) {
            return Ok(Staffing {
                agents: n,
                agents_gross: n,
                service_level: 1.0 - b,
                asa_s: 0.0,
                occupancy,
                p_abandon: b,
                p_wait: b,
            });
        }
        if n >= ceiling {
            return Err(unmet(targets, load, |name| match name {
                "max_blocking" => at_most(b, targets.max_blocking),
                _ => at_most(occupancy, targets.max_occupancy),
            }));
        }
        state.step_up();
    }
}

impl CheckedStaffingOptions {
    /// Fewest net agents meeting every target for one interval, with gross agents and the
    /// resulting performance. See [`required_agents`].
    ///
    /// # Errors
    /// As [`required_agents`], except option errors (already checked).
    pub fn required_agents(&self, volume: f64, aht_s: f64, interval_s: f64) -> Result<Staffing, StaffingError> {
        let traffic = Traffic::try_new(volume, aht_s, interval_s)?;
        self.required_agents_for(&traffic)
    }

    /// As [`CheckedStaffingOptions::required_agents`] for checked traffic.
    ///
    /// # Errors
    /// [`StaffingError::Unreachable`] if no finite number of agents meets the targets;
    /// [`StaffingError::TooManyAgents`] if gross agents overflow `u32`;
    /// [`StaffingError::PatienceTooLong`] for an Erlang A patience beyond the exact series.
    pub fn required_agents_for(&self, traffic: &Traffic) -> Result<Staffing, StaffingError> {
        if traffic.is_idle() {
            return Ok(Staffing::IDLE);
        }
        let (net, mut staffing) = search(traffic, self)?;
        staffing.agents_gross = self.shrinkage.gross_agents(net)?;
        Ok(staffing)
    }

    /// [`CheckedStaffingOptions::required_agents`] over intervals; `aht_s` has one value per
    /// volume.
    ///
    /// # Errors
    /// [`StaffingError::LengthMismatch`] if the lengths differ; otherwise the first failing
    /// element's error wrapped in [`StaffingError::AtIndex`] with its 0-based index.
    pub fn required_agents_batch(
        &self,
        volume: &[f64],
        aht_s: &[f64],
        interval_s: f64,
    ) -> Result<Vec<Staffing>, StaffingError> {
        if aht_s.len() != volume.len() {
            return Err(StaffingError::LengthMismatch {
                name: "aht_s",
                len: aht_s.len(),
                expected: volume.len(),
            });
        }
        volume
            .iter()
            .zip(aht_s)
            .enumerate()
            .map(|(i, (&v, &a))| self.required_agents(v, a, interval_s).map_err(|e| e.at(i)))
            .collect()
    }
}

/// Fewest net agents meeting every target of `opts` at once for one interval, plus gross agents
/// after shrinkage and the performance at the net agents.
///
/// Zero volume or zero AHT gives 0 agents with service level 1.
///
/// # Formula
/// Every metric is monotone in the number of agents, so the answer is the first feasible count
/// from the true lower bound: Erlang C starts at `max(floor(A) + 1, ceil(A / max_occupancy))`
/// and steps the Erlang B recursion one agent at a time (O(1) per agent); Erlang B starts at 0;
/// Erlang A (which can staff below the load) starts from the exact Erlang C answer as a seed,
/// gallops down or up with exact evaluations and finishes by bisection, checking that one agent
/// fewer fails. A metric within [`RATIO_TOLERANCE`] (relative) of its target meets it, so
/// decimal targets behave exactly (load 4.2 at occupancy 0.7 needs 6 agents, not 7).
///
/// # Errors
/// - any error of [`StaffingOptions::check`];
/// - [`StaffingError::NotNonNegative`] / [`StaffingError::NotPositive`] /
///   [`StaffingError::LoadTooLarge`] for bad traffic;
/// - [`StaffingError::Unreachable`] for a target no finite number of agents can meet (service
///   level 1.0, or a cap of 0 on P(wait), ASA, abandonment or blocking, with positive load);
/// - [`StaffingError::TooManyAgents`] if gross agents overflow `u32`.
///
/// # Examples
/// ```
/// use wfmkit::staffing::{required_agents, StaffingModel, StaffingOptions};
/// // 100 calls in 30 min, AHT 180 s, 80% in 20 s, 30% shrinkage -> 14 net, 20 gross.
/// let opts = StaffingOptions::new(StaffingModel::ErlangC)
///     .with_service_level(0.8, 20.0)
///     .with_shrinkage(0.3);
/// let s = required_agents(100.0, 180.0, 1800.0, &opts).unwrap();
/// assert_eq!((s.agents, s.agents_gross), (14, 20));
/// assert!((s.service_level - 0.88835).abs() < 5e-5);
/// ```
pub fn required_agents(
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    opts: &StaffingOptions,
) -> Result<Staffing, StaffingError> {
    opts.check()?.required_agents(volume, aht_s, interval_s)
}

/// [`required_agents`] for each interval; `volume` and `aht_s` have the same length.
///
/// # Errors
/// Option errors as [`StaffingOptions::check`]; [`StaffingError::LengthMismatch`]; otherwise the
/// first failing element's error wrapped in [`StaffingError::AtIndex`] (0-based index; the inner
/// error names the field).
///
/// # Examples
/// ```
/// use wfmkit::staffing::{required_agents_batch, StaffingError, StaffingOptions};
/// let opts = StaffingOptions::default().with_service_level(0.8, 20.0);
/// let out = required_agents_batch(&[0.0, 100.0], &[180.0, 180.0], 1800.0, &opts).unwrap();
/// assert_eq!(out[0].agents, 0);
/// assert_eq!(out[1].agents, 14);
/// let err = required_agents_batch(&[100.0, -1.0], &[180.0, 180.0], 1800.0, &opts).unwrap_err();
/// assert!(matches!(err, StaffingError::AtIndex { index: 1, .. }));
/// ```
pub fn required_agents_batch(
    volume: &[f64],
    aht_s: &[f64],
    interval_s: f64,
    opts: &StaffingOptions,
) -> Result<Vec<Staffing>, StaffingError> {
    opts.check()?.required_agents_batch(volume, aht_s, interval_s)
}
