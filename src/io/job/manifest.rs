//! The run's `manifest.json`: inputs, versions, per-queue status, timings and outputs.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use super::QueueResult;
use crate::io::run::{sha256_file, sha256_hex};
use crate::io::JobConfig;
use crate::roster::Roster;
use crate::schedule::highs_version;

#[allow(clippy::too_many_arguments)]
pub(super) fn manifest(
    cfg: &JobConfig,
    config_path: Option<&Path>,
    run_id: &str,
    started: chrono::DateTime<chrono::Utc>,
    files: &[serde_json::Value],
    queues: &[(String, Result<QueueResult, crate::Error>)],
    rows: &BTreeMap<String, serde_json::Value>,
    outputs: &[serde_json::Value],
    read_s: f64,
    joint: Option<&crate::Result<Roster>>,
) -> crate::Result<serde_json::Value> {
    let config = match config_path {
        Some(p) => {
            let hash = match &cfg.source_sha256 {
                Some(h) => h.clone(),
                None => sha256_file(p)?,
            };
            json!({"path": p.display().to_string(), "sha256": hash})
        }
        None => json!({"sha256": sha256_hex(&serde_json::to_vec(cfg).unwrap_or_default())}),
    };
    let queues: Vec<serde_json::Value> = queues
        .iter()
        .map(|(name, r)| match r {
            Ok(r) => {
                let mut timings: serde_json::Map<String, serde_json::Value> = r
                    .timings
                    .iter()
                    .map(|(s, t)| (s.name().to_string(), json!(t)))
                    .collect();
                timings.insert("read".into(), json!(r.read_seconds));
                if let Some(s) = &r.simulation {
                    timings.insert("simulation".into(), json!(s.seconds));
                }
                if let Some(s) = &r.roster_simulation {
                    timings.insert("roster_simulation".into(), json!(s.seconds));
                }
                let solver = r.plan.as_ref().map(|p| {
                    json!({"status": p.status.name(), "objective": p.objective, "bound": p.bound, "gap": p.gap,
                           "seconds": p.seconds, "paid": p.costs.paid, "under": p.costs.under, "over": p.costs.over})
                });
                let roster = r.roster.as_ref().map(roster_json);
                let simulation = r.simulation.as_ref().map(simulation_json);
                let roster_simulation = r.roster_simulation.as_ref().map(simulation_json);
                json!({"queue": name, "ok": true, "seconds": timings, "rows": rows.get(name), "solver": solver, "roster": roster,
                       "simulation": simulation, "roster_simulation": roster_simulation,
                       "seed": cfg.stages_for(name).map(|s| s.schedule.seed).unwrap_or(cfg.schedule.seed)})
            }
            Err(e) => json!({"queue": name, "ok": false, "error": e.to_string()}),
        })
        .collect();
    let mut complete = queues.iter().all(|q| q["ok"] == true);
    let joint = joint.map(|r| match r {
        Ok(r) => roster_json(r),
        Err(e) => {
            complete = false;
            json!({"ok": false, "error": e.to_string()})
        }
    });
    let mut m = json!({
        "run_id": run_id,
        "started_at": started.to_rfc3339(),
        "finished_at": chrono::Utc::now().to_rfc3339(),
        "versions": {"wfmkit": crate::VERSION, "polars": polars::VERSION, "highs": highs_version()},
        "config": config,
        "inputs": files,
        "read_seconds": read_s,
        "complete": complete,
        "queues": queues,
        "outputs": outputs,
    });
    if let (Some(j), Some(map)) = (joint, m.as_object_mut()) {
        map.insert("roster".into(), j);
    }
    Ok(m)
}

/// A roster's status, objective split, bound, gap and price of named agents for the manifest.
fn roster_json(p: &Roster) -> serde_json::Value {
    json!({"status": p.status.name(), "objective": p.objective, "bound": p.bound, "gap": p.gap,
           "seconds": p.seconds, "agents": p.summary.len(), "under": p.costs.under, "over": p.costs.over,
           "paid": p.costs.paid, "requests": p.costs.requests, "fairness": p.costs.fairness,
           "price_of_named_agents": p.design.map(|d| d.price_of_named_agents)})
}

/// A simulation's seed, replications, settings, events and whole-horizon figures.
fn simulation_json(s: &crate::evaluation::SimulatedEvaluation) -> serde_json::Value {
    let t = &s.total;
    json!({"seed": s.settings.seed, "replications": s.settings.replications, "settings": s.settings,
           "events": s.events, "service_level": t.sl_offered.mean, "service_level_answered": t.sl_answered.mean,
           "asa_s": t.asa_s.mean, "abandon_rate": t.abandon_rate.mean})
}
