//! The shift-count MILP, built from small functions that return expressions (good_lp).
//!
//! Variables: an integer count `x_k` per candidate shift `k`, and continuous under- and
//! over-cover `u_i`, `o_i` per interval `i`. For each interval
//! `Σ_{k covers i} x_k − o_i + u_i = r_i`, and the objective is
//! `Σ_k cost_k · len_k · x_k + Σ_i Δ (c_u u_i + c_o o_i)`, with `Δ` the interval in minutes.
//! This is the classic set-covering model of Dantzig (1954); its LP relaxation is tight for
//! consecutive-interval shifts on a line (interval matrices are totally unimodular), so HiGHS
//! closes it quickly.

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::candidates::Candidate;
use super::{Requirement, ScheduleOptions};

/// The variables of the model, in creation order (which is HiGHS's column order).
pub(crate) struct ModelVars {
    pub shifts: Vec<Variable>,
    pub under: Vec<Variable>,
    pub over: Vec<Variable>,
}

/// Creates the variables: counts first, then under-cover, then over-cover.
pub(crate) fn add_variables(vars: &mut ProblemVariables, n_candidates: usize, n_intervals: usize) -> ModelVars {
    ModelVars {
        shifts: vars.add_vector(variable().integer().min(0), n_candidates),
        under: vars.add_vector(variable().min(0), n_intervals),
        over: vars.add_vector(variable().min(0), n_intervals),
    }
}

/// Agents on duty in each interval, as expressions of the counts.
pub(crate) fn staffed(cands: &[Candidate], v: &ModelVars, n: usize, cyclic: bool) -> Vec<Expression> {
    let mut on_duty = vec![Expression::from(0.0); n];
    for (c, &x) in cands.iter().zip(&v.shifts) {
        for i in c.covered(n, cyclic) {
            on_duty[i] += x;
        }
    }
    on_duty
}

/// `staffed_i − over_i + under_i = required_i` for each interval.
pub(crate) fn coverage_constraints(on_duty: Vec<Expression>, v: &ModelVars, req: &Requirement) -> Vec<Constraint> {
    on_duty
        .into_iter()
        .enumerate()
        .map(|(i, e)| constraint!(e - v.over[i] + v.under[i] == req.agents()[i]))
        .collect()
}

/// Paid cost plus under- and over-cover penalties.
pub(crate) fn objective(cands: &[Candidate], v: &ModelVars, req: &Requirement, opts: &ScheduleOptions) -> Expression {
    let interval_min = req.interval_s() as f64 / 60.0;
    let mut obj = Expression::from(0.0);
    for (c, &x) in cands.iter().zip(&v.shifts) {
        obj += paid_cost(c, opts) * x;
    }
    for i in 0..req.len() {
        obj += opts.under_cost * interval_min * v.under[i] + opts.over_cost * interval_min * v.over[i];
    }
    obj
}

/// Cost of one agent working candidate `c`.
pub(crate) fn paid_cost(c: &Candidate, opts: &ScheduleOptions) -> f64 {
    opts.templates[c.template].cost_per_min * c.length_min as f64
}
