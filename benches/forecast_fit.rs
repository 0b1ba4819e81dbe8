//! Fit + forecast time of one 30-minute series of 34 weeks (the US bank 2003 series summed from
//! 5 to 30 minutes): the speed goal (`benches/forecast_results.md`, Goals) is ≤ 0.1 s CPU per
//! fit and forecast on one core.
//! Reading and aggregating the CSV is setup, outside the timing.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, Timelike};
use criterion::{criterion_group, criterion_main, Criterion};
use wfmkit::forecast::{backtest, BacktestOptions, ForecastModel, ForecastOptions, Forecaster, History};

fn bank_30min() -> History {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bank_calls_2003/bank_calls_5min.csv");
    let text = std::fs::read_to_string(path).expect("bank csv");
    let mut sums: BTreeMap<NaiveDateTime, f64> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let (t, v) = line.split_once(',').expect("line");
        let t = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").expect("timestamp");
        let b = t.with_minute(t.minute() / 30 * 30).expect("bucket");
        *sums.entry(b).or_default() += v.parse::<f64>().expect("value");
    }
    let (ts, vol): (Vec<_>, Vec<_>) = sums.into_iter().unzip();
    History::try_new(1800, ts, vol).expect("history")
}

fn bench(c: &mut Criterion) {
    let h = bank_30min();
    let mut g = c.benchmark_group("forecast_bank30_34weeks");
    for model in [
        ForecastModel::Auto,
        ForecastModel::WeeklyAverage,
        ForecastModel::TopDown,
        ForecastModel::ProfileMedian,
        ForecastModel::Combination,
        ForecastModel::Mstl,
        ForecastModel::MstlCombination,
    ] {
        let opts = ForecastOptions {
            model,
            aht_s: Some(300.0),
            ..Default::default()
        };
        g.bench_function(format!("fit_predict_7d/{}", model.name()), |b| {
            b.iter(|| {
                Forecaster::new(&opts)
                    .and_then(|f| f.fit(&h))
                    .and_then(|f| f.predict(7, &[80.0, 95.0]))
                    .expect("forecast")
            })
        });
    }
    let bt = BacktestOptions {
        models: vec![ForecastModel::Auto],
        ..Default::default()
    };
    g.sample_size(10);
    g.bench_function("backtest_8_origins/auto", |b| {
        b.iter(|| backtest(&h, &bt).expect("backtest"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
