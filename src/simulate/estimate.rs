//! Point estimates with 95% confidence intervals from independent replications.

/// Two-sided 97.5% quantiles of Student's t for 1 to 30 degrees of freedom.
const T_975: [f64; 30] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
    2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/// The 97.5% quantile of Student's t with `df` degrees of freedom (table up to 30, then the
/// Cornish–Fisher expansion around the normal quantile, accurate to 1e-3).
pub(crate) fn t_quantile_975(df: usize) -> f64 {
    if (1..=30).contains(&df) {
        return T_975[df - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let d = df.max(1) as f64;
    z + (z.powi(3) + z) / (4.0 * d) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
}

/// A mean over independent replications with the half-width of its 95% confidence interval.
///
/// # Examples
/// ```
/// use wfmkit::simulate::Estimate;
/// let e = Estimate::from_replications(&[1.0, 2.0, 3.0]);
/// assert_eq!(e.mean, 2.0);
/// assert!((e.half_width - 4.303 / 3f64.sqrt()).abs() < 1e-12);
/// assert!(e.contains(3.0) && !e.contains(5.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Estimate {
    /// Mean of the replication values.
    pub mean: f64,
    /// Half-width of the 95% Student-t confidence interval.
    pub half_width: f64,
}

impl Estimate {
    /// Mean and 95% interval of `values` (one per replication; at least 2 for a finite width).
    pub fn from_replications(values: &[f64]) -> Self {
        let n = values.len();
        if n == 0 {
            return Self {
                mean: f64::NAN,
                half_width: f64::INFINITY,
            };
        }
        let nf = n as f64;
        let mean = values.iter().sum::<f64>() / nf;
        if n < 2 {
            return Self {
                mean,
                half_width: f64::INFINITY,
            };
        }
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (nf - 1.0);
        Self {
            mean,
            half_width: t_quantile_975(n - 1) * (var / nf).sqrt(),
        }
    }

    /// Lower end of the interval.
    pub fn lo(&self) -> f64 {
        self.mean - self.half_width
    }

    /// Upper end of the interval.
    pub fn hi(&self) -> f64 {
        self.mean + self.half_width
    }

    /// Whether `x` lies in the closed interval.
    pub fn contains(&self, x: f64) -> bool {
        self.lo() <= x && x <= self.hi()
    }
}
