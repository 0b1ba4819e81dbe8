//! Staffing bench: required agents for one year of 15-minute intervals (35,040), offered load
//! evenly spaced from 0 to 500 Erlangs, AHT 300 s, 80% answered within 20 s, 30% shrinkage, one
//! thread. Erlang C, and Erlang A with mean patience 180 s. The same workload is timed against
//! pyworkforce by `benches/staffing_vs_pyworkforce.py`.
//!
//! Run with `cargo bench --features cli --bench staffing` (the release profile; `--features cli`
//! keeps the dependency feature set of the other builds). Options are checked and inputs built
//! outside the timed closure.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use wfmkit::staffing::{StaffingModel, StaffingOptions};

/// One year of 15-minute intervals.
const INTERVALS: usize = 35_040;
const INTERVAL_S: f64 = 900.0;
const AHT_S: f64 = 300.0;
const MAX_LOAD: f64 = 500.0;

/// Volumes whose loads run evenly from 0 to 500 Erlangs, and the AHT of each.
fn workload() -> (Vec<f64>, Vec<f64>) {
    let volume = (0..INTERVALS)
        .map(|i| MAX_LOAD * i as f64 / (INTERVALS - 1) as f64 * INTERVAL_S / AHT_S)
        .collect();
    (volume, vec![AHT_S; INTERVALS])
}

fn options(model: StaffingModel) -> StaffingOptions {
    let opts = StaffingOptions::new(model)
        .with_service_level(0.8, 20.0)
        .with_shrinkage(0.3);
    match model {
        StaffingModel::ErlangA => opts.with_patience_s(180.0),
        _ => opts,
    }
}

fn bench_required_agents(c: &mut Criterion) {
    let (volume, aht) = workload();
    let mut group = c.benchmark_group("required_agents_35040x15min_0to500erl_80in20_shrink30");
    group.sample_size(10);
    for (name, model) in [
        ("erlang_c", StaffingModel::ErlangC),
        ("erlang_a_patience180", StaffingModel::ErlangA),
    ] {
        let checked = match options(model).check() {
            Ok(c) => c,
            Err(e) => panic!("bench options: {e}"),
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = checked.required_agents_batch(black_box(&volume), black_box(&aht), INTERVAL_S);
                black_box(out.map(|v| v.len()))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_required_agents);
criterion_main!(benches);
