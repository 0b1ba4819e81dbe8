//! [`RosterProblem`]: the horizon, the shifts an agent may work each day, what must be covered,
//! the contracts and the agents.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{Agent, Contract};
use crate::schedule::{CoverRequirement, ShiftTemplate};

/// A shift an agent may work on a day: a start time of day and a length. In the interval form
/// it names the template it comes from (for breaks and cost); in the per-shift form it stands
/// alone (as in the nurse-rostering benchmarks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftKind {
    /// Unique name, written in the roster's `shift` column.
    pub name: String,
    /// Start time of day.
    #[serde(with = "crate::schedule::hhmm")]
    pub start: NaiveTime,
    /// Length in minutes (may run past midnight).
    pub length_min: u32,
    /// The template it comes from (interval form): its break rules and cost per minute apply.
    #[serde(default)]
    pub template: Option<String>,
    /// Shifts that may not be worked on the day after this one (e.g. a morning after a night).
    #[serde(default)]
    pub cannot_follow: Vec<String>,
    /// Whether it counts as a night shift in the summary and the fairness term; default: at
    /// least 3 hours between 23:00 and 06:00 (see [`ShiftKind::is_night_by_hours`]).
    #[serde(default)]
    pub night: Option<bool>,
}

impl ShiftKind {
    /// A shift of `length_min` minutes from `start`.
    pub fn new(name: &str, start: NaiveTime, length_min: u32) -> Self {
        Self {
            name: name.into(),
            start,
            length_min,
            template: None,
            cannot_follow: Vec::new(),
            night: None,
        }
    }
    /// Names the shifts that may not follow this one on the next day.
    pub fn cannot_follow(mut self, shifts: &[&str]) -> Self {
        self.cannot_follow = shifts.iter().map(|s| s.to_string()).collect();
        self
    }
    /// Start in minutes from midnight.
    pub(crate) fn start_min(&self) -> u32 {
        self.start.num_seconds_from_midnight() / 60
    }
    /// The night rule of the EU Working Time Directive (2003/88/EC, art. 2): night time is a
    /// period of at least 7 hours including 00:00–05:00 (here 23:00–06:00), and night work is
    /// at least 3 hours of the working time in it.
    pub fn is_night_by_hours(&self) -> bool {
        let (s, e) = (self.start_min(), self.start_min() + self.length_min);
        // Night time in minutes from the start day's midnight: 00:00–06:00, then 23:00–06:00 twice.
        let windows = [(0i64, 360i64), (1380, 1800), (2820, 3240)];
        let inside: i64 = windows
            .iter()
            .map(|&(a, b)| (e as i64).min(b) - (s as i64).max(a))
            .filter(|&m| m > 0)
            .sum();
        inside >= 180
    }
    /// Whether the shift is a night shift (the explicit flag, else by hours).
    pub fn is_night(&self) -> bool {
        self.night.unwrap_or_else(|| self.is_night_by_hours())
    }
}

/// The cover of one shift on one day (the per-shift form): `required` agents, with a cost per
/// agent short and per agent over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftCover {
    /// The day.
    pub date: NaiveDate,
    /// The shift's name.
    pub shift: String,
    /// Agents required.
    pub required: u32,
    /// Cost per agent short.
    pub under_weight: f64,
    /// Cost per agent over.
    pub over_weight: f64,
}

/// What the roster must cover.
#[derive(Debug, Clone, PartialEq)]
pub enum Cover {
    /// Agents per day and shift (the nurse-rostering form).
    PerShift(Vec<ShiftCover>),
    /// Agents per interval, as the shift-design scheduler takes them (the contact-centre form).
    /// Breaks follow the shift kinds' templates; costs are per agent-minute as in
    /// [`crate::schedule::ScheduleOptions`], and a template's `cost_per_min` prices paid time.
    PerInterval {
        /// Agents required per interval.
        requirement: CoverRequirement,
        /// The templates the shift kinds name.
        templates: Vec<ShiftTemplate>,
        /// Cost per agent-minute short.
        under_cost: f64,
        /// Cost per agent-minute over.
        over_cost: f64,
    },
    /// Agents per interval for several queues (skills), on one grid. An agent serves the
    /// queues its `skills` name (all of them when it names none); in each interval the time
    /// of the agents on duty with a given set of skills is split among those queues in any
    /// proportion (a fluid split, as skill-based routing approximately does), so an agent
    /// counts once in all, as fractions of itself across its queues. Under- and over-cover are
    /// costed per queue. The split the roster reports is the best one for the rostered agents
    /// (a maximum flow per interval), recomputed from the roster.
    PerQueue {
        /// The queues' requirements (at least one; every one on the same grid).
        queues: Vec<QueueRequirement>,
        /// The templates the shift kinds name.
        templates: Vec<ShiftTemplate>,
        /// Cost per agent-minute short, in any queue.
        under_cost: f64,
        /// Cost per agent-minute over, in any queue.
        over_cost: f64,
    },
}

/// The requirement of one queue (skill) in the multi-queue interval form.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRequirement {
    /// The queue's name, as agents' `skills` name it.
    pub queue: String,
    /// Agents required per interval; every queue's requirement has the same grid.
    pub requirement: CoverRequirement,
}

/// The interval form seen alike for one queue and for several: the queues (one unnamed queue
/// for [`Cover::PerInterval`]), templates and costs.
pub(crate) struct IntervalCover<'a> {
    pub queues: Vec<(&'a str, &'a CoverRequirement)>,
    pub templates: &'a [ShiftTemplate],
    pub under_cost: f64,
    pub over_cost: f64,
}

impl IntervalCover<'_> {
    /// The shared grid: the first queue's requirement.
    pub fn grid(&self) -> &CoverRequirement {
        self.queues[0].1
    }
    /// Whether the agents' skills matter (several queues).
    pub fn multi(&self) -> bool {
        self.queues.len() > 1 || !self.queues[0].0.is_empty()
    }
}

impl Cover {
    /// The interval form's queues, templates and costs; `None` for the per-shift form. A
    /// [`Cover::PerQueue`] without queues gives `None` too (rejected when the problem is checked).
    pub(crate) fn interval(&self) -> Option<IntervalCover<'_>> {
        match self {
            Cover::PerShift(_) => None,
            Cover::PerInterval {
                requirement,
                templates,
                under_cost,
                over_cost,
            } => Some(IntervalCover {
                queues: vec![("", requirement)],
                templates,
                under_cost: *under_cost,
                over_cost: *over_cost,
            }),
            Cover::PerQueue {
                queues,
                templates,
                under_cost,
                over_cost,
            } => (!queues.is_empty()).then(|| IntervalCover {
                queues: queues.iter().map(|q| (q.queue.as_str(), &q.requirement)).collect(),
                templates,
                under_cost: *under_cost,
                over_cost: *over_cost,
            }),
        }
    }
}

/// A rostering problem. Day `d` of the horizon is `start + d`.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterProblem {
    /// First day of the horizon.
    pub start: NaiveDate,
    /// Number of days.
    pub days: usize,
    /// The shifts agents may work; at most one per agent and day.
    pub shifts: Vec<ShiftKind>,
    /// What to cover.
    pub cover: Cover,
    /// The contracts.
    pub contracts: Vec<Contract>,
    /// The agents.
    pub agents: Vec<Agent>,
}
