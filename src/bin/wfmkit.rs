//! `wfmkit`: the command-line program for batch planning jobs.
//!
//! Exit statuses: 0 success; 1 internal error; 2 bad config or input; 3 infeasible schedule;
//! 4 time limit reached with no feasible plan.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use wfmkit::io::{run_job, JobConfig};
use wfmkit::schedule::ScheduleError;
use wfmkit::Error;

/// Workforce management for contact centres: forecast, staffing and shift scheduling.
#[derive(Parser)]
#[command(name = "wfmkit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Forecast, compute requirements and schedule, writing forecast, requirements, shifts and
    /// coverage files.
    Plan {
        /// The job configuration (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Output directory; overrides `[output] dir`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print nothing on success.
        #[arg(long)]
        quiet: bool,
    },
}

fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Schedule(ScheduleError::Infeasible { .. }) => 3,
        Error::Schedule(ScheduleError::NoFeasiblePlan { .. }) => 4,
        e if e.is_invalid_input() => 2,
        _ => 1,
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Plan { config, out, quiet } => {
            let started = Instant::now();
            let result = JobConfig::load(&config)
                .map_err(Error::from)
                .and_then(|cfg| run_job(&cfg, out.as_deref()));
            match result {
                Ok(report) => {
                    if !quiet {
                        let p = &report.output.plan;
                        println!(
                            "planned {} intervals: {} shift rows, {} agent-shifts; status {}, objective {:.1}, bound {:.1}, gap {:.4}% in {:.2} s",
                            report.output.requirements.timestamps.len(),
                            p.shifts.len(),
                            p.shifts.iter().map(|s| s.count).sum::<u32>(),
                            p.status.name(),
                            p.objective,
                            p.bound,
                            100.0 * p.gap,
                            started.elapsed().as_secs_f64()
                        );
                        for f in &report.files {
                            println!("wrote {}", f.display());
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("wfmkit: error: {e}");
                    ExitCode::from(exit_code(&e))
                }
            }
        }
    }
}
