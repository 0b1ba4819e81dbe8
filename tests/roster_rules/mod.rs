//! An independent checker of a returned roster's hard rules and objective, written from the
//! public docs of `wfmkit::roster` (contract.rs, agent.rs, problem.rs) and never from the model.
//! It reads `roster.shifts` alone (agent_id, date, shift, start, end, paid_minutes, breaks).
//!
//! Conventions (from the docs): day `d` is `problem.start + d`; weeks are 7-day blocks from day
//! 0, a trailing short block of `len` days gets weekly maxima `ceil(v * len / 7)` and minima
//! `floor(v * len / 7)`; a run of working days or of days off touching day 0 or the last day
//! is exempt from the minimum run rules, maxima apply to every run; a weekend is a Saturday and
//! the following Sunday inside the horizon (a Saturday on the last day alone), or a Sunday on
//! day 0 alone, worked if either day is worked; rest is measured between any two shifts of an
//! agent (end of the earlier to start of the later), and two shifts may never overlap.
#![allow(dead_code)]

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use wfmkit::roster::{AgentShift, Cover, RequestKind, Roster, RosterProblem, ShiftKind};
use wfmkit::schedule::{CoverRequirement, ShiftTemplate};

fn minutes_of_day(t: chrono::NaiveTime) -> u32 {
    t.num_seconds_from_midnight() / 60
}

fn templates(problem: &RosterProblem) -> &[ShiftTemplate] {
    match &problem.cover {
        Cover::PerInterval { templates, .. } | Cover::PerQueue { templates, .. } => templates,
        _ => &[],
    }
}

/// The interval grid: the requirement, or the first queue's (all queues share it).
fn grid(problem: &RosterProblem) -> Option<&CoverRequirement> {
    match &problem.cover {
        Cover::PerInterval { requirement, .. } => Some(requirement),
        Cover::PerQueue { queues, .. } => Some(&queues[0].requirement),
        _ => None,
    }
}

fn kind<'a>(problem: &'a RosterProblem, name: &str) -> Option<&'a ShiftKind> {
    problem.shifts.iter().find(|k| k.name == name)
}

fn template_of<'a>(problem: &'a RosterProblem, k: &ShiftKind) -> Option<&'a ShiftTemplate> {
    let name = k.template.as_deref()?;
    templates(problem).iter().find(|t| t.name == name)
}

/// Whether a contract's (or max_shifts') name `n` names kind `k`: by its own or its template's name.
fn names(n: &str, k: &ShiftKind) -> bool {
    k.name == n || k.template.as_deref() == Some(n)
}

fn scaled(v: u32, len: usize, up: bool) -> u32 {
    if len >= 7 {
        return v;
    }
    let x = v as u64 * len as u64;
    (if up { x.div_ceil(7) } else { x / 7 }) as u32
}

/// Maximal runs `(first, last)` of days where `pred` holds.
fn runs(flags: &[bool], pred: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut d = 0;
    while d < flags.len() {
        if flags[d] == pred {
            let s = d;
            while d + 1 < flags.len() && flags[d + 1] == pred {
                d += 1;
            }
            out.push((s, d));
        }
        d += 1;
    }
    out
}

/// Every hard rule, breaks included.
pub fn violations(problem: &RosterProblem, roster: &Roster) -> Vec<String> {
    let mut v = assignment_violations(problem, &roster.shifts);
    v.extend(break_violations(problem, &roster.shifts));
    v
}

/// The rules on which agent works which shift on which day (everything but breaks).
pub fn assignment_violations(problem: &RosterProblem, shifts: &[AgentShift]) -> Vec<String> {
    let mut out = Vec::new();
    let n = problem.days;
    let last = problem.start + Duration::days(n as i64 - 1);
    let day_of = |date: NaiveDate| -> Option<usize> {
        let d = (date - problem.start).num_days();
        (0..n as i64).contains(&d).then_some(d as usize)
    };
    // Per agent: the shifts by day.
    let mut by_agent: BTreeMap<&str, Vec<Vec<&AgentShift>>> = BTreeMap::new();
    for a in &problem.agents {
        by_agent.insert(a.agent_id.as_str(), vec![Vec::new(); n]);
    }
    for s in shifts {
        let Some(days) = by_agent.get_mut(s.agent_id.as_str()) else {
            out.push(format!("unknown agent `{}`", s.agent_id));
            continue;
        };
        let Some(d) = day_of(s.date) else {
            out.push(format!(
                "agent {}: shift on {} outside the horizon {} .. {last}",
                s.agent_id, s.date, problem.start
            ));
            continue;
        };
        let Some(k) = kind(problem, &s.shift) else {
            out.push(format!(
                "agent {}: unknown shift `{}` on {}",
                s.agent_id, s.shift, s.date
            ));
            continue;
        };
        // The row must describe the shift kind.
        let start = s.date.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minutes_of_day(k.start) as i64);
        if s.start != start || s.end != start + Duration::minutes(k.length_min as i64) {
            out.push(format!(
                "agent {}: shift `{}` on {} runs {} .. {}, but the kind says {} for {} min",
                s.agent_id, s.shift, s.date, s.start, s.end, start, k.length_min
            ));
        }
        let unpaid = template_of(problem, k).map_or(0, |t| t.unpaid_break_min());
        if s.paid_minutes != k.length_min - unpaid {
            out.push(format!(
                "agent {}: shift `{}` on {} has paid_minutes {}, expected {}",
                s.agent_id,
                s.shift,
                s.date,
                s.paid_minutes,
                k.length_min - unpaid
            ));
        }
        days[d].push(s);
    }
    let weekends: Vec<Vec<usize>> = (0..n)
        .filter_map(|d| match (problem.start + Duration::days(d as i64)).weekday() {
            Weekday::Sat => Some((d..(d + 2).min(n)).collect()),
            Weekday::Sun if d == 0 => Some(vec![0]),
            _ => None,
        })
        .collect();
    for agent in &problem.agents {
        let id = agent.agent_id.as_str();
        let days = &by_agent[id];
        let mut push = |rule: &str, detail: String| out.push(format!("agent {id}: {rule}: {detail}"));
        let Some(c) = problem.contracts.iter().find(|c| c.name == agent.contract) else {
            push("contract", format!("unknown contract {}", agent.contract));
            continue;
        };
        // One shift per agent-day.
        for (d, list) in days.iter().enumerate() {
            if list.len() > 1 {
                push("one shift per day", format!("{} shifts on day {d}", list.len()));
            }
        }
        let cell: Vec<Option<&AgentShift>> = days.iter().map(|l| l.first().copied()).collect();
        let work: Vec<bool> = cell.iter().map(Option::is_some).collect();
        let all: Vec<&AgentShift> = days.iter().flatten().copied().collect();
        for s in &all {
            let d = day_of(s.date).unwrap();
            let k = kind(problem, &s.shift).unwrap();
            let wd = s.date.weekday();
            // Contract shifts.
            if let Some(allowed) = &c.shifts {
                if !allowed.iter().any(|n| names(n, k)) {
                    push(
                        "shifts",
                        format!("works `{}` on {}, not in the contract's shifts", k.name, s.date),
                    );
                }
            }
            // Days off.
            if agent.days_off.contains(&s.date) {
                push("days_off", format!("works `{}` on {}, a day off", k.name, s.date));
            }
            // Availability: a date's windows replace its weekday's; empty list: any time.
            if !agent.availability.is_empty() {
                let dated: Vec<_> = agent.availability.iter().filter(|w| w.date == Some(s.date)).collect();
                let windows = if dated.is_empty() {
                    agent
                        .availability
                        .iter()
                        .filter(|w| w.date.is_none() && w.weekday == Some(wd))
                        .collect()
                } else {
                    dated
                };
                let st = minutes_of_day(k.start);
                let en = st + k.length_min;
                let inside = windows.iter().any(|w| {
                    let f = minutes_of_day(w.from);
                    let t = match w.to {
                        None => 1440,
                        Some(t) if minutes_of_day(t) <= f => minutes_of_day(t) + 1440,
                        Some(t) => minutes_of_day(t),
                    };
                    f <= st && en <= t
                });
                if !inside {
                    push(
                        "availability",
                        format!("works `{}` on {} outside its availability windows", k.name, s.date),
                    );
                }
            }
            // Interval form: the template's days, and a start on the requirement's grid.
            if let Some(requirement) = grid(problem) {
                match template_of(problem, k) {
                    None => push("template", format!("shift `{}` names no template", k.name)),
                    Some(t) => {
                        if !t.allows(wd) {
                            push(
                                "template days",
                                format!("works `{}` on a {wd:?}, not a day of template {}", k.name, t.name),
                            );
                        }
                    }
                }
                let ts = requirement.timestamps();
                if s.start < ts[0] || s.start > ts[ts.len() - 1] {
                    push(
                        "grid",
                        format!("shift `{}` on {} starts outside the requirement", k.name, s.date),
                    );
                }
            }
            let _ = d;
        }
        // Locked days.
        for l in &agent.locked {
            let Some(d) = day_of(l.date) else {
                push("locked", format!("lock on {} outside the horizon", l.date));
                continue;
            };
            let got = cell[d].map(|s| s.shift.as_str());
            if got != l.shift.as_deref() {
                push(
                    "locked",
                    format!("{} is locked to {:?} but the roster has {:?}", l.date, l.shift, got),
                );
            }
        }
        // Minutes over the horizon and per week; days per week.
        let total: u32 = all.iter().map(|s| s.paid_minutes).sum();
        if let Some(m) = c.min_minutes {
            if total < m {
                push("min_minutes", format!("{total} paid minutes < {m}"));
            }
        }
        if let Some(m) = c.max_minutes {
            if total > m {
                push("max_minutes", format!("{total} paid minutes > {m}"));
            }
        }
        for (w, d0) in (0..n).step_by(7).enumerate() {
            let len = 7.min(n - d0);
            let mins: u32 = days[d0..d0 + len].iter().flatten().map(|s| s.paid_minutes).sum();
            let worked = work[d0..d0 + len].iter().filter(|&&x| x).count() as u32;
            let week = w + 1;
            if let Some(m) = c.min_minutes_per_week {
                let m = scaled(m, len, false);
                if mins < m {
                    push("min_minutes_per_week", format!("week {week}: {mins} < {m}"));
                }
            }
            if let Some(m) = c.max_minutes_per_week {
                let m = scaled(m, len, true);
                if mins > m {
                    push("max_minutes_per_week", format!("week {week}: {mins} > {m}"));
                }
            }
            if let Some(m) = c.min_days_per_week {
                let m = scaled(m, len, false);
                if worked < m {
                    push("min_days_per_week", format!("week {week}: {worked} days < {m}"));
                }
            }
            if let Some(m) = c.max_days_per_week {
                let m = scaled(m, len, true);
                if worked > m {
                    push("max_days_per_week", format!("week {week}: {worked} days > {m}"));
                }
            }
        }
        // Max shifts per name.
        for (name, &limit) in &c.max_shifts {
            let count = all
                .iter()
                .filter(|s| names(name, kind(problem, &s.shift).unwrap()))
                .count() as u32;
            if count > limit {
                push("max_shifts", format!("{count} shifts of `{name}` > {limit}"));
            }
        }
        // Runs.
        for (s, e) in runs(&work, true) {
            let len = (e - s + 1) as u32;
            let inner = s > 0 && e + 1 < n;
            if let Some(m) = c.max_consecutive_days {
                if len > m {
                    push("max_consecutive_days", format!("works days {s}..={e}: {len} > {m}"));
                }
            }
            if let Some(m) = c.min_consecutive_days {
                if inner && len < m {
                    push("min_consecutive_days", format!("works days {s}..={e}: {len} < {m}"));
                }
            }
        }
        for (s, e) in runs(&work, false) {
            let len = (e - s + 1) as u32;
            if let Some(m) = c.min_consecutive_days_off {
                if s > 0 && e + 1 < n && len < m {
                    push("min_consecutive_days_off", format!("off days {s}..={e}: {len} < {m}"));
                }
            }
        }
        // Weekends.
        if let Some(m) = c.max_weekends {
            let worked = weekends.iter().filter(|w| w.iter().any(|&d| work[d])).count() as u32;
            if worked > m {
                push("max_weekends", format!("{worked} weekends worked > {m}"));
            }
        }
        // Rest and overlap between any two shifts.
        let rest = c.min_rest_min.unwrap_or(0) as i64;
        let mut sorted = all.clone();
        sorted.sort_by_key(|s| s.start);
        for i in 0..sorted.len() {
            for j in i + 1..sorted.len() {
                let (a, b) = (sorted[i], sorted[j]);
                let gap = (b.start - a.end).num_minutes();
                if gap < 0 {
                    push(
                        "overlap",
                        format!("`{}` on {} overlaps `{}` on {}", a.shift, a.date, b.shift, b.date),
                    );
                } else if gap < rest {
                    push(
                        "min_rest_min",
                        format!(
                            "{gap} min between `{}` on {} and `{}` on {} < {rest}",
                            a.shift, a.date, b.shift, b.date
                        ),
                    );
                }
            }
        }
        // Successions on the next day.
        for d in 0..n.saturating_sub(1) {
            if let (Some(a), Some(b)) = (cell[d], cell[d + 1]) {
                let k = kind(problem, &a.shift).unwrap();
                if k.cannot_follow.contains(&b.shift) {
                    push(
                        "cannot_follow",
                        format!("`{}` on day {d} then `{}` on day {}", a.shift, b.shift, d + 1),
                    );
                }
                let kb = kind(problem, &b.shift).unwrap();
                if c.forbidden_successions.iter().any(|[f, x]| names(f, k) && names(x, kb)) {
                    push(
                        "forbidden_successions",
                        format!("`{}` on day {d} then `{}` on day {}", a.shift, b.shift, d + 1),
                    );
                }
            }
        }
    }
    out
}

/// Breaks: per-shift form none; interval form one per rule of the template, in order, of the
/// rule's length and pay, beginning inside the rule's window, on the grid, inside the shift,
/// not overlapping.
pub fn break_violations(problem: &RosterProblem, shifts: &[AgentShift]) -> Vec<String> {
    let mut out = Vec::new();
    let interval_min = grid(problem).map_or(1, |r| r.interval_s() as i64 / 60);
    for s in shifts {
        let Some(k) = kind(problem, &s.shift) else { continue };
        let rules = template_of(problem, k).map_or(&[][..], |t| t.breaks.as_slice());
        let mut push = |detail: String| {
            out.push(format!(
                "agent {}: breaks: `{}` on {}: {detail}",
                s.agent_id, s.shift, s.date
            ))
        };
        if s.breaks.len() != rules.len() {
            push(format!("{} breaks for {} rules", s.breaks.len(), rules.len()));
            continue;
        }
        let mut prev_end: Option<NaiveDateTime> = None;
        for (b, r) in s.breaks.iter().zip(rules) {
            let off = (b.start - s.start).num_minutes();
            if b.start < s.start || b.end > s.end {
                push(format!(
                    "break {} .. {} outside the shift {} .. {}",
                    b.start, b.end, s.start, s.end
                ));
            }
            if (b.end - b.start).num_minutes() != r.length_min as i64 || b.paid != r.paid || b.kind != r.name {
                push(format!(
                    "break {} .. {} does not match rule `{}`",
                    b.start, b.end, r.name
                ));
            }
            if off < r.earliest_after_start_min as i64
                || off > r.latest_after_start_min as i64
                || off % interval_min != 0
            {
                push(format!(
                    "break begins {off} min after the start, outside {}..={}",
                    r.earliest_after_start_min, r.latest_after_start_min
                ));
            }
            if prev_end.is_some_and(|e| b.start < e) {
                push(format!("break at {} overlaps the previous one", b.start));
            }
            prev_end = Some(b.end);
        }
    }
    out
}

/// Refused requests' and missed start preferences' weights, from the roster's shifts alone.
pub fn request_cost(problem: &RosterProblem, shifts: &[AgentShift]) -> f64 {
    let mut total = 0.0;
    for a in &problem.agents {
        for r in &a.requests {
            let on: Option<&str> = shifts
                .iter()
                .find(|s| s.agent_id == a.agent_id && s.date == r.date)
                .map(|s| s.shift.as_str());
            let granted = match r.kind {
                RequestKind::ShiftOn => on == r.shift.as_deref(),
                RequestKind::ShiftOff => on != r.shift.as_deref(),
                RequestKind::DayOff => on.is_none(),
                RequestKind::DayOn => on.is_some(),
            };
            if !granted {
                total += r.weight;
            }
        }
        // Preferred starts: each worked shift pays every preference of its day whose window
        // (from..=to, wrapping past midnight when to < from) misses the shift's start time.
        for s in shifts.iter().filter(|s| s.agent_id == a.agent_id) {
            let t = minutes_of_day(s.start.time());
            for ps in &a.preferred_starts {
                let applies = match (ps.date, ps.weekday) {
                    (Some(date), _) => date == s.date,
                    (None, Some(w)) => w == s.date.weekday(),
                    (None, None) => true,
                };
                let (f, to) = (minutes_of_day(ps.from), minutes_of_day(ps.to));
                let inside = if f <= to { f <= t && t <= to } else { t >= f || t <= to };
                if applies && !inside {
                    total += ps.weight;
                }
            }
        }
    }
    total
}

/// The per-shift form's objective (fairness off): refused requests plus, per cover row, agents
/// short × under weight and agents over × over weight.
pub fn shift_cover_objective(problem: &RosterProblem, roster: &Roster) -> f64 {
    let Cover::PerShift(rows) = &problem.cover else {
        panic!("shift_cover_objective needs Cover::PerShift");
    };
    let mut total = request_cost(problem, &roster.shifts);
    for r in rows {
        let got = roster
            .shifts
            .iter()
            .filter(|s| s.date == r.date && s.shift == r.shift)
            .count() as f64;
        let need = r.required as f64;
        total += (need - got).max(0.0) * r.under_weight + (got - need).max(0.0) * r.over_weight;
    }
    total
}

/// The interval form's objective (fairness off): agent-minutes short × under cost and over ×
/// over cost per interval (an agent counts in every interval of its shift but those of its
/// breaks), plus paid minutes × the template's cost per minute, plus refused requests.
///
/// With two queues (`Cover::PerQueue`), agents are counted per skill set (only the first,
/// only the second, both: no skills means both), and the least short-fall is, by hand,
/// `min(N₁, R₁) + min(N₂, R₂)` served by the dedicated agents plus `min(N₁₂, what they leave)`
/// by the flexible ones; over-cover is then whatever time is left. More queues: panics.
pub fn interval_objective(problem: &RosterProblem, roster: &Roster) -> f64 {
    let (requirements, under_cost, over_cost): (Vec<(Option<&str>, &CoverRequirement)>, f64, f64) = match &problem.cover
    {
        Cover::PerInterval {
            requirement,
            under_cost,
            over_cost,
            ..
        } => (vec![(None, requirement)], *under_cost, *over_cost),
        Cover::PerQueue {
            queues,
            under_cost,
            over_cost,
            ..
        } => {
            assert!(
                queues.len() == 2,
                "the checker recomputes the split for two queues only"
            );
            (
                queues
                    .iter()
                    .map(|q| (Some(q.queue.as_str()), &q.requirement))
                    .collect(),
                *under_cost,
                *over_cost,
            )
        }
        _ => panic!("interval_objective needs an interval cover"),
    };
    let requirement = requirements[0].1;
    let ts = requirement.timestamps();
    let step = requirement.interval_s() as i64;
    // on[set][t]: set 0 = both queues (or the only queue), 1 = first only, 2 = second only.
    let mut on = vec![vec![0i64; ts.len()]; 3];
    let index = |t: NaiveDateTime| -> i64 { (t - ts[0]).num_seconds().div_euclid(step) };
    let set_of = |agent_id: &str| -> usize {
        let a = problem.agents.iter().find(|a| a.agent_id == agent_id).unwrap();
        if requirements.len() == 1 || a.skills.is_empty() {
            return 0;
        }
        let has = |k: usize| a.skills.iter().any(|s| Some(s.as_str()) == requirements[k].0);
        match (has(0), has(1)) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => panic!("agent {agent_id} serves neither queue"),
        }
    };
    let mut paid = 0.0;
    for s in &roster.shifts {
        let on = &mut on[set_of(&s.agent_id)];
        let mut add = |a: NaiveDateTime, b: NaiveDateTime, by: i64| {
            for i in index(a)..index(b) {
                if (0..on.len() as i64).contains(&i) {
                    on[i as usize] += by;
                }
            }
        };
        add(s.start, s.end, 1);
        for b in &s.breaks {
            add(b.start, b.end, -1);
        }
        let k = kind(problem, &s.shift).unwrap();
        paid += s.paid_minutes as f64 * template_of(problem, k).map_or(0.0, |t| t.cost_per_min);
    }
    let minutes = step as f64 / 60.0;
    let mut cover = 0.0;
    for t in 0..ts.len() {
        let (short, over) = if requirements.len() == 1 {
            let (r, got) = (requirement.agents()[t], on[0][t] as f64);
            ((r - got).max(0.0), (got - r).max(0.0))
        } else {
            let (r1, r2) = (requirements[0].1.agents()[t], requirements[1].1.agents()[t]);
            let (n12, n1, n2) = (on[0][t] as f64, on[1][t] as f64, on[2][t] as f64);
            let dedicated = n1.min(r1) + n2.min(r2);
            let flexible = n12.min((r1 - n1).max(0.0) + (r2 - n2).max(0.0));
            let served = dedicated + flexible;
            (r1 + r2 - served, n1 + n2 + n12 - served)
        };
        cover += short * minutes * under_cost + over * minutes * over_cost;
    }
    cover + paid + request_cost(problem, &roster.shifts)
}

/// A roster row for `shift` on `date` for `agent_id`, without breaks (for hand-made and
/// changed rosters).
pub fn row(problem: &RosterProblem, agent_id: &str, date: NaiveDate, shift: &str) -> AgentShift {
    let k = kind(problem, shift).unwrap_or_else(|| panic!("no shift {shift}"));
    let start = date.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minutes_of_day(k.start) as i64);
    let unpaid = template_of(problem, k).map_or(0, |t| t.unpaid_break_min());
    AgentShift {
        agent_id: agent_id.into(),
        date,
        shift: shift.into(),
        start,
        end: start + Duration::minutes(k.length_min as i64),
        paid_minutes: k.length_min - unpaid,
        breaks: Vec::new(),
    }
}
