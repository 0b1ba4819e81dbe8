//! Checked inputs: the offered traffic of one interval, patience, and agent counts from floats.

use super::error::StaffingError;

/// Largest offered load (Erlangs) that the exact algorithms accept.
///
/// Every exact computation costs O(√load) at most, so this bound keeps each call well under a
/// second while leaving room far beyond real contact centres (the tested range is 0.1 to
/// 20,000 Erlangs).
pub const MAX_LOAD_ERLANGS: f64 = 1e7;

/// Returns `value` if it is finite and `>= 0`.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, StaffingError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(StaffingError::NotNonNegative { name, value })
    }
}

/// Returns `value` if it is finite and `> 0`.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, StaffingError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(StaffingError::NotPositive { name, value })
    }
}

/// Returns `value` if it is `>= 0`; `f64::INFINITY` is allowed (no abandonment).
pub(crate) fn patience(value: f64) -> Result<f64, StaffingError> {
    if value >= 0.0 {
        Ok(value)
    } else {
        Err(StaffingError::InvalidPatience { value })
    }
}

/// Converts a float agent count (as it arrives from Python or a data frame) to `u32`.
///
/// # Errors
/// [`StaffingError::InvalidAgents`] if `value` is NaN, infinite, negative, fractional or above
/// `u32::MAX`.
///
/// # Examples
/// ```
/// use wfmkit::staffing::agents_from_f64;
/// assert_eq!(agents_from_f64(14.0).unwrap(), 14);
/// assert!(agents_from_f64(13.5).is_err());
/// assert!(agents_from_f64(-1.0).is_err());
/// ```
pub fn agents_from_f64(value: f64) -> Result<u32, StaffingError> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX) {
        // In range and integral, so the cast is exact.
        Ok(value as u32)
    } else {
        Err(StaffingError::InvalidAgents { value })
    }
}

/// The offered traffic of one interval: checked volume, AHT and interval length.
///
/// Offered load in Erlangs is `volume * aht_s / interval_s` (see `shared/DESIGN.md`).
///
/// # Examples
/// ```
/// use wfmkit::staffing::Traffic;
/// let t = Traffic::try_new(100.0, 180.0, 1800.0).unwrap();
/// assert_eq!(t.load_erlangs(), 10.0);
/// assert!(Traffic::try_new(100.0, 180.0, 0.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traffic {
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    load: f64,
}

impl Traffic {
    /// Checks the inputs of one interval.
    ///
    /// # Errors
    /// - [`StaffingError::NotNonNegative`] if `volume` or `aht_s` is NaN, infinite or negative;
    /// - [`StaffingError::NotPositive`] if `interval_s` is not finite and `> 0`;
    /// - [`StaffingError::LoadTooLarge`] if the load exceeds [`MAX_LOAD_ERLANGS`].
    pub fn try_new(volume: f64, aht_s: f64, interval_s: f64) -> Result<Self, StaffingError> {
        let volume = non_negative("volume", volume)?;
        let aht_s = non_negative("aht_s", aht_s)?;
        let interval_s = positive("interval_s", interval_s)?;
        let load = volume * aht_s / interval_s;
        if load.is_nan() || load > MAX_LOAD_ERLANGS {
            return Err(StaffingError::LoadTooLarge {
                load_erlangs: load,
                max: MAX_LOAD_ERLANGS,
            });
        }
        Ok(Self {
            volume,
            aht_s,
            interval_s,
            load,
        })
    }

    /// Contacts offered in the interval.
    pub fn volume(&self) -> f64 {
        self.volume
    }

    /// Average handle time in seconds.
    pub fn aht_s(&self) -> f64 {
        self.aht_s
    }

    /// Interval length in seconds.
    pub fn interval_s(&self) -> f64 {
        self.interval_s
    }

    /// Offered load in Erlangs, `volume * aht_s / interval_s`.
    pub fn load_erlangs(&self) -> f64 {
        self.load
    }

    /// True when nothing is offered (zero volume or zero AHT).
    pub fn is_idle(&self) -> bool {
        self.load == 0.0
    }
}
