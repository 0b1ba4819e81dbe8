//! The column generation's pricing problem solved by dynamic programming over the days (a
//! labelling algorithm): the cheapest schedule of one agent at given cell costs that keeps
//! every rule of its contract.
//!
//! The rules are exactly the agent rows of `model.rs` (which the tests check against, solving
//! the same problem as a MILP): one shift a day, paid minutes over the horizon and per week,
//! working days per week, shifts per name, at most and at least consecutive working days, at
//! least consecutive days off (runs touching the first or last day exempt from the minimums),
//! forbidden successions, locked days and weekends worked.
//!
//! A label is a partial schedule up to a day. Labels with the same *key* (the shifts of the
//! last days the succession rules look back over, the length of the current run of work or of
//! days off up to where the rules stop telling lengths apart, whether that run began on the
//! first day, the paid minutes so far, this week's minutes and days, whether the current
//! weekend is already worked) have the same futures up to the resources that only have a
//! maximum (weekends worked, shifts per name): among those a label is dropped when another
//! costs no more and uses no more of each. Limits that cannot bind are left out of the key.
//! When the labels of a day pass [`MAX_LABELS`], the labelling gives up and the caller prices
//! by MILP instead.

use std::collections::HashMap;

use super::prepare::Prepared;

/// Labels per day above which the labelling gives up (memory and time stay bounded; the
/// caller falls back to the pricing MILP).
pub(crate) const MAX_LABELS: usize = 50_000;

/// A week's limits: (min minutes, max minutes, min days, max days, last day).
type WeekRule = (u32, Option<u32>, u32, Option<u32>, usize);

/// One agent's rules, indexed for the labelling.
pub(crate) struct Labelling {
    n_days: usize,
    /// Per day: the shift kinds allowed (the pricing's cells, in order).
    allowed: Vec<Vec<usize>>,
    /// Per day: `Some(k)` the cell that must be worked.
    forced: Vec<Option<usize>>,
    paid: Vec<u32>,
    /// A fixed agent: only its forced days, no rule.
    fixed: bool,
    min_minutes: u32,
    max_minutes: Option<u32>,
    /// Per day: the week's index; per week: (min minutes, max minutes, min days, max days, last day).
    week_of: Vec<usize>,
    weeks: Vec<WeekRule>,
    track_week: bool,
    /// Binding `max_shifts` entries: (kind → counts, limit).
    max_shifts: Vec<(Vec<bool>, u16)>,
    max_consecutive: Option<usize>,
    min_consecutive: usize,
    min_off: usize,
    /// `forbid[s1]`: (days later, kind → forbidden).
    forbid: Vec<Vec<(usize, Vec<bool>)>>,
    look_back: usize,
    /// Per day: `Some(first)` on a weekend day, `first` on that weekend's first day.
    weekend_of: Vec<Option<bool>>,
    max_weekends: Option<u16>,
    /// Per day: the most paid minutes the days from it to the end can add.
    max_rest_minutes: Vec<u32>,
}

/// The longest look-back of succession rules, and the most binding `max_shifts` entries, the
/// labelling handles (beyond them the caller prices by MILP).
pub(crate) const MAX_LOOK_BACK: usize = 4;
pub(crate) const MAX_COUNTS: usize = 8;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Shift kind + 1 of each of the last `look_back` days (0 off), most recent first.
    hist: [u16; MAX_LOOK_BACK],
    run: u16,
    from_start: bool,
    minutes: u32,
    week_minutes: u32,
    week_days: u16,
    weekend_on: bool,
}

#[derive(Clone)]
struct Label {
    cost: f64,
    weekends: u16,
    counts: [u16; MAX_COUNTS],
    /// Index in the arena of this label's last choice.
    node: u32,
}

/// A choice in the arena: the parent node and the cell worked (none: off).
struct Node {
    parent: u32,
    cell: Option<u16>,
}

/// The labelling's answer.
pub(crate) enum Priced {
    /// The cheapest schedules as (day, cell) with their costs, cheapest first: at most the
    /// number asked for, each below the threshold. Empty when no schedule costs less than the
    /// threshold (which is then a lower bound on the cheapest schedule's cost).
    Best(Vec<(Vec<(usize, usize)>, f64)>),
    /// No schedule keeps the rules.
    Infeasible,
    /// Too many labels, or rules beyond what the labelling handles: price another way.
    TooLarge,
}

/// A fast hasher for the labels' keys (FxHash's multiply-rotate; keys are small integers).
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64);
    }
    fn write_u16(&mut self, v: u16) {
        self.write_u64(v as u64);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxBuild = std::hash::BuildHasherDefault<Fx>;

impl Labelling {
    /// Agent `a`'s rules from the prepared problem.
    pub(crate) fn new(p: &Prepared, a: usize) -> Self {
        let n_days = p.n_days;
        let n_kinds = p.p.shifts.len();
        let c = &p.p.contracts[p.contract_of[a]];
        let ci = p.contract_of[a];
        let allowed = p.allowed[a].clone();
        let fixed = p.fixed[a];
        let forced: Vec<Option<usize>> = (0..n_days)
            .map(|d| {
                if fixed {
                    return (allowed[d].len() == 1).then_some(0);
                }
                match p.locked[a][d] {
                    Some(Some(s)) => allowed[d].iter().position(|&k| k == s),
                    _ => None,
                }
            })
            .collect();
        let max_paid_day: Vec<u32> = allowed
            .iter()
            .map(|day| day.iter().map(|&s| p.paid_min[s]).max().unwrap_or(0))
            .collect();
        let mut max_rest_minutes = vec![0u32; n_days + 1];
        for d in (0..n_days).rev() {
            max_rest_minutes[d] = max_rest_minutes[d + 1] + max_paid_day[d];
        }
        let total_max = max_rest_minutes[0];
        let mut week_of = vec![0; n_days];
        let mut weeks = Vec::new();
        let mut track_week = false;
        for (w, &(d0, len)) in p.weeks.iter().enumerate() {
            for wd in &mut week_of[d0..d0 + len] {
                *wd = w;
            }
            let week_max: u32 = max_paid_day[d0..d0 + len].iter().sum();
            let min_m = c.min_minutes_per_week.map_or(0, |m| Prepared::scaled(m, len, false));
            let max_m = c
                .max_minutes_per_week
                .map(|m| Prepared::scaled(m, len, true))
                .filter(|&m| m < week_max);
            let min_d = c.min_days_per_week.map_or(0, |m| Prepared::scaled(m, len, false));
            let max_d = c
                .max_days_per_week
                .map(|m| Prepared::scaled(m, len, true))
                .filter(|&m| (m as usize) < len);
            track_week |= min_m > 0 || max_m.is_some() || min_d > 0 || max_d.is_some();
            weeks.push((min_m, max_m, min_d, max_d, d0 + len - 1));
        }
        let max_shifts = p.max_shifts[ci]
            .iter()
            .filter(|(_, kinds, limit)| {
                let possible = allowed
                    .iter()
                    .filter(|day| day.iter().any(|s| kinds.contains(s)))
                    .count();
                (*limit as usize) < possible
            })
            .map(|(_, kinds, limit)| {
                let mut by_kind = vec![false; n_kinds];
                for &s in kinds {
                    by_kind[s] = true;
                }
                (by_kind, (*limit).min(u16::MAX as u32) as u16)
            })
            .collect();
        let forbid: Vec<Vec<(usize, Vec<bool>)>> = (0..n_kinds)
            .map(|s| {
                p.forbid[ci][s]
                    .iter()
                    .map(|(k, list)| {
                        let mut by_kind = vec![false; n_kinds];
                        for &t in list {
                            by_kind[t] = true;
                        }
                        (*k, by_kind)
                    })
                    .collect()
            })
            .collect();
        let look_back = forbid.iter().flatten().map(|(k, _)| *k).max().unwrap_or(1).max(1);
        let mut weekend_of = vec![None; n_days];
        for days in &p.weekends {
            for (i, &d) in days.iter().enumerate() {
                weekend_of[d] = Some(i == 0);
            }
        }
        let max_weekends = c
            .max_weekends
            .filter(|&m| (m as usize) < p.weekends.len())
            .map(|m| m.min(u16::MAX as u32) as u16);
        // A fixed agent: only its forced days count, no rule.
        let rules = !fixed;
        Labelling {
            n_days,
            allowed,
            forced,
            paid: p.paid_min.clone(),
            fixed,
            min_minutes: c.min_minutes.filter(|_| rules).unwrap_or(0),
            max_minutes: c.max_minutes.filter(|&m| rules && m < total_max),
            week_of,
            weeks,
            track_week: rules && track_week,
            max_shifts: if rules { max_shifts } else { Vec::new() },
            max_consecutive: c.max_consecutive_days.filter(|_| rules).map(|m| m as usize),
            min_consecutive: c.min_consecutive_days.filter(|_| rules).unwrap_or(0) as usize,
            min_off: c.min_consecutive_days_off.filter(|_| rules).unwrap_or(0) as usize,
            forbid,
            look_back,
            weekend_of,
            max_weekends: max_weekends.filter(|_| rules),
            max_rest_minutes,
        }
    }

    /// The longest work run the key tells apart, and the longest off run.
    fn caps(&self) -> (usize, usize) {
        let work = match self.max_consecutive {
            Some(m) => m.max(self.min_consecutive),
            None => self.min_consecutive,
        }
        .max(1);
        (work, self.min_off.max(1))
    }

    /// The cheapest schedules at `cost(day, cell)` that cost less than `threshold`, at most
    /// `max_schedules` of them.
    ///
    /// A label whose cost plus a bound on what the days left can add (each day's cheapest
    /// cell, or 0 when off is allowed, ignoring every rule) reaches the threshold is dropped: no
    /// schedule through it can come below the threshold. With an infinite threshold nothing is
    /// dropped and [`Priced::Infeasible`] tells that no schedule keeps the rules.
    pub(crate) fn price(&self, cost: impl Fn(usize, usize) -> f64, threshold: f64, max_schedules: usize) -> Priced {
        if self.look_back > MAX_LOOK_BACK || self.max_shifts.len() > MAX_COUNTS {
            return Priced::TooLarge;
        }
        // `to_go[d]`: a lower bound on the cost of days `d..`.
        let mut to_go = vec![0.0; self.n_days + 1];
        for d in (0..self.n_days).rev() {
            let cheapest = match self.forced[d] {
                Some(k) => cost(d, k),
                None => (0..self.allowed[d].len()).map(|k| cost(d, k)).fold(0.0, f64::min),
            };
            to_go[d] = to_go[d + 1] + cheapest;
        }
        let mut pruned = false;
        let (work_cap, off_cap) = self.caps();
        let mut arena: Vec<Node> = vec![Node { parent: 0, cell: None }];
        let start = Key {
            hist: [0; MAX_LOOK_BACK],
            run: 0,
            from_start: true,
            minutes: 0,
            week_minutes: 0,
            week_days: 0,
            weekend_on: false,
        };
        let mut layer: HashMap<Key, Vec<Label>, FxBuild> = HashMap::default();
        layer.insert(
            start,
            vec![Label {
                cost: 0.0,
                weekends: 0,
                counts: [0; MAX_COUNTS],
                node: 0,
            }],
        );
        for d in 0..self.n_days {
            let mut next: HashMap<Key, Vec<Label>, FxBuild> =
                HashMap::with_capacity_and_hasher(layer.len() * 2, FxBuild::default());
            let mut n_labels = 0usize;
            let week = self.weeks.get(self.week_of[d]).copied();
            for (key, labels) in &layer {
                // Choices: off, or a cell of the day.
                for choice in std::iter::once(None).chain((0..self.allowed[d].len()).map(Some)) {
                    if let Some(k) = self.forced[d] {
                        if choice != Some(k) {
                            continue;
                        }
                    }
                    let kind = choice.map(|k| self.allowed[d][k]);
                    let Some(mut nk) = self.step(d, key, kind, work_cap, off_cap) else {
                        continue;
                    };
                    // The week's end: its minimums, then a new week.
                    if let Some((min_m, _, min_dd, _, last)) = week {
                        if self.track_week && d == last {
                            if nk.week_minutes < min_m || (nk.week_days as u32) < min_dd {
                                continue;
                            }
                            nk.week_minutes = 0;
                            nk.week_days = 0;
                        }
                    }
                    let add = choice.map_or(0.0, |k| cost(d, k));
                    let bucket = next.entry(nk).or_default();
                    for l in labels {
                        let mut weekends = l.weekends;
                        if let (Some(_), Some(m)) = (kind, self.max_weekends) {
                            if self.weekend_of[d].is_some() && !key_weekend_on(key, self.weekend_of[d]) {
                                weekends += 1;
                                if weekends > m {
                                    continue;
                                }
                            }
                        }
                        let mut counts = l.counts;
                        if let Some(s) = kind {
                            let mut over = false;
                            for (i, (by_kind, limit)) in self.max_shifts.iter().enumerate() {
                                if by_kind[s] {
                                    counts[i] += 1;
                                    over |= counts[i] > *limit;
                                }
                            }
                            if over {
                                continue;
                            }
                        }
                        if l.cost + add + to_go[d + 1] >= threshold {
                            pruned = true;
                            continue;
                        }
                        let label = Label {
                            cost: l.cost + add,
                            weekends,
                            counts,
                            node: u32::MAX,
                        };
                        if bucket.iter().any(|b| dominates(b, &label)) {
                            continue;
                        }
                        let before = bucket.len();
                        bucket.retain(|b| !dominates(&label, b));
                        n_labels = n_labels + 1 + bucket.len() - before;
                        arena.push(Node {
                            parent: l.node,
                            cell: choice.map(|k| k as u16),
                        });
                        bucket.push(Label {
                            node: (arena.len() - 1) as u32,
                            ..label
                        });
                    }
                }
            }
            if n_labels > MAX_LABELS || arena.len() > 50 * MAX_LABELS {
                return Priced::TooLarge;
            }
            layer = next;
        }
        let mut finals: Vec<&Label> = layer
            .iter()
            .filter(|(k, _)| k.minutes >= self.min_minutes)
            .flat_map(|(_, ls)| ls.iter())
            .collect();
        if finals.is_empty() && !pruned {
            return Priced::Infeasible;
        }
        finals.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.node.cmp(&b.node)));
        let schedules = finals
            .iter()
            .take(max_schedules)
            .map(|l| {
                let mut schedule = Vec::new();
                let mut node = l.node as usize;
                let mut d = self.n_days;
                while node != 0 {
                    d -= 1;
                    if let Some(k) = arena[node].cell {
                        schedule.push((d, k as usize));
                    }
                    node = arena[node].parent as usize;
                }
                schedule.reverse();
                (schedule, l.cost)
            })
            .collect();
        Priced::Best(schedules)
    }

    /// The key after working `kind` (or being off) on day `d`, or `None` when a rule forbids it
    /// (the maximum-only resources are checked by the caller).
    fn step(&self, d: usize, key: &Key, kind: Option<usize>, work_cap: usize, off_cap: usize) -> Option<Key> {
        let fixed = self.fixed;
        let last_work = d > 0 && key.hist[0] != 0;
        let mut nk = key.clone();
        // Successions.
        if let (Some(s2), false) = (kind, fixed) {
            for (j, &h) in key.hist.iter().enumerate().take(self.look_back) {
                if h == 0 || j >= d {
                    continue;
                }
                let s1 = (h - 1) as usize;
                if self.forbid[s1].iter().any(|(k, by)| *k == j + 1 && by[s2]) {
                    return None;
                }
            }
        }
        // Runs.
        if !fixed {
            let run = key.run as usize;
            if kind.is_some() {
                if last_work {
                    if self.max_consecutive.is_some_and(|m| run + 1 > m) {
                        return None;
                    }
                    nk.run = (run + 1).min(work_cap) as u16;
                } else {
                    if d > 0 && !key.from_start && run < self.min_off {
                        return None;
                    }
                    nk.run = 1;
                    nk.from_start = d == 0;
                }
            } else if last_work {
                if !key.from_start && run < self.min_consecutive {
                    return None;
                }
                nk.run = 1;
                nk.from_start = false;
            } else {
                nk.run = (run + 1).min(off_cap) as u16;
                nk.from_start = d == 0 || key.from_start;
            }
        }
        // History.
        nk.hist.rotate_right(1);
        nk.hist[0] = kind.map_or(0, |s| (s + 1) as u16);
        // Days beyond the look-back are forgotten (so that keys that differ only there merge).
        for h in &mut nk.hist[self.look_back.min(MAX_LOOK_BACK)..] {
            *h = 0;
        }
        // Minutes and days.
        let paid = kind.map_or(0, |s| self.paid[s]);
        if !fixed {
            nk.minutes = key.minutes + paid;
            if self.max_minutes.is_some_and(|m| nk.minutes > m) {
                return None;
            }
            if nk.minutes + self.max_rest_minutes[d + 1] < self.min_minutes {
                return None;
            }
            if self.track_week {
                nk.week_minutes += paid;
                nk.week_days += kind.is_some() as u16;
                let (_, max_m, _, max_d, _) = self.weeks[self.week_of[d]];
                if max_m.is_some_and(|m| nk.week_minutes > m) || max_d.is_some_and(|m| nk.week_days as u32 > m) {
                    return None;
                }
            }
        } else {
            nk.minutes = 0;
        }
        // Weekends: whether the weekend of this day is worked so far.
        nk.weekend_on = match self.weekend_of[d] {
            Some(first) if self.max_weekends.is_some() && !fixed => {
                let before = !first && key.weekend_on;
                before || kind.is_some()
            }
            _ => false,
        };
        Some(nk)
    }
}

/// Whether the current weekend already counts as worked before day `d` (its first day resets).
fn key_weekend_on(key: &Key, weekend_of_d: Option<bool>) -> bool {
    matches!(weekend_of_d, Some(false)) && key.weekend_on
}

/// `a` costs no more than `b` and uses no more of each maximum-only resource.
fn dominates(a: &Label, b: &Label) -> bool {
    a.cost <= b.cost + 1e-12 && a.weekends <= b.weekends && a.counts.iter().zip(&b.counts).all(|(x, y)| x <= y)
}
