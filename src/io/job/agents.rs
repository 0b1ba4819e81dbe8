//! The job's named agents (`[agents]`): reading them and rostering each queue, or every queue together.

use std::path::{Path, PathBuf};
use std::time::Instant;

use polars::prelude::*;

use super::inputs::{in_file, QueueSpec};
use super::{JobEvent, QueueResult, Stage};
use crate::io::{IoError, JobConfig};
use crate::roster::{Agent, Roster};
use crate::schedule::{CoverRequirement, Plan};

/// Every agent of `[agents]`, or `None` without `[agents]`.
fn read_agents(cfg: &JobConfig) -> crate::Result<Option<Vec<Agent>>> {
    let Some(a) = &cfg.agents else { return Ok(None) };
    let read = |p: &Path| -> crate::Result<DataFrame> { Ok(crate::io::read_frame(p, None)?) };
    let opt = |p: &Option<PathBuf>| -> crate::Result<Option<DataFrame>> { p.as_deref().map(read).transpose() };
    let tables = [
        opt(&a.leave)?,
        opt(&a.availability)?,
        opt(&a.requests)?,
        opt(&a.locked)?,
        opt(&a.preferred_starts)?,
    ];
    let all = crate::io::agents_from_frames(&read(&a.path)?, crate::io::AgentTables::from_slice(&tables))
        .map_err(|e| in_file(&a.path, e.into()))?;
    Ok(Some(all))
}

/// Whether the queues are rostered together: some agent serves several of them.
fn rostered_together(agents: &[Agent]) -> bool {
    agents.iter().any(|a| a.skills.len() > 1)
}

/// The agents of `[agents]` that serve `queue` (see [`crate::io::AgentsInput`]), or `None` without
/// `[agents]` or when the queues are rostered together.
pub(super) fn load_agents(cfg: &JobConfig, queue: &str, n_queues: usize) -> crate::Result<Option<Vec<Agent>>> {
    let Some(all) = read_agents(cfg)? else { return Ok(None) };
    if rostered_together(&all) {
        return Ok(None);
    }
    let mut mine = Vec::new();
    for ag in all {
        match ag.skills.as_slice() {
            [] if n_queues == 1 => mine.push(ag),
            [] => {
                return Err(IoError::Config {
                    path: "agents".into(),
                    message: format!(
                        "agent `{}` has no skills, and the job plans {n_queues} queues: name its queue (or queues) in `skills`",
                        ag.agent_id
                    ),
                }
                .into())
            }
            [q] if q == queue => mine.push(ag),
            _ => {}
        }
    }
    Ok(Some(mine))
}

/// A roster's one-line summary for the log: "roster of WHO: status, objective, bound, gap, price".
fn roster_line(r: &Roster, who: &str) -> String {
    format!(
        "roster of {who}: {}, objective {:.1}, bound {:.1}, gap {:.2}%, price of named agents {:.2}%",
        r.status.name(),
        r.objective,
        r.bound,
        100.0 * r.gap,
        100.0 * r.design.map_or(0.0, |d| d.price_of_named_agents)
    )
}

/// The name the joint roster's events and errors carry in place of a queue.
const ALL_QUEUES: &str = "(all queues)";

/// The roster of every queue together, when an agent serves several queues: after every queue
/// has its requirement, the agents are rostered on all of them at once (see
/// [`crate::roster::roster_queues`]), with the queues' common `[schedule]` options. Returns the
/// roster with the agents it rostered.
pub(super) fn joint_roster(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> Option<crate::Result<(Roster, Vec<Agent>)>> {
    let a = cfg.agents.as_ref()?;
    let agents = match read_agents(cfg) {
        Ok(Some(agents)) if rostered_together(&agents) => agents,
        Ok(_) => return None,
        Err(e) => return Some(Err(e)),
    };
    let config = |message: String| -> crate::Error {
        IoError::Config {
            path: "agents".into(),
            message,
        }
        .into()
    };
    let mut queues = Vec::with_capacity(inputs.len());
    for (q, r) in inputs.iter().zip(results) {
        match r.as_ref().map(|r| r.requirement.as_ref()) {
            Ok(Some(req)) => queues.push(crate::roster::QueueRequirement {
                queue: q.name.clone(),
                requirement: req.clone(),
            }),
            _ => {
                return Some(Err(config(format!(
                    "the roster of all queues needs every queue's requirement, and queue `{}` has none",
                    q.name
                ))))
            }
        }
    }
    let sched = &inputs[0].stages.schedule;
    if let Some(q) = inputs.iter().find(|q| q.stages.schedule != *sched) {
        return Some(Err(config(format!(
            "agents serve several queues, so the queues are rostered together and need the same [schedule] options; queue `{}` overrides them",
            q.name
        ))));
    }
    on_event(JobEvent::Started {
        queue: ALL_QUEUES.into(),
        stage: Stage::Schedule,
    });
    let t = Instant::now();
    let r = crate::roster::roster_queues(&queues, sched, &a.contracts, &agents, &a.options).map_err(crate::Error::from);
    match &r {
        Ok(r) => on_event(JobEvent::Finished {
            queue: ALL_QUEUES.into(),
            stage: Stage::Schedule,
            seconds: t.elapsed().as_secs_f64(),
            summary: roster_line(r, &format!("{} agents on {} queues", agents.len(), queues.len())),
        }),
        Err(e) => on_event(JobEvent::Failed {
            queue: ALL_QUEUES.into(),
            message: e.to_string(),
        }),
    }
    Some(r.map(|r| (r, agents)))
}

/// The roster stage of one queue, when the job has `[agents]`: the named agents on the
/// requirement, with the schedule stage's plan as the shift design (reused when the schedule
/// options are the design's, else solved again without pattern cost and hard cover).
pub(super) fn roster_stage(
    cfg: &JobConfig,
    input: &QueueSpec,
    requirement: &CoverRequirement,
    plan: &Plan,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<Option<Roster>> {
    let Some(agents) = load_agents(cfg, &input.name, input.queues)? else {
        return Ok(None);
    };
    let Some(a) = &cfg.agents else { return Ok(None) };
    on_event(JobEvent::Started {
        queue: input.name.clone(),
        stage: Stage::Schedule,
    });
    let t = Instant::now();
    let sched = &input.stages.schedule;
    let r = if crate::roster::design_options(sched) == *sched {
        crate::roster::roster_with_design(requirement, sched, plan, &a.contracts, &agents, &a.options)
    } else {
        crate::roster::roster_requirement(requirement, sched, &a.contracts, &agents, &a.options)
    }
    .map_err(crate::Error::from)?;
    on_event(JobEvent::Finished {
        queue: input.name.clone(),
        stage: Stage::Schedule,
        seconds: t.elapsed().as_secs_f64(),
        summary: roster_line(&r, &format!("{} agents", agents.len())),
    });
    Ok(Some(r))
}
