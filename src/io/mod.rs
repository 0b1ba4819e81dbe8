//! The only module that knows polars: frames ⇄ domain types, CSV/Parquet/IPC files, and the job
//! configuration (serde + TOML). Compiled with the `io` feature (on by default).

mod activities;
mod columns;
mod config;
mod convert;
mod error;
mod files;
mod frames;
mod history;
mod job;
mod projection;
mod roster;
pub mod run;
mod zoned;

pub use activities::activities_to_frame;
pub use columns::*;
pub use config::{
    from_json_named, AgentsInput, Backend, DaskOptions, HistoryInput, JobConfig, MultiSkillConfig, OutboundConfig,
    OutputOptions, QueueConfig, RunOptions, SkillGroupConfig,
};
pub use convert::{
    datetime_column, f64_column, local_time_series, parse_datetime, parse_datetime_with_offset, timestamp_column,
    zoned_series, Timestamps,
};
pub use error::{IoError, WorkerFailure};
pub use files::{frame_to_bytes, read_bytes, read_frame, read_frame_hashed, write_atomic, write_frame, FileFormat};
#[allow(deprecated)]
pub use frames::requirement_from_frame;
pub use frames::{
    cover_requirement_from_frame, coverage_to_frame, forecast_from_frame, forecast_to_frame, requirements_to_frame,
    shifts_to_frame, split_by_queue, split_rows_by_queue,
};
pub use history::{history_from_frame, history_from_frame_in_zone, infer_interval, optional_column, read_history};
#[cfg(feature = "python")]
pub(crate) use job::history_by_queue;
pub use job::{
    plan_job, run_remote_work, schedule_job, validate_job, validate_schedule_job, JobEvent, JobOutcome, JobVerdict,
    QueueResult, Stage,
};
#[cfg(feature = "python")]
pub(crate) use projection::estimate_columns;
pub use projection::{coverage_with_evaluation, coverage_with_projection, plan_coverage_frame};
pub use roster::{
    agents_from_frames, roster_activities_to_frame, roster_coverage_to_frame, roster_queue_coverage_to_frame,
    roster_queue_coverage_with_evaluation, roster_shift_coverage_to_frame, roster_shifts_to_frame,
    roster_summary_to_frame, AgentTables,
};
pub use zoned::coverage_per_interval;
