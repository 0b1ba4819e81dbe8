//! The run's output frames: every queue's stage results stacked, one file per kind.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde_json::json;

use super::inputs::{QueueSpec, Source};
use super::{QueueResult, Stage};
use crate::io::projection::{coverage_with_evaluation, plan_coverage_frame, zoned_rows};
use crate::io::run::{sha256_hex, StagedRun};
use crate::io::{forecast_to_frame, frame_to_bytes, requirements_to_frame, shifts_to_frame, FileFormat, IoError};
use crate::roster::{Agent, Roster};

pub(super) type Outputs = (Vec<serde_json::Value>, BTreeMap<String, serde_json::Value>);

pub(super) fn write_outputs(
    staged: &StagedRun,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
    (joint, joint_agents): (Option<&crate::Result<Roster>>, &[Agent]),
    extra: Vec<(&'static str, DataFrame)>,
    until: Stage,
    fmt: FileFormat,
) -> crate::Result<Outputs> {
    let mut frames: BTreeMap<&str, Vec<DataFrame>> = BTreeMap::new();
    let mut rows = BTreeMap::new();
    let mut shift_rows = 0u32;
    for (q, r) in inputs.iter().zip(results) {
        let Ok(r) = r else { continue };
        let name = q.name.as_str();
        let mut counts = serde_json::Map::new();
        let mut add = |key: &'static str, df: DataFrame| {
            counts.insert(key.into(), json!(df.height()));
            frames.entry(key).or_default().push(df);
        };
        if let Some(f) = &r.forecast {
            add("forecast", forecast_to_frame(f, name)?);
        }
        if let Some(req) = &r.requirements {
            add("requirements", requirements_to_frame(req, name)?);
        }
        if let Some(p) = &r.plan {
            add("shifts", with_queue(shifts_to_frame(p)?, name)?);
            // `shift_row` indexes the stacked shifts file, so offset it by earlier queues' rows.
            let mut acts = crate::io::activities_to_frame(p)?;
            if shift_rows > 0 && acts.height() > 0 {
                let rows = f64_column_u32(&acts, "shift_row")?;
                let shifted: Vec<u32> = rows.iter().map(|r| r + shift_rows).collect();
                acts.replace("shift_row", Column::new("shift_row".into(), shifted))
                    .map_err(|e| IoError::Parse {
                        what: "activities".into(),
                        reason: e.to_string(),
                    })?;
            }
            shift_rows += p.shifts.len() as u32;
            add("activities", with_queue(acts, name)?);
            // The evaluation of the queue's stages (Erlang C staffing with a known workload).
            let coverage = match &q.source {
                Source::RequirementsFile(df, ..) => {
                    let zoned = zoned_rows(df)?;
                    coverage_with_evaluation(
                        p,
                        zoned.as_ref().map(|(z, l)| (*z, l.as_slice())),
                        r.evaluation.as_ref(),
                        r.simulation.as_ref(),
                    )?
                }
                _ => plan_coverage_frame(p, r.requirements.as_ref(), r.evaluation.as_ref(), r.simulation.as_ref())?,
            };
            add("coverage", with_queue(coverage, name)?);
        }
        if let Some(ro) = &r.roster {
            add(
                "roster_shifts",
                with_queue(crate::io::roster_shifts_to_frame(ro)?, name)?,
            );
            add(
                "roster_activities",
                with_queue(crate::io::roster_activities_to_frame(ro)?, name)?,
            );
            let erlang_c =
                q.stages.staffing.model == crate::staffing::StaffingModel::ErlangC && q.stages.staffing.is_voice();
            let req_df = match (&q.source, &r.requirements) {
                (Source::RequirementsFile(df, ..), _) if erlang_c => Some(df.clone()),
                (_, Some(req)) if erlang_c => Some(requirements_to_frame(req, name)?),
                _ => None,
            };
            // The projection reads the requirement row for row; a zoned one is projected on
            // the plan's coverage only.
            let req_df = req_df.filter(|d| d.height() == ro.coverage.as_ref().map_or(0, |c| c.timestamps.len()));
            let cov = crate::io::roster_coverage_to_frame(
                ro,
                req_df.as_ref(),
                q.stages.staffing.answer_within_s,
                q.stages.staffing.shrinkage,
            )?;
            let mut cov = cov;
            // The roster simulated on the same rows (a zoned queue's roster coverage is per
            // slot of the plan, its workload per real interval: then not simulated here).
            if let Some(sim) = r
                .roster_simulation
                .as_ref()
                .filter(|s| s.intervals.len() == cov.height())
            {
                let has_net = cov.get_column_names().iter().any(|c| c.as_str() == "net_agents");
                crate::io::projection::add_simulation_columns(&mut cov, sim, !has_net)?;
            }
            add("roster_coverage", with_queue(cov, name)?);
            add(
                "roster_summary",
                with_queue(crate::io::roster_summary_to_frame(ro)?, name)?,
            );
        }
        rows.insert(q.name.clone(), serde_json::Value::Object(counts));
    }
    if let Some(Ok(ro)) = joint {
        // The roster of all queues: each agent's rows carry the queues it serves ("a+b"; all
        // of them for an agent without skills).
        let all: Vec<&str> = inputs.iter().map(|q| q.name.as_str()).collect();
        let serves: BTreeMap<&str, String> = joint_agents
            .iter()
            .map(|a| {
                let list = if a.skills.is_empty() {
                    all.join("+")
                } else {
                    a.skills.join("+")
                };
                (a.agent_id.as_str(), list)
            })
            .collect();
        let by_agent = |df: DataFrame| -> crate::Result<DataFrame> {
            let ids = df
                .column("agent_id")
                .and_then(|c| c.str().cloned())
                .map_err(|e| IoError::Parse {
                    what: "roster".into(),
                    reason: e.to_string(),
                })?;
            let q: Vec<&str> = ids
                .iter()
                .map(|id| serves.get(id.unwrap_or("")).map_or("", |s| s.as_str()))
                .collect();
            let mut df = df;
            df.insert_column(0, Column::new(crate::io::QUEUE.into(), q))
                .map_err(|e| IoError::Parse {
                    what: "roster".into(),
                    reason: e.to_string(),
                })?;
            Ok(df)
        };
        frames
            .entry("roster_shifts")
            .or_default()
            .push(by_agent(crate::io::roster_shifts_to_frame(ro)?)?);
        frames
            .entry("roster_activities")
            .or_default()
            .push(by_agent(crate::io::roster_activities_to_frame(ro)?)?);
        frames
            .entry("roster_coverage")
            .or_default()
            .push(crate::io::roster_queue_coverage_with_evaluation(
                ro,
                joint_evaluations(ro, inputs, results)?.as_deref(),
            )?);
        frames
            .entry("roster_summary")
            .or_default()
            .push(by_agent(crate::io::roster_summary_to_frame(ro)?)?);
    }
    for (key, df) in extra {
        frames.entry(key).or_default().push(df);
    }
    let mut names = vec!["forecast"];
    if until >= Stage::Requirements {
        names.push("requirements");
    }
    if until >= Stage::Schedule {
        names.extend(["shifts", "activities", "coverage"]);
        names.extend([
            "roster_shifts",
            "roster_activities",
            "roster_coverage",
            "roster_summary",
            "outbound",
            "multi_skill",
        ]);
    }
    let mut outputs = Vec::new();
    for key in names {
        let Some(mut parts) = frames.remove(key) else { continue };
        crate::io::zoned::unify_interval_start(&mut parts)?;
        let mut df = parts.remove(0);
        for p in parts {
            df.vstack_mut(&p).map_err(|e| IoError::Parse {
                what: key.into(),
                reason: e.to_string(),
            })?;
        }
        let file = format!("{key}.{}", fmt.extension());
        let bytes = frame_to_bytes(&mut df, fmt, Path::new(&file))?;
        staged.write(&file, &bytes)?;
        outputs.push(json!({"file": file, "rows": df.height(), "sha256": sha256_hex(&bytes)}));
    }
    Ok((outputs, rows))
}

/// The projected service of each queue of a joint roster, in the order of
/// [`Roster::queue_coverage`], when every queue is staffed with Erlang C from a forecast (its
/// requirements give the volume and AHT): the agents serving a queue are its `served` share,
/// rounded down to whole agents, then net of the queue's shrinkage (see
/// [`crate::evaluation::project_service`]). `None` otherwise (a requirements-file run, another
/// staffing model, a zoned queue), and the roster's coverage has no projection columns.
fn joint_evaluations(
    ro: &Roster,
    inputs: &[QueueSpec],
    results: &[crate::Result<QueueResult>],
) -> crate::Result<Option<Vec<crate::evaluation::Evaluation>>> {
    let Some(c) = &ro.coverage else { return Ok(None) };
    let mut out = Vec::with_capacity(ro.queue_coverage.len());
    for q in &ro.queue_coverage {
        let Some(i) = inputs.iter().position(|s| s.name == q.queue) else {
            return Ok(None);
        };
        let (Some(method), Ok(Some(req))) = (
            crate::evaluation::EvaluationMethod::for_staffing(&inputs[i].stages.staffing),
            results[i].as_ref().map(|r| r.requirements.as_ref()),
        ) else {
            return Ok(None);
        };
        // Projected row for row on the roster's grid only (a zoned queue's requirements have
        // one row per real interval, not per local slot).
        if req.timestamps != c.timestamps {
            return Ok(None);
        }
        let on_duty: Vec<u32> = q.served.iter().map(|s| (s + 1e-9).floor().max(0.0) as u32).collect();
        out.push(crate::evaluation::evaluate_on_duty(
            &c.timestamps,
            &on_duty,
            c.interval_s,
            crate::evaluation::Workload::from(req),
            &method,
        )?);
    }
    Ok(Some(out))
}

/// A non-negative integer column as `u32`.
fn f64_column_u32(df: &DataFrame, name: &str) -> crate::Result<Vec<u32>> {
    Ok(crate::io::f64_column(df, name, "shift_row", false)?
        .into_iter()
        .map(|v| v as u32)
        .collect())
}

/// Prepends a `queue` column.
fn with_queue(mut df: DataFrame, queue: &str) -> crate::Result<DataFrame> {
    let col = Column::new(crate::io::QUEUE.into(), vec![queue; df.height()]);
    df.insert_column(0, col).map_err(|e| IoError::Parse {
        what: "queue".into(),
        reason: e.to_string(),
    })?;
    Ok(df)
}
