//! Bad input never panics, hangs or returns nonsense: seeded random inputs for every public entry
//! point that takes user data (histories and forecasts, staffing, the scheduler, the job config,
//! input files), each call wrapped in `catch_unwind`.
//!
//! Every test draws its cases from a fixed-seed SplitMix64 generator (Steele, Lea & Flood,
//! "Fast splittable pseudorandom number generators", OOPSLA 2014), so a run is reproducible: a
//! failure names the test, the case number and the input. Each call must return `Ok` with sane
//! values (finite, non-negative, of the promised length) or `Err` with a non-empty message, and
//! finish within a few seconds (solver time limits are at most 2 s). All failures of a test are
//! collected and reported together.
//!
//! Environment: `WFMKIT_FUZZ_SCALE=10` runs ten times as many cases, `WFMKIT_FUZZ_SEED=n` other
//! ones, `WFMKIT_FUZZ_FULL=1` prints failing inputs in full and `WFMKIT_FUZZ_ERRORS=1` every
//! error message (to see which checks the cases reach).

#![cfg(feature = "io")]

mod common;

use std::cell::{Cell, RefCell};
use std::fmt::{Debug, Display};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use polars::prelude::*;
use wfmkit::forecast::{
    backtest, forecast, onto_wall_clock, parse_time_zone, BacktestOptions, Forecast, ForecastModel, ForecastOptions,
    Forecaster, History, SeasonalNaive, SpecialDay, SpecialDayKind, Tz, WeeklyAverage,
};
use wfmkit::io::{
    cover_requirement_from_frame, forecast_from_frame, frame_to_bytes, history_from_frame_in_zone, read_bytes,
    read_history, validate_job, FileFormat, HistoryColumns, JobConfig,
};
use wfmkit::requirements::requirements;
use wfmkit::schedule::{schedule, CoverRequirement, Plan, ScheduleOptions, ShiftTemplate};
use wfmkit::staffing::{
    agents_from_f64, approx, erlang_a, erlang_b, erlang_c, gross_agents, required_agents, required_agents_batch,
    servers_for_blocking, traffic_for_blocking, Shrinkage, SlDefinition, StaffingModel, StaffingOptions,
};

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

/// SplitMix64: a tiny, well-mixed, seedable generator (no dependency).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo) as u64 + 1)) as i64
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    /// Mostly (90%) one of `good`, else one of `odd`.
    fn mostly<T: Clone>(&mut self, good: &[T], odd: &[T]) -> T {
        if self.chance(0.9) {
            self.pick(good)
        } else {
            self.pick(odd)
        }
    }
}

thread_local! {
    /// Set while a fuzzed call runs: its panic message is recorded, not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A panic hook that records (with its location) the panics of fuzzed calls and leaves every
/// other panic, such as a failing assertion, to the default hook.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                LAST_PANIC.with(|l| *l.borrow_mut() = info.to_string());
            } else {
                default(info);
            }
        }));
    });
}

/// How many times the default number of cases to run (`WFMKIT_FUZZ_SCALE`, default 1).
fn scale() -> usize {
    std::env::var("WFMKIT_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// One fuzz test: its cases, calls and failures.
struct Fuzz {
    name: &'static str,
    rng: Rng,
    case: usize,
    calls: usize,
    /// Per entry point: how many calls returned `Ok` and how many `Err`.
    outcomes: std::collections::BTreeMap<String, (usize, usize)>,
    failures: Vec<String>,
    started: Instant,
}

fn short(s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{} … ({} bytes)", &s[..end], s.len())
}

impl Fuzz {
    fn new(name: &'static str, seed: u64) -> Self {
        install_hook();
        let extra: u64 = std::env::var("WFMKIT_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Self {
            name,
            rng: Rng::new(seed ^ extra.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            case: 0,
            calls: 0,
            outcomes: Default::default(),
            failures: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Runs `f`, which must not panic, must finish within `max_s` seconds and, on error, must say
    /// something. Returns its value when it is `Ok`.
    fn call<T, E: Display>(
        &mut self,
        what: &str,
        input: &dyn Debug,
        max_s: f64,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Option<T> {
        self.calls += 1;
        QUIET.with(|q| q.set(true));
        let t0 = Instant::now();
        let r = panic::catch_unwind(AssertUnwindSafe(f));
        let secs = t0.elapsed().as_secs_f64();
        QUIET.with(|q| q.set(false));
        let tally = self.outcomes.entry(what.to_string()).or_default();
        match &r {
            Ok(Ok(_)) => tally.0 += 1,
            _ => tally.1 += 1,
        }
        let out = match r {
            Err(_) => {
                let msg = LAST_PANIC.with(|l| std::mem::take(&mut *l.borrow_mut()));
                let msg = if msg.is_empty() {
                    "raised on another thread (a dependency's worker): see its message on stderr".into()
                } else {
                    msg
                };
                self.fail(what, input, format!("PANIC: {msg}"));
                None
            }
            Ok(Err(e)) => {
                if std::env::var_os("WFMKIT_FUZZ_ERRORS").is_some() {
                    eprintln!("{what}: {}", short(e.to_string(), 200));
                }
                if e.to_string().trim().is_empty() {
                    self.fail(what, input, "error with an empty message".into());
                }
                None
            }
            Ok(Ok(v)) => Some(v),
        };
        if secs > max_s {
            self.fail(what, input, format!("took {secs:.1} s (limit {max_s} s)"));
        }
        out
    }

    /// Records a failed sanity check on a result.
    fn check(&mut self, ok: bool, what: &str, input: &dyn Debug, problem: impl FnOnce() -> String) {
        if !ok {
            self.fail(what, input, problem());
        }
    }

    fn fail(&mut self, what: &str, input: &dyn Debug, problem: String) {
        self.failures.push(format!(
            "[{} case {}] {what}: {problem}\n    input: {}",
            self.name,
            self.case,
            short(
                format!("{input:?}"),
                if std::env::var_os("WFMKIT_FUZZ_FULL").is_some() {
                    usize::MAX
                } else {
                    3000
                }
            )
        ));
    }

    /// Asserts that nothing failed, reporting every failure.
    fn finish(self) {
        eprintln!(
            "{}: {} cases, {} calls, {:.2} s",
            self.name,
            self.case,
            self.calls,
            self.started.elapsed().as_secs_f64()
        );
        for (what, (ok, err)) in &self.outcomes {
            eprintln!("    {what}: {ok} ok, {err} err");
        }
        if !self.failures.is_empty() {
            let n = self.failures.len();
            let shown: Vec<&String> = self.failures.iter().take(25).collect();
            panic!(
                "{n} failure(s) in {}:\n{}",
                self.name,
                shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

/// Interesting `f64` values: edges, specials and typical magnitudes.
const SPECIAL_F64: [f64; 24] = [
    0.0,
    -0.0,
    5e-324,
    1e-300,
    1e-9,
    0.3,
    1.0,
    7.5,
    20.0,
    100.0,
    180.0,
    1800.0,
    2e4,
    1e7,
    1.000_000_1e7,
    1e12,
    1e300,
    f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    -1.0,
    -1e-300,
    f64::MIN,
];

/// Log-uniform between `10^lo_exp` and `10^hi_exp`, or (15%) one of [`SPECIAL_F64`].
fn special_or_random(rng: &mut Rng, lo_exp: f64, hi_exp: f64) -> f64 {
    if rng.chance(0.15) {
        rng.pick(&SPECIAL_F64)
    } else {
        10f64.powf(lo_exp + (hi_exp - lo_exp) * rng.unit())
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Zones with awkward rules: 30-minute DST (Lord Howe), midnight DST (São Paulo until 2019), a
/// skipped whole day (Apia, 30 December 2011), odd offsets (Kathmandu, Chatham).
fn random_zone(rng: &mut Rng) -> Tz {
    let names = [
        "Europe/London",
        "Europe/London",
        "America/New_York",
        "UTC",
        "Asia/Tokyo",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "Pacific/Apia",
        "Asia/Kathmandu",
        "Pacific/Chatham",
        "Pacific/Kiritimati",
        "America/Adak",
    ];
    parse_time_zone(rng.pick(&names)).unwrap()
}

/// A first day: mostly ordinary, sometimes next to a DST change or at the edges of the calendar.
fn random_first_day(rng: &mut Rng) -> NaiveDate {
    match rng.below(20) {
        0 => NaiveDate::MAX - Duration::days(rng.range(0, 40)),
        1 => NaiveDate::MIN + Duration::days(rng.range(0, 40)),
        2 => ymd(1, 1, 1) + Duration::days(rng.range(0, 40)),
        3 => ymd(9999, 12, 31) - Duration::days(rng.range(0, 60)),
        4 => ymd(2024, 3, 31) - Duration::days(rng.range(0, 40)),
        5 => ymd(2024, 10, 27) - Duration::days(rng.range(0, 40)),
        6 => ymd(2011, 12, 30) - Duration::days(rng.range(0, 30)),
        7 => ymd(2018, 11, 4) - Duration::days(rng.range(0, 30)),
        8 => ymd(2024, 4, 7) - Duration::days(rng.range(0, 30)),
        9 => ymd(1970, 1, 1) - Duration::days(rng.range(0, 30)),
        _ => ymd(2024, 1, 1) + Duration::days(rng.range(0, 365)),
    }
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn finite_nonneg(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite() && *x >= 0.0)
}

// ---------------------------------------------------------------------------------------------
// 1. Histories and forecasts
// ---------------------------------------------------------------------------------------------

const MODELS: [ForecastModel; 11] = [
    ForecastModel::Auto,
    ForecastModel::WeeklyAverage,
    ForecastModel::SeasonalNaive,
    ForecastModel::SeasonalNaiveDaily,
    ForecastModel::TopDown,
    ForecastModel::ShortTerm,
    ForecastModel::ProfileMean,
    ForecastModel::ProfileMedian,
    ForecastModel::Combination,
    ForecastModel::Mstl,
    ForecastModel::MstlCombination,
];

/// Raw history rows before any constructor has seen them.
#[derive(Debug, Clone)]
struct RawHistory {
    interval_s: u32,
    timestamps: Vec<NaiveDateTime>,
    volume: Vec<f64>,
    aht: Option<(Vec<f64>, Option<Vec<f64>>)>,
    ctor: u8,
    zone: Tz,
}

/// Ways to spoil a history, each applied to about 3% of the cases (a case is spoiled in one or
/// two ways 30% of the time).
#[derive(Clone, Copy, PartialEq)]
enum Spoil {
    Interval,
    FirstDay,
    Swap,
    Duplicate,
    OffGrid,
    FarAway,
    Volume,
    Empty,
    Lengths,
    Aht,
}

const SPOILS: [Spoil; 10] = [
    Spoil::Interval,
    Spoil::FirstDay,
    Spoil::Swap,
    Spoil::Duplicate,
    Spoil::OffGrid,
    Spoil::FarAway,
    Spoil::Volume,
    Spoil::Empty,
    Spoil::Lengths,
    Spoil::Aht,
];

fn random_history(rng: &mut Rng) -> RawHistory {
    let spoils: Vec<Spoil> = if rng.chance(0.3) {
        (0..rng.range(1, 2)).map(|_| rng.pick(&SPOILS)).collect()
    } else {
        Vec::new()
    };
    let spoiled = |s: Spoil| spoils.contains(&s);
    let interval_s: u32 = if spoiled(Spoil::Interval) {
        rng.pick(&[0, 1, 7, 90, 420, 1000, 86_401])
    } else {
        rng.pick(&[900, 1800, 1800, 3600, 3600, 3600, 7200, 300, 120, 5400, 86_400])
    };
    // The grid the rows are laid on: the interval when it is valid, else 15 minutes.
    let step = if wfmkit::forecast::check_interval(interval_s).is_ok() {
        interval_s
    } else {
        900
    };
    let mut days: i64 = rng.pick(&[1, 2, 7, 13, 14, 15, 21, 28, 28, 35, 42, 56, 56]);
    if step < 900 {
        days = days.min(3);
    } else if step == 900 {
        days = days.min(28);
    }
    let first = if spoiled(Spoil::FirstDay) {
        let base = rng.pick(&[NaiveDate::MAX, NaiveDate::MIN, ymd(1, 1, 1), ymd(9999, 12, 31)]);
        base.checked_add_signed(Duration::days(rng.range(-30, 30)))
            .unwrap_or(base)
    } else {
        loop {
            let d = random_first_day(rng);
            if d.year() >= 1 && d.year() <= 9999 {
                break d;
            }
        }
    };
    let slots = 86_400 / step as i64;
    let (open, close) = if rng.chance(0.5) {
        (0, slots)
    } else {
        let o = rng.range(0, slots - 1);
        (o, rng.range(o + 1, slots))
    };
    let closed_weekends = rng.chance(0.3);
    let level = 10f64.powf(-1.0 + 4.0 * rng.unit());
    let shape = rng.below(6);
    let mut timestamps = Vec::new();
    let mut volume = Vec::new();
    'days: for d in 0..days {
        let Some(date) = first.checked_add_signed(Duration::days(d)) else {
            break;
        };
        if closed_weekends && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for s in open..close {
            let Some(t) = midnight(date).checked_add_signed(Duration::seconds(s * step as i64)) else {
                break 'days;
            };
            timestamps.push(t);
            let x = (s as f64 / slots as f64 * std::f64::consts::PI).sin();
            volume.push(match shape {
                0 => 0.0,
                1 => level,
                2 => (level * x).round(),
                3 => level * x * (1.0 + 0.3 * rng.unit()),
                4 => rng.pick(&[1e6, 1e12, 1e15]) * x,
                _ => rng.below(20) as f64,
            });
        }
    }
    if days > 3 && rng.chance(0.15) {
        // Gaps (valid): drop a share of the rows.
        let keep: Vec<bool> = (0..timestamps.len()).map(|_| rng.chance(0.7)).collect();
        let mut k = keep.iter();
        timestamps.retain(|_| *k.next().unwrap());
        let mut k = keep.iter();
        volume.retain(|_| *k.next().unwrap());
    }
    let n = timestamps.len();
    if n > 2 && spoiled(Spoil::Swap) {
        let i = rng.below(n - 1);
        timestamps.swap(i, i + 1);
    }
    if n > 1 && spoiled(Spoil::Duplicate) {
        let i = rng.below(n);
        timestamps.insert(i, timestamps[i]);
        volume.insert(i, volume[i]);
    }
    if n > 0 && spoiled(Spoil::OffGrid) {
        let i = rng.below(n);
        timestamps[i] += Duration::seconds(rng.pick(&[1, 59, 60, 450, 86_399]));
        if rng.chance(0.3) {
            timestamps[i] = timestamps[i].with_nanosecond_safe(rng.pick(&[1, 999_999_999, 1_500_000_000]));
        }
    }
    if n > 0 && spoiled(Spoil::FarAway) {
        // A far-away row: a mistyped year, at either end.
        let years = rng.pick(&[30, 300, 3000, 8000, 100_000, 300_000]);
        if let Some(far) = timestamps[n - 1].checked_add_signed(Duration::days(365 * years)) {
            timestamps.push(far);
            volume.push(1.0);
        }
        if rng.chance(0.5) {
            if let Some(far) = timestamps[0].checked_sub_signed(Duration::days(365 * years)) {
                timestamps.insert(0, far);
                volume.insert(0, 1.0);
            }
        }
    }
    if !volume.is_empty() && spoiled(Spoil::Volume) {
        let i = rng.below(volume.len());
        volume[i] = rng.pick(&SPECIAL_F64);
    }
    if spoiled(Spoil::Empty) {
        timestamps.clear();
        volume.clear();
    }
    if spoiled(Spoil::Lengths) {
        volume.push(1.0);
    }
    if rng.chance(0.03) {
        // A single row.
        timestamps.truncate(1);
        volume.truncate(1);
    }
    let aht = rng.chance(0.4).then(|| {
        let mut aht: Vec<f64> = (0..timestamps.len())
            .map(|_| {
                if rng.chance(0.1) {
                    f64::NAN
                } else {
                    180.0 + 200.0 * rng.unit()
                }
            })
            .collect();
        if !aht.is_empty() && spoiled(Spoil::Aht) {
            let i = rng.below(aht.len());
            aht[i] = rng.pick(&SPECIAL_F64);
        }
        if spoiled(Spoil::Lengths) && rng.chance(0.5) {
            aht.pop();
        }
        let weight = rng.chance(0.5).then(|| {
            let mut w: Vec<f64> = (0..timestamps.len()).map(|_| rng.below(30) as f64).collect();
            if !w.is_empty() && spoiled(Spoil::Aht) {
                let i = rng.below(w.len());
                w[i] = rng.pick(&SPECIAL_F64);
            }
            w
        });
        (aht, weight)
    });
    let ctor = rng.below(3) as u8;
    let zone = random_zone(rng);
    RawHistory {
        interval_s,
        // Instants: the local grid's instants in the zone (as real data is), or now and then the
        // naive times read as UTC.
        timestamps: if ctor == 2 && rng.chance(0.8) {
            let ts: Vec<NaiveDateTime> = timestamps
                .iter()
                .filter_map(|t| zone.from_local_datetime(t).earliest().map(|i| i.naive_utc()))
                .collect();
            if ts.len() == volume.len() {
                ts
            } else {
                timestamps
            }
        } else {
            timestamps
        },
        volume,
        aht,
        ctor,
        zone,
    }
}

trait WithNanosecondSafe {
    fn with_nanosecond_safe(self, ns: u32) -> Self;
}

impl WithNanosecondSafe for NaiveDateTime {
    fn with_nanosecond_safe(self, ns: u32) -> Self {
        chrono::Timelike::with_nanosecond(&self, ns).unwrap_or(self)
    }
}

fn build_history(raw: &RawHistory) -> Result<History, wfmkit::forecast::ForecastError> {
    let h = match raw.ctor {
        0 => History::try_new(raw.interval_s, raw.timestamps.clone(), raw.volume.clone())?,
        1 => History::try_new_in_zone(raw.interval_s, raw.zone, raw.timestamps.clone(), raw.volume.clone())?,
        _ => {
            let instants: Vec<DateTime<Utc>> = raw.timestamps.iter().map(|t| Utc.from_utc_datetime(t)).collect();
            History::try_from_instants(raw.interval_s, raw.zone, instants, raw.volume.clone())?
        }
    };
    match &raw.aht {
        Some((aht, w)) => h.with_aht(aht.clone(), w.clone()),
        None => Ok(h),
    }
}

fn random_levels(rng: &mut Rng) -> Vec<f64> {
    rng.pick(&[
        vec![80.0, 95.0],
        vec![80.0, 95.0],
        vec![50.0],
        vec![],
        vec![1e-9, 99.999_999_9],
    ])
}

fn odd_levels(rng: &mut Rng) -> Vec<f64> {
    let pool = [0.0, 100.0, 150.0, f64::NAN, f64::INFINITY, -5.0];
    vec![80.0, rng.pick(&pool)]
}

/// Forecast options: valid (75%), or with one option out of range.
fn random_forecast_options(rng: &mut Rng, h: &History) -> ForecastOptions {
    let last = h.last().date();
    let holidays = if rng.chance(0.2) {
        (0..rng.range(1, 3))
            .filter_map(|_| {
                let date = last.checked_add_signed(Duration::days(rng.range(-20, 10)))?;
                let kind = match rng.below(3) {
                    0 => SpecialDayKind::Closed,
                    1 => SpecialDayKind::Scale {
                        factor: rng.pick(&[0.5, 1.3, 1e-9, 1e9]),
                    },
                    _ => SpecialDayKind::Like {
                        weekday: rng.pick(&[Weekday::Mon, Weekday::Sat, Weekday::Sun]),
                    },
                };
                Some(SpecialDay { date, kind })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut o = ForecastOptions {
        model: rng.pick(&MODELS),
        k_weeks: rng.pick(&[8, 8, 1, 4, 520]),
        horizon_days: rng.pick(&[7, 7, 1, 2, 14, 366]),
        start: rng
            .chance(0.2)
            .then(|| last.checked_add_signed(Duration::days(rng.range(-30, 30))))
            .flatten(),
        levels: random_levels(rng),
        aht_s: if rng.chance(0.1) {
            None
        } else {
            Some(rng.pick(&[240.0, 1e-300, 1e9]))
        },
        holidays,
        aht_shrinkage: rng.chance(0.2).then(|| rng.pick(&[0.0, 1.0, 1e6, 1e300])),
    };
    if rng.chance(0.25) {
        match rng.below(7) {
            0 => o.k_weeks = rng.pick(&[0, 521, u32::MAX]),
            1 => o.horizon_days = rng.pick(&[0, 367, 400, u32::MAX]),
            2 => {
                let far = last
                    .checked_add_signed(Duration::days(rng.range(-3000, 3000)))
                    .unwrap_or(last);
                o.start = Some(rng.pick(&[NaiveDate::MAX, NaiveDate::MIN, ymd(1, 1, 1), far]))
            }
            3 => o.levels = odd_levels(rng),
            4 => o.aht_s = Some(rng.pick(&SPECIAL_F64)),
            5 => o.aht_shrinkage = Some(rng.pick(&SPECIAL_F64)),
            _ => {
                let factor = rng.pick(&SPECIAL_F64);
                o.holidays.push(SpecialDay {
                    date: last,
                    kind: SpecialDayKind::Scale { factor },
                })
            }
        }
    }
    o
}

/// The promises of a forecast: one value per row, finite non-negative volumes and AHT, bands
/// around the volume, rows in order.
fn check_forecast(fz: &mut Fuzz, what: &str, input: &dyn Debug, f: &Forecast, rows: Option<usize>) {
    let n = f.timestamps.len();
    fz.check(f.volume.len() == n && f.aht_s.len() == n, what, input, || {
        format!(
            "lengths: {} timestamps, {} volumes, {} AHT",
            n,
            f.volume.len(),
            f.aht_s.len()
        )
    });
    if let Some(rows) = rows {
        fz.check(n == rows, what, input, || format!("{n} rows, expected {rows}"));
    }
    fz.check(finite_nonneg(&f.volume), what, input, || {
        format!(
            "volume not finite and >= 0: {:?}",
            short(format!("{:?}", f.volume), 300)
        )
    });
    // A volume-only forecast (no AHT in the history, none given) has NaN in every row; any
    // other is finite and >= 0 everywhere.
    let volume_only = f.aht_s.iter().all(|a| a.is_nan());
    fz.check(volume_only || finite_nonneg(&f.aht_s), what, input, || {
        format!(
            "aht_s neither all NaN nor finite and >= 0: {}",
            short(format!("{:?}", f.aht_s), 300)
        )
    });
    // Rows in time order: naive times increase; a zoned forecast repeats the local times of a
    // fall-back hour, so its instants increase.
    let ordered = match f.instants() {
        Ok(None) => f.timestamps.windows(2).all(|w| w[0] < w[1]),
        Ok(Some(i)) => i.windows(2).all(|w| w[0] < w[1]),
        Err(_) => false,
    };
    fz.check(ordered, what, input, || {
        "rows not in strictly increasing time order".into()
    });
    for b in &f.bands {
        let ok = b.lo.len() == n
            && b.hi.len() == n
            && (0..n).all(|i| {
                b.lo[i].is_finite()
                    && b.hi[i].is_finite()
                    && b.lo[i] >= 0.0
                    && b.lo[i] <= f.volume[i] + 1e-9 * f.volume[i]
                    && b.hi[i] >= f.volume[i] - 1e-9 * f.volume[i]
            });
        fz.check(ok, what, input, || {
            format!("band at level {} is not a finite band around the volume", b.level)
        });
    }
}

#[test]
fn histories_and_forecasts_never_panic() {
    let mut fz = Fuzz::new("histories_and_forecasts", 0x5EED_0001);
    for _ in 0..600 * scale() {
        fz.case += 1;
        let raw = random_history(&mut fz.rng);
        let Some(h) = fz.call("History constructor", &raw, 5.0, || build_history(&raw)) else {
            continue;
        };
        fz.check(
            !h.is_empty() && h.len() <= raw.timestamps.len() && finite_nonneg(h.volume()),
            "History",
            &raw,
            || format!("{} rows from {} inputs", h.len(), raw.timestamps.len()),
        );
        let opts = random_forecast_options(&mut fz.rng, &h);
        let input = (&raw, &opts);
        let slots = (86_400 / h.interval_s()) as usize;
        let rows = (h.zone().is_none()).then(|| opts.horizon_days as usize * slots);
        if let Some(f) = fz.call("forecast", &input, 10.0, || forecast(&h, &opts)) {
            check_forecast(&mut fz, "forecast", &input, &f, rows);
        }
        // The fitted model directly, with another horizon and levels.
        if fz.rng.chance(0.3) {
            let fitted = fz.call("Forecaster::fit", &input, 10.0, || Forecaster::new(&opts)?.fit(&h));
            if let Some(fitted) = fitted {
                let horizon = fz.rng.mostly(&[1, 3, 7, 366], &[0, 367, u32::MAX]);
                let levels = if fz.rng.chance(0.9) {
                    random_levels(&mut fz.rng)
                } else {
                    odd_levels(&mut fz.rng)
                };
                let level = fz.rng.mostly(&[50.0, 80.0, 95.0], &[0.0, 100.0, 150.0, f64::NAN]);
                let input = (&raw, &opts, horizon, &levels, level);
                let _ = fitted.dispersion(level);
                let _ = (fitted.name(), fitted.scores(), fitted.choice());
                let rows = (h.zone().is_none()).then(|| horizon as usize * slots);
                if let Some(f) = fz.call("FittedForecaster::predict", &input, 10.0, || {
                    fitted.predict(horizon, &levels)
                }) {
                    check_forecast(&mut fz, "FittedForecaster::predict", &input, &f, rows);
                }
            }
        }
        // The named baselines (faces of the forecaster), with any start.
        if fz.rng.chance(0.3) {
            let k = fz.rng.mostly(&[1, 4, 8, 520], &[0, 521, 100_000, u32::MAX]);
            let start = match fz.rng.below(8) {
                0 => fz.rng.pick(&[NaiveDate::MAX, NaiveDate::MIN, ymd(9999, 12, 31)]),
                1 => h
                    .last()
                    .date()
                    .checked_add_signed(Duration::days(fz.rng.range(-3000, 3000)))
                    .unwrap_or(NaiveDate::MAX),
                _ => h
                    .last()
                    .date()
                    .checked_add_signed(Duration::days(fz.rng.range(-10, 10)))
                    .unwrap_or(NaiveDate::MAX),
            };
            let horizon = fz.rng.mostly(&[1, 7, 366], &[0, 367, u32::MAX]);
            let levels = if fz.rng.chance(0.9) {
                random_levels(&mut fz.rng)
            } else {
                odd_levels(&mut fz.rng)
            };
            let aht = fz
                .rng
                .mostly(&[Some(200.0)], &[None, Some(f64::NAN), Some(-1.0), Some(f64::INFINITY)]);
            let naive = fz.rng.chance(0.3);
            let input = (&raw, k, start, horizon, &levels, aht, naive);
            let rows = (h.zone().is_none()).then(|| horizon as usize * slots);
            let f = fz.call("WeeklyAverage::predict", &input, 10.0, || {
                let fitted = if naive {
                    SeasonalNaive.fit(&h)?
                } else {
                    WeeklyAverage::new(k)?.fit(&h)?
                };
                fitted.predict(start, horizon, &levels, aht)
            });
            if let Some(f) = f {
                check_forecast(&mut fz, "WeeklyAverage::predict", &input, &f, rows);
            }
        }
        // The rolling-origin backtest.
        if fz.rng.chance(0.15) {
            let bo = BacktestOptions {
                horizon_days: fz.rng.mostly(&[1, 2, 7], &[0, 367, u32::MAX]),
                origins: fz.rng.mostly(&[1, 2, 3], &[0, 1000, 1001, u32::MAX]),
                step_days: fz.rng.mostly(&[None, Some(1)], &[Some(0), Some(u32::MAX)]),
                models: (0..fz.rng.mostly(&[1, 2], &[0]))
                    .map(|_| fz.rng.pick(&MODELS[1..9]))
                    .collect(),
                levels: random_levels(&mut fz.rng),
                k_weeks: fz.rng.mostly(&[8, 1], &[0, u32::MAX]),
                holidays: Vec::new(),
            };
            let input = (&raw, &bo);
            if let Some(rows) = fz.call("backtest", &input, 30.0, || backtest(&h, &bo)) {
                let ok = rows.iter().all(|r| r.coverage.len() == bo.levels.len());
                fz.check(ok, "backtest", &input, || "coverage length differs from levels".into());
            }
        }
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// 2. Staffing
// ---------------------------------------------------------------------------------------------

fn random_agents(rng: &mut Rng) -> u32 {
    match rng.below(5) {
        0 => rng.pick(&[0, 1, 2, 14, 100, 10_000, 1_000_000, 10_001_000, u32::MAX - 1, u32::MAX]),
        _ => rng.below(200) as u32,
    }
}

fn prob(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

/// Staffing options: usually (75%) valid for their model, else with one field spoiled.
fn random_staffing_options(rng: &mut Rng) -> StaffingOptions {
    let model = rng.pick(&[StaffingModel::ErlangB, StaffingModel::ErlangC, StaffingModel::ErlangA]);
    let mut o = StaffingOptions::new(model);
    let unit = |rng: &mut Rng| {
        let u = rng.unit();
        rng.mostly(&[u, 0.8, 0.05], &[0.0, 1.0, 5e-324, 1.0 - 1e-16])
    };
    o.sl_definition = rng.pick(&[SlDefinition::Offered, SlDefinition::Answered, SlDefinition::Virtual]);
    let u = rng.unit() * 0.99;
    o.shrinkage = rng.mostly(&[0.0, 0.3, u], &[0.999_999_999]);
    o.answer_within_s = rng.mostly(&[20.0, 0.0, 60.0], &[1e-300, 1e9, 1e300]);
    if rng.chance(0.3) {
        o.max_occupancy = Some(rng.mostly(&[0.85, 0.95, 1.0], &[1e-9, 1e-300]));
    }
    match model {
        StaffingModel::ErlangB => o.max_blocking = Some(unit(rng)),
        _ => {
            if model == StaffingModel::ErlangA {
                o.patience_s = Some(rng.mostly(&[120.0, 30.0, 600.0], &[0.0, 5e-324, 1e-9, 1e9, 1e300, f64::INFINITY]));
                if rng.chance(0.4) {
                    o.max_abandon = Some(unit(rng));
                }
            }
            match rng.below(4) {
                0 => o.max_asa_s = Some(rng.mostly(&[30.0, 5.0], &[0.0, 1e-300, 1e300])),
                1 => o.max_p_wait = Some(unit(rng)),
                _ => o.service_level = Some(unit(rng)),
            }
        }
    }
    if rng.chance(0.25) {
        let bad = rng.pick(&SPECIAL_F64);
        match rng.below(8) {
            0 => o.shrinkage = bad,
            1 => o.answer_within_s = bad,
            2 => o.patience_s = Some(bad),
            3 => o.service_level = Some(bad),
            4 => o.max_asa_s = Some(bad),
            5 => o.max_occupancy = Some(bad),
            6 => o.max_blocking = Some(bad),
            _ => o = StaffingOptions::new(model),
        }
    }
    o
}

#[test]
fn staffing_never_panics() {
    let mut fz = Fuzz::new("staffing", 0x5EED_0002);
    for _ in 0..2000 * scale() {
        fz.case += 1;
        let rng = &mut fz.rng;
        let volume = special_or_random(rng, -2.0, 4.0);
        let aht = special_or_random(rng, 0.5, 3.0);
        let interval = rng.mostly(
            &[1800.0, 900.0, 3600.0],
            &[0.0, -1.0, 1e-300, f64::NAN, f64::INFINITY, 1e300],
        );
        let agents = random_agents(rng);
        let t = rng.mostly(&[20.0, 0.0, 60.0], &SPECIAL_F64);
        let patience = rng.mostly(&[120.0, 30.0, 600.0], &SPECIAL_F64);
        let load = special_or_random(rng, -2.0, 4.5);
        let u = rng.unit();
        let p = rng.mostly(&[u, 0.01, 0.5], &SPECIAL_F64);
        let def = rng.pick(&[SlDefinition::Offered, SlDefinition::Answered, SlDefinition::Virtual]);
        let opts = random_staffing_options(rng);

        let input = (load, agents);
        if let Some(b) = fz.call("erlang_b", &input, 2.0, || erlang_b(load, agents)) {
            fz.check(prob(b), "erlang_b", &input, || format!("blocking {b}"));
        }
        let input = (load, p);
        if let Some(n) = fz.call("servers_for_blocking", &input, 2.0, || servers_for_blocking(load, p)) {
            let b = erlang_b(load, n).unwrap_or(f64::NAN);
            fz.check(b <= p * (1.0 + 1e-9), "servers_for_blocking", &input, || {
                format!("{n} servers block {b}")
            });
        }
        let input = (agents, p);
        if let Some(a) = fz.call("traffic_for_blocking", &input, 2.0, || traffic_for_blocking(agents, p)) {
            fz.check(a.is_finite() && a >= 0.0, "traffic_for_blocking", &input, || {
                format!("traffic {a}")
            });
        }
        let input = (volume, aht, interval, agents, t);
        if let Some(m) = fz.call("erlang_c", &input, 2.0, || erlang_c(volume, aht, interval, agents, t)) {
            let ok = prob(m.p_wait) && prob(m.service_level) && prob(m.occupancy) && m.asa_s >= 0.0;
            fz.check(ok, "erlang_c", &input, || format!("{m:?}"));
        }
        let input = (volume, aht, interval, agents, patience, t, def);
        if let Some(m) = fz.call("erlang_a", &input, 2.0, || {
            erlang_a(volume, aht, interval, agents, patience, t, def)
        }) {
            let ok = prob(m.p_wait) && prob(m.p_abandon) && prob(m.service_level) && prob(m.occupancy);
            let ok = ok && m.asa_s >= 0.0 && m.mean_wait_all_s >= 0.0;
            fz.check(ok, "erlang_a", &input, || format!("{m:?}"));
        }
        let input = (volume, aht, interval, &opts);
        if let Some(s) = fz.call("required_agents", &input, 3.0, || {
            required_agents(volume, aht, interval, &opts)
        }) {
            let ok = s.agents_gross >= s.agents
                && prob(s.service_level)
                && prob(s.occupancy)
                && prob(s.p_wait)
                && prob(s.p_abandon)
                && s.asa_s >= 0.0;
            fz.check(ok, "required_agents", &input, || format!("{s:?}"));
        }
        if fz.rng.chance(0.2) {
            let n = fz.rng.below(5);
            let vols: Vec<f64> = (0..n).map(|_| special_or_random(&mut fz.rng, -1.0, 3.0)).collect();
            let mut ahts: Vec<f64> = (0..n).map(|_| special_or_random(&mut fz.rng, 1.0, 3.0)).collect();
            if fz.rng.chance(0.1) {
                ahts.push(180.0);
            }
            let input = (&vols, &ahts, interval, &opts);
            if let Some(out) = fz.call("required_agents_batch", &input, 5.0, || {
                required_agents_batch(&vols, &ahts, interval, &opts)
            }) {
                fz.check(out.len() == vols.len(), "required_agents_batch", &input, || {
                    format!("{} results for {} intervals", out.len(), vols.len())
                });
            }
        }
        // The small helpers.
        let x = fz.rng.pick(&SPECIAL_F64);
        let net = random_agents(&mut fz.rng);
        let _ = fz.call("gross_agents", &(net, x), 1.0, || gross_agents(net, x));
        let _ = fz.call("Shrinkage::try_new", &x, 1.0, || Shrinkage::try_new(x));
        let _ = fz.call("agents_from_f64", &x, 1.0, || agents_from_f64(x));
        let _ = fz.call("halfin_whitt_beta", &x, 1.0, || approx::halfin_whitt_beta(x));
        let _ = fz.call("square_root_staffing", &(load, x), 1.0, || {
            approx::square_root_staffing(load, x)
        });
        let w = approx::halfin_whitt_p_wait(x);
        fz.check(prob(w), "halfin_whitt_p_wait", &x, || format!("{w}"));
        // Staffing a whole forecast, then turning it into a scheduling requirement.
        if fz.rng.chance(0.2) {
            let n = fz.rng.below(12);
            let t0 = midnight(random_first_day(&mut fz.rng));
            let value = |rng: &mut Rng, lo: f64, hi: f64| {
                if rng.chance(0.03) {
                    rng.pick(&SPECIAL_F64)
                } else {
                    10f64.powf(lo + (hi - lo) * rng.unit())
                }
            };
            let f = Forecast {
                interval_s: fz.rng.mostly(&[1800], &[900, 0, 7]),
                timestamps: (0..n)
                    .filter_map(|i| t0.checked_add_signed(Duration::minutes(30 * i as i64)))
                    .collect(),
                volume: (0..n).map(|_| value(&mut fz.rng, -1.0, 3.0)).collect(),
                aht_s: (0..n).map(|_| value(&mut fz.rng, 1.0, 3.0)).collect(),
                bands: vec![],
                model: "given".into(),
                zone: fz.rng.chance(0.3).then(|| random_zone(&mut fz.rng)),
            };
            let input = (&f, &opts);
            if let Some(r) = fz.call("requirements", &input, 5.0, || requirements(&f, &opts)) {
                let _ = fz.call("to_cover_requirement", &input, 5.0, || r.to_cover_requirement());
            }
        }
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// 3. The scheduler
// ---------------------------------------------------------------------------------------------

/// A time of day on the `step_min` grid as "HH:MM".
fn hhmm(rng: &mut Rng, step_min: u32) -> String {
    let m = rng.below((1440 / step_min.max(1)) as usize) as u32 * step_min;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// `u32` fields that overflow when multiplied by 60, wrap to 0, or do not fit.
const ODD_MINUTES: [u64; 8] = [
    0,
    1,
    7,
    1_073_741_824,
    71_582_789,
    71_582_790,
    4_294_967_295,
    4_294_967_296,
];

/// A template as TOML text: usually (85%) valid for the interval, else with one field spoiled.
fn random_template(rng: &mut Rng, name: &str, interval_min: u32) -> String {
    let step = interval_min as u64;
    let start = hhmm(rng, interval_min);
    let t = NaiveTime::parse_from_str(&start, "%H:%M").unwrap();
    let end = t
        .overflowing_add_signed(Duration::minutes(step as i64 * rng.range(0, 12)))
        .0
        .max(t)
        .format("%H:%M")
        .to_string();
    // Up to 16 intervals, or (10%) up to three days.
    let len = if rng.chance(0.1) {
        (rng.range(1, 4320) as u64).div_ceil(step) * step
    } else {
        step * rng.range(1, 16) as u64
    };
    let mut fields: Vec<(&str, String)> = vec![
        ("name", format!("{name:?}")),
        ("earliest_start", format!("{start:?}")),
        ("latest_start", format!("{end:?}")),
        ("min_length_min", len.to_string()),
        ("max_length_min", (len + step * rng.range(0, 3) as u64).to_string()),
    ];
    if rng.chance(0.3) {
        fields.push(("start_step_min", (step * rng.range(1, 4) as u64).to_string()));
    }
    if rng.chance(0.3) {
        fields.push(("length_step_min", (step * rng.range(1, 4) as u64).to_string()));
    }
    if rng.chance(0.2) {
        fields.push((
            "days",
            rng.pick(&["[\"Mon\", \"Fri\"]", "[\"Sat\"]", "[\"Mon\", \"Mon\"]"])
                .into(),
        ));
    }
    if rng.chance(0.2) {
        fields.push(("cost_per_min", rng.pick(&["0.0", "0.5", "2.0", "1e-300"]).into()));
    }
    if rng.chance(0.2) {
        fields.push(("max_per_day", rng.range(1, 5).to_string()));
    }
    if rng.chance(0.3) && len >= 4 * step {
        // Ordered, disjoint windows inside the shortest shift.
        let mut rules = Vec::new();
        let mut from = step;
        for _ in 0..rng.range(1, 2) {
            let blen = step;
            let late = from + step * rng.range(0, 2) as u64;
            if late + blen > len {
                break;
            }
            rules.push(format!(
                "{{ length_min = {blen}, earliest_after_start_min = {from}, latest_after_start_min = {late}, paid = {} }}",
                rng.chance(0.5)
            ));
            from = late + blen;
        }
        fields.push(("breaks", format!("[{}]", rules.join(", "))));
    }
    if rng.chance(0.15) {
        // Spoil one field.
        let odd = rng.pick(&ODD_MINUTES).to_string();
        let (key, value): (&str, String) = match rng.below(12) {
            0 => (
                "earliest_start",
                rng.pick(&["\"24:00\"", "\"23:59:60\"", "\"07:00:30\"", "\"ab\"", "\"07:07\""])
                    .into(),
            ),
            1 => (
                "latest_start",
                rng.pick(&["\"00:00\"", "\"23:59:59\"", "\"-01:00\""]).into(),
            ),
            2 => ("min_length_min", odd),
            3 => ("max_length_min", odd),
            4 => ("start_step_min", odd),
            5 => ("length_step_min", odd),
            6 => ("days", rng.pick(&["[]", "[\"Xyz\"]"]).into()),
            7 => ("cost_per_min", rng.pick(&["-1.0", "nan", "inf", "1e300"]).into()),
            8 => ("max_per_day", rng.pick(&["0", "4294967295", "-1"]).into()),
            9 => ("name", rng.pick(&["\"\"", "\" \""]).into()),
            _ => {
                let a = rng.pick(&ODD_MINUTES);
                let b = rng.pick(&[0u64, 15, 30, 60]);
                let c = rng.pick(&ODD_MINUTES);
                let rule =
                    format!("{{ length_min = {a}, earliest_after_start_min = {b}, latest_after_start_min = {c} }}");
                ("breaks", format!("[{rule}]"))
            }
        };
        fields.retain(|(k, _)| *k != key);
        fields.push((key, value));
    }
    fields.iter().map(|(k, v)| format!("{k} = {v}\n")).collect()
}

#[derive(Debug)]
struct ScheduleCase {
    interval_s: u32,
    start: NaiveDateTime,
    agents: Vec<f64>,
    gap_at: Option<usize>,
    templates: Vec<String>,
    options: ScheduleOptions,
}

/// The promises of a plan: coverage row per interval and consistent with the shifts' counts;
/// finite, non-negative costs; no under-cover with hard coverage.
fn check_plan(fz: &mut Fuzz, case: &ScheduleCase, req: &CoverRequirement, plan: &Plan) {
    let n = req.len();
    let c = &plan.coverage;
    let lens = c.timestamps.len() == n
        && c.required.len() == n
        && c.scheduled.len() == n
        && c.short.len() == n
        && c.over.len() == n;
    fz.check(lens, "schedule", case, || {
        "coverage lengths differ from the requirement".into()
    });
    if !lens {
        return;
    }
    let consistent = (0..n).all(|i| {
        let (r, s) = (c.required[i], c.scheduled[i] as f64);
        (c.short[i] - (r - s).max(0.0)).abs() <= 1e-6 * r.max(1.0)
            && (c.over[i] - (s - r).max(0.0)).abs() <= 1e-6 * r.max(1.0)
    });
    fz.check(consistent, "schedule", case, || {
        "short/over do not match required - scheduled".into()
    });
    let k = &plan.costs;
    let costs = [
        k.paid,
        k.under,
        k.over,
        k.patterns,
        k.total,
        plan.objective,
        plan.bound,
        plan.gap,
    ];
    fz.check(finite_nonneg(&costs), "schedule", case, || {
        format!("costs {k:?}, bound {}, gap {}", plan.bound, plan.gap)
    });
    fz.check(
        plan.shifts
            .iter()
            .all(|s| s.count > 0 && s.end > s.start && s.paid_minutes <= s.length_min),
        "schedule",
        case,
        || "a shift with count 0, no length or more paid than worked minutes".into(),
    );
    if case.options.hard_coverage {
        fz.check(c.short.iter().all(|s| *s <= 1e-6), "schedule", case, || {
            "hard coverage, yet a plan with under-cover".into()
        });
    }
}

#[test]
fn schedules_never_panic() {
    let mut fz = Fuzz::new("schedules", 0x5EED_0003);
    for _ in 0..400 * scale() {
        fz.case += 1;
        let rng = &mut fz.rng;
        let interval_s: u32 = rng.mostly(&[900, 1800, 1800, 3600, 3600, 5400], &[0, 7, 90, 86_400]);
        let grid = if interval_s >= 60 && 86_400 % interval_s == 0 {
            interval_s
        } else {
            1800
        };
        let day = (86_400 / grid) as i64;
        let n = match rng.below(4) {
            0 => rng.range(1, 8) as usize,
            1 => rng.range(8, 200) as usize,
            _ => (day * rng.range(1, 2)).min(200) as usize,
        };
        let start = match rng.below(30) {
            0 => NaiveDateTime::MAX - Duration::hours(rng.range(0, 48)),
            1 => NaiveDateTime::MIN + Duration::hours(rng.range(0, 48)),
            2 => midnight(ymd(9999, 12, 31)),
            3 | 4 => midnight(ymd(2024, 1, 1)) + Duration::minutes(rng.range(0, 1439)),
            5..=14 => midnight(ymd(2024, 1, 1)) + Duration::days(rng.range(0, 6)),
            _ => midnight(ymd(2024, 1, 1)) + Duration::seconds(grid as i64 * rng.range(0, 100)),
        };
        let level = rng.mostly(&[1.0, 3.0, 10.0, 25.0], &[0.0, 1e6, 1e9, 1e12, 1e300]);
        let shape = rng.below(4);
        let mut agents: Vec<f64> = (0..n)
            .map(|i| match shape {
                0 => 0.0,
                1 => (level * rng.unit()).round(),
                2 => level * rng.unit(),
                _ => level * (1.0 + (i as f64 / 7.0).sin()).round(),
            })
            .collect();
        if rng.chance(0.05) {
            let i = rng.below(n);
            agents[i] = rng.pick(&SPECIAL_F64);
        }
        let gap_at = (n > 2 && rng.chance(0.05)).then(|| rng.range(1, n as i64 - 1) as usize);
        let interval_min = (grid / 60).max(1);
        let mut names = vec!["early", "late", "night", ""];
        let templates: Vec<String> = (0..rng.mostly(&[1, 1, 1, 2, 3], &[0]))
            .map(|i| {
                let name = if rng.chance(0.05) {
                    rng.pick(&names)
                } else {
                    names[i.min(2)]
                };
                names.push(name);
                random_template(rng, name, interval_min)
            })
            .collect();
        let mut options = ScheduleOptions {
            templates: Vec::new(),
            under_cost: rng.pick(&[10.0, 10.0, 1.0, 0.0, 1e6]),
            over_cost: rng.pick(&[0.0, 0.0, 0.5]),
            pattern_cost: rng.pick(&[0.0, 0.0, 15.0]),
            cyclic: rng.chance(0.3),
            hard_coverage: rng.chance(0.3),
            time_limit_s: rng.pick(&[0.5, 1.0, 2.0, 2.0, 1e-9]),
            mip_gap: rng.pick(&[0.0, 0.0, 0.01, 0.5]),
            threads: rng.pick(&[1, 1, 1, 2]),
            seed: rng.next_u64() as u32,
        };
        if rng.chance(0.15) {
            let bad = rng.pick(&SPECIAL_F64);
            match rng.below(6) {
                0 => options.under_cost = bad,
                1 => options.over_cost = bad,
                2 => options.pattern_cost = bad,
                3 => options.time_limit_s = rng.pick(&[0.0, -1.0, f64::NAN, f64::INFINITY, 1e300]),
                4 => options.mip_gap = rng.pick(&[1.0, f64::NAN, -0.1, f64::INFINITY]),
                _ => options.threads = rng.pick(&[0, 257, u32::MAX]),
            }
        }
        let mut case = ScheduleCase {
            interval_s,
            start,
            agents,
            gap_at,
            templates,
            options,
        };
        // Templates from TOML: a parse error is an answer too.
        let mut parsed = Vec::new();
        for text in &case.templates {
            if let Some(t) = fz.call("ShiftTemplate from TOML", text, 1.0, || {
                toml::from_str::<ShiftTemplate>(text)
            }) {
                if fz
                    .call("ShiftTemplate::check", text, 1.0, || t.check(case.interval_s))
                    .is_some()
                {
                    let _ = fz.call("ShiftTemplate starts and lengths", text, 1.0, || {
                        Ok::<_, String>((
                            t.start_offsets(grid).len(),
                            t.lengths_min(grid).len(),
                            t.unpaid_break_min(),
                        ))
                    });
                }
                parsed.push(t);
            }
        }
        case.options.templates = parsed;
        let req = fz.call("CoverRequirement", &case, 1.0, || {
            if let Some(g) = case.gap_at {
                let mut ts: Vec<NaiveDateTime> = Vec::new();
                for i in 0..case.agents.len() {
                    let skip = if i >= g { 2 } else { 1 };
                    let dt = Duration::seconds((i as i64 + skip - 1) * case.interval_s as i64);
                    match case.start.checked_add_signed(dt) {
                        Some(t) => ts.push(t),
                        None => break,
                    }
                }
                CoverRequirement::try_new(case.interval_s, ts, case.agents.clone())
            } else {
                CoverRequirement::regular(case.start, case.interval_s, case.agents.clone())
            }
        });
        let Some(req) = req else { continue };
        if let Some(plan) = fz.call("schedule", &case, 12.0, || schedule(&req, &case.options)) {
            check_plan(&mut fz, &case, &req, &plan);
        }
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// 4. The job config
// ---------------------------------------------------------------------------------------------

const REPLACEMENTS: [&str; 30] = [
    "\"text\"",
    "-1",
    "-1.5",
    "1e300",
    "1e400",
    "99999999999999999999",
    "9223372036854775807",
    "4294967296",
    "4294967295",
    "0",
    "0.0",
    "[]",
    "{}",
    "true",
    "nan",
    "inf",
    "-inf",
    "\"\"",
    "\"Europe/Londn\"",
    "\"\\u0000\"",
    "\"é€😀\"",
    "[1, \"a\"]",
    "2024-01-01",
    "1979-05-27T07:32:00Z",
    "\"24:00\"",
    "\"23:59:60\"",
    "\"auto\"",
    "\"mstl\"",
    "\"erlang_a\"",
    "[[1]]",
];

const INSERTIONS: [&str; 22] = [
    "unknown_key = 1",
    "k_week = 3",
    "[unknown]",
    "[queues.x]",
    "[queues.x.forecast]\nk_weeks = 0",
    "[queues.anon_bank.forecast]\nmodel = \"mstl_combination\"",
    "[queues.anon_bank.staffing]\nshrinkage = 1.0",
    "[queues.anon_bank.schedule]\nthreads = 0",
    "[queues.y]\npath = \"/nonexistent/history.csv\"",
    "[queues.z]\npath = \"/tmp\"",
    "[queues.anon_bank]\ntime_zone = \"America/Sao_Paulo\"",
    "time_zone = \"Mars/Olympus_Mons\"",
    "time_zone = \"europe/london\"",
    "time_zone = \"Europe/London\"",
    "[[schedule.templates]]\nname = \"full\"\nearliest_start = \"06:00\"\nlatest_start = \"06:00\"\nmin_length_min = 60\nmax_length_min = 60",
    "[[schedule.templates]]\nname = \"x\"\nearliest_start = \"06:07\"\nlatest_start = \"06:00\"\nmin_length_min = 0\nmax_length_min = 1073741824",
    "[[forecast.holidays]]\ndate = 1999-11-02\nkind = \"closed\"",
    "[[forecast.holidays]]\ndate = 1999-11-02\nkind = \"scale\"\nfactor = 0.0",
    "interval_min = 7",
    "interval_min = 1441",
    "= 1",
    "[history",
];

/// The demo config reading `history.csv` next to it (a relative path, so that the text, and so
/// the cases, do not depend on where the test runs).
fn demo_config() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo_job.toml")).unwrap();
    text.replace(
        "path = \"anon_bank_1999/anon_bank_1999_janoct_15min.csv\"",
        "path = \"history.csv\"",
    )
}

/// Relative input paths resolved against `dir`, as [`JobConfig::load`] does for its file.
fn resolve_in(mut cfg: JobConfig, dir: &std::path::Path) -> JobConfig {
    let paths = cfg
        .history
        .path
        .iter_mut()
        .chain(cfg.queues.values_mut().filter_map(|q| q.path.as_mut()));
    for p in paths {
        if p.is_relative() {
            *p = dir.join(&*p);
        }
    }
    cfg
}

fn mutate_config(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.pick(&[1, 1, 1, 2, 3]) {
        let i = rng.below(lines.len().max(1)).min(lines.len().saturating_sub(1));
        match rng.below(8) {
            0 if !lines.is_empty() => {
                lines.remove(i);
            }
            1 if !lines.is_empty() => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2..=4 => {
                // Swap the value of a `key = value` line.
                let kv: Vec<usize> = (0..lines.len())
                    .filter(|&j| lines[j].contains(" = ") && !lines[j].trim_start().starts_with('#'))
                    .collect();
                if !kv.is_empty() {
                    let j = rng.pick(&kv);
                    let key = lines[j].split(" = ").next().unwrap_or("").to_string();
                    lines[j] = format!("{key} = {}", rng.pick(&REPLACEMENTS));
                }
            }
            5 => lines.insert(i, rng.pick(&INSERTIONS).to_string()),
            6 => {
                // Truncate the text at a random character.
                let joined = lines.join("\n");
                let cut = rng.below(joined.len().max(1));
                let cut = (0..=cut).rev().find(|&c| joined.is_char_boundary(c)).unwrap_or(0);
                lines = joined[..cut].lines().map(str::to_string).collect();
            }
            _ => {
                if !lines.is_empty() {
                    let junk = rng.pick(&["\u{0}", "é", "😀", "\"", "[", "]", "=", "\\", "\u{feff}", "\r"]);
                    let l = &mut lines[i];
                    let at = (0..=rng.below(l.len() + 1).min(l.len()))
                        .rev()
                        .find(|&c| l.is_char_boundary(c))
                        .unwrap_or(0);
                    l.insert_str(at, junk);
                }
            }
        }
    }
    lines.join("\n")
}

#[test]
fn job_configs_never_panic() {
    let mut fz = Fuzz::new("job_configs", 0x5EED_0004);
    let dir = common::TempDir::new();
    // The history of the demo, cut to October (the eight weeks before the forecast start hold
    // only October), so that each validation reads a small file.
    let full = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/anon_bank_1999/anon_bank_1999_janoct_15min.csv"
    ))
    .unwrap();
    let csv: String = full
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.starts_with("1999-10"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let csv_path = dir.path().join("history.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let base = demo_config();
    let cfg = resolve_in(JobConfig::from_toml_str(&base, "job.toml").unwrap(), dir.path());
    assert!(validate_job(&cfg).is_empty(), "{:?}", validate_job(&cfg));

    for _ in 0..300 * scale() {
        fz.case += 1;
        let text = mutate_config(&mut fz.rng, &base);
        let from_file = fz.rng.chance(0.1);
        let cfg = if from_file {
            let p = dir.path().join("job.toml");
            std::fs::write(&p, &text).unwrap();
            fz.call("JobConfig::load", &text, 2.0, || JobConfig::load(&p))
        } else {
            fz.call("JobConfig::from_toml_str", &text, 2.0, || {
                JobConfig::from_toml_str(&text, "job.toml").map(|c| resolve_in(c, dir.path()))
            })
        };
        let Some(cfg) = cfg else { continue };
        let _ = fz.call("JobConfig::interval_s", &text, 1.0, || cfg.interval_s());
        for q in cfg.queues.keys().map(String::as_str).chain(["anon_bank", "nope"]) {
            let _ = fz.call("JobConfig::stages_for", &text, 1.0, || cfg.stages_for(q));
            let _ = cfg.time_zone_for(q);
        }
        let problems = fz.call("validate_job", &text, 10.0, || Ok::<_, String>(validate_job(&cfg)));
        if let Some(problems) = problems {
            fz.check(
                problems.iter().all(|p| !p.trim().is_empty()),
                "validate_job",
                &text,
                || "an empty problem message".into(),
            );
        }
    }
    // JSON keyword dictionaries, as Python sends them.
    for _ in 0..100 * scale() {
        fz.case += 1;
        let key = fz.rng.pick(&[
            "k_weeks",
            "horizon_days",
            "levels",
            "model",
            "start",
            "holidays",
            "aht_s",
            "nope",
        ]);
        let value = fz.rng.pick(&[
            "1",
            "-1",
            "1e400",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "[80, 95]",
            "\"2024-13-01\"",
            "18446744073709551616",
        ]);
        let text = format!("{{\"forecast\": {{\"{key}\": {value}}}}}");
        if let Some(cfg) = fz.call("JobConfig::from_json_str", &text, 1.0, || {
            JobConfig::from_json_str(&text, "kwargs")
        }) {
            let _ = fz.call("ForecastOptions::check", &text, 1.0, || cfg.forecast.check());
        }
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// 5. Input files
// ---------------------------------------------------------------------------------------------

/// A timestamp in one of many spellings, most of them valid ISO 8601.
fn spell_timestamp(rng: &mut Rng, t: NaiveDateTime, style: usize) -> String {
    match style {
        0 => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        1 => t.format("%Y-%m-%d %H:%M").to_string(),
        2 => format!("{}+01:00", t.format("%Y-%m-%dT%H:%M:%S")),
        3 => format!("{}Z", t.format("%Y-%m-%dT%H:%M:%S")),
        4 => format!("{}-0500", t.format("%Y-%m-%d %H:%M")),
        5 => t.format("%d/%m/%Y %H:%M").to_string(),
        6 => t.format("%Y-%m-%d").to_string(),
        7 => format!("{}.5", t.format("%Y-%m-%dT%H:%M:%S")),
        _ => rng
            .pick(&[
                "2024-13-01 09:00",
                "2024-01-01 24:00",
                "2016-12-31 23:59:60",
                "+262143-12-31T23:45:00",
                "+262142-12-31T23:45:00+14:00",
                "-262143-01-01T00:00:00-12:00",
                "-0001-01-01 00:00",
                "0000-01-01T00:00:00",
                "9999-12-31T23:45:00",
                "2024-03-31 01:30",
                "2024-10-27 01:30",
                "2024-01-01T09:00:00+24:00",
                "2024-01-01T09:00:00+01:00:00",
                "1e9",
                "",
                "   ",
                "NaT",
                "null",
            ])
            .to_string(),
    }
}

fn random_csv(rng: &mut Rng) -> Vec<u8> {
    let with_aht = rng.chance(0.4);
    let with_handled = rng.chance(0.3);
    let with_queue = rng.chance(0.2);
    let mut header = vec!["interval_start", "volume"];
    if with_aht {
        header.push("aht_s");
    }
    if with_handled {
        header.push("handled");
    }
    if with_queue {
        header.push("queue");
    }
    let mut out = header.join(",") + "\n";
    let step = rng.mostly(&[900i64, 1800, 3600], &[60, 1, 7200]);
    let day = if rng.chance(0.6) {
        ymd(2024, 1, 1) + Duration::days(rng.range(0, 365))
    } else {
        random_first_day(rng)
    };
    let t0 = midnight(day) + Duration::hours(rng.range(0, 23));
    let rows = rng.mostly(&[50, 300, 700, 1400], &[0, 1, 2, 5]);
    let style = if rng.chance(0.85) { rng.below(2) } else { rng.below(9) };
    for i in 0..rows {
        let Some(t) = t0.checked_add_signed(Duration::seconds(step * i)) else {
            break;
        };
        let style = if rows > 0 && i == rows / 2 && rng.chance(0.1) {
            rng.below(9)
        } else {
            style
        };
        let mut fields = vec![spell_timestamp(rng, t, style), format!("{}", rng.below(40))];
        if with_aht {
            fields.push(if rng.chance(0.1) {
                String::new()
            } else {
                format!("{:.1}", 100.0 + 300.0 * rng.unit())
            });
        }
        if with_handled {
            fields.push(format!("{}", rng.below(40)));
        }
        if with_queue {
            fields.push(rng.pick(&["a", "b", ""]).to_string());
        }
        if rows > 0 && i == rows / 3 && rng.chance(0.1) {
            let j = rng.below(fields.len());
            fields[j] = rng
                .pick(&[
                    "lots", "NaN", "inf", "-3", "1e400", "0x10", "1,5", "\"\"", "\"a\nb\"", "\u{0}", "\u{feff}",
                ])
                .to_string();
        }
        out += &fields.join(",");
        out += if rng.chance(0.05) { "\r\n" } else { "\n" };
    }
    let mut bytes = out.into_bytes();
    // Byte-level damage.
    for _ in 0..rng.pick(&[0, 0, 0, 1, 2]) {
        match rng.below(9) {
            0 => bytes.truncate(rng.below(bytes.len() + 1)),
            1 => {
                let at = rng.below(bytes.len() + 1);
                let junk: &[u8] = rng.pick(&[&[0xff, 0xfe][..], &[0xc3][..], &[0][..], &[0xef, 0xbb, 0xbf][..]]);
                bytes.splice(at..at, junk.iter().copied());
            }
            2 => {
                // A line with a field too many or too few.
                let at = rng.below(bytes.len() + 1);
                let junk: &[u8] = rng.pick(&[&b",extra"[..], &b"\n2024-01-01 00:00\n"[..], &b"\n,,,,,,\n"[..]]);
                bytes.splice(at..at, junk.iter().copied());
            }
            3 => bytes.clear(),
            4 => bytes = header.join(",").into_bytes(),
            5 => {
                // Another delimiter or unbalanced quotes.
                let from = rng.pick(b",\n-");
                let to = rng.pick(b";\"\t\n");
                for b in bytes.iter_mut() {
                    if *b == from && rng.chance(0.1) {
                        *b = to;
                    }
                }
            }
            6 => bytes.splice(0..0, b"\n\n".iter().copied()).for_each(drop),
            7 => bytes = b"interval_start,volume,volume\n2024-01-01 00:00,1,2\n".to_vec(),
            _ => {
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, std::iter::repeat_n(b'9', 5000));
            }
        }
    }
    bytes
}

#[test]
fn input_files_never_panic() {
    let mut fz = Fuzz::new("input_files", 0x5EED_0005);
    let dir = common::TempDir::new();
    for _ in 0..500 * scale() {
        fz.case += 1;
        let bytes = random_csv(&mut fz.rng);
        let input = String::from_utf8_lossy(&bytes).to_string();
        let columns = if fz.rng.chance(0.8) {
            HistoryColumns::default()
        } else {
            HistoryColumns {
                interval_start: fz.rng.pick(&["interval_start", "timestamp", ""]).into(),
                volume: fz.rng.pick(&["volume", "aht_s", "calls"]).into(),
                aht_s: fz.rng.pick(&[
                    None,
                    Some("aht_s".into()),
                    Some("volume".into()),
                    Some("".into()),
                    Some("x".into()),
                ]),
                handled: fz
                    .rng
                    .pick(&[None, Some("handled".into()), Some("volume".into()), Some("y".into())]),
                queue: None,
            }
        };
        let interval = fz
            .rng
            .mostly(&[None, None, Some(900), Some(1800)], &[Some(0), Some(7), Some(86_401)]);
        let zone = fz.rng.chance(0.4).then(|| random_zone(&mut fz.rng));
        let df = if fz.rng.chance(0.1) {
            // Through a file, as the job reads it.
            let p = dir.path().join(format!("h{}.csv", fz.case));
            std::fs::write(&p, &bytes).unwrap();
            let fmt = fz.rng.pick(&[None, Some(FileFormat::Csv)]);
            let _ = fz.call("read_history", &(&input, &columns, interval), 5.0, || {
                read_history(&p, fmt, &columns, interval)
            });
            let _ = std::fs::remove_file(&p);
            None
        } else {
            fz.call("read_bytes", &input, 5.0, || {
                read_bytes(bytes.clone(), FileFormat::Csv, "fuzz.csv")
            })
        };
        let Some(df) = df else { continue };
        let input = (&input, &columns, interval, zone);
        let h = fz.call("history_from_frame_in_zone", &input, 5.0, || {
            history_from_frame_in_zone(&df, &columns, interval, zone)
        });
        if let Some(h) = h {
            fz.check(finite_nonneg(h.volume()), "history_from_frame_in_zone", &input, || {
                "bad volume".into()
            });
            if fz.rng.chance(0.3) {
                let opts = ForecastOptions {
                    model: fz.rng.pick(&MODELS[1..9]),
                    aht_s: Some(200.0),
                    ..Default::default()
                };
                if let Some(f) = fz.call("forecast", &input, 10.0, || forecast(&h, &opts)) {
                    check_forecast(&mut fz, "forecast", &input, &f, None);
                }
            }
        }
        // The same frame read as a forecast or a requirement, as the CLI's later stages do.
        let _ = fz.call("forecast_from_frame", &input, 5.0, || forecast_from_frame(&df));
        let mut df2 = df.clone();
        if df2.column("volume").is_ok() {
            let _ = df2.rename("volume", "agents".into());
        }
        let _ = fz.call("cover_requirement_from_frame", &input, 5.0, || {
            cover_requirement_from_frame(&df2, None)
        });
    }
    // Parquet and IPC files cut short, and random bytes. (Not bytes changed inside a well-formed
    // file: polars' Parquet and IPC decoders trust the page headers and data they find there,
    // and panic or abort on an impossible allocation, e.g. `DataPageHeaderExt::encoding`
    // unwraps an out-of-range encoding; wfmkit cannot check pages before polars reads them.)
    let t0 = midnight(ymd(2024, 1, 1));
    let ts: Vec<String> = (0..200).map(|i| (t0 + Duration::minutes(30 * i)).to_string()).collect();
    let mut good = df!("interval_start" => ts, "volume" => (0..200).map(|i| i as f64).collect::<Vec<_>>()).unwrap();
    for fmt in [FileFormat::Parquet, FileFormat::Ipc] {
        let clean = frame_to_bytes(&mut good, fmt, std::path::Path::new("x")).unwrap();
        for _ in 0..60 * scale() {
            fz.case += 1;
            let mut bytes = clean.clone();
            match fz.rng.below(3) {
                0 => bytes.truncate(fz.rng.below(bytes.len())),
                1 => bytes = (0..fz.rng.below(64)).map(|_| fz.rng.next_u64() as u8).collect(),
                _ => {
                    // The right magic bytes around garbage.
                    let magic: &[u8] = if fmt == FileFormat::Parquet {
                        b"PAR1"
                    } else {
                        b"ARROW1\0\0"
                    };
                    let mut b = magic.to_vec();
                    b.extend((0..fz.rng.below(256)).map(|_| fz.rng.next_u64() as u8));
                    b.extend_from_slice(magic);
                    bytes = b;
                }
            }
            let input = (fmt, bytes.len());
            if let Some(df) = fz.call("read_bytes", &input, 5.0, || read_bytes(bytes.clone(), fmt, "fuzz")) {
                let _ = fz.call("history_from_frame_in_zone", &input, 5.0, || {
                    history_from_frame_in_zone(&df, &HistoryColumns::default(), None, None)
                });
            }
        }
    }
    fz.finish();
}

// ---------------------------------------------------------------------------------------------
// Wall-clock grids
// ---------------------------------------------------------------------------------------------

#[test]
fn wall_clock_grids_never_panic() {
    let mut fz = Fuzz::new("wall_clock_grids", 0x5EED_0006);
    for _ in 0..400 * scale() {
        fz.case += 1;
        let interval = fz.rng.pick(&[900, 1800, 3600, 0, 1, 7]);
        let zone = random_zone(&mut fz.rng);
        let t0 = midnight(random_first_day(&mut fz.rng));
        let n = fz.rng.below(10);
        let ts: Vec<NaiveDateTime> = (0..n)
            .filter_map(|i| {
                let step = if fz.rng.chance(0.1) {
                    fz.rng.pick(&[1, 86_400 * 365 * 50, 86_400 * 365 * 5000])
                } else {
                    1800
                };
                t0.checked_add_signed(Duration::seconds(step * i as i64))
            })
            .collect();
        let vals: Vec<f64> = (0..n).map(|_| fz.rng.pick(&SPECIAL_F64)).collect();
        let input = (interval, zone, &ts, &vals);
        let _ = fz.call("onto_wall_clock", &input, 2.0, || {
            Ok::<_, String>(onto_wall_clock(interval, zone, &ts, &vals))
        });
    }
    fz.finish();
}
