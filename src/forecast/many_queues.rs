//! Many queues in one call, forecast in parallel on scoped threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{forecast, Forecast, ForecastError, ForecastOptions, History};

/// Forecasts every queue with the same options on up to `threads` threads (0: as many as the
/// machine has). Results come back in the order of `queues`, each with its own error, and are
/// the same, bit for bit, whatever the number of threads. Each thread holds one queue's working
/// data at a time.
///
/// # Examples
///
/// ```
/// use chrono::{Duration, NaiveDate};
/// use wfmkit::forecast::{forecast_queues, ForecastOptions, History};
///
/// let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let ts: Vec<_> = (0..14 * 24).map(|h| day0 + Duration::hours(h)).collect();
/// let a = History::try_new(3600, ts.clone(), vec![5.0; ts.len()]).unwrap();
/// let b = History::try_new(3600, ts[..24].to_vec(), vec![5.0; 24]).unwrap(); // one day: too short
/// let opts = ForecastOptions { aht_s: Some(300.0), ..Default::default() };
/// let out = forecast_queues(&[("sales", &a), ("support", &b)], &opts, 2);
/// assert!(out[0].is_ok() && out[1].is_err());
/// ```
pub fn forecast_queues(
    queues: &[(&str, &History)],
    options: &ForecastOptions,
    threads: usize,
) -> Vec<Result<Forecast, ForecastError>> {
    let n = queues.len();
    let threads = if threads == 0 {
        std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1)
    } else {
        threads
    }
    .clamp(1, n.max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Forecast, ForecastError>>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let r = forecast(queues[i].1, options);
                if let Ok(mut guard) = results.lock() {
                    guard[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or(Err(ForecastError::EmptyHistory)))
        .collect()
}
