//! Outbound campaigns and blending: a calling list to finish within calling hours, worked first
//! by blended agents when inbound needs fewer than are on duty, then by dedicated agents.
//!
//! # Model
//!
//! A campaign has `records` to call. Each attempt reaches a person with probability
//! `contact_rate` (independently); a record is tried until it is reached or `max_attempts`
//! attempts have been made. So a record needs, in expectation,
//!
//! - `E[attempts] = (1 − (1 − r)^A) ÷ r` attempts, of which
//! - `E[contacts] = 1 − (1 − r)^A` reach a person (`r` the contact rate, `A` the attempts);
//!
//! and an agent spends `talk_s` (talk and wrap-up) on a contact and `attempt_s` (dialling,
//! ringing, a voicemail) on an attempt that reaches nobody. The campaign's work is `records ×
//! (E[contacts] · talk_s + (E[attempts] − E[contacts]) · attempt_s)` agent-seconds, done within
//! the open intervals (calling hours) of the window given, at `occupancy`.
//!
//! **Blending.** `slack[t]` agents are on duty in interval `t` beyond what inbound needs for its
//! targets (scheduled − required, from a plan's coverage); they take outbound work, and inbound
//! keeps at least its required agents, so its targets still hold. Whatever the slack cannot do
//! goes to dedicated agents, the same number in every open interval: that is the fewest peak
//! dedicated agents (any plan with a lower peak would have less capacity in total than the work)
//! and, since all slack is used first, also the fewest dedicated agent-hours. When the slack is
//! enough, it is used as early as possible and no dedicated agent is needed.
//!
//! Retries are taken as possible at any time (no minimum gap between attempts on a record), and
//! dialling is by agents (preview/progressive), so no call is abandoned by a predictive dialler.
//!
//! # Examples
//! ```
//! use wfmkit::staffing::{outbound_staffing, OutboundCampaign};
//! // 1,000 records, 40% reached per attempt, at most 3 attempts, 5 minutes a contact, 30 s an
//! // unanswered attempt; 8 one-hour intervals of calling hours and no slack.
//! let c = OutboundCampaign::new(1000.0, 0.4, 3, 300.0, 30.0, 60);
//! let plan = outbound_staffing(&c, &[true; 8], &[0.0; 8]).unwrap();
//! let contacts = 1.0 - 0.6f64.powi(3); // 0.784 per record
//! let attempts = contacts / 0.4; // 1.96 per record
//! let hours = 1000.0 * (contacts * 300.0 + (attempts - contacts) * 30.0) / 3600.0;
//! assert!((plan.agent_hours - hours).abs() < 1e-9);
//! assert!((plan.peak_dedicated - hours / 8.0).abs() < 1e-9);
//! ```

use super::error::StaffingError;

/// An outbound campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundCampaign {
    /// Records on the list (≥ 0).
    pub records: f64,
    /// Probability that an attempt reaches a person, in (0, 1].
    pub contact_rate: f64,
    /// Attempts per record at most (≥ 1).
    pub max_attempts: u32,
    /// Agent time per contact (talk and wrap-up), seconds (≥ 0).
    pub talk_s: f64,
    /// Agent time per attempt that reaches nobody, seconds (≥ 0).
    pub attempt_s: f64,
    /// Interval length, minutes (> 0).
    pub interval_minutes: u32,
    /// Productive share of an agent's time on outbound work, in (0, 1] (default 1).
    pub occupancy: f64,
}

impl OutboundCampaign {
    /// A campaign at occupancy 1.
    pub fn new(
        records: f64,
        contact_rate: f64,
        max_attempts: u32,
        talk_s: f64,
        attempt_s: f64,
        interval_minutes: u32,
    ) -> Self {
        Self {
            records,
            contact_rate,
            max_attempts,
            talk_s,
            attempt_s,
            interval_minutes,
            occupancy: 1.0,
        }
    }

    /// Sets the productive share of an agent's time.
    #[must_use]
    pub fn with_occupancy(mut self, occupancy: f64) -> Self {
        self.occupancy = occupancy;
        self
    }

    /// Expected (attempts, contacts) per record.
    pub fn per_record(&self) -> (f64, f64) {
        let miss = 1.0 - self.contact_rate;
        let contacts = 1.0 - miss.powi(self.max_attempts.min(i32::MAX as u32) as i32);
        (contacts / self.contact_rate, contacts)
    }

    /// Expected agent-seconds per record.
    pub fn seconds_per_record(&self) -> f64 {
        let (attempts, contacts) = self.per_record();
        contacts * self.talk_s + (attempts - contacts) * self.attempt_s
    }

    fn check(&self) -> Result<(), StaffingError> {
        let non_negative = |name: &'static str, value: f64| {
            if value.is_finite() && value >= 0.0 {
                Ok(())
            } else {
                Err(StaffingError::NotNonNegative { name, value })
            }
        };
        non_negative("records", self.records)?;
        non_negative("talk_s", self.talk_s)?;
        non_negative("attempt_s", self.attempt_s)?;
        let range = |name: &'static str, value: f64| {
            if value.is_finite() && value > 0.0 && value <= 1.0 {
                Ok(())
            } else {
                Err(StaffingError::TargetOutOfRange {
                    name,
                    value,
                    range: "(0, 1]",
                })
            }
        };
        range("contact_rate", self.contact_rate)?;
        range("occupancy", self.occupancy)?;
        for (name, value) in [
            ("max_attempts", self.max_attempts),
            ("interval_minutes", self.interval_minutes),
        ] {
            if value == 0 {
                return Err(StaffingError::TargetOutOfRange {
                    name,
                    value: 0.0,
                    range: "[1, 4294967295]",
                });
            }
        }
        Ok(())
    }
}

/// A campaign's plan per interval.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundPlan {
    /// Slack agents working the campaign per interval.
    pub blended_agents: Vec<f64>,
    /// Dedicated agents per interval (the same in every open interval, 0 when closed).
    pub dedicated_agents: Vec<f64>,
    /// Records worked per interval.
    pub records: Vec<f64>,
    /// Records left at the end of each interval.
    pub remaining: Vec<f64>,
    /// The dedicated agents in an open interval.
    pub peak_dedicated: f64,
    /// Agent-hours of the whole campaign (blended and dedicated).
    pub agent_hours: f64,
    /// Of them, the dedicated agent-hours.
    pub dedicated_hours: f64,
    /// Expected attempts and contacts per record.
    pub attempts_per_record: f64,
    /// Expected contacts per record.
    pub contacts_per_record: f64,
}

/// The agents a campaign needs per interval, blended into `slack` first (see the module docs).
///
/// `open[t]`: whether interval `t` is in calling hours; `slack[t]`: agents on duty beyond
/// inbound's need (≥ 0). The campaign must finish by the end of the last interval.
///
/// # Errors
///
/// [`StaffingError::NotNonNegative`] or [`StaffingError::TargetOutOfRange`] naming the
/// campaign's field; [`StaffingError::InvalidCampaign`] (field `slack`) when `open` and `slack`
/// differ in length; a bad slack value is named at its interval;
/// [`StaffingError::InvalidCampaign`] (field `open`) when there is work and no open interval.
pub fn outbound_staffing(c: &OutboundCampaign, open: &[bool], slack: &[f64]) -> Result<OutboundPlan, StaffingError> {
    c.check()?;
    if slack.len() != open.len() {
        return Err(StaffingError::InvalidCampaign {
            name: "slack",
            reason: format!("has {} intervals, `open` has {}", slack.len(), open.len()),
        });
    }
    if let Some(i) = slack.iter().position(|s| !s.is_finite() || *s < 0.0) {
        return Err(StaffingError::NotNonNegative {
            name: "slack",
            value: slack[i],
        }
        .at(i));
    }
    let n = open.len();
    let per_agent = 60.0 * c.interval_minutes as f64 * c.occupancy; // agent-seconds of work per agent-interval
    let work = c.records * c.seconds_per_record(); // agent-seconds
    let n_open = open.iter().filter(|&&o| o).count();
    if work > 0.0 && n_open == 0 {
        return Err(StaffingError::InvalidCampaign {
            name: "open",
            reason: "the campaign has work and no interval in calling hours".into(),
        });
    }
    let free: f64 = (0..n).filter(|&t| open[t]).map(|t| slack[t] * per_agent).sum();
    let dedicated = if work > free {
        (work - free) / per_agent / n_open as f64
    } else {
        0.0
    };
    let per_record = c.seconds_per_record();
    let mut left = work;
    let (mut blended_agents, mut dedicated_agents) = (vec![0.0; n], vec![0.0; n]);
    let (mut records, mut remaining) = (vec![0.0; n], vec![0.0; n]);
    for t in 0..n {
        if open[t] && left > 0.0 {
            let d = dedicated.min(left / per_agent);
            let b = slack[t].min((left - d * per_agent).max(0.0) / per_agent);
            let done = ((d + b) * per_agent).min(left);
            left -= done;
            dedicated_agents[t] = d;
            blended_agents[t] = b;
            records[t] = if per_record > 0.0 { done / per_record } else { 0.0 };
        }
        remaining[t] = if per_record > 0.0 {
            left.max(0.0) / per_record
        } else {
            0.0
        };
    }
    if per_record == 0.0 {
        // No work per record: every record is done at once.
        if let Some(t) = open.iter().position(|&o| o) {
            records[t] = c.records;
        }
    }
    let hours = |v: &[f64]| v.iter().sum::<f64>() * c.interval_minutes as f64 / 60.0;
    let (attempts, contacts) = c.per_record();
    Ok(OutboundPlan {
        peak_dedicated: dedicated,
        agent_hours: hours(&blended_agents) + hours(&dedicated_agents),
        dedicated_hours: hours(&dedicated_agents),
        blended_agents,
        dedicated_agents,
        records,
        remaining,
        attempts_per_record: attempts,
        contacts_per_record: contacts,
    })
}
