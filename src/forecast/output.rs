//! [`Forecast`]: what a fitted model predicts.

use chrono::{DateTime, NaiveDateTime};

use super::ForecastError;
use crate::time::{resolve_local, Tz};

/// A prediction interval at one level.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Band {
    /// Level in percent, e.g. 80.
    pub level: f64,
    /// Lower bound of the volume per interval.
    pub lo: Vec<f64>,
    /// Upper bound of the volume per interval.
    pub hi: Vec<f64>,
}

/// A volume and AHT forecast for consecutive intervals of one queue.
///
/// Without a zone, the rows are the local wall-clock slots of whole days. With a zone (the
/// forecast of a zoned history, or [`Forecast::in_zone`]), there is one row per real interval:
/// the slots a spring-forward change skips are left out, and the slots a fall-back change repeats
/// appear twice, first at the earlier UTC offset, then at the later (see [`crate::time::zone`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forecast {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// Interval starts, local wall-clock time: whole days from the forecast start. With a zone,
    /// in chronological order, so a repeated local time appears twice ([`Forecast::instants`]
    /// tells them apart).
    pub timestamps: Vec<NaiveDateTime>,
    /// Expected offered volume per interval.
    pub volume: Vec<f64>,
    /// Expected AHT per interval, in seconds.
    pub aht_s: Vec<f64>,
    /// Prediction intervals, one per requested level.
    pub bands: Vec<Band>,
    /// Name of the model that made the forecast.
    pub model: String,
    /// The time zone of the rows, if the forecast is zoned.
    #[serde(default, with = "crate::time::zone::serde_time_zone")]
    pub zone: Option<Tz>,
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
            zone: None,
        }
    }

    /// The forecast of a local wall-clock grid as one row per real interval in `zone`: the
    /// local slots that the zone skips (spring-forward) are dropped, and the ones it repeats
    /// (fall-back) appear twice, at the earlier then the later offset, each with the slot's
    /// values. Rows come in chronological order.
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] naming `time_zone` when the forecast is already zoned (its
    /// skipped slots are gone); [`ForecastError::ForecastLengthMismatch`] when a column (volume,
    /// AHT, a band's bounds) does not have one value per timestamp (only possible in a forecast
    /// built by hand); [`ForecastError::ZoneChangeOffGrid`] when a clock change of the zone in the
    /// horizon cannot be represented at the forecast's interval (see
    /// [`crate::time::check_zone_changes`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{Duration, NaiveDate};
    /// use wfmkit::forecast::{Forecast, Tz};
    ///
    /// // Sunday 27 October 2024 in London has 25 hours: 25 hourly rows.
    /// let day = NaiveDate::from_ymd_opt(2024, 10, 27).unwrap().and_hms_opt(0, 0, 0).unwrap();
    /// let mut f = Forecast::with_capacity(3600, 24, &[], "given".into());
    /// for h in 0..24 {
    ///     f.timestamps.push(day + Duration::hours(h));
    ///     f.volume.push(h as f64);
    ///     f.aht_s.push(300.0);
    /// }
    /// let z = f.in_zone(Tz::Europe__London).unwrap();
    /// assert_eq!(z.len(), 25);
    /// assert_eq!(&z.volume[..4], &[0.0, 1.0, 1.0, 2.0]); // 01:00 BST, then 01:00 GMT
    /// let i = z.instants().unwrap().unwrap();
    /// assert_eq!(i[2] - i[1], chrono::TimeDelta::hours(1));
    /// ```
    pub fn in_zone(&self, zone: Tz) -> Result<Forecast, ForecastError> {
        if let Some(z) = self.zone {
            return Err(ForecastError::InvalidOption {
                option: "time_zone",
                value: zone.name().to_string(),
                reason: match z == zone {
                    true => "the forecast is already in this time zone",
                    false => "the forecast is already in another time zone",
                },
            });
        }
        self.check_lengths()?;
        if let (Some(first), Some(last)) = (self.timestamps.iter().min(), self.timestamps.iter().max()) {
            crate::time::check_zone_changes(zone, self.interval_s, *first, *last)?;
        }
        let rows = crate::time::zone::real_intervals(zone, &self.timestamps);
        let pick = |v: &[f64]| rows.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        Ok(Forecast {
            interval_s: self.interval_s,
            timestamps: rows.iter().map(|&i| self.timestamps[i]).collect(),
            volume: pick(&self.volume),
            aht_s: pick(&self.aht_s),
            bands: self
                .bands
                .iter()
                .map(|b| Band {
                    level: b.level,
                    lo: pick(&b.lo),
                    hi: pick(&b.hi),
                })
                .collect(),
            model: self.model.clone(),
            zone: Some(zone),
        })
    }

    /// Checks that every column has one value per timestamp.
    ///
    /// # Errors
    ///
    /// [`ForecastError::ForecastLengthMismatch`] naming the first column that does not.
    pub fn check_lengths(&self) -> Result<(), ForecastError> {
        let n = self.timestamps.len();
        let mut columns = vec![
            ("volume".to_string(), self.volume.len()),
            ("aht_s".to_string(), self.aht_s.len()),
        ];
        for b in &self.bands {
            columns.push((format!("volume_lo_{}", b.level), b.lo.len()));
            columns.push((format!("volume_hi_{}", b.level), b.hi.len()));
        }
        match columns.into_iter().find(|(_, len)| *len != n) {
            Some((column, got)) => Err(ForecastError::ForecastLengthMismatch {
                column,
                expected: n,
                got,
            }),
            None => Ok(()),
        }
    }

    /// The instant of each row of a zoned forecast; `None` without a zone.
    ///
    /// # Errors
    ///
    /// As [`resolve_local`], for rows that do not follow the zone (only possible in a forecast
    /// built by hand).
    pub fn instants(&self) -> Result<Option<Vec<DateTime<Tz>>>, ForecastError> {
        Ok(self.zone.map(|z| resolve_local(z, &self.timestamps)).transpose()?)
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
