//! A large-neighbourhood search after the roster MILP stops at its time limit: free part of
//! the incumbent roster, fix the rest, and solve that smaller MILP exactly (HiGHS); keep the
//! result when its cost, recomputed from the roster, is lower. For a model too large to solve
//! whole, [`construct`] builds the first roster batch by batch of agents.
//!
//! On the Curtois & Qu instances the compact model's bound is close to the best known while
//! its incumbent is not (the gap is primal), which is what such a search closes. Two
//! neighbourhoods alternate: a random set of agents over the whole horizon, and every agent
//! over a random window of days. Each grows when its sub-problem is solved to optimality
//! within its share of the time and shrinks when it is not. The random choices come from the
//! options' seed; the time limits make the result depend on the machine's speed, as any
//! time-limited solve does.

use std::time::Instant;

use rand::{rngs::StdRng, Rng, SeedableRng};

use super::prepare::Prepared;
use super::{model, read_chosen, result, RosterError, RosterOptions};
use crate::schedule::solve::Outcome;
use crate::schedule::{ScheduleError, SolveStatus, SolverOptions};

/// Improves `best` for `options.lns_time_s` seconds, or until its cost meets `bound`. Returns
/// the best roster, its cost and the seconds spent.
pub(crate) fn improve(
    p: &Prepared,
    options: &RosterOptions,
    mut best: result::Chosen,
    bound: f64,
) -> Result<(result::Chosen, f64, f64), RosterError> {
    let started = Instant::now();
    let mut best_cost = result::build(p, options.fairness_weight, &best).5.total;
    let budget = options.lns_time_s;
    let n_agents = p.p.agents.len();
    let mut rng = StdRng::seed_from_u64(options.seed as u64);
    // Neighbourhood sizes: agents freed over the horizon, and days freed for every agent.
    let mut k_agents = (n_agents / 20).clamp(2.min(n_agents), n_agents);
    let mut k_days = 2.min(p.n_days);
    let mut iteration = 0usize;
    let log = logging();
    loop {
        let left = budget - started.elapsed().as_secs_f64();
        if left < 0.05 || best_cost <= bound + 1e-9 * best_cost.abs().max(1.0) {
            break;
        }
        let by_agents = iteration.is_multiple_of(2) || p.n_days <= k_days;
        iteration += 1;
        let mut free = vec![vec![false; p.n_days]; n_agents];
        if by_agents {
            let mut agents: Vec<usize> = (0..n_agents).collect();
            for i in 0..k_agents.min(n_agents) {
                let j = rng.random_range(i..n_agents);
                agents.swap(i, j);
                free[agents[i]] = vec![true; p.n_days];
            }
        } else {
            let first = rng.random_range(0..=p.n_days - k_days);
            for row in free.iter_mut() {
                for cell in &mut row[first..first + k_days] {
                    *cell = true;
                }
            }
        }
        // The incumbent fixed outside the neighbourhood.
        let mut q = p.clone();
        for a in 0..n_agents {
            q.fixed[a] = free[a].iter().all(|f| !f);
            for d in 0..p.n_days {
                if !free[a][d] {
                    q.freeze(a, d, best.shift[a][d], &best.breaks[a][d]);
                }
            }
        }
        let m = model::build(&q, options, model::Mode::Roster);
        let lp = m.cols.vars.minimise(m.objective);
        let limit = left.min((budget / 20.0).max(1.0));
        let solver = SolverOptions {
            time_limit_s: limit,
            mip_gap: 0.0,
            threads: options.threads,
            seed: options.seed,
        };
        // The incumbent's shifts as HiGHS's start: it searches from a roster it can only
        // improve on, and it never ends without one.
        let start: Vec<(usize, f64)> = m
            .vars
            .x
            .iter()
            .zip(&best.shift)
            .flat_map(|(days, shifts)| {
                days.iter()
                    .zip(shifts)
                    .flat_map(|(cells, &on)| cells.iter().map(move |&(s, col)| (col.index, f64::from(on == Some(s)))))
            })
            .collect();
        let solved = match crate::schedule::solve::solve_outcome_from(lp, m.rows, &solver, &start) {
            Ok(Outcome::Solved(s)) => s,
            // No roster found in time (or a sub-problem HiGHS could not settle): smaller next.
            Ok(Outcome::NoSolution { .. }) | Err(ScheduleError::Infeasible { .. }) => {
                shrink(by_agents, &mut k_agents, &mut k_days);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let chosen = read_chosen(&q, &m.vars, &solved.columns)?;
        let cost = result::build(p, options.fairness_weight, &chosen).5.total;
        if log {
            eprintln!(
                "lns {iteration} {} k_agents {k_agents} k_days {k_days} {:?} {:.1}s cost {cost:.0} best {best_cost:.0} at {:.1}s",
                if by_agents { "agents" } else { "days" },
                solved.status,
                solved.seconds,
                started.elapsed().as_secs_f64()
            );
        }
        if cost < best_cost - 1e-9 * best_cost.abs().max(1.0) {
            best = chosen;
            best_cost = cost;
        }
        if solved.status == SolveStatus::Optimal {
            if by_agents {
                k_agents = (k_agents + k_agents.div_ceil(5)).min(n_agents);
            } else {
                k_days = (k_days + 2).min(p.n_days);
            }
        } else {
            shrink(by_agents, &mut k_agents, &mut k_days);
        }
    }
    Ok((best, best_cost, started.elapsed().as_secs_f64()))
}

/// A first roster for a model too large to solve whole: the agents in batches, each batch's
/// MILP solved with the batches before it fixed and those after it left out. Agent rules are
/// per agent and cover is soft, so every batch has a roster whenever each agent alone has one
/// (the checks before solving find most agents that do not). A batch that finds no roster in
/// its share of the time is split in two and each half tried in turn, down to one agent, whose
/// model HiGHS settles quickly even under tight run-length and paid-time rules (the Curtois
/// instances 15–18, whose batches of ten agents find no roster in minutes). Returns `None`
/// when a single agent finds no roster within its share of `budget_s` and then within half of
/// what is left.
fn construct(p: &Prepared, options: &RosterOptions, budget_s: f64) -> Result<Option<result::Chosen>, RosterError> {
    let started = Instant::now();
    let n_agents = p.p.agents.len();
    // Batches of about BATCH_X free binaries.
    const BATCH_X: usize = 2000;
    let per_agent = (p.x_count() / n_agents.max(1)).max(1);
    let batch = (BATCH_X / per_agent).clamp(1, n_agents.max(1));
    let mut chosen = result::Chosen {
        shift: vec![vec![None; p.n_days]; n_agents],
        breaks: vec![vec![Vec::new(); p.n_days]; n_agents],
    };
    // Agents `first..last` to roster next (those before `first` are rostered), and the batches
    // still to come after them, as a stack of ranges.
    let mut todo: Vec<(usize, usize)> = (0..n_agents)
        .step_by(batch)
        .map(|first| (first, (first + batch).min(n_agents)))
        .rev()
        .collect();
    // A single agent that finds no roster in its share is tried once more with half of what is
    // left.
    let mut retried = false;
    while let Some((first, last)) = todo.pop() {
        let mut q = p.clone();
        for a in 0..n_agents {
            if a < first {
                q.fixed[a] = true;
                for d in 0..p.n_days {
                    q.freeze(a, d, chosen.shift[a][d], &chosen.breaks[a][d]);
                }
            } else if a >= last {
                q.leave_out(a);
            }
        }
        let m = model::build(&q, options, model::Mode::Roster);
        let lp = m.cols.vars.minimise(m.objective);
        let left = (budget_s - started.elapsed().as_secs_f64()).max(0.0);
        // The agents still to roster share what is left; a batch is given its agents' share.
        let remaining = n_agents - first;
        let share = if retried {
            left / 2.0
        } else {
            left * (last - first) as f64 / remaining as f64
        };
        let solver = SolverOptions {
            time_limit_s: share.max(0.5),
            mip_gap: 0.0,
            threads: options.threads,
            seed: options.seed,
        };
        match crate::schedule::solve::solve(lp, m.rows, &solver, None) {
            Ok(solved) => {
                chosen = read_chosen(&q, &m.vars, &solved.columns)?;
                retried = false;
            }
            Err(ScheduleError::NoFeasiblePlan { .. } | ScheduleError::Infeasible { .. }) if last - first > 1 => {
                let mid = first + (last - first) / 2;
                todo.push((mid, last));
                todo.push((first, mid));
            }
            Err(ScheduleError::NoFeasiblePlan { .. }) if !retried => {
                retried = true;
                todo.push((first, last));
            }
            Err(ScheduleError::NoFeasiblePlan { .. } | ScheduleError::Infeasible { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Some(chosen))
}

/// A first roster built batch by batch in `construct_s` seconds, then searched from for
/// `search_s(seconds the construction took)` seconds (no bound). `None` when the construction
/// finds none.
pub(crate) fn build_and_search(
    p: &Prepared,
    options: &RosterOptions,
    construct_s: f64,
    search_s: impl FnOnce(f64) -> f64,
) -> Result<Option<result::Chosen>, RosterError> {
    let started = Instant::now();
    let Some(first) = construct(p, options, construct_s)? else {
        return Ok(None);
    };
    if logging() {
        eprintln!(
            "constructed: cost {:.0} in {:.1} s",
            result::build(p, options.fairness_weight, &first).5.total,
            started.elapsed().as_secs_f64()
        );
    }
    let search = search_s(started.elapsed().as_secs_f64()).max(0.0);
    let (best, _, _) = improve(p, &options.clone().lns_time_s(search), first, 0.0)?;
    Ok(Some(best))
}

/// `WFM_LNS_LOG` set in the environment: the construction and every search step are logged to
/// stderr.
fn logging() -> bool {
    std::env::var_os("WFM_LNS_LOG").is_some()
}

fn shrink(by_agents: bool, k_agents: &mut usize, k_days: &mut usize) {
    if by_agents {
        *k_agents = (*k_agents * 4 / 5).max(1);
    } else {
        *k_days = (*k_days * 4 / 5).max(2);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, NaiveTime};

    use super::improve;
    use crate::roster::prepare::Prepared;
    use crate::roster::{result, Agent, Contract, Cover, RosterOptions, RosterProblem, ShiftCover, ShiftKind};

    /// Five idle agents and one early shift to cover each day (10 per agent short): the idle
    /// roster costs 70, and any freed agent can cover days, so the first neighbourhood
    /// (sub-problems this small solve to optimality) must cut the cost.
    #[test]
    fn improves_a_poor_incumbent_and_never_returns_a_worse_one() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let problem = RosterProblem {
            start,
            days: 7,
            shifts: vec![ShiftKind::new("E", NaiveTime::from_hms_opt(7, 0, 0).unwrap(), 480)],
            cover: Cover::PerShift(
                (0..7)
                    .map(|d| ShiftCover {
                        date: start + Duration::days(d),
                        shift: "E".into(),
                        required: 1,
                        under_weight: 10.0,
                        over_weight: 1.0,
                    })
                    .collect(),
            ),
            contracts: vec![Contract::new("c").days_per_week(None, Some(2))],
            agents: (0..5).map(|i| Agent::new(&format!("a{i}"), "c")).collect(),
        };
        let p = Prepared::new(&problem).unwrap();
        let idle = result::Chosen {
            shift: vec![vec![None; 7]; 5],
            breaks: vec![vec![Vec::new(); 7]; 5],
        };
        let opts = RosterOptions::default().lns_time_s(2.0);
        let (best, cost, _) = improve(&p, &opts, idle, 0.0).unwrap();
        let recomputed = result::build(&p, 0.0, &best).5.total;
        assert_eq!(cost, recomputed);
        assert!(cost < 70.0, "cost {cost}");
        // Each agent works at most 2 days (the contract), whatever the search did.
        assert!(best.shift.iter().all(|days| days.iter().flatten().count() <= 2));
    }
}
