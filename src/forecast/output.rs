//! [`Forecast`]: what a fitted model predicts.

use chrono::NaiveDateTime;

/// A prediction interval at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Level in percent, e.g. 80.
    pub level: f64,
    /// Lower bound of the volume per interval.
    pub lo: Vec<f64>,
    /// Upper bound of the volume per interval.
    pub hi: Vec<f64>,
}

/// A volume and AHT forecast for consecutive intervals of one queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Interval starts: whole days from the forecast start, without gaps.
    pub timestamps: Vec<NaiveDateTime>,
    /// Expected offered volume per interval.
    pub volume: Vec<f64>,
    /// Expected AHT per interval, in seconds.
    pub aht_s: Vec<f64>,
    /// Prediction intervals, one per requested level.
    pub bands: Vec<Band>,
    /// Name of the model that made the forecast.
    pub model: String,
}

impl Forecast {
    /// An empty forecast with room for `n` intervals and one empty band per level.
    pub fn with_capacity(interval_s: u32, n: usize, levels: &[f64], model: String) -> Self {
        Self {
            interval_s,
            timestamps: Vec::with_capacity(n),
            volume: Vec::with_capacity(n),
            aht_s: Vec::with_capacity(n),
            bands: levels
                .iter()
                .map(|&level| Band {
                    level,
                    lo: Vec::with_capacity(n),
                    hi: Vec::with_capacity(n),
                })
                .collect(),
            model,
        }
    }

    /// Number of intervals.
    pub fn len(&self) -> usize {
        self.timestamps.len()
    }
    /// True when the forecast has no interval.
    pub fn is_empty(&self) -> bool {
        self.timestamps.is_empty()
    }
}
