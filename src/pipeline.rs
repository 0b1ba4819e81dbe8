//! The whole pipeline: history → forecast → requirements → schedule.

use serde::{Deserialize, Serialize};

use crate::forecast::{forecast, Forecast, ForecastOptions, History};
use crate::requirements::{requirements, Requirements};
use crate::schedule::{schedule, Plan, ScheduleOptions};
use crate::staffing::StaffingOptions;

/// The options of every stage, as in the job config's `[forecast]`, `[staffing]` and
/// `[schedule]` tables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StageOptions {
    /// Forecast options.
    pub forecast: ForecastOptions,
    /// Staffing model and targets.
    pub staffing: StaffingOptions,
    /// Templates, costs and solver knobs.
    pub schedule: ScheduleOptions,
}

/// What [`plan`] produces.
#[derive(Debug, Clone)]
pub struct PlanOutput {
    /// The volume and AHT forecast.
    pub forecast: Forecast,
    /// Agents required per interval.
    pub requirements: Requirements,
    /// The shifts and coverage.
    pub plan: Plan,
}

/// Runs forecast, staffing and schedule on one queue's history.
///
/// # Errors
///
/// The first stage error, as a crate [`crate::Error`].
pub fn plan(history: &History, options: &StageOptions) -> crate::Result<PlanOutput> {
    let forecast = forecast(history, &options.forecast)?;
    let requirements = requirements(&forecast, &options.staffing)?;
    let plan = schedule(&requirements.to_schedule_requirement()?, &options.schedule)?;
    Ok(PlanOutput {
        forecast,
        requirements,
        plan,
    })
}
