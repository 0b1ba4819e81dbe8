//! The weekly average on real data with absent days: absent days are gaps, never "the next row".
//! Expected values are computed here straight from the CSV text, by date arithmetic.

#![cfg(feature = "io")]

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use wfmkit::forecast::{forecast, ForecastOptions};
use wfmkit::io::{read_history, HistoryColumns};

const BANK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bank_calls_2003/bank_calls_5min.csv");

fn columns() -> HistoryColumns {
    HistoryColumns {
        interval_start: "timestamp".into(),
        volume: "calls".into(),
        aht_s: None,
        handled: None,
        queue: None,
    }
}

fn csv_values() -> HashMap<NaiveDateTime, f64> {
    std::fs::read_to_string(BANK)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (t, v) = l.split_once(',').unwrap();
            (
                NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").unwrap(),
                v.parse().unwrap(),
            )
        })
        .collect()
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

/// US bank 2003: 2003-04-04 (Fri) and 2003-04-07 (Mon) are absent. A forecast from Tuesday
/// 2003-04-08 with k = 4 must average the three Mondays and Fridays that exist, at their real
/// dates. Tolerance 1e-9 (means of integers).
#[test]
fn absent_days_are_gaps_not_the_next_row() {
    let history = read_history(BANK.as_ref(), None, &columns(), None).unwrap();
    assert_eq!(history.interval_s(), 300);
    let start = NaiveDate::from_ymd_opt(2003, 4, 8).unwrap();
    let opts = ForecastOptions {
        model: wfmkit::forecast::ForecastModel::WeeklyAverage,
        k_weeks: 4,
        start: Some(start),
        aht_s: Some(300.0),
        ..Default::default()
    };
    let f = forecast(&history, &opts).unwrap();
    let csv = csv_values();
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    for (target, candidates) in [
        (d(2003, 4, 14), vec![d(2003, 3, 31), d(2003, 3, 24), d(2003, 3, 17)]), // Mon; 04-07 absent
        (d(2003, 4, 11), vec![d(2003, 3, 28), d(2003, 3, 21), d(2003, 3, 14)]), // Fri; 04-04 absent
        (
            d(2003, 4, 9),
            vec![d(2003, 4, 2), d(2003, 3, 26), d(2003, 3, 19), d(2003, 3, 12)],
        ), // Wed
    ] {
        for (h, m) in [(7, 0), (10, 30), (21, 0)] {
            let expected = candidates.iter().map(|c| csv[&at(*c, h, m)]).sum::<f64>() / candidates.len() as f64;
            let i = f.timestamps.iter().position(|t| *t == at(target, h, m)).unwrap();
            assert!(
                (f.volume[i] - expected).abs() < 1e-9,
                "{target} {h}:{m}: {} vs {expected}",
                f.volume[i]
            );
        }
    }
    // The bank is closed on weekends (no rows): Saturday is forecast as zero.
    let sat = f
        .timestamps
        .iter()
        .position(|t| *t == at(d(2003, 4, 12), 10, 0))
        .unwrap();
    assert_eq!(f.volume[sat], 0.0);
}

/// Seasonal naive repeats the last observed week; k-week average with k = 1 is the same model.
#[test]
fn seasonal_naive_is_last_week() {
    let history = read_history(BANK.as_ref(), None, &columns(), None).unwrap();
    let start = NaiveDate::from_ymd_opt(2003, 6, 2).unwrap();
    let opts = ForecastOptions {
        model: wfmkit::forecast::ForecastModel::SeasonalNaive,
        start: Some(start),
        horizon_days: 14,
        aht_s: Some(300.0),
        ..Default::default()
    };
    let f = forecast(&history, &opts).unwrap();
    let csv = csv_values();
    for (i, t) in f.timestamps.iter().enumerate() {
        // Lead of 0-6 days: one week back; 7-13 days: two weeks back.
        let weeks = 1 + (*t - at(start, 0, 0)).num_days() / 7;
        let expected = csv.get(&(*t - Duration::weeks(weeks))).copied().unwrap_or(0.0);
        assert_eq!(f.volume[i], expected, "{t}");
    }
    assert_eq!(f.model, "seasonal_naive");
}

#[test]
fn bands_contain_the_mean_and_widen_with_level() {
    let history = read_history(BANK.as_ref(), None, &columns(), None).unwrap();
    let opts = ForecastOptions {
        levels: vec![50.0, 80.0, 95.0],
        aht_s: Some(300.0),
        ..Default::default()
    };
    let f = forecast(&history, &opts).unwrap();
    for i in 0..f.len() {
        let mut prev = (f.volume[i], f.volume[i]);
        for b in &f.bands {
            assert!(b.lo[i] <= prev.0 && b.hi[i] >= prev.1 && b.lo[i] >= 0.0);
            prev = (b.lo[i], b.hi[i]);
        }
    }
}

#[test]
fn too_little_history_says_how_much_is_needed() {
    let history = read_history(BANK.as_ref(), None, &columns(), None).unwrap();
    let opts = ForecastOptions {
        start: NaiveDate::from_ymd_opt(2003, 3, 6),
        aht_s: Some(300.0),
        ..Default::default()
    };
    let err = forecast(&history, &opts).unwrap_err();
    assert!(err.to_string().contains("at least 7 days"), "{err}");
}

/// A history with no AHT column and no `aht_s` option forecasts volume only (issue 13): the
/// volumes are those of the same forecast with an AHT option (exact: AHT does not enter the
/// volume models), `aht_s` is NaN, and staffing from it fails with `NoAht` naming interval 0.
#[test]
fn volume_only_forecast_and_staffing_says_it_needs_aht() {
    let history = read_history(BANK.as_ref(), None, &columns(), None).unwrap();
    let volume_only = forecast(&history, &ForecastOptions::default()).unwrap();
    let with_aht = forecast(
        &history,
        &ForecastOptions {
            aht_s: Some(300.0),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(volume_only.volume, with_aht.volume);
    assert!(volume_only.aht_s.iter().all(|a| a.is_nan()));
    let err =
        wfmkit::requirements::requirements(&volume_only, &wfmkit::staffing::StaffingOptions::default()).unwrap_err();
    assert!(
        matches!(err, wfmkit::staffing::StaffingError::NoAht { index: 0 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("volume-only"), "{err}");
}
