//! The result of inverse staffing and the target predicates every search shares (a leaf: the
//! searches import it, it imports none of them).

use super::erlang_a::ErlangAMetrics;
use super::erlang_c::ErlangCMetrics;
use super::error::StaffingError;
use super::options::Targets;
use super::shrinkage::RATIO_TOLERANCE;

/// The staffing of one interval: fewest net agents meeting every target, gross agents after
/// shrinkage, and the performance those net agents give.
///
/// For Erlang B, `p_wait` and `p_abandon` are the blocking probability (blocked contacts are
/// lost), `service_level` is `1 - blocking` (the rest are answered at once) and `asa_s` is 0.
/// For Erlang C, `p_abandon` is 0.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Staffing {
    /// Net agents (on the phones).
    pub agents: u32,
    /// Agents to schedule: `ceil(agents / (1 - shrinkage))`.
    pub agents_gross: u32,
    /// Service level at `agents` (under the chosen definition).
    pub service_level: f64,
    /// Average speed of answer at `agents`, seconds.
    pub asa_s: f64,
    /// Occupancy at `agents`.
    pub occupancy: f64,
    /// Probability of abandoning (Erlang A) or being blocked (Erlang B).
    pub p_abandon: f64,
    /// Probability of waiting (blocking for Erlang B).
    pub p_wait: f64,
}

impl Staffing {
    pub(crate) const IDLE: Self = Self {
        agents: 0,
        agents_gross: 0,
        service_level: 1.0,
        asa_s: 0.0,
        occupancy: 0.0,
        p_abandon: 0.0,
        p_wait: 0.0,
    };
}

/// Whether `value >= target`, allowing [`RATIO_TOLERANCE`] (relative) for decimal targets.
pub(crate) fn at_least(value: f64, target: Option<f64>) -> bool {
    target.is_none_or(|t| value >= t - RATIO_TOLERANCE * t.abs())
}

/// Whether `value <= cap`, allowing [`RATIO_TOLERANCE`] (relative) for decimal caps.
pub(crate) fn at_most(value: f64, cap: Option<f64>) -> bool {
    cap.is_none_or(|c| value <= c + RATIO_TOLERANCE * c.abs())
}

/// The first unmet target at `ceiling`, as an [`StaffingError::Unreachable`].
pub(crate) fn unmet(targets: &Targets, load: f64, met: impl Fn(&str) -> bool) -> StaffingError {
    let all = [
        ("service_level", targets.service_level),
        ("max_asa_s", targets.max_asa_s),
        ("max_abandon", targets.max_abandon),
        ("max_occupancy", targets.max_occupancy),
        ("max_p_wait", targets.max_p_wait),
        ("max_blocking", targets.max_blocking),
    ];
    let (name, value) = all
        .iter()
        .find_map(|(n, v)| v.filter(|_| !met(n)).map(|v| (*n, v)))
        .unwrap_or(("agents", f64::NAN));
    StaffingError::Unreachable {
        name,
        value,
        load_erlangs: load,
    }
}

/// Whether Erlang C metrics meet every target.
pub(crate) fn meets_c(m: &ErlangCMetrics, t: &Targets) -> bool {
    m.stable
        && at_least(m.service_level, t.service_level)
        && at_most(m.asa_s, t.max_asa_s)
        && at_most(m.occupancy, t.max_occupancy)
        && at_most(m.p_wait, t.max_p_wait)
}

/// Whether Erlang A metrics meet every target.
pub(crate) fn meets_a(m: &ErlangAMetrics, t: &Targets) -> bool {
    at_least(m.service_level, t.service_level)
        && at_most(m.asa_s, t.max_asa_s)
        && at_most(m.p_abandon, t.max_abandon)
        && at_most(m.occupancy, t.max_occupancy)
        && at_most(m.p_wait, t.max_p_wait)
}
