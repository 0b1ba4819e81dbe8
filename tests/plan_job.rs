//! The demo job end to end, and the command-line program's exit statuses.

#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use wfmkit::io::{plan_job, read_frame, FileFormat, JobConfig, Stage};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo_job.toml")
}

fn wfmkit(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wfmkit")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The demo plans one week (7 x 96 intervals) and its outputs agree with each other: gross agents
/// are ceil(net / 0.7) exactly, coverage counts the published shifts, and the objective is
/// recomputed from the shift and coverage files.
#[test]
fn demo_job_writes_a_consistent_week() {
    let cfg = JobConfig::load(&demo()).unwrap();
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    assert_eq!(outcome.verdict(), wfmkit::io::JobVerdict::Complete);
    let run = outcome.run_dir.clone().unwrap();
    assert_eq!(
        std::fs::canonicalize(dir.path().join("latest")).unwrap(),
        std::fs::canonicalize(&run).unwrap()
    );
    let req = read_frame(&run.join("requirements.csv"), Some(FileFormat::Csv)).unwrap();
    assert_eq!(req.height(), 7 * 96);
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    assert_eq!(cov.height(), 7 * 96);
    let num = |df: &polars::prelude::DataFrame, c: &str| wfmkit::io::f64_column(df, c, "test", false).unwrap();
    // Shrinkage 0.3: gross = ceil(net / 0.7), computed here in integers: ceil(10 n / 7).
    for (n, g) in num(&req, "agents").iter().zip(num(&req, "agents_gross")) {
        let n = *n as u64;
        assert_eq!(g as u64, (10 * n).div_ceil(7), "net {n}");
    }
    let shifts = read_frame(&run.join("shifts.csv"), None).unwrap();
    let paid: f64 = num(&shifts, "paid_minutes")
        .iter()
        .zip(num(&shifts, "count"))
        .map(|(p, c)| p * c)
        .sum();
    let short: f64 = num(&cov, "short").iter().sum();
    let over: f64 = num(&cov, "over").iter().sum();
    let objective = paid + 15.0 * (10.0 * short + 0.0 * over);
    let plan = outcome.queues[0].1.as_ref().unwrap().plan.as_ref().unwrap();
    assert!(
        (objective - plan.objective).abs() < 1e-6 * objective,
        "{objective} vs {}",
        plan.objective
    );
    assert!(plan.bound <= plan.objective + 1e-6);
    // Scheduled agents per interval, recomputed from the shifts file.
    let ts = wfmkit::io::datetime_column(&cov, "interval_start", "t").unwrap();
    let starts = wfmkit::io::datetime_column(&shifts, "start", "t").unwrap();
    let ends = wfmkit::io::datetime_column(&shifts, "end", "t").unwrap();
    let counts = num(&shifts, "count");
    for (i, t) in ts.iter().enumerate() {
        let on: f64 = (0..counts.len())
            .filter(|&k| starts[k] <= *t && *t < ends[k])
            .map(|k| counts[k])
            .sum();
        assert_eq!(on, num(&cov, "scheduled")[i], "{t}");
    }
    // Projected service: wherever the gross requirement is met, floor(scheduled x 0.7) >= net
    // agents (gross = ceil(net / 0.7)), which staffing sized for 80% within 20 s, so the projected
    // Erlang C service level is at least 0.8 (up to 1e-12). Source of the rule: the demo config.
    let sl = num(&cov, "service_level");
    let net_sched = num(&cov, "net_agents");
    let covered = num(&cov, "short").iter().filter(|&&x| x == 0.0).count();
    assert!(covered > 0);
    for i in 0..cov.height() {
        if num(&cov, "short")[i] == 0.0 {
            assert!(net_sched[i] >= num(&req, "agents")[i], "row {i}");
            assert!(sl[i] >= 0.8 - 1e-12, "row {i}: {}", sl[i]);
        }
    }
    // The demo's [simulation]: the coverage's simulated columns are the simulation of the net
    // agents it publishes on the requirements file's volume and AHT (recomputed here from the two
    // files, same seed and replications: equal to 1e-9, the CSV round trip), each mean within its
    // own interval; the manifest records the seed and replications.
    let w_ts = wfmkit::io::datetime_column(&req, "interval_start", "t").unwrap();
    assert_eq!(w_ts, ts);
    let net: Vec<u32> = net_sched.iter().map(|&n| n as u32).collect();
    let settings = cfg.simulation.clone().expect("the demo simulates its week");
    let (q, o) = settings
        .queue_and_options(wfmkit::simulate::SimulationInput {
            interval_s: 900,
            volume: num(&req, "volume"),
            aht_s: num(&req, "aht_s"),
            agents: net,
            answer_within_s: 20.0,
            staffing_patience_s: None,
        })
        .unwrap();
    let direct = wfmkit::simulate::simulate_intervals(&q, &o).unwrap();
    let (sim, lo, hi) = (
        num(&cov, "sim_service_level"),
        num(&cov, "sim_service_level_lo"),
        num(&cov, "sim_service_level_hi"),
    );
    let asa = num(&cov, "sim_asa_s");
    for (i, d) in direct.intervals.iter().enumerate() {
        let close = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        assert!(
            close(sim[i], d.sl_offered.mean),
            "row {i}: {} vs {}",
            sim[i],
            d.sl_offered.mean
        );
        assert!(close(asa[i], d.asa_s.mean), "row {i}");
        assert!(sim[i].is_nan() || (lo[i] <= sim[i] && sim[i] <= hi[i]), "row {i}");
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let s = &m["queues"][0]["simulation"];
    assert_eq!((s["seed"].as_u64(), s["replications"].as_u64()), (Some(0), Some(1000)));
}

#[test]
fn cli_plan_succeeds_and_reports() {
    let dir = common::TempDir::new();
    let (code, out, err) = wfmkit(&[
        "plan",
        "--config",
        demo().to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("stage=schedule") && err.contains("optimal"), "{err}");
    assert!(out.is_empty(), "{out}");
    for f in [
        "forecast.csv",
        "requirements.csv",
        "shifts.csv",
        "activities.csv",
        "coverage.csv",
        "manifest.json",
    ] {
        assert!(dir.path().join("latest").join(f).exists(), "{f}");
    }
}

/// A failed run exits 2, names the problem, and leaves the previous outputs byte for byte.
#[test]
fn cli_bad_inputs_exit_2_and_keep_previous_outputs() {
    let dir = common::TempDir::new();
    let out = dir.path().join("out");
    let (code, _, err) = wfmkit(&[
        "plan",
        "--config",
        demo().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(out.join("latest/shifts.csv")).unwrap();

    let text = std::fs::read_to_string(demo()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let text = text.replace("anon_bank_1999/", &format!("{}/anon_bank_1999/", data.display()));
    // The typo's line, counted in the demo file itself (1-based).
    let typo_line = format!(
        "line {}",
        text.lines().position(|l| l.starts_with("k_weeks = 8")).unwrap() + 1
    );
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            text.replace("k_weeks = 8", "k_week = 8"),
            vec![typo_line.as_str(), "unknown field `k_week`; did you mean `k_weeks`?"],
        ),
        (
            text.replace("janoct_15min.csv", "missing.csv"),
            vec!["cannot read", "missing.csv"],
        ),
        (
            text.replace("volume = \"handled\"", "volume = \"handledx\""),
            vec!["missing column `handledx`"],
        ),
        (
            text.replace("service_level = 0.8", "service_level = 1.8"),
            vec!["service"],
        ),
    ];
    for (i, (cfg, needles)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.toml"));
        std::fs::write(&path, cfg).unwrap();
        let (code, _, err) = wfmkit(&[
            "plan",
            "--config",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "case {i}: {err}");
        for n in needles {
            assert!(err.contains(n), "case {i}: `{n}` not in {err}");
        }
        assert_eq!(
            std::fs::read(out.join("latest/shifts.csv")).unwrap(),
            before,
            "case {i} touched the outputs"
        );
        assert_eq!(
            std::fs::read_dir(out.join("runs")).unwrap().count(),
            1,
            "case {i} published a run"
        );
    }

    // A CSV with a bad row names the row.
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "timestamp,handled,aht_seconds\n1999-10-01T00:00:00,1,100\n1999-10-01T00:15:00,oops,100\n",
    )
    .unwrap();
    let cfg = text.replace(
        &format!("{}/anon_bank_1999/anon_bank_1999_janoct_15min.csv", data.display()),
        csv.to_str().unwrap(),
    );
    let path = dir.path().join("badcsv.toml");
    std::fs::write(&path, cfg).unwrap();
    let (code, _, err) = wfmkit(&[
        "plan",
        "--config",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad.csv`: column `handled`, row 2: not a number (value `oops`)"),
        "{err}"
    );

    let (code, _, _) = wfmkit(&["plan", "--config", "/nonexistent.toml"]);
    assert_eq!(code, 2);
}

/// `[staffing] method = "simulation"` in a job: the requirements stage staffs by simulation
/// with the job's `[simulation]` settings: the published requirements file holds exactly the
/// agents of `requirements_by_simulation` on the run's forecast with the same settings, grossed
/// up by the job's 30% shrinkage (gross = ceil(10 net / 7)).
#[test]
fn a_job_staffs_by_simulation_by_name() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.staffing.method = wfmkit::staffing::StaffingMethod::Simulation;
    cfg.forecast.horizon_days = 1;
    cfg.simulation = Some(wfmkit::simulate::SimulationSettings {
        replications: 200,
        seed: 3,
        ..Default::default()
    });
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Requirements, &|_| {}).unwrap();
    let run = outcome.run_dir.clone().unwrap();
    let req = read_frame(&run.join("requirements.csv"), None).unwrap();
    let f = outcome.queues[0].1.as_ref().unwrap().forecast.clone().unwrap();
    let (again, isa) =
        wfmkit::requirements::requirements_by_simulation(&f, &cfg.staffing, cfg.simulation.as_ref().unwrap()).unwrap();
    let num = |c: &str| wfmkit::io::f64_column(&req, c, "test", false).unwrap();
    let agents: Vec<u32> = num("agents").iter().map(|&a| a as u32).collect();
    assert_eq!(agents, isa.agents);
    let gross: Vec<u32> = num("agents_gross").iter().map(|&a| a as u32).collect();
    assert_eq!(gross, again.staffing.iter().map(|s| s.agents_gross).collect::<Vec<_>>());
    for (n, g) in agents.iter().zip(&gross) {
        assert_eq!(*g, (10 * n).div_ceil(7), "net {n}");
    }
}

/// A chat queue in a job (`[staffing] concurrency = 3`, `slowdown`): every interval of the
/// published requirements holds the agents `chat_agents` gives for its published volume and AHT
/// (recomputed here; the chain is checked against a per-agent simulation in
/// `tests/staffing_chat.rs`), grossed up by the demo's 30% shrinkage; the plan is not projected
/// with Erlang C (one contact at a time), so the coverage has no `service_level`.
#[test]
fn a_job_staffs_a_chat_queue() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.staffing.concurrency = 3;
    cfg.staffing.slowdown = vec![1.0, 1.25, 1.6];
    cfg.forecast.horizon_days = 1;
    cfg.simulation = None;
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    let run = outcome.run_dir.clone().unwrap();
    let req = read_frame(&run.join("requirements.csv"), None).unwrap();
    let num = |c: &str| wfmkit::io::f64_column(&req, c, "test", false).unwrap();
    let (vol, aht, agents, gross) = (num("volume"), num("aht_s"), num("agents"), num("agents_gross"));
    let mut chats = 0;
    for i in 0..req.height() {
        let want = if vol[i] == 0.0 {
            0
        } else {
            chats += 1;
            let q = wfmkit::staffing::ChatQueue {
                volume: vol[i],
                aht_s: aht[i],
                interval_s: 900.0,
                concurrency: 3,
                slowdown: vec![1.0, 1.25, 1.6],
            };
            wfmkit::staffing::chat_agents(&q, 0.8, 20.0).unwrap().agents
        };
        assert_eq!(agents[i] as u32, want, "row {i}");
        assert_eq!(gross[i] as u32, (10 * want).div_ceil(7), "row {i}");
    }
    assert!(chats > 0);
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    assert!(cov.column("service_level").is_err());
    // A [simulation] of a chat queue is refused before anything runs, by name.
    cfg.simulation = Some(Default::default());
    let problems = wfmkit::io::validate_job(&cfg);
    assert!(problems.iter().any(|p| p.contains("chat")), "{problems:?}");
}

/// A backlog queue in a job (`[staffing.backlog]`: the demo's calls treated as emails, 90%
/// within 4 business hours and all within 8, open 08:00-18:00 daily and 09:00-13:00 on
/// Saturdays; the two days planned are a Monday and a Tuesday): the published
/// requirements hold `backlog_staffing`'s plan on the run's own forecast (recomputed here),
/// rounded up to whole agents and grossed up by the demo's 30% shrinkage; nothing is required
/// outside the opening hours; and the voice targets beside `backlog` are refused by name.
#[test]
fn a_job_staffs_a_backlog_queue() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.staffing.service_level = None;
    let backlog: wfmkit::staffing::BacklogOptions = toml::from_str(
        r#"
        targets = [{ share = 0.9, within_minutes = 240 }, { share = 1.0, within_minutes = 480 }]
        opening_hours = { daily = "08:00-18:00", sat = "09:00-13:00" }
        "#,
    )
    .unwrap();
    cfg.staffing.backlog = Some(backlog.clone());
    cfg.forecast.horizon_days = 2;
    cfg.simulation = None;
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    let run = outcome.run_dir.clone().unwrap();
    let req = read_frame(&run.join("requirements.csv"), None).unwrap();
    let num = |c: &str| wfmkit::io::f64_column(&req, c, "test", false).unwrap();
    let (agents, gross, sl) = (num("agents"), num("agents_gross"), num("service_level"));
    let f = outcome.queues[0].1.as_ref().unwrap().forecast.clone().unwrap();
    let (work, items) = f
        .volume
        .iter()
        .zip(&f.aht_s)
        .fold((0.0, 0.0), |(w, n), (v, a)| (w + v * a, n + v));
    let open = backlog.open_intervals(&f.timestamps, 15).unwrap();
    let plan = wfmkit::staffing::backlog_staffing(&f.volume, &open, &backlog.queue(15, work / items)).unwrap();
    assert!(plan.within[0] >= 0.9 - 1e-6 && plan.within[1] >= 1.0 - 1e-6);
    for i in 0..req.height() {
        let want = (plan.agents[i] - 1e-6).ceil().max(0.0) as u32;
        assert_eq!(agents[i] as u32, want, "row {i}");
        assert_eq!(gross[i] as u32, (10 * want).div_ceil(7), "row {i}");
        if !open[i] {
            assert_eq!(want, 0, "closed row {i}");
        }
        assert!((0.0..=1.0).contains(&sl[i]));
    }
    assert!(agents.iter().any(|&a| a > 0.0));
    assert_eq!(
        open.iter().filter(|&&o| o).count(),
        80,
        "Monday and Tuesday 08:00-18:00: 40 15-minute intervals each"
    );
    // No Erlang projection of a backlog queue's plan.
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    assert!(cov.column("service_level").is_err());
    // A voice target beside [staffing.backlog] is refused before anything runs, by name.
    cfg.staffing.service_level = Some(0.8);
    let problems = wfmkit::io::validate_job(&cfg);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("service_level") && p.contains("backlog")),
        "{problems:?}"
    );
}

/// Skill groups in a job: two queues (the demo's history read twice, one of them as chat with
/// concurrency 2) in `skill_group = "front"` are each staffed by their own model, and scheduled
/// once on the sum of their requirements: the published `requirements` hold both queues and no
/// shifts of their own; `shifts` and `coverage` hold the group, whose `required` is the sum of
/// the two queues' `agents_gross` per interval (exact). A group named like a queue is refused.
#[test]
fn a_skill_group_schedules_its_queues_as_one_pool() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.forecast.horizon_days = 1;
    cfg.simulation = None;
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/anon_bank_1999/anon_bank_1999_janoct_15min.csv");
    let mut chat = toml::Table::new();
    chat.insert("concurrency".into(), toml::Value::Integer(2));
    for (name, staffing) in [("voice", toml::Table::new()), ("chat", chat)] {
        cfg.queues.insert(
            name.into(),
            wfmkit::io::QueueConfig {
                path: Some(history.clone()),
                staffing,
                skill_group: Some("front".into()),
                ..Default::default()
            },
        );
    }
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    assert!(outcome.verdict().is_complete(), "{:?}", outcome.verdict());
    let run = outcome.run_dir.clone().unwrap();
    let req = read_frame(&run.join("requirements.csv"), None).unwrap();
    let queues = |df: &polars::prelude::DataFrame| -> Vec<String> {
        let mut v: Vec<String> = df
            .column("queue")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .map(String::from)
            .collect();
        v.dedup();
        v
    };
    assert_eq!(queues(&req), vec!["chat", "voice"]);
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    assert_eq!(queues(&cov), vec!["front"]);
    let shifts = read_frame(&run.join("shifts.csv"), None).unwrap();
    assert_eq!(queues(&shifts), vec!["front"]);
    let gross = wfmkit::io::f64_column(&req, "agents_gross", "test", false).unwrap();
    let half = gross.len() / 2;
    let required = wfmkit::io::f64_column(&cov, "required", "test", false).unwrap();
    assert_eq!(required.len(), half);
    for i in 0..half {
        assert_eq!(required[i], gross[i] + gross[half + i], "interval {i}");
    }
    // Chat (2 at once) needs fewer agents than voice for the same contacts somewhere in the day.
    assert!((0..half).any(|i| gross[i] < gross[half + i]));
    // A group with a queue's name is refused by `validate`, naming it.
    cfg.queues.get_mut("chat").unwrap().skill_group = Some("voice".into());
    cfg.queues.get_mut("voice").unwrap().skill_group = Some("voice".into());
    let problems = wfmkit::io::validate_job(&cfg);
    assert!(
        problems.iter().any(|p| p.contains("skill group `voice`")),
        "{problems:?}"
    );
}

/// An outbound campaign in a job (`[[outbound]]`, blended with the demo queue): the published
/// `outbound` rows use the plan's slack (scheduled − required from the published coverage, net
/// of the 30% shrinkage) before any dedicated agent, call only in calling hours, finish the list,
/// and their agent-hours equal the campaign's expected work (the closed form, recomputed here;
/// 1e-9 relative). A campaign blending with no queue, or with a contact rate of 0, is refused by
/// name.
#[test]
fn a_job_plans_an_outbound_campaign_in_the_slack() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.forecast.horizon_days = 1;
    cfg.simulation = None;
    let campaign: wfmkit::io::OutboundConfig = toml::from_str(
        r#"
        name = "renewals"
        records = 400
        contact_rate = 0.35
        max_attempts = 3
        talk_s = 420
        attempt_s = 35
        blend_with = "anon_bank"
        calling_hours = { daily = "09:00-19:00" }
        "#,
    )
    .unwrap();
    cfg.outbound = vec![campaign];
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    let run = outcome.run_dir.clone().unwrap();
    let out = read_frame(&run.join("outbound.csv"), None).unwrap();
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    assert_eq!(out.height(), cov.height());
    let num = |df: &polars::prelude::DataFrame, c: &str| wfmkit::io::f64_column(df, c, "test", false).unwrap();
    let (sched, req) = (num(&cov, "scheduled"), num(&cov, "required"));
    let (slack, blended, dedicated, remaining) = (
        num(&out, "slack"),
        num(&out, "blended_agents"),
        num(&out, "dedicated_agents"),
        num(&out, "remaining"),
    );
    // CSV keeps booleans as text.
    let open: Vec<bool> = out
        .column("open")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|b| b == Some("true"))
        .collect();
    let ts = wfmkit::io::datetime_column(&out, "interval_start", "test").unwrap();
    let mut hours = 0.0;
    for i in 0..out.height() {
        let want = (sched[i] - req[i]).max(0.0) * 0.7;
        assert!((slack[i] - want).abs() < 1e-9, "row {i}");
        assert!(blended[i] <= slack[i] + 1e-12);
        let h = chrono::Timelike::hour(&ts[i]);
        assert_eq!(open[i], (9..19).contains(&h), "row {i}");
        if !open[i] {
            assert_eq!(blended[i] + dedicated[i], 0.0);
        }
        hours += (blended[i] + dedicated[i]) * 0.25;
    }
    assert!(remaining.last().unwrap().abs() < 1e-6);
    let contacts = 1.0 - 0.65f64.powi(3);
    let work_h = 400.0 * (contacts * 420.0 + (contacts / 0.35 - contacts) * 35.0) / 3600.0;
    assert!((hours - work_h).abs() <= 1e-9 * work_h, "{hours} vs {work_h}");
    let summary = &outcome.manifest["outbound"][0];
    assert_eq!(summary["campaign"], "renewals");
    assert!((summary["agent_hours"].as_f64().unwrap() - work_h).abs() <= 1e-9 * work_h);
    // Bad campaigns are named before anything runs.
    cfg.outbound[0].blend_with = "nowhere".into();
    cfg.outbound[0].contact_rate = 0.0;
    let problems = wfmkit::io::validate_job(&cfg);
    assert!(
        problems.iter().any(|p| p.contains("renewals") && p.contains("nowhere")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("renewals") && p.contains("contact_rate")),
        "{problems:?}"
    );
}

/// Multi-skill routing in a job (`[multi_skill]`): the demo's calls read twice as an English and
/// a French queue, with English and French specialists (cost 1) and bilingual agents (cost 1.1).
/// Every interval is staffed per group by simulation and each group scheduled under its name:
/// `coverage` requires exactly the published `multi_skill` gross agents (30% shrinkage), the
/// manifest's cost is at most the cost of staffing each queue alone, and in the busiest interval
/// an independent simulation (another seed, 400 replications) of the groups' net agents meets
/// 80/20 for both queues within its 95% half-width plus 0.01, the optimisation's own sampling
/// error (about two standard errors of a service level estimated from 300 replications of a
/// 15-minute interval: the staffing is the optimum of that sample problem). Skills that name no queue, and a group named
/// like a queue, are refused by name.
#[test]
fn a_job_staffs_multi_skill_groups_by_simulation() {
    let mut cfg = JobConfig::load(&demo()).unwrap();
    cfg.forecast.horizon_days = 1;
    cfg.simulation = None;
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/anon_bank_1999/anon_bank_1999_janoct_15min.csv");
    for name in ["english", "french"] {
        cfg.queues.insert(
            name.into(),
            wfmkit::io::QueueConfig {
                path: Some(history.clone()),
                ..Default::default()
            },
        );
    }
    let m: wfmkit::io::MultiSkillConfig = toml::from_str(
        r#"
        replications = 300
        groups = [
            { name = "en", skills = ["english"] },
            { name = "fr", skills = ["french"] },
            { name = "bi", skills = ["english", "french"], cost = 1.1 },
        ]
        "#,
    )
    .unwrap();
    cfg.multi_skill = Some(m);
    let dir = common::TempDir::new();
    let outcome = plan_job(&cfg, None, Some(dir.path()), Stage::Schedule, &|_| {}).unwrap();
    assert!(outcome.verdict().is_complete(), "{:?}", outcome.verdict());
    let run = outcome.run_dir.clone().unwrap();
    let ms = read_frame(&run.join("multi_skill.csv"), None).unwrap();
    let cov = read_frame(&run.join("coverage.csv"), None).unwrap();
    let num = |df: &polars::prelude::DataFrame, c: &str| wfmkit::io::f64_column(df, c, "test", false).unwrap();
    let (gross, net, required) = (num(&ms, "agents_gross"), num(&ms, "agents"), num(&cov, "required"));
    assert_eq!(
        gross.len(),
        required.len(),
        "three groups' rows in both, in the same order"
    );
    assert_eq!(gross, required);
    for (g, n) in gross.iter().zip(&net) {
        assert_eq!(*g as u32, (10 * (*n as u32)).div_ceil(7));
    }
    let summary = &outcome.manifest["multi_skill"];
    let (cost, alone) = (
        summary["cost"].as_f64().unwrap(),
        summary["cost_alone"].as_f64().unwrap(),
    );
    assert!(cost <= alone + 1e-9, "{cost} vs {alone}");
    // The busiest interval, simulated again with other random numbers.
    let req = read_frame(&run.join("requirements.csv"), None).unwrap();
    let (vol, aht) = (num(&req, "volume"), num(&req, "aht_s"));
    let n = vol.len() / 2; // english rows, then french (the same history)
    let busiest = (0..n).max_by(|&a, &b| vol[a].total_cmp(&vol[b])).unwrap();
    let agents: Vec<u32> = (0..3).map(|g| net[g * n + busiest] as u32).collect();
    let sys = wfmkit::simulate::MultiSkillSystem {
        period_s: 900.0,
        volume: vec![vol[busiest], vol[n + busiest]],
        aht_s: vec![aht[busiest], aht[n + busiest]],
        patience_s: vec![f64::INFINITY; 2],
        skills: vec![vec![0], vec![1], vec![0, 1]],
        routing: vec![],
        answer_within_s: 20.0,
    };
    let check = wfmkit::simulate::simulate_multi_skill(
        &sys,
        &agents,
        &wfmkit::simulate::MultiSkillOptions {
            replications: 400,
            seed: 12345,
        },
    )
    .unwrap();
    for sl in &check.service_level {
        assert!(sl.mean + sl.half_width >= 0.8 - 0.01, "{sl:?} at {agents:?}");
    }
    // Bad tables are named before anything runs.
    let mut bad = cfg.clone();
    bad.multi_skill.as_mut().unwrap().groups[0].skills = vec!["spanish".into()];
    bad.multi_skill.as_mut().unwrap().groups[1].name = "english".into();
    let problems = wfmkit::io::validate_job(&bad);
    assert!(problems.iter().any(|p| p.contains("spanish")), "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("group `english` has the name of a queue")),
        "{problems:?}"
    );
}
