//! Bad input gets a typed error naming the column and row, the option or the config key.
//! Expected values are the rows deliberately broken in each fixture (row 1 = first data row).

#![cfg(feature = "io")]

mod common;

use std::io::Write;

use polars::prelude::*;
use wfmkit::forecast::ForecastError;
use wfmkit::io::{history_from_frame, read_history, HistoryColumns, IoError, JobConfig};
use wfmkit::Error;

fn frame(ts: &[&str], vol: &[&str]) -> DataFrame {
    df!("interval_start" => ts, "volume" => vol).unwrap()
}

const TS: [&str; 4] = [
    "2024-01-01 09:00",
    "2024-01-01 09:30",
    "2024-01-01 10:00",
    "2024-01-01 10:30",
];

#[test]
fn missing_column_is_named() {
    let df = df!("ts" => TS, "volume" => ["1", "2", "3", "4"]).unwrap();
    let err = history_from_frame(&df, &HistoryColumns::default(), None).unwrap_err();
    match err {
        Error::Io(IoError::MissingColumn { column, available, .. }) => {
            assert_eq!(column, "interval_start");
            assert_eq!(available, vec!["ts".to_string(), "volume".to_string()]);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn non_numeric_volume_names_row() {
    let err = history_from_frame(&frame(&TS, &["1", "2", "lots", "4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(&err, Error::Io(IoError::BadValue { column, row: 3, .. }) if column == "volume"),
        "{err:?}"
    );
    assert!(err.to_string().contains("row 3"), "{err}");
}

#[test]
fn negative_volume_names_row() {
    let err = history_from_frame(&frame(&TS, &["1", "2", "3", "-4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::InvalidValue { column: "volume", row: 4, value }) if value == -4.0),
        "{err:?}"
    );
}

#[test]
fn nan_and_infinite_volume_are_rejected() {
    for bad in ["NaN", "inf"] {
        let err = history_from_frame(&frame(&TS, &["1", bad, "3", "4"]), &HistoryColumns::default(), None).unwrap_err();
        assert!(
            matches!(err, Error::Forecast(ForecastError::InvalidValue { row: 2, .. })),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn duplicate_interval_names_row() {
    let ts = [
        "2024-01-01 09:00",
        "2024-01-01 09:30",
        "2024-01-01 09:30",
        "2024-01-01 10:00",
    ];
    let err = history_from_frame(&frame(&ts, &["1", "2", "3", "4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::DuplicateInterval { row: 3, .. })),
        "{err:?}"
    );
}

#[test]
fn unsorted_interval_names_row() {
    let ts = [
        "2024-01-01 09:00",
        "2024-01-01 10:00",
        "2024-01-01 09:30",
        "2024-01-01 10:30",
    ];
    let err = history_from_frame(&frame(&ts, &["1", "2", "3", "4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::Unsorted { row: 3, .. })),
        "{err:?}"
    );
}

#[test]
fn unparsable_timestamp_names_row() {
    let ts = ["2024-01-01 09:00", "2024-01-01 09:30", "yesterday", "2024-01-01 10:30"];
    let err = history_from_frame(&frame(&ts, &["1", "2", "3", "4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(&err, Error::Io(IoError::BadValue { column, row: 3, .. }) if column == "interval_start"),
        "{err:?}"
    );
}

#[test]
fn interval_that_does_not_divide_a_day() {
    // 7-minute intervals: 1440 / 7 is not whole.
    let ts = [
        "2024-01-01 00:00",
        "2024-01-01 00:07",
        "2024-01-01 00:14",
        "2024-01-01 00:21",
    ];
    let err = history_from_frame(&frame(&ts, &["1", "2", "3", "4"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Forecast(ForecastError::IntervalDoesNotDivideDay { interval_s: 420 })
        ),
        "{err:?}"
    );
    // An explicit interval that the data do not sit on.
    let err = history_from_frame(
        &frame(&TS, &["1", "2", "3", "4"]),
        &HistoryColumns::default(),
        Some(3600),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::OffGrid { row: 2, .. })),
        "{err:?}"
    );
}

#[test]
fn wrong_type_is_named() {
    let df = df!("interval_start" => TS, "volume" => [true, false, true, true]).unwrap();
    let err = history_from_frame(&df, &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(&err, Error::Io(IoError::WrongType { column, .. }) if column == "volume"),
        "{err:?}"
    );
}

#[test]
fn csv_bad_row_is_named() {
    let dir = common::TempDir::new();
    let path = dir.path().join("h.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(
        f,
        "interval_start,volume\n2024-01-01T09:00:00,3\n2024-01-01T09:30:00,x4\n"
    )
    .unwrap();
    let err = read_history(&path, None, &HistoryColumns::default(), None).unwrap_err();
    assert_eq!(err.to_string(), "column `volume`, row 2: not a number (value `x4`)");
}

/// A negative count in a column the config maps (`volume = "handled"`) is named by the file's
/// column, as a value that does not parse is; with the default name the forecast's own error
/// stays (expected strings written out by hand).
#[test]
fn mapped_column_bad_value_names_the_file_column() {
    let dir = common::TempDir::new();
    let path = dir.path().join("h.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(
        f,
        "interval_start,handled\n2024-01-01T09:00:00,3\n2024-01-01T09:30:00,-4\n"
    )
    .unwrap();
    let columns = HistoryColumns {
        volume: "handled".into(),
        ..HistoryColumns::default()
    };
    let err = read_history(&path, None, &columns, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `handled`, row 2: must be finite, >= 0 and at most 1e9 (value `-4`)"
    );
    let path = dir.path().join("v.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(
        f,
        "interval_start,volume\n2024-01-01T09:00:00,3\n2024-01-01T09:30:00,-4\n"
    )
    .unwrap();
    let err = read_history(&path, None, &HistoryColumns::default(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `volume`: row 2 has the invalid value -4 (must be finite, >= 0 and at most 1e9)"
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let err = read_history(
        "/nonexistent/history.csv".as_ref(),
        None,
        &HistoryColumns::default(),
        None,
    )
    .unwrap_err();
    assert!(matches!(&err, Error::Io(IoError::Open { .. })), "{err:?}");
    assert!(err.is_invalid_input());
}

#[test]
fn unknown_config_key_gives_line_and_valid_keys() {
    let text = "queue = \"a\"\n\n[staffing]\nservice_level = 0.8\nshrinkage = 0.3\nshrinkag = 0.2\n";
    let err = JobConfig::from_toml_str(text, "job.toml").unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("job.toml: line 6"), "{msg}");
    assert!(msg.contains("shrinkag") && msg.contains("shrinkage"), "{msg}");
}

/// An unknown time zone is a typed error naming the option `time_zone`, in Rust and in the job
/// config (with its line).
#[test]
fn unknown_time_zone_names_the_option() {
    let err = wfmkit::time::parse_time_zone("Europe/Londn").unwrap_err();
    assert_eq!(
        err,
        wfmkit::time::TimeError::UnknownTimeZone {
            name: "Europe/Londn".into(),
            suggestion: Some("Europe/London".into())
        }
    );
    assert_eq!(
        err.to_string(),
        "option `time_zone` = \"Europe/Londn\" is not an IANA time zone name; did you mean `Europe/London`?"
    );
    let text = "[history]\npath = \"h.csv\"\ntime_zone = \"Mars/Olympus\"\n";
    let msg = JobConfig::from_toml_str(text, "job.toml").unwrap_err().to_string();
    assert!(
        msg.starts_with("job.toml: line 3: option `time_zone` = \"Mars/Olympus\"") && msg.contains("IANA"),
        "{msg}"
    );
    let text = "[queues.a]\ntime_zone = \"europe/london\"\n";
    let msg = JobConfig::from_toml_str(text, "job.toml").unwrap_err().to_string();
    assert!(
        msg.contains("line 2") && msg.contains("did you mean `Europe/London`"),
        "{msg}"
    );
}

/// Naive timestamps in a zone: a repeated local time is accepted only where the clocks repeat it
/// (01:00 to 01:59 on 27 October 2024 in London); any other duplicate is still the duplicate
/// error naming its row, and a time the clocks skip names its row too.
#[test]
fn naive_duplicates_in_a_zone_only_at_ambiguous_times() {
    let london = Some(wfmkit::forecast::Tz::Europe__London);
    let cols = HistoryColumns::default();
    let run = |ts: &[&str]| {
        let vol: Vec<String> = (1..=ts.len()).map(|v| v.to_string()).collect();
        let vol: Vec<&str> = vol.iter().map(String::as_str).collect();
        wfmkit::io::history_from_frame_in_zone(&frame(ts, &vol), &cols, Some(1800), london)
    };
    let ok = run(&[
        "2024-10-27 00:30",
        "2024-10-27 01:00",
        "2024-10-27 01:30",
        "2024-10-27 01:00",
        "2024-10-27 01:30",
        "2024-10-27 02:00",
    ])
    .unwrap();
    assert_eq!(ok.volume(), &[1.0, 3.0, 4.0, 6.0]); // (2 + 4) / 2, (3 + 5) / 2
    let err = run(&[
        "2024-10-27 01:30",
        "2024-10-27 02:00",
        "2024-10-27 02:00",
        "2024-10-27 02:30",
    ])
    .unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::DuplicateInterval { row: 3, .. })),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("row 3 repeats the interval 2024-10-27 02:00:00"),
        "{err}"
    );
    // On a day without a change a duplicate is a duplicate, zone or not.
    let err = run(&["2024-01-01 09:00", "2024-01-01 09:30", "2024-01-01 09:30"]).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::DuplicateInterval { row: 3, .. })),
        "{err:?}"
    );
    // A third 01:00 is one too many.
    let err = run(&["2024-10-27 01:00", "2024-10-27 01:00", "2024-10-27 01:00"]).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::DuplicateInterval { row: 3, .. })),
        "{err:?}"
    );
    let err = run(&["2024-03-31 00:30", "2024-03-31 01:00", "2024-03-31 02:00"]).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::SkippedLocalTime { row: 2, .. })),
        "{err:?}"
    );
}

/// Naive rows in a zone must be in real-time order, row by row against the latest instant so
/// far, not only against the row before. London, 27 October 2024, 30-minute slots: 01:00 and
/// 01:30 happen twice (00:00Z/01:00Z and 00:30Z/01:30Z), 02:00 once (02:00Z). Expected rows by
/// hand from those instants.
#[test]
fn naive_rows_in_a_zone_must_follow_real_time() {
    let london = Some(wfmkit::forecast::Tz::Europe__London);
    let cols = HistoryColumns::default();
    let run = |ts: &[&str]| {
        let vol: Vec<String> = (1..=ts.len()).map(|v| v.to_string()).collect();
        let vol: Vec<&str> = vol.iter().map(String::as_str).collect();
        wfmkit::io::history_from_frame_in_zone(&frame(ts, &vol), &cols, Some(1800), london)
    };
    let t = |hm: &str| format!("2024-10-27 {hm}");
    let rows = |hms: &[&str]| hms.iter().map(|hm| t(hm)).collect::<Vec<_>>();
    // The hour written out twice, then 02:00 twice: row 4 (01:00) can only be 00:00Z or 01:00Z,
    // both before row 3 (02:00Z). Before the fix the two 02:00 rows were averaged.
    let ts = rows(&["01:00", "01:30", "02:00", "01:00", "01:30", "02:00"]);
    let err = run(&ts.iter().map(String::as_str).collect::<Vec<_>>()).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::Unsorted { row: 4, .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("row 4 (2024-10-27 01:00:00)"), "{err}");
    // 01:30 after 03:00 (03:00Z) is earlier in real time whichever offset it takes.
    let ts = rows(&["01:00", "03:00", "01:30", "02:00"]);
    let err = run(&ts.iter().map(String::as_str).collect::<Vec<_>>()).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::Unsorted { row: 3, .. })),
        "{err:?}"
    );
    // 02:00 after the whole repeated hour is a duplicate when given twice in a row.
    let ts = rows(&["01:00", "01:30", "01:00", "01:30", "02:00", "02:00"]);
    let err = run(&ts.iter().map(String::as_str).collect::<Vec<_>>()).unwrap_err();
    assert!(
        matches!(err, Error::Forecast(ForecastError::DuplicateInterval { row: 6, .. })),
        "{err:?}"
    );
    // The chronological export is still accepted: volumes 1..5, merged (1 + 3) / 2 = 2,
    // (2 + 4) / 2 = 3, then 5 (exact).
    let ts = rows(&["01:00", "01:30", "01:00", "01:30", "02:00"]);
    let h = run(&ts.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
    assert_eq!(h.volume(), &[2.0, 3.0, 5.0]);
}

/// Timestamps with UTC offsets need a zone (offsets do not name one); mixing rows with and
/// without an offset names the row.
#[test]
fn offsets_need_a_time_zone() {
    let ts = ["2024-03-31T00:30:00+00:00", "2024-03-31T02:00:00+01:00"];
    let err = history_from_frame(&frame(&ts, &["1", "2"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(matches!(&err, Error::Io(IoError::NoTimeZone { .. })), "{err:?}");
    assert!(err.to_string().contains("set `time_zone`"), "{err}");
    let ts = ["2024-03-31T00:30:00+00:00", "2024-03-31T01:30:00"];
    let err = history_from_frame(&frame(&ts, &["1", "2"]), &HistoryColumns::default(), None).unwrap_err();
    assert!(
        matches!(&err, Error::Io(IoError::BadValue { column, row: 2, .. }) if column == "interval_start"),
        "{err:?}"
    );
}

// Regressions from the randomized suite (`tests/no_panic.rs`): each input below used to panic,
// abort on an impossible allocation, run for minutes or return nonsense. Expected values are the
// rows and options deliberately broken.

fn hourly(from: chrono::NaiveDateTime, n: i64) -> Vec<chrono::NaiveDateTime> {
    (0..n).map(|h| from + chrono::Duration::hours(h)).collect()
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// Dates outside years 1 to 9999 are an error naming the row. Before: a history in the last
/// days of the calendar type panicked in `forecast` ("`NaiveDate + TimeDelta` overflowed", the
/// day after the history), and an instant near its end panicked in `try_from_instants` in a zone
/// east of UTC ("Local time out of range for `NaiveDateTime`").
#[test]
fn dates_outside_years_1_to_9999_name_the_row() {
    use chrono::{DateTime, Utc};
    use wfmkit::forecast::{History, Tz};
    let ts = hourly(day(9999, 12, 31), 25);
    let err = History::try_new(3600, ts, vec![1.0; 25]).unwrap_err();
    assert!(matches!(err, ForecastError::DateOutOfRange { row: 25, .. }), "{err:?}");
    assert!(err.to_string().contains("row 25 (+10000-01-01 00:00:00)"), "{err}");
    let late = chrono::NaiveDate::MAX.and_hms_opt(0, 0, 0).unwrap();
    let err = History::try_new(3600, vec![late], vec![1.0]).unwrap_err();
    assert!(matches!(err, ForecastError::DateOutOfRange { row: 1, .. }), "{err:?}");
    let t = DateTime::<Utc>::MAX_UTC - chrono::Duration::hours(1);
    let ok = DateTime::<Utc>::from_naive_utc_and_offset(day(2024, 1, 1), Utc);
    let err = History::try_from_instants(3600, Tz::Asia__Tokyo, vec![ok, t], vec![1.0, 1.0]).unwrap_err();
    assert!(matches!(err, ForecastError::DateOutOfRange { row: 2, .. }), "{err:?}");
}

/// A history's days × intervals are bounded: the models hold one value for each. Before: two
/// weeks of 15-minute rows and one row with a mistyped year (2024 → 102024) made the forecast
/// allocate 100,000 years of cells (35 billion bytes) and abort the process.
#[test]
fn a_mistyped_year_is_an_error_naming_the_row() {
    use wfmkit::forecast::{History, MAX_SPAN_CELLS};
    let mut ts: Vec<_> = (0..14 * 96)
        .map(|i| day(2024, 1, 1) + chrono::Duration::minutes(15 * i))
        .collect();
    ts.push(day(9024, 1, 1));
    let n = ts.len();
    let err = History::try_new(900, ts, vec![1.0; n]).unwrap_err();
    // 2,000,000 cells / 96 a day = 20,833 days; the bad row is the last one.
    assert_eq!(MAX_SPAN_CELLS / 96, 20_833);
    match err {
        ForecastError::SpanTooLong { row, max_days, .. } => assert_eq!((row, max_days), (n, 20_833)),
        other => panic!("unexpected {other:?}"),
    }
}

/// Intervals are whole minutes. Before: a 1-second interval was accepted and an `auto` forecast
/// of 13 days of it (86,400 slots a day) ran for 21 seconds.
#[test]
fn sub_minute_intervals_are_rejected() {
    use wfmkit::forecast::History;
    for interval_s in [1, 30, 90] {
        let err = History::try_new(interval_s, vec![day(2024, 1, 1)], vec![1.0]).unwrap_err();
        assert_eq!(err, ForecastError::IntervalDoesNotDivideDay { interval_s });
    }
}

/// Volumes, AHT and weights are at most 1e9. Before: a volume of `f64::MAX` overflowed the
/// models' sums and the forecast was silently 0; an AHT of `f64::MAX` forecast an infinite AHT.
#[test]
fn values_above_1e9_name_the_row() {
    use wfmkit::forecast::History;
    let ts = hourly(day(2024, 1, 1), 3);
    let err = History::try_new(3600, ts.clone(), vec![1.0, f64::MAX, 1.0]).unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::InvalidValue {
                column: "volume",
                row: 2,
                ..
            }
        ),
        "{err:?}"
    );
    let h = History::try_new(3600, ts, vec![1.0, 1e9, 1.0]).unwrap();
    let err = h.clone().with_aht(vec![200.0, 200.0, 1.5e9], None).unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::InvalidValue {
                column: "aht_s",
                row: 3,
                ..
            }
        ),
        "{err:?}"
    );
    let err = h.with_aht(vec![200.0; 3], Some(vec![1e10, 1.0, 1.0])).unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::InvalidValue {
                column: "handled",
                row: 1,
                ..
            }
        ),
        "{err:?}"
    );
}

/// Every `predict` checks its horizon (1..=366 days), start (at most 366 days after the history)
/// and weeks (1..=520). Before: `FittedForecaster::predict(u32::MAX, ..)` and the weekly
/// average's `predict` with `u32::MAX` days aborted on a 51-gigabyte allocation, a start at the
/// end of the calendar panicked on overflow, and `k_weeks = u32::MAX` looped for hours.
#[test]
fn every_predict_checks_horizon_start_and_weeks() {
    use wfmkit::forecast::{ForecastModel, ForecastOptions, Forecaster, History, WeeklyAverage};
    let h = History::try_new(3600, hourly(day(2024, 1, 1), 14 * 24), vec![5.0; 14 * 24]).unwrap();
    let opts = ForecastOptions {
        model: ForecastModel::WeeklyAverage,
        aht_s: Some(200.0),
        ..Default::default()
    };
    let fitted = Forecaster::new(&opts).unwrap().fit(&h).unwrap();
    for horizon in [0, 367, u32::MAX] {
        let err = fitted.predict(horizon, &[80.0]).unwrap_err();
        assert!(
            matches!(
                err,
                ForecastError::InvalidOption {
                    option: "horizon_days",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    let wa = WeeklyAverage::new(2).unwrap().fit(&h).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
    let err = wa.predict(start, u32::MAX, &[80.0], Some(200.0)).unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::InvalidOption {
                option: "horizon_days",
                ..
            }
        ),
        "{err:?}"
    );
    let err = wa.predict(chrono::NaiveDate::MAX, 1, &[80.0], Some(200.0)).unwrap_err();
    assert!(
        matches!(err, ForecastError::InvalidOption { option: "start", .. }),
        "{err:?}"
    );
    let err = wa.predict(start, 1, &[80.0], Some(f64::NAN)).unwrap_err();
    assert!(
        matches!(err, ForecastError::InvalidOption { option: "aht_s", .. }),
        "{err:?}"
    );
    let err = WeeklyAverage::new(u32::MAX).unwrap_err();
    assert!(
        matches!(err, ForecastError::InvalidOption { option: "k_weeks", .. }),
        "{err:?}"
    );
    assert_eq!(wa.predict(start, 366, &[80.0], Some(200.0)).unwrap().len(), 366 * 24);
}

/// Special-day factors lie in [0.001, 1000] and the AHT shrinkage in [0, 1e9]. Before: a factor
/// of 1e-300 divided that day's volumes up to 1e300 and `auto` forecast infinite bands; a
/// shrinkage of `f64::MAX` forecast an infinite AHT.
#[test]
fn special_day_factor_and_aht_shrinkage_are_bounded() {
    use wfmkit::forecast::{ForecastOptions, SpecialDay, SpecialDayKind};
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 20).unwrap();
    for factor in [1e-300, 1e-4, 1e4] {
        let opts = ForecastOptions {
            holidays: vec![SpecialDay {
                date,
                kind: SpecialDayKind::Scale { factor },
            }],
            ..Default::default()
        };
        let err = opts.check().unwrap_err();
        assert!(
            matches!(err, ForecastError::InvalidOption { option: "holidays", .. }),
            "{err:?}"
        );
    }
    let opts = ForecastOptions {
        aht_shrinkage: Some(f64::MAX),
        ..Default::default()
    };
    let err = opts.check().unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::InvalidOption {
                option: "aht_shrinkage",
                ..
            }
        ),
        "{err:?}"
    );
}

fn template(toml_text: &str) -> wfmkit::schedule::ShiftTemplate {
    toml::from_str(&format!(
        "name = \"t\"\nearliest_start = \"08:00\"\nlatest_start = \"10:00\"\n{toml_text}"
    ))
    .unwrap()
}

/// Template checks never divide by zero or overflow. Before: `check(0)` panicked ("attempt to
/// calculate the remainder with a divisor of zero"); `start_step_min = 2^30` passed the check
/// (2^30 × 60 wraps to 0 in `u32`) and `schedule` panicked in `step_by(0)`; a break of
/// 3,221,225,472 min beginning up to 1,073,741,824 min after the start passed it too (the sum
/// wraps to 0 ≤ the 60-min shift) and asked for a billion break variables.
#[test]
fn template_checks_do_not_overflow() {
    use wfmkit::schedule::ScheduleError;
    let t = template("min_length_min = 60\nmax_length_min = 60");
    assert_eq!(t.check(0).unwrap_err(), ScheduleError::BadInterval { interval_s: 0 });
    let t = template("start_step_min = 1073741824\nmin_length_min = 60\nmax_length_min = 60");
    let err = t.check(1800).unwrap_err();
    assert!(
        matches!(
            &err,
            ScheduleError::InvalidTemplate {
                field: "start_step_min",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(t.start_offsets(1800), vec![8 * 3600]); // no panic on an unchecked template
    let t = template(
        "min_length_min = 60\nmax_length_min = 60\nbreaks = [{ length_min = 3221225472, earliest_after_start_min = 0, latest_after_start_min = 1073741824 }]",
    );
    let err = t.check(60).unwrap_err();
    assert!(
        matches!(
            &err,
            ScheduleError::InvalidTemplate {
                field: "breaks.latest_after_start_min",
                ..
            }
        ),
        "{err:?}"
    );
}

/// Cover requirement intervals are whole minutes, dates lie in years 1 to 9999, agents in [0, 1e9],
/// costs in [0, 1e9]. Before: `CoverRequirement::regular` from the end of the calendar panicked on
/// overflow; 1e300 agents failed inside HiGHS ("HiGHS error while building model: Error",
/// reported as a solver failure); a 30-second interval was accepted.
#[test]
fn requirement_dates_agents_and_costs_are_bounded() {
    use wfmkit::schedule::{schedule, CoverRequirement, ScheduleError, ScheduleOptions};
    let late = chrono::NaiveDateTime::MAX - chrono::Duration::hours(1);
    let err = CoverRequirement::regular(late, 3600, vec![1.0; 3]).unwrap_err();
    assert!(matches!(err, ScheduleError::DateOutOfRange { row: 1, .. }), "{err:?}");
    let err =
        CoverRequirement::regular(day(9999, 12, 31) + chrono::Duration::hours(22), 3600, vec![1.0; 3]).unwrap_err();
    assert!(matches!(err, ScheduleError::DateOutOfRange { row: 3, .. }), "{err:?}");
    let err = CoverRequirement::try_new(30, vec![day(2024, 1, 1)], vec![1.0]).unwrap_err();
    assert_eq!(err, ScheduleError::BadInterval { interval_s: 30 });
    let err = CoverRequirement::regular(day(2024, 1, 1), 3600, vec![1.0, 1e300, 1.0]).unwrap_err();
    assert!(
        matches!(err, ScheduleError::InvalidRequirement { row: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("at most 1e9"), "{err}");
    let req = CoverRequirement::regular(day(2024, 1, 1), 3600, vec![2.0; 8]).unwrap();
    let t = template("min_length_min = 240\nmax_length_min = 240");
    let err = schedule(
        &req,
        &ScheduleOptions::default().templates(vec![t.clone()]).under_cost(1e300),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ScheduleError::InvalidOption {
                option: "under_cost",
                ..
            }
        ),
        "{err:?}"
    );
    let mut costly = t;
    costly.cost_per_min = 1e300;
    let err = schedule(&req, &ScheduleOptions::default().templates(vec![costly])).unwrap_err();
    assert!(
        matches!(
            &err,
            ScheduleError::InvalidTemplate {
                field: "cost_per_min",
                ..
            }
        ),
        "{err:?}"
    );
}
