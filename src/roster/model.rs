//! The roster MILP, built from small functions that return constraints (good_lp).
//!
//! # Formulation
//!
//! A binary `x[a,d,s]` per agent `a`, day `d` and shift `s` the agent may work that day (its
//! contract's shifts, outside its days off, inside its availability, the locked shift on a
//! locked day), with `w[a,d] = Σ_s x[a,d,s] ≤ 1` its working day. Agent rules, each a family of
//! rows tagged with the agent and the contract field:
//!
//! - paid minutes over the horizon and per week, working days per week, shifts per name:
//!   sums of `x` between the bounds (weekly limits scaled to a short last week);
//! - at most `M` consecutive working days: `Σ_{i=d}^{d+M} w[a,i] ≤ M` for each window inside
//!   the horizon;
//! - at least `m` consecutive working days: each too-short run is cut off by one row
//!   (`−w[d−1] + Σ_{i=d}^{d+j−1} w[i] − w[d+j] ≤ j−1` for `j < m`), and at least `m` days off:
//!   `w[d−1] + w[d+j] − Σ_{i=d}^{d+j−1} w[i] ≤ 1`. Runs touching the first or last day are
//!   exempt, the convention that reproduces the Curtois & Qu optima. These rows forbid exactly
//!   the short runs and are the standard strong form for run-length rules in nurse rostering
//!   (they are facets of the run polytope for `j = 1`);
//! - weekends: `v[a,k] ≥ w` for each day of weekend `k` and `v ≤ Σ w`, so `v` is exact;
//!   `Σ_k v[a,k] ≤ max`;
//! - rest and forbidden successions, aggregated per shift: `x[a,d,s] + Σ_{s' ∈ F(s)} x[a,d+k,s'] ≤ 1`
//!   (valid since at most one shift a day; one row instead of `|F(s)|`);
//! - locked days: `x = 1`.
//!
//! Cover, per shift and day: `Σ_a x[a,d,s] + u − o = r` with the benchmark's weights. Per
//! interval: an integer `n[d,s] = Σ_a x[a,d,s]` carries the agents of each shift and day, integer
//! break counts `b[d,s,j,o]` with `Σ_o b = n` place the breaks (Aykin 1996, as in
//! [`crate::schedule`]), and `Σ_{(d,s) ∋ t} n − Σ_{breaks ∋ t} b + u_t − o_t = r_t`. So each
//! `x` enters one cover row, not one per interval of its shift. With several queues the counts
//! are per skill group (agents with the same set of skills): a group of one skill adds its
//! agents on duty to its queue's row, a group of several splits them with continuous shares
//! `z[g,q,t] ≥ 0`, `Σ_q z[g,q,t]` = the group's agents on duty, and each queue has its own
//! row with its own short and over columns.
//!
//! Fairness, per contract with two or more agents: `U ≥ count[a] ≥ L` for weekends worked and
//! for night shifts, paying `weight × (U − L)`.
//!
//! The objective is cover + paid time (`Σ x · paid · cost per minute`, interval form) + refused
//! requests + shifts started outside a preferred window (`Σ x · weight`) + fairness.
//!
//! With `elastic`, every tagged agent row gets a slack column and the objective is their sum:
//! after HiGHS proves the model infeasible, the rows with slack name the agents and rules.

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable, VariableDefinition};

use super::agent::RequestKind;
use super::prepare::Prepared;
use super::{Cover, RosterOptions};

/// A column and its index in HiGHS's column order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub var: Variable,
    pub index: usize,
}

/// Adds variables and remembers their column order, so the solution is read by name.
pub(crate) struct Columns {
    pub vars: ProblemVariables,
    n: usize,
}

impl Columns {
    fn add(&mut self, def: VariableDefinition) -> Col {
        let var = self.vars.add(def);
        self.n += 1;
        Col { var, index: self.n - 1 }
    }
}

/// The agent rule a row enforces.
#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub agent: usize,
    pub rule: &'static str,
    pub detail: String,
}

/// The count of a skill group's agents on a shift and day who take a break rule's break at an
/// offset (in intervals from the shift's start).
pub(crate) struct BreakCol {
    pub group: usize,
    pub day: usize,
    pub shift: usize,
    pub rule: usize,
    pub offset: usize,
    pub col: Col,
}

/// The model's variables the roster is read from, by name.
pub(crate) struct Vars {
    /// `x[a][d]`: (shift, column).
    pub x: Vec<Vec<Vec<(usize, Col)>>>,
    /// Interval form: the break-count columns.
    pub breaks: Vec<BreakCol>,
    /// Slack columns of the elastic model, with their tag.
    pub slack: Vec<(Col, Tag)>,
}

/// The model: variables, rows and objective.
pub(crate) struct Model {
    pub cols: Columns,
    pub vars: Vars,
    pub rows: Vec<Constraint>,
    pub objective: Expression,
}

fn w(x: &[(usize, Col)]) -> Expression {
    x.iter().map(|(_, c)| c.var).sum()
}

/// What [`build`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The roster MILP.
    Roster,
    /// Agent rules may bend at a cost of 1 each, nothing else costs (the diagnosis).
    Elastic,
    /// The column-generation master's base: `x` free and continuous, no agent rule rows (the
    /// columns carry the rules); cover, costs, requests and fairness as in the roster MILP.
    Master,
    /// The roster MILP's linear relaxation: every column continuous within its bounds (a
    /// lower bound on any roster when solved to optimality).
    Relaxation,
}

/// Where rows go: with `elastic`, each tagged row gets a slack column.
struct Sink<'m> {
    cols: &'m mut Columns,
    rows: &'m mut Vec<Constraint>,
    slack: &'m mut Vec<(Col, Tag)>,
    elastic: bool,
}

impl Sink<'_> {
    /// A tagged row: `lhs <= rhs` (or `>=` when `ge`), with a slack column when elastic.
    fn tagged(&mut self, lhs: Expression, ge: bool, rhs: f64, tag: Tag) {
        let mut lhs = lhs;
        if self.elastic {
            let s = self.cols.add(variable().min(0));
            if ge {
                lhs += s.var;
            } else {
                lhs -= s.var;
            }
            self.slack.push((s, tag));
        }
        self.rows.push(if ge { lhs.geq(rhs) } else { lhs.leq(rhs) });
    }
}

/// Builds the model.
pub(crate) fn build(p: &Prepared, opts: &RosterOptions, mode: Mode) -> Model {
    let elastic = mode == Mode::Elastic;
    let mut cols = Columns {
        vars: ProblemVariables::new(),
        n: 0,
    };
    let n_agents = p.p.agents.len();
    let x: Vec<Vec<Vec<(usize, Col)>>> = (0..n_agents)
        .map(|a| {
            (0..p.n_days)
                .map(|d| {
                    p.allowed[a][d]
                        .iter()
                        .map(|&s| {
                            let def = match mode {
                                Mode::Master => variable(),
                                Mode::Relaxation => variable().min(0).max(1),
                                Mode::Roster | Mode::Elastic => variable().binary(),
                            };
                            (s, cols.add(def))
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut rows: Vec<Constraint> = Vec::new();
    let mut objective = Expression::default();
    let mut slack = Vec::new();
    if mode != Mode::Master {
        let mut sink = Sink {
            cols: &mut cols,
            rows: &mut rows,
            slack: &mut slack,
            elastic,
        };
        for (a, xa) in x.iter().enumerate() {
            agent_rules(p, a, xa, &mut sink);
        }
    }
    // Weekends.
    let weekend: Vec<Vec<Option<Col>>> = {
        let mut sink = Sink {
            cols: &mut cols,
            rows: &mut rows,
            slack: &mut slack,
            elastic,
        };
        let fairness = opts.fairness_weight > 0.0;
        x.iter()
            .enumerate()
            .map(|(a, xa)| weekend_rules(p, a, xa, fairness, mode != Mode::Master, &mut sink))
            .collect()
    };
    let cover_weight = if elastic { 0.0 } else { 1.0 };
    // Cover.
    let mut breaks = Vec::new();
    match &p.p.cover {
        Cover::PerShift(_) => {
            for (&(d, s), &(req, uw, ow)) in &p.shift_cover {
                let u = cols.add(variable().min(0));
                let o = cols.add(variable().min(0));
                let mut e: Expression = (0..n_agents)
                    .flat_map(|a| x[a][d].iter().filter(|(k, _)| *k == s).map(|(_, c)| c.var))
                    .sum();
                e += u.var;
                e -= o.var;
                rows.push(e.eq(req as f64));
                objective.add_mul(cover_weight * uw, u.var);
                objective.add_mul(cover_weight * ow, o.var);
            }
        }
        Cover::PerInterval { .. } | Cover::PerQueue { .. } => {
            let Some(ic) = p.p.cover.interval() else {
                unreachable!("Prepared::new rejects a PerQueue cover without queues")
            };
            let requirement = ic.grid();
            let t_len = requirement.len();
            let interval_s = requirement.interval_s();
            let n_groups = p.groups.len();
            // Agents on duty per skill group and interval.
            let mut on_duty: Vec<Vec<Expression>> = (0..n_groups)
                .map(|_| (0..t_len).map(|_| Expression::default()).collect())
                .collect();
            for d in 0..p.n_days {
                for s in 0..p.p.shifts.len() {
                    for (g, duty) in on_duty.iter_mut().enumerate() {
                        let on_grid = p.grid[d][s];
                        let covers = |off: usize, len: usize| {
                            (0..len)
                                .map(move |i| on_grid.first + (off + i) as i64)
                                .filter(|&t| (0..t_len as i64).contains(&t))
                                .map(|t| t as usize)
                        };
                        // Frozen cells on this shift add a constant cover, breaks included.
                        for a in (0..n_agents).filter(|&a| p.group_of[a] == g) {
                            let Some(begins) = &p.frozen[a][d] else { continue };
                            if !x[a][d].iter().any(|(k, _)| *k == s) {
                                continue;
                            }
                            for t in covers(0, on_grid.len) {
                                duty[t] += 1.0;
                            }
                            if let Some(ti) = p.template[s] {
                                for (rule, &o) in ic.templates[ti].breaks.iter().zip(begins) {
                                    for t in covers(o, rule.intervals(interval_s)) {
                                        duty[t] -= 1.0;
                                    }
                                }
                            }
                        }
                        let members: Vec<Variable> = (0..n_agents)
                            .filter(|&a| p.group_of[a] == g && p.frozen[a][d].is_none())
                            .flat_map(|a| x[a][d].iter().filter(|(k, _)| *k == s).map(|(_, c)| c.var))
                            .collect();
                        if members.is_empty() {
                            continue;
                        }
                        let nv = cols.add(integer(mode).min(0).max(members.len() as f64));
                        let sum: Expression = members.into_iter().sum();
                        rows.push((sum - nv.var).eq(0.0));
                        for t in covers(0, on_grid.len) {
                            duty[t] += nv.var;
                        }
                        if let Some(ti) = p.template[s] {
                            for (j, rule) in ic.templates[ti].breaks.iter().enumerate() {
                                let blen = rule.intervals(interval_s);
                                let mut all = Expression::default();
                                for o in rule.offsets(interval_s) {
                                    let b = cols.add(integer(mode).min(0));
                                    all += b.var;
                                    for t in covers(o, blen) {
                                        duty[t] -= b.var;
                                    }
                                    breaks.push(BreakCol {
                                        group: g,
                                        day: d,
                                        shift: s,
                                        rule: j,
                                        offset: o,
                                        col: b,
                                    });
                                }
                                rows.push((all - nv.var).eq(0.0));
                            }
                        }
                    }
                }
            }
            // Each queue's agents: a group of one skill gives its agents on duty; a group of
            // several splits them among its queues (continuous shares that add up to them).
            let n_queues = ic.queues.len();
            let mut served: Vec<Vec<Expression>> = (0..n_queues)
                .map(|_| (0..t_len).map(|_| Expression::default()).collect())
                .collect();
            for (g, duty) in on_duty.into_iter().enumerate() {
                let qs = &p.groups[g];
                if let [q] = qs.as_slice() {
                    for (t, e) in duty.into_iter().enumerate() {
                        served[*q][t] += e;
                    }
                    continue;
                }
                for (t, e) in duty.into_iter().enumerate() {
                    let mut shares = Expression::default();
                    for &q in qs {
                        let z = cols.add(variable().min(0));
                        shares += z.var;
                        served[q][t] += z.var;
                    }
                    rows.push((shares - e).eq(0.0));
                }
            }
            let minutes = interval_s as f64 / 60.0;
            for (q, per_t) in served.into_iter().enumerate() {
                let need = ic.queues[q].1.agents();
                for (t, e) in per_t.into_iter().enumerate() {
                    let u = cols.add(variable().min(0));
                    let o = cols.add(variable().min(0));
                    rows.push((e + u.var - o.var).eq(need[t]));
                    objective.add_mul(cover_weight * minutes * ic.under_cost, u.var);
                    objective.add_mul(cover_weight * minutes * ic.over_cost, o.var);
                }
            }
            if !elastic {
                for xa in &x {
                    for day in xa {
                        for (s, c) in day {
                            objective.add_mul(p.paid_min[*s] as f64 * p.cost_per_min[*s], c.var);
                        }
                    }
                }
            }
        }
    }
    if !elastic {
        // Requests.
        for a in (0..n_agents).filter(|&a| !p.skip[a]) {
            for r in &p.requests[a] {
                let day = &x[a][r.day];
                let shift_var = || day.iter().find(|(s, _)| Some(*s) == r.shift).map(|(_, c)| c.var);
                match r.kind {
                    RequestKind::ShiftOn => {
                        objective += r.weight;
                        if let Some(v) = shift_var() {
                            objective.add_mul(-r.weight, v);
                        }
                    }
                    RequestKind::ShiftOff => {
                        if let Some(v) = shift_var() {
                            objective.add_mul(r.weight, v);
                        }
                    }
                    RequestKind::DayOff => objective.add_mul(r.weight, w(day)),
                    RequestKind::DayOn => {
                        objective += r.weight;
                        objective.add_mul(-r.weight, w(day));
                    }
                }
            }
            // Preferred starts.
            for (d, day) in x[a].iter().enumerate() {
                for (s, c) in day {
                    let cost: f64 = p.missed_starts(a, d, *s).sum();
                    if cost > 0.0 {
                        objective.add_mul(cost, c.var);
                    }
                }
            }
        }
        // Fairness.
        if opts.fairness_weight > 0.0 {
            for ci in 0..p.p.contracts.len() {
                let members: Vec<usize> = (0..n_agents)
                    .filter(|&a| p.contract_of[a] == ci && !p.skip[a])
                    .collect();
                if members.len() < 2 {
                    continue;
                }
                for count in [0, 1] {
                    let hi = cols.add(variable().min(0));
                    let lo = cols.add(variable().min(0));
                    for &a in &members {
                        let e: Expression = if count == 0 {
                            weekend[a].iter().flatten().map(|c| c.var).sum()
                        } else {
                            x[a].iter()
                                .flatten()
                                .filter(|(s, _)| p.night[*s])
                                .map(|(_, c)| c.var)
                                .sum()
                        };
                        rows.push((e.clone() - hi.var).leq(0.0));
                        rows.push((e - lo.var).geq(0.0));
                    }
                    objective.add_mul(opts.fairness_weight, hi.var);
                    objective.add_mul(-opts.fairness_weight, lo.var);
                }
            }
        }
    }
    let mut vars = Vars {
        x,
        breaks,
        slack: Vec::new(),
    };
    if elastic {
        for (s, _) in &slack {
            objective += s.var;
        }
        vars.slack = slack;
    }
    Model {
        cols,
        vars,
        rows,
        objective,
    }
}

/// An integer column, continuous in the relaxation.
fn integer(mode: Mode) -> VariableDefinition {
    if mode == Mode::Relaxation {
        variable()
    } else {
        variable().integer()
    }
}

/// Agent `a`'s rule rows over its columns `xa` (nothing for an agent left out; only the
/// forced days for a fixed one).
fn agent_rules(p: &Prepared, a: usize, xa: &[Vec<(usize, Col)>], sink: &mut Sink) {
    if p.skip[a] {
        return;
    }
    if p.fixed[a] {
        // Its shifts are forced; its rules hold for them.
        for day in xa {
            if let [(_, col)] = day.as_slice() {
                sink.rows.push(Expression::from(col.var).geq(1.0));
            }
        }
        return;
    }
    let c = &p.p.contracts[p.contract_of[a]];
    let ci = p.contract_of[a];
    let tag = |rule: &'static str, detail: String| Tag { agent: a, rule, detail };
    for day in xa {
        if day.len() > 1 {
            sink.rows.push(w(day).leq(1.0));
        }
    }
    let minutes = |days: std::ops::Range<usize>| -> Expression {
        let mut e = Expression::default();
        for d in days {
            for (s, col) in &xa[d] {
                e.add_mul(p.paid_min[*s] as f64, col.var);
            }
        }
        e
    };
    let days_worked = |days: std::ops::Range<usize>| -> Expression { days.map(|d| w(&xa[d])).sum() };
    if let Some(m) = c.min_minutes {
        sink.tagged(
            minutes(0..p.n_days),
            true,
            m as f64,
            tag("min_minutes", format!("at least {m} paid minutes")),
        );
    }
    if let Some(m) = c.max_minutes {
        sink.tagged(
            minutes(0..p.n_days),
            false,
            m as f64,
            tag("max_minutes", format!("at most {m} paid minutes")),
        );
    }
    for (k, &(d0, len)) in p.weeks.iter().enumerate() {
        let r = d0..d0 + len;
        let week = k + 1;
        if let Some(m) = c.min_minutes_per_week.map(|m| Prepared::scaled(m, len, false)) {
            sink.tagged(
                minutes(r.clone()),
                true,
                m as f64,
                tag(
                    "min_minutes_per_week",
                    format!("at least {m} paid minutes in week {week}"),
                ),
            );
        }
        if let Some(m) = c.max_minutes_per_week.map(|m| Prepared::scaled(m, len, true)) {
            sink.tagged(
                minutes(r.clone()),
                false,
                m as f64,
                tag(
                    "max_minutes_per_week",
                    format!("at most {m} paid minutes in week {week}"),
                ),
            );
        }
        if let Some(m) = c.min_days_per_week.map(|m| Prepared::scaled(m, len, false)) {
            sink.tagged(
                days_worked(r.clone()),
                true,
                m as f64,
                tag("min_days_per_week", format!("at least {m} working days in week {week}")),
            );
        }
        if let Some(m) = c.max_days_per_week.map(|m| Prepared::scaled(m, len, true)) {
            sink.tagged(
                days_worked(r.clone()),
                false,
                m as f64,
                tag("max_days_per_week", format!("at most {m} working days in week {week}")),
            );
        }
    }
    for (name, kinds, limit) in &p.max_shifts[ci] {
        let e: Expression = xa
            .iter()
            .flatten()
            .filter(|(s, _)| kinds.contains(s))
            .map(|(_, c)| c.var)
            .sum();
        sink.tagged(
            e,
            false,
            *limit as f64,
            tag("max_shifts", format!("at most {limit} `{name}` shifts")),
        );
    }
    if let Some(m) = c.max_consecutive_days {
        let m = m as usize;
        for d in 0..p.n_days.saturating_sub(m) {
            sink.tagged(
                days_worked(d..d + m + 1),
                false,
                m as f64,
                tag(
                    "max_consecutive_days",
                    format!("at most {m} consecutive working days from day {}", d + 1),
                ),
            );
        }
    }
    if let Some(m) = c.min_consecutive_days {
        for j in 1..m as usize {
            for d in 1..p.n_days.saturating_sub(j) {
                let e = days_worked(d..d + j) - w(&xa[d - 1]) - w(&xa[d + j]);
                sink.tagged(
                    e,
                    false,
                    j as f64 - 1.0,
                    tag(
                        "min_consecutive_days",
                        format!(
                            "at least {m} consecutive working days (a run of {j} from day {})",
                            d + 1
                        ),
                    ),
                );
            }
        }
    }
    if let Some(m) = c.min_consecutive_days_off {
        for j in 1..m as usize {
            for d in 1..p.n_days.saturating_sub(j) {
                let e = w(&xa[d - 1]) + w(&xa[d + j]) - days_worked(d..d + j);
                sink.tagged(
                    e,
                    false,
                    1.0,
                    tag(
                        "min_consecutive_days_off",
                        format!("at least {m} consecutive days off (a run of {j} from day {})", d + 1),
                    ),
                );
            }
        }
    }
    for (d, day) in xa.iter().enumerate() {
        for (s, col) in day {
            for (k, list) in &p.forbid[ci][*s] {
                let Some(next) = xa.get(d + k) else { continue };
                let after: Vec<Variable> = next
                    .iter()
                    .filter(|(s2, _)| list.contains(s2))
                    .map(|(_, c)| c.var)
                    .collect();
                if !after.is_empty() {
                    let e: Expression = after.into_iter().sum();
                    sink.tagged(
                        e + col.var,
                        false,
                        1.0,
                        tag(
                            "min_rest_min",
                            format!(
                                "rest and succession rules after `{}` on day {}",
                                p.p.shifts[*s].name,
                                d + 1
                            ),
                        ),
                    );
                }
            }
        }
    }
    for (d, l) in p.locked[a].iter().enumerate() {
        if let Some(Some(s)) = l {
            if let Some((_, col)) = xa[d].iter().find(|(k, _)| k == s) {
                sink.tagged(
                    Expression::from(col.var),
                    true,
                    1.0,
                    tag(
                        "locked",
                        format!("the locked `{}` on day {}", p.p.shifts[*s].name, d + 1),
                    ),
                );
            }
        }
    }
}

/// Agent `a`'s weekend-worked columns (`v ≥ w` on each day of the weekend, `v ≤ Σ w`), made
/// when `fairness` counts them or its contract limits them, and with `max_rule` the
/// `max_weekends` row.
fn weekend_rules(
    p: &Prepared,
    a: usize,
    xa: &[Vec<(usize, Col)>],
    fairness: bool,
    max_rule: bool,
    sink: &mut Sink,
) -> Vec<Option<Col>> {
    let max = p.p.contracts[p.contract_of[a]].max_weekends.filter(|_| max_rule);
    let needs = !p.skip[a] && (max.is_some() || fairness);
    let weekend: Vec<Option<Col>> = p
        .weekends
        .iter()
        .map(|days| {
            let any = days.iter().any(|&d| !xa[d].is_empty());
            (needs && any).then(|| sink.cols.add(variable().min(0).max(1)))
        })
        .collect();
    for (k, days) in p.weekends.iter().enumerate() {
        if let Some(v) = weekend[k] {
            let mut all = Expression::default();
            for &d in days {
                sink.rows.push((w(&xa[d]) - v.var).leq(0.0));
                all += w(&xa[d]);
            }
            sink.rows.push((Expression::from(v.var) - all).leq(0.0));
        }
    }
    if let Some(m) = max.filter(|_| !p.skip[a]) {
        let e: Expression = weekend.iter().flatten().map(|c| c.var).sum();
        sink.tagged(
            e,
            false,
            m as f64,
            Tag {
                agent: a,
                rule: "max_weekends",
                detail: format!("at most {m} weekends"),
            },
        );
    }
    weekend
}

/// An agent's own model: its variables, `x[d]` as (shift, column), and its rule rows.
pub(crate) type AgentModel = (ProblemVariables, Vec<Vec<(usize, Col)>>, Vec<Constraint>);

/// Agent `a`'s own model, the column-generation pricing problem: its `x` binaries (`x[d]`:
/// (shift, column)) and its rule rows, with no objective (the pricing sets the costs).
pub(crate) fn build_agent(p: &Prepared, a: usize) -> AgentModel {
    let mut cols = Columns {
        vars: ProblemVariables::new(),
        n: 0,
    };
    let xa: Vec<Vec<(usize, Col)>> = (0..p.n_days)
        .map(|d| {
            p.allowed[a][d]
                .iter()
                .map(|&s| (s, cols.add(variable().binary())))
                .collect()
        })
        .collect();
    let mut rows = Vec::new();
    let mut slack = Vec::new();
    let mut sink = Sink {
        cols: &mut cols,
        rows: &mut rows,
        slack: &mut slack,
        elastic: false,
    };
    agent_rules(p, a, &xa, &mut sink);
    weekend_rules(p, a, &xa, false, true, &mut sink);
    (cols.vars, xa, rows)
}
