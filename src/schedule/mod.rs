//! Schedule: choose shifts, how many agents work each and where their breaks go, to cover a
//! [`CoverRequirement`] at least cost.
//!
//! One MILP (good_lp model, solved by HiGHS) chooses, for every shift template, day, start time
//! and length, how many agents work it, and for every break rule where each of them takes it.
//! Shifts may cross midnight; with [`ScheduleOptions::cyclic`] the horizon wraps. The plan
//! reports the solver's status, the objective recomputed from the chosen shifts, the best bound
//! and the gap.
//!
//! # Why this formulation
//!
//! - **Shift design as a network flow (running sums).** The textbook set-covering model
//!   (Dantzig 1954) has one dense row per interval: a shift of `L` slots appears in `L` rows,
//!   which at 15-minute slots makes the LP large and slow. Subtracting consecutive rows turns the
//!   interval matrix into a network matrix (Kletzander & Musliu, "Modelling and solving the
//!   minimum shift design problem", CPAIOR 2019): agents on duty follow
//!   `a_i = a_{i−1} + starts_i − ends_i`, so each shift count appears in two rows. The LP
//!   relaxation is unchanged but the model is sparser by about `L/2`.
//! - **Pattern costs** (one per distinct start time and length used on any day, as in the
//!   Minimum Shift Design benchmark) are binaries linked to counts with the tightest valid
//!   per-shift bound, plus valid "jump" inequalities: a demand step at a time where no used
//!   pattern starts or ends is paid as deviation. A plain big-M model stalls far from optimal on
//!   the 15-minute benchmark instances; see `benches/msd.rs` for what this one reaches.
//! - **Implicit break placement** (Aykin, "Optimal shift scheduling with multiple break
//!   windows", Management Science 42(4), 1996): one integer count per shift, break rule and
//!   allowed begin, with `Σ_begin b = x` per shift and rule. The explicit alternative has one
//!   column per shift and *combination* of break times, which multiplies the columns by the
//!   product of the window sizes (36 for three rules of 3, 4 and 3 begins); the implicit model
//!   adds only their sum. With ordered, disjoint break windows per template (checked) the two
//!   are equivalent: any begin times per rule can be handed to agents one by one
//!   (`tests/schedule_breaks.rs` checks that both reach the same optimum).
//!
//! The model itself is documented in `model.rs`.

mod break_rules;
mod candidates;
mod error;
mod feasibility;
mod model;
mod options;
mod plan;
mod requirement;
pub(crate) mod solve;
mod template;

pub(crate) use break_rules::hand_out as hand_out_breaks;
pub use break_rules::BreakRule;
pub use error::ScheduleError;
pub use options::MAX_COST;
pub use options::{ScheduleOptions, SolverOptions};
pub use plan::{CostSplit, Coverage, Plan, PlannedBreak, PlannedShift};
pub use requirement::{CoverRequirement, MAX_REQUIRED_AGENTS};

/// The old name of [`CoverRequirement`].
#[deprecated(
    since = "0.1.0",
    note = "renamed `CoverRequirement`: the agents the schedule must cover"
)]
pub type Requirement = CoverRequirement;
pub use solve::{highs_version, SolveStatus};
pub(crate) use template::hhmm;
pub use template::ShiftTemplate;

use good_lp::ProblemVariables;

/// Solves the shift-design model for `requirement` with `options`.
///
/// # Errors
///
/// - Invalid templates or options: [`ScheduleError::InvalidTemplate`],
///   [`ScheduleError::InvalidOption`], [`ScheduleError::NoTemplates`].
/// - [`ScheduleError::NoCandidateShifts`] when no template can start in the horizon.
/// - With [`ScheduleOptions::hard_coverage`] or [`ShiftTemplate::max_per_day`] limits that
///   cannot all be met: [`ScheduleError::Infeasible`], naming the first interval that cannot be
///   covered and the rule (see `feasibility.rs` for how it is found).
/// - A time limit is not an error: without a better plan found, the empty plan (always feasible,
///   everything under-covered) comes back with status [`SolveStatus::TimeLimit`] and the bound.
///   With hard coverage there is no such plan, and a time limit before HiGHS finds one is
///   [`ScheduleError::NoFeasiblePlan`].
/// - [`ScheduleError::Solver`] for a solver failure.
///
/// # Examples
///
/// Cover 4 agents from 08:00 to 16:00 with 8-hour shifts:
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::schedule::{schedule, CoverRequirement, ScheduleOptions, ShiftTemplate, SolveStatus};
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let need: Vec<f64> = (0..24).map(|h| if (8..16).contains(&h) { 4.0 } else { 0.0 }).collect();
/// let req = CoverRequirement::regular(t0, 3600, need).unwrap();
/// let day: ShiftTemplate = toml::from_str(r#"
///     name = "day"
///     earliest_start = "00:00"
///     latest_start = "23:00"
///     min_length_min = 480
///     max_length_min = 480
/// "#).unwrap();
/// let plan = schedule(&req, &ScheduleOptions::default().templates(vec![day])).unwrap();
/// assert_eq!(plan.status, SolveStatus::Optimal);
/// assert_eq!(plan.shifts.len(), 1);
/// assert_eq!(plan.shifts[0].count, 4);
/// assert_eq!(plan.objective, 4.0 * 480.0);
/// ```
pub fn schedule(requirement: &CoverRequirement, options: &ScheduleOptions) -> Result<Plan, ScheduleError> {
    options.check(requirement.interval_s())?;
    let cands = candidates::enumerate(requirement, &options.templates);
    if cands.is_empty() {
        return Err(ScheduleError::NoCandidateShifts {
            first: requirement.timestamps()[0],
            last: requirement.timestamps()[requirement.len() - 1],
        });
    }
    if options.hard_coverage {
        feasibility::check(&cands, requirement, options)?;
    }
    let n = requirement.len();
    let all: Vec<(candidates::Candidate, u32)> = cands
        .into_iter()
        .map(|c| {
            let u = model::upper_bound(&c, requirement, options);
            (c, u)
        })
        .filter(|(_, u)| *u > 0)
        .collect();
    let (cands, bounds): (Vec<_>, Vec<_>) = all.into_iter().unzip();
    let (problem, constraints, v) = build(&cands, &bounds, requirement, options, false);
    // Without hard coverage the empty plan (everything under-covered) is always feasible: when
    // the time limit passes before HiGHS finds a plan, it is the plan returned (status time
    // limit, with HiGHS's bound). With hard coverage there is no such plan.
    let start = (!options.hard_coverage).then(|| {
        let mut start = vec![0.0; cands.len() + 3 * n + v.patterns.len() + v.breaks.len()];
        start[cands.len() + n..cands.len() + 2 * n].copy_from_slice(requirement.agents());
        start
    });
    let solved = match solve::solve(problem, constraints, &options.solver(), start.as_deref()) {
        Err(ScheduleError::Infeasible { .. }) => return Err(diagnose(&cands, &bounds, requirement, options)),
        other => other?,
    };
    let counts: Vec<u32> = solved.columns[..cands.len()]
        .iter()
        .map(|x| x.round().max(0.0) as u32)
        .collect();
    // Break variables come after counts, agents on duty, under, over and patterns.
    let base = cands.len() + 3 * n + v.patterns.len();
    let n_rules = |k: usize| options.templates[cands[k].template].breaks.len();
    // Per start group and rule, the break begins chosen as runs (begin, agents), in begin order.
    let mut group_runs: Vec<Vec<Vec<(usize, u64)>>> =
        v.groups.iter().map(|g| vec![Vec::new(); n_rules(g[0])]).collect();
    for (i, b) in v.breaks.iter().enumerate() {
        let m = solved.columns[base + i].round().max(0.0) as u64;
        if m > 0 {
            group_runs[b.group][b.rule].push((b.offset, m));
        }
    }
    // Hand each group's begins out to its candidates' agents in order.
    let mut break_runs: Vec<Vec<Vec<(usize, u32)>>> = (0..cands.len()).map(|k| vec![Vec::new(); n_rules(k)]).collect();
    for (g, members) in v.groups.iter().enumerate() {
        let member_counts: Vec<u32> = members.iter().map(|&k| counts[k]).collect();
        for (m, runs) in members
            .iter()
            .zip(break_rules::hand_out(&group_runs[g], &member_counts))
        {
            break_runs[*m] = runs;
        }
    }
    for (k, per_rule) in break_runs.iter().enumerate() {
        let agents = |runs: &Vec<(usize, u32)>| runs.iter().map(|(_, m)| u64::from(*m)).sum::<u64>();
        if per_rule.iter().any(|r| agents(r) != u64::from(counts[k])) {
            return Err(ScheduleError::Solver(
                "HiGHS returned break counts that do not match the shift counts".into(),
            ));
        }
    }
    let (shifts, coverage, costs) = plan::build(requirement, options, &cands, &counts, &break_runs);
    let objective = costs.total;
    // Every cost is checked to be >= 0, so 0 is a valid bound when HiGHS has none yet (a time
    // limit hit before its first LP).
    let bound = solved.bound.max(0.0);
    let gap = ((objective - bound) / objective.abs().max(1e-9)).max(0.0);
    Ok(Plan {
        shifts,
        coverage,
        costs,
        status: solved.status,
        objective,
        bound,
        gap,
        seconds: solved.seconds,
    })
}

/// The model: variables, constraints and objective (see `model.rs`).
fn build(
    cands: &[candidates::Candidate],
    bounds: &[u32],
    requirement: &CoverRequirement,
    options: &ScheduleOptions,
    relax: bool,
) -> (
    good_lp::variable::UnsolvedProblem,
    Vec<good_lp::Constraint>,
    model::ModelVars,
) {
    let n = requirement.len();
    let mut vars = ProblemVariables::new();
    let v = model::add_variables(&mut vars, cands, bounds, requirement, options, relax);
    let mut constraints = model::running_sum(cands, &v, n, options.cyclic);
    constraints.extend(model::cover(&v, requirement));
    constraints.extend(model::break_assignment(&v));
    constraints.extend(model::day_limits(cands, &v, options));
    constraints.extend(model::pattern_links(&v, bounds));
    constraints.extend(model::cut_set_cuts(cands, bounds, &v, requirement, options.cyclic));
    let objective = model::objective(cands, &v, requirement, options);
    (vars.minimise(objective), constraints, v)
}

/// After HiGHS proved the hard rules infeasible: the elastic LP relaxation (the same rules,
/// under-cover allowed and the only cost) names the first interval left short.
fn diagnose(
    cands: &[candidates::Candidate],
    bounds: &[u32],
    requirement: &CoverRequirement,
    options: &ScheduleOptions,
) -> ScheduleError {
    let mut elastic = options
        .clone()
        .hard_coverage(false)
        .under_cost(1.0)
        .over_cost(0.0)
        .pattern_cost(0.0);
    for t in &mut elastic.templates {
        t.cost_per_min = 0.0;
    }
    let (problem, constraints, _) = build(cands, bounds, requirement, &elastic, true);
    let n = requirement.len();
    match solve::solve(problem, constraints, &elastic.solver(), None) {
        Ok(solved) => {
            // Columns: counts, agents on duty, then under-cover.
            let first = cands.len() + n;
            feasibility::diagnose(&solved.columns[first..first + n], requirement, options)
        }
        Err(e) => ScheduleError::Infeasible {
            row: None,
            interval: None,
            reason: format!("HiGHS proved that no plan meets the hard rules, and the diagnosis failed: {e}"),
        },
    }
}
