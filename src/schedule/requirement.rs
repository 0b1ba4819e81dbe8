//! [`Requirement`]: agents needed per interval, the input of the scheduler.

use chrono::{Duration, NaiveDateTime};

use super::ScheduleError;

/// Agents required in each of consecutive, equally long intervals.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::schedule::Requirement;
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let r = Requirement::regular(t0, 3600, vec![2.0; 24]).unwrap();
/// assert_eq!(r.len(), 24);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    interval_s: u32,
    timestamps: Vec<NaiveDateTime>,
    agents: Vec<f64>,
}

impl Requirement {
    /// Builds a requirement from interval starts and agents, checking that the intervals are
    /// consecutive and the values finite and non-negative.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EmptyRequirement`], [`ScheduleError::BadInterval`],
    /// [`ScheduleError::Gap`] or [`ScheduleError::InvalidRequirement`], naming the first bad row
    /// (rows are numbered from 1).
    pub fn try_new(interval_s: u32, timestamps: Vec<NaiveDateTime>, agents: Vec<f64>) -> Result<Self, ScheduleError> {
        if interval_s == 0 || 86_400 % interval_s != 0 {
            return Err(ScheduleError::BadInterval { interval_s });
        }
        if timestamps.is_empty() {
            return Err(ScheduleError::EmptyRequirement);
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
        if let Some(i) = agents.iter().position(|a| !(a.is_finite() && *a >= 0.0)) {
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
    /// As [`Requirement::try_new`].
    pub fn regular(start: NaiveDateTime, interval_s: u32, agents: Vec<f64>) -> Result<Self, ScheduleError> {
        let ts = (0..agents.len())
            .map(|i| start + Duration::seconds(i as i64 * interval_s as i64))
            .collect();
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
