//! Staffing against forecast uncertainty: the interval's rate is the forecast times a random
//! busyness factor `F` with mean 1 and coefficient of variation `cv`, gamma distributed (so a
//! Poisson count given `F` is negative binomial overall: the forecast's own interval model,
//! variance `μ + cv² μ²`).
//!
//! - [`mixed_erlang_a`]: the expected service level, abandonment and delay over `F`, by
//!   quadrature of the exact Erlang A formula at `K` equally likely quantiles of `F` (the
//!   midpoint rule on the probability scale).
//! - [`agents_for_probability`]: the fewest agents such that the targets hold with probability
//!   at least `p` over `F`. Every target metric worsens as the rate grows, so that is the
//!   staffing for the rate at the `p`-quantile of `F`.
//!
//! What a choice costs is the difference of agents against the point forecast's staffing
//! (`F = 1`), which [`UncertainStaffing`] reports.

use statrs::distribution::{ContinuousCDF, Gamma};

use super::{erlang_a, required_agents, SlDefinition, Staffing, StaffingError, StaffingOptions};

/// Equally likely quantiles of `F` in the quadrature.
const QUADRATURE: usize = 400;

/// The gamma busyness factor of mean 1 and coefficient of variation `cv` (> 0).
fn factor(cv: f64) -> Result<Gamma, StaffingError> {
    if !(cv.is_finite() && cv > 0.0 && cv <= 10.0) {
        return Err(StaffingError::TargetOutOfRange {
            name: "rate_cv",
            value: cv,
            range: "(0, 10]",
        });
    }
    let shape = 1.0 / (cv * cv);
    Gamma::new(shape, shape).map_err(|_| StaffingError::TargetOutOfRange {
        name: "rate_cv",
        value: cv,
        range: "(0, 10]",
    })
}

/// Expected metrics over the busyness factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MixedMetrics {
    /// E[service level] (the definition asked for).
    pub service_level: f64,
    /// E[probability of abandoning].
    pub p_abandon: f64,
    /// E[probability of waiting].
    pub p_wait: f64,
}

/// Erlang A averaged over a gamma busyness factor of CV `cv` (see the module docs): each
/// metric's mean at 400 equally likely quantiles of the factor.
///
/// # Errors
/// [`StaffingError`] for bad arguments (as [`erlang_a`]), or a `cv` outside (0, 10].
///
/// # Examples
/// ```
/// use wfmkit::staffing::{erlang_a, mixed_erlang_a, SlDefinition};
/// let fixed = erlang_a(100.0, 180.0, 1800.0, 12, 300.0, 20.0, SlDefinition::Offered).unwrap();
/// let mixed = mixed_erlang_a(100.0, 180.0, 1800.0, 12, 300.0, 20.0, SlDefinition::Offered, 0.2).unwrap();
/// assert!(mixed.service_level < fixed.service_level); // busy days hurt more than quiet ones help
/// ```
#[allow(clippy::too_many_arguments)]
pub fn mixed_erlang_a(
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    agents: u32,
    patience_s: f64,
    answer_within_s: f64,
    sl_definition: SlDefinition,
    cv: f64,
) -> Result<MixedMetrics, StaffingError> {
    let f = factor(cv)?;
    let mut out = MixedMetrics {
        service_level: 0.0,
        p_abandon: 0.0,
        p_wait: 0.0,
    };
    for k in 0..QUADRATURE {
        let q = f.inverse_cdf((k as f64 + 0.5) / QUADRATURE as f64);
        let m = erlang_a(
            volume * q,
            aht_s,
            interval_s,
            agents,
            patience_s,
            answer_within_s,
            sl_definition,
        )?;
        out.service_level += m.service_level / QUADRATURE as f64;
        out.p_abandon += m.p_abandon / QUADRATURE as f64;
        out.p_wait += m.p_wait / QUADRATURE as f64;
    }
    Ok(out)
}

/// Staffing that meets its targets with a chosen probability over the busyness factor, and
/// the point forecast's staffing beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainStaffing {
    /// The staffing at the `probability`-quantile of the rate.
    pub staffing: Staffing,
    /// The staffing of the point forecast (`F = 1`).
    pub point: Staffing,
    /// The rate factor used (the quantile of `F`).
    pub factor: f64,
}

/// The fewest agents meeting every target of `options` with probability at least
/// `probability` over a gamma busyness factor of CV `cv` (see the module docs).
///
/// # Errors
/// [`StaffingError`] for bad options or arguments, a `probability` outside (0, 1), or a `cv`
/// outside (0, 10].
///
/// # Examples
/// ```
/// use wfmkit::staffing::{agents_for_probability, StaffingOptions};
/// let opts = StaffingOptions::default().with_service_level(0.8, 20.0);
/// let r = agents_for_probability(100.0, 180.0, 1800.0, &opts, 0.2, 0.9).unwrap();
/// assert!(r.staffing.agents > r.point.agents); // 90% of days: staff for a busier one
/// ```
pub fn agents_for_probability(
    volume: f64,
    aht_s: f64,
    interval_s: f64,
    options: &StaffingOptions,
    cv: f64,
    probability: f64,
) -> Result<UncertainStaffing, StaffingError> {
    if !(probability > 0.0 && probability < 1.0) {
        return Err(StaffingError::TargetOutOfRange {
            name: "probability",
            value: probability,
            range: "(0, 1)",
        });
    }
    let q = factor(cv)?.inverse_cdf(probability);
    Ok(UncertainStaffing {
        staffing: required_agents(volume * q, aht_s, interval_s, options)?,
        point: required_agents(volume, aht_s, interval_s, options)?,
        factor: q,
    })
}
