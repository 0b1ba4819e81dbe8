//! The plan's activities frame: the breaks of each row of the shifts frame.

use polars::prelude::*;

use super::convert::datetime_series;
use super::IoError;
use crate::schedule::Plan;

/// The activities frame: one row per break of each row of the shifts frame, with columns
/// `shift_row` (0-based row of the shifts frame), `shift`, `kind` (the break rule's name, e.g.
/// "break" or "lunch"), `start`, `end`, `paid` and `count` (agents of that row, who all take this
/// break). The plan has no agent ids yet, so work periods are the shifts frame's rows, not
/// repeated here.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn activities_to_frame(plan: &Plan) -> Result<DataFrame, IoError> {
    let mut row = Vec::new();
    let mut shift = Vec::new();
    let mut kind = Vec::new();
    let mut start = Vec::new();
    let mut end = Vec::new();
    let mut paid = Vec::new();
    let mut count = Vec::new();
    for (r, s) in plan.shifts.iter().enumerate() {
        for b in &s.breaks {
            row.push(r as u32);
            shift.push(s.shift.as_str());
            kind.push(b.kind.as_str());
            start.push(b.start);
            end.push(b.end);
            paid.push(b.paid);
            count.push(s.count);
        }
    }
    let columns = vec![
        Column::new("shift_row".into(), row),
        Column::new("shift".into(), shift),
        Column::new("kind".into(), kind),
        datetime_series("start", &start),
        datetime_series("end", &end),
        Column::new("paid".into(), paid),
        Column::new("count".into(), count),
    ];
    DataFrame::new_infer_height(columns).map_err(|e| IoError::Parse {
        what: "activities frame".into(),
        reason: e.to_string(),
    })
}
