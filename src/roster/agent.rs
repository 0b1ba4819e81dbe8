//! [`Agent`]: a named person to roster, with availability, leave, requests and locked days.

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// One agent. Everything but `agent_id` and `contract` is optional.
///
/// # Examples
///
/// ```
/// use chrono::{NaiveDate, NaiveTime, Weekday};
/// use wfmkit::roster::{Agent, Availability, Request};
///
/// let d = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap();
/// let a = Agent::new("A17", "part_time")
///     .day_off(d)
///     .available(Availability::weekday(Weekday::Mon, NaiveTime::from_hms_opt(8, 0, 0).unwrap(), None))
///     .request(Request::day_off(d + chrono::Duration::days(1), 5.0));
/// assert_eq!(a.days_off, vec![d]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Unique id, written in the roster's `agent_id` column.
    pub agent_id: String,
    /// The contract's name.
    pub contract: String,
    /// The queues the agent may serve. Empty: every queue of the requirement.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Days the agent must not work (leave, training).
    #[serde(default)]
    pub days_off: Vec<NaiveDate>,
    /// Windows in which the agent may work. Empty: any time. Otherwise a shift must start and
    /// end inside one window of its start day (a date's windows replace its weekday's).
    #[serde(default)]
    pub availability: Vec<Availability>,
    /// Soft requests, each with a weight paid when refused.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Days already published: the agent works exactly this (a shift, or off).
    #[serde(default)]
    pub locked: Vec<Locked>,
    /// Preferred start times: a worked shift that starts outside a preference's window, on a
    /// day the preference applies to, costs its weight.
    #[serde(default)]
    pub preferred_starts: Vec<PreferredStart>,
}

impl Agent {
    /// An agent with no restriction beyond the contract.
    pub fn new(agent_id: &str, contract: &str) -> Self {
        Self {
            agent_id: agent_id.into(),
            contract: contract.into(),
            skills: Vec::new(),
            days_off: Vec::new(),
            availability: Vec::new(),
            requests: Vec::new(),
            locked: Vec::new(),
            preferred_starts: Vec::new(),
        }
    }
    /// Adds a day that must be off.
    pub fn day_off(mut self, date: NaiveDate) -> Self {
        self.days_off.push(date);
        self
    }
    /// Adds an availability window.
    pub fn available(mut self, window: Availability) -> Self {
        self.availability.push(window);
        self
    }
    /// Adds a request.
    pub fn request(mut self, request: Request) -> Self {
        self.requests.push(request);
        self
    }
    /// Locks a day to a shift (`Some(name)`) or off (`None`).
    pub fn lock(mut self, date: NaiveDate, shift: Option<&str>) -> Self {
        self.locked.push(Locked {
            date,
            shift: shift.map(Into::into),
        });
        self
    }
    /// Adds a preferred start window.
    pub fn prefers_start(mut self, preference: PreferredStart) -> Self {
        self.preferred_starts.push(preference);
        self
    }
    /// Sets the skills.
    pub fn skills(mut self, skills: Vec<String>) -> Self {
        self.skills = skills;
        self
    }
}

/// A window in which an agent may work, on a weekday or on one date. `to` of `None` means the
/// end of the day (24:00); a `to` at or before `from` runs past midnight into the next day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The weekday (every such day of the horizon), or
    #[serde(default)]
    pub weekday: Option<Weekday>,
    /// one date (exactly one of `weekday` and `date` is given).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Start of the window.
    #[serde(with = "crate::schedule::hhmm")]
    pub from: NaiveTime,
    /// End of the window; `None` for 24:00.
    #[serde(default, with = "opt_hhmm")]
    pub to: Option<NaiveTime>,
}

impl Availability {
    /// A window on every `day` of the horizon.
    pub fn weekday(day: Weekday, from: NaiveTime, to: Option<NaiveTime>) -> Self {
        Self {
            weekday: Some(day),
            date: None,
            from,
            to,
        }
    }
    /// A window on one date.
    pub fn date(date: NaiveDate, from: NaiveTime, to: Option<NaiveTime>) -> Self {
        Self {
            weekday: None,
            date: Some(date),
            from,
            to,
        }
    }
    /// The window as minutes from the start day's midnight, `[from, to)`.
    pub(crate) fn minutes(&self) -> (u32, u32) {
        use chrono::Timelike;
        let from = self.from.num_seconds_from_midnight() / 60;
        let to = match self.to {
            None => 24 * 60,
            Some(t) => {
                let t = t.num_seconds_from_midnight() / 60;
                if t <= from {
                    t + 24 * 60
                } else {
                    t
                }
            }
        };
        (from, to)
    }
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// To work the named shift that day.
    ShiftOn,
    /// Not to work the named shift that day.
    ShiftOff,
    /// To have the day off.
    DayOff,
    /// To work that day (any shift).
    DayOn,
}

/// A soft request: refusing it costs `weight`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The day.
    pub date: NaiveDate,
    /// What is asked.
    pub kind: RequestKind,
    /// The shift, for `shift_on` and `shift_off`.
    #[serde(default)]
    pub shift: Option<String>,
    /// The cost of refusing it (> 0).
    pub weight: f64,
}

impl Request {
    /// Asks to work `shift` on `date`.
    pub fn shift_on(date: NaiveDate, shift: &str, weight: f64) -> Self {
        Self {
            date,
            kind: RequestKind::ShiftOn,
            shift: Some(shift.into()),
            weight,
        }
    }
    /// Asks not to work `shift` on `date`.
    pub fn shift_off(date: NaiveDate, shift: &str, weight: f64) -> Self {
        Self {
            date,
            kind: RequestKind::ShiftOff,
            shift: Some(shift.into()),
            weight,
        }
    }
    /// Asks for `date` off.
    pub fn day_off(date: NaiveDate, weight: f64) -> Self {
        Self {
            date,
            kind: RequestKind::DayOff,
            shift: None,
            weight,
        }
    }
    /// Asks to work on `date`.
    pub fn day_on(date: NaiveDate, weight: f64) -> Self {
        Self {
            date,
            kind: RequestKind::DayOn,
            shift: None,
            weight,
        }
    }
}

/// A soft preference for when an agent's shifts start: on the days it applies to (every day, a
/// weekday, or one date), a worked shift whose start lies outside `[from, to]` costs `weight`.
/// A `to` before `from` wraps past midnight (22:00 to 02:00). Preferences add up: a shift
/// outside two windows that apply to its day pays both weights.
///
/// # Examples
///
/// ```
/// use chrono::{NaiveTime, Weekday};
/// use wfmkit::roster::PreferredStart;
///
/// let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
/// let p = PreferredStart::every_day(t(8), t(10), 3.0);
/// assert!(p.contains(t(9)) && !p.contains(t(11)));
/// let late = PreferredStart::every_day(t(22), t(2), 1.0).on_weekday(Weekday::Fri);
/// assert!(late.contains(t(23)) && late.contains(t(1)) && !late.contains(t(12)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferredStart {
    /// Only on this weekday (at most one of `weekday` and `date`; neither: every day).
    #[serde(default)]
    pub weekday: Option<Weekday>,
    /// Only on this date.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Earliest preferred start.
    #[serde(with = "crate::schedule::hhmm")]
    pub from: NaiveTime,
    /// Latest preferred start (inclusive).
    #[serde(with = "crate::schedule::hhmm")]
    pub to: NaiveTime,
    /// The cost of a shift that starts outside the window (> 0).
    pub weight: f64,
}

impl PreferredStart {
    /// A preference that applies to every day.
    pub fn every_day(from: NaiveTime, to: NaiveTime, weight: f64) -> Self {
        Self {
            weekday: None,
            date: None,
            from,
            to,
            weight,
        }
    }
    /// Restricts it to one weekday.
    pub fn on_weekday(mut self, day: Weekday) -> Self {
        self.weekday = Some(day);
        self.date = None;
        self
    }
    /// Restricts it to one date.
    pub fn on_date(mut self, date: NaiveDate) -> Self {
        self.date = Some(date);
        self.weekday = None;
        self
    }
    /// Whether a start at `t` lies in the window.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from <= self.to {
            self.from <= t && t <= self.to
        } else {
            t >= self.from || t <= self.to
        }
    }
}

/// A published day that must not change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locked {
    /// The day.
    pub date: NaiveDate,
    /// The shift worked, or `None` for a day off.
    #[serde(default)]
    pub shift: Option<String>,
}

mod opt_hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => crate::schedule::hhmm::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(with = "crate::schedule::hhmm")] NaiveTime);
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}
