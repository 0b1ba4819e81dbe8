//! [`Contract`]: the labour rules an agent works under.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::RosterError;

/// The rules of one contract, shared by every agent on it. Every limit is optional; a missing
/// one does not bind. Minutes are paid minutes (a shift's length less its unpaid breaks).
/// Weeks are the horizon's 7-day blocks from its first day; a trailing block shorter than 7 days
/// gets the weekly limits scaled down (maxima rounded up, minima rounded down).
///
/// Consecutive-day rules follow the convention of the Curtois & Qu benchmark: a run of working
/// days (or of days off) that touches the first or the last day of the horizon is exempt from
/// the *minimum* rules, since it may continue outside it; maxima apply to runs inside the
/// horizon.
///
/// # Examples
///
/// ```
/// use wfmkit::roster::Contract;
///
/// let full_time = Contract::new("full_time")
///     .minutes_per_week(Some(2280), Some(2400))
///     .days_per_week(Some(5), Some(5))
///     .consecutive_days(Some(2), Some(6))
///     .min_consecutive_days_off(Some(2))
///     .min_rest_min(Some(11 * 60));
/// full_time.check().unwrap();
/// assert!(Contract::new("bad").days_per_week(Some(6), Some(5)).check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Unique name, referred to by the agents' `contract`.
    pub name: String,
    /// Least paid minutes over the horizon.
    #[serde(default)]
    pub min_minutes: Option<u32>,
    /// Most paid minutes over the horizon.
    #[serde(default)]
    pub max_minutes: Option<u32>,
    /// Least paid minutes in each week.
    #[serde(default)]
    pub min_minutes_per_week: Option<u32>,
    /// Most paid minutes in each week.
    #[serde(default)]
    pub max_minutes_per_week: Option<u32>,
    /// Least working days in each week.
    #[serde(default)]
    pub min_days_per_week: Option<u32>,
    /// Most working days in each week.
    #[serde(default)]
    pub max_days_per_week: Option<u32>,
    /// Most shifts over the horizon, per shift (or template) name.
    #[serde(default)]
    pub max_shifts: BTreeMap<String, u32>,
    /// Least consecutive working days in a run (runs touching the horizon's ends are exempt).
    #[serde(default)]
    pub min_consecutive_days: Option<u32>,
    /// Most consecutive working days.
    #[serde(default)]
    pub max_consecutive_days: Option<u32>,
    /// Least consecutive days off in a run (runs touching the horizon's ends are exempt).
    #[serde(default)]
    pub min_consecutive_days_off: Option<u32>,
    /// Most weekends (Saturday or Sunday or both) worked over the horizon.
    #[serde(default)]
    pub max_weekends: Option<u32>,
    /// The shifts (by shift or template name) agents on this contract may work; default all.
    #[serde(default)]
    pub shifts: Option<Vec<String>>,
    /// Least minutes between the end of one shift and the start of the next.
    #[serde(default)]
    pub min_rest_min: Option<u32>,
    /// Successions not allowed on consecutive days, as `[first, next]` shift or template names
    /// (e.g. `["night", "early"]`: no early shift the day after a night shift).
    #[serde(default)]
    pub forbidden_successions: Vec<[String; 2]>,
}

impl Contract {
    /// A contract with no limits.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
    /// Sets the least and most paid minutes over the horizon.
    pub fn minutes(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        (self.min_minutes, self.max_minutes) = (min, max);
        self
    }
    /// Sets the least and most paid minutes per week.
    pub fn minutes_per_week(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        (self.min_minutes_per_week, self.max_minutes_per_week) = (min, max);
        self
    }
    /// Sets the least and most working days per week.
    pub fn days_per_week(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        (self.min_days_per_week, self.max_days_per_week) = (min, max);
        self
    }
    /// Sets the least and most consecutive working days.
    pub fn consecutive_days(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        (self.min_consecutive_days, self.max_consecutive_days) = (min, max);
        self
    }
    /// Sets the least consecutive days off.
    pub fn min_consecutive_days_off(mut self, min: Option<u32>) -> Self {
        self.min_consecutive_days_off = min;
        self
    }
    /// Sets the most weekends worked.
    pub fn max_weekends(mut self, max: Option<u32>) -> Self {
        self.max_weekends = max;
        self
    }
    /// Limits the shifts of one name over the horizon.
    pub fn max_shifts_of(mut self, shift: &str, max: u32) -> Self {
        self.max_shifts.insert(shift.into(), max);
        self
    }
    /// Restricts the shifts (or templates) agents on the contract may work.
    pub fn shifts(mut self, shifts: Option<Vec<String>>) -> Self {
        self.shifts = shifts;
        self
    }
    /// Forbids shift (or template) `next` on the day after `first`.
    pub fn forbid_succession(mut self, first: &str, next: &str) -> Self {
        self.forbidden_successions.push([first.into(), next.into()]);
        self
    }
    /// Sets the least rest between shifts, in minutes.
    pub fn min_rest_min(mut self, min: Option<u32>) -> Self {
        self.min_rest_min = min;
        self
    }

    /// Checks that every minimum is at most its maximum and that day counts are possible.
    ///
    /// # Errors
    ///
    /// [`RosterError::InvalidContract`] naming the contract and field.
    pub fn check(&self) -> Result<(), RosterError> {
        let bad = |field: &'static str, reason: String| RosterError::InvalidContract {
            contract: self.name.clone(),
            field,
            reason,
        };
        if self.name.trim().is_empty() {
            return Err(bad("name", "must not be empty".into()));
        }
        for (lo, hi, lo_name, hi_name) in [
            (self.min_minutes, self.max_minutes, "min_minutes", "max_minutes"),
            (
                self.min_minutes_per_week,
                self.max_minutes_per_week,
                "min_minutes_per_week",
                "max_minutes_per_week",
            ),
            (
                self.min_days_per_week,
                self.max_days_per_week,
                "min_days_per_week",
                "max_days_per_week",
            ),
            (
                self.min_consecutive_days,
                self.max_consecutive_days,
                "min_consecutive_days",
                "max_consecutive_days",
            ),
        ] {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    return Err(bad(lo_name, format!("= {lo} is above {hi_name} = {hi}")));
                }
            }
        }
        for (field, v) in [
            ("min_days_per_week", self.min_days_per_week),
            ("max_days_per_week", self.max_days_per_week),
        ] {
            if let Some(v) = v {
                if v > 7 {
                    return Err(bad(field, format!("= {v} is more than the 7 days of a week")));
                }
            }
        }
        if self.max_consecutive_days == Some(0) {
            return Err(bad(
                "max_consecutive_days",
                "= 0 would forbid all work: give the agents no shifts instead".into(),
            ));
        }
        if let Some(v) = self.min_rest_min {
            if v > 7 * 24 * 60 {
                return Err(bad("min_rest_min", format!("= {v} is more than one week")));
            }
        }
        if matches!(&self.shifts, Some(s) if s.is_empty()) {
            return Err(bad(
                "shifts",
                "is empty: agents on the contract could never work".into(),
            ));
        }
        Ok(())
    }
}
