//! Square-root (Halfin–Whitt) staffing: an explicitly named **approximation**.
//!
//! It is offered for intuition and as a cross-check; [`required_agents`](super::required_agents)
//! never returns it (at 50 Erlangs with a 15% P(wait) target it gives 59 agents where 60 are needed, see
//! `tests/staffing_targets.rs`).

use statrs::function::erf::erfc;

use super::erlang_b::check_load;
use super::error::StaffingError;

/// Standard normal density.
fn phi(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal distribution function.
fn big_phi(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Halfin–Whitt approximation of the Erlang C probability of waiting when `n = A + β √A`.
///
/// # Formula
/// `P(wait) ≈ [1 + β Φ(β) / φ(β)]^{-1}` for `β > 0` (Halfin & Whitt, "Heavy-traffic limits for
/// queues with many exponential servers", Operations Research 29(3), 1981).
///
/// # Examples
/// ```
/// use wfmkit::staffing::approx::halfin_whitt_p_wait;
/// assert!((halfin_whitt_p_wait(1.0) - 0.22336).abs() < 1e-5);
/// ```
pub fn halfin_whitt_p_wait(beta: f64) -> f64 {
    if beta.is_nan() || beta <= 0.0 {
        return 1.0;
    }
    1.0 / (1.0 + beta * big_phi(beta) / phi(beta))
}

/// The `β > 0` at which [`halfin_whitt_p_wait`] equals `p_wait`, by bisection.
///
/// # Errors
/// [`StaffingError::TargetOutOfRange`] unless `p_wait` is in (0, 1).
pub fn halfin_whitt_beta(p_wait: f64) -> Result<f64, StaffingError> {
    if !(p_wait > 0.0 && p_wait < 1.0) {
        return Err(StaffingError::TargetOutOfRange {
            name: "p_wait",
            value: p_wait,
            range: "(0, 1)",
        });
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while halfin_whitt_p_wait(hi) > p_wait && hi < 64.0 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if halfin_whitt_p_wait(mid) > p_wait {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(hi)
}

/// Square-root staffing **approximation**: `ceil(A + β √A)` agents.
///
/// # Formula
/// Borst, Mandelbaum & Reiman, "Dimensioning large call centers", Operations Research 52(1),
/// 2004. Not exact: use [`required_agents`](super::required_agents) for an answer.
///
/// # Errors
/// [`StaffingError::NotNonNegative`] / [`StaffingError::LoadTooLarge`] for a bad load or a
/// NaN, infinite or negative `beta`.
///
/// # Examples
/// ```
/// use wfmkit::staffing::approx::{halfin_whitt_beta, square_root_staffing};
/// let beta = halfin_whitt_beta(0.2).unwrap();
/// assert_eq!(square_root_staffing(100.0, beta).unwrap(), 111);
/// ```
pub fn square_root_staffing(load_erlangs: f64, beta: f64) -> Result<u32, StaffingError> {
    let load = check_load("load_erlangs", load_erlangs)?;
    if !(beta.is_finite() && beta >= 0.0) {
        return Err(StaffingError::NotNonNegative {
            name: "beta",
            value: beta,
        });
    }
    // load <= 1e7 and beta finite but possibly huge: saturate at u32::MAX.
    let n = (load + beta * load.sqrt()).ceil();
    Ok(if n > f64::from(u32::MAX) { u32::MAX } else { n as u32 })
}
