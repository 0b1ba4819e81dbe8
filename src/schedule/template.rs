//! [`ShiftTemplate`]: a family of shifts (start window × length range × days).

use chrono::{NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::break_rules::check_breaks;
use super::{BreakRule, ScheduleError};

/// A shift template: which starts and lengths are allowed, on which days, at what cost.
///
/// Starts run from `earliest_start` to `latest_start` (inclusive) every `start_step_min`
/// minutes; lengths from `min_length_min` to `max_length_min` every `length_step_min` minutes.
/// Steps default to the requirement's interval. A shift may run past midnight. Times are
/// "HH:MM" or "HH:MM:SS" strings in config files.
///
/// # Examples
///
/// ```
/// use wfmkit::schedule::ShiftTemplate;
///
/// let t: ShiftTemplate = toml::from_str(r#"
///     name = "day"
///     earliest_start = "07:00"
///     latest_start = "10:00"
///     min_length_min = 480
///     max_length_min = 480
///     days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
/// "#).unwrap();
/// assert_eq!(t.cost_per_min, 1.0);
/// t.check(1800).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftTemplate {
    /// Unique name, written in the plan's `shift` column.
    pub name: String,
    /// First allowed start time of day.
    #[serde(with = "hhmm")]
    pub earliest_start: NaiveTime,
    /// Last allowed start time of day (inclusive, not before `earliest_start`).
    #[serde(with = "hhmm")]
    pub latest_start: NaiveTime,
    /// Minutes between allowed starts; default: the requirement's interval.
    #[serde(default)]
    pub start_step_min: Option<u32>,
    /// Shortest shift, in minutes.
    pub min_length_min: u32,
    /// Longest shift, in minutes.
    pub max_length_min: u32,
    /// Minutes between allowed lengths; default: the requirement's interval.
    #[serde(default)]
    pub length_step_min: Option<u32>,
    /// Days of the week the shift may start; default: every day.
    #[serde(default)]
    pub days: Option<Vec<Weekday>>,
    /// Cost per paid agent-minute (default 1: the objective counts paid minutes).
    #[serde(default = "one")]
    pub cost_per_min: f64,
    /// Breaks every agent on the shift takes, in order (default none).
    #[serde(default)]
    pub breaks: Vec<BreakRule>,
    /// Hard limit: at most this many agents start the template on any one day (e.g. the
    /// headcount on this contract); default unlimited.
    #[serde(default)]
    pub max_per_day: Option<u32>,
}

fn one() -> f64 {
    1.0
}

/// The longest shift, and the largest step, in minutes: one week.
const MAX_MINUTES: u32 = 7 * 24 * 60;

/// An interval length the scheduler can plan on: whole minutes that divide a day.
pub(crate) fn check_interval(interval_s: u32) -> Result<(), ScheduleError> {
    Ok(crate::time::check_interval(interval_s)?)
}

impl ShiftTemplate {
    /// Checks the template against a requirement interval of `interval_s` seconds.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::BadInterval`] for an interval that is not a whole number of minutes
    /// dividing a day; [`ScheduleError::InvalidTemplate`] naming the template and field: an empty
    /// name, an empty start or length window, a zero step, a step over a week, a length or step
    /// that is not a multiple of the interval, a start off the interval grid, an empty `days`
    /// list, a cost that is negative, non-finite or above [`super::MAX_COST`], or a break rule
    /// off the grid, with an empty window, not fitting inside the shortest shift, or overlapping
    /// the previous break's window.
    pub fn check(&self, interval_s: u32) -> Result<(), ScheduleError> {
        check_interval(interval_s)?;
        let bad = |field: &'static str, reason: String| ScheduleError::InvalidTemplate {
            template: self.name.clone(),
            field,
            reason,
        };
        if self.name.trim().is_empty() {
            return Err(bad("name", "must not be empty".into()));
        }
        let interval_min = interval_s / 60;
        if self.latest_start < self.earliest_start {
            return Err(bad(
                "latest_start",
                format!(
                    "{} is before earliest_start {}: the start window is empty",
                    self.latest_start, self.earliest_start
                ),
            ));
        }
        if self.min_length_min == 0 {
            return Err(bad("min_length_min", "must be > 0".into()));
        }
        if self.max_length_min < self.min_length_min {
            return Err(bad(
                "max_length_min",
                format!(
                    "{} is below min_length_min {}: the length window is empty",
                    self.max_length_min, self.min_length_min
                ),
            ));
        }
        if self.max_length_min > MAX_MINUTES {
            return Err(bad("max_length_min", "must be at most one week".into()));
        }
        for (field, v) in [
            ("min_length_min", Some(self.min_length_min)),
            ("max_length_min", Some(self.max_length_min)),
            ("start_step_min", self.start_step_min),
            ("length_step_min", self.length_step_min),
        ] {
            if let Some(v) = v {
                if v == 0 {
                    return Err(bad(field, "must be > 0".into()));
                }
                if v > MAX_MINUTES {
                    return Err(bad(
                        field,
                        format!("= {v} min is more than one week ({MAX_MINUTES} min)"),
                    ));
                }
                if (v * 60) % interval_s != 0 {
                    return Err(bad(
                        field,
                        format!("= {v} min is not a multiple of the {interval_min} min interval"),
                    ));
                }
            }
        }
        let s = self.earliest_start.num_seconds_from_midnight();
        if !s.is_multiple_of(interval_s) || self.earliest_start.nanosecond() != 0 {
            return Err(bad(
                "earliest_start",
                format!("{} is not on the {interval_min} min interval grid", self.earliest_start),
            ));
        }
        if matches!(&self.days, Some(d) if d.is_empty()) {
            return Err(bad("days", "is empty: the template could never be used".into()));
        }
        if self.max_per_day == Some(0) {
            return Err(bad(
                "max_per_day",
                "= 0 would forbid the template: remove it from the templates instead".into(),
            ));
        }
        if !(0.0..=super::MAX_COST).contains(&self.cost_per_min) {
            return Err(bad(
                "cost_per_min",
                format!("= {} must be finite, >= 0 and at most 1e9", self.cost_per_min),
            ));
        }
        check_breaks(&self.name, &self.breaks, self.min_length_min, interval_s)
    }

    /// True when the template may start on `day`.
    pub fn allows(&self, day: Weekday) -> bool {
        self.days.as_ref().is_none_or(|d| d.contains(&day))
    }

    /// Allowed start offsets from midnight, in seconds.
    pub fn start_offsets(&self, interval_s: u32) -> Vec<u32> {
        let step = self.start_step_min.map_or(interval_s, |m| m.saturating_mul(60)).max(1);
        let (a, b) = (
            self.earliest_start.num_seconds_from_midnight(),
            self.latest_start.num_seconds_from_midnight(),
        );
        (a..=b).step_by(step as usize).collect()
    }

    /// Unpaid break minutes per shift.
    pub fn unpaid_break_min(&self) -> u32 {
        self.breaks.iter().filter(|b| !b.paid).map(|b| b.length_min).sum()
    }

    /// Allowed lengths, in minutes.
    pub fn lengths_min(&self, interval_s: u32) -> Vec<u32> {
        let step = self.length_step_min.unwrap_or(interval_s / 60);
        (self.min_length_min..=self.max_length_min)
            .step_by(step.max(1) as usize)
            .collect()
    }
}

/// Serde for "HH:MM" or "HH:MM:SS" times of day.
pub(crate) mod hhmm {
    use chrono::NaiveTime;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(&s, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&s, "%H:%M:%S"))
            .map_err(|_| D::Error::custom(format!("invalid time of day `{s}`: expected \"HH:MM\" or \"HH:MM:SS\"")))
    }
}
