//! Hard-rule diagnosis: which interval or rule makes a schedule infeasible.
//!
//! With [`ScheduleOptions::hard_coverage`] every interval's requirement must be met, and
//! [`super::ShiftTemplate::max_per_day`] caps the agents a template may start per day. Before
//! solving, two per-interval checks name the first interval that cannot be met:
//!
//! 1. **Uncoverable:** no candidate shift covers the interval with an agent at work (every
//!    allowed begin of some break rule puts the agent on break there counts as not covering).
//! 2. **Over the limits:** the requirement exceeds what the capped templates can put on the
//!    interval: `Σ_{template, day} max_per_day` over the template-days with a candidate covering it.
//!
//! Both are necessary conditions only. When they pass but HiGHS still proves the model
//! infeasible (the limits conflict across intervals, or only fractional plans exist),
//! [`diagnose`] solves the *elastic* LP relaxation — the same rules, under-cover allowed, the
//! objective `Σ under` — and names the first interval it leaves short.

use chrono::NaiveDateTime;

use super::candidates::Candidate;
use super::{CoverRequirement, ScheduleError, ScheduleOptions};

/// True when an agent on `c` can be at work in interval `i` (which `c` covers): for every break
/// rule some allowed begin keeps the break off `i`.
pub(crate) fn can_work(c: &Candidate, i: usize, req: &CoverRequirement, opts: &ScheduleOptions) -> bool {
    blocking_rule(c, i, req, opts).is_none()
}

/// The first break rule of `c`'s template whose every allowed begin puts the agent on break in
/// interval `i` (which `c` covers).
fn blocking_rule<'a>(c: &Candidate, i: usize, req: &CoverRequirement, opts: &'a ScheduleOptions) -> Option<&'a str> {
    let n = req.len();
    let pos = (i + n - c.first_interval % n) % n;
    opts.templates[c.template]
        .breaks
        .iter()
        .find(|rule| {
            let len = rule.intervals(req.interval_s());
            rule.offsets(req.interval_s()).all(|o| (o..o + len).contains(&pos))
        })
        .map(|rule| rule.name.as_str())
}

/// Why no candidate can work interval `i`: the templates whose shifts cover it but always have
/// a break there, with the rule, or the generic advice when no shift covers it at all.
fn uncoverable_reason(cands: &[Candidate], i: usize, req: &CoverRequirement, opts: &ScheduleOptions) -> String {
    let mut blocked = std::collections::BTreeSet::new();
    for c in cands {
        if c.covered(req.len(), opts.cyclic).any(|j| j == i) {
            if let Some(rule) = blocking_rule(c, i, req, opts) {
                blocked.insert(format!("`{}` (break `{rule}`)", opts.templates[c.template].name));
            }
        }
    }
    if blocked.is_empty() {
        "no shift template can cover it with hard_coverage (check the templates' start windows, lengths and days)"
            .to_string()
    } else {
        format!(
            "every shift that covers it is on break then with hard_coverage: {} (check the break windows)",
            blocked.into_iter().collect::<Vec<_>>().join(", ")
        )
    }
}

fn infeasible(req: &CoverRequirement, i: usize, reason: String) -> ScheduleError {
    ScheduleError::Infeasible {
        row: Some(i + 1),
        interval: Some(req.timestamps()[i]),
        reason,
    }
}

/// Row (from 1), interval start, and the requirement as words ("1 agent", "2.5 agents").
fn describe(req: &CoverRequirement, i: usize) -> (usize, NaiveDateTime, String) {
    let need = req.agents()[i];
    let words = if need == 1.0 {
        "1 agent".to_string()
    } else {
        format!("{need} agents")
    };
    (i + 1, req.timestamps()[i], words)
}

/// The per-interval checks of the module docs, over the candidates (before any is dropped).
///
/// # Errors
///
/// [`ScheduleError::Infeasible`] naming the first interval that fails, and the rule.
pub(crate) fn check(cands: &[Candidate], req: &CoverRequirement, opts: &ScheduleOptions) -> Result<(), ScheduleError> {
    let n = req.len();
    // Per interval: the template-days with a candidate that can work it.
    let mut reach: Vec<std::collections::BTreeSet<(usize, chrono::NaiveDate)>> = vec![Default::default(); n];
    for c in cands {
        for i in c.covered(n, opts.cyclic) {
            if req.agents()[i] > 0.0 && can_work(c, i, req, opts) {
                reach[i].insert((c.template, c.start.date()));
            }
        }
    }
    for (i, r) in reach.iter().enumerate() {
        let (row, ts, words) = describe(req, i);
        let need = req.agents()[i];
        if need <= 0.0 {
            continue;
        }
        if r.is_empty() {
            return Err(infeasible(
                req,
                i,
                format!(
                    "requirement row {row} ({ts}) needs {words}, but {}",
                    uncoverable_reason(cands, i, req, opts)
                ),
            ));
        }
        if r.iter().all(|(t, _)| opts.templates[*t].max_per_day.is_some()) {
            let available: u64 = r
                .iter()
                .map(|(t, _)| opts.templates[*t].max_per_day.unwrap_or(0) as u64)
                .sum();
            if need > available as f64 {
                let mut names: Vec<String> = r
                    .iter()
                    .map(|(t, _)| {
                        let t = &opts.templates[*t];
                        format!("`{}` (max_per_day {})", t.name, t.max_per_day.unwrap_or(0))
                    })
                    .collect();
                names.dedup();
                return Err(infeasible(
                    req,
                    i,
                    format!(
                        "requirement row {row} ({ts}) needs {words}, but the max_per_day limits of the templates \
                         that can cover it, {}, put at most {available} agents on it with hard_coverage",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Names the first interval left short by the elastic LP relaxation: `under` holds its
/// under-cover per interval. `limited` lists the templates with a `max_per_day`.
pub(crate) fn diagnose(under: &[f64], req: &CoverRequirement, opts: &ScheduleOptions) -> ScheduleError {
    let limited: Vec<String> = opts
        .templates
        .iter()
        .filter_map(|t| t.max_per_day.map(|m| format!("`{}` (max_per_day {m})", t.name)))
        .collect();
    let rules = if limited.is_empty() {
        "the templates' windows".to_string()
    } else {
        format!("the max_per_day limits of {}", limited.join(", "))
    };
    let total: f64 = under.iter().sum();
    match under.iter().position(|u| *u > 1e-6) {
        Some(i) => {
            let (row, ts, words) = describe(req, i);
            let short = under.iter().filter(|u| **u > 1e-6).count();
            infeasible(
                req,
                i,
                format!(
                    "with hard_coverage and {rules}, even the best fractional plan leaves {total:.2} agent-intervals \
                     short, over {short} intervals; the first of them is requirement row {row} ({ts}), which needs {words} \
                     (other plans as good may leave other intervals short)"
                ),
            )
        }
        None => ScheduleError::Infeasible {
            row: None,
            interval: None,
            reason: format!(
                "with hard_coverage and {rules}, a fractional plan covers every interval but no whole-agent plan does: \
                 raise the limits or relax hard_coverage"
            ),
        },
    }
}
