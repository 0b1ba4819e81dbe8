//! The interval grid and the supported dates, shared by every stage.

use chrono::{NaiveDate, NaiveDateTime};

use super::TimeError;

/// Seconds in a day.
pub const DAY_S: u32 = 86_400;

/// The first date a series may hold. With [`LAST_DATE`]: the years of ISO 8601's four digits,
/// which keeps every date the models derive from a history (a start up to 366 days after it, up
/// to 366 days of forecast, weeks before it) far inside the range of the calendar types.
pub const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();

/// The last date a series may hold (see [`FIRST_DATE`]).
pub const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();

/// Checks an interval length: a whole number of minutes that divides a day.
///
/// # Errors
///
/// [`TimeError::BadInterval`].
///
/// # Examples
/// ```
/// use wfmkit::time::check_interval;
/// assert!(check_interval(900).is_ok());
/// assert!(check_interval(420 * 60).is_err()); // 7 hours do not divide a day
/// assert!(check_interval(90).is_err()); // not whole minutes
/// ```
pub fn check_interval(interval_s: u32) -> Result<(), TimeError> {
    if interval_s == 0 || !interval_s.is_multiple_of(60) || !DAY_S.is_multiple_of(interval_s) {
        return Err(TimeError::BadInterval { interval_s });
    }
    Ok(())
}

/// True when `t` falls within [`FIRST_DATE`] ..= [`LAST_DATE`].
pub fn in_supported_dates(t: NaiveDateTime) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&t.date())
}
