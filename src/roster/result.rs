//! [`Roster`]: who works which shift with which breaks on which day, the cover it gives, the
//! objective recomputed from it, and a summary per agent.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::agent::RequestKind;
use super::prepare::Prepared;
use super::Cover;
use crate::schedule::{Coverage, PlannedBreak, SolveStatus};

/// One agent's shift on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentShift {
    /// The agent's id.
    pub agent_id: String,
    /// Day the shift starts.
    pub date: NaiveDate,
    /// The shift's name.
    pub shift: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End (may be the next day).
    pub end: NaiveDateTime,
    /// Paid minutes: the length less unpaid breaks.
    pub paid_minutes: u32,
    /// The agent's breaks, in the order of the template's rules.
    pub breaks: Vec<PlannedBreak>,
}

/// Required against rostered agents for one shift on one day (the per-shift form).
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftCoverage {
    /// The day.
    pub date: NaiveDate,
    /// The shift.
    pub shift: String,
    /// Agents required.
    pub required: u32,
    /// Agents rostered.
    pub scheduled: u32,
}

/// One queue's cover per interval in the multi-queue form: the agents' time the roster gives
/// it (fractions of agents with several skills) against its requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueCoverage {
    /// The queue.
    pub queue: String,
    /// Agents required per interval (on the grid of [`Roster::coverage`]).
    pub required: Vec<f64>,
    /// Agents serving it per interval: the best split of the agents on duty (see
    /// [`super::Cover::PerQueue`]).
    pub served: Vec<f64>,
    /// `max(required − served, 0)`.
    pub short: Vec<f64>,
    /// `max(served − required, 0)`.
    pub over: Vec<f64>,
}

/// One agent's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentSummary {
    /// The agent's id.
    pub agent_id: String,
    /// The contract.
    pub contract: String,
    /// Paid minutes over the horizon.
    pub paid_minutes: u32,
    /// Working days.
    pub days: u32,
    /// Weekends with a Saturday or Sunday worked.
    pub weekends: u32,
    /// Night shifts.
    pub nights: u32,
    /// Requests granted.
    pub requests_granted: u32,
    /// Requests refused.
    pub requests_refused: u32,
    /// Shifts that started outside a preferred start window (counted once per preference
    /// missed).
    pub starts_off_preference: u32,
    /// The weight of the refused requests and missed start preferences.
    pub request_cost: f64,
}

/// The objective split into its parts, recomputed from the roster (never read from the solver).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RosterCosts {
    /// Under-cover: per shift, agents short × weight; per interval, agent-minutes × cost.
    pub under: f64,
    /// Over-cover, likewise.
    pub over: f64,
    /// Paid time (interval form): Σ paid minutes × the template's cost per minute.
    pub paid: f64,
    /// Refused requests and shifts started outside a preferred start window.
    pub requests: f64,
    /// Fairness: weight × Σ per contract of the spread of weekends and of nights.
    pub fairness: f64,
    /// The sum.
    pub total: f64,
}

/// The anonymous shift-design optimum on the same requirement and templates: a lower bound on
/// the roster's cover-plus-paid cost (named agents only add rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DesignComparison {
    /// The shift-design plan's objective.
    pub objective: f64,
    /// Its proven lower bound: also a lower bound of the roster's objective.
    pub bound: f64,
    /// `(roster under + over + paid) / design objective − 1`.
    pub price_of_named_agents: f64,
}

/// How the column generation of [`super::RosterMethod::PriceAndBranch`] went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnGenerationReport {
    /// Master LP solves (pricing rounds), the dive's included.
    pub rounds: usize,
    /// Agent schedules generated.
    pub columns: usize,
    /// The root master LP's value at its last round.
    pub lp: f64,
    /// Whether the root converged (no schedule with a negative reduced cost was left); then
    /// the bound is the Dantzig–Wolfe bound.
    pub converged: bool,
    /// Seconds in the root column generation.
    pub seconds: f64,
}

/// The result of [`super::roster`] and [`super::roster_requirement`].
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    /// One row per agent-shift, ordered by agent (input order), then date.
    pub shifts: Vec<AgentShift>,
    /// Interval form: cover per interval (with several queues, their totals: required and
    /// on duty summed, short and over summed per queue).
    pub coverage: Option<Coverage>,
    /// Multi-queue form ([`super::Cover::PerQueue`]): cover per queue and interval.
    pub queue_coverage: Vec<QueueCoverage>,
    /// Per-shift form: cover per day and shift.
    pub shift_coverage: Vec<ShiftCoverage>,
    /// One row per agent, in input order.
    pub summary: Vec<AgentSummary>,
    /// The objective, split.
    pub costs: RosterCosts,
    /// How the solver finished.
    pub status: SolveStatus,
    /// The objective (`costs.total`).
    pub objective: f64,
    /// A valid lower bound on the objective of any roster of the problem posed: HiGHS's bound;
    /// in the interval form the largest of the shift-design bound, the linear relaxation
    /// ([`Self::relaxation_bound`]) and, when every shift was offered, HiGHS's bound.
    pub bound: f64,
    /// HiGHS's bound on the model solved (over the shifts offered).
    pub model_bound: f64,
    /// Interval form: the optimum of the roster model's linear relaxation over every start and
    /// length of every template, a lower bound on any roster of these agents. `None` when
    /// HiGHS did not reach it in its time (see [`super::RosterOptions::threads`]), when it was
    /// left out (every shift offered and the model solved whole, where HiGHS's bound covers
    /// it, or over 400,000 agent-day-shift columns), and in the per-shift form. Part of
    /// [`Self::bound`].
    pub relaxation_bound: Option<f64>,
    /// `(objective − bound) / max(objective, 1e-9)`, at least 0.
    pub gap: f64,
    /// Wall time of the roster solve (the linear relaxation's included), in seconds.
    pub seconds: f64,
    /// Interval form through [`super::roster_requirement`]: the shift-design comparison.
    pub design: Option<DesignComparison>,
    /// With [`super::RosterMethod::PriceAndBranch`]: the column generation's figures.
    pub column_generation: Option<ColumnGenerationReport>,
}

/// Chosen shifts per agent and day, and break begins per agent-shift (rule order).
pub(crate) struct Chosen {
    pub shift: Vec<Vec<Option<usize>>>,
    pub breaks: Vec<Vec<Vec<usize>>>,
}

/// What [`build`] returns: the agent shifts, the cover (one queue, per queue, or per shift), the
/// agent summaries and the costs.
pub(crate) type Built = (
    Vec<AgentShift>,
    Option<Coverage>,
    Vec<QueueCoverage>,
    Vec<ShiftCoverage>,
    Vec<AgentSummary>,
    RosterCosts,
);

/// Builds the roster from the chosen shifts, recomputing cover and every cost.
pub(crate) fn build(p: &Prepared, fairness_weight: f64, chosen: &Chosen) -> Built {
    let problem = p.p;
    let mut shifts = Vec::new();
    let mut costs = RosterCosts::default();
    let mut per_shift: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let interval = problem.cover.interval();
    let (templates, interval_s) = match &interval {
        Some(ic) => (ic.templates, ic.grid().interval_s()),
        None => (&[][..], 60),
    };
    // Agents on duty per skill group and interval.
    let mut on_duty: Vec<Vec<i64>> = match &interval {
        Some(ic) => vec![vec![0; ic.grid().len()]; p.groups.len()],
        None => Vec::new(),
    };
    let mut summary = Vec::new();
    for (a, agent) in problem.agents.iter().enumerate() {
        let mut sum = AgentSummary {
            agent_id: agent.agent_id.clone(),
            contract: agent.contract.clone(),
            paid_minutes: 0,
            days: 0,
            weekends: 0,
            nights: 0,
            requests_granted: 0,
            requests_refused: 0,
            starts_off_preference: 0,
            request_cost: 0.0,
        };
        for d in 0..p.n_days {
            let Some(s) = chosen.shift[a][d] else { continue };
            let kind = &problem.shifts[s];
            let date = problem.start + Duration::days(d as i64);
            let start = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(kind.start_min() as i64);
            let mut breaks = Vec::new();
            if let Some(ti) = p.template[s] {
                let g = p.grid[d][s];
                let scheduled = &mut on_duty[p.group_of[a]];
                let n = scheduled.len() as i64;
                let mut add = |off: usize, len: usize, by: i64| {
                    for i in 0..len {
                        let t = g.first + (off + i) as i64;
                        if (0..n).contains(&t) {
                            scheduled[t as usize] += by;
                        }
                    }
                };
                add(0, g.len, 1);
                for (j, rule) in templates[ti].breaks.iter().enumerate() {
                    let o = chosen.breaks[a][d][j];
                    add(o, rule.intervals(interval_s), -1);
                    let b = start + Duration::seconds((o as u32 * interval_s) as i64);
                    breaks.push(PlannedBreak {
                        kind: rule.name.clone(),
                        start: b,
                        end: b + Duration::minutes(rule.length_min as i64),
                        paid: rule.paid,
                    });
                }
            }
            for weight in p.missed_starts(a, d, s) {
                sum.starts_off_preference += 1;
                sum.request_cost += weight;
            }
            *per_shift.entry((d, s)).or_default() += 1;
            costs.paid += p.paid_min[s] as f64 * p.cost_per_min[s];
            sum.paid_minutes += p.paid_min[s];
            sum.days += 1;
            sum.nights += u32::from(p.night[s]);
            shifts.push(AgentShift {
                agent_id: agent.agent_id.clone(),
                date,
                shift: kind.name.clone(),
                start,
                end: start + Duration::minutes(kind.length_min as i64),
                paid_minutes: p.paid_min[s],
                breaks,
            });
        }
        sum.weekends = p
            .weekends
            .iter()
            .filter(|days| days.iter().any(|&d| chosen.shift[a][d].is_some()))
            .count() as u32;
        for r in &p.requests[a] {
            let on = chosen.shift[a][r.day];
            let granted = match r.kind {
                RequestKind::ShiftOn => on == r.shift,
                RequestKind::ShiftOff => on != r.shift,
                RequestKind::DayOff => on.is_none(),
                RequestKind::DayOn => on.is_some(),
            };
            if granted {
                sum.requests_granted += 1;
            } else {
                sum.requests_refused += 1;
                sum.request_cost += r.weight;
            }
        }
        costs.requests += sum.request_cost;
        summary.push(sum);
    }
    if fairness_weight > 0.0 {
        for ci in 0..problem.contracts.len() {
            let members: Vec<&AgentSummary> = summary
                .iter()
                .enumerate()
                .filter(|(a, _)| p.contract_of[*a] == ci)
                .map(|(_, s)| s)
                .collect();
            if members.len() < 2 {
                continue;
            }
            for f in [|s: &AgentSummary| s.weekends, |s: &AgentSummary| s.nights] {
                let hi = members.iter().map(|s| f(s)).max().unwrap_or(0);
                let lo = members.iter().map(|s| f(s)).min().unwrap_or(0);
                costs.fairness += fairness_weight * (hi - lo) as f64;
            }
        }
    }
    let mut shift_coverage = Vec::new();
    let mut queue_coverage = Vec::new();
    let coverage = match &problem.cover {
        Cover::PerShift(_) => {
            for (&(d, s), &(req, uw, ow)) in &p.shift_cover {
                let got = per_shift.get(&(d, s)).copied().unwrap_or(0);
                costs.under += uw * req.saturating_sub(got) as f64;
                costs.over += ow * got.saturating_sub(req) as f64;
                shift_coverage.push(ShiftCoverage {
                    date: problem.start + Duration::days(d as i64),
                    shift: problem.shifts[s].name.clone(),
                    required: req,
                    scheduled: got,
                });
            }
            None
        }
        Cover::PerInterval { .. } | Cover::PerQueue { .. } => {
            let Some(ic) = &interval else {
                unreachable!("Prepared::new rejects a PerQueue cover without queues")
            };
            let grid = ic.grid();
            let n_t = grid.len();
            let minutes = grid.interval_s() as f64 / 60.0;
            let mut served: Vec<Vec<f64>> = vec![vec![0.0; n_t]; ic.queues.len()];
            // Agents with one skill serve it; those with several are split to leave the least
            // under-cover in what the first leave uncovered (giving the dedicated agents their
            // queue first loses nothing: a flexible agent can always take the other's place).
            let flexible: Vec<usize> = (0..p.groups.len()).filter(|&g| p.groups[g].len() > 1).collect();
            let flexible_groups: Vec<Vec<usize>> = flexible.iter().map(|&g| p.groups[g].clone()).collect();
            for t in 0..n_t {
                for (g, qs) in p.groups.iter().enumerate() {
                    if let [q] = qs.as_slice() {
                        served[*q][t] += on_duty[g][t].max(0) as f64;
                    }
                }
                if flexible.is_empty() {
                    continue;
                }
                let supply: Vec<f64> = flexible.iter().map(|&g| on_duty[g][t].max(0) as f64).collect();
                let rest: Vec<f64> = ic
                    .queues
                    .iter()
                    .enumerate()
                    .map(|(q, (_, r))| (r.agents()[t] - served[q][t]).max(0.0))
                    .collect();
                let alloc = super::split::best_split(&supply, &flexible_groups, &rest);
                for (i, qs) in flexible_groups.iter().enumerate() {
                    for (k, &q) in qs.iter().enumerate() {
                        served[q][t] += alloc[i][k];
                    }
                }
            }
            let mut total = Coverage {
                interval_s: grid.interval_s(),
                timestamps: grid.timestamps().to_vec(),
                required: vec![0.0; n_t],
                scheduled: (0..n_t)
                    .map(|t| on_duty.iter().map(|g| g[t].max(0)).sum::<i64>() as u32)
                    .collect(),
                short: vec![0.0; n_t],
                over: vec![0.0; n_t],
            };
            for (q, (name, req)) in ic.queues.iter().enumerate() {
                let required = req.agents().to_vec();
                let short: Vec<f64> = required.iter().zip(&served[q]).map(|(r, s)| (r - s).max(0.0)).collect();
                let over: Vec<f64> = required.iter().zip(&served[q]).map(|(r, s)| (s - r).max(0.0)).collect();
                costs.under += short.iter().sum::<f64>() * minutes * ic.under_cost;
                costs.over += over.iter().sum::<f64>() * minutes * ic.over_cost;
                for t in 0..n_t {
                    total.required[t] += required[t];
                    total.short[t] += short[t];
                    total.over[t] += over[t];
                }
                if ic.multi() {
                    queue_coverage.push(QueueCoverage {
                        queue: name.to_string(),
                        required,
                        served: std::mem::take(&mut served[q]),
                        short,
                        over,
                    });
                }
            }
            Some(total)
        }
    };
    costs.total = costs.under + costs.over + costs.paid + costs.requests + costs.fairness;
    (shifts, coverage, queue_coverage, shift_coverage, summary, costs)
}
