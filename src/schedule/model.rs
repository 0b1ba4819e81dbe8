//! The shift-design MILP, built from small functions that return expressions (good_lp).
//!
//! # Formulation
//!
//! Variables: an integer count `x_k` per candidate shift `k` (template, day, start, length),
//! integer agents on duty `a_i`, under- and over-cover `u_i`, `o_i` per interval `i`, and, when
//! [`ScheduleOptions::pattern_cost`] is positive, a binary `y_p` per shift pattern `p` (a start
//! time of day and a length, used on any day).
//!
//! - **Running-sum staffing** (the network-flow view of Kletzander & Musliu, CPAIOR 2019, LNCS
//!   11494): instead of one dense row per interval summing every shift that covers it (a shift of
//!   `L` slots appears in `L` rows), agents on duty follow `a_i = a_{i−1} + S_i − E_i`, where
//!   `S_i` counts the shifts that start at `i` and `E_i` those whose last slot is `i − 1`. Each
//!   count appears in two rows. The difference of consecutive rows of an interval matrix is a
//!   network matrix (each shift is an arc from its start node to its end node), so the LP
//!   relaxation is the same as the set-covering model of Dantzig (1954) but the matrix is about
//!   `L/2` times sparser: this is what lets 15-minute slots solve. A cyclic horizon anchors the
//!   circulation with one row `a_0 = Σ_{k covers 0} x_k`.
//! - **Breaks** (implicit placement, Aykin 1996): an integer `b_{g,j,o}` per start group `g`
//!   (the candidates of one template starting in the same slot, which differ only in length),
//!   break rule `j` and allowed begin `o`, with `Σ_o b_{g,j,o} = Σ_{k ∈ g} x_k`. A break starting at slot
//!   `s` of length `L` enters the running sum as `−b` at `s` and `+b` at `s + L`.
//! - **Cover:** `a_i − o_i + u_i = r_i`.
//! - **Tight upper bound per shift:** `x_k ≤ U_k = ⌈max_{i ∈ k} r_i⌉`. Some optimal plan meets it:
//!   if `x_k > U_k`, every slot of `k` is over-covered, and removing one agent from `k` lowers
//!   over-cover and paid cost without adding under-cover. Candidates with `U_k = 0` are dropped.
//! - **Pattern linking:** `x_k ≤ U_k y_p` for each candidate of pattern `p`.
//! - **Jump inequalities** (valid, strengthen the pattern relaxation; built by
//!   [`cut_set_cuts`] as its one-slot sets): between slots `i − 1` and
//!   `i` the demand rises by `J = r_i − r_{i−1} > 0`. Since `a_i − a_{i−1} ≤ S_i`,
//!   `a_i ≥ r_i − u_i` and `a_{i−1} ≤ r_{i−1} + o_{i−1}`:
//!   `Σ_{p starts at i} min(J, U_{p,i}) y_p + u_i + o_{i−1} ≥ J`, and symmetrically for a fall
//!   with the patterns ending at `i`. A demand step at a time where no used pattern starts or
//!   ends must be paid as deviation.
//! - **Cut-set inequalities** (valid, see [`cut_set_cuts`]): the running-sum rows summed over a
//!   change slot and one or two change slots of the opposite sign that its shifts reach, so the
//!   LP cannot absorb a rise into a nearby fall with fractional patterns. They prove the Minimum
//!   Shift Design instance RandomExample27 optimal, where the jump inequalities alone stall.
//!
//! The objective is `Σ_k c_k paid_k x_k + Σ_i Δ (c_u u_i + c_o o_i) + c_p Σ_p y_p`, with `Δ` the
//! interval in minutes and `paid_k` the length less unpaid breaks. When every `r_i` is an integer, `u_i` and `o_i` are integer too (at an
//! optimum they are anyway), which lets the solver round its bound.

use std::collections::BTreeMap;

use chrono::Timelike;
use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::candidates::Candidate;
use super::{CoverRequirement, ScheduleOptions};

/// The variables of the model, in creation order (which is HiGHS's column order).
pub(crate) struct ModelVars {
    pub shifts: Vec<Variable>,
    pub on_duty: Vec<Variable>,
    pub under: Vec<Variable>,
    pub over: Vec<Variable>,
    /// One binary per pattern, empty when patterns carry no cost.
    pub patterns: Vec<Variable>,
    /// Pattern index of each candidate (empty when patterns carry no cost).
    pub pattern_of: Vec<usize>,
    /// Break-start counts: one integer per start group, break rule and allowed begin.
    pub breaks: Vec<BreakVar>,
    /// Start groups: the candidates of one template that start in the same slot (they differ
    /// only in length, and share their break windows), in candidate order.
    pub groups: Vec<Vec<usize>>,
}

/// Agents of start group `group` taking break rule `rule` at `offset` intervals after their start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BreakVar {
    pub group: usize,
    /// A candidate of the group (they all start in the same slot).
    pub shift: usize,
    pub rule: usize,
    pub offset: usize,
    /// Length in intervals.
    pub intervals: usize,
    pub var: Variable,
}

/// A shift pattern: start time of day (seconds from midnight) and length in minutes.
pub(crate) type PatternKey = (u32, u32);

/// The pattern of a candidate.
pub(crate) fn pattern_key(c: &Candidate) -> PatternKey {
    (c.start.time().num_seconds_from_midnight(), c.length_min)
}

/// A valid upper bound on a candidate's count: `R = ⌈max r_i⌉` over the slots it covers, times
/// `1 + Σ_j L_j` where `L_j` are its break lengths in slots.
///
/// Without breaks, an agent beyond `R` works only over-covered slots and can be removed. With
/// breaks, if every agent is needed, each has a slot where at most `R` of the shift's agents work,
/// so at least `x − R` are on break there; at least `x / R` such slots are needed, and the agents
/// have `x Σ_j L_j` break-slots in all, so `(x / R)(x − R) ≤ x Σ_j L_j`.
pub(crate) fn upper_bound(c: &Candidate, req: &CoverRequirement, opts: &ScheduleOptions) -> u32 {
    let r = c
        .covered(req.len(), opts.cyclic)
        .map(|i| req.agents()[i].ceil())
        .fold(0.0, f64::max) as u32;
    let slots: usize = opts.templates[c.template]
        .breaks
        .iter()
        .map(|b| b.intervals(req.interval_s()))
        .sum();
    let u = r.saturating_mul(1 + slots as u32);
    opts.templates[c.template].max_per_day.map_or(u, |m| u.min(m))
}

/// Creates the variables: counts, agents on duty, under-cover, over-cover, then patterns. With
/// `relax` every variable is continuous (the LP relaxation); with
/// [`ScheduleOptions::hard_coverage`] under-cover is fixed at 0.
pub(crate) fn add_variables(
    vars: &mut ProblemVariables,
    cands: &[Candidate],
    bounds: &[u32],
    req: &CoverRequirement,
    opts: &ScheduleOptions,
    relax: bool,
) -> ModelVars {
    let n = req.len();
    let int = |v: good_lp::VariableDefinition| if relax { v } else { v.integer() };
    let integral = req.agents().iter().all(|r| r.fract() == 0.0);
    let shifts = cands
        .iter()
        .zip(bounds)
        .map(|(_, &u)| vars.add(int(variable()).min(0).max(u as f64)))
        .collect();
    let on_duty = vars.add_vector(variable().min(0), n);
    let dev = || {
        if integral {
            int(variable()).min(0)
        } else {
            variable().min(0)
        }
    };
    let under = (0..n)
        .map(|_| vars.add(if opts.hard_coverage { dev().max(0) } else { dev() }))
        .collect();
    let over = (0..n).map(|_| vars.add(dev())).collect();
    let (mut patterns, mut pattern_of) = (Vec::new(), Vec::new());
    if opts.pattern_cost > 0.0 {
        let mut index: BTreeMap<PatternKey, usize> = BTreeMap::new();
        for c in cands {
            let next = index.len();
            pattern_of.push(*index.entry(pattern_key(c)).or_insert(next));
        }
        let binary = if relax {
            variable().min(0).max(1)
        } else {
            variable().binary()
        };
        patterns = vars.add_vector(binary, index.len());
    }
    // Breaks are placed per start group rather than per candidate: every break window fits in
    // the template's shortest shift, so agents of any length starting together share the same
    // begin choices, and any begins can be handed out to them one by one.
    let mut group_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        if opts.templates[c.template].breaks.is_empty() {
            continue;
        }
        let g = *group_of.entry((c.template, c.first_interval)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(k);
    }
    let mut breaks = Vec::new();
    for (g, members) in groups.iter().enumerate() {
        let k = members[0];
        let bound: f64 = members.iter().map(|&m| bounds[m] as f64).sum();
        for (j, rule) in opts.templates[cands[k].template].breaks.iter().enumerate() {
            for offset in rule.offsets(req.interval_s()) {
                breaks.push(BreakVar {
                    group: g,
                    shift: k,
                    rule: j,
                    offset,
                    intervals: rule.intervals(req.interval_s()),
                    var: vars.add(int(variable()).min(0).max(bound)),
                });
            }
        }
    }
    ModelVars {
        breaks,
        groups,
        shifts,
        on_duty,
        under,
        over,
        patterns,
        pattern_of,
    }
}

/// Start slot and end slot (first slot after the shift) of each candidate whose coverage changes
/// inside the horizon; `None` for a shift covering the whole cyclic horizon, or for an end past a
/// non-cyclic horizon.
fn start_end(c: &Candidate, n: usize, cyclic: bool) -> (Option<usize>, Option<usize>) {
    if cyclic {
        if c.intervals >= n {
            (None, None)
        } else {
            (Some(c.first_interval), Some((c.first_interval + c.intervals) % n))
        }
    } else {
        let end = c.first_interval + c.intervals;
        (Some(c.first_interval), (end < n).then_some(end))
    }
}

/// First slot, first slot after, and whether it covers slot 0 (cyclic), of a break; `None` when
/// the slot falls past a non-cyclic horizon.
fn break_slots(c: &Candidate, b: &BreakVar, n: usize, cyclic: bool) -> (Option<usize>, Option<usize>, bool) {
    let s = c.first_interval + b.offset;
    let e = s + b.intervals;
    if cyclic {
        let covers0 = (s..e).any(|i| i % n == 0);
        (Some(s % n), Some(e % n), covers0)
    } else {
        ((s < n).then_some(s), (e < n).then_some(e), false)
    }
}

/// Each agent takes each of its template's breaks once: `Σ_o b_{g,j,o} = Σ_{k ∈ g} x_k` for
/// each start group `g` and rule `j`.
pub(crate) fn break_assignment(v: &ModelVars) -> Vec<Constraint> {
    let mut sums: BTreeMap<(usize, usize), Expression> = BTreeMap::new();
    for b in &v.breaks {
        *sums.entry((b.group, b.rule)).or_default() += b.var;
    }
    sums.into_iter()
        .map(|((g, _), e)| {
            let mut agents = Expression::from(0.0);
            for &k in &v.groups[g] {
                agents += v.shifts[k];
            }
            constraint!(e == agents)
        })
        .collect()
}

/// Running-sum staffing: `a_i = a_{i−1} + S_i − E_i`, anchored at slot 0.
pub(crate) fn running_sum(cands: &[Candidate], v: &ModelVars, n: usize, cyclic: bool) -> Vec<Constraint> {
    let mut delta = vec![Expression::from(0.0); n];
    let mut anchor = Expression::from(0.0);
    for (c, &x) in cands.iter().zip(&v.shifts) {
        let (s, e) = start_end(c, n, cyclic);
        if let Some(s) = s {
            delta[s] += x;
        }
        if let Some(e) = e {
            delta[e] -= x;
        }
        if cyclic && c.covered(n, true).any(|i| i == 0) {
            anchor += x;
        }
    }
    for b in &v.breaks {
        let (s, e, at0) = break_slots(&cands[b.shift], b, n, cyclic);
        if let Some(s) = s {
            delta[s] -= b.var;
        }
        if let Some(e) = e {
            delta[e] += b.var;
        }
        if at0 {
            anchor -= b.var;
        }
    }
    let mut out = Vec::with_capacity(n + 1);
    for (i, d) in delta.into_iter().enumerate() {
        if i == 0 {
            if cyclic {
                out.push(constraint!(v.on_duty[0] == anchor.clone()));
            } else {
                out.push(constraint!(v.on_duty[0] == d));
            }
        } else {
            out.push(constraint!(v.on_duty[i] - v.on_duty[i - 1] == d));
        }
    }
    out
}

/// [`super::ShiftTemplate::max_per_day`]: `Σ_{k of template t starting on day d} x_k ≤ m_t`.
pub(crate) fn day_limits(cands: &[Candidate], v: &ModelVars, opts: &ScheduleOptions) -> Vec<Constraint> {
    let mut sums: BTreeMap<(usize, chrono::NaiveDate), Expression> = BTreeMap::new();
    for (c, &x) in cands.iter().zip(&v.shifts) {
        if opts.templates[c.template].max_per_day.is_some() {
            *sums.entry((c.template, c.start.date())).or_default() += x;
        }
    }
    sums.into_iter()
        .map(|((t, _), e)| constraint!(e <= opts.templates[t].max_per_day.unwrap_or(u32::MAX) as f64))
        .collect()
}

/// `a_i − o_i + u_i = r_i` for each interval.
pub(crate) fn cover(v: &ModelVars, req: &CoverRequirement) -> Vec<Constraint> {
    (0..req.len())
        .map(|i| constraint!(v.on_duty[i] - v.over[i] + v.under[i] == req.agents()[i]))
        .collect()
}

/// Pattern linking `x_k ≤ U_k y_p`.
///
/// (A tighter link at the least-demand slot a shift always works did not pay; the runs are in
/// `benches/README.md`.)
pub(crate) fn pattern_links(v: &ModelVars, bounds: &[u32]) -> Vec<Constraint> {
    if v.patterns.is_empty() {
        return Vec::new();
    }
    v.shifts
        .iter()
        .zip(bounds)
        .zip(&v.pattern_of)
        .map(|((&x, &u), &p)| constraint!(x <= (u as f64) * v.patterns[p]))
        .collect()
}

/// The break variables that start and that end at each slot (a break's start lowers the agents on
/// duty, its end raises them again).
fn break_changes(
    cands: &[Candidate],
    v: &ModelVars,
    n: usize,
    cyclic: bool,
) -> (Vec<Vec<Variable>>, Vec<Vec<Variable>>) {
    let mut starts: Vec<Vec<Variable>> = vec![Vec::new(); n];
    let mut ends: Vec<Vec<Variable>> = vec![Vec::new(); n];
    for b in &v.breaks {
        let (s, e, _) = break_slots(&cands[b.shift], b, n, cyclic);
        if let Some(s) = s {
            starts[s].push(b.var);
        }
        if let Some(e) = e {
            ends[e].push(b.var);
        }
    }
    (starts, ends)
}

/// At most this many cut-set inequalities per slot of the horizon (see [`cut_set_cuts`]), so that
/// a requirement that changes at nearly every slot, with templates of many lengths, does not
/// grow the model by orders of magnitude. Cuts are optional (each is valid on its own), so the
/// ones past the budget are simply not added.
const CUT_SET_BUDGET_PER_SLOT: usize = 8;

/// Subsets of this many slots or fewer are paired with a change slot (see [`cut_set_cuts`]);
/// larger reach sets take the single slots only.
const CUT_SET_MAX_PAIRED: usize = 12;

/// The jump and cut-set inequalities: the jump inequalities of the module docs generalised from
/// one slot to a small set `W` of slots (valid, strengthen the pattern relaxation). Nothing
/// without pattern costs.
///
/// Summing the running-sum rows over `W` gives `out(W) − in(W) = Σ_{w∈W} (a_w − a_{w−1})`,
/// where `out` counts the agents of shifts that start in `W` and end outside it and `in` those
/// that end in `W` and start outside (shifts inside `W` cancel; breaks ending in `W` add, starting
/// remove). With `a_w = r_w + o_w − u_w` and `b = Σ_{w∈W} (r_w − r_{w−1}) > 0`:
/// `out + (break ends in W) ≥ b − Σ_{w∈W} (u_w + o_{w−1})`, and since `out ≤ Σ_p U^W_p y_p`
/// (`U^W_p` the summed bounds of pattern `p`'s candidates leaving `W`) with binary `y`:
/// `Σ_p min(b, U^W_p) y_p + (break ends in W) + Σ_{w∈W} (u_w + o_{w−1}) ≥ b`
/// (if a used pattern has `U^W_p ≥ b` the left side is at least `b`; otherwise it is at least
/// `out` plus the deviation). Symmetrically for `b < 0` with the shifts entering `W`, break starts
/// in `W` and `Σ (o_w + u_{w−1})`.
///
/// The sets: first every change slot alone, `W = {i}` (the jump inequalities of the module docs),
/// in slot order; then every rise slot `i` with one or two of the fall slots that shifts starting
/// at `i` end at, and every fall slot with one or two of the rise slots that shifts ending there
/// start at (only these larger sets count against the budget). This lets the LP see that a rise cannot all be absorbed by one nearby fall unless some
/// pattern also leaves the set. On the Minimum Shift Design benchmark it proves RandomExample27
/// optimal (300) in about 20 s on one thread, where the jump inequalities alone leave the bound
/// at 285 after 180 s.
pub(crate) fn cut_set_cuts(
    cands: &[Candidate],
    bounds: &[u32],
    v: &ModelVars,
    req: &CoverRequirement,
    cyclic: bool,
) -> Vec<Constraint> {
    if v.patterns.is_empty() {
        return Vec::new();
    }
    let n = req.len();
    let r = req.agents();
    let jump = |i: usize| r[i] - r[(i + n - 1) % n];
    let arcs: Vec<(Option<usize>, Option<usize>)> = cands.iter().map(|c| start_end(c, n, cyclic)).collect();
    let mut starting: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut ending: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(s, e)) in arcs.iter().enumerate() {
        if let Some(s) = s {
            starting[s].push(k);
        }
        if let Some(e) = e {
            ending[e].push(k);
        }
    }
    let (break_starts, break_ends) = break_changes(cands, v, n, cyclic);
    // A non-cyclic horizon has no slot before 0, so no set may hold it.
    let usable = |i: usize| cyclic || i > 0;
    let singles: Vec<Vec<usize>> = (0..n)
        .filter(|&i| usable(i) && jump(i) != 0.0)
        .map(|i| vec![i])
        .collect();
    let mut sets: std::collections::BTreeSet<Vec<usize>> = std::collections::BTreeSet::new();
    let budget = CUT_SET_BUDGET_PER_SLOT.saturating_mul(n);
    'slots: for i in (0..n).filter(|&i| usable(i)) {
        let j = jump(i);
        if j == 0.0 {
            continue;
        }
        // Rise: the falls that shifts starting here end at; fall: the rises of shifts ending here.
        let mut partners: Vec<usize> = if j > 0.0 {
            starting[i].iter().filter_map(|&k| arcs[k].1).collect()
        } else {
            ending[i].iter().filter_map(|&k| arcs[k].0).collect()
        };
        partners.retain(|&p| usable(p) && p != i && jump(p) * j < 0.0);
        partners.sort_unstable();
        partners.dedup();
        let mut add = |mut w: Vec<usize>| {
            w.sort_unstable();
            sets.insert(w);
            sets.len() < budget
        };
        for (a, &p) in partners.iter().enumerate() {
            if !add(vec![i, p]) {
                break 'slots;
            }
            if partners.len() <= CUT_SET_MAX_PAIRED {
                for &q in &partners[a + 1..] {
                    if !add(vec![i, p, q]) {
                        break 'slots;
                    }
                }
            }
        }
    }
    let mut out = Vec::with_capacity(singles.len() + sets.len());
    for w in singles.into_iter().chain(sets) {
        let b: f64 = w.iter().map(|&i| jump(i)).sum();
        if b == 0.0 {
            continue;
        }
        let inside = |slot: Option<usize>| slot.is_some_and(|s| w.contains(&s));
        let mut per_pattern: BTreeMap<usize, f64> = BTreeMap::new();
        let mut e = Expression::from(0.0);
        for &s in &w {
            let prev = (s + n - 1) % n;
            if b > 0.0 {
                for &k in &starting[s] {
                    if !inside(arcs[k].1) {
                        *per_pattern.entry(v.pattern_of[k]).or_default() += bounds[k] as f64;
                    }
                }
                for &x in &break_ends[s] {
                    e += x;
                }
                e += v.under[s] + v.over[prev];
            } else {
                for &k in &ending[s] {
                    if !inside(arcs[k].0) {
                        *per_pattern.entry(v.pattern_of[k]).or_default() += bounds[k] as f64;
                    }
                }
                for &x in &break_starts[s] {
                    e += x;
                }
                e += v.over[s] + v.under[prev];
            }
        }
        let need = b.abs();
        for (p, u) in per_pattern {
            e += u.min(need) * v.patterns[p];
        }
        out.push(constraint!(e >= need));
    }
    out
}

/// Paid cost, under- and over-cover penalties, and pattern costs.
pub(crate) fn objective(
    cands: &[Candidate],
    v: &ModelVars,
    req: &CoverRequirement,
    opts: &ScheduleOptions,
) -> Expression {
    let interval_min = req.interval_s() as f64 / 60.0;
    let mut obj = Expression::from(0.0);
    for (c, &x) in cands.iter().zip(&v.shifts) {
        obj += paid_cost(c, opts) * x;
    }
    for i in 0..req.len() {
        obj += opts.under_cost * interval_min * v.under[i] + opts.over_cost * interval_min * v.over[i];
    }
    for &y in &v.patterns {
        obj += opts.pattern_cost * y;
    }
    obj
}

/// Cost of one agent working candidate `c`: its length less unpaid breaks, at the template's rate.
pub(crate) fn paid_cost(c: &Candidate, opts: &ScheduleOptions) -> f64 {
    let t = &opts.templates[c.template];
    t.cost_per_min * (c.length_min - t.unpaid_break_min()) as f64
}
