//! Rosters ⇄ frames: the agents' tables in, and the named schedule out.
//!
//! **In.** One row per agent (`agent_id`, `contract`, optional `skills` as text separated by
//! `;` or `,`), plus optional tables keyed by `agent_id`:
//! - `leave`: `agent_id`, `date` (days that must be off);
//! - `availability`: `agent_id`, `weekday` (`Mon`…`Sun`) or `date`, `from`, optional `to`
//!   (`HH:MM`; empty or missing: to midnight; earlier than `from`: over midnight). An agent with
//!   windows may work only inside them: a shift starts and ends inside a window of its day (a
//!   date's windows replace its weekday's), and a day without a window is off;
//! - `requests`: `agent_id`, `date`, `kind` (`shift_on`, `shift_off`, `day_off`, `day_on`),
//!   `shift` (for the shift kinds: a shift or template name), `weight`;
//! - `locked`: `agent_id`, `date`, `shift` (empty: locked off);
//! - `preferred_starts`: `agent_id`, optional `weekday` or `date` (both empty: every day),
//!   `from`, `to` (`HH:MM`, the latest preferred start; earlier than `from`: over midnight),
//!   `weight` (paid per worked shift that starts outside the window on a day it applies to).
//!
//! Errors name the table, the column and the row (from 1). An id in a table that is not in the
//! agents frame is an error.
//!
//! **Out.** [`roster_shifts_to_frame`], [`roster_activities_to_frame`],
//! [`roster_coverage_to_frame`], [`roster_summary_to_frame`], for several queues
//! [`roster_queue_coverage_to_frame`] and, for the per-shift form,
//! [`roster_shift_coverage_to_frame`].

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, Weekday};
use polars::prelude::*;

use super::convert::{date_series, datetime_series, has_column};
use super::{f64_column, IoError, AHT_S, INTERVAL_START, VOLUME};
use crate::roster::{Agent, Availability, Locked, PreferredStart, Request, RequestKind, Roster};
use crate::schedule::Coverage;

fn parse_err(what: &str, e: PolarsError) -> IoError {
    IoError::Parse {
        what: what.into(),
        reason: e.to_string(),
    }
}

/// A column as text cells (`None` for null or blank), any dtype cast to text.
fn text_column(df: &DataFrame, table: &str, name: &str, role: &'static str) -> Result<Vec<Option<String>>, IoError> {
    let col = df.column(name).map_err(|_| IoError::MissingColumn {
        column: format!("{table}.{name}"),
        role,
        available: df.get_column_names().iter().map(|s| s.to_string()).collect(),
    })?;
    let col = col.cast(&DataType::String).map_err(|e| parse_err(table, e))?;
    let ca = col.str().map_err(|e| parse_err(table, e))?;
    Ok(ca
        .iter()
        .map(|v| v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
        .collect())
}

fn optional_text(df: &DataFrame, table: &str, name: &str) -> Result<Option<Vec<Option<String>>>, IoError> {
    if has_column(df, name) {
        Ok(Some(text_column(df, table, name, "optional")?))
    } else {
        Ok(None)
    }
}

fn bad(table: &str, column: &str, row: usize, value: &str, reason: &'static str) -> IoError {
    IoError::BadValue {
        column: format!("{table}.{column}"),
        row: row + 1,
        value: value.to_string(),
        reason,
    }
}

fn required<'a>(v: &'a Option<String>, table: &str, column: &str, row: usize) -> Result<&'a str, IoError> {
    v.as_deref().ok_or_else(|| bad(table, column, row, "", "missing value"))
}

fn parse_date(v: &str, table: &str, column: &str, row: usize) -> Result<NaiveDate, IoError> {
    // Dates, or datetimes at midnight as polars writes them.
    let head = v.get(..10).unwrap_or(v);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").map_err(|_| bad(table, column, row, v, "not a date (YYYY-MM-DD)"))
}

fn parse_time(v: &str, table: &str, column: &str, row: usize) -> Result<NaiveTime, IoError> {
    NaiveTime::parse_from_str(v, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(v, "%H:%M:%S"))
        .or_else(|_| NaiveTime::parse_from_str(v, "%H:%M:%S%.f"))
        .map_err(|_| bad(table, column, row, v, "not a time of day (HH:MM)"))
}

/// The optional tables of the agents frame, each keyed by `agent_id` (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct AgentTables<'a> {
    /// `agent_id`, `date`.
    pub leave: Option<&'a DataFrame>,
    /// `agent_id`, `weekday` or `date`, `from`, `to`.
    pub availability: Option<&'a DataFrame>,
    /// `agent_id`, `date`, `kind`, `shift`, `weight`.
    pub requests: Option<&'a DataFrame>,
    /// `agent_id`, `date`, `shift`.
    pub locked: Option<&'a DataFrame>,
    /// `agent_id`, `weekday` or `date` (or neither), `from`, `to`, `weight`.
    pub preferred_starts: Option<&'a DataFrame>,
}

impl AgentTables<'_> {
    /// The tables' names, in the order of [`AgentTables::from_slice`].
    pub const NAMES: [&'static str; 5] = ["leave", "availability", "requests", "locked", "preferred_starts"];

    /// The tables from a slice in the order of [`AgentTables::NAMES`].
    pub fn from_slice(t: &[Option<DataFrame>; 5]) -> AgentTables<'_> {
        AgentTables {
            leave: t[0].as_ref(),
            availability: t[1].as_ref(),
            requests: t[2].as_ref(),
            locked: t[3].as_ref(),
            preferred_starts: t[4].as_ref(),
        }
    }
}

/// A weight column, its errors naming `table.weight`.
fn weight_column(df: &DataFrame, table: &str, role: &'static str) -> Result<Vec<f64>, IoError> {
    f64_column(df, "weight", role, false).map_err(|e| match e {
        IoError::BadValue {
            column,
            row,
            value,
            reason,
        } => IoError::BadValue {
            column: format!("{table}.{column}"),
            row,
            value,
            reason,
        },
        e => e,
    })
}

/// The agents of the agents frame and its optional tables (see the module docs).
///
/// # Errors
///
/// [`IoError::MissingColumn`] and [`IoError::BadValue`] naming the table, column and row; an
/// `agent_id` in a table that the agents frame does not have is a [`IoError::BadValue`] too.
/// Duplicate ids, unknown contracts and the like are left to [`crate::roster`], which names
/// them.
pub fn agents_from_frames(agents: &DataFrame, tables: AgentTables<'_>) -> Result<Vec<Agent>, IoError> {
    let AgentTables {
        leave,
        availability,
        requests,
        locked,
        preferred_starts,
    } = tables;
    let t = "agents";
    let ids = text_column(agents, t, "agent_id", "agent id")?;
    let contracts = text_column(agents, t, "contract", "contract name")?;
    let skills = optional_text(agents, t, "skills")?;
    let mut out = Vec::with_capacity(ids.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in 0..ids.len() {
        let id = required(&ids[r], t, "agent_id", r)?;
        let mut a = Agent::new(id, required(&contracts[r], t, "contract", r)?);
        if let Some(Some(s)) = skills.as_ref().map(|s| &s[r]) {
            a.skills = s
                .split([';', ','])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect();
        }
        // A repeated id keeps its first index; the roster reports the duplicate.
        index.entry(id.to_string()).or_insert(r);
        out.push(a);
    }
    let agent_of = |table: &str, ids: &[Option<String>], r: usize| -> Result<usize, IoError> {
        let id = required(&ids[r], table, "agent_id", r)?;
        index
            .get(id)
            .copied()
            .ok_or_else(|| bad(table, "agent_id", r, id, "is not in the agents table"))
    };
    if let Some(df) = leave {
        let t = "leave";
        let ids = text_column(df, t, "agent_id", "agent id")?;
        let dates = text_column(df, t, "date", "leave date")?;
        for r in 0..ids.len() {
            let a = agent_of(t, &ids, r)?;
            let d = parse_date(required(&dates[r], t, "date", r)?, t, "date", r)?;
            out[a].days_off.push(d);
        }
    }
    if let Some(df) = availability {
        let t = "availability";
        let ids = text_column(df, t, "agent_id", "agent id")?;
        let weekday = optional_text(df, t, "weekday")?;
        let date = optional_text(df, t, "date")?;
        if weekday.is_none() && date.is_none() {
            return Err(IoError::MissingColumn {
                column: "availability.weekday".into(),
                role: "weekday or date of the window",
                available: df.get_column_names().iter().map(|s| s.to_string()).collect(),
            });
        }
        let from = text_column(df, t, "from", "window start")?;
        let to = optional_text(df, t, "to")?;
        for r in 0..ids.len() {
            let a = agent_of(t, &ids, r)?;
            let w = weekday.as_ref().and_then(|c| c[r].as_deref());
            let d = date.as_ref().and_then(|c| c[r].as_deref());
            let f = parse_time(required(&from[r], t, "from", r)?, t, "from", r)?;
            let until = match to.as_ref().and_then(|c| c[r].as_deref()) {
                Some(v) => Some(parse_time(v, t, "to", r)?),
                None => None,
            };
            let window = match (w, d) {
                (Some(w), None) => {
                    let day: Weekday = w
                        .parse()
                        .map_err(|_| bad(t, "weekday", r, w, "not a weekday (Mon, Tue, ... Sun)"))?;
                    Availability::weekday(day, f, until)
                }
                (None, Some(d)) => Availability::date(parse_date(d, t, "date", r)?, f, until),
                (Some(w), Some(_)) => return Err(bad(t, "weekday", r, w, "give a weekday or a date, not both")),
                (None, None) => return Err(bad(t, "weekday", r, "", "give a weekday or a date")),
            };
            out[a].availability.push(window);
        }
    }
    if let Some(df) = requests {
        let t = "requests";
        let ids = text_column(df, t, "agent_id", "agent id")?;
        let dates = text_column(df, t, "date", "request date")?;
        let kinds = text_column(df, t, "kind", "request kind")?;
        let shifts = optional_text(df, t, "shift")?;
        let weights = weight_column(df, t, "request weight")?;
        for r in 0..ids.len() {
            let a = agent_of(t, &ids, r)?;
            let date = parse_date(required(&dates[r], t, "date", r)?, t, "date", r)?;
            let k = required(&kinds[r], t, "kind", r)?;
            let kind = match k {
                "shift_on" => RequestKind::ShiftOn,
                "shift_off" => RequestKind::ShiftOff,
                "day_off" => RequestKind::DayOff,
                "day_on" => RequestKind::DayOn,
                _ => return Err(bad(t, "kind", r, k, "not one of shift_on, shift_off, day_off, day_on")),
            };
            let shift = shifts.as_ref().and_then(|c| c[r].clone());
            out[a].requests.push(Request {
                date,
                kind,
                shift,
                weight: weights[r],
            });
        }
    }
    if let Some(df) = locked {
        let t = "locked";
        let ids = text_column(df, t, "agent_id", "agent id")?;
        let dates = text_column(df, t, "date", "locked date")?;
        let shifts = optional_text(df, t, "shift")?;
        for r in 0..ids.len() {
            let a = agent_of(t, &ids, r)?;
            let date = parse_date(required(&dates[r], t, "date", r)?, t, "date", r)?;
            out[a].locked.push(Locked {
                date,
                shift: shifts.as_ref().and_then(|c| c[r].clone()),
            });
        }
    }
    if let Some(df) = preferred_starts {
        let t = "preferred_starts";
        let ids = text_column(df, t, "agent_id", "agent id")?;
        let weekday = optional_text(df, t, "weekday")?;
        let date = optional_text(df, t, "date")?;
        let from = text_column(df, t, "from", "earliest preferred start")?;
        let to = text_column(df, t, "to", "latest preferred start")?;
        let weights = weight_column(df, t, "preference weight")?;
        for r in 0..ids.len() {
            let a = agent_of(t, &ids, r)?;
            let f = parse_time(required(&from[r], t, "from", r)?, t, "from", r)?;
            let until = parse_time(required(&to[r], t, "to", r)?, t, "to", r)?;
            let mut p = PreferredStart::every_day(f, until, weights[r]);
            match (
                weekday.as_ref().and_then(|c| c[r].as_deref()),
                date.as_ref().and_then(|c| c[r].as_deref()),
            ) {
                (Some(w), None) => {
                    p.weekday = Some(
                        w.parse()
                            .map_err(|_| bad(t, "weekday", r, w, "not a weekday (Mon, Tue, ... Sun)"))?,
                    )
                }
                (None, Some(d)) => p.date = Some(parse_date(d, t, "date", r)?),
                (Some(w), Some(_)) => return Err(bad(t, "weekday", r, w, "give a weekday or a date, not both")),
                (None, None) => {}
            }
            out[a].preferred_starts.push(p);
        }
    }
    Ok(out)
}

fn frame(what: &str, columns: Vec<Column>) -> Result<DataFrame, IoError> {
    DataFrame::new_infer_height(columns).map_err(|e| parse_err(what, e))
}

/// The named shifts: `agent_id`, `date`, `shift`, `start`, `end`, `paid_minutes`, one row per
/// agent-shift (agents in input order, then dates).
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn roster_shifts_to_frame(r: &Roster) -> Result<DataFrame, IoError> {
    let s = &r.shifts;
    frame(
        "roster shifts",
        vec![
            Column::new(
                "agent_id".into(),
                s.iter().map(|x| x.agent_id.as_str()).collect::<Vec<_>>(),
            ),
            date_series("date", &s.iter().map(|x| x.date).collect::<Vec<_>>()),
            Column::new("shift".into(), s.iter().map(|x| x.shift.as_str()).collect::<Vec<_>>()),
            datetime_series("start", &s.iter().map(|x| x.start).collect::<Vec<_>>()),
            datetime_series("end", &s.iter().map(|x| x.end).collect::<Vec<_>>()),
            Column::new(
                "paid_minutes".into(),
                s.iter().map(|x| x.paid_minutes).collect::<Vec<u32>>(),
            ),
        ],
    )
}

/// Each agent's day as activities: `agent_id`, `date`, `kind` (`work`, or the break rule's
/// name such as `break` or `lunch`), `start`, `end`, `paid`. The work periods and breaks of a
/// shift tile it, in time order.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn roster_activities_to_frame(r: &Roster) -> Result<DataFrame, IoError> {
    let (mut id, mut date, mut kind, mut start, mut end, mut paid) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in &r.shifts {
        let mut breaks: Vec<_> = s.breaks.iter().collect();
        breaks.sort_by_key(|b| b.start);
        let mut at = s.start;
        let mut push = |k: &str, a, b, p: bool| {
            id.push(s.agent_id.clone());
            date.push(s.date);
            kind.push(k.to_string());
            start.push(a);
            end.push(b);
            paid.push(p);
        };
        for b in breaks {
            if b.start > at {
                push("work", at, b.start, true);
            }
            push(&b.kind, b.start, b.end, b.paid);
            at = at.max(b.end);
        }
        if s.end > at {
            push("work", at, s.end, true);
        }
    }
    frame(
        "roster activities",
        vec![
            Column::new("agent_id".into(), id),
            date_series("date", &date),
            Column::new("kind".into(), kind),
            datetime_series("start", &start),
            datetime_series("end", &end),
            Column::new("paid".into(), paid),
        ],
    )
}

/// The per-agent summary: `agent_id`, `contract`, `paid_minutes`, `days`, `weekends`,
/// `nights`, `requests_granted`, `requests_refused`, `starts_off_preference`, `request_cost`
/// (refused requests and missed start preferences), and the fairness view:
/// `weekends_vs_contract` and `nights_vs_contract`, the agent's count less the mean of the
/// agents on the same contract.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn roster_summary_to_frame(r: &Roster) -> Result<DataFrame, IoError> {
    let s = &r.summary;
    let mut mean: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    for x in s {
        let m = mean.entry(x.contract.as_str()).or_default();
        m.0 += x.weekends as f64;
        m.1 += x.nights as f64;
        m.2 += 1.0;
    }
    let vs = |f: fn(&crate::roster::AgentSummary) -> u32, pick: fn(&(f64, f64, f64)) -> f64| -> Vec<f64> {
        s.iter()
            .map(|x| {
                let m = &mean[x.contract.as_str()];
                f(x) as f64 - pick(m) / m.2
            })
            .collect()
    };
    frame(
        "roster summary",
        vec![
            Column::new(
                "agent_id".into(),
                s.iter().map(|x| x.agent_id.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "contract".into(),
                s.iter().map(|x| x.contract.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "paid_minutes".into(),
                s.iter().map(|x| x.paid_minutes).collect::<Vec<u32>>(),
            ),
            Column::new("days".into(), s.iter().map(|x| x.days).collect::<Vec<u32>>()),
            Column::new("weekends".into(), s.iter().map(|x| x.weekends).collect::<Vec<u32>>()),
            Column::new("nights".into(), s.iter().map(|x| x.nights).collect::<Vec<u32>>()),
            Column::new(
                "requests_granted".into(),
                s.iter().map(|x| x.requests_granted).collect::<Vec<u32>>(),
            ),
            Column::new(
                "requests_refused".into(),
                s.iter().map(|x| x.requests_refused).collect::<Vec<u32>>(),
            ),
            Column::new(
                "starts_off_preference".into(),
                s.iter().map(|x| x.starts_off_preference).collect::<Vec<u32>>(),
            ),
            Column::new(
                "request_cost".into(),
                s.iter().map(|x| x.request_cost).collect::<Vec<f64>>(),
            ),
            Column::new("weekends_vs_contract".into(), vs(|x| x.weekends, |m| m.0)),
            Column::new("nights_vs_contract".into(), vs(|x| x.nights, |m| m.1)),
        ],
    )
}

/// The roster's cover per interval: `interval_start`, `required`, `scheduled`, `short`,
/// `over`; when `requirements` (the frame rostered, row for row) has `volume` and `aht_s`, also
/// `net_agents`, the projected Erlang C `service_level` and `asa_s` of the rostered agents net
/// of `shrinkage`, as for a plan. An empty frame for a per-shift roster.
///
/// # Errors
///
/// [`IoError`] for bad `volume`/`aht_s` values, [`crate::staffing::StaffingError`] for a bad
/// threshold or shrinkage.
pub fn roster_coverage_to_frame(
    r: &Roster,
    requirements: Option<&DataFrame>,
    answer_within_s: f64,
    shrinkage: f64,
) -> crate::Result<DataFrame> {
    let Some(c) = &r.coverage else {
        return Ok(DataFrame::empty());
    };
    let mut df = coverage_frame(c)?;
    let Some(req) = requirements.filter(|d| has_column(d, VOLUME) && has_column(d, AHT_S)) else {
        return Ok(df);
    };
    let volume = f64_column(req, VOLUME, "volume", false)?;
    let aht = f64_column(req, AHT_S, "aht_s", false)?;
    let p = crate::evaluation::project_service(
        &c.scheduled,
        &volume,
        &aht,
        c.interval_s as f64,
        answer_within_s,
        shrinkage,
    )?;
    for col in [
        Column::new(
            "net_agents".into(),
            p.iter().map(|x| x.net_agents).collect::<Vec<u32>>(),
        ),
        Column::new(
            "service_level".into(),
            p.iter().map(|x| x.service_level).collect::<Vec<f64>>(),
        ),
        Column::new("asa_s".into(), p.iter().map(|x| x.asa_s).collect::<Vec<f64>>()),
    ] {
        df.with_column(col).map_err(|e| parse_err("roster coverage", e))?;
    }
    Ok(df)
}

fn coverage_frame(c: &Coverage) -> Result<DataFrame, IoError> {
    frame(
        "roster coverage",
        vec![
            datetime_series(INTERVAL_START, &c.timestamps),
            Column::new("required".into(), c.required.clone()),
            Column::new("scheduled".into(), c.scheduled.clone()),
            Column::new("short".into(), c.short.clone()),
            Column::new("over".into(), c.over.clone()),
        ],
    )
}

/// The multi-queue form's cover per queue: `queue`, `interval_start`, `required`, `served`
/// (agents' time given to the queue: fractions of agents with several skills), `short`,
/// `over`; queue after queue. An empty frame for a single queue.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn roster_queue_coverage_to_frame(r: &Roster) -> Result<DataFrame, IoError> {
    roster_queue_coverage_with_evaluation(r, None)
}

/// [`roster_queue_coverage_to_frame`] with each queue's evaluation (one per
/// [`Roster::queue_coverage`], in its order, one row per interval of the roster's grid): three
/// more columns, `net_agents`, the projected `service_level` and `asa_s` of the agents serving
/// the queue.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns, or the evaluations do not match the queues.
pub fn roster_queue_coverage_with_evaluation(
    r: &Roster,
    evaluations: Option<&[crate::evaluation::Evaluation]>,
) -> Result<DataFrame, IoError> {
    let (Some(c), false) = (&r.coverage, r.queue_coverage.is_empty()) else {
        return Ok(DataFrame::empty());
    };
    let n = c.timestamps.len();
    if let Some(e) = evaluations {
        if e.len() != r.queue_coverage.len() || e.iter().any(|x| x.service.len() != n) {
            return Err(IoError::Parse {
                what: "roster queue coverage".into(),
                reason: "one evaluation per queue, one row per interval, is needed".into(),
            });
        }
    }
    let mut queue = Vec::new();
    let mut times = Vec::new();
    let (mut required, mut served, mut short, mut over) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for q in &r.queue_coverage {
        queue.extend(std::iter::repeat_n(q.queue.as_str(), n));
        times.extend_from_slice(&c.timestamps);
        required.extend_from_slice(&q.required);
        served.extend_from_slice(&q.served);
        short.extend_from_slice(&q.short);
        over.extend_from_slice(&q.over);
    }
    let mut columns = vec![
        Column::new("queue".into(), queue),
        datetime_series(INTERVAL_START, &times),
        Column::new("required".into(), required),
        Column::new("served".into(), served),
        Column::new("short".into(), short),
        Column::new("over".into(), over),
    ];
    if let Some(e) = evaluations {
        let all = || e.iter().flat_map(|x| x.service.iter());
        columns.push(Column::new(
            "net_agents".into(),
            all().map(|s| s.net_agents).collect::<Vec<u32>>(),
        ));
        columns.push(Column::new(
            "service_level".into(),
            all().map(|s| s.service_level).collect::<Vec<f64>>(),
        ));
        columns.push(Column::new(
            "asa_s".into(),
            all().map(|s| s.asa_s).collect::<Vec<f64>>(),
        ));
    }
    frame("roster queue coverage", columns)
}

/// The per-shift form's cover: `date`, `shift`, `required`, `scheduled`.
///
/// # Errors
///
/// [`IoError::Parse`] if polars rejects the columns.
pub fn roster_shift_coverage_to_frame(r: &Roster) -> Result<DataFrame, IoError> {
    let s = &r.shift_coverage;
    frame(
        "roster shift coverage",
        vec![
            date_series("date", &s.iter().map(|x| x.date).collect::<Vec<_>>()),
            Column::new("shift".into(), s.iter().map(|x| x.shift.as_str()).collect::<Vec<_>>()),
            Column::new("required".into(), s.iter().map(|x| x.required).collect::<Vec<u32>>()),
            Column::new("scheduled".into(), s.iter().map(|x| x.scheduled).collect::<Vec<u32>>()),
        ],
    )
}
