//! Special days: a user table of holidays and other days that do not look like their weekday.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::ForecastError;

/// What is special about a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpecialDayKind {
    /// The centre is closed: excluded from fitting, forecast as zero.
    Closed,
    /// Volume is `factor` times a normal day of its weekday: in fitting the day's volumes are
    /// divided by `factor`, in the forecast multiplied by it.
    Scale {
        /// The multiplier, between 0.001 and 1000 (e.g. 0.5 for a half day, 1.3 for a busy day).
        factor: f64,
    },
    /// The day behaves like another weekday (e.g. a bridge Friday that looks like a Saturday):
    /// excluded from fitting, forecast as the model's forecast for that weekday.
    Like {
        /// The weekday it looks like.
        weekday: Weekday,
    },
}

/// The smallest and largest scale factors of a special day. In fitting a day's volumes are divided
/// by its factor, so a tiny factor would blow them up past any count.
const MIN_FACTOR: f64 = 1e-3;
const MAX_FACTOR: f64 = 1e3;

/// One row of the special-day table.
///
/// # Examples
///
/// ```
/// use wfmkit::forecast::{SpecialDay, SpecialDayKind};
///
/// let days: Vec<SpecialDay> = serde_json::from_str(
///     r#"[{"date": "2003-09-01", "kind": "closed"},
///         {"date": "2003-11-28", "kind": "scale", "factor": 0.6},
///         {"date": "2003-12-26", "kind": "like", "weekday": "Sat"}]"#,
/// ).unwrap();
/// assert_eq!(days[0].kind, SpecialDayKind::Closed);
/// assert_eq!(days[1].kind, SpecialDayKind::Scale { factor: 0.6 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpecialDay {
    /// The calendar date.
    pub date: NaiveDate,
    /// What happens on it.
    #[serde(flatten)]
    pub kind: SpecialDayKind,
}

/// A checked special-day table, looked up by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    days: Vec<SpecialDay>,
}

impl Calendar {
    /// Checks a table: factors between 0.001 and 1000, no date twice.
    ///
    /// # Errors
    ///
    /// [`ForecastError::InvalidOption`] naming `holidays` and the bad date.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use wfmkit::forecast::{Calendar, SpecialDay, SpecialDayKind};
    ///
    /// let date = NaiveDate::from_ymd_opt(2003, 9, 1).unwrap();
    /// let cal = Calendar::try_new(&[SpecialDay { date, kind: SpecialDayKind::Closed }]).unwrap();
    /// assert_eq!(cal.get(date), Some(SpecialDayKind::Closed));
    /// let twice = [SpecialDay { date, kind: SpecialDayKind::Closed }; 2];
    /// assert!(Calendar::try_new(&twice).unwrap_err().to_string().contains("only once"));
    /// ```
    pub fn try_new(days: &[SpecialDay]) -> Result<Self, ForecastError> {
        let mut sorted = days.to_vec();
        sorted.sort_by_key(|d| d.date);
        for (i, d) in sorted.iter().enumerate() {
            if let SpecialDayKind::Scale { factor } = d.kind {
                if !(MIN_FACTOR..=MAX_FACTOR).contains(&factor) {
                    return Err(ForecastError::InvalidOption {
                        option: "holidays",
                        value: format!("{} scale factor {factor}", d.date),
                        reason:
                            "a scale factor must be between 0.001 and 1000 (use kind = \"closed\" for a closed day)",
                    });
                }
            }
            if i > 0 && sorted[i - 1].date == d.date {
                return Err(ForecastError::InvalidOption {
                    option: "holidays",
                    value: d.date.to_string(),
                    reason: "each date may appear only once",
                });
            }
        }
        Ok(Self { days: sorted })
    }

    /// The entry for a date, if any.
    pub fn get(&self, date: NaiveDate) -> Option<SpecialDayKind> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| self.days[i].kind)
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

/// Monday = 0 … Sunday = 6.
pub(crate) fn weekday_index(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}
