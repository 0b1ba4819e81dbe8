//! Price-and-branch: column generation over each agent's whole schedule, then the master as a
//! MILP over the columns found.
//!
//! # Formulation
//!
//! A column is one agent's schedule over the horizon that keeps every rule of its contract,
//! availability, days off and locks. The master is the roster MILP of `model.rs` with the
//! agent rule rows taken out ([`model::Mode::Master`]) plus a convexity row `Σ_k λ[a,k] = 1`
//! per agent. A schedule's column is the sum of its cells' `x[a,d,s]` columns (read back from
//! HiGHS once), so cover, paid time, requests, preferred starts and fairness stay exactly as in
//! the roster MILP; the `x` columns themselves are fixed at 0, and their reduced costs are the
//! cell prices: a schedule's reduced cost is `Σ_{(d,s) ∈ k} rc(x[a,d,s]) − μ[a]` with `μ` the
//! convexity dual. The pricing problem of an agent is the cheapest schedule at those prices
//! that keeps its rules: a labelling over the days (`labelling.rs`), with the agent's own part
//! of the roster MILP ([`model::build_agent`], solved by HiGHS) where the labelling has too many
//! labels. The master LP is re-solved by the primal simplex from its last basis after new
//! columns (and by the dual simplex after the dive changes bounds).
//!
//! Pricing is most of the time, so a round does less of it: the labelling drops a label that,
//! with each later day at its cheapest cell, cannot come below the agent's convexity dual
//! (only schedules with a negative reduced cost are wanted), and returns the agent's
//! [`COLUMNS_PER_AGENT`] cheapest such schedules; a round stops once a quarter of the agents
//! (at least [`PARTIAL_PRICING_AGENTS`]) gave columns, and the next round starts with the agent
//! after the last one priced. Every fourth round prices every agent. On Curtois instance 8 the
//! master LP (optimum about 1297) was 1314 after 34 s this way, where one column per agent and
//! every agent each round had it at 1376 after 50 s.
//!
//! # The bound
//!
//! After each round in which every agent's pricing problem was solved (or bounded: a labelling
//! that finds nothing below the threshold bounds it by the threshold),
//! `z_LP + Σ_a min_k rc[a,k]` is the Lagrangian bound of the duals: a valid lower bound on the
//! roster's cost whether or not the column generation has converged (at convergence it is the
//! master LP's value, at least as strong as the compact model's LP relaxation). When every
//! cost in the objective is an integer, the bound rounds up.
//!
//! # The roster
//!
//! Two heuristics, no branching on the columns: a dive (fix the agents whose column the LP
//! (nearly) chose and the largest tenth of the others, generate columns again for at most
//! [`DIVE_ROUNDS`] rounds, repeat; when time runs short, a MILP over the columns picks for the
//! agents still open), then the master with
//! every column found, `λ` binary, solved by HiGHS in the time left. The cheaper roster is
//! kept. Any one column per agent is a roster that keeps every hard rule (cover is soft).
//!
//! Starting columns are artificial (one per agent, a large cost, no cell): the first duals make
//! every agent price the schedule most useful to the cover.
//!
//! HiGHS's clock runs across the solves of one instance, so each solve's time limit is set from
//! it. HiGHS can overrun a MILP time limit (by 10–20 s on Curtois instance 12 at 60 s).

use std::collections::HashSet;
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{IntoAffineExpression, SolverModel};
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::labelling::{self, Labelling};
use super::model::{self, Mode};
use super::prepare::Prepared;
use super::{read_breaks, result, Cover, PricingCheck, RosterError, RosterOptions};
use crate::schedule::solve::{set_option, use_threads};
use crate::schedule::ScheduleError;

/// Columns an agent's pricing adds per round at most: the cheapest schedules of its labelling
/// with a negative reduced cost (fewer rounds; the master LP stays small enough).
const COLUMNS_PER_AGENT: usize = 5;

/// A round of pricing stops once this many agents (or a quarter of the open ones, if more)
/// gave columns.
const PARTIAL_PRICING_AGENTS: usize = 10;

/// Rounds of pricing after each step of the dive at most (the dive then fixes more agents; a
/// column generation to convergence after each step left time for one or two steps only).
const DIVE_ROUNDS: usize = 3;

/// What price-and-branch found.
pub(crate) struct PriceAndBranch {
    pub chosen: result::Chosen,
    /// A valid lower bound on the roster's cost (see the module docs).
    pub bound: f64,
    /// The master LP's value at the last round, objective constant included.
    pub lp: f64,
    /// No column with a negative reduced cost was left (the bound is the master LP's value).
    pub converged: bool,
    /// Rounds of pricing.
    pub rounds: usize,
    /// Columns generated (artificial ones not counted).
    pub columns: usize,
    /// Seconds in the column generation, and in the master MILP.
    pub seconds_lp: f64,
    pub seconds_mip: f64,
}

/// The master model is gone: a solve failed after it was taken out.
fn lost() -> RosterError {
    solver_error("the master model was lost after a failed solve".into())
}

fn solver_error(what: String) -> RosterError {
    RosterError::Schedule(ScheduleError::Solver(what))
}

fn check(status: i32, what: &str) -> Result<(), RosterError> {
    if status == highs_sys::kHighsStatusError {
        Err(solver_error(format!("HiGHS failed {what}")))
    } else {
        Ok(())
    }
}

fn num_cols(m: &highs::Model) -> usize {
    // SAFETY: `m` owns a live HiGHS instance.
    unsafe { highs_sys::Highs_getNumCol(m.as_ptr()) }.max(0) as usize
}

fn num_rows(m: &highs::Model) -> usize {
    // SAFETY: `m` owns a live HiGHS instance.
    unsafe { highs_sys::Highs_getNumRow(m.as_ptr()) }.max(0) as usize
}

/// Columns `0..n` of `m`: costs, and the matrix column-wise (starts with a final end, row
/// indices, values).
/// Column data read from HiGHS: costs, and the matrix column-wise (starts, rows, values).
type ColumnData = (Vec<f64>, Vec<usize>, Vec<usize>, Vec<f64>);

/// A cell's `x` column: its cost and its entries (row, value).
type Cell = (f64, Vec<(usize, f64)>);

/// A schedule: (day, index of the cell among the agent's cells that day).
type Schedule = Vec<(usize, usize)>;

fn read_columns(m: &highs::Model, n: usize) -> Result<ColumnData, RosterError> {
    if n == 0 {
        return Ok((Vec::new(), vec![0], Vec::new(), Vec::new()));
    }
    // SAFETY: `m` owns a live HiGHS instance.
    let nnz = unsafe { highs_sys::Highs_getNumNz(m.as_ptr()) }.max(0) as usize;
    let mut costs = vec![0.0; n];
    let mut lower = vec![0.0; n];
    let mut upper = vec![0.0; n];
    let mut start = vec![0i32; n];
    let mut index = vec![0i32; nnz.max(1)];
    let mut value = vec![0.0; nnz.max(1)];
    let (mut num_col, mut num_nz) = (0i32, 0i32);
    // SAFETY: every buffer holds at least as many entries as HiGHS writes: `n` per column and
    // the model's nonzero count for the matrix.
    let status = unsafe {
        highs_sys::Highs_getColsByRange(
            m.as_ptr(),
            0,
            n as i32 - 1,
            &mut num_col,
            costs.as_mut_ptr(),
            lower.as_mut_ptr(),
            upper.as_mut_ptr(),
            &mut num_nz,
            start.as_mut_ptr(),
            index.as_mut_ptr(),
            value.as_mut_ptr(),
        )
    };
    check(status, "reading the master's columns")?;
    let mut starts: Vec<usize> = start.iter().map(|&s| s.max(0) as usize).collect();
    starts.push(num_nz.max(0) as usize);
    let index = index.iter().map(|&i| i.max(0) as usize).collect();
    Ok((costs, starts, index, value))
}

/// Adds a row `lo ≤ Σ value·col ≤ hi`; returns its index.
fn add_row(m: &mut highs::Model, lo: f64, hi: f64, entries: &[(usize, f64)]) -> Result<usize, RosterError> {
    let idx: Vec<i32> = entries.iter().map(|&(j, _)| j as i32).collect();
    let val: Vec<f64> = entries.iter().map(|&(_, v)| v).collect();
    // SAFETY: `m` owns a live HiGHS instance; `idx` and `val` hold `idx.len()` entries each.
    let status =
        unsafe { highs_sys::Highs_addRow(m.as_mut_ptr(), lo, hi, idx.len() as i32, idx.as_ptr(), val.as_ptr()) };
    check(status, "adding a master row")?;
    Ok(num_rows(m) - 1)
}

/// Adds a column with `cost` and bounds, with `entries` as (row, value); returns its index.
fn add_col(m: &mut highs::Model, cost: f64, lo: f64, hi: f64, entries: &[(usize, f64)]) -> Result<usize, RosterError> {
    let idx: Vec<i32> = entries.iter().map(|&(r, _)| r as i32).collect();
    let val: Vec<f64> = entries.iter().map(|&(_, v)| v).collect();
    // SAFETY: as in `add_row`.
    let status = unsafe {
        highs_sys::Highs_addCol(
            m.as_mut_ptr(),
            cost,
            lo,
            hi,
            idx.len() as i32,
            idx.as_ptr(),
            val.as_ptr(),
        )
    };
    check(status, "adding a master column")?;
    Ok(num_cols(m) - 1)
}

/// Sets HiGHS's time limit to `seconds` from now: its clock runs across the solves of one
/// instance, so the limit is the time it has already run plus `seconds`.
fn set_time_limit(m: &mut highs::Model, seconds: f64) -> Result<(), RosterError> {
    // SAFETY: `m` owns a live HiGHS instance.
    let ran = unsafe { highs_sys::Highs_getRunTime(m.as_ptr()) };
    set_option(m, "time_limit", ran.max(0.0) + seconds.max(0.01)).map_err(Into::into)
}

fn set_integer(m: &mut highs::Model, col: usize, integer: bool) -> Result<(), RosterError> {
    let kind = if integer {
        highs_sys::kHighsVarTypeInteger
    } else {
        highs_sys::kHighsVarTypeContinuous
    };
    // SAFETY: `m` owns a live HiGHS instance and `col` is one of its columns.
    check(
        unsafe { highs_sys::Highs_changeColIntegrality(m.as_mut_ptr(), col as i32, kind) },
        "changing a column's integrality",
    )
}

fn is_integer(m: &highs::Model, col: usize) -> bool {
    let mut kind = highs_sys::kHighsVarTypeContinuous;
    // SAFETY: `m` owns a live HiGHS instance, `col` is one of its columns, `kind` is writable.
    let status = unsafe { highs_sys::Highs_getColIntegrality(m.as_ptr(), col as i32, &mut kind) };
    status != highs_sys::kHighsStatusError && kind == highs_sys::kHighsVarTypeInteger
}

fn set_bounds(m: &mut highs::Model, col: usize, lo: f64, hi: f64) -> Result<(), RosterError> {
    // SAFETY: `m` owns a live HiGHS instance and `col` is one of its columns.
    check(
        unsafe { highs_sys::Highs_changeColBounds(m.as_mut_ptr(), col as i32, lo, hi) },
        "changing a column's bounds",
    )
}

fn set_cost(m: &mut highs::Model, col: usize, cost: f64) -> Result<(), RosterError> {
    // SAFETY: `m` owns a live HiGHS instance and `col` is one of its columns.
    check(
        unsafe { highs_sys::Highs_changeColCost(m.as_mut_ptr(), col as i32, cost) },
        "changing a column's cost",
    )
}

fn configure(m: &mut highs::Model, options: &RosterOptions) -> Result<(), RosterError> {
    if std::env::var_os("WFM_HIGHS_LOG").is_none() {
        m.make_quiet();
    } else {
        set_option(m, "output_flag", true)?;
        set_option(m, "log_to_console", true)?;
    }
    set_option(m, "threads", options.threads as i32)?;
    set_option(m, "random_seed", (options.seed % i32::MAX as u32) as i32)?;
    Ok(())
}

/// The roster model of `mode` handed to HiGHS (configured), with its variables by name and the
/// objective's constant (good_lp does not pass it on).
fn to_highs(
    p: &Prepared,
    options: &RosterOptions,
    mode: Mode,
) -> Result<(highs::Model, model::Vars, f64), RosterError> {
    let m = model::build(p, options, mode);
    let constant = m.objective.constant();
    let mut lp = highs(m.cols.vars.minimise(m.objective));
    for c in m.rows {
        lp.add_constraint(c);
    }
    let mut model = lp.try_into_inner().map_err(|e| solver_error(e.to_string()))?;
    configure(&mut model, options)?;
    Ok((model, m.vars, constant))
}

/// One agent's pricing problem: the labelling, or (when it has too many labels) the agent's
/// MILP, built once and re-costed each round.
struct Pricer {
    labelling: Labelling,
    milp: Option<highs::Model>,
    /// `x[d]`: (shift, column in the pricing MILP).
    x: Vec<Vec<(usize, usize)>>,
    /// The labelling gave up once: price by MILP from now on.
    by_milp: bool,
}

/// What a pricing is asked for: schedules below `threshold`, at most `max_schedules` of them
/// (the MILP finds one), within `time_limit_s`.
#[derive(Clone, Copy)]
struct Ask {
    threshold: f64,
    max_schedules: usize,
    time_limit_s: f64,
}

/// A pricing result: schedules as (day, index into the agent's cells of that day) with their
/// values, cheapest first (none when none was found below the threshold, or in time), and a
/// lower bound on the cheapest schedule's value.
struct Priced {
    schedules: Vec<(Schedule, f64)>,
    bound: f64,
}

impl Pricer {
    fn new(p: &Prepared, a: usize, force_milp: bool) -> Self {
        Pricer {
            labelling: Labelling::new(p, a),
            milp: None,
            x: Vec::new(),
            by_milp: force_milp,
        }
    }

    fn build_milp(&mut self, p: &Prepared, a: usize, options: &RosterOptions) -> Result<(), RosterError> {
        let (vars, xa, rows) = model::build_agent(p, a);
        self.x = xa
            .iter()
            .map(|day| day.iter().map(|(s, c)| (*s, c.index)).collect())
            .collect();
        if self.x.iter().all(Vec::is_empty) {
            // Off every day: one schedule, priced without a solver.
            return Ok(());
        }
        // An objective with every cell, so HiGHS has each column from the start (costs are set
        // each round).
        let objective: good_lp::Expression = xa.iter().flatten().map(|(_, c)| c.var).sum();
        let mut lp = highs(vars.minimise(objective));
        for r in rows {
            lp.add_constraint(r);
        }
        let mut m = lp.try_into_inner().map_err(|e| solver_error(e.to_string()))?;
        configure(&mut m, options)?;
        set_option(&mut m, "mip_rel_gap", 0.0)?;
        self.milp = Some(m);
        Ok(())
    }

    /// The cheapest schedules of agent `a` at cell costs `cost(d, k)`, as asked. `Ok(None)`:
    /// the agent has no schedule that keeps its rules.
    fn price(
        &mut self,
        p: &Prepared,
        a: usize,
        options: &RosterOptions,
        cost: impl Fn(usize, usize) -> f64,
        ask: Ask,
    ) -> Result<Option<Priced>, RosterError> {
        let Ask {
            threshold,
            max_schedules,
            time_limit_s,
        } = ask;
        if !self.by_milp {
            match self.labelling.price(&cost, threshold, max_schedules) {
                labelling::Priced::Best(schedules) => {
                    let bound = schedules.first().map_or(threshold, |s| s.1);
                    return Ok(Some(Priced { schedules, bound }));
                }
                labelling::Priced::Infeasible => return Ok(None),
                labelling::Priced::TooLarge => {
                    self.by_milp = true;
                    self.build_milp(p, a, options)?;
                }
            }
        }
        let Some(mut m) = self.milp.take() else {
            return Ok(Some(Priced {
                schedules: vec![(Vec::new(), 0.0)],
                bound: 0.0,
            }));
        };
        for (d, day) in self.x.iter().enumerate() {
            for (k, &(_, col)) in day.iter().enumerate() {
                set_cost(&mut m, col, cost(d, k))?;
            }
        }
        set_time_limit(&mut m, time_limit_s)?;
        let solved = m.try_solve().map_err(|e| solver_error(format!("pricing: {e:?}")))?;
        let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let out = match solved.status() {
            HighsModelStatus::Infeasible => None,
            HighsModelStatus::Optimal if feasible => {
                let v = solved.objective_value();
                Some(Priced {
                    schedules: vec![(self.read(solved.get_solution().columns()), v)],
                    bound: v,
                })
            }
            HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
                let bound = solved.double_info_value(c"mip_dual_bound").unwrap_or(f64::NEG_INFINITY);
                let schedules = if feasible {
                    vec![(self.read(solved.get_solution().columns()), solved.objective_value())]
                } else {
                    Vec::new()
                };
                Some(Priced { schedules, bound })
            }
            other => return Err(solver_error(format!("pricing finished with status {other:?}"))),
        };
        self.milp = Some(highs::Model::from(solved));
        Ok(out)
    }

    fn read(&self, columns: &[f64]) -> Vec<(usize, usize)> {
        let mut s = Vec::new();
        for (d, day) in self.x.iter().enumerate() {
            if let Some(k) = day.iter().position(|&(_, col)| columns[col] > 0.5) {
                s.push((d, k));
            }
        }
        s
    }
}

/// True when every cost of the objective is an integer, so the roster's cost is one too.
fn integral_costs(p: &Prepared, options: &RosterOptions) -> bool {
    let int = |v: f64| (v - v.round()).abs() < 1e-9;
    matches!(p.p.cover, Cover::PerShift(_))
        && p.shift_cover.values().all(|&(_, u, o)| int(u) && int(o))
        && p.requests.iter().flatten().all(|r| int(r.weight))
        && p.preferred.iter().flatten().all(|(_, ps)| int(ps.weight))
        && int(options.fairness_weight)
}

/// The master: the roster MILP's cover part with linking and convexity rows, the columns
/// generated, and each agent's pricing problem.
struct Master<'p> {
    p: &'p Prepared<'p>,
    options: &'p RosterOptions,
    model: Option<highs::Model>,
    vars: model::Vars,
    constant: f64,
    base_integer: Vec<usize>,
    /// `cells[a][d][k]`: agent `a`'s `k`-th cell on day `d` as the `x` column's cost and
    /// entries (row, value) in the master: a schedule's column is the sum of its cells'.
    cells: Vec<Vec<Vec<Cell>>>,
    /// `conv[a]`: agent `a`'s convexity row (none for an agent left out).
    conv: Vec<Option<usize>>,
    artificial: Vec<usize>,
    pricers: Vec<Option<Pricer>>,
    seen: Vec<HashSet<Vec<(usize, usize)>>>,
    /// Generated columns: (agent, master column, schedule).
    lambda: Vec<(usize, usize, Schedule)>,
    /// Agents fixed to one column (the dive's), by its index in `lambda`.
    fixed: Vec<Option<usize>>,
    /// Bounds changed since the last LP: its basis is no longer primal feasible, so the dual
    /// simplex goes on from it (after new columns, the primal).
    bounds_changed: bool,
    rounds: usize,
    /// The agent the next round of pricing starts with.
    next_agent: usize,
    /// Rounds since the last that priced every agent.
    partial_rounds: usize,
    /// `WFM_CG_LOG` set: each round is logged to stderr.
    log: bool,
}

/// How a column generation ended.
enum Generated {
    /// An agent has no schedule that keeps its rules.
    Infeasible,
    /// The master LP stopped at the deadline before a round finished.
    Stopped,
    /// Rounds ended (converged or at the deadline) with this LP.
    Done(Converged),
}

/// One column generation's end.
struct Converged {
    /// The master LP's value, constant included.
    lp: f64,
    /// The Lagrangian bound of the last round in which every agent was priced to optimality
    /// (minus infinity when none was).
    lagrange: f64,
    /// No column with a negative reduced cost was left.
    converged: bool,
    /// The LP's column values.
    values: Vec<f64>,
}

impl<'p> Master<'p> {
    fn new(p: &'p Prepared<'p>, options: &'p RosterOptions, by_milp: bool) -> Result<Self, RosterError> {
        let n_agents = p.p.agents.len();
        let (mut master, vars, constant) = to_highs(p, options, Mode::Master)?;
        let n_base = num_cols(&master);
        let base_integer: Vec<usize> = (0..n_base).filter(|&j| is_integer(&master, j)).collect();
        for &j in &base_integer {
            set_integer(&mut master, j, false)?;
        }
        // Each cell's column, read back from HiGHS; the cells are then fixed at 0 (a schedule's
        // column carries them, and their reduced costs price the schedules).
        let (costs, starts, index, value) = read_columns(&master, n_base)?;
        let mut cells: Vec<Vec<Vec<Cell>>> = Vec::with_capacity(n_agents);
        for a in 0..n_agents {
            let mut per_day = Vec::with_capacity(p.n_days);
            for day in &vars.x[a] {
                let mut per_cell = Vec::with_capacity(day.len());
                for (_, col) in day {
                    let j = col.index;
                    let entries = (starts[j]..starts[j + 1]).map(|e| (index[e], value[e])).collect();
                    per_cell.push((costs[j], entries));
                    set_bounds(&mut master, j, 0.0, 0.0)?;
                }
                per_day.push(per_cell);
            }
            cells.push(per_day);
        }
        // A convexity row per agent, with an artificial column (more than any roster's cover
        // can cost) so the first LP is feasible.
        let mut conv: Vec<Option<usize>> = Vec::with_capacity(n_agents);
        let mut artificial = Vec::new();
        for a in 0..n_agents {
            if p.skip[a] {
                conv.push(None);
                continue;
            }
            let row = add_row(&mut master, 1.0, 1.0, &[])?;
            conv.push(Some(row));
            artificial.push(add_col(&mut master, 1e6, 0.0, f64::INFINITY, &[(row, 1.0)])?);
        }
        let mut pricers = Vec::with_capacity(n_agents);
        for a in 0..n_agents {
            pricers.push(if p.skip[a] {
                None
            } else {
                let mut pricer = Pricer::new(p, a, by_milp);
                if by_milp {
                    pricer.build_milp(p, a, options)?;
                }
                Some(pricer)
            });
        }
        set_option(&mut master, "solver", "simplex")?;
        // New columns keep the basis primal feasible: the primal simplex goes on from it.
        set_option(&mut master, "simplex_strategy", 4)?;
        set_option(&mut master, "presolve", "off")?;
        Ok(Master {
            p,
            options,
            model: Some(master),
            vars,
            constant,
            base_integer,
            cells,
            conv,
            artificial,
            pricers,
            seen: vec![HashSet::new(); n_agents],
            lambda: Vec::new(),
            fixed: vec![None; n_agents],
            bounds_changed: false,
            rounds: 0,
            next_agent: 0,
            partial_rounds: 0,
            log: std::env::var_os("WFM_CG_LOG").is_some(),
        })
    }

    fn model(&mut self) -> Result<&mut highs::Model, RosterError> {
        self.model.as_mut().ok_or_else(lost)
    }

    /// The master model, taken out to be solved (it is put back from the solved model).
    fn take_model(&mut self) -> Result<highs::Model, RosterError> {
        self.model.take().ok_or_else(lost)
    }

    /// Agent `a`'s column for `schedule`: its cells' costs and entries summed, and the
    /// convexity row `cr`.
    fn column_of(&self, a: usize, cr: usize, schedule: &[(usize, usize)]) -> (f64, Vec<(usize, f64)>) {
        let mut cost = 0.0;
        let mut entries: Vec<(usize, f64)> = Vec::new();
        for &(d, k) in schedule {
            let (c, e) = &self.cells[a][d][k];
            cost += c;
            entries.extend_from_slice(e);
        }
        entries.sort_by_key(|&(r, _)| r);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(entries.len() + 1);
        for (r, v) in entries {
            match merged.last_mut() {
                Some((lr, lv)) if *lr == r => *lv += v,
                _ => merged.push((r, v)),
            }
        }
        merged.retain(|&(_, v)| v != 0.0);
        merged.push((cr, 1.0));
        (cost, merged)
    }

    /// Pricing rounds until no column prices out or `deadline` passes.
    fn generate(
        &mut self,
        started: Instant,
        deadline: f64,
        round_up: bool,
        max_rounds: usize,
    ) -> Result<Generated, RosterError> {
        let n_agents = self.p.p.agents.len();
        let mut lagrange_best = f64::NEG_INFINITY;
        let mut rounds = 0usize;
        loop {
            let left = deadline - started.elapsed().as_secs_f64();
            let mut master = self.take_model()?;
            set_time_limit(&mut master, left)?;
            set_option(&mut master, "simplex_strategy", if self.bounds_changed { 1 } else { 4 })?;
            self.bounds_changed = false;
            let solved = master
                .try_solve()
                .map_err(|e| solver_error(format!("master LP: {e:?}")))?;
            if solved.status() != HighsModelStatus::Optimal {
                if self.log {
                    eprintln!("master LP stopped: {:?}", solved.status());
                }
                self.model = Some(highs::Model::from(solved));
                return Ok(Generated::Stopped);
            }
            self.rounds += 1;
            let z = solved.objective_value();
            let solution = solved.get_solution();
            let duals = solution.dual_rows().to_vec();
            let reduced = solution.dual_columns().to_vec();
            let values = solution.columns().to_vec();
            self.model = Some(highs::Model::from(solved));
            let lp = z + self.constant;
            let mut lagrange = lp;
            let mut added = 0usize;
            let tolerance = 1e-6 + 1e-9 * z.abs();
            let pricing_started = Instant::now();
            let mut complete = true;
            // Partial pricing: the round starts where the last one stopped and stops once a
            // share of the agents gave columns (the LP's duals are then renewed sooner); only
            // a round that priced every agent gives a bound.
            let first = self.next_agent % n_agents.max(1);
            let open_agents = (0..n_agents).filter(|&b| self.fixed[b].is_none()).count();
            // Every fourth round prices every agent (its bound is the only one).
            let enough = if self.partial_rounds >= 3 {
                usize::MAX
            } else {
                PARTIAL_PRICING_AGENTS.max(open_agents / 4)
            };
            let mut agents_with_columns = 0usize;
            // Open agents this round has still to price (the first included).
            let mut to_price = open_agents;
            for a in (first..n_agents).chain(0..first) {
                if self.fixed[a].is_some() {
                    continue;
                }
                let open = to_price.max(1);
                to_price = to_price.saturating_sub(1);
                if agents_with_columns >= enough {
                    complete = false;
                    self.next_agent = a;
                    break;
                }
                if started.elapsed().as_secs_f64() > deadline {
                    // Out of time mid-round: the columns so far stand, the round gives no bound.
                    complete = false;
                    break;
                }
                let (Some(pricer), Some(cr)) = (self.pricers[a].as_mut(), self.conv[a]) else {
                    continue;
                };
                // A pricing MILP (the labelling's fallback) gets an even share of the time left.
                let time_left = ((deadline - started.elapsed().as_secs_f64()) / open as f64).max(0.01);
                // A cell's price is its `x` column's reduced cost, without the convexity row.
                let x = &self.vars.x[a];
                let mu = duals[cr];
                let Some(priced) = pricer.price(
                    self.p,
                    a,
                    self.options,
                    |d, k| reduced[x[d][k].1.index],
                    Ask {
                        threshold: mu - tolerance,
                        max_schedules: COLUMNS_PER_AGENT,
                        time_limit_s: time_left,
                    },
                )?
                else {
                    return Ok(Generated::Infeasible);
                };
                lagrange += priced.bound.min(mu) - mu;
                let added_before = added;
                for (schedule, value) in priced.schedules {
                    if value - mu < -tolerance && self.seen[a].insert(schedule.clone()) {
                        let (cost, entries) = self.column_of(a, cr, &schedule);
                        let col = add_col(self.model()?, cost, 0.0, f64::INFINITY, &entries)?;
                        self.lambda.push((a, col, schedule));
                        added += 1;
                    }
                }
                agents_with_columns += usize::from(added > added_before);
            }
            if self.log {
                eprintln!(
                    "round {}{}: lp {lp:.3} lagrange {lagrange:.3} added {added} columns {} pricing {:.2} s at {:.1} s",
                    self.rounds,
                    if complete { "" } else { " (partial)" },
                    self.lambda.len(),
                    pricing_started.elapsed().as_secs_f64(),
                    started.elapsed().as_secs_f64()
                );
            }
            self.partial_rounds = if complete { 0 } else { self.partial_rounds + 1 };
            if lagrange.is_finite() && complete {
                let b = if round_up { (lagrange - 1e-6).ceil() } else { lagrange };
                lagrange_best = lagrange_best.max(b);
            }
            rounds += 1;
            let done = (added == 0 && complete) || lagrange_best >= lp - tolerance;
            if done || rounds >= max_rounds || started.elapsed().as_secs_f64() >= deadline {
                return Ok(Generated::Done(Converged {
                    lp,
                    lagrange: lagrange_best,
                    converged: added == 0 && complete,
                    values,
                }));
            }
        }
    }

    /// Fixes agent `a` to generated column `i`: its other columns get an upper bound of 0.
    fn fix(&mut self, a: usize, i: usize) -> Result<(), RosterError> {
        self.fixed[a] = Some(i);
        self.bounds_changed = true;
        let others: Vec<usize> = self
            .lambda
            .iter()
            .enumerate()
            .filter(|&(j, (b, _, _))| *b == a && j != i)
            .map(|(_, (_, col, _))| *col)
            .collect();
        for col in others {
            set_bounds(self.model()?, col, 0.0, 0.0)?;
        }
        Ok(())
    }

    /// Each unfixed agent's column with the largest LP value: (agent, index in `lambda`, value).
    fn largest(&self, values: &[f64]) -> Vec<(usize, usize, f64)> {
        let n_agents = self.p.p.agents.len();
        let mut best: Vec<Option<(usize, f64)>> = vec![None; n_agents];
        for (i, (a, col, _)) in self.lambda.iter().enumerate() {
            let v = values.get(*col).copied().unwrap_or(0.0);
            if best[*a].is_none_or(|(_, bv)| v > bv) {
                best[*a] = Some((i, v));
            }
        }
        best.iter()
            .enumerate()
            .filter(|(a, _)| self.fixed[*a].is_none())
            .filter_map(|(a, b)| b.map(|(i, v)| (a, i, v)))
            .collect()
    }

    /// The master as a MILP over the columns allowed now (`λ` binary).
    fn milp(&mut self, time_limit_s: f64) -> Result<Option<(result::Chosen, f64)>, RosterError> {
        let base_integer = self.base_integer.clone();
        let lambda_cols: Vec<usize> = self.lambda.iter().map(|(_, col, _)| *col).collect();
        let artificial = self.artificial.clone();
        let options = self.options;
        let m = self.model()?;
        for &j in &base_integer {
            set_integer(m, j, true)?;
        }
        for &col in &lambda_cols {
            set_integer(m, col, true)?;
        }
        for &col in &artificial {
            set_bounds(m, col, 0.0, 0.0)?;
        }
        set_option(m, "presolve", "choose")?;
        set_option(m, "solver", "choose")?;
        set_time_limit(m, time_limit_s)?;
        set_option(m, "mip_rel_gap", options.mip_gap)?;
        let master = self.take_model()?;
        let solved = master
            .try_solve()
            .map_err(|e| solver_error(format!("master MILP: {e:?}")))?;
        let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let out = if feasible {
            let columns = solved.get_solution().columns().to_vec();
            let n_agents = self.p.p.agents.len();
            let mut chosen = result::Chosen {
                shift: vec![vec![None; self.p.n_days]; n_agents],
                breaks: vec![vec![Vec::new(); self.p.n_days]; n_agents],
            };
            for (a, col, schedule) in &self.lambda {
                if columns[*col] > 0.5 {
                    for &(d, k) in schedule {
                        chosen.shift[*a][d] = Some(self.p.allowed[*a][d][k]);
                    }
                }
            }
            read_breaks(self.p, &self.vars, &columns, &mut chosen)?;
            Some((chosen, solved.objective_value() + self.constant))
        } else {
            None
        };
        self.model = Some(highs::Model::from(solved));
        // Back to the LP.
        let m = self.model()?;
        for &j in &base_integer {
            set_integer(m, j, false)?;
        }
        for &col in &lambda_cols {
            set_integer(m, col, false)?;
        }
        for &col in &artificial {
            set_bounds(m, col, 0.0, f64::INFINITY)?;
        }
        set_option(m, "presolve", "off")?;
        set_option(m, "solver", "simplex")?;
        Ok(out)
    }

    /// Lifts every fixing.
    fn unfix(&mut self) -> Result<(), RosterError> {
        let cols: Vec<usize> = self.lambda.iter().map(|(_, col, _)| *col).collect();
        for col in cols {
            set_bounds(self.model()?, col, 0.0, f64::INFINITY)?;
        }
        self.fixed = vec![None; self.p.p.agents.len()];
        self.bounds_changed = true;
        Ok(())
    }
}

/// Column generation at the root for at most `lp_time_s` seconds (its Lagrangian bound is the
/// roster's), then two rosters in the time left (`mip_time_s`): a dive in two thirds of it (fix
/// the agents whose column is (nearly) 1 in the LP, and the largest tenth of the others or more
/// when time is short; generate columns again; repeat until every agent is fixed, or out of
/// time, when a MILP over
/// the columns chooses for the agents still open), and the master MILP over every column found
/// in the rest. The cheaper one is
/// returned. `Ok(None)` when an agent has no schedule that keeps its rules (the caller's compact
/// model then names the rules), and when the master LP cannot finish a round in the time given
/// (the caller's compact model then has the time left).
pub(crate) fn price_and_branch(
    p: &Prepared,
    options: &RosterOptions,
    lp_time_s: f64,
    mip_time_s: f64,
) -> Result<Option<PriceAndBranch>, RosterError> {
    // WFM_PRICING=milp prices by MILP only (to compare with the labelling).
    let by_milp = std::env::var("WFM_PRICING").is_ok_and(|v| v == "milp");
    let started = Instant::now();
    use_threads(options.threads);
    let n_agents = p.p.agents.len();
    let mut master = Master::new(p, options, by_milp)?;
    let round_up = integral_costs(p, options);
    let root = match master.generate(started, lp_time_s, round_up, usize::MAX)? {
        Generated::Infeasible => return Ok(None),
        Generated::Done(root) => root,
        Generated::Stopped => {
            // Out of time in the LP: the next solve gets a little more to finish the round.
            match master.generate(started, lp_time_s + mip_time_s / 4.0, round_up, usize::MAX)? {
                Generated::Infeasible => return Ok(None),
                Generated::Done(root) => root,
                // Still out of time: the caller's compact model takes the time left.
                Generated::Stopped => return Ok(None),
            }
        }
    };
    let bound = root.lagrange;
    let seconds_lp = started.elapsed().as_secs_f64();
    if (0..n_agents).any(|a| master.conv[a].is_some() && !master.lambda.iter().any(|(b, _, _)| *b == a)) {
        // Not every agent got a schedule in time: the caller's compact model takes over.
        return Ok(None);
    }
    let end = seconds_lp + mip_time_s;
    // The dive gets two thirds of what is left, the MILP over all columns the rest.
    let dive_end = seconds_lp + mip_time_s * 2.0 / 3.0;
    let mut values = root.values.clone();
    let dive_start = started.elapsed().as_secs_f64();
    let mut steps = 0usize;
    let dived = loop {
        let open = master.largest(&values);
        let now = started.elapsed().as_secs_f64();
        if open.is_empty() || now >= dive_end {
            // Every agent fixed (the MILP only places breaks), or out of time: the MILP picks
            // the open agents' columns, the fixed ones kept.
            break master.milp(((end - now) / 2.0).max(1.0))?;
        }
        let (mut firm, mut loose): (Vec<_>, Vec<_>) = open.into_iter().partition(|&(_, _, v)| v >= 0.999);
        loose.sort_by(|x, y| y.2.total_cmp(&x.2));
        // The largest tenth of the others (at least one), or more when the steps so far say
        // the time left affords fewer than ten more.
        let per_step = if steps == 0 {
            0.0
        } else {
            (now - dive_start) / steps as f64
        };
        let affordable = if per_step > 0.0 {
            ((dive_end - now) / per_step).floor().max(1.0) as usize
        } else {
            10
        };
        let n = loose.len().div_ceil(affordable.min(10));
        steps += 1;
        firm.extend(loose.into_iter().take(n));
        for &(a, i, _) in &firm {
            master.fix(a, i)?;
        }
        match master.generate(started, dive_end, false, DIVE_ROUNDS)? {
            Generated::Done(c) => values = c.values,
            Generated::Infeasible => return Ok(None),
            Generated::Stopped => {
                let left = (end - started.elapsed().as_secs_f64()) / 2.0;
                break master.milp(left.max(1.0))?;
            }
        }
    };
    let dive_seconds = started.elapsed().as_secs_f64();
    master.unfix()?;
    let left = (end - started.elapsed().as_secs_f64()).max(1.0);
    let whole = master.milp(left)?;
    if master.log {
        eprintln!(
            "dive {:?} at {dive_seconds:.1} s; master MILP {:?}; {} columns",
            dived.as_ref().map(|d| d.1),
            whole.as_ref().map(|w| w.1),
            master.lambda.len()
        );
    }
    let chosen = match (dived, whole) {
        (Some(d), Some(w)) => {
            if w.1 < d.1 {
                w.0
            } else {
                d.0
            }
        }
        (Some(d), None) => d.0,
        (None, Some(w)) => w.0,
        (None, None) => {
            return Err(RosterError::NoFeasibleRoster {
                time_limit_s: lp_time_s + mip_time_s,
            })
        }
    };
    Ok(Some(PriceAndBranch {
        chosen,
        bound,
        lp: root.lp,
        converged: root.converged,
        rounds: master.rounds,
        columns: master.lambda.len(),
        seconds_lp,
        seconds_mip: started.elapsed().as_secs_f64() - seconds_lp,
    }))
}

/// For the tests: each agent's pricing problem at `trials` random cell costs (uniform in
/// [−100, 100], from `seed`), solved by the labelling and by the agent's MILP, and by the
/// labelling again with a threshold (see [`PricingCheck`]).
pub(crate) fn pricing_agreement(
    p: &Prepared,
    options: &RosterOptions,
    seed: u64,
    trials: usize,
) -> Result<Vec<PricingCheck>, RosterError> {
    use rand::{rngs::StdRng, Rng, SeedableRng};
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::new();
    use_threads(options.threads);
    for a in (0..p.p.agents.len()).filter(|&a| !p.skip[a]) {
        let by_labels = Pricer::new(p, a, false);
        let mut by_milp = Pricer::new(p, a, true);
        by_milp.build_milp(p, a, options)?;
        for _ in 0..trials {
            let costs: Vec<Vec<f64>> = p.allowed[a]
                .iter()
                .map(|day| day.iter().map(|_| rng.random_range(-100.0..100.0)).collect())
                .collect();
            let cost = |d: usize, k: usize| costs[d][k];
            let recompute = |s: &Schedule| s.iter().map(|&(d, k)| costs[d][k]).sum::<f64>();
            let listed = |threshold: f64, n: usize| match by_labels.labelling.price(cost, threshold, n) {
                labelling::Priced::Best(best) => Some(best.iter().map(|(s, v)| (*v, recompute(s))).collect::<Vec<_>>()),
                labelling::Priced::Infeasible => Some(Vec::new()),
                labelling::Priced::TooLarge => None,
            };
            let (labels, recomputed) = match listed(f64::INFINITY, 1) {
                Some(best) => best.first().copied().unwrap_or((f64::INFINITY, f64::INFINITY)),
                None => (f64::NAN, f64::NAN),
            };
            let milp = match by_milp.price(
                p,
                a,
                options,
                cost,
                Ask {
                    threshold: f64::INFINITY,
                    max_schedules: 1,
                    time_limit_s: 600.0,
                },
            )? {
                Some(priced) if priced.schedules.first().is_some_and(|s| s.1 == priced.bound) => priced.bound,
                Some(_) => f64::NAN,
                None => f64::INFINITY,
            };
            let (below, at_optimum) = if milp.is_finite() {
                (
                    listed(milp + 50.0, 5).unwrap_or_default(),
                    listed(milp - 1e-6, 5).map_or(0, |l| l.len()),
                )
            } else {
                (Vec::new(), 0)
            };
            out.push(PricingCheck {
                agent: a,
                labels,
                milp,
                recomputed,
                below,
                at_optimum,
            });
        }
    }
    Ok(out)
}

/// After price-and-branch, in the time it left: the compact roster MILP with the incumbent's
/// cost as a cutoff (HiGHS's `objective_bound`), so HiGHS only looks for cheaper rosters.
/// Returns HiGHS's roster, if it has one (the caller keeps it only when it is cheaper: HiGHS
/// may stop at one above the cutoff), and the bound: the optimum when HiGHS proves it, the
/// incumbent's cost when it proves nothing is cheaper, else the larger of `bound` and HiGHS's.
pub(crate) fn polish(
    p: &Prepared,
    options: &RosterOptions,
    incumbent: f64,
    bound: f64,
    time_limit_s: f64,
) -> Result<(Option<result::Chosen>, f64), RosterError> {
    let (mut model, vars, constant) = to_highs(p, options, Mode::Roster)?;
    let step = if integral_costs(p, options) {
        1.0 - 1e-6
    } else {
        1e-6 * incumbent.abs().max(1.0)
    };
    set_option(&mut model, "objective_bound", incumbent - constant - step)?;
    set_option(&mut model, "mip_rel_gap", options.mip_gap)?;
    set_time_limit(&mut model, time_limit_s)?;
    let solved = model
        .try_solve()
        .map_err(|e| solver_error(format!("compact MILP: {e:?}")))?;
    let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let highs_bound = solved
        .double_info_value(c"mip_dual_bound")
        .map(|b| b + constant)
        .unwrap_or(f64::NEG_INFINITY);
    match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::ObjectiveBound => Ok((None, incumbent)),
        HighsModelStatus::Optimal if feasible => {
            // Optimal under the cutoff: the optimum if below it, else the incumbent is.
            let v = (solved.objective_value() + constant).min(incumbent);
            Ok((Some(super::read_chosen(p, &vars, solved.get_solution().columns())?), v))
        }
        _ if feasible => Ok((
            Some(super::read_chosen(p, &vars, solved.get_solution().columns())?),
            bound.max(highs_bound.min(incumbent)),
        )),
        _ => Ok((None, bound.max(highs_bound.min(incumbent)))),
    }
}
