//! Checking a job's configuration and every queue's input without solving.

use std::path::Path;

use super::agents::load_agents;
use super::inputs::{load_history, load_requirement, plan_inputs, requirement_inputs, QueueSpec, Source};
use super::Stage;
use crate::forecast::forecast;
use crate::io::JobConfig;

/// Checks the configuration and every queue's input without solving, and returns every problem
/// found (empty when the job is ready to run).
pub fn validate_job(cfg: &JobConfig) -> Vec<String> {
    match plan_inputs(cfg) {
        Ok((specs, _)) => check_queues(cfg, &specs, Stage::Schedule, false),
        Err(e) => vec![e.to_string()],
    }
}

/// Checks the configuration and the requirements file of a [`schedule_job`] without solving, and
/// returns every problem found (empty when the job is ready to run).
pub fn validate_schedule_job(cfg: &JobConfig, requirements: &Path) -> Vec<String> {
    match requirement_inputs(cfg, requirements) {
        Ok((specs, _)) => check_queues(cfg, &specs, Stage::Schedule, false),
        Err(e) => vec![e.to_string()],
    }
}

/// Checks every queue's options and input, one queue in memory at a time: option ranges, the
/// history, a forecast fit (enough history, an AHT), the templates against the interval, and
/// that every queue asks for the same prediction-interval levels (the outputs stack them).
/// Returns every problem, or only the first when `first_only`.
pub(super) fn check_queues(cfg: &JobConfig, specs: &[QueueSpec], until: Stage, first_only: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let levels = specs.first().map(|q| q.stages.forecast.levels.clone());
    if until == Stage::Schedule {
        problems.extend(super::groups::check_groups(cfg, specs));
        problems.extend(super::outbound::check_outbound(cfg, specs));
        problems.extend(super::multi_skill::check_multi_skill(cfg, specs));
        if first_only && !problems.is_empty() {
            return problems;
        }
    }
    let mut zones = crate::io::zoned::ZoneCheck::default();
    if until == Stage::Schedule {
        for q in specs {
            if let Err(e) = load_agents(cfg, &q.name, specs.len()) {
                problems.push(e.to_string());
                if first_only {
                    return problems;
                }
            }
        }
    }
    for q in specs {
        let s = &q.stages;
        let mut found = Vec::new();
        let from_requirements = matches!(q.source, Source::RequirementsFile(..));
        if !from_requirements && Some(&s.forecast.levels) != levels.as_ref() {
            found.push(format!(
                "`queues.{}.forecast.levels` = {:?} differs from the other queues' {:?}; the forecast file needs one set",
                q.name,
                s.forecast.levels,
                levels.clone().unwrap_or_default()
            ));
        }
        if let Err(e) = s.staffing.check_for_requirements() {
            found.push(e.to_string());
        }
        // The settings are used after the schedule and, with `method = "simulation"`, in staffing.
        let by_simulation = s.staffing.method == crate::staffing::StaffingMethod::Simulation;
        let simulates_plan = until == Stage::Schedule && s.simulation.is_some();
        if by_simulation {
            if let Err(e) = crate::requirements::check_simulation_method(&s.staffing) {
                found.push(e.to_string());
            }
        }
        if simulates_plan && !s.staffing.is_voice() {
            found.push(
                "[simulation] simulates one contact per agent at a time as it arrives, not a chat queue \
                 (`concurrency`, `slowdown`) or backlog work (`[staffing.backlog]`)"
                    .to_string(),
            );
        }
        if by_simulation || simulates_plan {
            if let Err(e) = s.simulation.clone().unwrap_or_default().check(s.staffing.patience_s) {
                found.push(format!("[simulation] {e}"));
            }
        }
        if let Source::RequirementsFile(df, path, rows) = &q.source {
            match load_requirement(q, df, path, rows) {
                Ok((r, _)) => {
                    found.extend(zones.check(&q.name, crate::io::zoned::zone_of(df)));
                    if let Err(e) = s.schedule.check(r.interval_s()) {
                        found.push(e.to_string());
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
            problems.extend(found.into_iter().map(|e| format!("queue `{}`: {e}", q.name)));
            if first_only && !problems.is_empty() {
                break;
            }
            continue;
        }
        match load_history(cfg, q) {
            Ok((h, _, _)) => {
                found.extend(zones.check(&q.name, h.zone()));
                if let Err(e) = forecast(&h, &s.forecast) {
                    found.push(e.to_string());
                }
                if until == Stage::Schedule {
                    if let Err(e) = s.schedule.check(h.interval_s()) {
                        found.push(e.to_string());
                    }
                }
            }
            Err(e) => {
                problems.push(e.to_string());
            }
        }
        problems.extend(found.into_iter().map(|e| format!("queue `{}`: {e}", q.name)));
        if first_only && !problems.is_empty() {
            break;
        }
    }
    problems
}
