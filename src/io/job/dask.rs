//! The `dask` backend (`[run] backend = "dask"`, `wfmkit plan --dask-scheduler ADDR`): each
//! queue's stages on the workers of a Dask cluster.
//!
//! The job starts `PYTHON -m wfmkit.dask_job --scheduler ADDR --retries N` (the `wfmkit` Python
//! package with `distributed`) and talks to it over its standard input and output. Every length
//! is a big-endian `u32`:
//!
//! - helper → job, once connected: a JSON hello (the scheduler and its workers);
//! - job → helper, per queue as soon as it is read and checked: the [`RemoteWork`] (CBOR), then
//!   the history rows (Arrow IPC; empty for a requirement). Standard input closes after the last.
//! - helper → job, per queue as its task finishes, in any order: the queue's index in the order
//!   sent, the worker's address, a status byte (0: the worker's CBOR
//!   [`super::remote::RemoteOutcome`]; 1: the task's Python error, e.g. its worker died more
//!   often than `retries` allows) and the payload; last, under the index `u32::MAX`, the hello
//!   again (the workers at the end of the run).
//!
//! The helper keeps at most `[run.dask] max_in_flight` queues on the cluster; past it, it stops
//! reading, the pipe fills and the job stops reading inputs: neither the job, the helper nor
//! the scheduler holds every queue's rows at once.
//!
//! Reading and checking the inputs, the named-agent rosters of each queue, skill groups,
//! multi-skill, outbound and publishing stay in this process, so the published run is the one a
//! single machine publishes: the same files, byte for byte, and the same verdict. The manifest's
//! `backend` names the scheduler, its workers and the worker that ran each queue.

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;

use serde_json::json;

use super::inputs::{history_rows, QueueSpec, Source};
use super::queues::{finish_queue, load_queue, queue_until, QueueInput};
use super::remote::{frame_ipc, read_outcome, to_cbor, worker_error, RemoteInput, RemoteWork};
use super::{JobEvent, QueueResult, Stage};
use crate::io::projection::FrameWorkload;
use crate::io::{JobConfig, WorkerFailure};
use crate::pipeline::StageEvent;

/// What the job keeps of a queue it sent: its index among the job's queues, and what
/// [`finish_queue`] needs.
struct Sent {
    queue: usize,
    read_seconds: f64,
    input_file: Option<serde_json::Value>,
    workload: Option<FrameWorkload>,
}

/// The largest message read from the helper (a queue's outcome is far smaller).
const MAX_MESSAGE: usize = 1 << 30;

/// How much of the helper's log is kept (its end).
const LOG_TAIL: usize = 64 * 1024;

/// The index of the helper's closing message (the workers at the end).
const LAST: usize = u32::MAX as usize;

/// One answer of the helper: the queue's index in the order sent, its worker, and the outcome
/// bytes or the task's error.
type Answer = (usize, String, Result<Vec<u8>, String>);

/// The interpreter to run: `[run.dask] python`, else `$WFMKIT_PYTHON`, else `python3`.
fn python(cfg: &JobConfig) -> PathBuf {
    cfg.run
        .dask
        .python
        .clone()
        .or_else(|| std::env::var_os("WFMKIT_PYTHON").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Runs every queue's stages on the cluster at `scheduler` and finishes each in this process.
/// Returns one result per queue of `inputs` and the manifest's `backend`.
///
/// # Errors
///
/// [`IoError::Worker`] when the helper cannot start or connect (nothing has run yet); a queue's
/// own failure is its result.
pub(super) fn run_on_dask(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    until: Stage,
    scheduler: &str,
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<(Vec<crate::Result<QueueResult>>, serde_json::Value)> {
    let python = python(cfg);
    let retries = cfg.run.dask.retries;
    let mut command = Command::new(&python);
    command
        .args(["-m", "wfmkit.dask_job", "--scheduler", scheduler, "--retries"])
        .arg(retries.to_string());
    let timeout = cfg.run.dask.worker_timeout_s;
    if !(timeout.is_finite() && timeout > 0.0) {
        return Err(crate::io::IoError::Config {
            path: "run.dask.worker_timeout_s".into(),
            message: format!("must be a number of seconds > 0, got {timeout}"),
        }
        .into());
    }
    command.arg("--worker-timeout").arg(timeout.to_string());
    if let Some(n) = cfg.run.dask.max_in_flight {
        command.arg("--max-in-flight").arg(n.max(1).to_string());
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            worker_error(
                WorkerFailure::Failed,
                format!(
                    "run.dask.python: cannot start `{} -m wfmkit.dask_job`: {e}",
                    python.display()
                ),
            )
        })?;
    let (Some(stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(worker_error(
            WorkerFailure::Failed,
            "the Dask helper has no pipes".into(),
        ));
    };
    let log = Mutex::new(Vec::<u8>::new());
    let sent: Mutex<Vec<Sent>> = Mutex::new(Vec::new());
    let results: Mutex<Vec<Option<crate::Result<QueueResult>>>> = Mutex::new((0..inputs.len()).map(|_| None).collect());
    let workers_of: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let (hello_tx, hello_rx) = mpsc::channel::<Option<serde_json::Value>>();
    let last_workers: Mutex<Option<serde_json::Value>> = Mutex::new(None);

    let finishers = cfg.run.queue_threads().clamp(1, inputs.len().max(1));
    // Answers are finished (rosters, simulations) on `parallel_queues` threads, as the threads
    // backend does; a full channel stops the reader, which holds the helper back.
    let (answers_tx, answers_rx) = mpsc::sync_channel::<Answer>(finishers);
    let answers_rx = Mutex::new(answers_rx);
    let (hello, status) = std::thread::scope(|s| {
        s.spawn(|| {
            // Dask's own log: its last 64 KiB are kept for the message of a failure.
            let mut err = BufReader::new(stderr);
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = err.read(&mut chunk) {
                if let Ok(mut l) = log.lock() {
                    l.extend_from_slice(&chunk[..n]);
                    let excess = l.len().saturating_sub(LOG_TAIL);
                    l.drain(..excess);
                }
            }
        });
        for _ in 0..finishers {
            s.spawn(|| loop {
                let next = answers_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some((k, worker, payload)) = next else { break };
                let Some((i, results_of)) = sent.lock().ok().and_then(|g| {
                    g.get(k)
                        .map(|m| (m.queue, (m.read_seconds, m.input_file.clone(), m.workload.clone())))
                }) else {
                    continue;
                };
                let input = &inputs[i];
                if !worker.is_empty() {
                    if let Ok(mut w) = workers_of.lock() {
                        w.insert(input.name.clone(), worker);
                    }
                }
                // A panic in a dependency (a roster's solver) fails this queue only.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    finish_answer(cfg, input, payload, results_of, on_event)
                }))
                .unwrap_or_else(|_| {
                    Err(worker_error(
                        WorkerFailure::Failed,
                        "internal error (panic) while finishing this queue".into(),
                    ))
                });
                super::report_failure(&input.name, &r, on_event);
                if let Ok(mut g) = results.lock() {
                    g[i] = Some(r);
                }
            });
        }
        let last_workers = &last_workers;
        let reader = s.spawn(move || {
            let mut out = BufReader::new(stdout);
            let hello = read_message(&mut out)
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
            let connected = hello.is_some();
            let _ = hello_tx.send(hello);
            if !connected {
                return;
            }
            while let Ok((k, worker, payload)) = read_answer(&mut out) {
                if k == LAST {
                    if let (Ok(mut g), Ok(bytes)) = (last_workers.lock(), payload) {
                        *g = serde_json::from_slice::<serde_json::Value>(&bytes)
                            .ok()
                            .and_then(|v| v.get("workers").cloned());
                    }
                    break;
                }
                if answers_tx.send((k, worker, payload)).is_err() {
                    break;
                }
            }
        });
        let hello = hello_rx.recv().ok().flatten();
        if hello.is_some() {
            send_work(cfg, inputs, until, stdin, &sent, &results, on_event);
        } else {
            drop(stdin);
        }
        // Every answer is in (or the helper has stopped): give it a while to close its client,
        // then stop it, so that neither it nor its log thread outlives the job.
        let _ = reader.join();
        (hello, wait_or_kill(&mut child, std::time::Duration::from_secs(30)))
    });
    let Some(hello) = hello else {
        return Err(worker_error(
            WorkerFailure::Failed,
            format!(
                "the Dask helper (`{} -m wfmkit.dask_job`) stopped before it was connected to {scheduler}: {}",
                python.display(),
                tail(&log)
            ),
        ));
    };
    let stopped = match &status {
        Ok(s) if s.success() => "it exited without answering".to_string(),
        Ok(s) => format!("it exited with {s}"),
        Err(e) => e.to_string(),
    };
    let results = results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(worker_error(
                    WorkerFailure::Failed,
                    format!(
                        "no answer from the Dask helper for this queue ({stopped}): {}",
                        tail(&log)
                    ),
                ))
            })
        })
        .collect();
    let backend = json!({
        "kind": "dask",
        "scheduler": scheduler,
        "python": python.display().to_string(),
        "retries": retries,
        "max_in_flight": cfg.run.dask.max_in_flight,
        "worker_timeout_s": timeout,
        "workers": last_workers
            .into_inner()
            .ok()
            .flatten()
            .or_else(|| hello.get("workers").cloned())
            .unwrap_or_default(),
        "distributed": hello.get("distributed").cloned().unwrap_or_default(),
        "queue_workers": workers_of.into_inner().unwrap_or_default(),
    });
    Ok((results, backend))
}

/// A queue read, checked and encoded: its work item, its rows and what the job keeps.
type Prepared = (Vec<u8>, Vec<u8>, Sent);

/// Reads and encodes one queue (the job's queue `i`). A history is not built here: the job's
/// checks built and checked every queue's before any ran (`validate::check_queues`), and the
/// worker builds it from the same rows with the same function.
fn prepare(cfg: &JobConfig, inputs: &[QueueSpec], i: usize, until: Stage) -> crate::Result<Prepared> {
    let input = &inputs[i];
    let t = std::time::Instant::now();
    let (remote, rows, workload, input_file) = match &input.source {
        Source::RequirementsFile(..) => match load_queue(cfg, input)?.input {
            QueueInput::Requirement(requirement, workload) => (
                RemoteInput::Requirement {
                    requirement,
                    workload: workload.clone(),
                },
                Vec::new(),
                workload,
                None,
            ),
            QueueInput::History(..) => unreachable_history(input)?,
        },
        _ => {
            let (frame, input_file) = history_rows(cfg, input)?;
            let remote = RemoteInput::History {
                columns: cfg.history.columns.clone(),
                interval_s: cfg.interval_s()?,
                time_zone: cfg.time_zone_for(&input.name),
            };
            (remote, frame_ipc(&frame)?, None, input_file)
        }
    };
    let read_seconds = t.elapsed().as_secs_f64();
    let work = RemoteWork {
        version: crate::VERSION.to_string(),
        queue: input.name.clone(),
        input: remote,
        stages: input.stages.clone(),
        until: queue_until(cfg, &input.name, until),
    };
    let bytes =
        to_cbor(&work).map_err(|e| worker_error(WorkerFailure::Failed, format!("cannot encode the work: {e}")))?;
    let sent = Sent {
        queue: i,
        read_seconds,
        input_file,
        workload,
    };
    Ok((bytes, rows, sent))
}

/// A requirements file's queue read as a history: not possible (a bug, reported).
fn unreachable_history<T>(input: &QueueSpec) -> crate::Result<T> {
    Err(worker_error(
        WorkerFailure::Failed,
        format!(
            "internal error: queue `{}` from a requirements file was read as a history",
            input.name
        ),
    ))
}

/// Reads and encodes the queues on `[run] parallel_queues` threads (as the threads
/// backend reads them) and sends each as it is ready; a queue that fails here gets its error at
/// once (as on one machine) and is not sent. Stops when the helper has gone. The helper's
/// back-pressure reaches the readers through the pipe and a channel of one queue per thread.
fn send_work(
    cfg: &JobConfig,
    inputs: &[QueueSpec],
    until: Stage,
    stdin: std::process::ChildStdin,
    sent: &Mutex<Vec<Sent>>,
    results: &Mutex<Vec<Option<crate::Result<QueueResult>>>>,
    on_event: &(dyn Fn(JobEvent) + Sync),
) {
    let mut stdin = BufWriter::new(stdin);
    let readers = cfg.run.queue_threads().clamp(1, inputs.len().max(1));
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<(usize, crate::Result<Prepared>)>(readers);
        for _ in 0..readers {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= inputs.len() {
                    break;
                }
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare(cfg, inputs, i, until)))
                    .unwrap_or_else(|_| {
                        Err(worker_error(
                            WorkerFailure::Failed,
                            "internal error (panic) while reading this queue".into(),
                        ))
                    });
                // The receiver is gone when the helper has: stop reading.
                if tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        while let Ok((i, r)) = rx.recv() {
            let (bytes, rows, meta) = match r {
                Ok(p) => p,
                Err(e) => {
                    let r = Err(e);
                    super::report_failure(&inputs[i].name, &r, on_event);
                    if let Ok(mut g) = results.lock() {
                        g[i] = Some(r);
                    }
                    continue;
                }
            };
            if let Ok(mut g) = sent.lock() {
                g.push(meta);
            }
            let written = write_message(&mut stdin, &bytes)
                .and_then(|()| write_message(&mut stdin, &rows))
                .and_then(|()| stdin.flush());
            if written.is_err() {
                // The helper has gone; the queues not answered get its reason.
                break;
            }
        }
        drop(rx);
    });
}

/// A queue's answer as its result: the worker's stage events replayed, then [`finish_queue`].
fn finish_answer(
    cfg: &JobConfig,
    input: &QueueSpec,
    payload: Result<Vec<u8>, String>,
    (read_seconds, input_file, workload): (f64, Option<serde_json::Value>, Option<FrameWorkload>),
    on_event: &(dyn Fn(JobEvent) + Sync),
) -> crate::Result<QueueResult> {
    let bytes = payload.map_err(|m| worker_error(WorkerFailure::Failed, format!("the Dask task failed: {m}")))?;
    let (results, events) = read_outcome(&bytes)?;
    let mut forward = super::forward_events(&input.name, on_event);
    for (stage, seconds, summary) in events {
        forward(StageEvent::Started(stage));
        forward(StageEvent::Finished {
            stage,
            seconds,
            summary,
        });
    }
    finish_queue(
        cfg,
        input,
        results,
        workload.as_ref(),
        read_seconds,
        input_file,
        on_event,
    )
}

/// Waits for the helper to exit, and kills it after `grace`.
fn wait_or_kill(
    child: &mut std::process::Child,
    grace: std::time::Duration,
) -> std::io::Result<std::process::ExitStatus> {
    let until = std::time::Instant::now() + grace;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if std::time::Instant::now() >= until {
            let _ = child.kill();
            return child.wait();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The last lines of the helper's log.
fn tail(log: &Mutex<Vec<u8>>) -> String {
    let text = log
        .lock()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let last = lines[lines.len().saturating_sub(5)..].join(" | ");
    if last.is_empty() {
        "(the helper wrote nothing)".into()
    } else {
        last
    }
}

fn write_message(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let n = u32::try_from(bytes.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "message over 4 GiB"))?;
    w.write_all(&n.to_be_bytes())?;
    w.write_all(bytes)
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_message(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let n = read_u32(r)? as usize;
    if n > MAX_MESSAGE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("a message of {n} bytes from the Dask helper (at most {MAX_MESSAGE}): the protocol is broken"),
        ));
    }
    let mut buf = vec![0u8; n];
    r.read_exact(&mut buf)?;
    Ok(buf)
}

fn read_answer(r: &mut impl Read) -> std::io::Result<Answer> {
    let k = read_u32(r)? as usize;
    let worker = String::from_utf8_lossy(&read_message(r)?).into_owned();
    let mut status = [0u8; 1];
    r.read_exact(&mut status)?;
    let payload = read_message(r)?;
    Ok(match status[0] {
        0 => (k, worker, Ok(payload)),
        _ => (k, worker, Err(String::from_utf8_lossy(&payload).into_owned())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The framing reads back what it writes, and a short read is an error, not a hang.
    #[test]
    fn framing_round_trip() {
        let mut buf = Vec::new();
        buf.extend_from_slice(&3u32.to_be_bytes());
        write_message(&mut buf, b"tcp://w1").unwrap();
        buf.push(0);
        write_message(&mut buf, b"payload").unwrap();
        let (k, w, p) = read_answer(&mut buf.as_slice()).unwrap();
        assert_eq!((k, w.as_str(), p.unwrap()), (3, "tcp://w1", b"payload".to_vec()));
        let short = &buf[..buf.len() - 2];
        assert!(read_answer(&mut &short[..]).is_err());
    }
}
