//! Multi-skill queues: several call types, agent groups with skill sets, priority routing; a
//! seeded simulation of one stationary period, and staffing per group at least cost by
//! simulation-based cutting planes (Cezik & L'Ecuyer, "Staffing multiskill call centers via
//! linear programming and simulation", Management Science 54(2), 2008).
//!
//! # Model and routing
//!
//! Calls of type `k` arrive as a Poisson process of rate `volume[k] ÷ period_s`, each needs an
//! exponential handle time of mean `aht_s[k]` (whichever group answers it) and, with a
//! `patience_s[k]`, abandons after an exponential patience of that mean. Group `i` has `y[i]`
//! agents who can answer the types in `skills[i]`, listed in the group's order of preference.
//! An arriving call goes to an idle agent of the first group in its type's routing list that has
//! one (the type's groups, by default specialists first: fewest skills, then by index); else it
//! waits in its type's queue. An agent who becomes free takes the oldest call of the first type
//! in its group's list whose queue is not empty (abandoned calls are dropped), else goes idle.
//!
//! Arrivals are simulated over `[0, period_s)` and every call is followed until it is answered
//! or abandons, so the period starts empty (no warm-up: the period's own start is part of the
//! measure, as in a half-hour report). The service level of a type is the share of its calls
//! answered within `answer_within_s` (offered definition: abandoned calls count as not answered
//! in time).
//!
//! Common random numbers: each replication's calls (arrival time, handle time, patience) are
//! drawn once from its seed and reused for every staffing evaluated, so differences between
//! staffings are not sampling noise. The same seed gives the same results bit for bit.
//!
//! # Staffing
//!
//! [`staff_multi_skill`] minimises `Σ cost[i] y[i]` subject to every type's simulated service
//! level ≥ its target. From a starting staffing (e.g. every type's Erlang C agents given to its
//! specialists), it repeats: simulate; if a type misses its target, estimate the service level's
//! sub-gradient in each group's agents by forward differences (one more agent each, same random
//! numbers) and add the cut `g_k(y) + q_k · (z − y) ≥ l_k`; solve the integer program of the
//! cost under all cuts (good_lp with HiGHS) for the next `y`. When the cuts say nothing (a zero
//! sub-gradient far below the target) it adds one agent to the cheapest group serving the type.
//! Once a staffing meets every target, a final descent removes agents one at a time, most
//! expensive group first, while every target still holds. The service level is not concave
//! everywhere in `y`, so this is a heuristic with a lower bound only for the sample problem
//! where the cuts are valid, as in the paper.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use good_lp::solvers::highs::highs;
use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::estimate::Estimate;
use super::SimulateError;

/// A multi-skill system in one stationary period.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiSkillSystem {
    /// Period length, seconds.
    pub period_s: f64,
    /// Per type: calls offered in the period.
    pub volume: Vec<f64>,
    /// Per type: mean handle time, seconds.
    pub aht_s: Vec<f64>,
    /// Per type: mean patience, seconds (`f64::INFINITY`: no abandonment).
    pub patience_s: Vec<f64>,
    /// Per group: the types its agents answer, in the group's order of preference.
    pub skills: Vec<Vec<usize>>,
    /// Per type: the groups it is routed to, in order. Empty: the default (the groups that
    /// serve it, fewest skills first, then by index).
    pub routing: Vec<Vec<usize>>,
    /// The service level's `t`, seconds.
    pub answer_within_s: f64,
}

impl MultiSkillSystem {
    /// Checks the system and returns the routing lists (the default where not given).
    ///
    /// # Errors
    ///
    /// [`SimulateError::InvalidRouting`] naming the field: lengths that differ, a skill or a
    /// route naming a type or group that does not exist, a group that serves no type, a type no
    /// group serves, a route to a group without the skill, a duplicate; and
    /// [`SimulateError::InvalidInput`] for a bad number.
    pub fn routes(&self) -> Result<Vec<Vec<usize>>, SimulateError> {
        let bad = |name: &'static str, reason: String| SimulateError::InvalidRouting { name, reason };
        let k = self.volume.len();
        if k == 0 {
            return Err(bad("volume", "no call types".into()));
        }
        for (name, v) in [("aht_s", &self.aht_s), ("patience_s", &self.patience_s)] {
            if v.len() != k {
                return Err(bad(name, format!("has {} types, `volume` has {k}", v.len())));
            }
        }
        let positive = |name: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(SimulateError::InvalidInput { name, value: v })
            }
        };
        positive("period_s", self.period_s)?;
        for t in 0..k {
            if !(self.volume[t].is_finite() && self.volume[t] >= 0.0) {
                return Err(SimulateError::InvalidInput {
                    name: "volume",
                    value: self.volume[t],
                });
            }
            positive("aht_s", self.aht_s[t])?;
            if self.patience_s[t].is_nan() || self.patience_s[t] <= 0.0 {
                return Err(SimulateError::InvalidInput {
                    name: "patience_s",
                    value: self.patience_s[t],
                });
            }
        }
        if !(self.answer_within_s.is_finite() && self.answer_within_s >= 0.0) {
            return Err(SimulateError::InvalidInput {
                name: "answer_within_s",
                value: self.answer_within_s,
            });
        }
        if self.skills.is_empty() {
            return Err(bad("skills", "no agent groups".into()));
        }
        for (g, s) in self.skills.iter().enumerate() {
            if s.is_empty() {
                return Err(bad("skills", format!("group {g} serves no call type")));
            }
            if let Some(&t) = s.iter().find(|&&t| t >= k) {
                return Err(bad("skills", format!("group {g} names type {t}; there are {k} types")));
            }
            let mut seen = s.clone();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != s.len() {
                return Err(bad("skills", format!("group {g} lists a type twice")));
            }
        }
        let serves = |g: usize, t: usize| self.skills[g].contains(&t);
        let mut routes = Vec::with_capacity(k);
        for t in 0..k {
            let given = self.routing.get(t).filter(|r| !r.is_empty());
            let r: Vec<usize> = match given {
                Some(r) => {
                    if let Some(&g) = r.iter().find(|&&g| g >= self.skills.len() || !serves(g, t)) {
                        return Err(bad(
                            "routing",
                            format!("type {t} is routed to group {g}, which does not serve it"),
                        ));
                    }
                    let mut seen = r.clone();
                    seen.sort_unstable();
                    seen.dedup();
                    if seen.len() != r.len() {
                        return Err(bad("routing", format!("type {t} lists a group twice")));
                    }
                    r.clone()
                }
                None => {
                    let mut r: Vec<usize> = (0..self.skills.len()).filter(|&g| serves(g, t)).collect();
                    r.sort_by_key(|&g| (self.skills[g].len(), g));
                    r
                }
            };
            if r.is_empty() {
                return Err(bad("skills", format!("no group serves call type {t}")));
            }
            routes.push(r);
        }
        if self.routing.len() > k {
            return Err(bad("routing", format!("{} lists for {k} types", self.routing.len())));
        }
        Ok(routes)
    }
}

/// One replication's calls: (arrival, type, handle, patience), by arrival.
type Calls = Vec<(f64, usize, f64, f64)>;

fn exp(rng: &mut StdRng, mean: f64) -> f64 {
    if mean.is_infinite() {
        return f64::INFINITY;
    }
    -mean * (1.0 - rng.random::<f64>()).ln()
}

/// The calls of each replication, drawn once (common random numbers).
fn draw(sys: &MultiSkillSystem, replications: usize, seed: u64) -> Vec<Calls> {
    (0..replications)
        .map(|r| {
            let mut rng = StdRng::seed_from_u64(seed ^ (r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut calls = Vec::new();
            for (t, &v) in sys.volume.iter().enumerate() {
                if v <= 0.0 {
                    continue;
                }
                let rate = v / sys.period_s;
                let mut now = 0.0;
                loop {
                    now += exp(&mut rng, 1.0 / rate);
                    if now >= sys.period_s {
                        break;
                    }
                    let handle = exp(&mut rng, sys.aht_s[t]);
                    let patience = exp(&mut rng, sys.patience_s[t]);
                    calls.push((now, t, handle, patience));
                }
            }
            calls.sort_by(|a, b| a.0.total_cmp(&b.0));
            calls
        })
        .collect()
}

#[derive(PartialEq)]
struct Done(f64, usize);
impl Eq for Done {}
impl PartialOrd for Done {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Done {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1)) // min-heap on time
    }
}

/// Per type: (calls, answered within t, answered at once, answered, abandoned, total wait of
/// the answered); per group: busy seconds.
struct Tally {
    calls: Vec<f64>,
    at_once: Vec<f64>,
    in_time: Vec<f64>,
    answered: Vec<f64>,
    abandoned: Vec<f64>,
    wait: Vec<f64>,
    busy: Vec<f64>,
}

fn run(sys: &MultiSkillSystem, routes: &[Vec<usize>], y: &[u32], calls: &Calls) -> Tally {
    let k = sys.volume.len();
    let mut tally = Tally {
        calls: vec![0.0; k],
        at_once: vec![0.0; k],
        in_time: vec![0.0; k],
        answered: vec![0.0; k],
        abandoned: vec![0.0; k],
        wait: vec![0.0; k],
        busy: vec![0.0; y.len()],
    };
    let mut idle: Vec<u32> = y.to_vec();
    let mut queues: Vec<VecDeque<usize>> = vec![VecDeque::new(); k];
    let mut heap: BinaryHeap<Done> = BinaryHeap::new();
    let serve = |c: usize, g: usize, now: f64, heap: &mut BinaryHeap<Done>, tally: &mut Tally| {
        let (arr, t, h, _) = calls[c];
        let w = now - arr;
        tally.answered[t] += 1.0;
        tally.wait[t] += w;
        if w <= sys.answer_within_s {
            tally.in_time[t] += 1.0;
        }
        tally.busy[g] += h;
        heap.push(Done(now + h, g));
    };
    let mut next = 0usize;
    loop {
        let arrival = calls.get(next).map(|c| c.0);
        let done = heap.peek().map(|d| d.0);
        match (arrival, done) {
            (None, None) => break,
            (Some(a), d) if d.is_none_or(|d| a < d) => {
                let t = calls[next].1;
                tally.calls[t] += 1.0;
                if let Some(&g) = routes[t].iter().find(|&&g| idle[g] > 0) {
                    idle[g] -= 1;
                    tally.at_once[t] += 1.0;
                    serve(next, g, a, &mut heap, &mut tally);
                } else {
                    queues[t].push_back(next);
                }
                next += 1;
            }
            _ => {
                let Done(now, g) = heap.pop().expect("peeked");
                let mut took = false;
                for &t in &sys.skills[g] {
                    while let Some(&c) = queues[t].front() {
                        queues[t].pop_front();
                        let (arr, _, _, patience) = calls[c];
                        if arr + patience < now {
                            tally.abandoned[t] += 1.0;
                            continue;
                        }
                        serve(c, g, now, &mut heap, &mut tally);
                        took = true;
                        break;
                    }
                    if took {
                        break;
                    }
                }
                if !took {
                    idle[g] += 1;
                }
            }
        }
    }
    // Calls left waiting when no agent remains busy: none serves them again (a type whose
    // groups have no agents); they abandon (with infinite patience, they are never answered).
    for (t, q) in queues.iter().enumerate() {
        tally.abandoned[t] += q.len() as f64;
    }
    tally
}

/// A multi-skill system's performance at one staffing, with 95% intervals over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiSkillResult {
    /// Per type: service level (share answered within `answer_within_s`).
    pub service_level: Vec<Estimate>,
    /// All types together.
    pub service_level_all: Estimate,
    /// Per type: mean wait of the answered calls, seconds.
    pub asa_s: Vec<Estimate>,
    /// Per type: share abandoned.
    pub abandon: Vec<Estimate>,
    /// Per group: busy time over the agents' time in the period (can exceed 1 a little: calls
    /// arriving at the period's end are finished after it).
    pub occupancy: Vec<Estimate>,
    /// Per type: P(a call waits at all), i.e. 1 − answered at once ÷ calls.
    pub p_wait: Vec<Estimate>,
}

/// Options of the simulation: replications and seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MultiSkillOptions {
    /// Independent replications of the period (≥ 2).
    pub replications: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for MultiSkillOptions {
    fn default() -> Self {
        Self {
            replications: 200,
            seed: 1,
        }
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

fn estimates(sys: &MultiSkillSystem, y: &[u32], tallies: &[Tally]) -> MultiSkillResult {
    let k = sys.volume.len();
    let est = |f: &dyn Fn(&Tally) -> f64| {
        let v: Vec<f64> = tallies.iter().map(f).filter(|x| x.is_finite()).collect();
        Estimate::from_replications(&v)
    };
    MultiSkillResult {
        service_level: (0..k).map(|t| est(&|x| ratio(x.in_time[t], x.calls[t]))).collect(),
        service_level_all: est(&|x| ratio(x.in_time.iter().sum(), x.calls.iter().sum())),
        asa_s: (0..k).map(|t| est(&|x| ratio(x.wait[t], x.answered[t]))).collect(),
        abandon: (0..k).map(|t| est(&|x| ratio(x.abandoned[t], x.calls[t]))).collect(),
        occupancy: (0..y.len())
            .map(|g| est(&|x| ratio(x.busy[g], y[g] as f64 * sys.period_s)))
            .collect(),
        p_wait: (0..k)
            .map(|t| est(&|x| 1.0 - ratio(x.at_once[t], x.calls[t])))
            .collect(),
    }
}

fn check_staffing(
    sys: &MultiSkillSystem,
    y: &[u32],
    opts: &MultiSkillOptions,
) -> Result<Vec<Vec<usize>>, SimulateError> {
    let routes = sys.routes()?;
    if y.len() != sys.skills.len() {
        return Err(SimulateError::InvalidRouting {
            name: "agents",
            reason: format!(
                "{} groups' agents given, the system has {} groups",
                y.len(),
                sys.skills.len()
            ),
        });
    }
    if opts.replications < 2 {
        return Err(SimulateError::InvalidInput {
            name: "replications",
            value: opts.replications as f64,
        });
    }
    Ok(routes)
}

/// Simulates `sys` with `y[i]` agents in group `i` (see the module docs).
///
/// # Errors
///
/// As [`MultiSkillSystem::routes`]; [`SimulateError::InvalidRouting`] when `y` has the wrong
/// length; [`SimulateError::InvalidInput`] for fewer than 2 replications.
pub fn simulate_multi_skill(
    sys: &MultiSkillSystem,
    y: &[u32],
    opts: &MultiSkillOptions,
) -> Result<MultiSkillResult, SimulateError> {
    let routes = check_staffing(sys, y, opts)?;
    let calls = draw(sys, opts.replications, opts.seed);
    let tallies: Vec<Tally> = calls.iter().map(|c| run(sys, &routes, y, c)).collect();
    Ok(estimates(sys, y, &tallies))
}

/// The result of [`staff_multi_skill`].
#[derive(Debug, Clone, PartialEq)]
pub struct MultiSkillStaffing {
    /// Agents per group.
    pub agents: Vec<u32>,
    /// `Σ cost[i] · agents[i]`.
    pub cost: f64,
    /// The simulated performance at `agents` (the optimisation's own random numbers).
    pub result: MultiSkillResult,
    /// Whether every type's mean service level meets its target.
    pub feasible: bool,
    /// Simulations of a staffing run (each `replications` periods).
    pub evaluations: usize,
    /// Cutting-plane iterations.
    pub iterations: usize,
}

/// Mean service level per type over the replications at `y`.
fn mean_sl(sys: &MultiSkillSystem, routes: &[Vec<usize>], y: &[u32], calls: &[Calls]) -> Vec<f64> {
    let tallies: Vec<Tally> = calls.iter().map(|c| run(sys, routes, y, c)).collect();
    sl_means(sys.volume.len(), &tallies)
}

/// Mean service level per type over replications' tallies (1 for a type without calls).
fn sl_means(k: usize, tallies: &[Tally]) -> Vec<f64> {
    let mut s = vec![0.0; k];
    let mut n = vec![0usize; k];
    for t in tallies {
        for i in 0..k {
            if t.calls[i] > 0.0 {
                s[i] += t.in_time[i] / t.calls[i];
                n[i] += 1;
            }
        }
    }
    (0..k)
        .map(|i| if n[i] > 0 { s[i] / n[i] as f64 } else { 1.0 })
        .collect()
}

/// The fewest-cost agents per group meeting every type's service-level `target` in simulation,
/// from `start` (see the module docs).
///
/// `cost[i]` is the cost of an agent of group `i` (> 0); `target[k]` in [0, 1].
///
/// # Errors
///
/// As [`simulate_multi_skill`]; [`SimulateError::InvalidInput`] for a bad cost or target;
/// [`SimulateError::InvalidRouting`] when no staffing within `max_agents` agents per group
/// meets the targets (named by type) or the integer program fails.
pub fn staff_multi_skill(
    sys: &MultiSkillSystem,
    cost: &[f64],
    target: &[f64],
    start: &[u32],
    opts: &MultiSkillOptions,
    max_iterations: usize,
) -> Result<MultiSkillStaffing, SimulateError> {
    let routes = check_staffing(sys, start, opts)?;
    let groups = sys.skills.len();
    let k = sys.volume.len();
    if cost.len() != groups || target.len() != k {
        return Err(SimulateError::InvalidRouting {
            name: if cost.len() != groups { "cost" } else { "target" },
            reason: format!(
                "{} costs for {groups} groups and {} targets for {k} types",
                cost.len(),
                target.len()
            ),
        });
    }
    if let Some(&c) = cost.iter().find(|c| !(c.is_finite() && **c > 0.0)) {
        return Err(SimulateError::InvalidInput { name: "cost", value: c });
    }
    if let Some(&t) = target.iter().find(|t| !(0.0..=1.0).contains(*t)) {
        return Err(SimulateError::InvalidInput {
            name: "target",
            value: t,
        });
    }
    let calls = draw(sys, opts.replications, opts.seed);
    let mut evaluations = 0usize;
    let mut sl = |y: &[u32]| {
        evaluations += 1;
        mean_sl(sys, &routes, y, &calls)
    };
    let meets = |g: &[f64]| (0..k).all(|i| g[i] >= target[i] - 1e-12);
    // Cheapest group serving each type (for the fallback step).
    let cheapest: Vec<usize> = (0..k)
        .map(|t| {
            *routes[t]
                .iter()
                .min_by(|&&a, &&b| cost[a].total_cmp(&cost[b]).then(a.cmp(&b)))
                .expect("every type has a group")
        })
        .collect();
    let mut cuts: Vec<(usize, f64, Vec<f64>, Vec<u32>)> = Vec::new(); // (type, g, q, y)
    let mut y = start.to_vec();
    let mut iterations = 0;
    let limit = 10_000u32;
    let mut g = sl(&y);
    while !meets(&g) {
        iterations += 1;
        let too_many = y.iter().any(|&v| v > limit);
        if iterations > max_iterations || too_many {
            let t = (0..k).find(|&i| g[i] < target[i] - 1e-12).unwrap_or(0);
            let why = if too_many {
                format!("with more than {limit} agents in a group")
            } else {
                format!("after {max_iterations} iterations")
            };
            return Err(SimulateError::InvalidRouting {
                name: "target",
                reason: format!(
                    "type {t}'s service level {:.4} is below its target {} {why}",
                    g[t], target[t]
                ),
            });
        }
        let grads: Vec<Vec<f64>> = (0..groups)
            .map(|i| {
                let mut up = y.clone();
                up[i] += 1;
                sl(&up)
            })
            .collect();
        let mut useful = false;
        for t in 0..k {
            if g[t] < target[t] {
                let q: Vec<f64> = (0..groups).map(|i| (grads[i][t] - g[t]).max(0.0)).collect();
                // A cut with no slope (`0 >= target - g`) would make every later program
                // infeasible: only cuts that say where to add are kept.
                if q.iter().any(|&v| v > 1e-9) {
                    useful = true;
                    cuts.push((t, g[t], q, y.clone()));
                }
            }
        }
        let next = if useful { solve_cuts(&cuts, cost, target)? } else { None };
        y = match next {
            Some(z) if z != y => z,
            _ => {
                // No progress from the cuts: one more agent for the cheapest group of each type
                // below target.
                let mut z = y.clone();
                for t in 0..k {
                    if g[t] < target[t] {
                        z[cheapest[t]] += 1;
                    }
                }
                z
            }
        };
        g = sl(&y);
    }
    // Descent: remove agents while every target holds, most expensive group first.
    let mut order: Vec<usize> = (0..groups).collect();
    order.sort_by(|&a, &b| cost[b].total_cmp(&cost[a]).then(a.cmp(&b)));
    let mut improved = true;
    while improved {
        improved = false;
        for &i in &order {
            if y[i] == 0 {
                continue;
            }
            let mut z = y.clone();
            z[i] -= 1;
            let gz = sl(&z);
            if meets(&gz) {
                y = z;
                improved = true;
                break;
            }
        }
    }
    // The answer's performance, and its feasibility from the same runs (not simulated again).
    let tallies: Vec<Tally> = calls.iter().map(|c| run(sys, &routes, &y, c)).collect();
    let result = estimates(sys, &y, &tallies);
    let g = sl_means(k, &tallies);
    Ok(MultiSkillStaffing {
        cost: y.iter().zip(cost).map(|(&n, c)| n as f64 * c).sum(),
        feasible: meets(&g),
        agents: y,
        result,
        evaluations,
        iterations,
    })
}

/// The integer program of the cuts: min cost · z subject to every cut, z ≥ 0 integer. `None`
/// when infeasible (the cuts cannot be met).
fn solve_cuts(
    cuts: &[(usize, f64, Vec<f64>, Vec<u32>)],
    cost: &[f64],
    target: &[f64],
) -> Result<Option<Vec<u32>>, SimulateError> {
    let mut vars = ProblemVariables::new();
    let z: Vec<Variable> = cost
        .iter()
        .map(|_| vars.add(variable().integer().min(0.0).max(10_000.0)))
        .collect();
    let objective: Expression = z.iter().zip(cost).map(|(&v, &c)| c * v).sum();
    let mut model = vars.minimise(objective).using(highs);
    model.set_verbose(false);
    let mut model = model.set_threads(1);
    for (t, g, q, y0) in cuts {
        let lhs: Expression = q
            .iter()
            .zip(z.iter().zip(y0))
            .map(|(&qi, (&zi, &yi))| qi * (zi - yi as f64))
            .sum();
        model.add_constraint(constraint!(lhs >= target[*t] - g));
    }
    match model.solve() {
        Ok(sol) => Ok(Some(z.iter().map(|&v| sol.value(v).round().max(0.0) as u32).collect())),
        Err(good_lp::ResolutionError::Infeasible) => Ok(None),
        Err(e) => Err(SimulateError::InvalidRouting {
            name: "cuts",
            reason: format!("the integer program failed: {e}"),
        }),
    }
}

/// The fluid lower bound on the agents: the cheapest agents per group whose capacity carries
/// every type's offered load (Erlangs), by the linear program `min Σ cost[i] y[i]` subject to
/// flows `x[i][k] ≥ 0` with `Σ_i x[i][k] = load[k]` and `Σ_k x[i][k] ≤ y[i]`. Any staffing that
/// answers every call needs at least this capacity, so it is where the cutting planes start.
///
/// # Errors
///
/// As [`MultiSkillSystem::routes`]; [`SimulateError::InvalidRouting`] if the LP fails.
pub fn fluid_staffing(sys: &MultiSkillSystem, cost: &[f64]) -> Result<Vec<f64>, SimulateError> {
    sys.routes()?;
    if cost.len() != sys.skills.len() {
        return Err(SimulateError::InvalidRouting {
            name: "cost",
            reason: format!("{} costs for {} groups", cost.len(), sys.skills.len()),
        });
    }
    let mut vars = ProblemVariables::new();
    let y: Vec<Variable> = cost.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let x: Vec<Vec<(usize, Variable)>> = sys
        .skills
        .iter()
        .map(|s| s.iter().map(|&k| (k, vars.add(variable().min(0.0)))).collect())
        .collect();
    let objective: Expression = y.iter().zip(cost).map(|(&v, &c)| c * v).sum();
    let mut model = vars.minimise(objective).using(highs);
    model.set_verbose(false);
    let mut model = model.set_threads(1);
    for (k, (&v, &a)) in sys.volume.iter().zip(&sys.aht_s).enumerate() {
        let load = v * a / sys.period_s;
        let flow: Expression = x.iter().flatten().filter(|(kk, _)| *kk == k).map(|(_, v)| *v).sum();
        model.add_constraint(constraint!(flow == load));
    }
    for (i, row) in x.iter().enumerate() {
        let used: Expression = row.iter().map(|(_, v)| *v).sum();
        model.add_constraint(constraint!(used <= y[i]));
    }
    let sol = model.solve().map_err(|e| SimulateError::InvalidRouting {
        name: "cost",
        reason: format!("the fluid linear program failed: {e}"),
    })?;
    Ok(y.iter().map(|&v| sol.value(v).max(0.0)).collect())
}
