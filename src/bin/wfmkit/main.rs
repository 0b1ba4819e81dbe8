//! `wfmkit`: the command-line program for unattended planning jobs.
//!
//! Exit statuses: 0 success; 1 internal error; 2 bad config or input; 3 a queue is infeasible;
//! 4 a queue reached its time limit with no feasible plan; 5 published, but at least one plan
//! stopped at its time limit (see its gap); 130 / 143 interrupted by SIGINT / SIGTERM.

mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use wfmkit::io::{plan_job, schedule_job, validate_job, validate_schedule_job, JobConfig, JobEvent, JobVerdict, Stage};
use wfmkit::roster::RosterError;
use wfmkit::schedule::ScheduleError;
use wfmkit::Error;

use report::{LogFormat, Reporter};

/// Workforce management for contact centres: forecast, staffing and shift scheduling.
#[derive(Parser)]
#[command(name = "wfmkit", version, about)]
struct Cli {
    /// Log format: `auto` (progress bars on a terminal, plain lines otherwise), `plain` or `json`
    /// (one JSON object per line).
    #[arg(long, value_enum, default_value_t = LogArg::Auto, global = true)]
    log_format: LogArg,
    /// Print nothing but errors (for cron).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogArg {
    Auto,
    Plain,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check the config and every queue's input without solving; report every problem at once.
    Validate {
        /// The job configuration (TOML).
        #[arg(long)]
        config: PathBuf,
        /// Check this requirements file for `schedule` instead of the history.
        #[arg(long)]
        requirements: Option<PathBuf>,
    },
    /// Forecast, requirements and schedule: publish a run with every output and a manifest.
    Plan(RunArgs),
    /// Forecast only.
    Forecast(RunArgs),
    /// Forecast and requirements (staffing) only.
    Staff(RunArgs),
    /// Schedule only, from a requirements file (e.g. the `requirements` output of `staff`,
    /// reviewed or edited): publish a run with shifts, activities, coverage and a manifest.
    Schedule {
        #[command(flatten)]
        run: RunArgs,
        /// The requirements (CSV, Parquet or IPC): `interval_start` and `agents_gross` (else
        /// `agents`) per interval; optionally `queue`, and `volume` and `aht_s` for the projected
        /// service level.
        #[arg(long)]
        requirements: PathBuf,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// The job configuration (TOML).
    #[arg(long)]
    config: PathBuf,
    /// Output directory; overrides `[output] dir`. Runs go to DIR/runs/<id>, DIR/latest points
    /// to the newest successful one.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Run each queue's stages on this Dask scheduler (e.g. `tcp://10.0.0.5:8786`); overrides
    /// `[run] backend` and `[run.dask] scheduler`. Needs Python with `wfmkit[dask]` (`[run.dask]
    /// python`, else `$WFMKIT_PYTHON`, else `python3`).
    #[arg(long, value_name = "ADDRESS")]
    dask_scheduler: Option<String>,
}

fn error_status(e: &Error) -> u8 {
    match e {
        Error::Schedule(ScheduleError::Infeasible { .. }) => 3,
        Error::Schedule(ScheduleError::NoFeasiblePlan { .. }) => 4,
        Error::Roster(RosterError::Infeasible { .. } | RosterError::Schedule(ScheduleError::Infeasible { .. })) => 3,
        Error::Roster(
            RosterError::NoFeasibleRoster { .. } | RosterError::Schedule(ScheduleError::NoFeasiblePlan { .. }),
        ) => 4,
        e if e.is_invalid_input() => 2,
        _ => 1,
    }
}

/// Exits with 128 + the signal on SIGINT or SIGTERM. Nothing is under a final name until the
/// run is published (a single rename), so exiting at once is safe; the staging directory is
/// removed by the next run.
fn install_signal_handler() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            eprintln!("wfmkit: interrupted by signal {sig}; the run was not published unless it had finished");
            std::process::exit(128 + sig);
        }
    });
}

/// The exit status of a job that ran: 0 every queue planned; 5 every queue planned but at least
/// one plan stopped at its time limit (published with its gap); 1 a queue failed; 4 one reached
/// its time limit without a plan; 3 a queue (or the roster of all queues) is infeasible. (2 is
/// bad input, before anything ran.)
fn exit_status(verdict: JobVerdict) -> u8 {
    match verdict {
        JobVerdict::Complete => 0,
        JobVerdict::TimeLimit => 5,
        JobVerdict::Failed => 1,
        JobVerdict::NoPlan => 4,
        JobVerdict::Infeasible => 3,
    }
}

/// Runs `plan`, `forecast` or `staff` (up to `until`), or `schedule` from `requirements`.
fn run(args: &RunArgs, until: Stage, requirements: Option<&Path>, reporter: &Reporter) -> u8 {
    let mut cfg = match JobConfig::load(&args.config) {
        Ok(c) => c,
        Err(e) => {
            reporter.error(&e.to_string());
            return 2;
        }
    };
    if let Some(addr) = &args.dask_scheduler {
        cfg.run.backend = wfmkit::io::Backend::Dask;
        cfg.run.dask.scheduler = Some(addr.clone());
    }
    install_signal_handler();
    let on_event = |ev: JobEvent| reporter.event(&ev);
    let outcome = match requirements {
        Some(req) => schedule_job(&cfg, Some(&args.config), req, args.out.as_deref(), &on_event),
        None => plan_job(&cfg, Some(&args.config), args.out.as_deref(), until, &on_event),
    };
    match outcome {
        Ok(outcome) => {
            reporter.finish();
            let verdict = outcome.verdict();
            if let Some(dir) = &outcome.run_dir {
                if verdict.is_complete() {
                    reporter.info(&format!("published {}", dir.display()));
                } else {
                    reporter.info(&format!("kept {} for diagnosis; `latest` is unchanged", dir.display()));
                }
            }
            for (q, r) in &outcome.queues {
                if let Err(e) = r {
                    reporter.error(&format!("queue `{q}`: {e}"));
                }
            }
            if let Some(Err(e)) = &outcome.roster {
                reporter.error(&format!("roster of all queues: {e}"));
            }
            if verdict == JobVerdict::TimeLimit {
                reporter.info("at least one plan stopped at its time limit; see the gaps in manifest.json");
            }
            exit_status(verdict)
        }
        Err(e) => {
            reporter.finish();
            reporter.error(&e.to_string());
            error_status(&e)
        }
    }
}

fn validate(config: &Path, requirements: Option<&Path>, reporter: &Reporter) -> u8 {
    let cfg = match JobConfig::load(config) {
        Ok(c) => c,
        Err(e) => {
            reporter.error(&e.to_string());
            return 2;
        }
    };
    let problems = match requirements {
        Some(r) => validate_schedule_job(&cfg, r),
        None => validate_job(&cfg),
    };
    for p in &problems {
        reporter.error(p);
    }
    if problems.is_empty() {
        reporter.info(&format!("{}: config and inputs are valid", config.display()));
        0
    } else {
        reporter.info(&format!("{} problem(s) found", problems.len()));
        2
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
    let format = match cli.log_format {
        LogArg::Auto => LogFormat::Auto,
        LogArg::Plain => LogFormat::Plain,
        LogArg::Json => LogFormat::Json,
    };
    let reporter = Reporter::new(format, cli.quiet);
    let status = match &cli.command {
        Command::Validate { config, requirements } => validate(config, requirements.as_deref(), &reporter),
        Command::Plan(a) => run(a, Stage::Schedule, None, &reporter),
        Command::Forecast(a) => run(a, Stage::Forecast, None, &reporter),
        Command::Staff(a) => run(a, Stage::Requirements, None, &reporter),
        Command::Schedule { run: a, requirements } => run(a, Stage::Schedule, Some(requirements), &reporter),
    };
    ExitCode::from(status)
}
