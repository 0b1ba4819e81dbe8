//! The `--external` adapter of the rolling-origin benchmark script (`forecast_bench.py`, kept
//! outside this repository): scores wfmkit by the benchmark's own protocol, described in
//! `benches/forecast_results.md`.
//!
//! ```text
//! forecast_external [--model=NAME] TRAIN.csv H M_DAY M_WEEK OUT.csv
//! ```
//!
//! TRAIN.csv has `timestamp,y` on the benchmark's operating grid (its gaps already filled). The
//! adapter fits `NAME` (default `auto`) on it, forecasts whole days and writes the next `H`
//! operating-grid rows (the time-of-day slots and weekdays that occur in TRAIN.csv) as
//! `mean,lo80,hi80,lo95,hi95`.
//!
//! Build: `cargo build --release --locked --features cli --example forecast_external`.

use std::collections::BTreeSet;
use std::error::Error;
use std::io::Write;

use chrono::{Datelike, NaiveDateTime, Timelike};
use wfmkit::forecast::{ForecastModel, ForecastOptions, Forecaster, History};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().collect();
    let mut model = ForecastModel::Auto;
    if let Some(m) = args.get(1).and_then(|a| a.strip_prefix("--model=")) {
        model = serde_json::from_str(&format!("\"{m}\""))?;
        args.remove(1);
    }
    if args.len() < 6 {
        return Err("usage: forecast_external [--model=NAME] TRAIN.csv H M_DAY M_WEEK OUT.csv".into());
    }
    let h: usize = args[2].parse()?;
    let text = std::fs::read_to_string(&args[1])?;
    let (mut ts, mut y) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let (t, v) = line.split_once(',').ok_or("bad line")?;
        let t = t.replace('T', " ");
        let t = NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S")?;
        ts.push(t);
        y.push(if v.is_empty() { 0.0 } else { v.parse::<f64>()? });
    }
    let tods: BTreeSet<u32> = ts.iter().map(|t| t.num_seconds_from_midnight()).collect();
    let dows: BTreeSet<u32> = ts.iter().map(|t| t.weekday().num_days_from_monday()).collect();
    let interval = interval_of(&tods);
    let history = History::try_new(interval, ts.clone(), y)?;
    let days = (h / (tods.len() * dows.len()) + 2) * 7;
    let opts = ForecastOptions {
        model,
        horizon_days: days as u32,
        aht_s: Some(1.0),
        ..Default::default()
    };
    let f = Forecaster::new(&opts)?
        .fit(&history)?
        .predict(days as u32, &[80.0, 95.0])?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[5])?);
    writeln!(out, "mean,lo80,hi80,lo95,hi95")?;
    let mut written = 0;
    for (i, t) in f.timestamps.iter().enumerate() {
        if written == h {
            break;
        }
        if tods.contains(&t.num_seconds_from_midnight()) && dows.contains(&t.weekday().num_days_from_monday()) {
            let b = &f.bands;
            writeln!(
                out,
                "{},{},{},{},{}",
                f.volume[i], b[0].lo[i], b[0].hi[i], b[1].lo[i], b[1].hi[i]
            )?;
            written += 1;
        }
    }
    Ok(())
}

/// The greatest common divisor of the times of day (and of a day), in seconds.
fn interval_of(tods: &BTreeSet<u32>) -> u32 {
    fn gcd(a: u32, b: u32) -> u32 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    tods.iter().fold(86_400, |g, t| gcd(g, *t))
}
