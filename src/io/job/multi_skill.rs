//! Multi-skill routing in a job (`[multi_skill]`): after the queues named in the groups' skills
//! have their forecasts and requirements, every interval is staffed per agent group by
//! simulation ([`crate::requirements::multi_skill_requirements`]), and each group is scheduled
//! on its agents (grossed up by the queues' shrinkage) and published under its name. The file
//! `multi_skill` holds the agents per group and interval; the manifest, the cost against staffing
//! every queue alone.

use polars::prelude::*;
use serde_json::json;

use super::inputs::{QueueSpec, Source};
use super::{JobEvent, QueueResult, Stage};
use crate::io::{IoError, JobConfig, MultiSkillConfig};
use crate::requirements::StaffingRequirements;
use crate::schedule::CoverRequirement;
use crate::simulate::{MultiSkillOptions, MultiSkillSystem};
use crate::staffing::{gross_agents, StaffingModel};

/// The call types (queues, in order of first mention in the groups' skills) and each group's
/// skills as indices into them.
fn types(m: &MultiSkillConfig) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut names: Vec<String> = Vec::new();
    let skills = m
        .groups
        .iter()
        .map(|g| {
            g.skills
                .iter()
                .map(|s| match names.iter().position(|n| n == s) {
                    Some(i) => i,
                    None => {
                        names.push(s.clone());
                        names.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    (names, skills)
}

/// What stops `[multi_skill]` from running, each problem named: groups without skills or with
/// a bad cost, a group named like a queue or twice, a skill that is no queue of the job, a queue
/// also in a skill group, a queue that is not voice or has no `service_level`, queues that
/// differ in shrinkage, `answer_within_s` or `[schedule]`, `[agents]` beside it, a run from a
/// requirements file.
pub(super) fn check_multi_skill(cfg: &JobConfig, inputs: &[QueueSpec]) -> Vec<String> {
    let Some(m) = &cfg.multi_skill else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let at = "[multi_skill]";
    if m.groups.is_empty() {
        problems.push(format!("{at}: no groups"));
    }
    if m.replications < 2 {
        problems.push(format!(
            "{at}: `replications` must be at least 2, got {}",
            m.replications
        ));
    }
    if cfg.agents.is_some() {
        problems.push(format!(
            "{at} with [agents]: multi-skill groups schedule anonymous shifts (leave out one or the other)"
        ));
    }
    for (i, g) in m.groups.iter().enumerate() {
        if g.skills.is_empty() {
            problems.push(format!("{at} group `{}` serves no queue", g.name));
        }
        if !(g.cost.is_finite() && g.cost > 0.0) {
            problems.push(format!("{at} group `{}`: `cost` must be > 0, got {}", g.name, g.cost));
        }
        if m.groups[..i].iter().any(|o| o.name == g.name) {
            problems.push(format!("{at}: two groups are named `{}`", g.name));
        }
        if inputs.iter().any(|q| q.name == g.name) {
            problems.push(format!(
                "{at} group `{}` has the name of a queue: name it apart",
                g.name
            ));
        }
        let mut seen = Vec::new();
        for s in &g.skills {
            if seen.contains(&s) {
                problems.push(format!("{at} group `{}` lists queue `{s}` twice", g.name));
            }
            seen.push(s);
        }
    }
    let (names, _) = types(m);
    let mut first: Option<&QueueSpec> = None;
    for n in &names {
        let Some(q) = inputs.iter().find(|q| &q.name == n) else {
            problems.push(format!("{at}: skill `{n}` is no queue of the job"));
            continue;
        };
        if super::groups::group_of(cfg, n).is_some() {
            problems.push(format!(
                "{at}: queue `{n}` is also in a skill group; a queue is routed one way"
            ));
        }
        if matches!(q.source, Source::RequirementsFile(..)) {
            problems.push(format!("{at}: queue `{n}` comes from a requirements file; multi-skill staffing needs its forecast (run `wfmkit plan`)"));
        }
        let s = &q.stages.staffing;
        if !s.is_voice() || s.service_level.is_none() || s.model == StaffingModel::ErlangB {
            problems.push(format!(
                "{at}: queue `{n}` must be a voice queue (Erlang C or A, no chat or backlog) with a `service_level` target"
            ));
        }
        match first {
            None => first = Some(q),
            Some(f) => {
                let fs = &f.stages;
                if fs.staffing.shrinkage != s.shrinkage || fs.staffing.answer_within_s != s.answer_within_s {
                    problems.push(format!(
                        "{at}: queues `{}` and `{n}` differ in `shrinkage` or `answer_within_s`; the groups' agents serve both",
                        f.name
                    ));
                }
                if fs.schedule != q.stages.schedule {
                    problems.push(format!("{at}: queues `{}` and `{n}` differ in [schedule] options; the groups are scheduled with one set", f.name));
                }
            }
        }
    }
    problems
}

/// Staffs and schedules the groups of `[multi_skill]`. Returns the groups' specs and results
/// (published as queues), the `multi_skill` frame and the manifest summary; `None` without the
/// table.
#[allow(clippy::type_complexity)]
pub(super) fn plan_multi_skill(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<
    Option<(
        Vec<(QueueSpec, crate::Result<QueueResult>)>,
        DataFrame,
        serde_json::Value,
    )>,
> {
    let Some(m) = &cfg.multi_skill else {
        return Ok(None);
    };
    let (names, skills) = types(m);
    let config = |message: String| -> crate::Error {
        IoError::Config {
            path: "multi_skill".into(),
            message,
        }
        .into()
    };
    let mut reqs: Vec<&StaffingRequirements> = Vec::new();
    let mut specs: Vec<&QueueSpec> = Vec::new();
    for n in &names {
        let i = inputs
            .iter()
            .position(|q| &q.name == n)
            .ok_or_else(|| config(format!("no queue `{n}`")))?;
        match results[i].as_ref().map(|r| r.requirements.as_ref()) {
            Ok(Some(r)) => {
                if r.zone.is_some() {
                    return Err(config(format!(
                        "queue `{n}` has a time zone; multi-skill staffing is on naive local time only"
                    )));
                }
                reqs.push(r);
                specs.push(&inputs[i]);
            }
            _ => return Err(config(format!("queue `{n}` has no requirement (it failed)"))),
        }
    }
    let first = reqs[0];
    if let Some(k) = reqs
        .iter()
        .position(|r| r.timestamps != first.timestamps || r.interval_s != first.interval_s)
    {
        return Err(config(format!(
            "queues `{}` and `{}` are not on the same intervals",
            names[0], names[k]
        )));
    }
    let stages = specs[0].stages.clone();
    let staffing = &stages.staffing;
    let cost: Vec<f64> = m.groups.iter().map(|g| g.cost).collect();
    let target: Vec<f64> = specs
        .iter()
        .map(|q| q.stages.staffing.service_level.unwrap_or(0.0))
        .collect();
    let patience: Vec<f64> = specs
        .iter()
        .map(|q| match q.stages.staffing.model {
            StaffingModel::ErlangA => q.stages.staffing.patience_s.unwrap_or(f64::INFINITY),
            _ => f64::INFINITY,
        })
        .collect();
    on_event(JobEvent::Started {
        queue: "(multi-skill)".into(),
        stage: Stage::Requirements,
    });
    let t = std::time::Instant::now();
    let n = first.timestamps.len();
    let groups = m.groups.len();
    let mut agents = vec![vec![0u32; n]; groups];
    let (mut cost_multi, mut cost_alone) = (0.0, 0.0);
    for i in 0..n {
        let volume: Vec<f64> = reqs.iter().map(|r| r.volume[i]).collect();
        if volume.iter().all(|&v| v <= 0.0) {
            continue;
        }
        let sys = MultiSkillSystem {
            period_s: first.interval_s as f64,
            volume: volume.clone(),
            aht_s: reqs
                .iter()
                .map(|r| {
                    if r.aht_s[i].is_finite() && r.aht_s[i] > 0.0 {
                        r.aht_s[i]
                    } else {
                        1.0
                    }
                })
                .collect(),
            patience_s: patience.clone(),
            skills: skills.clone(),
            routing: Vec::new(),
            answer_within_s: staffing.answer_within_s,
        };
        let opts = MultiSkillOptions {
            replications: m.replications,
            seed: m.seed.wrapping_add(i as u64),
        };
        let p = crate::requirements::multi_skill_requirements(&sys, &cost, &target, &opts, m.max_iterations)
            .map_err(|e| config(format!("interval {} ({}): {e}", i, first.timestamps[i])))?;
        for (g, &a) in p.staffing.agents.iter().enumerate() {
            agents[g][i] = a;
        }
        cost_multi += p.staffing.cost;
        cost_alone += p.alone.cost;
    }
    let seconds = t.elapsed().as_secs_f64();
    on_event(JobEvent::Finished {
        queue: "(multi-skill)".into(),
        stage: Stage::Requirements,
        seconds,
        summary: format!("{groups} groups over {n} intervals, cost {cost_multi:.0} against {cost_alone:.0} alone"),
    });
    let mut out = Vec::with_capacity(groups);
    let mut cols_group: Vec<&str> = Vec::new();
    let mut cols_ts = Vec::new();
    let (mut cols_agents, mut cols_gross) = (Vec::new(), Vec::new());
    for (g, group) in m.groups.iter().enumerate() {
        let gross: Vec<u32> = agents[g]
            .iter()
            .map(|&a| gross_agents(a, staffing.shrinkage))
            .collect::<Result<_, _>>()?;
        cols_group.extend(std::iter::repeat_n(group.name.as_str(), n));
        cols_ts.extend(first.timestamps.iter().copied());
        cols_agents.extend(agents[g].iter().copied());
        cols_gross.extend(gross.iter().copied());
        let requirement = CoverRequirement::try_new(
            first.interval_s,
            first.timestamps.clone(),
            gross.iter().map(|&x| x as f64).collect(),
        )?;
        let r = super::groups::schedule_requirement(&group.name, &requirement, &stages, on_event);
        if let Err(e) = &r {
            on_event(JobEvent::Failed {
                queue: group.name.clone(),
                message: e.to_string(),
            });
        }
        let spec = QueueSpec {
            name: group.name.clone(),
            source: Source::File(Default::default()),
            stages: stages.clone(),
            queues: inputs.len(),
        };
        out.push((spec, r));
    }
    let df = DataFrame::new_infer_height(vec![
        Column::new("group".into(), cols_group),
        crate::io::convert::datetime_series(crate::io::INTERVAL_START, &cols_ts),
        Column::new("agents".into(), cols_agents),
        Column::new("agents_gross".into(), cols_gross),
    ])
    .map_err(|e| IoError::Parse {
        what: "multi_skill".into(),
        reason: e.to_string(),
    })?;
    let summary = json!({
        "queues": names,
        "groups": m.groups.iter().map(|g| json!({"name": g.name, "skills": g.skills, "cost": g.cost})).collect::<Vec<_>>(),
        "replications": m.replications,
        "seed": m.seed,
        "cost": cost_multi,
        "cost_alone": cost_alone,
        "saving": cost_alone - cost_multi,
        "seconds": seconds,
    });
    Ok(Some((out, df, summary)))
}
