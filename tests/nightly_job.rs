//! The unattended planning job: run directories, manifest, byte-identical reruns, interrupts,
//! exit statuses. Expected values are properties of the published files themselves.

#![cfg(feature = "cli")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wfmkit::io::{JobOutcome, JobVerdict, QueueResult};
use wfmkit::schedule::{CostSplit, Coverage, Plan, ScheduleError, SolveStatus};

const OUTPUTS: [&str; 6] = [
    "forecast.csv",
    "requirements.csv",
    "shifts.csv",
    "activities.csv",
    "coverage.csv",
    "manifest.json",
];

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The demo config with absolute input paths and `n` extra queues reading the same file.
fn config(dir: &Path, n_queues: usize, parallel: usize) -> PathBuf {
    let text = std::fs::read_to_string(data().join("demo_job.toml")).unwrap();
    let mut text = text.replace("anon_bank_1999/", &format!("{}/anon_bank_1999/", data().display()));
    text = text.replace("[run]\n", &format!("[run]\nparallel_queues = {parallel}\n"));
    for i in 0..n_queues {
        text.push_str(&format!(
            "\n[queues.q{i:02}]\npath = \"{}/anon_bank_1999/anon_bank_1999_janoct_15min.csv\"\n[queues.q{i:02}.staffing]\nservice_level = 0.{}\n",
            data().display(),
            70 + i
        ));
    }
    let p = dir.join(format!("job{n_queues}.toml"));
    std::fs::write(&p, text).unwrap();
    p
}

fn wfmkit(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wfmkit")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// `wfmkit plan --config CFG --out OUT EXTRA…` (paths given as `to_str()` results).
fn plan(cfg: &str, out: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["plan", "--config", cfg, "--out", out];
    args.extend_from_slice(extra);
    wfmkit(&args)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    OUTPUTS
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

/// Every published run directory is complete: all outputs, and a manifest that lists them with
/// the right hashes.
fn assert_runs_complete(out: &Path) {
    for e in std::fs::read_dir(out.join("runs")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(e.path().join("manifest.json")).unwrap()).unwrap();
        for o in m["outputs"].as_array().unwrap() {
            let bytes = std::fs::read(e.path().join(o["file"].as_str().unwrap())).unwrap();
            assert_eq!(
                wfmkit::io::run::sha256_hex(&bytes),
                o["sha256"].as_str().unwrap(),
                "{name}"
            );
        }
        assert_eq!(m["outputs"].as_array().unwrap().len(), 5, "{name}");
    }
}

#[test]
fn manifest_records_inputs_versions_and_solver() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 2, 2);
    let out = dir.path().join("out");
    let (code, err) = plan(cfg.to_str().unwrap(), out.to_str().unwrap(), &["--log-format", "json"]);
    assert_eq!(code, 0, "{err}");
    // JSON lines: every line parses, and each queue reports its three stages.
    let lines: Vec<serde_json::Value> = err.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // With a [queues] table, exactly the listed queues are planned.
    for q in ["q00", "q01"] {
        let done = lines
            .iter()
            .filter(|l| l["event"] == "finished" && l["queue"] == q)
            .count();
        assert_eq!(done, 3, "{q}: {err}");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("latest/manifest.json")).unwrap()).unwrap();
    assert_eq!(m["versions"]["wfmkit"], env!("CARGO_PKG_VERSION"));
    assert!(m["versions"]["highs"].as_str().unwrap().split('.').count() == 3);
    assert_eq!(m["versions"]["polars"], "0.55.2");
    let input = std::fs::read(data().join("anon_bank_1999/anon_bank_1999_janoct_15min.csv")).unwrap();
    assert!(m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["sha256"] == wfmkit::io::run::sha256_hex(&input)));
    assert_eq!(
        m["config"]["sha256"],
        wfmkit::io::run::sha256_hex(&std::fs::read(&cfg).unwrap())
    );
    let queues = m["queues"].as_array().unwrap();
    assert_eq!(queues.len(), 2);
    for q in queues {
        assert_eq!(q["solver"]["status"], "optimal");
        assert!(q["solver"]["bound"].as_f64().unwrap() <= q["solver"]["objective"].as_f64().unwrap() + 1e-6);
        assert_eq!(q["rows"]["coverage"], 672);
        assert_eq!(q["seed"], 0);
    }
    let req = wfmkit::io::read_frame(&out.join("latest/requirements.csv"), None).unwrap();
    assert_eq!(req.height(), 2 * 672);
    assert_runs_complete(&out);
}

/// Two runs of the same config and inputs publish byte-identical outputs; the manifests differ
/// only in run id, timestamps and timings.
#[test]
fn reruns_are_byte_identical() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 3, 2);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for o in [&a, &b] {
        let (code, err) = plan(cfg.to_str().unwrap(), o.to_str().unwrap(), &["-q"]);
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "--quiet printed {err}");
    }
    let (fa, fb) = (files(&a.join("latest")), files(&b.join("latest")));
    for f in OUTPUTS.iter().filter(|f| **f != "manifest.json") {
        assert!(fa[*f] == fb[*f], "{f} differs between runs");
    }
    let strip = |bytes: &[u8]| {
        let mut m: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        for k in ["run_id", "started_at", "finished_at", "read_seconds"] {
            m.as_object_mut().unwrap().remove(k);
        }
        for q in m["queues"].as_array_mut().unwrap() {
            q.as_object_mut().unwrap().remove("seconds");
            q["solver"].as_object_mut().unwrap().remove("seconds");
        }
        m
    };
    assert_eq!(strip(&fa["manifest.json"]), strip(&fb["manifest.json"]));
}

/// SIGTERM and SIGKILL at many points of a run: no partial file under a final name, the previous
/// run and `latest` intact, and the next run cleans up.
#[test]
fn interrupted_runs_leave_the_previous_run_intact() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 6, 1);
    let out = dir.path().join("out");
    let args = [
        "plan",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    let t = Instant::now();
    let (code, err) = wfmkit(&args);
    assert_eq!(code, 0, "{err}");
    let full = t.elapsed();
    let latest = std::fs::read_link(out.join("latest")).unwrap();
    let before = files(&out.join("latest"));
    for (k, signal) in (0..12).flat_map(|k| [(k, "TERM"), (k, "KILL")]) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wfmkit"))
            .args(args)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(k as f64 / 10.0));
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert_runs_complete(&out);
        if status.success() {
            // The run finished before the signal: it is published whole and `latest` moved.
            continue;
        }
        if signal == "TERM" {
            // 143 from our handler; no code when the signal came before the handler was installed.
            assert!(matches!(status.code(), Some(143) | None), "k={k}: {status:?}");
        }
        let now_latest = std::fs::read_link(out.join("latest")).unwrap();
        let target = out.join(&now_latest);
        assert!(
            target.join("manifest.json").exists(),
            "k={k} {signal}: latest points to an incomplete run"
        );
        if now_latest == latest {
            assert!(
                files(&out.join("latest")) == before,
                "k={k} {signal}: the previous run changed"
            );
        }
    }
    // A new run removes staging directories of killed processes.
    let (code, err) = wfmkit(&args);
    assert_eq!(code, 0, "{err}");
    let staging = std::fs::read_dir(out.join("runs"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".staging"))
        .count();
    assert_eq!(staging, 0);
    let _ = Duration::ZERO;
}

#[test]
fn validate_reports_every_problem_at_once() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 2, 1);
    let (code, err) = wfmkit(&["validate", "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("valid"), "{err}");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace(
            "[queues.q00.staffing]\nservice_level = 0.70",
            "[queues.q00.staffing]\nservice_level = 1.5",
        )
        .replace(
            "[queues.q01.staffing]\nservice_level = 0.71",
            "[queues.q01.staffing]\nshrinkage = 1.2",
        );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, text).unwrap();
    let (code, err) = wfmkit(&["validate", "--config", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("queue `q00`") && err.contains("queue `q01`") && err.contains("2 problem(s)"),
        "{err}"
    );
    // A [simulation] table that cannot run is found before any queue is solved, by name.
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "[simulation]\nreplications = 1000",
        "[simulation]\nreplications = 1000\nhandle = \"lognormal\"",
    );
    assert!(text.contains("lognormal"), "the demo config has a [simulation] table");
    std::fs::write(&bad, text).unwrap();
    let (code, err) = wfmkit(&["validate", "--config", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[simulation]") && err.contains("handle_cv"), "{err}");
}

#[test]
fn stage_subcommands_publish_their_stages() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 0, 1);
    let out = dir.path().join("f");
    let (code, err) = wfmkit(&[
        "forecast",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("latest/forecast.csv").exists() && !out.join("latest/requirements.csv").exists());
    let out = dir.path().join("s");
    let (code, err) = wfmkit(&[
        "staff",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("latest/requirements.csv").exists() && !out.join("latest/shifts.csv").exists());
}

fn plan_with(status: SolveStatus) -> Plan {
    Plan {
        shifts: vec![],
        coverage: Coverage {
            interval_s: 900,
            timestamps: vec![],
            required: vec![],
            scheduled: vec![],
            short: vec![],
            over: vec![],
        },
        costs: CostSplit {
            paid: 0.0,
            under: 0.0,
            over: 0.0,
            patterns: 0.0,
            patterns_used: 0,
            total: 0.0,
        },
        status,
        objective: 1.0,
        bound: 0.5,
        gap: 0.5,
        seconds: 0.0,
    }
}

/// The verdicts of a finished job, worst first, that the command line maps to its documented exit
/// statuses (README, "The command line"; the binary's statuses are checked by
/// `hard_rules_and_time_limits_reach_the_exit_status`).
#[test]
fn job_verdicts() {
    let f = wfmkit::forecast::Forecast {
        interval_s: 900,
        timestamps: vec![],
        volume: vec![],
        aht_s: vec![],
        bands: vec![],
        model: "m".into(),
        zone: None,
    };
    let ok = |s| {
        Ok(QueueResult {
            forecast: Some(f.clone()),
            requirements: None,
            plan: Some(plan_with(s)),
            evaluation: None,
            simulation: None,
            roster: None,
            roster_simulation: None,
            requirement: None,
            read_seconds: 0.0,
            input_file: None,
            timings: vec![],
        })
    };
    let outcome = |qs: Vec<Result<QueueResult, wfmkit::Error>>| JobOutcome {
        run_dir: None,
        queues: qs.into_iter().enumerate().map(|(i, r)| (format!("q{i}"), r)).collect(),
        roster: None,
        manifest: serde_json::Value::Null,
    };
    assert_eq!(
        outcome(vec![ok(SolveStatus::Optimal), ok(SolveStatus::GapLimit)]).verdict(),
        JobVerdict::Complete
    );
    assert_eq!(
        outcome(vec![ok(SolveStatus::Optimal), ok(SolveStatus::TimeLimit)]).verdict(),
        JobVerdict::TimeLimit
    );
    let infeasible = || {
        Err(ScheduleError::Infeasible {
            row: Some(3),
            interval: None,
            reason: "interval 3".into(),
        }
        .into())
    };
    let no_plan = || Err(ScheduleError::NoFeasiblePlan { time_limit_s: 1.0 }.into());
    assert_eq!(
        outcome(vec![ok(SolveStatus::Optimal), infeasible(), no_plan()]).verdict(),
        JobVerdict::Infeasible
    );
    assert_eq!(
        outcome(vec![ok(SolveStatus::TimeLimit), no_plan()]).verdict(),
        JobVerdict::NoPlan
    );
}

/// A file with several queues: each is planned, and a bad value is reported with the file's own
/// row number (not its row within the queue). A mapped column that is missing is an error.
#[test]
fn multi_queue_file_names_the_file_row() {
    let dir = common::TempDir::new();
    let mut csv = String::from("timestamp,skill,handled,aht_seconds\n");
    let day0 = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..(14 * 96) {
        let t = (day0 + chrono::Duration::minutes(15 * i)).format("%Y-%m-%dT%H:%M:%S");
        let v = if (i % 96) > 32 && (i % 96) < 80 { 6 } else { 0 };
        csv.push_str(&format!("{t},a,{v},200\n{t},b,{},200\n", 2 * v));
    }
    let path = dir.path().join("two.csv");
    std::fs::write(&path, &csv).unwrap();
    let cfg = std::fs::read_to_string(data().join("demo_job.toml"))
        .unwrap()
        .replace("anon_bank_1999/anon_bank_1999_janoct_15min.csv", path.to_str().unwrap())
        .replace("handled = \"handled\"\n", "handled = \"handled\"\nqueue = \"skill\"\n");
    let cfg_path = dir.path().join("two.toml");
    std::fs::write(&cfg_path, &cfg).unwrap();
    let out = dir.path().join("out");
    let (code, err) = plan(cfg_path.to_str().unwrap(), out.to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{err}");
    let cov = wfmkit::io::read_frame(&out.join("latest/coverage.csv"), None).unwrap();
    assert_eq!(cov.height(), 2 * 7 * 96);

    // Break data row 1002 of the file, a `b` row (rows alternate a, b; line 0 is the header).
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    lines[1002] = lines[1002].replace(",b,", ",b,x");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (code, err) = plan(cfg_path.to_str().unwrap(), out.to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("queue `b`") && err.contains("row 1002"), "{err}");

    let typo = cfg.replace("queue = \"skill\"", "queue = \"skil\"");
    std::fs::write(&cfg_path, typo).unwrap();
    let (code, err) = wfmkit(&["validate", "--config", cfg_path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing column `skil`"), "{err}");
}

/// The exit statuses of real runs, end to end: two queues of the demo, the second with a hard
/// rule or a time limit in its `[queues.q01.schedule]` override. The demo's templates start
/// 06:00–20:00 and last at most 8 h, so the nights (which have calls) cannot be covered.
#[test]
fn hard_rules_and_time_limits_reach_the_exit_status() {
    let dir = common::TempDir::new();
    let base = std::fs::read_to_string(config(dir.path(), 2, 2)).unwrap();
    let run = |name: &str, q01: &str| {
        let cfg = dir.path().join(format!("{name}.toml"));
        std::fs::write(&cfg, format!("{base}\n[queues.q01.schedule]\n{q01}\n")).unwrap();
        let out = dir.path().join(name);
        let (code, err) = plan(cfg.to_str().unwrap(), out.to_str().unwrap(), &[]);
        (code, err, out)
    };
    let manifest = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
    };
    let only_run = |out: &Path| -> PathBuf {
        let runs: Vec<_> = std::fs::read_dir(out.join("runs"))
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert_eq!(runs.len(), 1);
        runs[0].path()
    };

    // 3: infeasible. The error names the queue and the interval; q00 is still planned and kept
    // for diagnosis, but `latest` does not move.
    let (code, err, out) = run("infeasible", "hard_coverage = true");
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("q01") && err.contains("no shift template can cover it") && err.contains("row "),
        "{err}"
    );
    assert!(!out.join("latest").exists());
    let kept = only_run(&out);
    let cov = wfmkit::io::read_frame(&kept.join("coverage.csv"), None).unwrap();
    assert_eq!(cov.height(), 672, "q00's coverage only");

    // 4: hard coverage that templates can meet (a 24-hour start window), but no plan within
    // a microsecond.
    let any = "hard_coverage = true\ntime_limit_s = 1e-6\n[[queues.q01.schedule.templates]]\nname = \"any\"\n\
               earliest_start = \"00:00\"\nlatest_start = \"23:45\"\nmin_length_min = 480\nmax_length_min = 480\n";
    let (code, err, out) = run("no_plan", any);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("q01") && err.contains("time limit"), "{err}");
    assert!(!out.join("latest").exists());

    // 5: soft coverage and a microsecond: the empty plan is published with its gap.
    let (code, err, out) = run("time_limit", "time_limit_s = 1e-6");
    assert_eq!(code, 5, "{err}");
    let m = manifest(&out.join("latest"));
    let q01 = m["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue"] == "q01")
        .unwrap_or_else(|| panic!("{m}"))
        .clone();
    assert_eq!(q01["solver"]["status"], "time_limit", "{q01}");
    // HiGHS had no bound yet; 0 is always one (every cost is >= 0), so the gap is 100%.
    assert_eq!(q01["solver"]["bound"], 0.0, "{q01}");
    assert_eq!(q01["solver"]["gap"], 1.0, "{q01}");
    assert_runs_complete(&out);
}

/// `wfmkit schedule --config CFG --requirements REQ --out OUT`.
fn schedule_cli(cfg: &str, req: &str, out: &str) -> (i32, String) {
    wfmkit(&["schedule", "--config", cfg, "--requirements", req, "--out", out])
}

/// `wfmkit schedule --requirements` from the requirements a `staff` run published gives the same
/// shifts, activities and coverage (projected service included), byte for byte, as `plan` makes
/// from the same config: the requirements file carries everything the schedule stage needs. A
/// bad row of the file is named by its row; a listed queue missing from the file is named.
#[test]
fn schedule_from_requirements_file_matches_plan() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), 0, 1);
    let cfg_s = cfg.to_str().unwrap();
    let staffed = dir.path().join("staff");
    let (code, err) = wfmkit(&["staff", "--config", cfg_s, "--out", staffed.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let req = staffed.join("latest/requirements.csv");
    let planned = dir.path().join("plan");
    let (code, err) = plan(cfg_s, planned.to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{err}");
    let scheduled = dir.path().join("schedule");
    let (code, err) = schedule_cli(cfg_s, req.to_str().unwrap(), scheduled.to_str().unwrap());
    assert_eq!(code, 0, "{err}");
    for f in ["shifts.csv", "activities.csv", "coverage.csv"] {
        let a = std::fs::read(planned.join("latest").join(f)).unwrap();
        let b = std::fs::read(scheduled.join("latest").join(f)).unwrap();
        assert!(a == b, "{f} differs between plan and schedule");
    }
    assert!(!scheduled.join("latest/forecast.csv").exists() && !scheduled.join("latest/requirements.csv").exists());
    let cov = std::fs::read_to_string(scheduled.join("latest/coverage.csv")).unwrap();
    assert!(cov.lines().next().unwrap().contains("service_level"), "{cov:.200}");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(scheduled.join("latest/manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["inputs"][0]["sha256"],
        wfmkit::io::run::sha256_hex(&std::fs::read(&req).unwrap())
    );
    assert_eq!(m["queues"][0]["solver"]["status"], "optimal");
    assert_eq!(m["outputs"].as_array().unwrap().len(), 3);

    // Row 7 of the file (line 8, after the header) gets a negative requirement.
    let text = std::fs::read_to_string(&req).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "agents_gross").unwrap();
    let mut cells: Vec<String> = lines[7].split(',').map(String::from).collect();
    cells[col] = "-3".into();
    lines[7] = cells.join(",");
    let bad = dir.path().join("bad_requirements.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let (code, err) = schedule_cli(cfg_s, bad.to_str().unwrap(), scheduled.to_str().unwrap());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad_requirements.csv") && err.contains("row 7") && err.contains("anon_bank"),
        "{err}"
    );
    let (code, err) = wfmkit(&["validate", "--config", cfg_s, "--requirements", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("row 7") && err.contains("1 problem(s)"), "{err}");
    let (code, err) = wfmkit(&["validate", "--config", cfg_s, "--requirements", req.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // A bad `volume` (read only for the coverage projection) is found before solving.
    let mut cells: Vec<String> = text.lines().nth(9).unwrap().split(',').map(String::from).collect();
    cells[header.iter().position(|h| *h == "volume").unwrap()] = "-1".into();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[9] = cells.join(",");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let (code, err) = wfmkit(&["validate", "--config", cfg_s, "--requirements", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`volume`") && err.contains("row 9"), "{err}");
    // The failed run did not move `latest`.
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(scheduled.join("latest/manifest.json")).unwrap()).unwrap();
    assert_eq!(again["run_id"], m["run_id"]);

    // A queue listed in the config but absent from the file.
    let text = std::fs::read_to_string(&cfg).unwrap() + "\n[queues.other]\n";
    let listed = dir.path().join("listed.toml");
    std::fs::write(&listed, text).unwrap();
    let (code, err) = schedule_cli(
        listed.to_str().unwrap(),
        req.to_str().unwrap(),
        scheduled.to_str().unwrap(),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("queue `other` has no rows in the requirements file"),
        "{err}"
    );
}
