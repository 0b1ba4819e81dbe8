//! Evaluation: what a plan will deliver, per interval.
//!
//! The stage after the schedule. [`evaluate`] takes a plan, the workload it was made for (the
//! forecast volume and AHT of each interval, as in [`StaffingRequirements`]) and an
//! [`EvaluationMethod`], and returns an [`Evaluation`]: the agents on duty in each interval and
//! the service they are projected to give. Today's method is the Erlang C projection
//! ([`project_service`]); a simulated evaluation is meant to sit beside it as another method (not
//! built yet).
//!
//! [`EvaluationMethod::for_staffing`] says when a plan is evaluated by default: under Erlang C
//! staffing, with the staffing's service-level threshold and shrinkage. A plan staffed with
//! Erlang A or B gets no Erlang C projection (it would contradict the model the requirement came
//! from).

mod erlang;
mod simulated;

use std::collections::HashMap;

use chrono::NaiveDateTime;

pub use erlang::{project_service, ProjectedService};
pub use simulated::{simulate_on_duty, SimulatedEvaluation};

use crate::requirements::StaffingRequirements;
use crate::schedule::Plan;
use crate::staffing::{StaffingError, StaffingModel, StaffingOptions};

/// How a plan is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum EvaluationMethod {
    /// Erlang C per interval on the agents on duty, net of `shrinkage` (see
    /// [`project_service`]).
    ErlangC {
        /// The service-level threshold: P(wait ≤ `answer_within_s`).
        answer_within_s: f64,
        /// The share of the agents on duty taken out for what the schedule does not model.
        shrinkage: f64,
    },
}

impl EvaluationMethod {
    /// The evaluation a plan staffed with `options` gets by default: Erlang C with its threshold
    /// and shrinkage when the staffing model is Erlang C (one contact at a time), none otherwise.
    ///
    /// # Examples
    /// ```
    /// use wfmkit::evaluation::EvaluationMethod;
    /// use wfmkit::staffing::{StaffingModel, StaffingOptions};
    ///
    /// let c = StaffingOptions { service_level: Some(0.8), shrinkage: 0.3, ..Default::default() };
    /// assert_eq!(
    ///     EvaluationMethod::for_staffing(&c),
    ///     Some(EvaluationMethod::ErlangC { answer_within_s: c.answer_within_s, shrinkage: 0.3 })
    /// );
    /// let a = StaffingOptions { model: StaffingModel::ErlangA, patience_s: Some(120.0), ..c };
    /// assert_eq!(EvaluationMethod::for_staffing(&a), None);
    /// ```
    pub fn for_staffing(options: &StaffingOptions) -> Option<Self> {
        (options.model == StaffingModel::ErlangC && options.is_voice()).then_some(EvaluationMethod::ErlangC {
            answer_within_s: options.answer_within_s,
            shrinkage: options.shrinkage,
        })
    }
}

/// The workload a plan is evaluated on: per interval, its local wall-clock start (with a zone,
/// one row per real interval, a fall-back slot twice), the contacts offered and the AHT.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload<'a> {
    /// Interval starts in local wall-clock time; each must be an interval of the plan.
    pub timestamps: &'a [NaiveDateTime],
    /// Contacts offered per interval.
    pub volume: &'a [f64],
    /// Average handling time per interval, in seconds.
    pub aht_s: &'a [f64],
}

impl<'a> From<&'a StaffingRequirements> for Workload<'a> {
    fn from(r: &'a StaffingRequirements) -> Self {
        Workload {
            timestamps: &r.timestamps,
            volume: &r.volume,
            aht_s: &r.aht_s,
        }
    }
}

/// What a plan delivers, one row per interval of the workload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    /// The method used.
    pub method: EvaluationMethod,
    /// Agents on duty per interval (the plan's interval at the workload row's local time).
    pub on_duty: Vec<u32>,
    /// The projected service per interval.
    pub service: Vec<ProjectedService>,
}

/// Errors of [`evaluate`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// A workload interval the plan does not cover.
    #[error("the plan has no interval at {timestamp} (local time), workload row {row}")]
    NotInPlan {
        /// 1-based workload row.
        row: usize,
        /// Its local start.
        timestamp: NaiveDateTime,
    },
    /// A bad volume, AHT, threshold or shrinkage.
    #[error(transparent)]
    Staffing(#[from] StaffingError),
    /// Bad simulation settings or workload, or a replication over its event bound.
    #[error("simulation: {0}")]
    Simulate(crate::simulate::SimulateError),
}

impl EvaluationError {
    /// The same error with its workload row (if it names one) mapped by `f`.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        match self {
            EvaluationError::NotInPlan { row, timestamp } => EvaluationError::NotInPlan { row: f(row), timestamp },
            e @ (EvaluationError::Staffing(_) | EvaluationError::Simulate(_)) => e,
        }
    }
}

/// Evaluates `plan` on the workload of `requirements` (see [`evaluate_workload`]).
///
/// # Errors
/// As [`evaluate_workload`].
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::evaluation::{evaluate, EvaluationMethod};
/// use wfmkit::forecast::Forecast;
/// use wfmkit::requirements::requirements;
/// use wfmkit::schedule::{schedule, ScheduleOptions, ShiftTemplate};
/// use wfmkit::staffing::StaffingOptions;
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
/// let n = 20; // 10 hours of 30-minute intervals
/// let f = Forecast {
///     interval_s: 1800,
///     timestamps: (0..n).map(|i| t0 + chrono::Duration::minutes(30 * i)).collect(),
///     volume: vec![100.0; n as usize], aht_s: vec![180.0; n as usize],
///     bands: vec![], model: "given".into(), zone: None,
/// };
/// let staffing = StaffingOptions { service_level: Some(0.8), ..Default::default() };
/// let req = requirements(&f, &staffing).unwrap();
/// let day: ShiftTemplate = toml::from_str(r#"
/// name = "day"
/// earliest_start = "08:00"
/// latest_start = "08:00"
/// min_length_min = 600
/// max_length_min = 600
/// "#).unwrap();
/// let options = ScheduleOptions::default().templates(vec![day]);
/// let plan = schedule(&req.to_cover_requirement().unwrap(), &options).unwrap();
/// let method = EvaluationMethod::for_staffing(&staffing).unwrap();
/// let e = evaluate(&plan, &req, &method).unwrap();
/// // Every interval the plan covers in full meets the 80/20 target it was staffed for.
/// for (s, (&on, r)) in e.service.iter().zip(e.on_duty.iter().zip(&req.staffing)) {
///     if on >= r.agents_gross { assert!(s.service_level >= 0.8); }
/// }
/// ```
pub fn evaluate(
    plan: &Plan,
    requirements: &StaffingRequirements,
    method: &EvaluationMethod,
) -> Result<Evaluation, EvaluationError> {
    evaluate_workload(plan, Workload::from(requirements), method)
}

/// Evaluates `plan` on `workload` with `method`: the agents on duty in the plan's interval at
/// each workload row's local start, and the service they give.
///
/// # Errors
/// [`EvaluationError::NotInPlan`] for a workload interval outside the plan;
/// [`EvaluationError::Staffing`] for a workload whose columns differ in length, a negative or
/// non-finite volume or AHT, or a bad threshold or shrinkage.
pub fn evaluate_workload(
    plan: &Plan,
    workload: Workload<'_>,
    method: &EvaluationMethod,
) -> Result<Evaluation, EvaluationError> {
    let c = &plan.coverage;
    evaluate_on_duty(&c.timestamps, &c.scheduled, c.interval_s, workload, method)
}

/// Evaluates the agents on duty per interval of a grid (`grid[i]` has `on_duty[i]` agents, each
/// interval `interval_s` long) on `workload`, as [`evaluate_workload`] does for a plan: e.g. the
/// agents a roster gives one queue.
///
/// # Errors
/// As [`evaluate_workload`].
pub fn evaluate_on_duty(
    grid: &[NaiveDateTime],
    on_duty: &[u32],
    interval_s: u32,
    workload: Workload<'_>,
    method: &EvaluationMethod,
) -> Result<Evaluation, EvaluationError> {
    let on_duty = on_duty_at(grid, on_duty, workload.timestamps)?;
    let interval_s = interval_s as f64;
    let service = match *method {
        EvaluationMethod::ErlangC {
            answer_within_s,
            shrinkage,
        } => project_service(
            &on_duty,
            workload.volume,
            workload.aht_s,
            interval_s,
            answer_within_s,
            shrinkage,
        )?,
    };
    Ok(Evaluation {
        method: *method,
        on_duty,
        service,
    })
}

/// The agents on duty (`scheduled[i]` at `grid[i]`) at each local time of `timestamps`.
fn on_duty_at(
    grid: &[NaiveDateTime],
    scheduled: &[u32],
    timestamps: &[NaiveDateTime],
) -> Result<Vec<u32>, EvaluationError> {
    // The common case: the workload is the grid itself.
    if grid == timestamps && scheduled.len() == grid.len() {
        return Ok(scheduled.to_vec());
    }
    let slot: HashMap<NaiveDateTime, usize> = grid.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    timestamps
        .iter()
        .enumerate()
        .map(|(i, t)| {
            slot.get(t)
                .and_then(|&s| scheduled.get(s).copied())
                .ok_or(EvaluationError::NotInPlan {
                    row: i + 1,
                    timestamp: *t,
                })
        })
        .collect()
}
