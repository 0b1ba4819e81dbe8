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

/// Checks every queue's options and input, one queue in memory per thread: option ranges, the
/// history, a forecast fit (enough history, an AHT), the templates against the interval, and
/// that every queue asks for the same prediction-interval levels (the outputs stack them).
/// Returns every problem, or only the first when `first_only`.
pub(super) fn check_queues(cfg: &JobConfig, specs: &[QueueSpec], until: Stage, first_only: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let t = cfg.run.dask.worker_timeout_s;
    if cfg.run.backend == crate::io::Backend::Dask && !(t.is_finite() && t > 0.0) {
        problems.push(format!(
            "run.dask.worker_timeout_s: must be a number of seconds > 0, got {t}"
        ));
        if first_only {
            return problems;
        }
    }
    let levels = specs.first().map(|q| q.stages.forecast.levels.clone());
    if until == Stage::Schedule {
        problems.extend(super::groups::check_groups(cfg, specs));
        problems.extend(super::outbound::check_outbound(cfg, specs));
        problems.extend(super::multi_skill::check_multi_skill(cfg, specs));
        if first_only && !problems.is_empty() {
            return problems;
        }
    }
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
    // Each queue is checked on its own (on `[run] parallel_queues` threads, one queue in memory
    // per thread); the zone check compares queues, so it runs in queue order after.
    let checks = check_each(cfg, specs, until, levels.as_ref());
    let mut zones = crate::io::zoned::ZoneCheck::default();
    for (q, c) in specs.iter().zip(checks) {
        problems.extend(c.errors);
        let zone = c.zone.and_then(|z| zones.check(&q.name, z));
        let found = c.before.into_iter().chain(zone).chain(c.after);
        problems.extend(found.map(|e| format!("queue `{}`: {e}", q.name)));
        if first_only && !problems.is_empty() {
            break;
        }
    }
    problems
}

/// One queue's problems, in the order they are reported: errors reading its input, then (named
/// with the queue) those found before the zone check, the zone check's, and those after.
#[derive(Default)]
struct QueueCheck {
    errors: Vec<String>,
    before: Vec<String>,
    /// The input's zone, for the check across queues (none if the input could not be read).
    zone: Option<Option<crate::time::Tz>>,
    after: Vec<String>,
}

/// [`check_queue`] on every queue, on up to `[run] parallel_queues` threads, in queue order.
fn check_each(cfg: &JobConfig, specs: &[QueueSpec], until: Stage, levels: Option<&Vec<f64>>) -> Vec<QueueCheck> {
    super::map_on_threads(
        cfg.run.queue_threads(),
        specs,
        |_, q| check_queue(cfg, q, until, levels),
        |q| QueueCheck {
            errors: vec![format!(
                "queue `{}`: internal error (panic) while checking its input",
                q.name
            )],
            ..QueueCheck::default()
        },
    )
}

/// One queue's options and input: option ranges, the history and a forecast fit (or the
/// requirement), and the templates against the interval.
fn check_queue(cfg: &JobConfig, q: &QueueSpec, until: Stage, levels: Option<&Vec<f64>>) -> QueueCheck {
    let s = &q.stages;
    let mut c = QueueCheck::default();
    let from_requirements = matches!(q.source, Source::RequirementsFile(..));
    if !from_requirements && Some(&s.forecast.levels) != levels {
        c.before.push(format!(
            "`queues.{}.forecast.levels` = {:?} differs from the other queues' {:?}; the forecast file needs one set",
            q.name,
            s.forecast.levels,
            levels.cloned().unwrap_or_default()
        ));
    }
    if let Err(e) = s.staffing.check_for_requirements() {
        c.before.push(e.to_string());
    }
    // The settings are used after the schedule and, with `method = "simulation"`, in staffing.
    let by_simulation = s.staffing.method == crate::staffing::StaffingMethod::Simulation;
    let simulates_plan = until == Stage::Schedule && s.simulation.is_some();
    if by_simulation {
        if let Err(e) = crate::requirements::check_simulation_method(&s.staffing) {
            c.before.push(e.to_string());
        }
    }
    if simulates_plan && !s.staffing.is_voice() {
        c.before.push(
            "[simulation] simulates one contact per agent at a time as it arrives, not a chat queue \
             (`concurrency`, `slowdown`) or backlog work (`[staffing.backlog]`)"
                .to_string(),
        );
    }
    if by_simulation || simulates_plan {
        if let Err(e) = s.simulation.clone().unwrap_or_default().check(s.staffing.patience_s) {
            c.before.push(format!("[simulation] {e}"));
        }
    }
    if let Source::RequirementsFile(df, path, rows) = &q.source {
        match load_requirement(q, df, path, rows) {
            Ok((r, _)) => {
                c.zone = Some(crate::io::zoned::zone_of(df));
                if let Err(e) = s.schedule.check(r.interval_s()) {
                    c.after.push(e.to_string());
                }
            }
            Err(e) => c.errors.push(e.to_string()),
        }
        return c;
    }
    match load_history(cfg, q) {
        Ok((h, _)) => {
            c.zone = Some(h.zone());
            if let Err(e) = forecast(&h, &s.forecast) {
                c.after.push(e.to_string());
            }
            if until == Stage::Schedule {
                if let Err(e) = s.schedule.check(h.interval_s()) {
                    c.after.push(e.to_string());
                }
            }
        }
        Err(e) => c.errors.push(e.to_string()),
    }
    c
}
