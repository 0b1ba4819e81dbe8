//! [`StaffingRequirements`]: staffing applied to every interval of a forecast.

use chrono::NaiveDateTime;

use crate::forecast::Forecast;
use crate::schedule::{CoverRequirement, ScheduleError};
use crate::staffing::{required_agents_batch, Staffing, StaffingError, StaffingOptions};
use crate::time::{onto_wall_clock, Tz};

/// Agents needed per interval of a forecast, with the metrics they achieve.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffingRequirements {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Interval starts (local wall-clock time; with a zone, one row per real interval, as in
    /// [`Forecast`]).
    pub timestamps: Vec<NaiveDateTime>,
    /// Forecast volume per interval.
    pub volume: Vec<f64>,
    /// Forecast AHT per interval, in seconds.
    pub aht_s: Vec<f64>,
    /// Net and gross agents and the metrics achieved, per interval.
    pub staffing: Vec<Staffing>,
    /// The forecast's time zone, if it is zoned.
    pub zone: Option<Tz>,
}

/// The old name of [`StaffingRequirements`].
#[deprecated(
    since = "0.1.0",
    note = "renamed `StaffingRequirements`: staffing per interval of a forecast"
)]
pub type Requirements = StaffingRequirements;

impl StaffingRequirements {
    /// The old name of [`StaffingRequirements::to_cover_requirement`].
    ///
    /// # Errors
    ///
    /// As [`StaffingRequirements::to_cover_requirement`].
    #[deprecated(since = "0.1.0", note = "renamed `to_cover_requirement`")]
    pub fn to_schedule_requirement(&self) -> Result<CoverRequirement, ScheduleError> {
        self.to_cover_requirement()
    }

    /// Gross agents per interval as a scheduling [`CoverRequirement`].
    ///
    /// Shifts are planned in local wall-clock time. With a zone the rows are put on the local
    /// grid by [`onto_wall_clock`]: the two real intervals of a slot that a fall-back change
    /// repeats need the larger of their requirements (the schedule covers both), and the slots a
    /// spring-forward change skips need 0.
    ///
    /// # Errors
    ///
    /// [`ScheduleError`] if the intervals are not consecutive;
    /// [`ScheduleError::Time`] if a clock change of the zone cannot be represented at the
    /// interval (only possible for requirements built by hand: a zoned forecast is checked).
    pub fn to_cover_requirement(&self) -> Result<CoverRequirement, ScheduleError> {
        let agents: Vec<f64> = self.staffing.iter().map(|s| s.agents_gross as f64).collect();
        match self.zone {
            None => CoverRequirement::try_new(self.interval_s, self.timestamps.clone(), agents),
            Some(zone) => {
                let (ts, agents) = onto_wall_clock(self.interval_s, zone, &self.timestamps, &agents)?;
                CoverRequirement::try_new(self.interval_s, ts, agents)
            }
        }
    }
}

/// Applies the staffing options to every interval of `forecast`.
///
/// # Errors
///
/// [`StaffingError`] for invalid options, [`StaffingError::NoAht`] for a volume-only forecast
/// (no AHT), or for an interval whose target no finite number of agents can meet (naming the
/// interval's index).
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::forecast::Forecast;
/// use wfmkit::requirements::requirements;
/// use wfmkit::staffing::StaffingOptions;
///
/// let t = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let f = Forecast {
///     interval_s: 1800, timestamps: vec![t], volume: vec![100.0], aht_s: vec![180.0],
///     bands: vec![], model: "given".into(), zone: None,
/// };
/// let opts = StaffingOptions { service_level: Some(0.8), shrinkage: 0.3, ..Default::default() };
/// let r = requirements(&f, &opts).unwrap();
/// // Published example: 100 calls in 30 min, AHT 180 s, 80% in 20 s -> 14 agents, 20 gross.
/// assert_eq!((r.staffing[0].agents, r.staffing[0].agents_gross), (14, 20));
/// ```
pub fn requirements(forecast: &Forecast, options: &StaffingOptions) -> Result<StaffingRequirements, StaffingError> {
    if let Some(index) = forecast.aht_s.iter().position(|a| a.is_nan()) {
        return Err(StaffingError::NoAht { index });
    }
    let staffing = required_agents_batch(&forecast.volume, &forecast.aht_s, forecast.interval_s as f64, options)?;
    Ok(StaffingRequirements {
        interval_s: forecast.interval_s,
        timestamps: forecast.timestamps.clone(),
        volume: forecast.volume.clone(),
        aht_s: forecast.aht_s.clone(),
        staffing,
        zone: forecast.zone,
    })
}
