//! [`Plan`]: the shifts chosen, the coverage they give, and how the solver finished.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::candidates::Candidate;
use super::solve::SolveStatus;
use super::{CoverRequirement, ScheduleOptions};

/// A shift used by the plan, with how many agents work it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedShift {
    /// Day the shift starts.
    pub date: NaiveDate,
    /// Template name.
    pub shift: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End (may be on the next day).
    pub end: NaiveDateTime,
    /// Length in minutes.
    pub length_min: u32,
    /// Paid minutes per agent: the length less unpaid breaks.
    pub paid_minutes: u32,
    /// Number of agents working this shift with these breaks.
    pub count: u32,
    /// The breaks each of these agents takes, in order of the template's break rules.
    pub breaks: Vec<PlannedBreak>,
}

/// A break in a planned shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedBreak {
    /// The break rule's name (its activity kind, e.g. "break" or "lunch").
    pub kind: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Whether it is paid.
    pub paid: bool,
}

/// Required against scheduled agents per interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Interval starts.
    pub timestamps: Vec<NaiveDateTime>,
    /// Agents required.
    pub required: Vec<f64>,
    /// Agents on duty.
    pub scheduled: Vec<u32>,
    /// `max(required − scheduled, 0)`.
    pub short: Vec<f64>,
    /// `max(scheduled − required, 0)`.
    pub over: Vec<f64>,
}

/// The objective split into its parts. `total` is recomputed from the plan's shifts and
/// coverage, not read from the solver.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostSplit {
    /// Paid cost: Σ count × length × cost per minute.
    pub paid: f64,
    /// Under-cover cost: Σ short × interval minutes × under cost.
    pub under: f64,
    /// Over-cover cost: Σ over × interval minutes × over cost.
    pub over: f64,
    /// Pattern cost: distinct (start time of day, length) pairs used × pattern cost.
    pub patterns: f64,
    /// Number of distinct (start time of day, length) pairs used.
    pub patterns_used: usize,
    /// The sum of the parts.
    pub total: f64,
}

/// The result of [`super::schedule`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Shifts with a positive count, ordered by start then template.
    pub shifts: Vec<PlannedShift>,
    /// Coverage per interval.
    pub coverage: Coverage,
    /// The objective, split.
    pub costs: CostSplit,
    /// How the solver finished.
    pub status: SolveStatus,
    /// Objective of the plan (equal to `costs.total`).
    pub objective: f64,
    /// Best lower bound proven by the solver (0 when it had none yet: every cost is >= 0).
    pub bound: f64,
    /// Relative gap `(objective − bound) / max(|objective|, 1e-9)`, at least 0.
    pub gap: f64,
    /// Wall time of the solve, in seconds. The only field that varies between identical runs.
    pub seconds: f64,
}

/// Builds the plan from integer counts per candidate and break begins per (candidate, rule),
/// recomputing coverage and costs.
///
/// `break_runs[k][j]` lists the begins (in intervals after the shift start) of break `j` of the
/// agents of candidate `k` as runs (begin, agents), in increasing begin, `counts[k]` agents in
/// all. Agent `a` takes the `a`-th begin of every rule: with ordered, disjoint windows any such
/// pairing is a valid set of breaks. Agents with the same breaks share a row.
pub(crate) fn build(
    req: &CoverRequirement,
    opts: &ScheduleOptions,
    cands: &[Candidate],
    counts: &[u32],
    break_runs: &[Vec<Vec<(usize, u32)>>],
) -> (Vec<PlannedShift>, Coverage, CostSplit) {
    let n = req.len();
    let step = Duration::seconds(req.interval_s() as i64);
    let mut scheduled = vec![0i64; n];
    let mut shifts = Vec::new();
    let mut paid = 0.0;
    for (k, (c, &count)) in cands.iter().zip(counts).enumerate() {
        if count == 0 {
            continue;
        }
        let t = &opts.templates[c.template];
        let paid_minutes = c.length_min - t.unpaid_break_min();
        paid += count as f64 * paid_minutes as f64 * t.cost_per_min;
        for i in c.covered(n, opts.cyclic) {
            scheduled[i] += count as i64;
        }
        for (offsets, m) in break_groups(&break_runs[k], count) {
            let mut breaks = Vec::new();
            for (j, &o) in offsets.iter().enumerate() {
                let rule = &t.breaks[j];
                let len = rule.intervals(req.interval_s());
                for i in c.first_interval + o..c.first_interval + o + len {
                    if opts.cyclic {
                        scheduled[i % n] -= m as i64;
                    } else if i < n {
                        scheduled[i] -= m as i64;
                    }
                }
                let start = c.start + step * o as i32;
                breaks.push(PlannedBreak {
                    kind: rule.name.clone(),
                    start,
                    end: start + Duration::minutes(rule.length_min as i64),
                    paid: rule.paid,
                });
            }
            shifts.push(PlannedShift {
                date: c.start.date(),
                shift: t.name.clone(),
                start: c.start,
                end: c.start + Duration::minutes(c.length_min as i64),
                length_min: c.length_min,
                paid_minutes,
                count: m,
                breaks,
            });
        }
    }
    let scheduled: Vec<u32> = scheduled.into_iter().map(|x| x.max(0) as u32).collect();
    shifts.sort_by(|a, b| {
        (a.start, &a.shift, a.length_min, a.breaks.first().map(|x| x.start)).cmp(&(
            b.start,
            &b.shift,
            b.length_min,
            b.breaks.first().map(|x| x.start),
        ))
    });
    let interval_min = req.interval_s() as f64 / 60.0;
    let required = req.agents().to_vec();
    let short: Vec<f64> = required
        .iter()
        .zip(&scheduled)
        .map(|(r, &s)| (r - s as f64).max(0.0))
        .collect();
    let over: Vec<f64> = required
        .iter()
        .zip(&scheduled)
        .map(|(r, &s)| (s as f64 - r).max(0.0))
        .collect();
    let under_cost = short.iter().sum::<f64>() * interval_min * opts.under_cost;
    let over_cost = over.iter().sum::<f64>() * interval_min * opts.over_cost;
    let patterns_used = shifts
        .iter()
        .map(|s| (s.start.time(), s.length_min))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let patterns = patterns_used as f64 * opts.pattern_cost;
    let costs = CostSplit {
        paid,
        under: under_cost,
        over: over_cost,
        patterns,
        patterns_used,
        total: paid + under_cost + over_cost + patterns,
    };
    let coverage = Coverage {
        interval_s: req.interval_s(),
        timestamps: req.timestamps().to_vec(),
        required,
        scheduled,
        short,
        over,
    };
    (shifts, coverage, costs)
}

/// The distinct tuples of break begins (one per rule) of `count` agents, each with its number of
/// agents, in increasing order, from each rule's runs of (begin, agents): agent `a` takes the
/// `a`-th begin of every rule. Walking the runs together costs the number of runs, not of agents.
fn break_groups(runs: &[Vec<(usize, u32)>], count: u32) -> Vec<(Vec<usize>, u32)> {
    if runs.is_empty() {
        return vec![(Vec::new(), count)];
    }
    let mut pos = vec![0usize; runs.len()];
    let mut used = vec![0u32; runs.len()];
    let mut out = Vec::new();
    let mut left = count;
    while left > 0 {
        let mut key = Vec::with_capacity(runs.len());
        let mut m = left;
        for (j, r) in runs.iter().enumerate() {
            let Some(&(begin, agents)) = r.get(pos[j]) else {
                return out;
            };
            key.push(begin);
            m = m.min(agents - used[j]);
        }
        if m == 0 {
            return out;
        }
        for (j, r) in runs.iter().enumerate() {
            used[j] += m;
            if used[j] == r[pos[j]].1 {
                pos[j] += 1;
                used[j] = 0;
            }
        }
        out.push((key, m));
        left -= m;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::break_groups;

    /// Agent `a` takes the `a`-th begin of each rule: 5 agents with begins [2, 2, 3, 3, 3] for
    /// rule 0 and [6, 7, 7, 7, 8] for rule 1 have the tuples (2,6), (2,7), (3,7) ×2, (3,8).
    #[test]
    fn groups_follow_the_runs_of_every_rule() {
        let runs = vec![vec![(2, 2), (3, 3)], vec![(6, 1), (7, 3), (8, 1)]];
        assert_eq!(
            break_groups(&runs, 5),
            vec![(vec![2, 6], 1), (vec![2, 7], 1), (vec![3, 7], 2), (vec![3, 8], 1)]
        );
        assert_eq!(break_groups(&[], 4), vec![(vec![], 4)]);
        // Four billion agents: one row, no per-agent work.
        assert_eq!(
            break_groups(&[vec![(1, u32::MAX)]], u32::MAX),
            vec![(vec![1], u32::MAX)]
        );
    }
}
