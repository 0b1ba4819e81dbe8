//! Criterion bench: one day of 15-minute requirements (a smooth two-peak profile, 96 slots) with
//! two templates, solved to optimality on one thread. Workloads: no breaks; three break rules on
//! the full-time template and one on the part-time (implicit placement); and pattern costs
//! without breaks. Model building and solving are timed together (that is what a user waits
//! for); the requirement and options are built outside the timing.

use chrono::{NaiveDate, NaiveTime};
use criterion::{criterion_group, criterion_main, Criterion};
use wfmkit::schedule::{schedule, BreakRule, CoverRequirement, ScheduleOptions, ShiftTemplate};

fn requirement() -> CoverRequirement {
    let t0 = NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let need: Vec<f64> = (0..96)
        .map(|i| {
            let h = i as f64 / 4.0;
            let bump = |c: f64, w: f64| (-((h - c) / w).powi(2)).exp();
            if (7.0..21.0).contains(&h) {
                (2.0 + 14.0 * bump(11.0, 2.0) + 10.0 * bump(16.5, 2.5)).round()
            } else {
                0.0
            }
        })
        .collect();
    CoverRequirement::regular(t0, 900, need).unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn templates(breaks: bool) -> Vec<ShiftTemplate> {
    let b = |v: Vec<BreakRule>| if breaks { v } else { vec![] };
    vec![
        ShiftTemplate {
            name: "full".into(),
            earliest_start: hm(6, 0),
            latest_start: hm(13, 0),
            start_step_min: Some(30),
            min_length_min: 510,
            max_length_min: 510,
            length_step_min: None,
            days: None,
            cost_per_min: 1.0,
            max_per_day: None,
            breaks: b(vec![
                BreakRule::new(15, 90, 150, true),
                BreakRule::new(30, 210, 300, false).named("lunch"),
                BreakRule::new(15, 360, 420, true),
            ]),
        },
        ShiftTemplate {
            name: "part".into(),
            earliest_start: hm(7, 0),
            latest_start: hm(17, 0),
            start_step_min: Some(30),
            min_length_min: 240,
            max_length_min: 300,
            length_step_min: Some(60),
            days: None,
            cost_per_min: 1.1,
            max_per_day: None,
            breaks: b(vec![BreakRule::new(15, 90, 150, true)]),
        },
    ]
}

fn bench(c: &mut Criterion) {
    let req = requirement();
    let mut g = c.benchmark_group("schedule_day_15min");
    g.sample_size(10);
    for (name, opts) in [
        ("no_breaks", ScheduleOptions::default().templates(templates(false))),
        ("breaks_implicit", ScheduleOptions::default().templates(templates(true))),
        (
            "pattern_cost_no_breaks",
            ScheduleOptions::default()
                .templates(templates(false))
                .pattern_cost(120.0),
        ),
    ] {
        g.bench_function(name, |b| b.iter(|| schedule(&req, &opts).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
