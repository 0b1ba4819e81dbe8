//! Bad input gets a typed error naming the column and row, the option or the config key.
//! Expected values are the rows deliberately broken in each fixture (row 1 = first data row).

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
