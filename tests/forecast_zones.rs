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
        let ambiguous = wfmkit::forecast::zone::is_ambiguous(zone, local);
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

/// Requirements are per real interval; the scheduler's requirement is on the local grid: the
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
    let req = r.to_schedule_requirement().unwrap();
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
    let req = r.to_schedule_requirement().unwrap();
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
        wfmkit::io::zoned_series("interval_start", &utc, Tz::UTC),
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
        zones[0].starts_with("queue `b`: its history has Europe/London but queue `a`'s has no time zone")
            && zones[0].contains("set `time_zone` for all queues or for none"),
        "{problems:?}"
    );
}

/// `onto_wall_clock` looks for skipped slots only in gaps of at most two days, so its work
/// follows the rows, not the span. Regression: it walked every slot from the first row to the
/// last, so two rows 5,000 years apart at 1-minute intervals (2.6 billion slots) ran for about
/// half an hour (100 years took 1.9 s). The rows come back as they are; inside a short gap the
/// skipped slots are still filled (31 March 2024, London: 01:00 and 01:30 at 30 minutes).
#[test]
fn onto_wall_clock_work_follows_the_rows() {
    use wfmkit::forecast::onto_wall_clock;
    let a = date(2024, 1, 1).and_hms_opt(0, 0, 0).unwrap();
    let b = a + Duration::days(365 * 5000);
    let started = std::time::Instant::now();
    let (ts, v) = onto_wall_clock(60, LONDON, &[a, b], &[1.0, 2.0]);
    assert!(started.elapsed().as_secs_f64() < 1.0, "{:?}", started.elapsed());
    assert_eq!((ts, v), (vec![a, b], vec![1.0, 2.0]));
    let t = |h, m| date(2024, 3, 31).and_hms_opt(h, m, 0).unwrap();
    let (ts, v) = onto_wall_clock(1800, LONDON, &[t(0, 30), t(2, 0)], &[4.0, 6.0]);
    assert_eq!(ts, vec![t(0, 30), t(1, 0), t(1, 30), t(2, 0)]);
    assert_eq!(v, vec![4.0, 0.0, 0.0, 6.0]);
}
