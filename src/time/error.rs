//! Errors of the time layer: the interval grid, time zones and their clock changes.

use chrono::NaiveDateTime;

/// Everything that can go wrong on the time grid. Each stage wraps it in its own error with the
/// same message ([`crate::forecast::ForecastError`] and [`crate::schedule::ScheduleError`]
/// convert it with `From`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The interval length is zero, not a whole number of minutes, or does not divide a day.
    #[error("{}", bad_interval_message(*interval_s))]
    BadInterval {
        /// The rejected interval length in seconds.
        interval_s: u32,
    },
    /// A time zone name is not in the IANA time-zone database.
    #[error("{}", unknown_zone_message(name, suggestion.as_deref()))]
    UnknownTimeZone {
        /// The rejected name.
        name: String,
        /// The nearest valid name, when one is close.
        suggestion: Option<String>,
    },
    /// A local wall-clock time that the time zone skips (the spring-forward hour).
    #[error("{}", skipped_local_time_message(*row, *timestamp, zone))]
    SkippedLocalTime {
        /// The first such row, from 1.
        row: usize,
        /// Its local timestamp.
        timestamp: NaiveDateTime,
        /// The time zone.
        zone: String,
    },
    /// A local wall-clock time given more often than the zone has it (twice in the fall-back
    /// hour, once otherwise).
    #[error("column `interval_start`: row {row} repeats the interval {timestamp}")]
    RepeatedLocalTime {
        /// The first such row, from 1.
        row: usize,
        /// Its local timestamp.
        timestamp: NaiveDateTime,
    },
    /// The time zone changes its clocks in a way the interval grid cannot represent: by a shift
    /// that is not a whole number of intervals, or at a local time off the interval grid.
    #[error("{}", zone_change_message(zone, *interval_s, *at, *shift_s))]
    ZoneChangeOffGrid {
        /// The time zone (option `time_zone`).
        zone: String,
        /// The interval length in seconds.
        interval_s: u32,
        /// The local wall-clock time at which the clocks change (read before the change).
        at: NaiveDateTime,
        /// The shift of the clocks in seconds: positive forward (spring), negative back (fall).
        shift_s: i32,
    },
}

/// The message of a bad interval length (also [`crate::forecast::ForecastError`]'s).
pub(crate) fn bad_interval_message(interval_s: u32) -> String {
    format!("interval length {interval_s} s does not divide a day (86400 s) into whole intervals of whole minutes")
}

/// The message of a local time the zone skips (also [`crate::forecast::ForecastError`]'s).
pub(crate) fn skipped_local_time_message(row: usize, timestamp: NaiveDateTime, zone: &str) -> String {
    format!(
        "column `interval_start`: row {row} ({timestamp}) does not exist in time zone {zone}: the clocks skip it at a \
         daylight-saving change (check the time zone, or give instants with a UTC offset)"
    )
}

impl TimeError {
    /// The same error with its row (if it names one) mapped by `f`.
    pub fn map_rows(self, f: &dyn Fn(usize) -> usize) -> Self {
        use TimeError as E;
        match self {
            E::SkippedLocalTime { row, timestamp, zone } => E::SkippedLocalTime {
                row: f(row),
                timestamp,
                zone,
            },
            E::RepeatedLocalTime { row, timestamp } => E::RepeatedLocalTime { row: f(row), timestamp },
            e @ (E::BadInterval { .. } | E::UnknownTimeZone { .. } | E::ZoneChangeOffGrid { .. }) => e,
        }
    }
}

pub(crate) fn unknown_zone_message(name: &str, suggestion: Option<&str>) -> String {
    let hint = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => "use an IANA name such as `Europe/London` or `America/New_York`".into(),
    };
    format!("option `time_zone` = {name:?} is not an IANA time zone name; {hint}")
}

/// A duration for messages: `30 min`, `1 h`, `1 h 30 min`, `75 s`.
pub(crate) fn fmt_duration(s: u32) -> String {
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if sec > 0 || parts.is_empty() {
        parts.push(format!("{sec} s"));
    }
    parts.join(" ")
}

/// An interval length as an adjective: `60-minute`, `24-hour`, `90-second`.
pub(crate) fn fmt_interval(interval_s: u32) -> String {
    match interval_s {
        s if s % 3600 == 0 && s > 3600 => format!("{}-hour", s / 3600),
        s if s % 60 == 0 => format!("{}-minute", s / 60),
        s => format!("{s}-second"),
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// What to use instead: the usual interval lengths (15, 30, 60 minutes) that fit every multiple
/// of `grain_s` seconds, else any interval dividing `grain_s`.
pub(crate) fn interval_advice(grain_s: u32) -> String {
    let g = gcd(grain_s, super::DAY_S);
    let fits: Vec<String> = [15u32, 30, 60]
        .iter()
        .filter(|&&m| g.is_multiple_of(m * 60))
        .map(u32::to_string)
        .collect();
    match fits.as_slice() {
        [] => format!("use an interval that divides {}", fmt_duration(g)),
        [one] => format!("use {one} minutes"),
        [init @ .., last] => format!("use {} or {last} minutes", init.join(", ")),
    }
}

pub(crate) fn zone_change_message(zone: &str, interval_s: u32, at: chrono::NaiveDateTime, shift_s: i32) -> String {
    let grain = gcd(shift_s.unsigned_abs(), chrono::Timelike::num_seconds_from_midnight(&at));
    format!(
        "time zone `{zone}` (option `time_zone`) moves its clocks {} by {} on {} at {}, which a {} interval cannot \
         represent: {}",
        if shift_s > 0 { "forward" } else { "back" },
        fmt_duration(shift_s.unsigned_abs()),
        at.date(),
        at.time().format("%H:%M"),
        fmt_interval(interval_s),
        interval_advice(grain),
    )
}
