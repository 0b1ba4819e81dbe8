//! Minimum Shift Design benchmark: all 15 DBAI random instances in `data/msd_dbai_dzn/`, each
//! solved once on one HiGHS thread with a 60 s limit (override with `MSD_TIME_LIMIT_S`). Prints
//! the objective recomputed from the returned shifts, the best bound, the gap, the seconds and the
//! published optimum where known.
//!
//! Run: `cargo bench --features cli --bench msd` (add instance numbers to run a subset, e.g.
//! `cargo bench --features cli --bench msd -- 21 27`).

#[path = "../tests/msd_loader/mod.rs"]
mod msd;

use wfmkit::schedule::schedule;

/// (instance, proven optimum when known: the table in data/msd_dbai_dzn/README.md).
const INSTANCES: [(u32, Option<u64>); 15] = [
    (1, Some(480)),
    (2, Some(300)),
    (3, Some(600)),
    (4, Some(450)),
    (5, Some(480)),
    (26, Some(1020)),
    (27, None),
    (28, None),
    (29, Some(1140)),
    (30, Some(1020)),
    (21, None),
    (22, None),
    (23, Some(8280)),
    (24, Some(10260)),
    (25, Some(13020)),
];

fn main() {
    let limit: f64 = std::env::var("MSD_TIME_LIMIT_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let wanted: Vec<u32> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    println!("instance          slot  objective      bound    gap    seconds  status      optimum  verdict");
    let (mut proven, mut total) = (0, 0);
    for (k, opt) in INSTANCES {
        if !wanted.is_empty() && !wanted.contains(&k) {
            continue;
        }
        let inst = msd::load(&msd::path_of(k));
        let req = inst.requirement();
        let opts = inst.options().time_limit_s(limit).threads(1);
        total += 1;
        match schedule(&req, &opts) {
            Ok(plan) => {
                inst.check_shifts(&plan);
                let obj = inst.objective_of(&plan);
                let gap = (obj as f64 - plan.bound).max(0.0) / (obj as f64).max(1e-9);
                let verdict = match opt {
                    Some(o) if obj == o && gap < 1e-9 => "optimal = published",
                    Some(o) if obj == o => "published value, not proven",
                    Some(_) => "ABOVE published optimum",
                    None if gap < 1e-9 => "proven optimal",
                    None => "not proven",
                };
                if gap < 1e-9 {
                    proven += 1;
                }
                println!(
                    "{:<16} {:>5} {:>10} {:>10.1} {:>6.4} {:>10.2}  {:<11} {:>8}  {}",
                    inst.name,
                    inst.slot_min,
                    obj,
                    plan.bound,
                    gap,
                    plan.seconds,
                    plan.status.name(),
                    opt.map_or("?".to_string(), |o| o.to_string()),
                    verdict
                );
            }
            Err(e) => println!("{:<16} {:>5}  error: {e}", inst.name, inst.slot_min),
        }
    }
    println!("{proven} of {total} proven optimal within {limit} s each on one thread");
}
