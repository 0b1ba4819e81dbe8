//! Shrinkage (net to gross agents) and exact ceilings of ratios given as decimals.

use super::error::StaffingError;

/// Relative tolerance under which a ratio counts as the integer next to it.
///
/// Decimal inputs such as 0.3 or 0.7 are not exact in binary, so `14 / (1 - 0.3)` evaluates to
/// `20.000000000000004`. A quotient within `1e-9` (relative) of an integer is taken as that
/// integer before the ceiling, which is far below any meaningful difference in agents and far
/// above the rounding error of one division (about 1e-16).
pub const RATIO_TOLERANCE: f64 = 1e-9;

/// `ceil(q)`, except that a `q` within [`RATIO_TOLERANCE`] (relative) of an integer gives that
/// integer.
pub(crate) fn ceil_tolerant(q: f64) -> f64 {
    let r = q.round();
    if (q - r).abs() <= RATIO_TOLERANCE * r.abs().max(1.0) {
        r
    } else {
        q.ceil()
    }
}

/// A checked shrinkage fraction in [0, 1): the share of paid time not available for contacts
/// (breaks, training, absence).
///
/// # Examples
/// ```
/// use wfmkit::staffing::Shrinkage;
/// let s = Shrinkage::try_new(0.3).unwrap();
/// assert_eq!(s.gross_agents(14).unwrap(), 20);
/// assert_eq!(s.gross_agents(21).unwrap(), 30); // not 31
/// assert!(Shrinkage::try_new(1.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Shrinkage(f64);

impl Shrinkage {
    /// No shrinkage.
    pub const NONE: Self = Self(0.0);

    /// Checks that `value` is in [0, 1).
    ///
    /// # Errors
    /// [`StaffingError::InvalidShrinkage`] otherwise (including NaN).
    pub fn try_new(value: f64) -> Result<Self, StaffingError> {
        if (0.0..1.0).contains(&value) {
            Ok(Self(value))
        } else {
            Err(StaffingError::InvalidShrinkage { value })
        }
    }

    /// The fraction.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Agents to schedule so that `net` remain after shrinkage.
    ///
    /// # Formula
    /// `gross = ceil(net / (1 - s))`, with the ceiling taken by [`RATIO_TOLERANCE`] so that it is
    /// exact for decimal inputs: 14 at 0.3 is 20 and 21 at 0.3 is 30.
    ///
    /// # Errors
    /// [`StaffingError::TooManyAgents`] if the result exceeds `u32::MAX` (shrinkage very near 1).
    pub fn gross_agents(self, net: u32) -> Result<u32, StaffingError> {
        if self.0 == 0.0 || net == 0 {
            return Ok(net);
        }
        let gross = ceil_tolerant(f64::from(net) / (1.0 - self.0));
        if gross > f64::from(u32::MAX) {
            return Err(StaffingError::TooManyAgents {
                what: "agents_gross",
                value: gross,
            });
        }
        // Integral and in range, so the cast is exact.
        Ok(gross as u32)
    }
}

impl TryFrom<f64> for Shrinkage {
    type Error = StaffingError;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::try_new(value)
    }
}

/// Gross (scheduled) agents for `net` agents at shrinkage `shrinkage`:
/// `ceil(net / (1 - shrinkage))`, exact for decimal inputs.
///
/// # Errors
/// [`StaffingError::InvalidShrinkage`] unless `shrinkage` is in [0, 1);
/// [`StaffingError::TooManyAgents`] if the result exceeds `u32::MAX`.
///
/// # Examples
/// ```
/// use wfmkit::staffing::gross_agents;
/// assert_eq!(gross_agents(14, 0.3).unwrap(), 20);
/// assert_eq!(gross_agents(21, 0.3).unwrap(), 30);
/// ```
pub fn gross_agents(net: u32, shrinkage: f64) -> Result<u32, StaffingError> {
    Shrinkage::try_new(shrinkage)?.gross_agents(net)
}

/// Fewest agents that keep occupancy `load / n` at or below `max_occupancy`:
/// `ceil(load / max_occupancy)`, exact for decimal inputs (load 4.2 at 0.7 needs 6, not 7).
pub(crate) fn agents_for_occupancy(load: f64, max_occupancy: f64) -> f64 {
    ceil_tolerant(load / max_occupancy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_ceilings_are_exact() {
        assert_eq!(agents_for_occupancy(4.2, 0.7), 6.0);
        assert_eq!(ceil_tolerant(20.000000000000004), 20.0);
        assert_eq!(ceil_tolerant(20.01), 21.0);
        assert_eq!(ceil_tolerant(0.0), 0.0);
    }
}
