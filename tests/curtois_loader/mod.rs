//! Loader of the Curtois & Qu employee shift scheduling benchmark
//! (`data/curtois_shift_scheduling/InstanceK.txt`) for the tests and `benches/curtois.rs`. The
//! benchmark format is not part of the library's API.
//!
//! T. Curtois and R. Qu, "Computational results on new staff scheduling benchmark instances",
//! technical report, University of Nottingham, 2014. Objective: refused shift-on and shift-off
//! requests by their weights, plus under- and over-cover per day and shift by their weights;
//! every other rule is hard. Day 0 is a Monday.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveTime};
use wfmkit::roster::{Agent, Contract, Cover, Request, RosterProblem, ShiftCover, ShiftKind};

/// The repository's `data/curtois_shift_scheduling` folder.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join("curtois_shift_scheduling")
}

/// Day 0 of every instance: a Monday.
pub fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

/// The best-known objectives of instances 1–24 (data/curtois_shift_scheduling/README.md, which
/// cites its sources), and whether each is proven optimal there.
pub const BEST_KNOWN: [(u32, f64, bool); 24] = [
    (1, 607.0, true),
    (2, 828.0, true),
    (3, 1001.0, true),
    (4, 1716.0, true),
    (5, 1143.0, false),
    (6, 1950.0, false),
    (7, 1056.0, false),
    (8, 1300.0, true),
    (9, 439.0, true),
    (10, 4631.0, false),
    (11, 3443.0, false),
    (12, 4040.0, false),
    (13, 1348.0, true),
    (14, 1278.0, true),
    (15, 3834.0, false),
    (16, 3225.0, true),
    (17, 5746.0, true),
    (18, 4459.0, true),
    (19, 3149.0, false),
    (20, 4943.0, false),
    (21, 21159.0, false),
    (22, 33155.0, false),
    (23, 17428.0, false),
    (24, 48777.0, false),
];

fn sections(text: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("SECTION_") {
            current = line.to_string();
            out.entry(current.clone()).or_default();
            continue;
        }
        out.entry(current.clone())
            .or_default()
            .push(line.split(',').map(|s| s.trim().to_string()).collect());
    }
    out
}

/// Reads instance `k` as a roster problem: one contract per employee (named after it).
pub fn load(k: u32) -> RosterProblem {
    let path = data_dir().join(format!("Instance{k}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&text)
}

/// Parses an instance's text.
pub fn parse(text: &str) -> RosterProblem {
    let s = sections(text);
    let get = |name: &str| s.get(name).cloned().unwrap_or_default();
    let days: usize = get("SECTION_HORIZON")[0][0].parse().unwrap();
    let start = day0();
    let date = |d: &str| start + Duration::days(d.parse::<i64>().unwrap());
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let shifts: Vec<ShiftKind> = get("SECTION_SHIFTS")
        .iter()
        .map(|r| {
            let mut k = ShiftKind::new(&r[0], midnight, r[1].parse().unwrap());
            k.cannot_follow = r
                .get(2)
                .map(|f| f.split('|').filter(|x| !x.is_empty()).map(String::from).collect())
                .unwrap_or_default();
            k.night = Some(false);
            k
        })
        .collect();
    let mut contracts = Vec::new();
    let mut agents: Vec<Agent> = Vec::new();
    for r in get("SECTION_STAFF") {
        let mut c = Contract::new(&r[0]);
        for part in r[1].split('|').filter(|x| !x.is_empty()) {
            let (shift, max) = part.split_once('=').unwrap();
            c.max_shifts.insert(shift.to_string(), max.parse().unwrap());
        }
        let n = |i: usize| -> Option<u32> { Some(r[i].parse().unwrap()) };
        c.max_minutes = n(2);
        c.min_minutes = n(3);
        c.max_consecutive_days = n(4);
        c.min_consecutive_days = n(5);
        c.min_consecutive_days_off = n(6);
        c.max_weekends = n(7);
        contracts.push(c);
        agents.push(Agent::new(&r[0], &r[0]));
    }
    let index: BTreeMap<String, usize> = agents
        .iter()
        .enumerate()
        .map(|(i, a)| (a.agent_id.clone(), i))
        .collect();
    for r in get("SECTION_DAYS_OFF") {
        let a = index[&r[0]];
        for d in &r[1..] {
            agents[a].days_off.push(date(d));
        }
    }
    for r in get("SECTION_SHIFT_ON_REQUESTS") {
        agents[index[&r[0]]]
            .requests
            .push(Request::shift_on(date(&r[1]), &r[2], r[3].parse().unwrap()));
    }
    for r in get("SECTION_SHIFT_OFF_REQUESTS") {
        agents[index[&r[0]]]
            .requests
            .push(Request::shift_off(date(&r[1]), &r[2], r[3].parse().unwrap()));
    }
    let cover = get("SECTION_COVER")
        .iter()
        .map(|r| ShiftCover {
            date: date(&r[0]),
            shift: r[1].clone(),
            // Some instances (15 on) write a zero requirement as "-0".
            required: r[2].parse::<i64>().unwrap().max(0) as u32,
            under_weight: r[3].parse().unwrap(),
            over_weight: r[4].parse().unwrap(),
        })
        .collect();
    RosterProblem {
        start,
        days,
        shifts,
        cover: Cover::PerShift(cover),
        contracts,
        agents,
    }
}

/// The roster as the benchmark's `employee,day,shift` rows (day 0-based).
pub fn rows(problem: &RosterProblem, roster: &wfmkit::roster::Roster) -> Vec<(String, usize, String)> {
    roster
        .shifts
        .iter()
        .map(|s| {
            (
                s.agent_id.clone(),
                (s.date - problem.start).num_days() as usize,
                s.shift.clone(),
            )
        })
        .collect()
}

/// The benchmark objective recomputed from the roster rows alone (requests and cover), written
/// apart from the library: it reads the instance text again.
pub fn objective(k: u32, rows: &[(String, usize, String)]) -> f64 {
    let text = std::fs::read_to_string(data_dir().join(format!("Instance{k}.txt"))).unwrap();
    let s = sections(&text);
    let get = |name: &str| s.get(name).cloned().unwrap_or_default();
    let on: std::collections::BTreeSet<(String, usize, String)> = rows.iter().cloned().collect();
    let mut total = 0.0;
    for r in get("SECTION_SHIFT_ON_REQUESTS") {
        if !on.contains(&(r[0].clone(), r[1].parse().unwrap(), r[2].clone())) {
            total += r[3].parse::<f64>().unwrap();
        }
    }
    for r in get("SECTION_SHIFT_OFF_REQUESTS") {
        if on.contains(&(r[0].clone(), r[1].parse().unwrap(), r[2].clone())) {
            total += r[3].parse::<f64>().unwrap();
        }
    }
    let mut count: BTreeMap<(usize, String), i64> = BTreeMap::new();
    for (_, d, sh) in rows {
        *count.entry((*d, sh.clone())).or_default() += 1;
    }
    for r in get("SECTION_COVER") {
        let got = count.get(&(r[0].parse().unwrap(), r[1].clone())).copied().unwrap_or(0);
        let need: i64 = r[2].parse().unwrap();
        total += (need - got).max(0) as f64 * r[3].parse::<f64>().unwrap();
        total += (got - need).max(0) as f64 * r[4].parse::<f64>().unwrap();
    }
    total
}
