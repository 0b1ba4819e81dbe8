//! Curtois & Qu employee shift scheduling benchmark: instances of
//! `data/curtois_shift_scheduling/`, each rostered once on one HiGHS thread with a 60 s limit
//! (override with `CURTOIS_TIME_LIMIT_S`), then `CURTOIS_LNS_S` seconds (default 0) of
//! large-neighbourhood search when the MILP stops without proving optimality;
//! `CURTOIS_METHOD=price_and_branch` solves by column generation instead of the compact MILP. Prints the objective recomputed from the returned
//! roster by the loader's own reading of the instance (never the solver's), the bound, the gap,
//! the seconds and the best known objective (proven optimal where marked).
//!
//! Run: `cargo bench --features cli --bench curtois` (instance numbers run a subset, e.g.
//! `cargo bench --features cli --bench curtois -- 1 4 8`; the default is 1–12).

#[path = "../tests/curtois_loader/mod.rs"]
mod curtois_loader;

use std::time::Instant;
use wfmkit::roster::{roster, RosterMethod, RosterOptions};

fn main() {
    let limit: f64 = std::env::var("CURTOIS_TIME_LIMIT_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let lns: f64 = std::env::var("CURTOIS_LNS_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0);
    let method = match std::env::var("CURTOIS_METHOD").as_deref() {
        Ok("price_and_branch") => RosterMethod::PriceAndBranch,
        _ => RosterMethod::Compact,
    };
    let mut wanted: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .filter(|k| (1..=24).contains(k))
        .collect();
    if wanted.is_empty() {
        wanted = (1..=12).collect();
    }
    println!("instance  objective      bound     gap   seconds  status          best known  verdict");
    for k in wanted {
        let problem = curtois_loader::load(k);
        let (_, best, proven) = curtois_loader::BEST_KNOWN[k as usize - 1];
        let options = RosterOptions::default()
            .time_limit_s(limit)
            .threads(1)
            .lns_time_s(lns)
            .method(method);
        let t = Instant::now();
        let result = roster(&problem, &options);
        let secs = t.elapsed().as_secs_f64();
        let mark = if proven { "*" } else { " " };
        match result {
            Ok(r) => {
                let rows = curtois_loader::rows(&problem, &r);
                let obj = curtois_loader::objective(k, &rows);
                let verdict = if (obj - best).abs() < 1e-6 {
                    "at best"
                } else if obj < best {
                    "BELOW best"
                } else {
                    "above"
                };
                println!(
                    "{k:>8} {obj:>10.0} {:>10.1} {:>6.1}% {secs:>9.1}  {:<14} {best:>10.0}{mark} {verdict}",
                    r.bound,
                    100.0 * r.gap,
                    format!("{:?}", r.status),
                );
            }
            Err(e) => println!("{k:>8} error after {secs:.1} s: {e}"),
        }
    }
    println!("* proven optimal (data/curtois_shift_scheduling/README.md)");
}
