//! Speed of the channel models of issue 15: backlog staffing (two LPs through HiGHS) on a week,
//! a month and a year of 15-minute intervals; multi-skill staffing by simulation-based cutting
//! planes on two systems. Prints seconds and the sizes; no assertion (figures go to
//! `benches/README.md`).
//!
//! Run: `cargo bench --bench channels`.

use std::time::Instant;

use wfmkit::simulate::{MultiSkillOptions, MultiSkillSystem};
use wfmkit::staffing::{backlog_staffing, BacklogQueue, DeadlineClock, DeadlineTarget};

fn backlog(days: usize) {
    let n = days * 96;
    // Emails around the clock with a daytime peak; worked 08:00-20:00 on weekdays.
    let arrivals: Vec<f64> = (0..n)
        .map(|t| {
            let h = (t % 96) as f64 / 4.0;
            if (8.0..20.0).contains(&h) {
                6.0 + 4.0 * ((h - 8.0) / 12.0 * std::f64::consts::PI).sin()
            } else {
                1.5
            }
        })
        .collect();
    let open: Vec<bool> = (0..n)
        .map(|t| (t / 96) % 7 < 5 && (32..80).contains(&(t % 96)))
        .collect();
    let q = BacklogQueue::new(
        15,
        300.0,
        vec![
            DeadlineTarget {
                share: 0.9,
                within_minutes: 240,
            },
            DeadlineTarget {
                share: 1.0,
                within_minutes: 480,
            },
        ],
    )
    .with_clock(DeadlineClock::Business);
    let t = Instant::now();
    let p = backlog_staffing(&arrivals, &open, &q).expect("backlog");
    println!(
        "backlog  {days:>4} days ({n:>6} intervals): {:>7.3} s  peak {:.2} agents, within {:.3} / {:.3}",
        t.elapsed().as_secs_f64(),
        p.peak_agents,
        p.within[0],
        p.within[1]
    );
}

fn multi_skill(name: &str, sys: &MultiSkillSystem, cost: &[f64], reps: usize) {
    let t = Instant::now();
    let target = vec![0.8; sys.volume.len()];
    let p = wfmkit::requirements::multi_skill_requirements(
        sys,
        cost,
        &target,
        &MultiSkillOptions {
            replications: reps,
            seed: 1,
        },
        60,
    )
    .expect("multi-skill");
    println!(
        "multi-skill {name}: {:>6.2} s  agents {:?} cost {:.1} (alone {:?} {:.1}, saving {:.1}%), {} iterations, {} simulations of {reps} periods",
        t.elapsed().as_secs_f64(),
        p.staffing.agents,
        p.staffing.cost,
        p.alone.agents,
        p.alone.cost,
        100.0 * p.saving / p.alone.cost,
        p.staffing.iterations,
        p.staffing.evaluations
    );
}

fn main() {
    for days in [7, 28, 364] {
        backlog(days);
    }
    let bilingual = MultiSkillSystem {
        period_s: 36_000.0,
        volume: vec![900.0, 300.0],
        aht_s: vec![360.0, 360.0],
        patience_s: vec![f64::INFINITY; 2],
        skills: vec![vec![0], vec![1], vec![0, 1]],
        routing: vec![],
        answer_within_s: 20.0,
    };
    multi_skill("2 types, 3 groups, 10 h", &bilingual, &[1.0, 1.0, 1.1], 40);
    // Three types (the arrival rates of Pot, Bhulai & Koole's small case, per minute, over a
    // 30-minute period; handle times by type only), six groups: specialists, pairs, all three.
    let three = MultiSkillSystem {
        period_s: 1800.0,
        volume: vec![30.0, 45.0, 60.0],
        aht_s: vec![300.0, 333.0, 375.0],
        patience_s: vec![f64::INFINITY; 3],
        skills: vec![vec![0], vec![1], vec![0, 1], vec![0, 2], vec![1, 2], vec![0, 1, 2]],
        routing: vec![],
        answer_within_s: 20.0,
    };
    multi_skill(
        "3 types, 6 groups, 30 min",
        &three,
        &[1.0, 1.0, 1.1, 1.1, 1.1, 1.2],
        400,
    );
}
