//! One queue's stages as bytes, for a worker in another process (the `dask` backend).
//!
//! The job sends each queue as a [`RemoteWork`] (CBOR) beside the history rows its history was
//! built from (Arrow IPC, so a large frame crosses as columns, not Python objects). The worker
//! ([`run_remote_work`], `wfmkit._wfmkit.run_queue_work` in Python) rebuilds the history with the
//! same function the job used, runs [`run_stages`] (the one per-queue path) and answers a
//! [`RemoteOutcome`] (CBOR). Floats travel as their bits, so the published frames are the same,
//! byte for byte, as a run on one machine.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::failure_kind;
use crate::io::projection::FrameWorkload;
use crate::io::{frame_to_bytes, history_from_frame_in_zone, read_bytes, FileFormat, HistoryColumns, WorkerFailure};
use crate::pipeline::{run_stages, Stage, StageEvent, StageInput, StageOptions, StageResults};
use crate::schedule::CoverRequirement;
use crate::time::Tz;

/// One queue's run, as sent to a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RemoteWork {
    /// The wfmkit version of the job; a worker with another version refuses the work.
    pub(crate) version: String,
    /// The queue's name (for messages).
    pub(crate) queue: String,
    /// Where the stages start.
    pub(crate) input: RemoteInput,
    /// The queue's stage options.
    pub(crate) stages: StageOptions,
    /// How far to run.
    pub(crate) until: Stage,
}

/// Where a [`RemoteWork`] starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum RemoteInput {
    /// A history, rebuilt from the rows sent beside the work with these arguments of
    /// [`history_from_frame_in_zone`], as the job built it.
    History {
        /// The column mapping.
        columns: HistoryColumns,
        /// The interval length, if the config gives one.
        interval_s: Option<u32>,
        /// The queue's time zone, if the config gives one.
        #[serde(with = "crate::time::zone::serde_time_zone")]
        time_zone: Option<Tz>,
    },
    /// A requirement to schedule, with the volume and AHT to evaluate the plan on.
    Requirement {
        /// The requirement.
        requirement: CoverRequirement,
        /// Interval starts, volume and AHT.
        workload: Option<FrameWorkload>,
    },
}

/// A stage's end on a worker: the stage, its wall time in seconds and its one-line summary.
pub(crate) type RemoteEvent = (Stage, f64, String);

/// A worker's answer: the stages' results with the stages' events, or what kind of failure and
/// its message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RemoteOutcome {
    /// The results, or the error.
    pub(crate) result: Result<(StageResults, Vec<RemoteEvent>), (WorkerFailure, String)>,
}

/// CBOR bytes of a value.
pub(crate) fn to_cbor<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    ciborium::into_writer(value, &mut buf).map_err(|e| e.to_string())?;
    Ok(buf)
}

/// A value from CBOR bytes.
pub(crate) fn from_cbor<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| e.to_string())
}

/// The history rows of a queue as Arrow IPC bytes.
pub(crate) fn frame_ipc(df: &polars::prelude::DataFrame) -> crate::Result<Vec<u8>> {
    Ok(frame_to_bytes(
        &mut df.clone(),
        FileFormat::Ipc,
        Path::new("<queue rows>"),
    )?)
}

/// The worker's side of the `dask` backend (see [`crate::io::Backend::Dask`]): runs one queue's
/// work item, as the job sends it (CBOR `work`, and the queue's history rows as Arrow IPC `rows`,
/// empty for a requirement), and returns the outcome bytes the job reads back. It never fails:
/// every error, including a panic in a dependency, is part of the outcome. Python's
/// `wfmkit._wfmkit.run_queue_work` calls it on each Dask worker; another engine's worker can too.
pub fn run_remote_work(work: &[u8], rows: &[u8]) -> Vec<u8> {
    let result = std::panic::catch_unwind(|| run_work(work, rows)).unwrap_or_else(|_| {
        Err((
            WorkerFailure::Failed,
            "internal error (panic) while planning this queue".to_string(),
        ))
    });
    to_cbor(&RemoteOutcome { result }).unwrap_or_else(|e| {
        let failed: Result<(StageResults, Vec<RemoteEvent>), _> =
            Err((WorkerFailure::Failed, format!("cannot encode the outcome: {e}")));
        to_cbor(&RemoteOutcome { result: failed }).unwrap_or_default()
    })
}

type WorkResult = Result<(StageResults, Vec<RemoteEvent>), (WorkerFailure, String)>;

fn run_work(work: &[u8], rows: &[u8]) -> WorkResult {
    let work: RemoteWork =
        from_cbor(work).map_err(|e| (WorkerFailure::Failed, format!("cannot read the queue's work: {e}")))?;
    if work.version != crate::VERSION {
        return Err((
            WorkerFailure::Failed,
            format!(
                "the worker has wfmkit {} but the job has wfmkit {}; install the same version on every worker",
                crate::VERSION,
                work.version
            ),
        ));
    }
    let fail = |e: crate::Error| (failure_kind(&e), e.to_string());
    let mut events = Vec::new();
    let mut keep = |ev: StageEvent| {
        if let StageEvent::Finished {
            stage,
            seconds,
            summary,
        } = ev
        {
            events.push((stage, seconds, summary));
        }
    };
    let results = match &work.input {
        RemoteInput::History {
            columns,
            interval_s,
            time_zone,
        } => {
            let df = read_bytes(rows.to_vec(), FileFormat::Ipc, "queue rows").map_err(|e| fail(e.into()))?;
            let history = history_from_frame_in_zone(&df, columns, *interval_s, *time_zone).map_err(fail)?;
            run_stages(StageInput::History(&history), &work.stages, work.until, &mut keep)
        }
        RemoteInput::Requirement { requirement, workload } => {
            let input = StageInput::CoverRequirement {
                requirement,
                workload: workload.as_ref().map(|(ts, v, a)| crate::evaluation::Workload {
                    timestamps: ts,
                    volume: v,
                    aht_s: a,
                }),
            };
            run_stages(input, &work.stages, work.until, &mut keep)
        }
    };
    results.map(|r| (r, events)).map_err(fail)
}

/// The error of a queue whose worker answered with a failure.
pub(crate) fn worker_error(kind: WorkerFailure, message: String) -> crate::Error {
    crate::io::IoError::Worker { kind, message }.into()
}

/// An outcome that cannot be read is a failure of that queue.
pub(crate) fn read_outcome(bytes: &[u8]) -> crate::Result<(StageResults, Vec<RemoteEvent>)> {
    let outcome: RemoteOutcome = from_cbor(bytes)
        .map_err(|e| worker_error(WorkerFailure::Failed, format!("cannot read the worker's answer: {e}")))?;
    outcome.result.map_err(|(kind, message)| worker_error(kind, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panic-free failure for bytes that are not a work item.
    #[test]
    fn garbage_work_is_a_failed_outcome() {
        let out = run_remote_work(b"not cbor", b"");
        let e = read_outcome(&out).unwrap_err();
        assert!(e.to_string().contains("cannot read the queue's work"), "{e}");
        assert_eq!(failure_kind(&e), WorkerFailure::Failed);
    }

    /// A requirement crosses and is checked again on the way in.
    #[test]
    fn requirement_round_trip_is_checked() {
        let t0 = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let r = CoverRequirement::regular(t0, 3600, vec![2.0; 24]).unwrap();
        let back: CoverRequirement = from_cbor(&to_cbor(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        #[derive(Serialize)]
        struct Fields {
            interval_s: u32,
            timestamps: Vec<chrono::NaiveDateTime>,
            agents: Vec<f64>,
        }
        let bad = Fields {
            interval_s: 3600,
            timestamps: vec![t0, t0],
            agents: vec![1.0, -1.0],
        };
        assert!(from_cbor::<CoverRequirement>(&to_cbor(&bad).unwrap()).is_err());
    }
}
