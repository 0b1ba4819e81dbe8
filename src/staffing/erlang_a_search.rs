//! Erlang A inverse staffing: the fewest agents (possibly below the offered load) that meet every
//! target, with exact evaluations only.

use super::erlang_a::{evaluate, ErlangAMetrics, Params};
use super::erlang_b::BlockingState;
use super::erlang_c_search::walk_c;
use super::error::StaffingError;
use super::options::{CheckedStaffingOptions, Targets};
use super::targets::{at_least, at_most, meets_a, unmet, Staffing};
use super::traffic::Traffic;

/// One exact evaluation: the count, whether it meets every target, a smooth margin used only to
/// choose the next count, and the metrics.
#[derive(Debug, Clone, Copy)]
struct Point {
    n: u32,
    feasible: bool,
    margin: f64,
    metrics: ErlangAMetrics,
}

/// `min` over the targets of `ln(cap) - ln(badness)` (badness: `1 - SL`, ASA, P(ab), occupancy,
/// P(wait)). It rises with the agents and is close to linear in them, which makes secant steps
/// accurate; feasibility itself is always decided by [`meets_a`].
fn margin(m: &ErlangAMetrics, t: &Targets) -> f64 {
    let mut g = f64::INFINITY;
    let mut update = |cap: Option<f64>, bad: f64| {
        if let Some(c) = cap {
            let v = c.ln() - bad.ln();
            g = g.min(if v.is_nan() { f64::NEG_INFINITY } else { v });
        }
    };
    update(t.service_level.map(|s| 1.0 - s), 1.0 - m.service_level);
    update(t.max_asa_s, m.asa_s);
    update(t.max_abandon, m.p_abandon);
    update(t.max_occupancy, m.occupancy);
    update(t.max_p_wait, m.p_wait);
    g
}

/// Evaluates counts, reusing the Erlang B state of a nearby smaller count when it is cheaper to
/// step up from it (O(1) per agent) than to start afresh (O(√A)).
struct Prober<'a> {
    params: Params,
    targets: &'a Targets,
    cache: [Option<BlockingState>; 4],
    next_slot: usize,
    reach: u32,
}

impl Prober<'_> {
    fn state_at(&mut self, n: u32) -> BlockingState {
        let base = self
            .cache
            .iter()
            .flatten()
            .filter(|s| s.n() <= n && n - s.n() <= self.reach)
            .max_by_key(|s| s.n())
            .copied();
        let state = match base {
            Some(mut s) => {
                while s.n() < n {
                    s.step_up();
                }
                s
            }
            None => BlockingState::at(self.params.load, n),
        };
        self.cache[self.next_slot] = Some(state);
        self.next_slot = (self.next_slot + 1) % self.cache.len();
        state
    }

    fn probe(&mut self, n: u32) -> Result<Point, StaffingError> {
        let state = self.state_at(n);
        let metrics = evaluate(&self.params, &state)?;
        Ok(Point {
            n,
            feasible: meets_a(&metrics, self.targets),
            margin: margin(&metrics, self.targets),
            metrics,
        })
    }
}

/// Agents per unit of margin between two points, if usable.
fn slope(a: &Point, b: &Point) -> Option<f64> {
    let s = (a.margin - b.margin) / (f64::from(a.n) - f64::from(b.n));
    (s.is_finite() && s > 0.0).then_some(s)
}

/// Erlang A inverse staffing for a positive load: the fewest agents in `0..=ceiling` meeting
/// every target.
///
/// Every metric is monotone in the agents, so feasibility is too. The search seeds at the exact
/// Erlang C answer for the waiting targets (and the fluid bound `A (1 - max_abandon)`), brackets
/// the answer between an infeasible and a feasible count by extrapolating the margin (with at
/// least doubling steps), then closes the bracket by secant steps on the margin, each followed by
/// a probe of the neighbouring count, alternating with bisection when progress is poor. It ends
/// only when `answer` is feasible and `answer - 1` is infeasible (or `answer = 0`), both
/// evaluated exactly.
pub(crate) fn search(
    traffic: &Traffic,
    opts: &CheckedStaffingOptions,
    ceiling: u32,
) -> Result<Staffing, StaffingError> {
    let params = Params {
        load: traffic.load_erlangs(),
        aht_s: traffic.aht_s(),
        patience_s: opts.patience_s,
        answer_within_s: opts.answer_within_s,
        sl_definition: opts.sl_definition,
    };
    let load = params.load;
    let targets = &opts.targets;
    let mut prober = Prober {
        params,
        targets,
        cache: [None; 4],
        next_slot: 0,
        reach: (9.5 * load.sqrt() + 10.0) as u32,
    };
    let seed = seed(&params, targets, ceiling);
    let first = prober.probe(seed)?;
    let (mut lo, mut hi) = if first.feasible {
        // Extrapolate downwards until a count fails.
        let mut hi = first;
        let mut prev: Option<Point> = None;
        let mut step = 1u32;
        loop {
            if hi.n == 0 {
                return Ok(staffing(&hi));
            }
            let predicted = prev
                .and_then(|p| slope(&p, &hi))
                .map_or(0, |s| to_count((hi.margin / s).floor() + 1.0));
            let cand = hi.n.saturating_sub(predicted.max(step));
            let p = prober.probe(cand)?;
            if !p.feasible {
                break (p, hi);
            }
            prev = Some(hi);
            hi = p;
            step = step.saturating_mul(2);
        }
    } else {
        // Extrapolate upwards until a count succeeds.
        let mut lo = first;
        let mut prev: Option<Point> = None;
        let mut step = 1u32;
        loop {
            if lo.n >= ceiling {
                let m = lo.metrics;
                return Err(unmet(targets, load, |name| match name {
                    "service_level" => at_least(m.service_level, targets.service_level),
                    "max_asa_s" => at_most(m.asa_s, targets.max_asa_s),
                    "max_abandon" => at_most(m.p_abandon, targets.max_abandon),
                    "max_occupancy" => at_most(m.occupancy, targets.max_occupancy),
                    _ => at_most(m.p_wait, targets.max_p_wait),
                }));
            }
            let predicted = prev
                .and_then(|p| slope(&lo, &p))
                .map_or(0, |s| to_count((-lo.margin / s).ceil()));
            let cand = lo.n.saturating_add(predicted.max(step)).min(ceiling);
            let p = prober.probe(cand)?;
            if p.feasible {
                break (lo, p);
            }
            prev = Some(lo);
            lo = p;
            step = step.saturating_mul(2);
        }
    };
    let mut bisect = false;
    while hi.n - lo.n > 1 {
        let width = hi.n - lo.n;
        let cand = if bisect { lo.n + width / 2 } else { secant(&lo, &hi) };
        let p = prober.probe(cand)?;
        let was_feasible = p.feasible;
        if p.feasible {
            hi = p;
        } else {
            lo = p;
        }
        if !bisect && hi.n - lo.n > 1 {
            // A secant guess is usually right or off by one: check its neighbour.
            let nb = if was_feasible { cand - 1 } else { cand + 1 };
            let p = prober.probe(nb)?;
            if p.feasible {
                hi = p;
            } else {
                lo = p;
            }
        }
        bisect = !bisect && (hi.n - lo.n) * 2 > width;
    }
    Ok(staffing(&hi))
}

/// Secant guess for the first feasible count strictly between `lo` and `hi`.
fn secant(lo: &Point, hi: &Point) -> u32 {
    let width = hi.n - lo.n;
    let mid = lo.n + width / 2;
    if !(lo.margin.is_finite() && hi.margin.is_finite() && hi.margin > lo.margin) {
        return mid;
    }
    let frac = -lo.margin / (hi.margin - lo.margin);
    let step = to_count((frac * f64::from(width)).ceil());
    lo.n + step.clamp(1, width - 1)
}

/// A non-negative float count as `u32` (saturating; NaN gives 0).
fn to_count(x: f64) -> u32 {
    if x >= f64::from(u32::MAX) {
        u32::MAX
    } else if x > 0.0 {
        x as u32
    } else {
        0
    }
}

fn staffing(p: &Point) -> Staffing {
    let m = &p.metrics;
    Staffing {
        agents: p.n,
        agents_gross: p.n,
        service_level: m.service_level,
        asa_s: m.asa_s,
        occupancy: m.occupancy,
        p_abandon: m.p_abandon,
        p_wait: m.p_wait,
    }
}

/// A starting count; only the speed of the search depends on it.
fn seed(p: &Params, t: &Targets, ceiling: u32) -> u32 {
    let load = p.load;
    let mut n = 0.0f64;
    if let Some(cap) = t.max_abandon {
        // Fluid bound: n agents carry at most n Erlangs, so P(ab) >= 1 - n/A.
        n = n.max((load * (1.0 - cap)).floor());
    }
    if t.service_level.is_some() || t.max_asa_s.is_some() || t.max_p_wait.is_some() {
        // Erlang C answer for the waiting targets: abandonment shortens waits.
        let waiting = Targets {
            max_abandon: None,
            max_occupancy: None,
            ..*t
        };
        let (state, _) = walk_c(load, p.aht_s, p.answer_within_s, &waiting, ceiling);
        n = n.max(f64::from(state.n()));
    }
    to_count(n).min(ceiling)
}
