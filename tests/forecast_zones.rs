//! Zoned series across daylight-saving changes (Europe/London 2024: clocks forward at 01:00 UTC
//! on Sunday 31 March, back at 01:00 UTC on Sunday 27 October; America/New_York: forward at
//! 02:00 local on Sunday 10 March).
//!
//! The synthetic demand is fixed in local wall-clock time: at 15-minute slot `s` of the local day
//! the volume is `p(s) = 10 + 20 max(0, 1 − |s − 40| / 8)`, a peak of 30 at 10:00 local (slot 40)
//! and 20 at 09:00 and 11:00. In the repeated hour of the fall-back day the first (BST) interval
//! has `p(s) + 4` and the second (GMT) `p(s) − 4`. Expected values are computed by hand from this
//! construction: the weekly average of any present weeks is `p(s)` exactly (tolerance 1e-9), a
//! normal day sums to Σ p = 960 + 20 (1 + 2 Σ_{j=1..7} (1 − j/8)) = 1120, the 23-hour day to
//! 1120 − 4 × 10 = 1080 and the 25-hour day to 1120 + 4 × 10 = 1160.

#![cfg(feature = "cli")]

mod common;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use wfmkit::forecast::{forecast, ForecastModel, ForecastOptions, History, Tz};
use wfmkit::requirements::requirements;
use wfmkit::staffing::StaffingOptions;

const LONDON: Tz = Tz::Europe__London;

fn p(slot: u32) -> f64 {
    10.0 + 20.0 * (1.0 - (slot as f64 - 40.0).abs() / 8.0).max(0.0)
}

fn slot(t: NaiveDateTime) -> u32 {
    t.num_seconds_from_midnight() / 900
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every 15-minute instant from `from` (local midnight) to `to` (exclusive) in `zone`, with the
/// volume of the local slot (±4 in the repeated hour).
fn series(zone: Tz, from: NaiveDate, to: NaiveDate) -> (Vec<DateTime<Utc>>, Vec<f64>) {
    let start = zone
        .from_local_datetime(&from.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .to_utc();
    let end = zone
        .from_local_datetime(&to.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .to_utc();
    let mut seen = std::collections::HashSet::new();
    let (mut ts, mut vol) = (Vec::new(), Vec::new());
    let mut t = start;
    while t < end {
        let local = t.with_timezone(&zone).naive_local();
        let ambiguous = wfmkit::time::is_ambiguous(zone, local);
        let v = match (ambiguous, seen.insert(local)) {
            (false, _) => p(slot(local)),
            (true, true) => p(slot(local)) + 4.0,
            (true, false) => p(slot(local)) - 4.0,
        };
        ts.push(t);
        vol.push(v);
        t += Duration::minutes(15);
    }
    (ts, vol)
}

fn weekly_average(start: NaiveDate, k: u32) -> ForecastOptions {
    ForecastOptions {
        model: ForecastModel::WeeklyAverage,
        k_weeks: k,
        start: Some(start),
        aht_s: Some(300.0),
        levels: vec![80.0],
        ..Default::default()
    }
}

/// The forecast's instants are consecutive 15-minute intervals: no duplicate, no gap.
fn assert_consecutive(instants: &[DateTime<Tz>]) {
    for w in instants.windows(2) {
        assert_eq!(w[1] - w[0], Duration::minutes(15), "{} -> {}", w[0], w[1]);
    }
}

/// The week after each change: k = 8 weeks mix both offsets, yet every slot is `p(s)` and the
/// peak is at 10:00 local (a one-hour shift would put it at 09:00 or 11:00 and lower it to
/// about 20 + 10/8).
#[test]
fn peak_stays_at_ten_local_after_both_changes() {
    for (to, offset) in [(date(2024, 4, 8), 1), (date(2024, 11, 4), 0)] {
        let (ts, vol) = series(LONDON, date(2024, 1, 1), to);
        let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
        let f = forecast(&h, &weekly_average(to, 8)).unwrap();
        assert_eq!(f.len(), 7 * 96);
        assert_eq!(f.zone, Some(LONDON));
        for (t, v) in f.timestamps.iter().zip(&f.volume) {
            assert!((v - p(slot(*t))).abs() < 1e-9, "{t}: {v} vs {}", p(slot(*t)));
        }
        let instants = f.instants().unwrap().unwrap();
        assert_consecutive(&instants);
        for day in 0..7 {
            let rows = day * 96..(day + 1) * 96;
            let peak = rows
                .clone()
                .max_by(|&a, &b| f.volume[a].total_cmp(&f.volume[b]))
                .unwrap();
            assert_eq!(f.timestamps[peak].time().to_string(), "10:00:00");
            assert_eq!(instants[peak].naive_utc().hour(), 10 - offset);
        }
        // `auto` too: whatever models it picks, the peak is at 10:00 local.
        let opts = ForecastOptions {
            model: ForecastModel::Auto,
            ..weekly_average(to, 8)
        };
        let f = forecast(&h, &opts).unwrap();
        let peak = (0..96).max_by(|&a, &b| f.volume[a].total_cmp(&f.volume[b])).unwrap();
        assert_eq!(f.timestamps[peak].time().to_string(), "10:00:00", "{}", f.model);
    }
}

/// Forecasts over the change days: 92 rows on the 23-hour day, 100 on the 25-hour day with the
/// repeated slots twice at distinct instants, sums as constructed.
#[test]
fn change_days_keep_their_true_number_of_intervals() {
    for (start, sunday, rows, total) in [
        (date(2024, 3, 25), date(2024, 3, 31), 92, 1080.0),
        (date(2024, 10, 21), date(2024, 10, 27), 100, 1160.0),
    ] {
        let (ts, vol) = series(LONDON, date(2024, 1, 1), start);
        let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
        let f = forecast(&h, &weekly_average(start, 4)).unwrap();
        assert_eq!(f.len(), 6 * 96 + rows);
        let instants = f.instants().unwrap().unwrap();
        assert_consecutive(&instants);
        let day: Vec<usize> = (0..f.len()).filter(|&i| f.timestamps[i].date() == sunday).collect();
        assert_eq!(day.len(), rows);
        let sum: f64 = day.iter().map(|&i| f.volume[i]).sum();
        assert!((sum - total).abs() < 1e-9, "{sunday}: {sum}");
        // The bands follow the rows.
        assert_eq!(f.bands[0].lo.len(), f.len());
        if rows == 100 {
            // 01:00 to 01:45 local twice: first +01:00 (00:00 UTC), then +00:00 (01:00 UTC).
            let one: Vec<usize> = day.iter().copied().filter(|&i| f.timestamps[i].hour() == 1).collect();
            assert_eq!(one.len(), 8);
            assert_eq!(instants[one[0]].to_rfc3339(), "2024-10-27T01:00:00+01:00");
            assert_eq!(instants[one[4]].to_rfc3339(), "2024-10-27T01:00:00+00:00");
            assert_eq!(instants[one[4]] - instants[one[0]], Duration::hours(1));
        } else {
            assert!(day.iter().all(|&i| f.timestamps[i].hour() != 1));
        }
    }
}

/// A naive export (local times, the repeated hour written twice) with the zone gives the same
/// history as the instants; the merged slot is the mean, its AHT weighted by volume.
#[test]
fn naive_local_times_in_a_zone_merge_like_instants() {
    let (ts, vol) = series(LONDON, date(2024, 10, 26), date(2024, 10, 28));
    let local: Vec<NaiveDateTime> = ts.iter().map(|t| t.with_timezone(&LONDON).naive_local()).collect();
    let aht: Vec<f64> = (0..ts.len()).map(|i| 200.0 + i as f64).collect();
    let a = History::try_from_instants(900, LONDON, ts.clone(), vol.clone())
        .unwrap()
        .with_aht(aht.clone(), None)
        .unwrap();
    let b = History::try_new_in_zone(900, LONDON, local.clone(), vol.clone())
        .unwrap()
        .with_aht(aht.clone(), None)
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 2 * 96);
    // Sunday 01:00 local: rows i (BST, volume 14) and i + 4 (GMT, volume 6).
    let i = local
        .iter()
        .position(|t| *t == date(2024, 10, 27).and_hms_opt(1, 0, 0).unwrap())
        .unwrap();
    let k = a.timestamps().iter().position(|t| *t == local[i]).unwrap();
    assert_eq!((vol[i], vol[i + 4]), (14.0, 6.0));
    assert_eq!(a.volume()[k], 10.0);
    let expected_aht = (14.0 * aht[i] + 6.0 * aht[i + 4]) / 20.0;
    assert!((a.aht_s().unwrap()[k] - expected_aht).abs() < 1e-9);
}

/// Staffing requirements are per real interval; the scheduler's requirement is on the local grid: the
/// repeated slot takes the larger of its two requirements, the skipped slots 0.
#[test]
fn schedule_requirement_is_on_the_wall_clock_grid() {
    let staffing = StaffingOptions {
        service_level: Some(0.8),
        ..Default::default()
    };
    // Fall-back week: make the GMT 01:00 interval three times as busy as the BST one.
    let start = date(2024, 10, 21);
    let (ts, vol) = series(LONDON, date(2024, 1, 1), start);
    let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
    let mut f = forecast(&h, &weekly_average(start, 4)).unwrap();
    let one = date(2024, 10, 27).and_hms_opt(1, 0, 0).unwrap();
    let rows: Vec<usize> = (0..f.len()).filter(|&i| f.timestamps[i] == one).collect();
    assert_eq!(rows.len(), 2);
    f.volume[rows[1]] *= 3.0;
    let r = requirements(&f, &staffing).unwrap();
    assert_eq!(r.timestamps.len(), 7 * 96 + 4);
    assert_eq!(r.zone, Some(LONDON));
    let (a, b) = (r.staffing[rows[0]].agents_gross, r.staffing[rows[1]].agents_gross);
    assert!(b > a, "{a} {b}");
    let req = r.to_cover_requirement().unwrap();
    assert_eq!(req.len(), 7 * 96);
    let k = req.timestamps().iter().position(|t| *t == one).unwrap();
    assert_eq!(req.agents()[k], b as f64);

    // Spring week: 01:00 to 01:45 on the Sunday exist on the grid with 0 agents.
    let start = date(2024, 3, 25);
    let (ts, vol) = series(LONDON, date(2024, 1, 1), start);
    let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
    let f = forecast(&h, &weekly_average(start, 4)).unwrap();
    let r = requirements(&f, &staffing).unwrap();
    assert_eq!(r.timestamps.len(), 7 * 96 - 4);
    let req = r.to_cover_requirement().unwrap();
    assert_eq!(req.len(), 7 * 96);
    let skipped: Vec<f64> = (0..req.len())
        .filter(|&i| req.timestamps()[i].date() == date(2024, 3, 31) && req.timestamps()[i].hour() == 1)
        .map(|i| req.agents()[i])
        .collect();
    assert_eq!(skipped, vec![0.0; 4]);
}

/// New York's spring change (02:00 → 03:00 local on 10 March 2024) through the same path.
#[test]
fn new_york_spring_day_has_23_hours() {
    let ny = Tz::America__New_York;
    let start = date(2024, 3, 4);
    let (ts, vol) = series(ny, date(2023, 12, 4), start);
    let h = History::try_from_instants(900, ny, ts, vol).unwrap();
    let f = forecast(&h, &weekly_average(start, 8)).unwrap();
    assert_eq!(f.len(), 7 * 96 - 4);
    let instants = f.instants().unwrap().unwrap();
    assert_consecutive(&instants);
    let peak = (0..96).max_by(|&a, &b| f.volume[a].total_cmp(&f.volume[b])).unwrap();
    assert_eq!(instants[peak].to_rfc3339(), "2024-03-04T10:00:00-05:00");
    let sunday = (0..f.len()).filter(|&i| f.timestamps[i].date() == date(2024, 3, 10));
    assert!((sunday.map(|i| f.volume[i]).sum::<f64>() - 1080.0).abs() < 1e-9);
}

/// `wfmkit plan` on a CSV whose timestamps carry UTC offsets, with `time_zone` set: it succeeds
/// and writes zoned timestamps, one row per real interval, for two queues in different zones
/// (London, and New York by a per-queue override), stacked in UTC.
#[test]
fn plan_job_with_offsets_writes_zoned_timestamps() {
    let dir = common::TempDir::new();
    let write_csv = |name: &str, zone: Tz, from: NaiveDate, to: NaiveDate| {
        let (ts, vol) = series(zone, from, to);
        let mut text = String::from("interval_start,volume\n");
        for (t, v) in ts.iter().zip(vol) {
            // e.g. 2024-03-31T00:45:00+00:00, then 2024-03-31T02:00:00+01:00
            text.push_str(&format!("{},{v}\n", t.with_timezone(&zone).to_rfc3339()));
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    };
    write_csv("london.csv", LONDON, date(2024, 1, 1), date(2024, 4, 8));
    write_csv("ny.csv", Tz::America__New_York, date(2024, 1, 1), date(2024, 3, 18));
    let config = |ny_zone: &str| {
        format!(
            r#"
[history]
time_zone = "Europe/London"
interval_min = 15

[forecast]
model = "weekly_average"
k_weeks = 4
start = "2024-03-25"
aht_s = 240.0

[staffing]
service_level = 0.8
answer_within_s = 20.0

[schedule]
time_limit_s = 60.0
threads = 1

[[schedule.templates]]
name = "day"
earliest_start = "06:00"
latest_start = "14:00"
start_step_min = 60
min_length_min = 480
max_length_min = 480

[queues.london]
path = "london.csv"

[queues.ny]
path = "ny.csv"
{ny_zone}
[queues.ny.forecast]
start = "2024-03-04"
"#
        )
    };
    let cfg = dir.path().join("job.toml");
    std::fs::write(&cfg, config("time_zone = \"America/New_York\"")).unwrap();
    let out = dir.path().join("out");
    let bin = env!("CARGO_BIN_EXE_wfmkit");
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin).args(args).output().unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["validate", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = run(&[
        "plan",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let latest = out.join("latest");
    let text = std::fs::read_to_string(latest.join("forecast.csv")).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let count = |q: &str| rows.iter().filter(|l| l.starts_with(&format!("{q},"))).count();
    // Both spring days have 23 hours.
    assert_eq!((count("london"), count("ny")), (7 * 96 - 4, 7 * 96 - 4));
    // Different zones: the stacked file is in UTC. London's 02:00 BST on 31 March is 01:00 UTC.
    let london_start: Vec<&str> = rows
        .iter()
        .filter(|l| l.starts_with("london,2024-03-31"))
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(london_start.len(), 92);
    let parsed: Vec<DateTime<chrono::FixedOffset>> = london_start
        .iter()
        .map(|s| wfmkit::io::parse_datetime_with_offset(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    assert_eq!(parsed[4].with_timezone(&Utc).to_rfc3339(), "2024-03-31T01:00:00+00:00");
    for name in ["requirements.csv", "coverage.csv"] {
        let t = std::fs::read_to_string(latest.join(name)).unwrap();
        assert_eq!(t.lines().count() - 1, 2 * (7 * 96 - 4), "{name}");
    }

    // One zone for both queues: the files are in that zone (offsets +00:00 and +01:00).
    std::fs::write(&cfg, config("")).unwrap();
    std::fs::write(
        dir.path().join("ny.csv"),
        std::fs::read_to_string(dir.path().join("london.csv")).unwrap(),
    )
    .unwrap();
    let out2 = dir.path().join("out2");
    let (code, err) = run(&[
        "staff",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out2.join("latest/requirements.csv")).unwrap();
    // The skipped hour is absent: 00:45 GMT is followed by 02:00 BST.
    assert!(
        text.contains("london,2024-03-31T00:45:00.000+0000,10.0,240.0,5,5,")
            && text.contains("london,2024-03-31T02:00:00.000+0100,10.0,240.0,5,5,"),
        "{}",
        &text[..300]
    );
    assert!(!text.contains("london,2024-03-31T01:"));
}

/// Parquet input with a zoned column (in UTC) and no `time_zone`: the column's zone is used, so
/// the series stays in UTC; with `time_zone` it is converted to London's wall clock.
#[test]
fn zoned_parquet_column_uses_its_zone_or_the_configured_one() {
    use polars::prelude::*;
    let (ts, vol) = series(LONDON, date(2024, 1, 1), date(2024, 4, 8));
    let utc: Vec<NaiveDateTime> = ts.iter().map(|t| t.naive_utc()).collect();
    let mut df = DataFrame::new_infer_height(vec![
        wfmkit::io::zoned_series("interval_start", &utc, Tz::UTC).unwrap(),
        Column::new("volume".into(), vol),
    ])
    .unwrap();
    let dir = common::TempDir::new();
    let path = dir.path().join("h.parquet");
    wfmkit::io::write_frame(&mut df, &path, wfmkit::io::FileFormat::Parquet).unwrap();
    let read = wfmkit::io::read_frame(&path, None).unwrap();
    let cols = wfmkit::io::HistoryColumns::default();
    let in_utc = wfmkit::io::history_from_frame(&read, &cols, None).unwrap();
    assert_eq!(in_utc.zone(), Some(Tz::UTC));
    let in_london = wfmkit::io::history_from_frame_in_zone(&read, &cols, None, Some(LONDON)).unwrap();
    assert_eq!(in_london.zone(), Some(LONDON));
    let f = forecast(&in_london, &weekly_average(date(2024, 4, 8), 8)).unwrap();
    let out = wfmkit::io::forecast_to_frame(&f, "q").unwrap();
    assert_eq!(
        out.column("interval_start").unwrap().dtype(),
        &DataType::Datetime(
            TimeUnit::Milliseconds,
            Some(polars::prelude::TimeZone::from_chrono(&LONDON))
        )
    );
    // In UTC the peak sits at 10:00 before the change and 09:00 after: the 8-week average
    // smears it, which is what a wall-clock model avoids.
    let f = forecast(&in_utc, &weekly_average(date(2024, 4, 8), 8)).unwrap();
    assert!(f.volume[40] < 30.0 - 1.0, "{}", f.volume[40]);
}

/// The skipped hour is unknown, not zero, in the intraday profile: the profile models' Sunday
/// after the spring change has the same shape as every Sunday (01:00 equals 00:45, both p = 10),
/// although one of the 12 profile Sundays lacks 01:00 to 01:45. Counting the skipped cells as
/// zero would make the ratio 11/12. Tolerance 1e-12 (a ratio of equal products).
#[test]
fn skipped_hour_does_not_drag_the_profile_down() {
    let start = date(2024, 4, 1);
    let (ts, vol) = series(LONDON, date(2024, 1, 1), start);
    let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
    for model in [
        ForecastModel::ProfileMean,
        ForecastModel::ProfileMedian,
        ForecastModel::TopDown,
    ] {
        let f = forecast(
            &h,
            &ForecastOptions {
                model,
                ..weekly_average(start, 12)
            },
        )
        .unwrap();
        let sunday: Vec<usize> = (0..f.len())
            .filter(|&i| f.timestamps[i].date() == date(2024, 4, 7))
            .collect();
        let (v0045, v0100) = (f.volume[sunday[3]], f.volume[sunday[4]]);
        assert!((v0100 / v0045 - 1.0).abs() < 1e-12, "{model:?}: {v0045} {v0100}");
        assert!((f.volume[sunday[40]] / v0045 - 3.0).abs() < 1e-12, "{model:?}");
    }
}

/// The output files stack every queue, so a job may not mix queues with and without a time zone:
/// `validate` says which queue and what to set.
#[test]
fn validate_rejects_zoned_and_naive_queues_in_one_job() {
    let dir = common::TempDir::new();
    let (ts, vol) = series(LONDON, date(2024, 1, 1), date(2024, 2, 5));
    let mut text = String::from("interval_start,volume\n");
    for (t, v) in ts.iter().zip(&vol) {
        text.push_str(&format!(
            "{},{v}\n",
            t.with_timezone(&LONDON).naive_local().format("%Y-%m-%dT%H:%M:%S")
        ));
    }
    std::fs::write(dir.path().join("naive.csv"), text).unwrap();
    let cfg = format!(
        "[forecast]\naht_s = 300.0\n[queues.a]\npath = \"{d}/naive.csv\"\n[queues.b]\npath = \"{d}/naive.csv\"\ntime_zone = \"Europe/London\"\n",
        d = dir.path().display()
    );
    let cfg = wfmkit::io::JobConfig::from_toml_str(&cfg, "job.toml").unwrap();
    let problems = wfmkit::io::validate_job(&cfg);
    let zones: Vec<&String> = problems.iter().filter(|p| p.contains("time zone")).collect();
    assert_eq!(zones.len(), 1, "{problems:?}");
    assert!(
        zones[0].starts_with("queue `b`: its input has Europe/London but queue `a`'s has no time zone")
            && zones[0].contains("set `time_zone` for all queues or for none"),
        "{problems:?}"
    );
}

// Clock changes that the interval grid cannot represent. Dates from the IANA rules shipped in
// chrono-tz 0.10 (checked against the system zoneinfo): America/Santiago moves forward 1 h at
// 24:00 on 7 September 2024 (local 2024-09-08 00:00 → 01:00) and back 1 h at 2024-04-07 00:00;
// Asia/Beirut forward 1 h at 2024-03-31 00:00; Africa/Cairo forward 1 h at 2024-04-26 00:00;
// Australia/Lord_Howe forward 30 min at 2024-10-06 02:00 (→ 02:30) and back 30 min at
// 2025-04-06 02:00 (→ 01:30); America/St_Johns is UTC−03:30 in winter and moves forward 1 h at
// 2024-03-10 02:00. Row counts are worked out by hand from these shifts.

use wfmkit::forecast::{check_zone_changes, Band, Forecast, ForecastError};

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).unwrap()
}

/// Every local wall-clock slot of `interval_s` from `from` to `to` (exclusive), skipped or not.
fn local_grid(from: NaiveDate, to: NaiveDate, interval_s: i64) -> Vec<NaiveDateTime> {
    let (mut t, end) = (at(from, 0, 0), at(to, 0, 0));
    let mut out = Vec::new();
    while t < end {
        out.push(t);
        t += Duration::seconds(interval_s);
    }
    out
}

/// An unzoned forecast on the local grid `ts`, volume = row index, one 80% band.
fn grid_forecast(interval_s: u32, ts: Vec<NaiveDateTime>) -> Forecast {
    let n = ts.len();
    let volume: Vec<f64> = (0..n).map(|i| i as f64).collect();
    Forecast {
        interval_s,
        timestamps: ts,
        aht_s: vec![300.0; n],
        bands: vec![Band {
            level: 80.0,
            lo: volume.clone(),
            hi: volume.clone(),
        }],
        volume,
        model: "given".into(),
        zone: None,
    }
}

fn zone_change(err: &ForecastError) -> (String, u32, NaiveDateTime, i32) {
    match err {
        ForecastError::ZoneChangeOffGrid {
            zone,
            interval_s,
            at,
            shift_s,
        } => (zone.clone(), *interval_s, *at, *shift_s),
        other => panic!("expected ZoneChangeOffGrid, got {other:?}"),
    }
}

/// A daily Santiago history across 8 September 2024 (a 23-hour day whose local midnight does
/// not exist) used to lose the whole day; now naive rows, instants, a forecast horizon and a
/// hand-built requirement across it all give the same clear error.
#[test]
fn santiago_daily_across_a_midnight_change_is_a_clear_error() {
    let zone = Tz::America__Santiago;
    let change = (zone.name().to_string(), 86_400, at(date(2024, 9, 8), 0, 0), 3600);
    let expected = "time zone `America/Santiago` (option `time_zone`) moves its clocks forward by 1 h on 2024-09-08 \
                    at 00:00, which a 24-hour interval cannot represent: use 15, 30 or 60 minutes";
    // Naive daily rows 1 August to 29 September, 8 September included (it used to be
    // `SkippedLocalTime`) or left out (it used to be silently missing).
    let days = local_grid(date(2024, 8, 1), date(2024, 9, 30), 86_400);
    let err = History::try_new_in_zone(86_400, zone, days.clone(), vec![100.0; days.len()]).unwrap_err();
    assert_eq!(zone_change(&err), change);
    assert_eq!(err.to_string(), expected);
    let without: Vec<_> = days.iter().copied().filter(|d| d.date() != date(2024, 9, 8)).collect();
    let err = History::try_new_in_zone(86_400, zone, without.clone(), vec![100.0; without.len()]).unwrap_err();
    assert_eq!(zone_change(&err), change);
    // Instants of each local day start (8 September starts at 01:00).
    let instants: Vec<DateTime<Utc>> = days
        .iter()
        .map(|d| {
            zone.from_local_datetime(d)
                .earliest()
                .unwrap_or_else(|| zone.from_local_datetime(&(*d + Duration::hours(1))).unwrap())
                .to_utc()
        })
        .collect();
    let err = History::try_from_instants(86_400, zone, instants, vec![100.0; days.len()]).unwrap_err();
    assert_eq!(zone_change(&err), change);
    // The horizon: a history that ends before the change, forecast across it.
    let hist = local_grid(date(2024, 5, 6), date(2024, 9, 2), 86_400);
    let h = History::try_new_in_zone(86_400, zone, hist.clone(), vec![100.0; hist.len()]).unwrap();
    let opts = ForecastOptions {
        horizon_days: 14,
        ..weekly_average(date(2024, 9, 2), 4)
    };
    let err = forecast(&h, &opts).unwrap_err();
    assert_eq!(zone_change(&err), change);
    assert_eq!(err.to_string(), expected);
    // ... and the six days before it are fine: 6 daily rows.
    let opts = ForecastOptions {
        horizon_days: 6,
        ..weekly_average(date(2024, 9, 2), 4)
    };
    assert_eq!(forecast(&h, &opts).unwrap().len(), 6);
    // A hand-built zoned requirement across it (the scheduler used to get 0 for the day).
    let f = grid_forecast(86_400, local_grid(date(2024, 9, 2), date(2024, 9, 16), 86_400));
    let err = f.in_zone(zone).unwrap_err();
    assert_eq!(zone_change(&err), change);
    let r = requirements(
        &Forecast { zone: Some(zone), ..f },
        &StaffingOptions {
            service_level: Some(0.8),
            ..Default::default()
        },
    )
    .unwrap();
    let err = r.to_cover_requirement().unwrap_err();
    assert_eq!(err.to_string(), expected);
}

/// Santiago at 60 minutes is unchanged: the 8 September 2024 day has 24 − 1 = 23 hourly rows
/// (local 00:00 is skipped), the 7 April day 24 + 1 = 25 (23:00 on the 6th is repeated), and
/// the instants are consecutive hours.
#[test]
fn santiago_hourly_keeps_its_change_days() {
    let zone = Tz::America__Santiago;
    for (from, to, day, rows) in [
        (date(2024, 9, 6), date(2024, 9, 10), date(2024, 9, 8), 23),
        (date(2024, 4, 5), date(2024, 4, 9), date(2024, 4, 6), 25),
    ] {
        let z = grid_forecast(3600, local_grid(from, to, 3600)).in_zone(zone).unwrap();
        assert_eq!(z.timestamps.iter().filter(|t| t.date() == day).count(), rows, "{day}");
        let i = z.instants().unwrap().unwrap();
        assert!(i.windows(2).all(|w| w[1] - w[0] == Duration::hours(1)));
    }
}

/// Beirut and Cairo change at local midnight by 1 h: any interval over 1 h is an error naming
/// the first change of 2024; 15, 30 and 60 minutes are fine.
#[test]
fn midnight_changes_need_an_hourly_grid_at_most() {
    for (zone, first) in [
        (Tz::Asia__Beirut, date(2024, 3, 31)),
        (Tz::Africa__Cairo, date(2024, 4, 26)),
    ] {
        let (from, to) = (at(date(2024, 1, 1), 0, 0), at(date(2024, 12, 31), 0, 0));
        for interval_s in [7200, 10_800, 21_600, 86_400] {
            let err = ForecastError::from(check_zone_changes(zone, interval_s, from, to).unwrap_err());
            assert_eq!(
                zone_change(&err),
                (zone.name().to_string(), interval_s, at(first, 0, 0), 3600)
            );
            assert!(err.to_string().ends_with("use 15, 30 or 60 minutes"), "{err}");
        }
        for interval_s in [900, 1800, 3600] {
            check_zone_changes(zone, interval_s, from, to).unwrap();
        }
    }
}

/// Lord Howe moves by 30 minutes: at 60 minutes the spring day used to lose the real half hour
/// 02:30–03:00 and the autumn day to get a 90-minute 01:00 row; now both are errors naming the
/// change. At 30 minutes the spring day has 48 − 1 = 47 rows and the autumn day 48 + 1 = 49,
/// at 15 minutes 96 − 2 = 94 and 96 + 2 = 98, all consecutive.
#[test]
fn lord_howe_half_hour_changes() {
    let zone = Tz::Australia__Lord_Howe;
    let naive = local_grid(date(2024, 9, 1), date(2024, 10, 31), 3600);
    let err = History::try_new_in_zone(3600, zone, naive.clone(), vec![1.0; naive.len()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "time zone `Australia/Lord_Howe` (option `time_zone`) moves its clocks forward by 30 min on 2024-10-06 at \
         02:00, which a 60-minute interval cannot represent: use 15 or 30 minutes"
    );
    // Hourly UTC instants (local hh:30 before the change) used to be an `OffGrid` error.
    let t0 = Utc.with_ymd_and_hms(2024, 9, 1, 0, 0, 0).unwrap();
    let utc: Vec<_> = (0..24 * 60).map(|i| t0 + Duration::hours(i)).collect();
    let err = History::try_from_instants(3600, zone, utc.clone(), vec![1.0; utc.len()]).unwrap_err();
    assert_eq!(
        zone_change(&err),
        (zone.name().to_string(), 3600, at(date(2024, 10, 6), 2, 0), 1800)
    );
    let err = grid_forecast(3600, local_grid(date(2025, 4, 1), date(2025, 4, 10), 3600))
        .in_zone(zone)
        .unwrap_err();
    assert_eq!(
        zone_change(&err),
        (zone.name().to_string(), 3600, at(date(2025, 4, 6), 2, 0), -1800)
    );
    assert!(
        err.to_string().contains("back by 30 min on 2025-04-06 at 02:00"),
        "{err}"
    );
    for (interval_s, spring, autumn) in [(1800, 47, 49), (900, 94, 98)] {
        for (from, to, day, rows) in [
            (date(2024, 10, 5), date(2024, 10, 8), date(2024, 10, 6), spring),
            (date(2025, 4, 5), date(2025, 4, 8), date(2025, 4, 6), autumn),
        ] {
            let z = grid_forecast(interval_s, local_grid(from, to, interval_s as i64))
                .in_zone(zone)
                .unwrap();
            assert_eq!(z.timestamps.iter().filter(|t| t.date() == day).count(), rows, "{day}");
            let i = z.instants().unwrap().unwrap();
            let step = Duration::seconds(interval_s as i64);
            assert!(i.windows(2).all(|w| w[1] - w[0] == step), "{interval_s}");
        }
    }
}

/// St John's is UTC−03:30: hourly UTC instants are at hh:30 local, which is not a clear
/// `OffGrid` any more but names the zone, its offset and what to use. 30-minute instants are
/// fine, and the spring day (10 March 2024) has 48 − 2 = 46 local slots.
#[test]
fn st_johns_half_hour_offset() {
    let zone = Tz::America__St_Johns;
    let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let utc: Vec<_> = (0..48).map(|i| t0 + Duration::hours(i)).collect();
    let err = History::try_from_instants(3600, zone, utc, vec![1.0; 48]).unwrap_err();
    assert!(
        matches!(
            err,
            ForecastError::OffLocalGrid {
                row: 1,
                utc_offset_s: -12_600,
                interval_s: 3600,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "column `interval_start`: row 1 (2024-01-01 00:00:00 UTC) is 2023-12-31 20:30:00 local time in time zone \
         `America/St_Johns` (option `time_zone`), which is not on the 3600 s grid of local wall-clock time; the \
         zone's offset UTC-03:30 is not a whole number of 60-minute intervals: give instants at local interval \
         starts, or use 15 or 30 minutes"
    );
    let t0 = Utc.with_ymd_and_hms(2024, 3, 1, 3, 30, 0).unwrap(); // local midnight
    let utc: Vec<_> = (0..20 * 48 - 2).map(|i| t0 + Duration::minutes(30 * i)).collect();
    let h = History::try_from_instants(1800, zone, utc.clone(), vec![1.0; utc.len()]).unwrap();
    assert_eq!(
        h.timestamps().iter().filter(|t| t.date() == date(2024, 3, 10)).count(),
        46
    );
}

/// The zones and intervals that worked keep working over ten years of changes.
#[test]
fn usual_zones_and_intervals_pass_the_check() {
    let (from, to) = (at(date(2016, 1, 1), 0, 0), at(date(2030, 12, 31), 0, 0));
    for zone in [
        Tz::Europe__London,
        Tz::America__New_York,
        Tz::America__Santiago,
        Tz::America__St_Johns,
    ] {
        for interval_s in [900, 1800, 3600] {
            check_zone_changes(zone, interval_s, from, to).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    for interval_s in [900, 1800] {
        check_zone_changes(Tz::Australia__Lord_Howe, interval_s, from, to).unwrap();
    }
    // UTC has no change: any interval dividing the day passes.
    check_zone_changes(Tz::UTC, 86_400, from, to).unwrap();
}

/// A zoned frame tells its repeated local times apart by row order, so one not in time order
/// (sorted descending) is rejected naming the column and row, rather than swapping the BST and
/// GMT rows of 27 October 2024.
#[test]
fn zoned_frames_out_of_time_order_are_rejected() {
    use polars::prelude::*;
    let start = date(2024, 10, 21);
    let (ts, vol) = series(LONDON, date(2024, 9, 1), start);
    let h = History::try_from_instants(900, LONDON, ts, vol).unwrap();
    let f = forecast(&h, &weekly_average(start, 4)).unwrap();
    let r = requirements(
        &f,
        &StaffingOptions {
            service_level: Some(0.8),
            ..Default::default()
        },
    )
    .unwrap();
    let ff = wfmkit::io::forecast_to_frame(&f, "q").unwrap();
    let rf = wfmkit::io::requirements_to_frame(&r, "q").unwrap();
    // In order, the frame reads back to the same rows.
    assert_eq!(wfmkit::io::forecast_from_frame(&ff).unwrap().timestamps, f.timestamps);
    let desc = |df: &DataFrame| {
        df.sort(
            ["interval_start"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .unwrap()
    };
    let err = wfmkit::io::forecast_from_frame(&desc(&ff)).unwrap_err();
    assert!(
        matches!(&err, wfmkit::io::IoError::Unsorted { column, row: 2, .. } if column == "interval_start"),
        "{err:?}"
    );
    let err = wfmkit::io::cover_requirement_from_frame(&desc(&rf), None).unwrap_err();
    assert!(err.to_string().starts_with("column `interval_start`, row 2 ("), "{err}");
    // Equal instants (a row given twice) are not later either.
    let twice = ff.slice(0, 3).vstack(&ff.slice(2, 1)).unwrap();
    let err = wfmkit::io::forecast_from_frame(&twice).unwrap_err();
    assert!(matches!(&err, wfmkit::io::IoError::Unsorted { row: 4, .. }), "{err:?}");
}

/// A hand-built forecast whose columns do not match its timestamps is a typed error, not a
/// panic, when put in a zone.
#[test]
fn in_zone_checks_column_lengths() {
    let mut f = grid_forecast(3600, local_grid(date(2024, 1, 1), date(2024, 1, 2), 3600));
    f.bands[0].hi.pop();
    let err = f.in_zone(LONDON).unwrap_err();
    assert_eq!(
        err,
        ForecastError::ForecastLengthMismatch {
            column: "volume_hi_80".into(),
            expected: 24,
            got: 23
        }
    );
    let mut f = grid_forecast(3600, local_grid(date(2024, 1, 1), date(2024, 1, 2), 3600));
    f.volume.truncate(3);
    let err = f.in_zone(LONDON).unwrap_err();
    assert_eq!(
        err.to_string(),
        "forecast column `volume` has 3 values but the forecast has 24 intervals"
    );
}

/// `onto_wall_clock` looks for skipped slots only in gaps of at most two days, so its work
/// follows the rows, not the span. Regression: it walked every slot from the first row to the
/// last, so two rows 5,000 years apart at 1-minute intervals (2.6 billion slots) ran for about
/// half an hour (100 years took 1.9 s); the test suite's own run time shows a regression. The rows come back as they are; inside a short gap the
/// skipped slots are still filled (31 March 2024, London: 01:00 and 01:30 at 30 minutes).
#[test]
fn onto_wall_clock_work_follows_the_rows() {
    use wfmkit::forecast::onto_wall_clock;
    let a = date(2024, 1, 1).and_hms_opt(0, 0, 0).unwrap();
    let b = a + Duration::days(365 * 5000);
    let (ts, v) = onto_wall_clock(60, LONDON, &[a, b], &[1.0, 2.0]).unwrap();
    assert_eq!((ts, v), (vec![a, b], vec![1.0, 2.0]));
    let t = |h, m| date(2024, 3, 31).and_hms_opt(h, m, 0).unwrap();
    let (ts, v) = onto_wall_clock(1800, LONDON, &[t(0, 30), t(2, 0)], &[4.0, 6.0]).unwrap();
    assert_eq!(ts, vec![t(0, 30), t(1, 0), t(1, 30), t(2, 0)]);
    assert_eq!(v, vec![4.0, 0.0, 0.0, 6.0]);
}

/// A zoned requirement frame: a bad value in the repeated hour of the fall-back change is an
/// error naming its row, not hidden by the larger value of its twin interval (the wall-clock grid
/// takes the maximum of the two). London, 27 October 2024: 00:00–01:30 UTC are 01:00 BST, 01:30
/// BST, 01:00 GMT, 01:30 GMT.
#[test]
fn repeated_hour_requirement_values_are_checked_per_row() {
    let utc: Vec<NaiveDateTime> = (0..4)
        .map(|i| at(date(2024, 10, 27), 0, 0) + Duration::minutes(30 * i))
        .collect();
    for (bad, shown) in [(f64::NAN, "NaN"), (-3.0, "-3")] {
        let df = polars::prelude::DataFrame::new_infer_height(vec![
            wfmkit::io::zoned_series("interval_start", &utc, LONDON).unwrap(),
            polars::prelude::Column::new("agents".into(), [1.0, bad, 2.0, 3.0]),
        ])
        .unwrap();
        let err = wfmkit::io::cover_requirement_from_frame(&df, Some("agents")).unwrap_err();
        assert!(
            matches!(
                err,
                wfmkit::Error::Schedule(wfmkit::schedule::ScheduleError::InvalidRequirement { row: 2, .. })
            ),
            "{shown}: {err:?}"
        );
    }
}
