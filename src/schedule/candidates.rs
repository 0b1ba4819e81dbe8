//! Enumeration of the candidate shifts a template allows over a requirement's horizon.

use chrono::{Datelike, Duration, NaiveDateTime};

use super::{CoverRequirement, ShiftTemplate};

/// One shift the model may staff: a template, a start and a length.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// Index of the template in the options.
    pub template: usize,
    /// Start of the shift.
    pub start: NaiveDateTime,
    /// Index of the requirement interval the shift starts in.
    pub first_interval: usize,
    /// Length in intervals.
    pub intervals: usize,
    /// Length in minutes.
    pub length_min: u32,
}

impl Candidate {
    /// Indices of the requirement intervals the shift covers: clipped at the end of the horizon,
    /// or wrapped to its start when `cyclic`.
    pub fn covered(&self, n: usize, cyclic: bool) -> impl Iterator<Item = usize> + '_ {
        let end = if cyclic {
            self.first_interval + self.intervals.min(n)
        } else {
            (self.first_interval + self.intervals).min(n)
        };
        (self.first_interval..end).map(move |i| i % n)
    }
}

/// All candidate shifts, in a fixed order (template, day, start, length), so that the model and
/// hence the plan are deterministic.
pub(crate) fn enumerate(req: &CoverRequirement, templates: &[ShiftTemplate]) -> Vec<Candidate> {
    let first = req.timestamps()[0];
    let last = req.timestamps()[req.len() - 1];
    let interval = req.interval_s() as i64;
    let mut out = Vec::new();
    for (ti, t) in templates.iter().enumerate() {
        let starts = t.start_offsets(req.interval_s());
        let lengths = t.lengths_min(req.interval_s());
        let mut day = first.date();
        while day <= last.date() {
            if t.allows(day.weekday()) {
                for &s in &starts {
                    let start = day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::seconds(s as i64);
                    if start < first || start > last {
                        continue;
                    }
                    let offset = (start - first).num_seconds();
                    if offset % interval != 0 {
                        continue;
                    }
                    for &len in &lengths {
                        out.push(Candidate {
                            template: ti,
                            start,
                            first_interval: (offset / interval) as usize,
                            intervals: (len as i64 * 60 / interval) as usize,
                            length_min: len,
                        });
                    }
                }
            }
            day += Duration::days(1);
        }
    }
    out
}
