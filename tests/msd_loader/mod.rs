//! Loader of the Minimum Shift Design benchmark (`data/msd_dbai_dzn/`, MiniZinc `.dzn` data) for
//! the tests and `benches/msd.rs`. The benchmark format is not part of the library's API.
//!
//! The published objective (Musliu, Schaerf & Slany, EJOR 2004; Di Gaspero et al., Annals of OR
//! 2007; Kletzander & Musliu, CPAIOR 2019) is 1 per agent-minute under and over and the slot length
//! per distinct shift (a start time of day and a length used on any day), on a cyclic week; the
//! duties-per-week term is ignored as in the literature.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use wfmkit::schedule::{CoverRequirement, Plan, ScheduleOptions, ShiftTemplate};

/// One MSD instance.
pub struct Instance {
    pub name: String,
    /// Slot length in minutes.
    pub slot_min: u32,
    /// Required staff per slot, Monday 00:00 first.
    pub demand: Vec<u32>,
    /// Per shift type: earliest and latest start, min and max length, in slots.
    pub types: Vec<(u32, u32, u32, u32)>,
}

/// The repository's `data/msd_dbai_dzn` folder.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join("msd_dbai_dzn")
}

/// The path of `RandomExample<k>.dzn`.
pub fn path_of(k: u32) -> PathBuf {
    let set = match k {
        1..=5 => "DataSet1",
        26..=30 => "DataSet2",
        _ => "DataSet3",
    };
    data_dir().join(set).join(format!("RandomExample{k}.dzn"))
}

fn ints(v: &str) -> Vec<u32> {
    v.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().expect("integer in .dzn list"))
        .collect()
}

/// Parses a `.dzn` file.
pub fn load(path: &Path) -> Instance {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut kv = BTreeMap::new();
    for stmt in text.split(';') {
        if let Some((k, v)) = stmt.split_once('=') {
            kv.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let get = |k: &str| {
        kv.get(k)
            .unwrap_or_else(|| panic!("{}: no `{k}`", path.display()))
            .clone()
    };
    let slot_min: u32 = get("interval").parse().unwrap();
    let days: u32 = get("days").parse().unwrap();
    let demand = ints(&get("demand"));
    assert_eq!(
        demand.len() as u32,
        days * 24 * 60 / slot_min,
        "{}: demand length",
        path.display()
    );
    let (a, b, c, d) = (
        ints(&get("minStart")),
        ints(&get("maxStart")),
        ints(&get("minLength")),
        ints(&get("maxLength")),
    );
    let types = (0..a.len()).map(|i| (a[i], b[i], c[i], d[i])).collect();
    Instance {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        slot_min,
        demand,
        types,
    }
}

/// Monday 1 January 2024, 00:00.
pub fn monday() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

impl Instance {
    /// The requirement: one value per slot over the week.
    pub fn requirement(&self) -> CoverRequirement {
        CoverRequirement::regular(
            monday(),
            self.slot_min * 60,
            self.demand.iter().map(|&d| d as f64).collect(),
        )
        .unwrap()
    }

    /// Templates M, D, A, N (unpaid: the MSD objective has no paid-time term) and the published
    /// weights, on a cyclic week.
    pub fn options(&self) -> ScheduleOptions {
        let names = ["M", "D", "A", "N", "E", "F", "G", "H"];
        let templates = self
            .types
            .iter()
            .enumerate()
            .map(|(i, &(s0, s1, l0, l1))| {
                let hhmm = |slots: u32| {
                    let m = slots * self.slot_min;
                    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
                };
                ShiftTemplate {
                    name: names[i].to_string(),
                    earliest_start: hhmm(s0),
                    latest_start: hhmm(s1),
                    start_step_min: Some(self.slot_min),
                    min_length_min: l0 * self.slot_min,
                    max_length_min: l1 * self.slot_min,
                    length_step_min: Some(self.slot_min),
                    days: None,
                    cost_per_min: 0.0,
                    max_per_day: None,
                    breaks: vec![],
                }
            })
            .collect();
        ScheduleOptions::default()
            .templates(templates)
            .under_cost(1.0)
            .over_cost(1.0)
            .pattern_cost(self.slot_min as f64)
            .cyclic(true)
    }

    /// The MSD objective recomputed from the plan's shifts alone: coverage on the cyclic week,
    /// minutes of shortage and excess, and the slot length per distinct (start time, length).
    pub fn objective_of(&self, plan: &Plan) -> u64 {
        let n = self.demand.len();
        let mut on = vec![0i64; n];
        let mut patterns = BTreeSet::new();
        for s in &plan.shifts {
            assert_eq!(s.length_min % self.slot_min, 0);
            let first = ((s.start - monday()).num_minutes() / self.slot_min as i64) as usize;
            let len = (s.length_min / self.slot_min) as usize;
            for k in first..first + len {
                on[k % n] += s.count as i64;
            }
            patterns.insert((s.start.time(), s.length_min));
        }
        let dev: i64 = on.iter().zip(&self.demand).map(|(&a, &d)| (a - d as i64).abs()).sum();
        dev as u64 * self.slot_min as u64 + patterns.len() as u64 * self.slot_min as u64
    }

    /// Checks that every shift in the plan is allowed by one of the instance's shift types.
    pub fn check_shifts(&self, plan: &Plan) {
        for s in &plan.shifts {
            let start_min = s.start.time().signed_duration_since(NaiveTime::MIN).num_minutes() as u32;
            let ok = self.types.iter().any(|&(s0, s1, l0, l1)| {
                let sm = self.slot_min;
                (s0 * sm..=s1 * sm).contains(&start_min)
                    && start_min.is_multiple_of(sm)
                    && (l0 * sm..=l1 * sm).contains(&s.length_min)
            });
            assert!(ok, "{}: shift {s:?} is not allowed by any shift type", self.name);
        }
    }
}
