//! Nightly-job benchmark: plan one week at 15-minute intervals for 50 queues, each from one year
//! of history, and print wall time and peak memory per stage.
//!
//! Input: the Anonymous Bank 1999 six-minute arrival series (363 days, `data/anon_bank_1999/`)
//! re-binned to 15 minutes (a six-minute slot that straddles a quarter hour is split in
//! proportion), then scaled by a different factor (0.5x to 8x) per queue, so that queues range
//! from a few to about forty agents. AHT is a constant 240 s. Run with
//! `cargo bench --features cli --bench nightly_job`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use chrono::{Duration, NaiveDateTime};
use wfmkit::io::{plan_job, JobConfig, JobEvent, Stage};

const QUEUES: usize = 50;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn rebinned_year() -> Vec<(NaiveDateTime, f64)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/anon_bank_1999/anon_bank_1999_6min.csv"
    );
    let text = std::fs::read_to_string(path).expect("the bundled data");
    let mut bins: BTreeMap<NaiveDateTime, f64> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let (t, v) = line.split_once(',').expect("two columns");
        let t = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").expect("timestamp");
        let v: f64 = v.parse().expect("count");
        // Split the six minutes [t, t+6) over the 15-minute bins it overlaps.
        let mut s = 0;
        while s < 6 {
            let m = t + Duration::minutes(s);
            let start = m - Duration::minutes(m.and_utc().timestamp() / 60 % 15);
            let take = (15 - (m - start).num_minutes()).min(6 - s);
            *bins.entry(start).or_default() += v * take as f64 / 6.0;
            s += take;
        }
    }
    bins.into_iter().collect()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("wfmkit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let year = rebinned_year();
    let mut cfg = String::from(
        "[history]\ninterval_min = 15\n[history.columns]\ninterval_start = \"timestamp\"\nvolume = \"calls\"\n\
         [forecast]\naht_s = 240.0\n[staffing]\nservice_level = 0.8\nanswer_within_s = 20.0\nshrinkage = 0.3\n\
         [schedule]\ntime_limit_s = 60.0\n\
         [[schedule.templates]]\nname = \"full\"\nearliest_start = \"00:00\"\nlatest_start = \"23:30\"\nstart_step_min = 30\nmin_length_min = 480\nmax_length_min = 480\n\
         [[schedule.templates]]\nname = \"part\"\nearliest_start = \"06:00\"\nlatest_start = \"20:00\"\nstart_step_min = 30\nmin_length_min = 240\nmax_length_min = 360\nlength_step_min = 60\n",
    );
    for q in 0..QUEUES {
        let scale = 0.5 + 7.5 * q as f64 / (QUEUES - 1) as f64;
        let mut csv = String::from("timestamp,calls\n");
        for (t, v) in &year {
            csv.push_str(&format!("{},{:.3}\n", t.format("%Y-%m-%dT%H:%M:%S"), v * scale));
        }
        let file = dir.join(format!("q{q:02}.csv"));
        std::fs::write(&file, csv).expect("write input");
        cfg.push_str(&format!("[queues.q{q:02}]\npath = \"{}\"\n", file.display()));
    }
    let cfg_path = dir.join("job.toml");
    std::fs::write(&cfg_path, &cfg).expect("write config");
    let job = JobConfig::load(&cfg_path).expect("config");

    let stage_time: Mutex<BTreeMap<&'static str, (f64, f64)>> = Mutex::default();
    let peaks: Mutex<Vec<(String, f64)>> = Mutex::default();
    let on_event = |ev: JobEvent| match ev {
        JobEvent::Queues(q) => {
            if let Ok(mut p) = peaks.lock() {
                p.push((format!("planning started ({} queues)", q.len()), peak_rss_mib()));
            }
        }
        JobEvent::Finished { stage, seconds, .. } => {
            if let Ok(mut m) = stage_time.lock() {
                let e = m.entry(stage.name()).or_default();
                e.0 += seconds;
                e.1 = e.1.max(seconds);
            }
        }
        _ => {}
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t = Instant::now();
    let outcome = plan_job(
        &job,
        Some(&cfg_path),
        Some(&dir.join("out")),
        Stage::Schedule,
        &on_event,
    )
    .expect("plan");
    let wall = t.elapsed().as_secs_f64();
    println!("nightly job: {QUEUES} queues x 1 year of 15-min history -> 1 week plan each, {cores} worker(s)");
    println!("{:<14} {:>12} {:>12}", "stage", "sum of s", "max queue s");
    if let Ok(m) = stage_time.lock() {
        for (stage, (sum, max)) in m.iter() {
            println!("{stage:<14} {sum:>12.3} {max:>12.3}");
        }
    }
    let m = &outcome.manifest;
    let reads: Vec<f64> = outcome
        .queues
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok().map(|r| r.read_seconds))
        .collect();
    let max_read = reads.iter().cloned().fold(0.0, f64::max);
    println!(
        "{:<14} {:>12.3} {:>12.3}",
        "read inputs",
        reads.iter().sum::<f64>(),
        max_read
    );
    println!("wall time      {wall:.3} s ({:?})", outcome.verdict());
    if let Ok(p) = peaks.lock() {
        for (what, mib) in p.iter() {
            println!("peak RSS after {what}: {mib:.1} MiB");
        }
    }
    println!("peak RSS at the end: {:.1} MiB", peak_rss_mib());
    let gaps: Vec<f64> = m["queues"].as_array().map_or(vec![], |q| {
        q.iter().filter_map(|q| q["solver"]["gap"].as_f64()).collect()
    });
    println!(
        "solver: {} plans, max gap {:.2e}",
        gaps.len(),
        gaps.iter().cloned().fold(0.0, f64::max)
    );
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}
