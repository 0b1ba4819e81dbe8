//! [`QueueWork`]: one queue's run as plain data, for a worker pool or a cluster.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{run_stages, Stage, StageEvent, StageInput, StageOptions, StageResults};
use crate::forecast::{ForecastError, History};
use crate::time::Tz;

/// A queue's history rows as plain data: what [`History`]'s constructors take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRows {
    /// Interval length in seconds.
    pub interval_s: u32,
    /// The IANA time zone of the rows, if zoned.
    #[serde(default, with = "crate::time::zone::serde_time_zone")]
    pub time_zone: Option<Tz>,
    /// Interval starts.
    pub timestamps: RowTimes,
    /// Contacts offered per interval.
    pub volume: Vec<f64>,
    /// Average handling time per interval, in seconds.
    #[serde(default)]
    pub aht_s: Option<Vec<f64>>,
    /// The contacts each AHT value averages over (default: the volume).
    #[serde(default)]
    pub aht_weight: Option<Vec<f64>>,
}

/// The interval starts of [`HistoryRows`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowTimes {
    /// Local wall-clock times (in `time_zone` when there is one).
    Local(Vec<NaiveDateTime>),
    /// UTC instants; they need a `time_zone`.
    Utc(Vec<DateTime<Utc>>),
}

impl HistoryRows {
    /// Checks the rows and builds the [`History`], as [`History::try_new`],
    /// [`History::try_new_in_zone`] or [`History::try_from_instants`] with
    /// [`History::with_aht`].
    ///
    /// # Errors
    ///
    /// [`ForecastError`] naming the first bad row; [`ForecastError::InvalidOption`] for UTC
    /// instants without a `time_zone`.
    pub fn to_history(&self) -> Result<History, ForecastError> {
        let volume = self.volume.clone();
        let h = match (&self.timestamps, self.time_zone) {
            (RowTimes::Local(ts), None) => History::try_new(self.interval_s, ts.clone(), volume)?,
            (RowTimes::Local(ts), Some(z)) => History::try_new_in_zone(self.interval_s, z, ts.clone(), volume)?,
            (RowTimes::Utc(ts), Some(z)) => History::try_from_instants(self.interval_s, z, ts.clone(), volume)?,
            (RowTimes::Utc(_), None) => {
                return Err(ForecastError::InvalidOption {
                    option: "time_zone",
                    value: "none".into(),
                    reason: "UTC instants need a time zone to put them on the local wall-clock grid",
                })
            }
        };
        match &self.aht_s {
            Some(aht) => h.with_aht(aht.clone(), self.aht_weight.clone()),
            None => Ok(h),
        }
    }
}

/// One queue's run as plain, serialisable data: its name, history rows, stage options and how
/// far to go. A worker process or a cluster task deserialises it and calls [`QueueWork::run`],
/// the same path as the command-line job and Python's `wfmkit.plan`.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use wfmkit::pipeline::{HistoryRows, QueueWork, RowTimes, Stage, StageOptions};
///
/// let t0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..28 * 24).map(|i| t0 + chrono::Duration::hours(i)).collect();
/// let mut options = StageOptions::default();
/// options.staffing.service_level = Some(0.8);
/// let work = QueueWork {
///     queue: "sales".into(),
///     history: HistoryRows {
///         interval_s: 3600, time_zone: None, timestamps: RowTimes::Local(ts),
///         volume: vec![30.0; 28 * 24], aht_s: Some(vec![200.0; 28 * 24]), aht_weight: None,
///     },
///     options,
///     until: Stage::Requirements,
/// };
/// let json = serde_json::to_string(&work).unwrap();
/// let back: QueueWork = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, work);
/// let r = back.run(&mut |_| {}).unwrap();
/// assert_eq!(r.requirements.unwrap().staffing.len(), 7 * 24); // a week ahead by default
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueWork {
    /// The queue's name.
    pub queue: String,
    /// Its history.
    pub history: HistoryRows,
    /// The options of every stage.
    #[serde(default)]
    pub options: StageOptions,
    /// How far to run.
    pub until: Stage,
}

impl QueueWork {
    /// Builds the history and runs [`run_stages`].
    ///
    /// # Errors
    ///
    /// The history's or the first stage's error.
    pub fn run(&self, on_event: &mut dyn FnMut(StageEvent)) -> crate::Result<StageResults> {
        let history = self.history.to_history()?;
        run_stages(StageInput::History(&history), &self.options, self.until, on_event)
    }
}
