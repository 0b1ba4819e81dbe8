//! [`CoverRequirement`]: agents needed per interval, the input of the scheduler.

use chrono::{Duration, NaiveDateTime};

use super::ScheduleError;

/// The most agents an interval may require. Far beyond any contact centre, and it keeps every
/// bound and right-hand side of the MILP far below what HiGHS treats as infinite (1e20).
pub const MAX_REQUIRED_AGENTS: f64 = 1e9;

/// Agents required in each of consecutive, equally long intervals.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::schedule::CoverRequirement;
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let r = CoverRequirement::regular(t0, 3600, vec![2.0; 24]).unwrap();
/// assert_eq!(r.len(), 24);
/// ```
///
/// It serialises as its three fields; deserialising checks them as [`CoverRequirement::try_new`]
/// does.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "CoverRequirementFields")]
pub struct CoverRequirement {
    interval_s: u32,
    timestamps: Vec<NaiveDateTime>,
    agents: Vec<f64>,
}

/// [`CoverRequirement`]'s fields as they are deserialised, before the checks.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverRequirementFields {
    interval_s: u32,
    timestamps: Vec<NaiveDateTime>,
    agents: Vec<f64>,
}

impl TryFrom<CoverRequirementFields> for CoverRequirement {
    type Error = ScheduleError;

    fn try_from(f: CoverRequirementFields) -> Result<Self, ScheduleError> {
        Self::try_new(f.interval_s, f.timestamps, f.agents)
    }
}

impl CoverRequirement {
    /// The requirement of agents who serve several queues or channels (a skill group): the sum,
    /// interval by interval, of the queues' requirements, which must share one grid (interval
    /// length and starts). Each channel's agents come from its own model (Erlang per voice
    /// queue, chat with concurrency, backlog), so the sum is what one scheduled agent pool must
    /// cover when its agents switch between them over the day; it does not pool the voice
    /// queues' randomness (for that, staff their combined forecast, or see
    /// [`crate::simulate::staff_multi_skill`]).
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EmptyRequirement`] for no parts; [`ScheduleError::InvalidOption`]
    /// (option `requirements`) naming the first part whose grid differs from the first's.
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use wfmkit::schedule::CoverRequirement;
    /// let t = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(8, 0, 0).unwrap();
    /// let voice = CoverRequirement::regular(t, 1800, vec![10.0, 12.0]).unwrap();
    /// let email = CoverRequirement::regular(t, 1800, vec![2.0, 1.0]).unwrap();
    /// let both = CoverRequirement::combined(&[voice.clone(), email]).unwrap();
    /// assert_eq!(both.agents(), &[12.0, 13.0]);
    /// // Another grid (starting 30 minutes later) is refused, naming the part.
    /// let later = CoverRequirement::regular(t + chrono::Duration::minutes(30), 1800, vec![1.0, 1.0]).unwrap();
    /// let err = CoverRequirement::combined(&[voice, later]).unwrap_err();
    /// assert!(err.to_string().contains("part 1"));
    /// ```
    pub fn combined(parts: &[CoverRequirement]) -> Result<Self, ScheduleError> {
        let Some(first) = parts.first() else {
            return Err(ScheduleError::EmptyRequirement);
        };
        let mut agents = first.agents.clone();
        for (i, p) in parts.iter().enumerate().skip(1) {
            if p.interval_s != first.interval_s || p.timestamps != first.timestamps {
                return Err(ScheduleError::InvalidOption {
                    option: "requirements",
                    value: format!(
                        "part {i}: {} intervals of {} s from {:?}",
                        p.timestamps.len(),
                        p.interval_s,
                        p.timestamps.first()
                    ),
                    reason: "the requirements of one skill group must share the first part's grid (interval length and starts)",
                });
            }
            for (a, b) in agents.iter_mut().zip(&p.agents) {
                *a += b;
            }
        }
        Self::try_new(first.interval_s, first.timestamps.clone(), agents)
    }

    /// Builds a requirement from interval starts and agents, checking that the intervals are
    /// consecutive and the values finite, non-negative and at most [`MAX_REQUIRED_AGENTS`].
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EmptyRequirement`], [`ScheduleError::BadInterval`] (not whole minutes
    /// dividing a day), [`ScheduleError::DateOutOfRange`], [`ScheduleError::Gap`] or
    /// [`ScheduleError::InvalidRequirement`], naming the first bad row (rows are numbered from 1).
    pub fn try_new(interval_s: u32, timestamps: Vec<NaiveDateTime>, agents: Vec<f64>) -> Result<Self, ScheduleError> {
        super::template::check_interval(interval_s)?;
        if timestamps.is_empty() {
            return Err(ScheduleError::EmptyRequirement);
        }
        if let Some(i) = timestamps.iter().position(|t| !in_range(t)) {
            return Err(ScheduleError::DateOutOfRange {
                row: i + 1,
                timestamp: timestamps[i],
            });
        }
        let step = Duration::seconds(interval_s as i64);
        for i in 1..timestamps.len() {
            if timestamps[i] - timestamps[i - 1] != step {
                return Err(ScheduleError::Gap {
                    row: i + 1,
                    timestamp: timestamps[i],
                    interval_s,
                });
            }
        }
        if agents.len() != timestamps.len() {
            return Err(ScheduleError::InvalidOption {
                option: "agents",
                value: agents.len().to_string(),
                reason: "must have one value per interval",
            });
        }
        if let Some(i) = agents.iter().position(|a| !(0.0..=MAX_REQUIRED_AGENTS).contains(a)) {
            return Err(ScheduleError::InvalidRequirement {
                row: i + 1,
                value: agents[i],
            });
        }
        Ok(Self {
            interval_s,
            timestamps,
            agents,
        })
    }

    /// A requirement of `agents.len()` intervals from `start`.
    ///
    /// # Errors
    ///
    /// As [`CoverRequirement::try_new`].
    pub fn regular(start: NaiveDateTime, interval_s: u32, agents: Vec<f64>) -> Result<Self, ScheduleError> {
        let mut ts = Vec::with_capacity(agents.len());
        for i in 0..agents.len() {
            match start.checked_add_signed(Duration::seconds(i as i64 * interval_s as i64)) {
                Some(t) if in_range(&t) => ts.push(t),
                t => {
                    return Err(ScheduleError::DateOutOfRange {
                        row: i + 1,
                        timestamp: t.unwrap_or(start),
                    })
                }
            }
        }
        Self::try_new(interval_s, ts, agents)
    }

    /// Interval length in seconds.
    pub fn interval_s(&self) -> u32 {
        self.interval_s
    }
    /// Interval starts.
    pub fn timestamps(&self) -> &[NaiveDateTime] {
        &self.timestamps
    }
    /// Agents required per interval.
    pub fn agents(&self) -> &[f64] {
        &self.agents
    }
    /// Number of intervals.
    pub fn len(&self) -> usize {
        self.timestamps.len()
    }
    /// Always false for a checked requirement.
    pub fn is_empty(&self) -> bool {
        self.timestamps.is_empty()
    }
}

/// Within the dates a requirement may hold: those of a history, so that every shift, break and
/// day the scheduler derives stays far inside the range of the calendar types.
fn in_range(t: &NaiveDateTime) -> bool {
    crate::time::in_supported_dates(*t)
}
