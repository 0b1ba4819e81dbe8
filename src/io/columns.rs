//! Column names of the data contracts (see DESIGN.md), and the overridable history mapping.

use serde::{Deserialize, Serialize};

/// `interval_start`: start of an interval.
pub const INTERVAL_START: &str = "interval_start";
/// `volume`: contacts offered in an interval.
pub const VOLUME: &str = "volume";
/// `aht_s`: average handle time in seconds.
pub const AHT_S: &str = "aht_s";
/// `handled`: contacts handled in an interval (weights the AHT).
pub const HANDLED: &str = "handled";
/// `queue`: the queue a row belongs to.
pub const QUEUE: &str = "queue";
/// `model`: the forecast model that produced a row.
pub const MODEL: &str = "model";
/// `agents`: net agents required.
pub const AGENTS: &str = "agents";
/// `agents_gross`: agents to schedule after shrinkage.
pub const AGENTS_GROSS: &str = "agents_gross";

/// Which columns of a history frame hold which role. Defaults follow DESIGN.md; the job config's
/// `[history.columns]` table and Python keywords override them.
///
/// ```
/// use wfmkit::io::HistoryColumns;
///
/// let c: HistoryColumns = toml::from_str("interval_start = \"timestamp\"\nvolume = \"calls\"").unwrap();
/// assert_eq!(c.aht_s.as_deref(), Some("aht_s"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryColumns {
    /// Interval start (required).
    pub interval_start: String,
    /// Offered volume (required).
    pub volume: String,
    /// AHT in seconds (used when present; set to `""` to ignore).
    pub aht_s: Option<String>,
    /// Handled contacts, the weights of the AHT (used when present).
    pub handled: Option<String>,
    /// Queue name, for a file that holds several queues (used when present).
    pub queue: Option<String>,
}

impl Default for HistoryColumns {
    fn default() -> Self {
        Self {
            interval_start: INTERVAL_START.into(),
            volume: VOLUME.into(),
            aht_s: Some(AHT_S.into()),
            handled: Some(HANDLED.into()),
            queue: Some(QUEUE.into()),
        }
    }
}
