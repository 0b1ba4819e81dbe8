//! Email and back-office backlog: deferrable work that may wait across intervals and days, to be
//! answered within deadlines.
//!
//! # Model
//!
//! Items arrive per interval (`arrivals[t]` in interval `t`) and each takes `handle_s` seconds of
//! an agent's time. They can be worked only in open intervals (`open[t]`), at the productive
//! share `occupancy` of an on-shift agent's time, so `n` agents in an interval of `Δ` minutes
//! work `n · 60 Δ · occupancy ÷ handle_s` items. The goal is a list of targets
//! `(share, within)`: at least `share` of the items answered within `within` minutes of their
//! arrival (e.g. 90% within 4 h and 100% within 24 h), counted on the calendar clock or on the
//! business clock (only open time counts, so 4 business hours from 17:00 on a 08:00–18:00 day
//! end at 11:00 the next morning). The share is over the horizon (what an SLA report measures)
//! or, with `every_interval`, over each interval's arrivals. Items past the last target's
//! share (when it is below 1) must be answered by the end of the horizon. An initial backlog
//! (items waiting at the start, all of one age) is part of the work and of the shares.
//!
//! The discretisation is conservative on both sides: items that arrive in interval `s` are
//! workable from interval `s + 1` (not before they are there), and their deadline is counted
//! from the start of `s` (the earliest of them), so a deadline must span at least two intervals.
//! The last interval that counts for a deadline of `D` minutes is `s + ⌊D ÷ Δ⌋ − 1` (calendar)
//! or the `⌊D ÷ Δ⌋`-th open interval from `s` on (business).
//!
//! The plan is the solution of two linear programs (good_lp with HiGHS), exact for the fluid
//! model: each interval's items are split into classes, class `j` due by target `j`'s deadline
//! (and the rest class by the end of the horizon), and each class is worked first come first
//! served; a class's waiting items are then its latest arrivals, so "nothing in class `j` is
//! overdue" is the linear condition that the class's backlog at the end of each interval is at
//! most what it has released and not yet due. Of all plans that meet the targets and answer
//! every item in the horizon at the given occupancy (so the agent-hours are the work divided by
//! it, the fewest possible):
//!
//! 1. the first LP minimises the peak agents over the intervals;
//! 2. the second, with the peak held, works every item as early as it can (the least backlog),
//!    which also answers the items due after the horizon as soon as the peak allows.
//!
//! The policy that realises the plan is earliest deadline first: work the oldest item that can
//! still meet its deadline, and the items that cannot (there are some only when a share is
//! below 1) with the time left. The result's shares are recomputed from the plan by replaying
//! it, class by class, first come first served.
//!
//! # Examples
//! ```
//! use wfmkit::staffing::{backlog_staffing, BacklogQueue, DeadlineClock, DeadlineTarget};
//! // 200 emails waiting at 08:00, 6 minutes each, all due within 2 hours (30-minute
//! // intervals, no new arrivals): 50 an interval from 08:00 to 10:00, 10 agents.
//! let arrivals = vec![0.0; 16];
//! let open = vec![true; 16];
//! let q = BacklogQueue::new(30, 360.0, vec![DeadlineTarget { share: 1.0, within_minutes: 120 }])
//!     .with_clock(DeadlineClock::Calendar)
//!     .with_initial_backlog(200.0, 0);
//! let plan = backlog_staffing(&arrivals, &open, &q).unwrap();
//! assert!((plan.peak_agents - 10.0).abs() < 1e-6);
//! assert!((plan.worked[0] - 50.0).abs() < 1e-6 && plan.worked[4].abs() < 1e-6);
//! assert!(plan.within[0] >= 1.0 - 1e-9);
//! ```

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike};
use good_lp::solvers::highs::highs;
use good_lp::{constraint, variable, Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable};

use serde::{Deserialize, Serialize};

use super::error::StaffingError;

/// How a deadline's minutes are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineClock {
    /// Only open time counts ("4 business hours").
    #[default]
    Business,
    /// Every minute counts ("within 24 hours").
    Calendar,
}

/// At least `share` of the items answered within `within_minutes` of arrival.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineTarget {
    /// The share, in (0, 1].
    pub share: f64,
    /// The deadline, minutes after arrival (at least two intervals).
    pub within_minutes: u32,
}

/// A backlog queue: handle time, deadline targets, clock and starting backlog.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogQueue {
    /// Interval length, minutes.
    pub interval_minutes: u32,
    /// Agent time per item, seconds (> 0).
    pub handle_s: f64,
    /// The targets, in increasing deadline and non-decreasing share (at least one).
    pub targets: Vec<DeadlineTarget>,
    /// How deadlines are counted (default business time).
    pub clock: DeadlineClock,
    /// Whether each interval's arrivals meet the shares (default: over the horizon).
    pub every_interval: bool,
    /// Productive share of an agent's on-shift time, in (0, 1] (default 1).
    pub occupancy: f64,
    /// Items waiting at the start of the horizon (default 0).
    pub initial_backlog: f64,
    /// Their age at the start, minutes on the deadline's clock (default 0).
    pub initial_backlog_age_minutes: u32,
}

impl BacklogQueue {
    /// A queue with business-time deadlines, shares over the horizon, occupancy 1 and no
    /// initial backlog.
    pub fn new(interval_minutes: u32, handle_s: f64, targets: Vec<DeadlineTarget>) -> Self {
        Self {
            interval_minutes,
            handle_s,
            targets,
            clock: DeadlineClock::Business,
            every_interval: false,
            occupancy: 1.0,
            initial_backlog: 0.0,
            initial_backlog_age_minutes: 0,
        }
    }

    /// Sets the clock.
    pub fn with_clock(mut self, clock: DeadlineClock) -> Self {
        self.clock = clock;
        self
    }

    /// Sets whether each interval's arrivals meet the shares.
    pub fn with_every_interval(mut self, every_interval: bool) -> Self {
        self.every_interval = every_interval;
        self
    }

    /// Sets the productive share of on-shift time.
    pub fn with_occupancy(mut self, occupancy: f64) -> Self {
        self.occupancy = occupancy;
        self
    }

    /// Sets the initial backlog and its age in minutes.
    pub fn with_initial_backlog(mut self, items: f64, age_minutes: u32) -> Self {
        self.initial_backlog = items;
        self.initial_backlog_age_minutes = age_minutes;
        self
    }
}

/// A backlog queue's options as the job's `[staffing.backlog]` table and
/// [`crate::staffing::StaffingOptions::backlog`] hold them: the queue's deadlines and opening
/// hours; the interval and the handle time come from the forecast.
///
/// ```
/// use wfmkit::staffing::BacklogOptions;
/// let o: BacklogOptions = toml::from_str(r#"
///     targets = [{ share = 0.9, within_minutes = 240 }, { share = 1.0, within_minutes = 1440 }]
///     clock = "business"
///     opening_hours = { mon = "08:00-18:00", tue = "08:00-18:00", sat = "09:00-13:00" }
/// "#).unwrap();
/// assert_eq!(o.targets.len(), 2);
/// assert!(o.check().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BacklogOptions {
    /// The targets, in increasing deadline and non-decreasing share (at least one).
    pub targets: Vec<DeadlineTarget>,
    /// How deadlines are counted (default `"business"`).
    pub clock: DeadlineClock,
    /// Whether each interval's arrivals meet the shares (default: over the horizon).
    pub every_interval: bool,
    /// Productive share of on-shift time, in (0, 1] (default 1).
    pub occupancy: f64,
    /// Items waiting at the start of the horizon (default 0).
    pub initial_backlog: f64,
    /// Their age at the start, minutes on the deadline's clock (default 0).
    pub initial_backlog_age_minutes: u32,
    /// When the work can be done: `"HH:MM-HH:MM"` per day, keyed `mon` … `sun`, or `daily`
    /// for every day (a day listed by name overrides it); a day not given is closed. Empty
    /// (the default): open around the clock. An interval is open when it lies wholly inside
    /// its day's window (`24:00` closes at midnight).
    pub opening_hours: BTreeMap<String, String>,
}

impl Default for BacklogOptions {
    fn default() -> Self {
        Self {
            targets: Vec::new(),
            clock: DeadlineClock::Business,
            every_interval: false,
            occupancy: 1.0,
            initial_backlog: 0.0,
            initial_backlog_age_minutes: 0,
            opening_hours: BTreeMap::new(),
        }
    }
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A day's opening window in minutes after midnight, from `"HH:MM-HH:MM"`.
fn window(day: &str, text: &str) -> Result<(u32, u32), StaffingError> {
    let bad = |why: &str| StaffingError::InvalidBacklog {
        name: "opening_hours",
        reason: format!("`{day}` = {text:?}: {why}"),
    };
    let minutes = |t: &str| -> Result<u32, StaffingError> {
        if t.trim() == "24:00" {
            return Ok(24 * 60);
        }
        let time = NaiveTime::parse_from_str(t.trim(), "%H:%M").map_err(|_| bad("expected HH:MM-HH:MM"))?;
        Ok(time.hour() * 60 + time.minute())
    };
    let (a, b) = text.split_once('-').ok_or_else(|| bad("expected HH:MM-HH:MM"))?;
    let (a, b) = (minutes(a)?, minutes(b)?);
    if b <= a {
        return Err(bad("it closes before it opens"));
    }
    Ok((a, b))
}

impl BacklogOptions {
    /// The queue for a forecast on `interval_minutes` with `handle_s` seconds per item.
    pub fn queue(&self, interval_minutes: u32, handle_s: f64) -> BacklogQueue {
        BacklogQueue {
            interval_minutes,
            handle_s,
            targets: self.targets.clone(),
            clock: self.clock,
            every_interval: self.every_interval,
            occupancy: self.occupancy,
            initial_backlog: self.initial_backlog,
            initial_backlog_age_minutes: self.initial_backlog_age_minutes,
        }
    }

    /// Checks what can be checked before the interval is known: the targets, occupancy,
    /// initial backlog and opening hours.
    ///
    /// # Errors
    ///
    /// As [`backlog_staffing`], naming the field.
    pub fn check(&self) -> Result<(), StaffingError> {
        // Any interval short enough that no deadline is below two of them.
        check(&[], &[], &self.queue(1, 1.0))?;
        windows(&self.opening_hours).map(|_| ())
    }

    /// Whether each interval (starting at `timestamps`, `interval_minutes` long) can be worked.
    ///
    /// # Errors
    ///
    /// [`StaffingError::InvalidBacklog`] for opening hours that do not parse.
    pub fn open_intervals(
        &self,
        timestamps: &[NaiveDateTime],
        interval_minutes: u32,
    ) -> Result<Vec<bool>, StaffingError> {
        open_intervals(&self.opening_hours, timestamps, interval_minutes)
    }
}

/// Whether each interval (starting at `timestamps`, `interval_minutes` long) lies wholly inside
/// its day's window of `hours` (`"HH:MM-HH:MM"` keyed `mon` … `sun`, or `daily` for every day
/// unless a day is named; a day not given is closed; empty: always open). The opening hours of
/// a backlog queue and the calling hours of an outbound campaign.
///
/// # Errors
///
/// [`StaffingError::InvalidBacklog`] (field `opening_hours`) naming the day and the text.
pub fn open_intervals(
    hours: &BTreeMap<String, String>,
    timestamps: &[NaiveDateTime],
    interval_minutes: u32,
) -> Result<Vec<bool>, StaffingError> {
    let w = windows(hours)?;
    if hours.is_empty() {
        return Ok(vec![true; timestamps.len()]);
    }
    Ok(timestamps
        .iter()
        .map(|ts| {
            let start = ts.hour() * 60 + ts.minute();
            w[ts.weekday().num_days_from_monday() as usize]
                .is_some_and(|(a, b)| start >= a && u64::from(start) + u64::from(interval_minutes) <= u64::from(b))
        })
        .collect())
}

/// Per weekday (Monday first), the opening window in minutes, `None` when closed.
fn windows(hours: &BTreeMap<String, String>) -> Result<[Option<(u32, u32)>; 7], StaffingError> {
    if let Some(k) = hours
        .keys()
        .find(|k| k.as_str() != "daily" && !DAYS.contains(&k.as_str()))
    {
        return Err(StaffingError::InvalidBacklog {
            name: "opening_hours",
            reason: format!("unknown day `{k}`: use mon, tue, wed, thu, fri, sat, sun or daily"),
        });
    }
    let daily = hours.get("daily").map(|t| window("daily", t)).transpose()?;
    let mut out = [daily; 7];
    for (i, d) in DAYS.iter().enumerate() {
        if let Some(t) = hours.get(*d) {
            out[i] = Some(window(d, t)?);
        }
    }
    Ok(out)
}

/// The staffing of a backlog queue, per interval.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogPlan {
    /// Agents on the work per interval (net, fractional: the fluid plan; 0 when closed).
    pub agents: Vec<f64>,
    /// Items worked per interval.
    pub worked: Vec<f64>,
    /// Items waiting at the end of each interval (including that interval's arrivals).
    pub backlog: Vec<f64>,
    /// Of them, the items already past the first target's deadline.
    pub overdue: Vec<f64>,
    /// Per interval, the share of its arrivals answered within the first target's deadline (1
    /// when it has none, and for items due after the horizon: none of them is late yet).
    pub answered_within: Vec<f64>,
    /// Per interval, the mean wait of its arrivals answered in the horizon, seconds: the fluid
    /// estimate, from the middle of the interval they arrive in to the middle of the one they
    /// are worked in (0 when none is answered).
    pub mean_wait_s: Vec<f64>,
    /// The largest of `agents`.
    pub peak_agents: f64,
    /// Agent-hours over the horizon.
    pub agent_hours: f64,
    /// Per target, the share of the items due within the horizon that the plan answers within
    /// its deadline (1 when none is due within the horizon).
    pub within: Vec<f64>,
    /// Items still waiting at the end of the horizon (none of them due by then).
    pub carried_out: f64,
}

/// A cohort of items: when they can first be worked and, per class, the last interval that
/// meets the class's deadline (`None`: after the horizon).
struct Cohort {
    items: f64,
    release: usize,
    due: Vec<Option<usize>>,
    /// Per class, whether it can meet its deadline with unlimited agents.
    reachable: Vec<bool>,
    /// The interval it arrived in (`None` for the initial backlog).
    interval: Option<usize>,
}

fn check(arrivals: &[f64], open: &[bool], q: &BacklogQueue) -> Result<(), StaffingError> {
    let bad = |name: &'static str, reason: String| StaffingError::InvalidBacklog { name, reason };
    if open.len() != arrivals.len() {
        return Err(bad(
            "open",
            format!("has {} intervals, `arrivals` has {}", open.len(), arrivals.len()),
        ));
    }
    if let Some(i) = arrivals.iter().position(|a| !a.is_finite() || *a < 0.0) {
        return Err(StaffingError::NotNonNegative {
            name: "arrivals",
            value: arrivals[i],
        }
        .at(i));
    }
    if q.interval_minutes == 0 {
        return Err(bad("interval_minutes", "must be > 0".into()));
    }
    if !(q.handle_s.is_finite() && q.handle_s > 0.0) {
        return Err(StaffingError::NotPositive {
            name: "handle_s",
            value: q.handle_s,
        });
    }
    if !(q.occupancy.is_finite() && q.occupancy > 0.0 && q.occupancy <= 1.0) {
        return Err(StaffingError::TargetOutOfRange {
            name: "occupancy",
            value: q.occupancy,
            range: "(0, 1]",
        });
    }
    if !(q.initial_backlog.is_finite() && q.initial_backlog >= 0.0) {
        return Err(StaffingError::NotNonNegative {
            name: "initial_backlog",
            value: q.initial_backlog,
        });
    }
    if q.targets.is_empty() {
        return Err(bad(
            "targets",
            "give at least one (share, within_minutes) target".into(),
        ));
    }
    for (j, t) in q.targets.iter().enumerate() {
        if !(t.share.is_finite() && t.share > 0.0 && t.share <= 1.0) {
            return Err(bad(
                "targets",
                format!("target {j}: share must be in (0, 1], got {}", t.share),
            ));
        }
        if u64::from(t.within_minutes) < 2 * u64::from(q.interval_minutes) {
            return Err(bad(
                "targets",
                format!(
                    "target {j}: within_minutes = {} is shorter than two {}-minute intervals (items are workable \
                     from the interval after they arrive, and the deadline counts from the start of theirs)",
                    t.within_minutes, q.interval_minutes
                ),
            ));
        }
        if j > 0 {
            let p = q.targets[j - 1];
            if t.within_minutes <= p.within_minutes || t.share < p.share {
                return Err(bad(
                    "targets",
                    format!(
                        "target {j} ({} within {} min) must have a longer deadline and no smaller share than \
                         target {} ({} within {} min)",
                        t.share,
                        t.within_minutes,
                        j - 1,
                        p.share,
                        p.within_minutes
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The cohorts (initial backlog first, then one per interval with items), with their release
/// and per-class deadlines. Classes: one per target, then, when the last share is below 1,
/// the rest (due by the end of the horizon).
fn cohorts(arrivals: &[f64], open: &[bool], q: &BacklogQueue, classes: usize) -> Vec<Cohort> {
    let n = arrivals.len();
    let dt = q.interval_minutes as i64;
    // Positions of the open intervals, and how many open intervals precede each interval.
    let open_pos: Vec<usize> = (0..n).filter(|&t| open[t]).collect();
    let mut open_before = vec![0usize; n + 1];
    for t in 0..n {
        open_before[t + 1] = open_before[t] + usize::from(open[t]);
    }
    // The last interval meeting a deadline `within` for items arriving at interval `s`'s start
    // (`s` may be negative for the initial backlog, with `age` minutes on the clock already).
    let last_for = |s: i64, age: i64, within: i64| -> Option<i64> {
        let k = (within - age).div_euclid(dt); // whole intervals left on the clock
        match q.clock {
            DeadlineClock::Calendar => {
                let d = s + k - 1;
                (d < n as i64).then_some(d)
            }
            DeadlineClock::Business => {
                let first = if s < 0 { 0 } else { open_before[s as usize] as i64 };
                let idx = first + k - 1;
                if idx < 0 {
                    Some(-1)
                } else {
                    open_pos.get(idx as usize).map(|&p| p as i64)
                }
            }
        }
    };
    let has_open = |from: usize, to: usize| from <= to && open_before[to + 1] > open_before[from];
    let last_open = open_pos.last().copied();
    let mut out = Vec::new();
    let mut push = |items: f64, release: usize, s: i64, age: i64, interval: Option<usize>| {
        let mut due = Vec::with_capacity(classes);
        let mut reachable = Vec::with_capacity(classes);
        for c in 0..classes {
            let d = if c < q.targets.len() {
                last_for(s, age, q.targets[c].within_minutes as i64)
            } else {
                // The rest: by the end of the horizon, when an open interval is left for it.
                last_open.filter(|&p| p >= release).map(|_| n as i64 - 1)
            };
            match d {
                None => {
                    due.push(None);
                    reachable.push(true);
                }
                Some(d) if d < release as i64 => {
                    due.push(Some(release));
                    reachable.push(false);
                }
                Some(d) => {
                    let d = d as usize;
                    due.push(Some(d));
                    reachable.push(has_open(release, d));
                }
            }
        }
        out.push(Cohort {
            items,
            release,
            due,
            reachable,
            interval,
        });
    };
    if q.initial_backlog > 0.0 {
        push(q.initial_backlog, 0, 0, q.initial_backlog_age_minutes as i64, None);
    }
    for (s, &a) in arrivals.iter().enumerate() {
        if a > 0.0 {
            push(a, s + 1, s as i64, 0, Some(s));
        }
    }
    out
}

/// The fluid staffing of a backlog queue: the fewest peak agents, then the earliest work, that
/// answer every item within the horizon and meet `q.targets` (see the module docs).
///
/// `arrivals[t]` are the items arriving in interval `t`; `open[t]` whether they can be worked
/// then.
///
/// # Errors
///
/// [`StaffingError::InvalidBacklog`] naming the field for targets out of order, a share outside
/// (0, 1], a deadline shorter than two intervals or `open` of another length than `arrivals`;
/// [`StaffingError::NotNonNegative`] (at the interval) and [`StaffingError::NotPositive`] for
/// bad numbers; [`StaffingError::BacklogUnreachable`] when no number of agents meets a target
/// (items with no open interval before their deadline), naming the target and the first such
/// interval; [`StaffingError::Solver`] if HiGHS fails.
pub fn backlog_staffing(arrivals: &[f64], open: &[bool], q: &BacklogQueue) -> Result<BacklogPlan, StaffingError> {
    check(arrivals, open, q)?;
    let n = arrivals.len();
    let rest = q.targets.last().is_some_and(|t| t.share < 1.0);
    let classes = q.targets.len() + usize::from(rest);
    let cohorts = cohorts(arrivals, open, q, classes);
    reachability(&cohorts, q)?;
    let per_agent = 60.0 * q.interval_minutes as f64 * q.occupancy / q.handle_s; // items per agent-interval
    if cohorts.is_empty() || !open.iter().any(|&o| o) {
        return Ok(replay(
            &cohorts,
            &vec![vec![0.0; n]; classes],
            &vec![vec![0.0; cohorts.len()]; classes],
            arrivals,
            q,
            per_agent,
        ));
    }
    let (peak, _, _) = solve(&cohorts, open, q, classes, per_agent, None)?;
    let (_, work, split) = solve(&cohorts, open, q, classes, per_agent, Some(peak))?;
    Ok(replay(&cohorts, &work, &split, arrivals, q, per_agent))
}

/// With unlimited agents, whether every target can be met: the error names the first target
/// that cannot and the first interval whose items cannot make it.
fn reachability(cohorts: &[Cohort], q: &BacklogQueue) -> Result<(), StaffingError> {
    for (j, t) in q.targets.iter().enumerate() {
        let (mut due, mut can) = (0.0, 0.0);
        let mut first_bad = None;
        for c in cohorts {
            if c.due[j].is_none() {
                continue;
            }
            due += c.items;
            // Met if some class up to j is reachable for it (a later class's deadline is later).
            if (0..=j).any(|i| c.reachable[i]) {
                can += c.items;
            } else if first_bad.is_none() {
                first_bad = Some(c.interval);
            }
        }
        let best = if due > 0.0 { can / due } else { 1.0 };
        let fails = if q.every_interval {
            first_bad.is_some()
        } else {
            best < t.share - 1e-9
        };
        if fails {
            return Err(StaffingError::BacklogUnreachable {
                target: j,
                share: t.share,
                within_minutes: t.within_minutes,
                best,
                interval: first_bad.flatten(),
            });
        }
    }
    Ok(())
}

type Lp = (f64, Vec<Vec<f64>>, Vec<Vec<f64>>);

/// One LP: with `peak` None, minimise the peak agents; else hold it and work as early as
/// possible. Returns the peak, the work per class and interval, and the items per class and
/// cohort.
fn solve(
    cohorts: &[Cohort],
    open: &[bool],
    q: &BacklogQueue,
    classes: usize,
    per_agent: f64,
    peak: Option<f64>,
) -> Result<Lp, StaffingError> {
    let n = open.len();
    let mut vars = ProblemVariables::new();
    let p = vars.add(variable().min(0.0));
    // z[c][k]: items of cohort k in class c (0 where the class cannot be met).
    let z: Vec<Vec<Variable>> = (0..classes)
        .map(|c| {
            cohorts
                .iter()
                .map(|k| vars.add(variable().min(0.0).max(if k.reachable[c] { k.items } else { 0.0 })))
                .collect()
        })
        .collect();
    // u[c][t]: items of class c worked in interval t (0 when closed); b[c][t]: class c's
    // workable items still waiting at the end of t.
    let u: Vec<Vec<Variable>> = (0..classes)
        .map(|_| {
            (0..n)
                .map(|t| vars.add(variable().min(0.0).max(if open[t] { f64::INFINITY } else { 0.0 })))
                .collect()
        })
        .collect();
    let b: Vec<Vec<Variable>> = (0..classes)
        .map(|_| (0..n).map(|_| vars.add(variable().min(0.0))).collect())
        .collect();
    let mut cons = Vec::new();
    for (k, co) in cohorts.iter().enumerate() {
        let total: Expression = (0..classes).map(|c| z[c][k]).sum();
        cons.push(constraint!(total == co.items));
    }
    // Cohorts by release interval, and the window of those released and not yet due.
    let mut released: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (k, co) in cohorts.iter().enumerate() {
        released[co.release.min(n)].push(k);
    }
    for c in 0..classes {
        // The cohorts are in release order and their deadlines too, so those released and not
        // yet due at the end of t are a window [lo, hi) that only moves forward.
        let (mut lo, mut hi) = (0usize, 0usize);
        for t in 0..n {
            let inflow: Expression = released[t].iter().map(|&k| z[c][k]).sum();
            let prev: Expression = if t == 0 {
                Expression::from(0.0)
            } else {
                b[c][t - 1].into()
            };
            cons.push(constraint!(b[c][t] == prev + inflow - u[c][t]));
            while hi < cohorts.len() && cohorts[hi].release <= t {
                hi += 1;
            }
            while lo < hi && cohorts[lo].due[c].is_some_and(|d| d <= t) {
                lo += 1;
            }
            // First come first served within the class: what waits is the latest released,
            // none of it due by the end of t.
            let not_due: Expression = (lo..hi).map(|k| z[c][k]).sum();
            cons.push(constraint!(b[c][t] <= not_due));
        }
    }
    for t in (0..n).filter(|&t| open[t]) {
        let work: Expression = (0..classes).map(|c| u[c][t]).sum();
        cons.push(constraint!(work <= per_agent * p));
    }
    // The shares.
    for (j, tg) in q.targets.iter().enumerate() {
        let due: Vec<usize> = (0..cohorts.len()).filter(|&k| cohorts[k].due[j].is_some()).collect();
        if q.every_interval {
            for &k in &due {
                let met: Expression = (0..=j).map(|c| z[c][k]).sum();
                cons.push(constraint!(met >= tg.share * cohorts[k].items));
            }
        } else if !due.is_empty() {
            let met: Expression = due
                .iter()
                .flat_map(|&k| (0..=j).map(move |c| (c, k)))
                .map(|(c, k)| z[c][k])
                .sum();
            let all: f64 = due.iter().map(|&k| cohorts[k].items).sum();
            cons.push(constraint!(met >= tg.share * all));
        }
    }
    let objective: Expression = match peak {
        None => p.into(),
        Some(peak) => {
            cons.push(constraint!(p <= peak * (1.0 + 1e-9) + 1e-9));
            // Work early: each item worked in interval t costs t.
            (0..classes)
                .flat_map(|c| (0..n).map(move |t| (c, t)))
                .filter(|&(_, t)| open[t])
                .map(|(c, t)| (t as f64 + 1.0) * u[c][t])
                .sum()
        }
    };
    let mut model = vars.minimise(objective).using(highs);
    model.set_verbose(false);
    model = model.set_threads(1);
    for c in cons {
        model.add_constraint(c);
    }
    let sol = model.solve().map_err(|e| StaffingError::Solver {
        reason: match e {
            ResolutionError::Infeasible => {
                "the backlog LP is infeasible (please report: the checks should have caught it)".into()
            }
            other => other.to_string(),
        },
    })?;
    let work = u
        .iter()
        .map(|row| row.iter().map(|&v| sol.value(v).max(0.0)).collect())
        .collect();
    let split = z
        .iter()
        .map(|row| row.iter().map(|&v| sol.value(v).max(0.0)).collect())
        .collect();
    Ok((sol.value(p), work, split))
}

/// The plan's figures, by replaying the work of each class first come first served.
fn replay(
    cohorts: &[Cohort],
    work: &[Vec<f64>],
    split: &[Vec<f64>],
    arrivals: &[f64],
    q: &BacklogQueue,
    per_agent: f64,
) -> BacklogPlan {
    let n = arrivals.len();
    let classes = work.len();
    let worked: Vec<f64> = (0..n).map(|t| (0..classes).map(|c| work[c][t]).sum()).collect();
    let agents: Vec<f64> = worked.iter().map(|w| w / per_agent).collect();
    // done[k][c]: (interval, items) of cohort k's class-c part, in order.
    let mut done: Vec<Vec<Vec<(usize, f64)>>> = vec![vec![Vec::new(); classes]; cohorts.len()];
    let mut order: Vec<usize> = (0..cohorts.len()).collect();
    order.sort_by_key(|&k| cohorts[k].release);
    let mut waiting = vec![0.0; n];
    let mut overdue = vec![0.0; n];
    for c in 0..classes {
        let mut left: Vec<f64> = split[c].clone();
        let (mut head, mut next) = (0usize, 0usize); // first unfinished, first unreleased (in `order`)
        for t in 0..n {
            while next < order.len() && cohorts[order[next]].release <= t {
                next += 1;
            }
            let mut budget = work[c][t];
            while budget > 1e-12 && head < next {
                let k = order[head];
                let take = budget.min(left[k]);
                if take > 0.0 {
                    done[k][c].push((t, take));
                    left[k] -= take;
                    budget -= take;
                }
                if left[k] <= 1e-9 {
                    head += 1;
                } else {
                    break;
                }
            }
            for &k in &order[head..next] {
                waiting[t] += left[k].max(0.0);
                if cohorts[k].due[0].is_some_and(|d| d <= t) {
                    overdue[t] += left[k].max(0.0);
                }
            }
        }
    }
    let backlog: Vec<f64> = (0..n).map(|t| waiting[t] + arrivals[t]).collect();
    let within = (0..q.targets.len())
        .map(|j| {
            let (mut due, mut met) = (0.0, 0.0);
            for (k, co) in cohorts.iter().enumerate() {
                let Some(d) = co.due[j] else { continue };
                due += co.items;
                met += done[k]
                    .iter()
                    .flatten()
                    .filter(|(t, _)| *t <= d)
                    .map(|(_, x)| x)
                    .sum::<f64>();
            }
            if due > 0.0 {
                (met / due).min(1.0)
            } else {
                1.0
            }
        })
        .collect();
    let mut answered_within = vec![1.0; n];
    let mut mean_wait_s = vec![0.0; n];
    for (k, co) in cohorts.iter().enumerate() {
        let Some(s) = co.interval else { continue };
        let parts = done[k].iter().flatten();
        let (worked, waited) = parts.fold((0.0, 0.0), |(w, m), &(t, x)| (w + x, m + x * (t - s) as f64));
        if worked > 0.0 {
            mean_wait_s[s] = waited / worked * 60.0 * q.interval_minutes as f64;
        }
        if let Some(d) = co.due[0] {
            let met: f64 = done[k].iter().flatten().filter(|(t, _)| *t <= d).map(|(_, x)| x).sum();
            answered_within[s] = (met / co.items).min(1.0);
        }
    }
    let total: f64 = cohorts.iter().map(|c| c.items).sum();
    let carried_out = (total - worked.iter().sum::<f64>()).max(0.0);
    BacklogPlan {
        peak_agents: agents.iter().copied().fold(0.0, f64::max),
        agent_hours: agents.iter().sum::<f64>() * q.interval_minutes as f64 / 60.0,
        agents,
        worked,
        backlog,
        overdue,
        answered_within,
        mean_wait_s,
        within,
        carried_out,
    }
}
