//! Operator output: progress bars on a terminal, plain log lines otherwise, or JSON lines.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use wfmkit::io::{JobEvent, Stage};

/// Requested log format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Bars on a terminal, plain lines otherwise.
    Auto,
    /// Plain lines.
    Plain,
    /// JSON lines.
    Json,
}

enum Mode {
    Quiet {
        json: bool,
    },
    Plain,
    Json,
    Bars {
        multi: MultiProgress,
        bars: Mutex<HashMap<String, ProgressBar>>,
    },
}

/// Renders job events on standard error.
pub struct Reporter {
    mode: Mode,
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl Reporter {
    /// A reporter for the format; `quiet` prints errors only.
    pub fn new(format: LogFormat, quiet: bool) -> Self {
        let mode = if quiet {
            Mode::Quiet {
                json: format == LogFormat::Json,
            }
        } else {
            match format {
                LogFormat::Json => Mode::Json,
                LogFormat::Plain => Mode::Plain,
                LogFormat::Auto if std::io::stderr().is_terminal() => Mode::Bars {
                    multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
                    bars: Mutex::default(),
                },
                LogFormat::Auto => Mode::Plain,
            }
        };
        Self { mode }
    }

    fn line(
        &self,
        level: &str,
        event: &str,
        queue: Option<&str>,
        stage: Option<Stage>,
        seconds: Option<f64>,
        msg: &str,
    ) {
        match &self.mode {
            Mode::Quiet { .. } if level != "error" => {}
            Mode::Json | Mode::Quiet { json: true } => {
                let v = json!({"ts": now(), "level": level, "event": event, "queue": queue,
                               "stage": stage.map(Stage::name), "seconds": seconds, "message": msg});
                eprintln!("{v}");
            }
            Mode::Bars { multi, .. } if level != "error" => {
                let _ = multi.println(msg);
            }
            _ => {
                let mut s = format!("{} {level:5}", now());
                if let Some(q) = queue {
                    s.push_str(&format!(" queue={q}"));
                }
                if let Some(st) = stage {
                    s.push_str(&format!(" stage={}", st.name()));
                }
                if let Some(t) = seconds {
                    s.push_str(&format!(" seconds={t:.3}"));
                }
                eprintln!("{s} {msg}");
            }
        }
    }

    /// An informational line.
    pub fn info(&self, msg: &str) {
        self.line("info", "info", None, None, None, msg);
    }

    /// An error line (printed even when quiet).
    pub fn error(&self, msg: &str) {
        self.line("error", "error", None, None, None, &format!("wfmkit: error: {msg}"));
    }

    /// Renders a job event.
    pub fn event(&self, ev: &JobEvent) {
        if let Mode::Bars { multi, bars } = &self.mode {
            let Ok(mut bars) = bars.lock() else { return };
            match ev {
                JobEvent::Queues(qs) => {
                    let style = ProgressStyle::with_template("{prefix:>16} [{bar:20}] {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> ");
                    for q in qs {
                        let b = multi.add(ProgressBar::new(3));
                        b.set_style(style.clone());
                        b.set_prefix(q.clone());
                        b.set_message("waiting");
                        bars.insert(q.clone(), b);
                    }
                }
                JobEvent::Started { queue, stage } => {
                    if let Some(b) = bars.get(queue) {
                        b.set_message(format!("{}…", stage.name()));
                    }
                }
                JobEvent::Finished {
                    queue, stage, summary, ..
                } => {
                    if let Some(b) = bars.get(queue) {
                        b.inc(1);
                        b.set_message(format!("{}: {summary}", stage.name()));
                    }
                }
                JobEvent::Failed { queue, message } => {
                    if let Some(b) = bars.get(queue) {
                        b.abandon_with_message(format!("failed: {message}"));
                    }
                }
                JobEvent::Staging(_) => {}
            }
            return;
        }
        match ev {
            JobEvent::Queues(qs) => self.line(
                "info",
                "queues",
                None,
                None,
                None,
                &format!("planning {} queue(s): {}", qs.len(), qs.join(", ")),
            ),
            JobEvent::Started { queue, stage } => {
                self.line("info", "started", Some(queue), Some(*stage), None, "started")
            }
            JobEvent::Finished {
                queue,
                stage,
                seconds,
                summary,
            } => self.line("info", "finished", Some(queue), Some(*stage), Some(*seconds), summary),
            JobEvent::Failed { queue, message } => self.line("error", "failed", Some(queue), None, None, message),
            JobEvent::Staging(_) => {}
        }
    }

    /// Finishes the progress bars.
    pub fn finish(&self) {
        if let Mode::Bars { bars, .. } = &self.mode {
            if let Ok(bars) = bars.lock() {
                for b in bars.values() {
                    if !b.is_finished() {
                        b.finish();
                    }
                }
            }
        }
    }
}
