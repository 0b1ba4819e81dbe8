//! Skill groups (`[queues.<name>] skill_group`): the queues one pool of agents serves (voice and
//! chat, or several languages' back office) are scheduled together, on the sum of their
//! requirements ([`crate::schedule::CoverRequirement::combined`]), so one agent's shift serves
//! them all over the day. Each queue is still forecast and staffed by its own model (Erlang,
//! chat, backlog); the group's plan is published under the group's name in the `queue` column
//! of `shifts`, `activities` and `coverage`, and the manifest lists it beside the queues.

use super::inputs::{QueueSpec, Source};
use super::{JobEvent, QueueResult, Stage};
use crate::io::JobConfig;
use crate::pipeline::{run_stages, StageInput, StageOptions};
use crate::schedule::CoverRequirement;

/// The skill group of a queue, if `[queues.<name>]` names one.
pub(super) fn group_of<'a>(cfg: &'a JobConfig, queue: &str) -> Option<&'a str> {
    cfg.queues.get(queue).and_then(|q| q.skill_group.as_deref())
}

/// The skill groups with their member queues (indices into `inputs`), in order of first member.
pub(super) fn skill_groups(cfg: &JobConfig, inputs: &[QueueSpec]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, q) in inputs.iter().enumerate() {
        if let Some(g) = group_of(cfg, &q.name) {
            match out.iter_mut().find(|(name, _)| name == g) {
                Some((_, members)) => members.push(i),
                None => out.push((g.to_string(), vec![i])),
            }
        }
    }
    out
}

/// What stops skill groups from running: a group named like a queue, members whose `[schedule]`
/// options differ, named agents (`[agents]`) beside groups, and a schedule-only run from a
/// requirements file (a group needs each queue's staffing).
pub(super) fn check_groups(cfg: &JobConfig, inputs: &[QueueSpec]) -> Vec<String> {
    let mut problems = Vec::new();
    let groups = skill_groups(cfg, inputs);
    if groups.is_empty() {
        return problems;
    }
    if cfg.agents.is_some() {
        problems.push(
            "`skill_group` with [agents]: named agents are rostered per queue or on all queues by their skills; \
             skill groups schedule anonymous shifts (leave out one or the other)"
                .to_string(),
        );
    }
    for (g, members) in &groups {
        if inputs.iter().any(|q| &q.name == g) {
            problems.push(format!("skill group `{g}` has the name of a queue: name it apart"));
        }
        if cfg
            .multi_skill
            .as_ref()
            .is_some_and(|m| m.groups.iter().any(|mg| &mg.name == g))
        {
            problems.push(format!(
                "skill group `{g}` has the name of a [multi_skill] group: name it apart"
            ));
        }
        let first = &inputs[members[0]];
        if let Some(&i) = members
            .iter()
            .find(|&&i| inputs[i].stages.staffing.shrinkage != first.stages.staffing.shrinkage)
        {
            problems.push(format!(
                "queues `{}` and `{}` are in skill group `{g}` and differ in `shrinkage`; the group's agents (and an outbound campaign's slack) use one",
                first.name, inputs[i].name
            ));
        }
        if let Some(&i) = members
            .iter()
            .find(|&&i| inputs[i].stages.schedule != first.stages.schedule)
        {
            problems.push(format!(
                "queues `{}` and `{}` are in skill group `{g}`, which is scheduled once, and need the same [schedule] options",
                first.name, inputs[i].name
            ));
        }
        if let Some(&i) = members
            .iter()
            .find(|&&i| matches!(inputs[i].source, Source::RequirementsFile(..)))
        {
            problems.push(format!(
                "queue `{}` is in skill group `{g}`: a skill group sums its queues' staffing, so run `wfmkit plan` (not from a requirements file)",
                inputs[i].name
            ));
        }
    }
    problems
}

/// Schedules every skill group on its members' summed requirement (after the members ran up to
/// their requirements). Returns, per group, the spec it is published under and its result.
pub(super) fn schedule_groups(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> Vec<(QueueSpec, crate::Result<QueueResult>)> {
    skill_groups(cfg, inputs)
        .into_iter()
        .map(|(g, members)| {
            let stages: StageOptions = inputs[members[0]].stages.clone();
            let r = schedule_group(&g, &members, inputs, results, &stages, on_event);
            if let Err(e) = &r {
                on_event(JobEvent::Failed {
                    queue: g.clone(),
                    message: e.to_string(),
                });
            }
            let spec = QueueSpec {
                name: g,
                source: Source::File(Default::default()),
                stages,
                queues: inputs.len(),
            };
            (spec, r)
        })
        .collect()
}

fn schedule_group(
    g: &str,
    members: &[usize],
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    stages: &StageOptions,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let mut parts = Vec::with_capacity(members.len());
    for &i in members {
        match results[i].as_ref().map(|r| r.requirements.as_ref()) {
            Ok(Some(req)) => parts.push(req.to_cover_requirement()?),
            _ => {
                return Err(crate::schedule::ScheduleError::Solver(format!(
                    "skill group `{g}` needs the requirement of queue `{}`, which failed",
                    inputs[i].name
                ))
                .into())
            }
        }
    }
    let combined = CoverRequirement::combined(&parts)?;
    schedule_requirement(g, &combined, stages, on_event)
}

/// Whether a queue stops at its requirement because a group (a skill group, or the groups of
/// `[multi_skill]`) is scheduled in its place.
pub(super) fn stops_at_requirements(cfg: &JobConfig, queue: &str) -> bool {
    group_of(cfg, queue).is_some()
        || cfg
            .multi_skill
            .as_ref()
            .is_some_and(|m| m.groups.iter().any(|g| g.skills.iter().any(|s| s == queue)))
}

/// Schedules a group's requirement with the stage options, with the queue events under the
/// group's name, as a queue result of its own (a plan, no forecast or staffing).
pub(super) fn schedule_requirement(
    g: &str,
    requirement: &CoverRequirement,
    stages: &StageOptions,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let mut forward = super::forward_events(g, on_event);
    let from = StageInput::CoverRequirement {
        requirement,
        workload: None,
    };
    let out = run_stages(from, stages, Stage::Schedule, &mut forward)?;
    Ok(QueueResult {
        forecast: None,
        requirements: None,
        plan: out.plan,
        evaluation: None,
        simulation: None,
        roster: None,
        roster_simulation: None,
        requirement: out.requirement,
        timings: out.timings,
        read_seconds: 0.0,
        input_file: None,
    })
}
