//! Roster: which named agent works which shift, with which breaks, on which day, over one or
//! more weeks, within each agent's contract, availability and requests.
//!
//! The shift-design scheduler ([`crate::schedule`]) answers "how many agents start at 08:00";
//! this module answers "who". Two forms of cover are first-class:
//!
//! - **per interval** (the contact-centre case): the [`CoverRequirement`] that staffing produces,
//!   with the shift templates and break rules of the scheduler. [`roster_requirement`] first
//!   solves the anonymous shift design, whose optimum is a lower bound on the roster's
//!   cover-plus-paid cost, then offers the agents the shifts that design uses (or all of them,
//!   see [`CandidateShifts`]) and reports the *price of named agents* against it. The bound
//!   also takes the roster model's linear relaxation over every shift of the templates
//!   ([`Roster::relaxation_bound`]), which sees what the agents' contracts and availability
//!   cannot cover;
//! - **per shift and day** (the nurse-rostering form of the Curtois & Qu benchmark), through
//!   [`roster`] with [`Cover::PerShift`].
//!
//! # Why these formulations
//!
//! Two methods, chosen by [`RosterOptions::method`]:
//!
//! - **compact** (default): one MILP with a binary per agent, day and shift (see `model.rs`),
//!   solved by HiGHS. It gives an integer roster and a bound from one solve, every contract rule
//!   is a short family of strong rows (run-length rules as forbidden short runs, successions
//!   aggregated per shift), and it is what the large-neighbourhood search (`lns.rs`) re-solves
//!   on parts of a roster. In the interval form an integer per shift and day carries the agents
//!   into the cover rows, so each agent binary sits in one cover row, and breaks are placed
//!   implicitly per shift and day (Aykin 1996) and handed to the agents on that shift
//!   afterwards, exactly as in the shift-design model.
//! - **price and branch** (`column_generation.rs`): column generation over each agent's whole
//!   schedule, the method of the best published results on the Curtois & Qu benchmark. The
//!   pricing problem of an agent is solved by a labelling algorithm over the days
//!   (`labelling.rs`, checked against the agent's part of the compact MILP), about a
//!   millisecond per agent on the benchmark's 4-week instances, against 20–200 ms for HiGHS on
//!   the same MILP. The master LP gives a Lagrangian bound at every round, at convergence the
//!   Dantzig–Wolfe bound, which is at least the compact LP's and on the benchmark meets the
//!   best known on most instances. Rosters come from a dive (fix the columns the LP nearly
//!   chose, generate again) and the master MILP over the columns, and, with time left and the
//!   gap open, the compact MILP with the best roster's cost as a cutoff. No branching on the
//!   columns: the roster is a heuristic one, the bound is exact.
//!
//! **Skills.** [`roster_queues`] rosters several queues at once ([`Cover::PerQueue`]): an
//! agent serves the queues its `skills` name. Agents are grouped by their set of skills; per
//! group, shift and day an integer carries the agents into their group's agents on duty, and
//! in each interval a group of several skills splits its agents' time among its queues with
//! continuous shares that add up to them (a fluid split: an agent counts once in all, as
//! fractions across its queues; real routing gives each contact to one agent, which the
//! simulation of a schedule measures). Each queue pays its own under- and over-cover. The
//! split the roster reports is recomputed from the roster: dedicated agents serve their queue,
//! and the flexible ones take the split that leaves the least under-cover (a maximum flow per
//! interval), which is the cheapest split for any roster since under and over cost the same
//! in every queue. With one queue ([`Cover::PerInterval`]) skills are not looked at.
//!
//! # Errors
//!
//! Bad input gets a typed [`RosterError`] naming the agent, contract, shift, field or row.
//! Rules that cannot all hold are a [`RosterError::Infeasible`] naming agents and rules, found
//! by counting before solving and, when HiGHS proves the model infeasible, by an elastic model
//! in which every agent rule may bend at a cost.

mod agent;
mod column_generation;
mod contract;
mod error;
mod labelling;
mod lns;
mod model;
mod options;
mod prepare;
mod problem;
mod result;
mod split;

pub use agent::{Agent, Availability, Locked, PreferredStart, Request, RequestKind};
pub use contract::Contract;
pub use error::{Conflict, RosterError};
pub use options::{CandidateShifts, RosterMethod, RosterOptions};
pub use problem::{Cover, QueueRequirement, RosterProblem, ShiftCover, ShiftKind};
pub use result::{
    AgentShift, AgentSummary, ColumnGenerationReport, DesignComparison, QueueCoverage, Roster, RosterCosts,
    ShiftCoverage,
};

use good_lp::IntoAffineExpression;
use std::collections::BTreeSet;

use chrono::{Duration, NaiveTime, Timelike};

use crate::schedule::{CoverRequirement, ScheduleError, ScheduleOptions};
use prepare::Prepared;

/// Rosters the agents of `problem`.
///
/// # Errors
///
/// See the module docs: typed input errors, [`RosterError::Infeasible`] naming agents and rules,
/// [`RosterError::NoFeasibleRoster`] when the time limit passes before any roster is found, and
/// [`RosterError::Schedule`] for solver failures.
///
/// # Examples
///
/// Two agents, one early shift to cover on each day of a week, at most five days each:
///
/// ```
/// use chrono::{NaiveDate, NaiveTime};
/// use wfmkit::roster::{roster, Agent, Contract, Cover, RosterOptions, RosterProblem, ShiftCover, ShiftKind};
///
/// let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let early = ShiftKind::new("E", NaiveTime::from_hms_opt(7, 0, 0).unwrap(), 480);
/// let cover = (0..7)
///     .map(|d| ShiftCover { date: start + chrono::Duration::days(d), shift: "E".into(), required: 1, under_weight: 100.0, over_weight: 1.0 })
///     .collect();
/// let problem = RosterProblem {
///     start,
///     days: 7,
///     shifts: vec![early],
///     cover: Cover::PerShift(cover),
///     contracts: vec![Contract::new("c").days_per_week(None, Some(5))],
///     agents: vec![Agent::new("ann", "c"), Agent::new("bob", "c")],
/// };
/// let r = roster(&problem, &RosterOptions::default()).unwrap();
/// assert_eq!(r.objective, 0.0);
/// assert_eq!(r.shifts.len(), 7);
/// assert!(r.summary.iter().all(|s| s.days <= 5));
/// ```
pub fn roster(problem: &RosterProblem, options: &RosterOptions) -> Result<Roster, RosterError> {
    options.check()?;
    let p = Prepared::new(problem)?;
    let conflicts = p.conflicts();
    if !conflicts.is_empty() {
        return Err(RosterError::Infeasible { conflicts });
    }
    if options.method == RosterMethod::PriceAndBranch {
        let started = std::time::Instant::now();
        let lp_s = options.time_limit_s / 2.0;
        if let Some(pb) = column_generation::price_and_branch(&p, options, lp_s, options.time_limit_s - lp_s)? {
            let mut chosen = pb.chosen;
            let mut bound = pb.bound.max(0.0);
            let mut seconds = pb.seconds_lp + pb.seconds_mip;
            let left = options.time_limit_s - seconds;
            let cost = result::build(&p, options.fairness_weight, &chosen).5.total;
            if left >= 1.0 && gap(cost, bound) > options.mip_gap.max(1e-9) {
                // Time left and the gap open: the compact model looks for a cheaper roster.
                let t = std::time::Instant::now();
                let (better, b) = column_generation::polish(&p, options, cost, bound, left)?;
                // HiGHS may stop at a roster above the cutoff: only a cheaper one is taken.
                if let Some(better) = better {
                    if result::build(&p, options.fairness_weight, &better).5.total < cost - 1e-9 {
                        chosen = better;
                    }
                }
                bound = b;
                seconds += t.elapsed().as_secs_f64();
            }
            if options.lns_time_s > 0.0 {
                let (better, _, lns_seconds) = lns::improve(&p, options, chosen, bound)?;
                chosen = better;
                seconds += lns_seconds;
            }
            let mut r = finish(
                &p,
                options,
                chosen,
                crate::schedule::SolveStatus::TimeLimit,
                bound,
                seconds,
            )?;
            r.column_generation = Some(ColumnGenerationReport {
                rounds: pb.rounds,
                columns: pb.columns,
                lp: pb.lp,
                converged: pb.converged,
                seconds: pb.seconds_lp,
            });
            return Ok(r);
        }
        // An agent without a schedule that keeps its rules (the compact model names the
        // rules), or not every agent priced in time, or the master LP out of time: the compact
        // model in the time left.
        let spent = started.elapsed().as_secs_f64();
        let rest = options.clone().time_limit_s((options.time_limit_s - spent).max(1.0));
        return roster_compact(&p, &rest);
    }
    roster_compact(&p, options)
}

/// The compact model's roster (see the module docs), with the search when asked for.
fn roster_compact(p: &Prepared, options: &RosterOptions) -> Result<Roster, RosterError> {
    let (chosen, status, bound, seconds) =
        if options.lns_time_s > 0.0 && p.p.cover.interval().is_some() && p.x_count() > LARGE_MODEL {
            // Too large to solve whole within a contact centre's time limits: a roster built batch
            // by batch, then the search, which also gets the time limit's unused part. No bound
            // of its own (the interval form reports the shift design's and the relaxation's).
            let t = std::time::Instant::now();
            let Some(better) = lns::build_and_search(p, options, options.time_limit_s, |built| {
                options.lns_time_s + (options.time_limit_s - built).max(0.0)
            })?
            else {
                return Err(RosterError::NoFeasibleRoster {
                    time_limit_s: options.time_limit_s,
                });
            };
            (
                better,
                crate::schedule::SolveStatus::TimeLimit,
                0.0,
                t.elapsed().as_secs_f64(),
            )
        } else {
            let m = model::build(p, options, model::Mode::Roster);
            let vars = m.vars;
            // good_lp hands HiGHS the objective without its constant (the refused-request weights
            // of shift-on and day-on requests), so HiGHS's bound is short by it.
            let constant = m.objective.constant();
            let lp = m.cols.vars.minimise(m.objective);
            use crate::schedule::solve::Outcome;
            let solved = match crate::schedule::solve::solve_outcome(lp, m.rows, &options.solver()) {
                Ok(Outcome::Solved(s)) => s,
                Err(ScheduleError::Infeasible { .. }) => return Err(diagnose(p, options)),
                Ok(Outcome::NoSolution { bound }) if options.lns_time_s > 0.0 => {
                    // No roster from the whole model in time: half the search time builds one
                    // batch by batch, the rest searches from it, under HiGHS's bound at the
                    // time limit.
                    let t = std::time::Instant::now();
                    let half = options.lns_time_s / 2.0;
                    let Some(better) = lns::build_and_search(p, options, half, |built| options.lns_time_s - built)?
                    else {
                        return Err(RosterError::NoFeasibleRoster {
                            time_limit_s: options.time_limit_s + options.lns_time_s,
                        });
                    };
                    let seconds = options.time_limit_s + t.elapsed().as_secs_f64();
                    let bound = if bound.is_finite() {
                        (bound + constant).max(0.0)
                    } else {
                        0.0
                    };
                    return finish(
                        p,
                        options,
                        better,
                        crate::schedule::SolveStatus::TimeLimit,
                        bound,
                        seconds,
                    );
                }
                Ok(Outcome::NoSolution { .. }) => {
                    return Err(RosterError::NoFeasibleRoster {
                        time_limit_s: options.time_limit_s,
                    })
                }
                Err(e) => return Err(e.into()),
            };
            let mut chosen = read_chosen(p, &vars, &solved.columns)?;
            let bound = (solved.bound + constant).max(0.0);
            let mut seconds = solved.seconds;
            if options.lns_time_s > 0.0 && solved.status != crate::schedule::SolveStatus::Optimal {
                let (better, _, lns_seconds) = lns::improve(p, options, chosen, bound)?;
                chosen = better;
                seconds += lns_seconds;
            }
            (chosen, solved.status, bound, seconds)
        };
    finish(p, options, chosen, status, bound, seconds)
}

/// For the tests (not part of the API): one agent's column-generation pricing problem at one
/// set of random cell costs, solved three ways.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct PricingCheck {
    /// The agent's index.
    pub agent: usize,
    /// The labelling's optimum (infinite: no schedule; NaN: the labelling gave up).
    pub labels: f64,
    /// The agent MILP's optimum (its rule rows of the compact model; infinite: no schedule,
    /// NaN: stopped early).
    pub milp: f64,
    /// The labelling's schedule's cost recomputed from the cell costs.
    pub recomputed: f64,
    /// The labelling asked for its 5 cheapest schedules below `milp + 50`: (value, cost
    /// recomputed), in the order returned.
    pub below: Vec<(f64, f64)>,
    /// How many schedules the labelling returns below `milp − 1e-6` (none can cost less).
    pub at_optimum: usize,
}

/// For the tests (not part of the API): each agent's column-generation pricing problem at
/// `trials` random cell costs (see [`PricingCheck`]).
///
/// # Errors
///
/// As [`roster`] for the problem's checks; solver failures.
#[doc(hidden)]
pub fn pricing_agreement(
    problem: &RosterProblem,
    options: &RosterOptions,
    seed: u64,
    trials: usize,
) -> Result<Vec<PricingCheck>, RosterError> {
    options.check()?;
    let p = Prepared::new(problem)?;
    column_generation::pricing_agreement(&p, options, seed, trials)
}

/// The roster of `chosen`, its costs recomputed, with the solve's status, bound and time.
fn finish(
    p: &Prepared,
    options: &RosterOptions,
    chosen: result::Chosen,
    status: crate::schedule::SolveStatus,
    bound: f64,
    seconds: f64,
) -> Result<Roster, RosterError> {
    let (shifts, coverage, queue_coverage, shift_coverage, summary, costs) =
        result::build(p, options.fairness_weight, &chosen);
    let objective = costs.total;
    let status = proven(status, gap(objective, bound));
    Ok(Roster {
        shifts,
        coverage,
        queue_coverage,
        shift_coverage,
        summary,
        costs,
        status,
        objective,
        bound,
        model_bound: bound,
        relaxation_bound: None,
        gap: gap(objective, bound),
        seconds,
        design: None,
        column_generation: None,
    })
}

/// The roster in a solution's columns: each agent's shift per day, and the breaks of each
/// skill group's shift and day handed to its agents in order.
fn read_chosen(p: &Prepared, vars: &model::Vars, columns: &[f64]) -> Result<result::Chosen, RosterError> {
    let col = |c: &model::Col| columns[c.index];
    let n_agents = p.p.agents.len();
    let mut chosen = result::Chosen {
        shift: vec![vec![None; p.n_days]; n_agents],
        breaks: vec![vec![Vec::new(); p.n_days]; n_agents],
    };
    for a in 0..n_agents {
        for d in 0..p.n_days {
            chosen.shift[a][d] = vars.x[a][d].iter().find(|(_, c)| col(c) > 0.5).map(|(s, _)| *s);
        }
    }
    read_breaks(p, vars, columns, &mut chosen)?;
    Ok(chosen)
}

/// The breaks of `chosen`'s shifts: a frozen cell's own, and the break counts of each skill
/// group's shift and day in a solution's `columns` handed to its agents in order.
fn read_breaks(
    p: &Prepared,
    vars: &model::Vars,
    columns: &[f64],
    chosen: &mut result::Chosen,
) -> Result<(), RosterError> {
    let col = |c: &model::Col| columns[c.index];
    let n_agents = p.p.agents.len();
    for a in 0..n_agents {
        for d in 0..p.n_days {
            if let (Some(begins), Some(_)) = (&p.frozen[a][d], chosen.shift[a][d]) {
                chosen.breaks[a][d] = begins.clone();
            }
        }
    }
    if let Some(ic) = p.p.cover.interval() {
        type Runs = Vec<Vec<(usize, u64)>>;
        let mut runs: std::collections::BTreeMap<(usize, usize, usize), Runs> = Default::default();
        for b in &vars.breaks {
            let k = col(&b.col).round().max(0.0) as u64;
            let n_rules = p.template[b.shift].map_or(0, |t| ic.templates[t].breaks.len());
            let e = runs
                .entry((b.group, b.day, b.shift))
                .or_insert_with(|| vec![Vec::new(); n_rules]);
            if k > 0 {
                e[b.rule].push((b.offset, k));
            }
        }
        for ((g, d, s), rule_runs) in runs {
            let members: Vec<usize> = (0..n_agents)
                .filter(|&a| p.group_of[a] == g && chosen.shift[a][d] == Some(s) && p.frozen[a][d].is_none())
                .collect();
            let handed = crate::schedule::hand_out_breaks(&rule_runs, &vec![1; members.len()]);
            for (a, per_rule) in members.iter().zip(handed) {
                let begins: Option<Vec<usize>> = per_rule.iter().map(|r| r.first().map(|&(o, _)| o)).collect();
                chosen.breaks[*a][d] = begins.ok_or_else(|| {
                    RosterError::Schedule(ScheduleError::Solver(
                        "HiGHS returned break counts that do not match the agents on a shift".into(),
                    ))
                })?;
            }
        }
    }
    Ok(())
}

/// Agent-day-shift binaries above which the interval form, given a search time
/// ([`RosterOptions::lns_time_s`]), builds its roster batch by batch and searches from it
/// instead of solving the whole model (whose bound the interval form does not report).
const LARGE_MODEL: usize = 20_000;

/// Agent-day-shift columns above which the linear relaxation over every shift of the templates
/// is not built (its rest rows grow with the square of the shifts; the contact-centre bench's
/// is about 100,000 and solves in 10–40 s).
const MAX_RELAXATION_X: usize = 400_000;

/// A roster found at the time limit (or by the search after it) that meets the bound is proven
/// optimal all the same.
fn proven(status: crate::schedule::SolveStatus, gap: f64) -> crate::schedule::SolveStatus {
    if status == crate::schedule::SolveStatus::TimeLimit && gap <= 1e-9 {
        crate::schedule::SolveStatus::Optimal
    } else {
        status
    }
}

fn gap(objective: f64, bound: f64) -> f64 {
    ((objective - bound) / objective.abs().max(1e-9)).max(0.0)
}

/// The roster model's linear relaxation's optimum (a lower bound on every roster of the
/// shifts offered), or `None` when HiGHS does not reach it within `time_limit_s`.
fn relaxation_bound(p: &Prepared, options: &RosterOptions, time_limit_s: f64) -> Result<Option<f64>, RosterError> {
    let m = model::build(p, options, model::Mode::Relaxation);
    let constant = m.objective.constant();
    let lp = m.cols.vars.minimise(m.objective);
    let solver = crate::schedule::SolverOptions {
        time_limit_s,
        ..options.solver()
    };
    Ok(crate::schedule::solve::lp_optimum(lp, m.rows, &solver)?.map(|z| (z + constant).max(0.0)))
}

/// After HiGHS proved the rules infeasible: the elastic model names the rules that must bend.
fn diagnose(p: &Prepared, options: &RosterOptions) -> RosterError {
    let m = model::build(p, options, model::Mode::Elastic);
    let slack = m.vars.slack;
    let lp = m.cols.vars.minimise(m.objective);
    match crate::schedule::solve::solve(lp, m.rows, &options.solver(), None) {
        Ok(solved) => {
            let conflicts: Vec<Conflict> = slack
                .iter()
                .filter(|(c, _)| solved.columns[c.index] > 1e-6)
                .map(|(c, tag)| Conflict {
                    agent: p.p.agents[tag.agent].agent_id.clone(),
                    rule: tag.rule.into(),
                    detail: format!("cannot meet {} (short by {})", tag.detail, solved.columns[c.index]),
                })
                .collect();
            if conflicts.is_empty() {
                RosterError::Infeasible {
                    conflicts: vec![Conflict {
                        agent: "(all)".into(),
                        rule: "one shift per day".into(),
                        detail:
                            "HiGHS proved the rules infeasible together, and no single agent rule was found to blame"
                                .into(),
                    }],
                }
            } else {
                RosterError::Infeasible { conflicts }
            }
        }
        Err(e) => RosterError::Infeasible {
            conflicts: vec![Conflict {
                agent: "(all)".into(),
                rule: "diagnosis".into(),
                detail: format!("HiGHS proved the rules infeasible, and the elastic diagnosis failed: {e}"),
            }],
        },
    }
}

/// The name of a shift of `template` from `start` for `length_min` minutes: "early 07:00-15:00".
pub fn shift_name(template: &str, start: NaiveTime, length_min: u32) -> String {
    let end = start + Duration::minutes(length_min as i64);
    format!("{template} {}-{}", start.format("%H:%M"), end.format("%H:%M"))
}

/// Rosters `agents` against an interval requirement (the contact-centre form).
///
/// First the anonymous shift design with `schedule_options` (templates, costs; its own solver
/// knobs): its objective and bound are the comparison in [`Roster::design`]. Then the roster
/// over the shifts of [`RosterOptions::candidate_shifts`], with the same under-, over- and paid
/// costs. The horizon is the requirement's dates; weeks start on its first day.
///
/// # Errors
///
/// As [`roster`], plus the shift-design stage's errors wrapped in [`RosterError::Schedule`].
///
/// # Examples
///
/// Three agents on 8-hour shifts with a 30-minute lunch cover 2 agents from 08:00 to 16:00 on
/// two days (a short week, so the weekly limit of five days scales to two):
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::roster::{roster_requirement, Agent, Contract, RosterOptions};
/// use wfmkit::schedule::{BreakRule, CoverRequirement, ScheduleOptions, ShiftTemplate};
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let need: Vec<f64> = (0..96).map(|i| if (16..32).contains(&(i % 48)) { 2.0 } else { 0.0 }).collect();
/// let req = CoverRequirement::regular(t0, 1800, need).unwrap();
/// let mut day: ShiftTemplate = toml::from_str(r#"
///     name = "day"
///     earliest_start = "07:00"
///     latest_start = "09:00"
///     min_length_min = 510
///     max_length_min = 510
/// "#).unwrap();
/// day.breaks = vec![BreakRule::new(30, 180, 300, false).named("lunch")];
/// let agents = ["a", "b", "c"].map(|id| Agent::new(id, "ft")).to_vec();
/// let r = roster_requirement(
///     &req,
///     &ScheduleOptions::default().templates(vec![day]),
///     &[Contract::new("ft").days_per_week(None, Some(5))],
///     &agents,
///     &RosterOptions::default(),
/// ).unwrap();
/// assert_eq!(r.shifts.len(), 6);
/// assert!(r.shifts.iter().all(|s| s.breaks.len() == 1));
/// let design = r.design.unwrap();
/// assert!(r.objective >= design.bound - 1e-6);
/// ```
pub fn roster_requirement(
    requirement: &CoverRequirement,
    schedule_options: &ScheduleOptions,
    contracts: &[Contract],
    agents: &[Agent],
    options: &RosterOptions,
) -> Result<Roster, RosterError> {
    options.check()?;
    let plan = crate::schedule::schedule(requirement, &design_options(schedule_options))?;
    roster_with_design(requirement, schedule_options, &plan, contracts, agents, options)
}

/// The shift-design options whose optimum bounds the roster's cover-plus-paid cost: the
/// roster pays no pattern cost and bends cover at a cost, so the design does too.
pub fn design_options(schedule_options: &ScheduleOptions) -> ScheduleOptions {
    schedule_options.clone().pattern_cost(0.0).hard_coverage(false)
}

/// As [`roster_requirement`], with the shift design already solved: `plan` must be the plan of
/// `requirement` under [`design_options`]`(schedule_options)` (the nightly job reuses its
/// schedule stage's plan when its options are those). Its shifts are the ones offered, and its
/// objective and bound the comparison in [`Roster::design`].
///
/// # Errors
///
/// As [`roster`].
pub fn roster_with_design(
    requirement: &CoverRequirement,
    schedule_options: &ScheduleOptions,
    plan: &crate::schedule::Plan,
    contracts: &[Contract],
    agents: &[Agent],
    options: &RosterOptions,
) -> Result<Roster, RosterError> {
    let cover = Cover::PerInterval {
        requirement: requirement.clone(),
        templates: schedule_options.templates.clone(),
        under_cost: schedule_options.under_cost,
        over_cost: schedule_options.over_cost,
    };
    roster_over_design(requirement, cover, schedule_options, plan, contracts, agents, options)
}

/// Rosters agents skilled for one or more of several queues, each with its own interval
/// requirement on one grid (see [`Cover::PerQueue`] for how an agent's time is split among
/// its queues).
///
/// The anonymous shift design is solved on the queues' summed requirement: in every interval
/// the short-fall summed over the queues is at least the short-fall of the sum, and likewise
/// the over-cover, so that design's optimum is a lower bound on the roster's cover-plus-paid
/// cost here too, and [`Roster::design`] compares against it. Agents without `skills` serve
/// every queue.
///
/// # Errors
///
/// As [`roster_requirement`], plus [`RosterError::InvalidQueue`] (no queue, a repeated name,
/// another grid) and [`RosterError::UnknownSkill`].
///
/// # Examples
///
/// Sales needs one agent 08:00–16:00, service two; Ann does sales only, Bob service only,
/// Cid both. Each works an 8-hour shift on both days:
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::roster::{roster_queues, Agent, Contract, QueueRequirement, RosterOptions};
/// use wfmkit::schedule::{CoverRequirement, ScheduleOptions, ShiftTemplate};
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let need = |n: f64| -> Vec<f64> { (0..96).map(|i| if (16..32).contains(&(i % 48)) { n } else { 0.0 }).collect() };
/// let queues = vec![
///     QueueRequirement { queue: "sales".into(), requirement: CoverRequirement::regular(t0, 1800, need(1.0)).unwrap() },
///     QueueRequirement { queue: "service".into(), requirement: CoverRequirement::regular(t0, 1800, need(2.0)).unwrap() },
/// ];
/// let day: ShiftTemplate = toml::from_str(r#"
///     name = "day"
///     earliest_start = "08:00"
///     latest_start = "08:00"
///     min_length_min = 480
///     max_length_min = 480
/// "#).unwrap();
/// let agents = vec![
///     Agent::new("ann", "c").skills(vec!["sales".into()]),
///     Agent::new("bob", "c").skills(vec!["service".into()]),
///     Agent::new("cid", "c").skills(vec!["sales".into(), "service".into()]),
/// ];
/// let r = roster_queues(&queues, &ScheduleOptions::default().templates(vec![day]),
///     &[Contract::new("c")], &agents, &RosterOptions::default()).unwrap();
/// assert_eq!(r.shifts.len(), 6);
/// assert_eq!(r.costs.under, 0.0);
/// assert_eq!(r.queue_coverage.len(), 2);
/// assert_eq!(r.queue_coverage[1].served[20], 2.0); // bob and cid serve service at 10:00
/// ```
pub fn roster_queues(
    queues: &[QueueRequirement],
    schedule_options: &ScheduleOptions,
    contracts: &[Contract],
    agents: &[Agent],
    options: &RosterOptions,
) -> Result<Roster, RosterError> {
    options.check()?;
    prepare::check_queues(queues)?;
    let grid = &queues[0].requirement;
    let mut total = vec![0.0; grid.len()];
    for q in queues {
        for (t, a) in q.requirement.agents().iter().enumerate() {
            total[t] += a;
        }
    }
    let pooled = CoverRequirement::try_new(grid.interval_s(), grid.timestamps().to_vec(), total)?;
    let plan = crate::schedule::schedule(&pooled, &design_options(schedule_options))?;
    let cover = Cover::PerQueue {
        queues: queues.to_vec(),
        templates: schedule_options.templates.clone(),
        under_cost: schedule_options.under_cost,
        over_cost: schedule_options.over_cost,
    };
    roster_over_design(&pooled, cover, schedule_options, &plan, contracts, agents, options)
}

/// The roster over the shifts `plan` (the design on `requirement`) offers, against `cover`.
fn roster_over_design(
    requirement: &CoverRequirement,
    cover: Cover,
    schedule_options: &ScheduleOptions,
    plan: &crate::schedule::Plan,
    contracts: &[Contract],
    agents: &[Agent],
    options: &RosterOptions,
) -> Result<Roster, RosterError> {
    options.check()?;
    let interval_s = requirement.interval_s();
    // The shifts offered: (template, start minute of day, length).
    let mut offered: BTreeSet<(usize, u32, u32)> = BTreeSet::new();
    let template_of = |name: &str| schedule_options.templates.iter().position(|t| t.name == name);
    for s in &plan.shifts {
        if let Some(t) = template_of(&s.shift) {
            offered.insert((t, s.start.time().num_seconds_from_midnight() / 60, s.length_min));
        }
    }
    let steps = |t: usize| {
        let tpl = &schedule_options.templates[t];
        tpl.start_offsets(interval_s)
            .into_iter()
            .map(|o| o / 60)
            .collect::<Vec<u32>>()
    };
    // Every start and length of every template.
    let mut every: BTreeSet<(usize, u32, u32)> = BTreeSet::new();
    for (t, tpl) in schedule_options.templates.iter().enumerate() {
        for s in steps(t) {
            for len in tpl.lengths_min(interval_s) {
                every.insert((t, s, len));
            }
        }
    }
    match options.candidate_shifts {
        CandidateShifts::Design => {}
        CandidateShifts::DesignNeighbours => {
            for (t, start, len) in offered.clone() {
                let starts = steps(t);
                if let Some(i) = starts.iter().position(|&s| s == start) {
                    for j in [i.wrapping_sub(1), i + 1] {
                        if let Some(&s) = starts.get(j) {
                            offered.insert((t, s, len));
                        }
                    }
                }
            }
        }
        CandidateShifts::All => offered.clone_from(&every),
    }
    if offered.is_empty() {
        // The design rostered nobody (no requirement): offer every template's first shift so
        // that the agents' minimum rules can still be met.
        for (t, tpl) in schedule_options.templates.iter().enumerate() {
            if let (Some(&s), Some(&len)) = (steps(t).first(), tpl.lengths_min(interval_s).first()) {
                offered.insert((t, s, len));
            }
        }
    }
    let kinds = |set: &BTreeSet<(usize, u32, u32)>| -> Vec<ShiftKind> {
        set.iter()
            .map(|&(t, start, len)| {
                let tpl = &schedule_options.templates[t];
                let at = NaiveTime::from_num_seconds_from_midnight_opt(start * 60, 0).unwrap_or_default();
                ShiftKind {
                    name: shift_name(&tpl.name, at, len),
                    start: at,
                    length_min: len,
                    template: Some(tpl.name.clone()),
                    cannot_follow: Vec::new(),
                    night: None,
                }
            })
            .collect()
    };
    let first = requirement.timestamps()[0].date();
    let last = requirement.timestamps()[requirement.len() - 1].date();
    let problem = RosterProblem {
        start: first,
        days: (last - first).num_days() as usize + 1,
        shifts: kinds(&offered),
        cover,
        contracts: contracts.to_vec(),
        agents: agents.to_vec(),
    };
    // The linear relaxation over every shift of the templates: a bound on any roster of these
    // agents, which the shift design (blind to the agents) is not. It is left out when HiGHS's
    // own bound covers it (every shift offered and the model solved whole) and when it would be
    // far larger than the roster's model; it is a bound only, so when it cannot be built or
    // solved the roster goes on without it. With two threads or more it takes one of them
    // alongside the roster, for as long as the roster may take; with one, it comes first, in at
    // most half the time limit, and the roster gets the time left.
    every.extend(&offered);
    let whole = RosterProblem {
        shifts: kinds(&every),
        ..problem.clone()
    };
    let whole = Prepared::new(&whole).ok().filter(|w| {
        let solved_whole = options.lns_time_s <= 0.0 || w.x_count() <= LARGE_MODEL;
        !(every == offered && solved_whole) && w.x_count() <= MAX_RELAXATION_X
    });
    let relax = |limit: f64, o: &RosterOptions| {
        whole
            .as_ref()
            .and_then(|w| relaxation_bound(w, o, limit).ok().flatten())
    };
    let started = std::time::Instant::now();
    let (mut r, relaxation) = if options.threads >= 2 && whole.is_some() {
        let lp_options = options.clone().threads(1);
        let lp_limit = options.time_limit_s + options.lns_time_s;
        let rest = options.clone().threads(options.threads - 1);
        std::thread::scope(|s| {
            let lp = s.spawn(|| relax(lp_limit, &lp_options));
            let r = roster(&problem, &rest);
            // A panic in the relaxation costs the bound, not the roster.
            let lp = lp.join().ok().flatten();
            r.map(|mut r| {
                r.seconds = r.seconds.max(started.elapsed().as_secs_f64());
                (r, lp)
            })
        })?
    } else {
        let relaxation = relax(options.time_limit_s / 2.0, options);
        let spent = started.elapsed().as_secs_f64();
        let rest = options
            .clone()
            .time_limit_s((options.time_limit_s - spent).max(options.time_limit_s / 2.0));
        let mut r = roster(&problem, &rest)?;
        r.seconds += spent;
        (r, relaxation)
    };
    r.relaxation_bound = relaxation;
    let design_bound = plan.bound.max(0.0);
    let model_bound = if options.candidate_shifts == CandidateShifts::All {
        r.model_bound
    } else {
        0.0
    };
    r.bound = model_bound.max(design_bound).max(relaxation.unwrap_or(0.0));
    r.gap = gap(r.objective, r.bound);
    r.status = proven(r.status, r.gap);
    let named = r.costs.under + r.costs.over + r.costs.paid;
    r.design = Some(DesignComparison {
        objective: plan.objective,
        bound: plan.bound,
        price_of_named_agents: if plan.objective > 0.0 {
            named / plan.objective - 1.0
        } else {
            0.0
        },
    });
    Ok(r)
}
