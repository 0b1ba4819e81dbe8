//! Outbound campaigns (`[[outbound]]`): after the schedule, each campaign is planned on the
//! grid of the queue or skill group it blends with ([`crate::staffing::outbound_staffing`]):
//! that plan's slack first (agents scheduled beyond the requirement, net of the queue's
//! shrinkage), then dedicated agents. Published as `outbound` (one row per campaign and
//! interval) with a summary per campaign in the manifest.

use polars::prelude::*;
use serde_json::json;

use super::inputs::QueueSpec;
use super::QueueResult;
use crate::io::{IoError, JobConfig, OutboundConfig};
use crate::staffing::{outbound_staffing, OutboundCampaign, StaffingError};

/// The intervals in a campaign's calling hours, an error naming `calling_hours`.
fn calling(c: &OutboundConfig, timestamps: &[chrono::NaiveDateTime], minutes: u32) -> Result<Vec<bool>, StaffingError> {
    crate::staffing::open_intervals(&c.calling_hours, timestamps, minutes).map_err(|e| match e {
        StaffingError::InvalidBacklog { reason, .. } => StaffingError::InvalidCampaign {
            name: "calling_hours",
            reason,
        },
        other => other,
    })
}

fn campaign(c: &OutboundConfig, interval_minutes: u32) -> OutboundCampaign {
    OutboundCampaign {
        records: c.records,
        contact_rate: c.contact_rate,
        max_attempts: c.max_attempts,
        talk_s: c.talk_s,
        attempt_s: c.attempt_s,
        interval_minutes,
        occupancy: c.occupancy,
    }
}

/// What stops the campaigns from running: a bad number or calling hours (named by campaign and
/// field), a `blend_with` that names no queue or skill group, two campaigns with one name.
pub(super) fn check_outbound(cfg: &JobConfig, inputs: &[QueueSpec]) -> Vec<String> {
    let mut problems = Vec::new();
    let groups = super::groups::skill_groups(cfg, inputs);
    for (i, c) in cfg.outbound.iter().enumerate() {
        let at = format!("outbound[{i}] (`{}`)", c.name);
        if cfg.outbound[..i].iter().any(|o| o.name == c.name) {
            problems.push(format!("{at}: two campaigns are named `{}`", c.name));
        }
        if let Err(e) = outbound_staffing(&campaign(c, 15), &[true], &[0.0]) {
            problems.push(format!("{at}: {e}"));
        }
        if let Err(e) = calling(c, &[], 15) {
            problems.push(format!("{at}: {e}"));
        }
        let multi = cfg
            .multi_skill
            .as_ref()
            .is_some_and(|m| m.groups.iter().any(|g| g.name == c.blend_with));
        let known =
            inputs.iter().any(|q| q.name == c.blend_with) || groups.iter().any(|(g, _)| *g == c.blend_with) || multi;
        if !known {
            problems.push(format!(
                "{at}: `blend_with` = `{}` names no queue or skill group of the job",
                c.blend_with
            ));
        } else if super::groups::stops_at_requirements(cfg, &c.blend_with) {
            problems.push(format!(
                "{at}: `blend_with` = `{}` is a queue of a group, which has no plan of its own: blend with the group",
                c.blend_with
            ));
        }
    }
    problems
}

/// Plans every campaign on the plan of the queue (or group) it blends with. Returns the
/// `outbound` frame and the manifest's summary per campaign. A campaign whose queue has no plan
/// (it failed) is reported in the summary and left out of the frame.
pub(super) fn plan_outbound(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
) -> crate::Result<(Option<DataFrame>, Vec<serde_json::Value>)> {
    let mut parts: Vec<DataFrame> = Vec::new();
    let mut summary = Vec::new();
    for c in &cfg.outbound {
        let found = inputs.iter().zip(results).find(|(q, _)| q.name == c.blend_with);
        let Some((q, Ok(r))) = found else {
            summary.push(
                json!({"campaign": c.name, "blend_with": c.blend_with, "error": "the queue or group has no plan"}),
            );
            continue;
        };
        let Some(plan) = &r.plan else {
            summary.push(
                json!({"campaign": c.name, "blend_with": c.blend_with, "error": "the queue or group has no plan"}),
            );
            continue;
        };
        let cov = &plan.coverage;
        let minutes = cov.interval_s / 60;
        let shrinkage = q.stages.staffing.shrinkage;
        let slack: Vec<f64> = cov
            .scheduled
            .iter()
            .zip(&cov.required)
            .map(|(s, req)| ((*s as f64) - req).max(0.0) * (1.0 - shrinkage))
            .collect();
        let mut open = calling(c, &cov.timestamps, minutes)?;
        if let Some(until) = c.until {
            for (o, t) in open.iter_mut().zip(&cov.timestamps) {
                if t.date() > until {
                    *o = false;
                }
            }
        }
        let p = outbound_staffing(&campaign(c, minutes), &open, &slack).map_err(|e| IoError::Config {
            path: format!("outbound.{}", c.name),
            message: e.to_string(),
        })?;
        let n = cov.timestamps.len();
        let df = DataFrame::new_infer_height(vec![
            Column::new("campaign".into(), vec![c.name.as_str(); n]),
            crate::io::convert::datetime_series(crate::io::INTERVAL_START, &cov.timestamps),
            Column::new("open".into(), open),
            Column::new("slack".into(), slack),
            Column::new("blended_agents".into(), p.blended_agents.clone()),
            Column::new("dedicated_agents".into(), p.dedicated_agents.clone()),
            Column::new("records".into(), p.records.clone()),
            Column::new("remaining".into(), p.remaining.clone()),
        ])
        .map_err(|e| IoError::Parse {
            what: "outbound".into(),
            reason: e.to_string(),
        })?;
        parts.push(df);
        summary.push(json!({
            "campaign": c.name,
            "blend_with": c.blend_with,
            "records": c.records,
            "agent_hours": p.agent_hours,
            "dedicated_hours": p.dedicated_hours,
            "peak_dedicated": p.peak_dedicated,
            "contacts_per_record": p.contacts_per_record,
            "attempts_per_record": p.attempts_per_record,
        }));
    }
    let mut it = parts.into_iter();
    let Some(mut all) = it.next() else {
        return Ok((None, summary));
    };
    for p in it {
        all.vstack_mut(&p).map_err(|e| IoError::Parse {
            what: "outbound".into(),
            reason: e.to_string(),
        })?;
    }
    Ok((Some(all), summary))
}
