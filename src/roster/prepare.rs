//! Checking a [`RosterProblem`] and indexing it for the model: which shifts each agent may work
//! on each day, the successions each contract forbids, weeks, weekends and requests.
//! The checks before solving that name an agent and a rule also live here.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::agent::RequestKind;
use super::{Conflict, Cover, RosterError, RosterProblem};
use crate::schedule::{ShiftTemplate, MAX_COST};

/// The longest horizon, in days (ten years).
pub(crate) const MAX_DAYS: usize = 3660;

/// One request, indexed.
#[derive(Debug, Clone)]
pub(crate) struct Req {
    pub day: usize,
    pub kind: RequestKind,
    pub shift: Option<usize>,
    pub weight: f64,
}

/// Where a shift kind on a day lies on the requirement's interval grid (interval form).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OnGrid {
    /// First interval the shift covers (may be before the grid: then `skip` > 0).
    pub first: i64,
    /// Length in intervals.
    pub len: usize,
}

/// Kinds that may not follow a shift kind: (days later, the kinds).
pub(crate) type Successors = (usize, Vec<usize>);

/// The problem, checked and indexed.
#[derive(Clone)]
pub(crate) struct Prepared<'a> {
    pub p: &'a RosterProblem,
    pub n_days: usize,
    pub paid_min: Vec<u32>,
    /// Cost per paid minute of each shift kind (interval form: its template's; else 0).
    pub cost_per_min: Vec<f64>,
    pub night: Vec<bool>,
    /// Template index of each kind (interval form).
    pub template: Vec<Option<usize>>,
    pub contract_of: Vec<usize>,
    /// `allowed[a][d]`: the kinds agent `a` may work on day `d`, in kind order.
    pub allowed: Vec<Vec<Vec<usize>>>,
    /// `locked[a][d]`: `Some(None)` off, `Some(Some(s))` shift `s`.
    pub locked: Vec<Vec<Option<Option<usize>>>>,
    /// `forbid[c][s1]`: (days later, kinds) that may not follow `s1` under contract `c`.
    pub forbid: Vec<Vec<Vec<Successors>>>,
    /// Per contract and `max_shifts` entry: the kinds it counts and the limit.
    pub max_shifts: Vec<Vec<(String, Vec<usize>, u32)>>,
    /// Weeks as (first day, length).
    pub weeks: Vec<(usize, usize)>,
    /// Weekends as their Saturday and Sunday days inside the horizon.
    pub weekends: Vec<Vec<usize>>,
    pub requests: Vec<Vec<Req>>,
    /// Per agent: the checked preferred starts as (the day they apply to, if one date), kept
    /// with the original for its weekday, window and weight.
    pub preferred: Vec<Vec<(Option<usize>, &'a super::PreferredStart)>>,
    /// Per-shift cover: (day, kind) -> (required, under weight, over weight).
    pub shift_cover: BTreeMap<(usize, usize), (u32, f64, f64)>,
    /// Interval form: `grid[d][s]`.
    pub grid: Vec<Vec<OnGrid>>,
    /// Interval form: the skill groups, each the sorted queue indices its agents serve (one
    /// group of every queue when no agent names skills).
    pub groups: Vec<Vec<usize>>,
    /// Interval form: each agent's skill group.
    pub group_of: Vec<usize>,
    /// Agents left out of the model (no shift, no rule): the construction heuristic's agents
    /// not rostered yet. All false for the problem as posed.
    pub skip: Vec<bool>,
    /// Agents fixed on every day to a roster that keeps their rules (the search's agents
    /// outside its neighbourhood): their days are forced and their rule rows left out.
    pub fixed: Vec<bool>,
    /// Cells (agent, day) frozen to an incumbent (the search's and the construction's fixed
    /// part): `Some(break begins)` with the cell's only allowed shift (or none). Their cover is
    /// a constant, so the model's break and count columns are only for the free cells.
    pub frozen: Vec<Vec<Option<Vec<usize>>>>,
}

/// The multi-queue form's queues: at least one, unique non-empty names, one grid.
pub(crate) fn check_queues(queues: &[super::QueueRequirement]) -> Result<(), RosterError> {
    let Some(first) = queues.first() else {
        return Err(RosterError::InvalidQueue {
            queue: String::new(),
            reason: "no queue was given".into(),
        });
    };
    let mut seen = std::collections::HashSet::new();
    for q in queues {
        let bad = |reason: String| RosterError::InvalidQueue {
            queue: q.queue.clone(),
            reason,
        };
        if q.queue.trim().is_empty() {
            return Err(bad("a queue needs a name".into()));
        }
        if !seen.insert(q.queue.as_str()) {
            return Err(bad("is given twice".into()));
        }
        let (a, b) = (&first.requirement, &q.requirement);
        if a.interval_s() != b.interval_s() || a.timestamps() != b.timestamps() {
            return Err(bad(format!(
                "its requirement ({} intervals of {} s from {}) is not on the grid of queue `{}` ({} of {} s from {})",
                b.len(),
                b.interval_s(),
                b.timestamps()[0],
                first.queue,
                a.len(),
                a.interval_s(),
                a.timestamps()[0]
            )));
        }
    }
    Ok(())
}

fn suggest(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (crate::suggest::edit_distance(name, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

impl<'a> Prepared<'a> {
    /// The weights of agent `a`'s start preferences that apply to day `d` and whose window does
    /// not hold the start of shift `s` (their sum is the preferred-start cost of that shift).
    pub(crate) fn missed_starts(&self, a: usize, d: usize, s: usize) -> impl Iterator<Item = f64> + '_ {
        let weekday = (self.p.start + Duration::days(d as i64)).weekday();
        let start = self.p.shifts[s].start;
        self.preferred[a]
            .iter()
            .filter(move |(day, ps)| match (day, ps.weekday) {
                (Some(day), _) => *day == d,
                (None, Some(w)) => w == weekday,
                (None, None) => true,
            })
            .filter(move |(_, ps)| !ps.contains(start))
            .map(|(_, ps)| ps.weight)
    }

    pub(crate) fn new(p: &'a RosterProblem) -> Result<Self, RosterError> {
        if p.days == 0 || p.days > MAX_DAYS {
            return Err(RosterError::BadHorizon { days: p.days });
        }
        if p.agents.is_empty() {
            return Err(RosterError::NoAgents);
        }
        let first = p.start;
        let last = first
            .checked_add_signed(Duration::days(p.days as i64 - 1))
            .ok_or(RosterError::BadHorizon { days: p.days })?;
        let day_of = |date: NaiveDate| -> Option<usize> {
            let d = (date - first).num_days();
            (0..p.days as i64).contains(&d).then_some(d as usize)
        };
        // Contracts.
        let mut contracts: HashMap<&str, usize> = HashMap::new();
        for (i, c) in p.contracts.iter().enumerate() {
            c.check()?;
            if contracts.insert(c.name.as_str(), i).is_some() {
                return Err(RosterError::DuplicateContract {
                    contract: c.name.clone(),
                });
            }
        }
        // Templates (interval form).
        if let Cover::PerQueue { queues, .. } = &p.cover {
            check_queues(queues)?;
        }
        let interval = p.cover.interval();
        let (templates, interval_min): (&[ShiftTemplate], Option<u32>) = match &interval {
            Some(ic) => {
                for (option, v) in [("under_cost", ic.under_cost), ("over_cost", ic.over_cost)] {
                    if !(0.0..=MAX_COST).contains(&v) {
                        return Err(RosterError::InvalidOption {
                            option,
                            value: v.to_string(),
                            reason: "costs must be finite, >= 0 and at most 1e9",
                        });
                    }
                }
                let interval_s = ic.grid().interval_s();
                for t in ic.templates {
                    t.check(interval_s)?;
                }
                (ic.templates, Some(interval_s / 60))
            }
            None => (&[], None),
        };
        // Shift kinds.
        let mut kinds: HashMap<&str, usize> = HashMap::new();
        let n_shifts = p.shifts.len();
        if n_shifts == 0 {
            return Err(RosterError::InvalidShift {
                shift: String::new(),
                field: "shifts",
                reason: "is empty: no shift was given".into(),
            });
        }
        let mut template = Vec::with_capacity(n_shifts);
        let mut paid_min = Vec::with_capacity(n_shifts);
        let mut cost_per_min = Vec::with_capacity(n_shifts);
        for s in &p.shifts {
            let bad = |field: &'static str, reason: String| RosterError::InvalidShift {
                shift: s.name.clone(),
                field,
                reason,
            };
            if s.name.trim().is_empty() {
                return Err(bad("name", "must not be empty".into()));
            }
            if kinds.insert(s.name.as_str(), kinds.len()).is_some() {
                return Err(bad("name", "is used twice".into()));
            }
            if s.length_min == 0 || s.length_min > 24 * 60 {
                return Err(bad(
                    "length_min",
                    format!("= {} must be 1 to 1440 minutes", s.length_min),
                ));
            }
            if let Some(m) = interval_min {
                if s.length_min % m != 0 {
                    return Err(bad(
                        "length_min",
                        format!("= {} is not a multiple of the {m} min interval", s.length_min),
                    ));
                }
                if s.start_min() % m != 0 {
                    return Err(bad("start", format!("{} is not on the {m} min interval grid", s.start)));
                }
                let name = s
                    .template
                    .as_deref()
                    .ok_or_else(|| bad("template", "is required when the cover is per interval".into()))?;
                let ti = templates.iter().position(|t| t.name == name).ok_or_else(|| {
                    let known: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
                    RosterError::UnknownShift {
                        owner: format!("shift {}", s.name),
                        field: "template",
                        shift: name.into(),
                        hint: suggest(name, &known),
                    }
                })?;
                let t = &templates[ti];
                let unpaid = t.unpaid_break_min();
                if t.breaks
                    .iter()
                    .any(|b| b.latest_after_start_min + b.length_min > s.length_min)
                {
                    return Err(bad(
                        "length_min",
                        format!(
                            "= {} is too short for the breaks of template `{}`",
                            s.length_min, t.name
                        ),
                    ));
                }
                template.push(Some(ti));
                paid_min.push(s.length_min - unpaid);
                cost_per_min.push(t.cost_per_min);
            } else {
                template.push(None);
                paid_min.push(s.length_min);
                cost_per_min.push(0.0);
            }
        }
        let kind_names: Vec<&str> = p.shifts.iter().map(|s| s.name.as_str()).collect();
        let unknown = |owner: String, field: &'static str, name: &str| RosterError::UnknownShift {
            owner,
            field,
            shift: name.into(),
            hint: suggest(name, &kind_names),
        };
        // A name in a contract matches a kind by its own name or its template's.
        let matching = |name: &str| -> Vec<usize> {
            (0..n_shifts)
                .filter(|&s| p.shifts[s].name == name || p.shifts[s].template.as_deref() == Some(name))
                .collect()
        };
        let mut follow: Vec<Vec<usize>> = vec![Vec::new(); n_shifts];
        for (s1, s) in p.shifts.iter().enumerate() {
            for n in &s.cannot_follow {
                let &s2 = kinds
                    .get(n.as_str())
                    .ok_or_else(|| unknown(format!("shift {}", s.name), "cannot_follow", n))?;
                follow[s1].push(s2);
            }
        }
        let mut forbid = Vec::with_capacity(p.contracts.len());
        let mut max_shifts = Vec::with_capacity(p.contracts.len());
        let mut contract_kinds: Vec<Vec<bool>> = Vec::new();
        for c in &p.contracts {
            if let Some(m) = interval_min {
                if let Some(r) = c.min_rest_min {
                    if r % m != 0 {
                        return Err(RosterError::InvalidContract {
                            contract: c.name.clone(),
                            field: "min_rest_min",
                            reason: format!("= {r} is not a multiple of the {m} min interval"),
                        });
                    }
                }
            }
            let mut ok = vec![c.shifts.is_none(); n_shifts];
            for n in c.shifts.iter().flatten() {
                let m = matching(n);
                if m.is_empty() {
                    return Err(unknown(format!("contract {}", c.name), "shifts", n));
                }
                for s in m {
                    ok[s] = true;
                }
            }
            contract_kinds.push(ok);
            let mut ms = Vec::new();
            for (n, &limit) in &c.max_shifts {
                let m = matching(n);
                if m.is_empty() {
                    return Err(unknown(format!("contract {}", c.name), "max_shifts", n));
                }
                ms.push((n.clone(), m, limit));
            }
            max_shifts.push(ms);
            // The contract's own forbidden successions, by shift or template name.
            let mut follow_c = follow.clone();
            for [first, next] in &c.forbidden_successions {
                let (f, n) = (matching(first), matching(next));
                if f.is_empty() {
                    return Err(unknown(format!("contract {}", c.name), "forbidden_successions", first));
                }
                if n.is_empty() {
                    return Err(unknown(format!("contract {}", c.name), "forbidden_successions", next));
                }
                for &s1 in &f {
                    follow_c[s1].extend(n.iter().copied());
                }
            }
            // Successions: explicit ones the next day, plus rest and overlap on every later day
            // the rest or the shift can reach (a gap is shortest when the next shift starts at 00:00).
            let rest = c.min_rest_min.unwrap_or(0) as i64;
            let per: Vec<Vec<(usize, Vec<usize>)>> = (0..n_shifts)
                .map(|s1| {
                    let end = (p.shifts[s1].start_min() + p.shifts[s1].length_min) as i64;
                    let reach = ((rest.max(0) + end) / 1440 + 1).max(2) as usize;
                    (1..=reach)
                        .filter_map(|k| {
                            let list: Vec<usize> = (0..n_shifts)
                                .filter(|&s2| {
                                    let gap = k as i64 * 1440 + p.shifts[s2].start_min() as i64 - end;
                                    gap < rest || gap < 0 || (k == 1 && follow_c[s1].contains(&s2))
                                })
                                .collect();
                            (!list.is_empty()).then_some((k, list))
                        })
                        .collect()
                })
                .collect();
            forbid.push(per);
        }
        // Weeks and weekends.
        let weeks: Vec<(usize, usize)> = (0..p.days).step_by(7).map(|d| (d, 7.min(p.days - d))).collect();
        let mut weekends: Vec<Vec<usize>> = Vec::new();
        for d in 0..p.days {
            match (first + Duration::days(d as i64)).weekday() {
                Weekday::Sat => weekends.push((d..(d + 2).min(p.days)).collect()),
                Weekday::Sun if d == 0 => weekends.push(vec![0]),
                _ => {}
            }
        }
        // Interval form: the interval a shift kind starts in on a day, and the grid's length.
        let (grid_t0, grid_step, grid_len) = match &interval {
            Some(ic) => (
                Some(ic.grid().timestamps()[0]),
                ic.grid().interval_s() as i64,
                ic.grid().len() as i64,
            ),
            None => (None, 60, 0),
        };
        let grid_first = |d: usize, s: usize| -> i64 {
            let Some(t0) = grid_t0 else { return 0 };
            let start = (first + Duration::days(d as i64))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                + Duration::minutes(p.shifts[s].start_min() as i64);
            (start - t0).num_seconds().div_euclid(grid_step)
        };
        // Agents.
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut contract_of = Vec::with_capacity(p.agents.len());
        let mut allowed = Vec::with_capacity(p.agents.len());
        let mut locked_all = Vec::with_capacity(p.agents.len());
        let mut requests = Vec::with_capacity(p.agents.len());
        let mut preferred = Vec::with_capacity(p.agents.len());
        for (ai, a) in p.agents.iter().enumerate() {
            if let Some(&f) = ids.get(a.agent_id.as_str()) {
                return Err(RosterError::DuplicateAgent {
                    agent: a.agent_id.clone(),
                    first: f + 1,
                    row: ai + 1,
                });
            }
            ids.insert(a.agent_id.as_str(), ai);
            let &c = contracts
                .get(a.contract.as_str())
                .ok_or_else(|| RosterError::UnknownContract {
                    agent: a.agent_id.clone(),
                    contract: a.contract.clone(),
                })?;
            contract_of.push(c);
            let outside = |field: &'static str, date: NaiveDate| RosterError::DateOutsideHorizon {
                agent: a.agent_id.clone(),
                field,
                date,
                first,
                last,
            };
            let mut off = vec![false; p.days];
            for &date in &a.days_off {
                off[day_of(date).ok_or_else(|| outside("days_off", date))?] = true;
            }
            // Availability: per weekday and per date, checked for empty and overlapping windows.
            let mut by_weekday: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
            let mut by_date: BTreeMap<usize, Vec<(u32, u32)>> = BTreeMap::new();
            for (i, w) in a.availability.iter().enumerate() {
                let bad = |reason: String| RosterError::InvalidAvailability {
                    agent: a.agent_id.clone(),
                    index: i + 1,
                    reason,
                };
                if w.to == Some(w.from) {
                    return Err(bad(format!("is empty: from {} to {}", w.from, w.from)));
                }
                let span = w.minutes();
                let list = match (w.weekday, w.date) {
                    (Some(wd), None) => by_weekday.entry(wd.num_days_from_monday()).or_default(),
                    (None, Some(date)) => by_date
                        .entry(day_of(date).ok_or_else(|| outside("availability", date))?)
                        .or_default(),
                    _ => return Err(bad("must give exactly one of `weekday` and `date`".into())),
                };
                if list.iter().any(|&(f, t)| span.0 < t && f < span.1) {
                    return Err(bad(format!("overlaps another window of the same day ({} ..)", w.from)));
                }
                list.push(span);
            }
            let windows = |d: usize| -> Option<&Vec<(u32, u32)>> {
                if a.availability.is_empty() {
                    return None;
                }
                static EMPTY: Vec<(u32, u32)> = Vec::new();
                let wd = (first + Duration::days(d as i64)).weekday().num_days_from_monday();
                Some(by_date.get(&d).or_else(|| by_weekday.get(&wd)).unwrap_or(&EMPTY))
            };
            let mut locked = vec![None; p.days];
            for (i, l) in a.locked.iter().enumerate() {
                let d = day_of(l.date).ok_or_else(|| outside("locked", l.date))?;
                if locked[d].is_some() {
                    return Err(RosterError::InvalidEntry {
                        agent: a.agent_id.clone(),
                        field: "locked",
                        index: i + 1,
                        reason: format!("locks {} a second time", l.date),
                    });
                }
                locked[d] = Some(match &l.shift {
                    None => None,
                    Some(n) => Some(
                        *kinds
                            .get(n.as_str())
                            .ok_or_else(|| unknown(format!("agent {}", a.agent_id), "locked", n))?,
                    ),
                });
            }
            let ms = &max_shifts[c];
            let per_day: Vec<Vec<usize>> = (0..p.days)
                .map(|d| {
                    if off[d] {
                        return Vec::new();
                    }
                    (0..n_shifts)
                        .filter(|&s| contract_kinds[c][s])
                        .filter(|&s| !ms.iter().any(|(_, m, lim)| *lim == 0 && m.contains(&s)))
                        .filter(|&s| {
                            windows(d).is_none_or(|ws| {
                                let (st, en) = (
                                    p.shifts[s].start_min(),
                                    p.shifts[s].start_min() + p.shifts[s].length_min,
                                );
                                ws.iter().any(|&(f, t)| f <= st && en <= t)
                            })
                        })
                        .filter(|&s| {
                            // Interval form: the template's days, and a start inside the grid.
                            let wd = (first + Duration::days(d as i64)).weekday();
                            template[s]
                                .is_none_or(|t| templates[t].allows(wd) && (0..grid_len).contains(&grid_first(d, s)))
                        })
                        .filter(|&s| match locked[d] {
                            None => true,
                            Some(l) => l == Some(s),
                        })
                        .collect()
                })
                .collect();
            allowed.push(per_day);
            locked_all.push(locked);
            let mut rs = Vec::new();
            for (i, r) in a.requests.iter().enumerate() {
                let bad = |reason: String| RosterError::InvalidEntry {
                    agent: a.agent_id.clone(),
                    field: "requests",
                    index: i + 1,
                    reason,
                };
                let day = day_of(r.date).ok_or_else(|| outside("requests", r.date))?;
                if !(r.weight > 0.0 && r.weight <= MAX_COST) {
                    return Err(bad(format!("weight = {} must be > 0 and at most 1e9", r.weight)));
                }
                let shift = match (r.kind, &r.shift) {
                    (RequestKind::ShiftOn | RequestKind::ShiftOff, Some(n)) => Some(
                        *kinds
                            .get(n.as_str())
                            .ok_or_else(|| unknown(format!("agent {}", a.agent_id), "requests", n))?,
                    ),
                    (RequestKind::ShiftOn | RequestKind::ShiftOff, None) => return Err(bad("needs a `shift`".into())),
                    (_, Some(_)) => return Err(bad("is for a whole day and takes no `shift`".into())),
                    (_, None) => None,
                };
                rs.push(Req {
                    day,
                    kind: r.kind,
                    shift,
                    weight: r.weight,
                });
            }
            requests.push(rs);
            let mut prefs = Vec::new();
            for (i, ps) in a.preferred_starts.iter().enumerate() {
                let bad = |reason: String| RosterError::InvalidEntry {
                    agent: a.agent_id.clone(),
                    field: "preferred_starts",
                    index: i + 1,
                    reason,
                };
                if !(ps.weight > 0.0 && ps.weight <= MAX_COST) {
                    return Err(bad(format!("weight = {} must be > 0 and at most 1e9", ps.weight)));
                }
                if ps.weekday.is_some() && ps.date.is_some() {
                    return Err(bad("gives a weekday and a date: give at most one".into()));
                }
                let day = match ps.date {
                    Some(date) => Some(day_of(date).ok_or_else(|| outside("preferred_starts", date))?),
                    None => None,
                };
                prefs.push((day, ps));
            }
            preferred.push(prefs);
        }
        // Skills: agents grouped by the set of queues they serve (interval form).
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of = vec![0; p.agents.len()];
        if let Some(ic) = &interval {
            let names: Vec<&str> = ic.queues.iter().map(|(q, _)| *q).collect();
            for (ai, a) in p.agents.iter().enumerate() {
                let mut set: Vec<usize> = if ic.multi() && !a.skills.is_empty() {
                    a.skills
                        .iter()
                        .map(|k| {
                            names
                                .iter()
                                .position(|q| q == k)
                                .ok_or_else(|| RosterError::UnknownSkill {
                                    agent: a.agent_id.clone(),
                                    skill: k.clone(),
                                    known: names.join(", "),
                                    hint: suggest(k, &names),
                                })
                        })
                        .collect::<Result<_, _>>()?
                } else {
                    (0..names.len()).collect()
                };
                set.sort_unstable();
                set.dedup();
                group_of[ai] = match groups.iter().position(|g| *g == set) {
                    Some(g) => g,
                    None => {
                        groups.push(set);
                        groups.len() - 1
                    }
                };
            }
        }
        // Cover.
        let mut shift_cover = BTreeMap::new();
        let mut grid = Vec::new();
        match &p.cover {
            Cover::PerShift(rows) => {
                for (i, r) in rows.iter().enumerate() {
                    let bad = |reason: String| RosterError::InvalidCover { row: i + 1, reason };
                    let d = day_of(r.date)
                        .ok_or_else(|| bad(format!("date {} is outside the horizon {first} .. {last}", r.date)))?;
                    let &s = kinds
                        .get(r.shift.as_str())
                        .ok_or_else(|| unknown(format!("cover row {}", i + 1), "shift", &r.shift))?;
                    for (name, w) in [("under_weight", r.under_weight), ("over_weight", r.over_weight)] {
                        if !(0.0..=MAX_COST).contains(&w) {
                            return Err(bad(format!("`{name}` = {w} must be finite, >= 0 and at most 1e9")));
                        }
                    }
                    if shift_cover
                        .insert((d, s), (r.required, r.under_weight, r.over_weight))
                        .is_some()
                    {
                        return Err(bad(format!("repeats {} {}", r.date, r.shift)));
                    }
                }
            }
            Cover::PerInterval { .. } | Cover::PerQueue { .. } => {
                let Some(ic) = &interval else {
                    return Err(RosterError::InvalidQueue {
                        queue: String::new(),
                        reason: "no queue was given".into(),
                    });
                };
                let t0 = ic.grid().timestamps()[0];
                let step = ic.grid().interval_s() as i64;
                for d in 0..p.days {
                    let day = first + Duration::days(d as i64);
                    grid.push(
                        p.shifts
                            .iter()
                            .map(|s| {
                                let start = day.and_hms_opt(0, 0, 0).unwrap_or_default()
                                    + Duration::minutes(s.start_min() as i64);
                                OnGrid {
                                    first: (start - t0).num_seconds().div_euclid(step),
                                    len: (s.length_min as i64 * 60 / step) as usize,
                                }
                            })
                            .collect(),
                    );
                }
            }
        }
        let night = p.shifts.iter().map(|s| s.is_night()).collect();
        Ok(Self {
            p,
            n_days: p.days,
            paid_min,
            cost_per_min,
            night,
            template,
            contract_of,
            allowed,
            locked: locked_all,
            forbid,
            max_shifts,
            weeks,
            weekends,
            requests,
            preferred,
            shift_cover,
            grid,
            groups,
            group_of,
            skip: vec![false; p.agents.len()],
            fixed: vec![false; p.agents.len()],
            frozen: vec![vec![None; p.days]; p.agents.len()],
        })
    }

    /// Fixes agent `a`'s day `d` to `shift` (or off) with its break begins: only that shift is
    /// allowed, it is locked, and its cover is a constant of the model.
    pub(crate) fn freeze(&mut self, a: usize, d: usize, shift: Option<usize>, breaks: &[usize]) {
        self.allowed[a][d] = shift.into_iter().collect();
        self.locked[a][d] = Some(shift);
        self.frozen[a][d] = Some(breaks.to_vec());
    }

    /// Leaves agent `a` out of the model: no shift, no rule.
    pub(crate) fn leave_out(&mut self, a: usize) {
        self.skip[a] = true;
        for day in &mut self.allowed[a] {
            day.clear();
        }
    }

    /// The number of agent-day-shift binaries of the model.
    pub(crate) fn x_count(&self) -> usize {
        self.allowed.iter().flatten().map(Vec::len).sum()
    }

    /// A weekly limit scaled to a week of `len` days (maxima up, minima down).
    pub(crate) fn scaled(v: u32, len: usize, up: bool) -> u32 {
        if len >= 7 {
            return v;
        }
        let x = v as u64 * len as u64;
        (if up { x.div_ceil(7) } else { x / 7 }) as u32
    }

    /// The rules that cannot hold whatever the other agents do, found by counting each agent's
    /// available days and minutes and checking its locked days.
    pub(crate) fn conflicts(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        for (a, agent) in self.p.agents.iter().enumerate() {
            let c = &self.p.contracts[self.contract_of[a]];
            let mut push = |rule: &str, detail: String| {
                out.push(Conflict {
                    agent: agent.agent_id.clone(),
                    rule: rule.into(),
                    detail,
                })
            };
            let best = |d: usize| self.allowed[a][d].iter().map(|&s| self.paid_min[s]).max();
            let locked_min = |d: usize| match self.locked[a][d] {
                Some(Some(s)) => self.paid_min[s],
                _ => 0,
            };
            for (w, &(d0, len)) in self.weeks.iter().enumerate() {
                let days = d0..d0 + len;
                let avail = days.clone().filter(|&d| best(d).is_some()).count() as u32;
                let locked_days = days
                    .clone()
                    .filter(|&d| matches!(self.locked[a][d], Some(Some(_))))
                    .count() as u32;
                if let Some(m) = c.min_days_per_week {
                    let m = Self::scaled(m, len, false);
                    if avail < m {
                        push(
                            "min_days_per_week",
                            format!(
                                "min {m} working days per week but available on {avail} days in week {}",
                                w + 1
                            ),
                        );
                    }
                }
                if let Some(m) = c.max_days_per_week {
                    let m = Self::scaled(m, len, true);
                    if locked_days > m {
                        push(
                            "max_days_per_week",
                            format!(
                                "max {m} working days per week but {locked_days} days locked in week {}",
                                w + 1
                            ),
                        );
                    }
                }
                let mut mins: Vec<u32> = days.clone().filter_map(best).collect();
                mins.sort_unstable_by(|x, y| y.cmp(x));
                let cap = c.max_days_per_week.map_or(7, |m| Self::scaled(m, len, true)) as usize;
                let most: u32 = mins.iter().take(cap).sum();
                if let Some(m) = c.min_minutes_per_week {
                    let m = Self::scaled(m, len, false);
                    if most < m {
                        push(
                            "min_minutes_per_week",
                            format!(
                                "min {m} paid minutes per week but at most {most} can be worked in week {}",
                                w + 1
                            ),
                        );
                    }
                }
                let locked: u32 = days.clone().map(locked_min).sum();
                if let Some(m) = c.max_minutes_per_week {
                    let m = Self::scaled(m, len, true);
                    if locked > m {
                        push(
                            "max_minutes_per_week",
                            format!(
                                "max {m} paid minutes per week but {locked} are locked in week {}",
                                w + 1
                            ),
                        );
                    }
                }
            }
            let most: u32 = (0..self.n_days).filter_map(best).sum();
            if let Some(m) = c.min_minutes {
                if most < m {
                    push(
                        "min_minutes",
                        format!("min {m} paid minutes but at most {most} can be worked on the available days"),
                    );
                }
            }
            let locked: u32 = (0..self.n_days).map(locked_min).sum();
            if let Some(m) = c.max_minutes {
                if locked > m {
                    push("max_minutes", format!("max {m} paid minutes but {locked} are locked"));
                }
            }
            for (i, l) in agent.locked.iter().enumerate() {
                let d = (l.date - self.p.start).num_days() as usize;
                if let Some(Some(s)) = self.locked[a][d] {
                    if !self.allowed[a][d].contains(&s) {
                        push(
                            "locked",
                            format!(
                                "locked entry {} works `{}` on {}, which the agent's contract, days off or availability forbid",
                                i + 1,
                                self.p.shifts[s].name,
                                l.date
                            ),
                        );
                    }
                    for (k, list) in &self.forbid[self.contract_of[a]][s] {
                        if let Some(Some(s2)) = self.locked[a].get(d + k).copied().flatten() {
                            if list.contains(&s2) {
                                push(
                                    "min_rest_min",
                                    format!(
                                        "locked `{}` on {} then `{}` {} day(s) later breaks the rest or succession rules",
                                        self.p.shifts[s].name, l.date, self.p.shifts[s2].name, k
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
