//! Sums over the waiting states of the M/M/n+M queue, in scaled (log-space) form.
//!
//! With `a = n μ / θ` and `y = λ / θ`, the stationary mass of `n + m` contacts in system relative
//! to `n` is `w_m = y^m / ((a+1)(a+2)···(a+m))`, so `Σ w_m = ₁F₁(1; a+1; y)` (Kummer's function,
//! equal to `a e^y y^{-a} γ(a, y)`). The terms grow while `m <= y - a` and then fall faster than
//! geometrically, so the sums are taken from the largest term outward with rigorous bounds on
//! every remainder, rescaled by powers of two so that nothing overflows.

/// Relative size under which a remainder is dropped.
const EPS: f64 = 1e-17;

/// Peak index above which the sum starts at the peak (via a Stirling series) instead of at 0.
const FORWARD_MAX_PEAK: f64 = 100_000.0;

/// Most terms summed before giving up (a few tens of milliseconds).
const MAX_TERMS: u64 = 20_000_000;

/// Accumulators are rescaled by 2^-600 once they pass 2^600.
const RESCALE_AT: f64 = 4.149_515_568_880_993e180; // 2^600
const RESCALE_BY: f64 = 2.409_919_865_102_884_7e-181; // 2^-600
const LN_RESCALE: f64 = 415.888_308_335_967_2; // 600 ln 2

/// Sums over the waiting states, all multiplied by `exp(-ln_scale)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TailSums {
    /// Natural log of the common scale factor.
    pub(crate) ln_scale: f64,
    /// `Σ_{m>=0} w_m`.
    pub(crate) total: f64,
    /// `Σ_{m>=1} w_m` (kept apart from `total - 1` to avoid cancellation).
    pub(crate) beyond_first: f64,
    /// `Σ_{m>=1} m w_m`.
    pub(crate) first_moment: f64,
    /// `Σ_{m>=1} w_m h_m` with `h_m = Σ_{j=1..m} 1/(a+j)`.
    pub(crate) harmonic: f64,
    /// Bound on the relative rounding error of the individual terms (each is a product of up to
    /// `m` rounded ratios, so about `2 m ε`).
    pub(crate) term_error: f64,
}

struct Acc {
    total: f64,
    beyond_first: f64,
    first_moment: f64,
    harmonic: f64,
    ln_scale: f64,
}

impl Acc {
    fn add(&mut self, m: f64, w: f64, h: f64) {
        self.total += w;
        if m >= 1.0 {
            self.beyond_first += w;
            self.first_moment += m * w;
            self.harmonic += w * h;
        }
    }

    /// Rescales when large; returns the factor by which running terms must be multiplied.
    fn rescale(&mut self) -> f64 {
        if self.total > RESCALE_AT {
            self.total *= RESCALE_BY;
            self.beyond_first *= RESCALE_BY;
            self.first_moment *= RESCALE_BY;
            self.harmonic *= RESCALE_BY;
            self.ln_scale += LN_RESCALE;
            RESCALE_BY
        } else {
            1.0
        }
    }

    /// Whether the upward remainder after term `w` at index `m` (with partial harmonic `h`) is
    /// negligible; `r = y / (a + m + 1) < 1` bounds every later ratio.
    fn upper_done(&self, m: f64, w: f64, h: f64, r: f64, a: f64) -> bool {
        if r >= 1.0 {
            return false;
        }
        let g = r / (1.0 - r);
        let rem_total = w * g;
        let rem_moment = w * (m * g + g / (1.0 - r));
        let rem_harmonic = w * (h * g + g / ((1.0 - r) * (a + 1.0)));
        rem_total <= EPS * self.total && rem_moment <= EPS * self.first_moment && rem_harmonic <= EPS * self.harmonic
    }

    fn finish(self, steps: f64) -> TailSums {
        TailSums {
            ln_scale: self.ln_scale,
            total: self.total,
            beyond_first: self.beyond_first,
            first_moment: self.first_moment,
            harmonic: self.harmonic,
            term_error: 2.0 * (steps + 1.0) * f64::EPSILON,
        }
    }
}

/// Stirling correction `lnΓ(z) - [(z - 1/2) ln z - z + ln(2π)/2]` for `z >= 16` (error < 2e-14 / z^9·...).
fn stirling_correction(z: f64) -> f64 {
    let r = 1.0 / z;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0))))
}

/// `ln((u)(u+1)···(u+m-1)) = lnΓ(u+m) - lnΓ(u)` for `u >= 1` and large `m`, without the
/// cancellation of two separate log-gammas.
fn ln_rising(u: f64, m: f64) -> f64 {
    // Shift u up to >= 16 so the Stirling series is accurate to ~1e-16.
    let mut u = u;
    let mut m = m;
    let mut acc = 0.0;
    while u < 16.0 && m >= 1.0 {
        acc += u.ln();
        u += 1.0;
        m -= 1.0;
    }
    if m < 1.0 {
        return acc;
    }
    let v = u + m;
    acc + m * u.ln() + (v - 0.5) * (m / u).ln_1p() - m + stirling_correction(v) - stirling_correction(u)
}

/// `ψ(u + m) - ψ(u)` for `u >= 1`.
fn digamma_difference(u: f64, m: f64) -> f64 {
    statrs::function::gamma::digamma(u + m) - statrs::function::gamma::digamma(u)
}

/// Sums of `w_m = y^m / ((a+1)···(a+m))` for `a >= 0`, `y >= 0`; `None` if more than
/// `MAX_TERMS` terms would be needed (astronomically long patience relative to AHT).
pub(crate) fn tail_sums(a: f64, y: f64) -> Option<TailSums> {
    let peak = (y - a).floor().max(0.0);
    if peak <= FORWARD_MAX_PEAK {
        forward(a, y, peak)
    } else {
        from_peak(a, y, peak)
    }
}

/// [`tail_sums`] at `y` and at `y2 < y` with the same `a`, sharing one division per term when both
/// are summed from 0.
pub(crate) fn tail_sums_pair(a: f64, y: f64, y2: f64) -> Option<(TailSums, TailSums)> {
    let peak = (y - a).floor().max(0.0);
    let peak2 = (y2 - a).floor().max(0.0);
    if peak > FORWARD_MAX_PEAK || peak2 > FORWARD_MAX_PEAK {
        return Some((tail_sums(a, y)?, tail_sums(a, y2)?));
    }
    let fresh = || Acc {
        total: 1.0,
        beyond_first: 0.0,
        first_moment: 0.0,
        harmonic: 0.0,
        ln_scale: 0.0,
    };
    let (mut acc1, mut acc2) = (fresh(), fresh());
    let (mut w1, mut w2, mut h, mut m) = (1.0, 1.0, 0.0, 0.0);
    let (mut done1, mut done2) = (false, false);
    let mut count: u64 = 0;
    loop {
        m += 1.0;
        count += 1;
        let d = a + m;
        let inv_d = 1.0 / d;
        h += inv_d;
        // The full remainder bounds cost three divisions: test them every fourth term only.
        let test = count.is_multiple_of(4);
        if !done1 {
            w1 *= y * inv_d;
            acc1.add(m, w1, h);
            w1 *= acc1.rescale();
            done1 = test && m > peak && w1 <= EPS * acc1.total && acc1.upper_done(m, w1, h, y / (d + 1.0), a);
        }
        if !done2 {
            w2 *= y2 * inv_d;
            acc2.add(m, w2, h);
            w2 *= acc2.rescale();
            done2 = test && m > peak2 && w2 <= EPS * acc2.total && acc2.upper_done(m, w2, h, y2 / (d + 1.0), a);
        }
        if done1 && done2 {
            return Some((acc1.finish(m), acc2.finish(m)));
        }
        if count > MAX_TERMS {
            return None;
        }
    }
}

fn forward(a: f64, y: f64, peak: f64) -> Option<TailSums> {
    let mut acc = Acc {
        total: 1.0,
        beyond_first: 0.0,
        first_moment: 0.0,
        harmonic: 0.0,
        ln_scale: 0.0,
    };
    let mut w = 1.0;
    let mut h = 0.0;
    let mut m = 0.0;
    let mut count: u64 = 0;
    loop {
        m += 1.0;
        let d = a + m;
        let inv_d = 1.0 / d;
        w *= y * inv_d;
        h += inv_d;
        acc.add(m, w, h);
        w *= acc.rescale();
        // Cheap screen first: the remainder cannot be negligible while the term is not.
        if m > peak && w <= EPS * acc.total && acc.upper_done(m, w, h, y / (d + 1.0), a) {
            return Some(acc.finish(m));
        }
        count += 1;
        if count > MAX_TERMS {
            return None;
        }
    }
}

fn from_peak(a: f64, y: f64, peak: f64) -> Option<TailSums> {
    let u = a + 1.0;
    let ln_peak = peak * y.ln() - ln_rising(u, peak);
    let h_peak = digamma_difference(u, peak);
    let mut acc = Acc {
        total: 0.0,
        beyond_first: 0.0,
        first_moment: 0.0,
        harmonic: 0.0,
        ln_scale: ln_peak,
    };
    acc.add(peak, 1.0, h_peak);
    let mut count: u64 = 0;
    let m_up: f64;
    // Upward: ratios y/(a+m) < 1 and falling.
    let (mut w, mut h, mut m) = (1.0, h_peak, peak);
    loop {
        m += 1.0;
        let d = a + m;
        let inv_d = 1.0 / d;
        w *= y * inv_d;
        h += inv_d;
        acc.add(m, w, h);
        if w <= EPS * acc.total && acc.upper_done(m, w, h, y / (d + 1.0), a) {
            m_up = m;
            break;
        }
        count += 1;
        if count > MAX_TERMS {
            return None;
        }
    }
    // Downward: ratios (a+m)/y <= 1 and falling as m falls; later terms have smaller m and h.
    let (mut w, mut h, mut m) = (1.0, h_peak, peak);
    while m >= 1.0 {
        let d = a + m;
        w *= d / y;
        h -= 1.0 / d;
        m -= 1.0;
        acc.add(m, w, h.max(0.0));
        let q = (a + m) / y;
        if q < 1.0 {
            let g = q / (1.0 - q);
            if w * g <= EPS * acc.total
                && w * m * g <= EPS * acc.first_moment
                && w * h.max(0.0) * g <= EPS * acc.harmonic
            {
                break;
            }
        }
        count += 1;
        if count > MAX_TERMS {
            return None;
        }
    }
    // The peak term itself carries an absolute log error of about ε·peak·ln(y).
    let steps = (m_up - peak).max(peak) + peak * y.ln().abs();
    Some(acc.finish(steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_case_matches_direct_sum() {
        // a = 2, y = 3: w_m = 3^m / (3·4···(m+2)) = 2·3^m/(m+2)!
        let s = tail_sums(2.0, 3.0).unwrap();
        let mut direct = 0.0;
        let mut w = 1.0;
        for m in 0..200 {
            if m > 0 {
                w *= 3.0 / (2.0 + f64::from(m));
            }
            direct += w;
        }
        assert!((s.total * s.ln_scale.exp() - direct).abs() < 1e-14 * direct);
    }

    #[test]
    fn ln_rising_matches_log_gamma() {
        let lg = statrs::function::gamma::ln_gamma;
        for &(u, m) in &[(1.0, 200_000.0), (3.5, 150_000.0), (1e6, 2e5)] {
            let want = lg(u + m) - lg(u);
            assert!((ln_rising(u, m) - want).abs() < 1e-9 * want.abs(), "{u} {m}");
        }
    }

    #[test]
    fn pair_matches_single() {
        for &(a, y, y2) in &[(2.0, 3.0, 2.5), (150.0, 160.0, 120.0), (3000.0, 2900.0, 2800.0)] {
            let (p1, p2) = tail_sums_pair(a, y, y2).unwrap();
            let s1 = tail_sums(a, y).unwrap();
            assert_eq!(
                (p1.total, p1.first_moment, p1.harmonic),
                (s1.total, s1.first_moment, s1.harmonic)
            );
            let s2 = tail_sums(a, y2).unwrap();
            assert!((p2.total - s2.total).abs() <= 1e-15 * s2.total);
            assert!((p2.beyond_first - s2.beyond_first).abs() <= 1e-15 * s2.beyond_first);
        }
    }

    #[test]
    fn peak_and_forward_agree() {
        // Same sums from both algorithms, where both apply.
        let (a, y) = (10.0, 5000.0);
        let f = forward(a, y, (y - a).floor()).unwrap();
        let p = from_peak(a, y, (y - a).floor()).unwrap();
        let rel = |x: f64, sx: f64, z: f64, sz: f64| ((x.ln() + sx) - (z.ln() + sz)).abs();
        // Starting at the peak costs an absolute error of about eps * peak * ln(y) in the log of
        // the scale (here ~1e-11), inherent in evaluating a term near e^4925.
        assert!(rel(f.total, f.ln_scale, p.total, p.ln_scale) < 1e-10);
        assert!(rel(f.first_moment, f.ln_scale, p.first_moment, p.ln_scale) < 1e-10);
        assert!(rel(f.harmonic, f.ln_scale, p.harmonic, p.ln_scale) < 1e-10);
    }
}
