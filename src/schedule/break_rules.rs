//! [`BreakRule`]: a break (or lunch) every agent on a shift takes, inside a window measured from
//! the shift's start.

use serde::{Deserialize, Serialize};

use super::ScheduleError;

/// A break every agent on a template's shifts takes once: `length_min` long, beginning between
/// `earliest_after_start_min` and `latest_after_start_min` minutes after the shift starts (on the
/// interval grid). An unpaid break is not paid; a lunch is a break rule named "lunch".
///
/// The breaks of one template must come in order with disjoint windows: each rule's window begins
/// no earlier than the previous rule's latest end. Then any break positions chosen per rule can
/// be handed to agents one by one, which is what makes implicit break placement exact (see
/// [`super::schedule`]).
///
/// # Examples
///
/// ```
/// use wfmkit::schedule::BreakRule;
///
/// let lunch: BreakRule = toml::from_str(r#"
///     name = "lunch"
///     length_min = 30
///     earliest_after_start_min = 180
///     latest_after_start_min = 300
/// "#).unwrap();
/// assert!(!lunch.paid);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakRule {
    /// The activity kind written to the plan (default "break").
    #[serde(default = "default_name")]
    pub name: String,
    /// Length in minutes.
    pub length_min: u32,
    /// Earliest begin, in minutes after the shift's start.
    pub earliest_after_start_min: u32,
    /// Latest begin, in minutes after the shift's start (inclusive).
    pub latest_after_start_min: u32,
    /// Whether the break is paid (default false).
    #[serde(default)]
    pub paid: bool,
}

fn default_name() -> String {
    "break".into()
}

/// Hands break begins out to agents: `runs[j]` lists the begins of rule `j` chosen for a group
/// of agents as runs `(begin, agents)` in increasing begin; `members[m]` is the number of agents
/// of member `m` (a shift of the group, or one agent). Member `m` gets the next `members[m]`
/// begins of every rule, as runs. With ordered, disjoint windows per template, any such pairing
/// of the rules' begins is a valid set of breaks for every agent (see [`super::schedule`]).
///
/// The result has one entry per member, each with one run list per rule. A member gets fewer
/// begins than agents only when the runs hold fewer agents than the members; callers check.
pub(crate) fn hand_out(runs: &[Vec<(usize, u64)>], members: &[u32]) -> Vec<Vec<Vec<(usize, u32)>>> {
    let mut out: Vec<Vec<Vec<(usize, u32)>>> = members.iter().map(|_| vec![Vec::new(); runs.len()]).collect();
    for (j, rule_runs) in runs.iter().enumerate() {
        let mut rule_runs = rule_runs.iter().copied();
        let mut current: Option<(usize, u64)> = None;
        for (m, &count) in members.iter().enumerate() {
            let mut need = u64::from(count);
            while need > 0 {
                let Some((offset, left)) = current.take().or_else(|| rule_runs.next()) else {
                    break;
                };
                let take = left.min(need);
                out[m][j].push((offset, take as u32));
                need -= take;
                if left > take {
                    current = Some((offset, left - take));
                }
            }
        }
    }
    out
}

impl BreakRule {
    /// A rule named "break".
    pub fn new(length_min: u32, earliest_after_start_min: u32, latest_after_start_min: u32, paid: bool) -> Self {
        Self {
            name: default_name(),
            length_min,
            earliest_after_start_min,
            latest_after_start_min,
            paid,
        }
    }

    /// Sets the activity kind (e.g. "lunch").
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Allowed begin offsets from the shift start, in intervals of `interval_s`.
    pub(crate) fn offsets(&self, interval_s: u32) -> std::ops::RangeInclusive<usize> {
        let m = (interval_s / 60).max(1) as usize;
        self.earliest_after_start_min as usize / m..=self.latest_after_start_min as usize / m
    }

    /// Length in intervals of `interval_s`.
    pub(crate) fn intervals(&self, interval_s: u32) -> usize {
        (self.length_min as usize * 60) / interval_s.max(1) as usize
    }
}

/// Checks a template's break rules against its shortest shift and the interval length.
pub(crate) fn check_breaks(
    template: &str,
    rules: &[BreakRule],
    min_length_min: u32,
    interval_s: u32,
) -> Result<(), ScheduleError> {
    let interval_min = interval_s / 60;
    let mut prev_end = 0u32;
    for (j, r) in rules.iter().enumerate() {
        let bad = |field: &'static str, reason: String| ScheduleError::InvalidTemplate {
            template: template.to_string(),
            field,
            reason: format!("(break {} `{}`) {reason}", j + 1, r.name),
        };
        if r.name.trim().is_empty() {
            return Err(bad("breaks.name", "must not be empty".into()));
        }
        if r.length_min == 0 {
            return Err(bad("breaks.length_min", "must be > 0".into()));
        }
        for (field, v) in [
            ("breaks.length_min", r.length_min),
            ("breaks.earliest_after_start_min", r.earliest_after_start_min),
            ("breaks.latest_after_start_min", r.latest_after_start_min),
        ] {
            if !interval_s.is_multiple_of(60) || !(u64::from(v) * 60).is_multiple_of(u64::from(interval_s)) {
                return Err(bad(
                    field,
                    format!("= {v} min is not a multiple of the {interval_min} min interval"),
                ));
            }
        }
        if r.latest_after_start_min < r.earliest_after_start_min {
            return Err(bad(
                "breaks.latest_after_start_min",
                format!(
                    "{} is before earliest_after_start_min {}: the break window is empty",
                    r.latest_after_start_min, r.earliest_after_start_min
                ),
            ));
        }
        if u64::from(r.latest_after_start_min) + u64::from(r.length_min) > u64::from(min_length_min) {
            return Err(bad(
                "breaks.latest_after_start_min",
                format!(
                    "a break beginning {} min after the start and lasting {} min does not fit inside the shortest shift ({} min)",
                    r.latest_after_start_min, r.length_min, min_length_min
                ),
            ));
        }
        if j > 0 && r.earliest_after_start_min < prev_end {
            return Err(bad(
                "breaks.earliest_after_start_min",
                format!(
                    "= {} overlaps the previous break's window (which may end {prev_end} min after the start): break windows must be ordered and disjoint",
                    r.earliest_after_start_min
                ),
            ));
        }
        prev_end = r.latest_after_start_min + r.length_min;
    }
    Ok(())
}
