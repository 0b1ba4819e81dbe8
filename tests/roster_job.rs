//! The demo roster job (data/demo_roster_job.toml) through the command-line program: it publishes
//! named schedules, and every hard rule and the cover are recomputed here from the published CSV
//! files and the input tables alone (plain text parsing and chrono; no wfmkit code), so the check
//! is independent of the model. Tolerance: exact (integer agent counts and minutes).

#![cfg(feature = "cli")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The demo roster config with absolute inputs and a shorter roster time limit (the rules and the
/// checks do not depend on how long HiGHS searches).
fn config(dir: &Path, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(data().join("demo_roster_job.toml"))
        .unwrap()
        .replace("anon_bank_1999/", &format!("{}/anon_bank_1999/", data().display()))
        .replace("\"demo_agents/", &format!("\"{}/demo_agents/", data().display()))
        .replace("time_limit_s = 30.0", "time_limit_s = 10.0");
    let p = dir.join("job.toml");
    std::fs::write(&p, format!("{text}{extra}")).unwrap();
    p
}

/// `wfmkit plan --config CFG --out OUT`.
fn plan(cfg: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wfmkit"))
        .args([
            "plan",
            "--config",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

/// Agents in `work` activities per 15-minute interval, keyed by `key(agent_id)` and the
/// interval start.
fn at_work<K: Ord>(acts: &[BTreeMap<String, String>], key: impl Fn(&str) -> K) -> BTreeMap<(K, NaiveDateTime), u32> {
    let mut on = BTreeMap::new();
    for r in acts.iter().filter(|r| r["kind"] == "work") {
        let (mut t, end) = (ts(&r["start"]), ts(&r["end"]));
        while t < end {
            *on.entry((key(&r["agent_id"]), t)).or_default() += 1;
            t += chrono::Duration::minutes(15);
        }
    }
    on
}

fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| header.iter().cloned().zip(l.split(',').map(String::from)).collect())
        .collect()
}

fn ts(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3f").unwrap_or_else(|_| panic!("{s}"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn demo_roster_keeps_every_rule_and_its_cover_matches_the_activities() {
    let dir = common::TempDir::new();
    let cfg = config(dir.path(), "");
    let out = dir.path().join("out");
    let o = plan(&cfg, &out);
    let code = o.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 5, "{}", String::from_utf8_lossy(&o.stderr));
    let run = out.join("latest");
    let agents = rows(&data().join("demo_agents/agents.csv"));
    let contract: BTreeMap<String, String> = agents
        .iter()
        .map(|a| (a["agent_id"].clone(), a["contract"].clone()))
        .collect();
    let leave: BTreeSet<(String, NaiveDate)> = rows(&data().join("demo_agents/leave.csv"))
        .iter()
        .map(|r| (r["agent_id"].clone(), day(&r["date"])))
        .collect();
    type Windows = Vec<(NaiveTime, Option<NaiveTime>)>;
    let mut windows: BTreeMap<(String, String), Windows> = BTreeMap::new();
    for r in rows(&data().join("demo_agents/availability.csv")) {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        let to = r.get("to").filter(|s| !s.is_empty()).map(|s| t(s));
        windows
            .entry((r["agent_id"].clone(), r["weekday"].clone()))
            .or_default()
            .push((t(&r["from"]), to));
    }
    let has_windows: BTreeSet<String> = windows.keys().map(|(a, _)| a.clone()).collect();

    let shifts = rows(&run.join("roster_shifts.csv"));
    assert!(!shifts.is_empty());
    type Worked = (NaiveDate, String, NaiveDateTime, NaiveDateTime, u32);
    let mut per_agent: BTreeMap<String, Vec<Worked>> = BTreeMap::new();
    for s in &shifts {
        per_agent.entry(s["agent_id"].clone()).or_default().push((
            day(&s["date"]),
            s["shift"].clone(),
            ts(&s["start"]),
            ts(&s["end"]),
            s["paid_minutes"].parse().unwrap(),
        ));
    }
    for (a, list) in &mut per_agent {
        list.sort();
        let c = contract.get(a).unwrap_or_else(|| panic!("unknown agent {a}"));
        let dates: BTreeSet<NaiveDate> = list.iter().map(|x| x.0).collect();
        assert_eq!(dates.len(), list.len(), "{a}: two shifts on one day");
        let days = list.len();
        let minutes: u32 = list.iter().map(|x| x.4).sum();
        // The contracts of data/demo_roster_job.toml.
        if c == "ft" {
            assert!((3..=5).contains(&days), "{a}: {days} days");
            assert!(list.iter().all(|x| x.1.starts_with("full ")), "{a}");
        } else {
            assert!(days <= 4, "{a}: {days} days");
            assert!(minutes <= 1200, "{a}: {minutes} min");
            assert!(list.iter().all(|x| x.1.starts_with("part ")), "{a}");
        }
        for w in list.windows(2) {
            let rest = (w[1].2 - w[0].3).num_minutes();
            assert!(rest >= 660, "{a}: rest {rest} min before {}", w[1].0);
        }
        // Max 5 consecutive days (ft) holds trivially in 7 days with 5 max; check anyway.
        let mut run_len = 0;
        for d in 0..7 {
            let date = day("1999-11-01") + chrono::Duration::days(d);
            run_len = if dates.contains(&date) { run_len + 1 } else { 0 };
            assert!(c != "ft" || run_len <= 5, "{a}: run of {run_len}");
        }
        for x in list.iter() {
            assert!(!leave.contains(&(a.clone(), x.0)), "{a} works on leave {}", x.0);
            if has_windows.contains(a) {
                let wd = x.0.weekday().to_string();
                let ok = windows.get(&(a.clone(), wd)).is_some_and(|ws| {
                    ws.iter().any(|&(f, t)| {
                        let from = x.0.and_time(f);
                        let to = match t {
                            Some(t) => x.0.and_time(t),
                            None => x.0.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::days(1),
                        };
                        from <= x.2 && x.3 <= to
                    })
                });
                assert!(ok, "{a}: {} outside availability", x.1);
            }
        }
    }
    // Cover: agents in `work` activities per 15-minute interval equal the published roster cover.
    let acts = rows(&run.join("roster_activities.csv"));
    let on: BTreeMap<NaiveDateTime, u32> = at_work(&acts, |_| ()).into_iter().map(|((_, t), n)| (t, n)).collect();
    let cov = rows(&run.join("roster_coverage.csv"));
    assert_eq!(cov.len(), 7 * 96);
    let mut short = 0.0;
    for r in &cov {
        let t = ts(&r["interval_start"]);
        let s: u32 = r["scheduled"].parse().unwrap();
        assert_eq!(on.get(&t).copied().unwrap_or(0), s, "{t}");
        short += (r["required"].parse::<f64>().unwrap() - s as f64).max(0.0);
    }
    // The demo's [simulation]: the roster's agents at work are simulated (net of the 30%
    // shrinkage, as the Erlang projection beside it) and each mean lies within its own 95%
    // interval. The manifest records the seed and replications.
    for r in &cov {
        let f = |c: &str| r[c].parse::<f64>().unwrap_or(f64::NAN);
        let (sl, lo, hi) = (
            f("sim_service_level"),
            f("sim_service_level_lo"),
            f("sim_service_level_hi"),
        );
        assert!(
            sl.is_nan() || (lo <= sl + 1e-12 && sl <= hi + 1e-12),
            "{}",
            r["interval_start"]
        );
        assert_eq!(
            r["net_agents"].parse::<f64>().unwrap(),
            (f("scheduled") * 0.7 + 1e-9).floor()
        );
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let s = &m["queues"][0]["roster_simulation"];
    assert_eq!((s["seed"].as_u64(), s["replications"].as_u64()), (Some(0), Some(1000)));
    // Every full shift has its lunch; activities tile each shift.
    let lunches = acts.iter().filter(|r| r["kind"] == "lunch").count();
    assert_eq!(
        lunches,
        shifts.iter().filter(|s| s["shift"].starts_with("full ")).count()
    );
    // Preferred starts (every-day windows in the demo): the summary's count of shifts started
    // outside them, recomputed from the published shifts.
    let mut prefs: BTreeMap<String, Vec<(NaiveTime, NaiveTime)>> = BTreeMap::new();
    for r in rows(&data().join("demo_agents/preferred_starts.csv")) {
        assert!(r["weekday"].is_empty(), "the demo's preferences apply to every day");
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        prefs
            .entry(r["agent_id"].clone())
            .or_default()
            .push((t(&r["from"]), t(&r["to"])));
    }
    let summary = rows(&run.join("roster_summary.csv"));
    for a in &summary {
        let missed = shifts
            .iter()
            .filter(|s| s["agent_id"] == a["agent_id"])
            .map(|s| {
                let start = ts(&s["start"]).time();
                prefs.get(&a["agent_id"]).map_or(0, |ws| {
                    ws.iter().filter(|(f, to)| !(*f <= start && start <= *to)).count()
                })
            })
            .sum::<usize>();
        assert_eq!(a["starts_off_preference"], missed.to_string(), "{}", a["agent_id"]);
    }
    // The manifest's roster objective: under (10 per agent-minute) + paid + requests + fairness.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let ro = &m["queues"][0]["roster"];
    let paid: u32 = shifts.iter().map(|s| s["paid_minutes"].parse::<u32>().unwrap()).sum();
    assert!((ro["under"].as_f64().unwrap() - 15.0 * 10.0 * short).abs() < 1e-6);
    assert!((ro["paid"].as_f64().unwrap() - paid as f64).abs() < 1e-6);
    assert!(ro["bound"].as_f64().unwrap() <= ro["objective"].as_f64().unwrap() + 1e-6);
}

#[test]
fn a_bad_agent_table_stops_the_job_before_solving_and_names_the_row() {
    let dir = common::TempDir::new();
    let leave = dir.path().join("leave.csv");
    std::fs::write(&leave, "agent_id,date\nFT01,1999-11-02\nNOBODY,1999-11-03\n").unwrap();
    let cfg = config(dir.path(), "");
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        &format!("{}/demo_agents/leave.csv", data().display()),
        leave.to_str().unwrap(),
    );
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("out");
    let o = plan(&cfg, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("leave.agent_id") && err.contains("row 2") && err.contains("NOBODY"),
        "{err}"
    );
    assert!(!out.join("latest").exists());
}

/// Two queues (the bank's calls split 40/60 into `sales` and `service`) and agents of whom some
/// serve both: the job rosters the queues together. Checked from the published files alone:
/// every agent's `queue` column is its skills, the per-queue cover's served time adds up to
/// the agents at work (from the activities) in each interval, and the short-fall is the least
/// for those agents, recomputed here by hand (dedicated agents first, then the flexible ones),
/// which the manifest's under-cost must equal (10 per agent-minute, 15-minute intervals).
#[test]
fn agents_with_several_skills_roster_the_queues_together() {
    let dir = common::TempDir::new();
    let hist = std::fs::read_to_string(data().join("anon_bank_1999/anon_bank_1999_janoct_15min.csv")).unwrap();
    let mut lines = hist.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (ti, hi, ai) = (col("timestamp"), col("handled"), col("aht_seconds"));
    let mut csv = String::from("timestamp,line,handled,aht_seconds\n");
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        let h: f64 = f[hi].parse().unwrap_or(0.0);
        csv.push_str(&format!("{},sales,{},{}\n", f[ti], (0.4 * h).round(), f[ai]));
        csv.push_str(&format!("{},service,{},{}\n", f[ti], h - (0.4 * h).round(), f[ai]));
    }
    let hist_path = dir.path().join("two.csv");
    std::fs::write(&hist_path, csv).unwrap();
    // The demo agents with skills: FT01-FT10 sales, FT11-FT20 service, the rest both.
    let agents = rows(&data().join("demo_agents/agents.csv"));
    let mut skills: BTreeMap<String, String> = BTreeMap::new();
    let mut table = String::from("agent_id,contract,skills\n");
    for a in &agents {
        let n: u32 = a["agent_id"][2..].parse().unwrap();
        let s = match (a["contract"].as_str(), n) {
            ("ft", 1..=10) => "sales",
            ("ft", 11..=20) => "service",
            _ => "sales;service",
        };
        skills.insert(a["agent_id"].clone(), s.replace(';', "+"));
        table.push_str(&format!("{},{},{s}\n", a["agent_id"], a["contract"]));
    }
    let agents_path = dir.path().join("agents.csv");
    std::fs::write(&agents_path, table).unwrap();
    let cfg = config(dir.path(), "");
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace(
            &format!("{}/anon_bank_1999/anon_bank_1999_janoct_15min.csv", data().display()),
            hist_path.to_str().unwrap(),
        )
        .replace("handled = \"handled\"\n", "handled = \"handled\"\nqueue = \"line\"\n")
        .replace(
            &format!("{}/demo_agents/agents.csv", data().display()),
            agents_path.to_str().unwrap(),
        );
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("out");
    let o = plan(&cfg, &out);
    let code = o.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 5, "{}", String::from_utf8_lossy(&o.stderr));
    let run = out.join("latest");
    for s in rows(&run.join("roster_shifts.csv")) {
        assert_eq!(s["queue"], skills[&s["agent_id"]], "{}", s["agent_id"]);
    }
    // Agents at work per skill set and interval.
    let on: BTreeMap<(String, NaiveDateTime), f64> =
        at_work(&rows(&run.join("roster_activities.csv")), |a| skills[a].clone())
            .into_iter()
            .map(|(k, n)| (k, n as f64))
            .collect();
    let cov = rows(&run.join("roster_coverage.csv"));
    assert_eq!(cov.len(), 2 * 7 * 96);
    let mut by_t: BTreeMap<NaiveDateTime, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
    for r in &cov {
        by_t.entry(ts(&r["interval_start"])).or_default().insert(
            r["queue"].clone(),
            (r["required"].parse().unwrap(), r["served"].parse().unwrap()),
        );
    }
    let mut short = 0.0;
    for (t, q) in &by_t {
        let get = |k: &str| on.get(&(k.to_string(), *t)).copied().unwrap_or(0.0);
        let (ns, nv, nb) = (get("sales"), get("service"), get("sales+service"));
        let ((rs, ss), (rv, sv)) = (q["sales"], q["service"]);
        assert!((ss + sv - (ns + nv + nb)).abs() < 1e-6, "{t}: served {ss} + {sv}");
        let useful = ns.min(rs) + nv.min(rv) + nb.min((rs - ns).max(0.0) + (rv - nv).max(0.0));
        assert!((ss.min(rs) + sv.min(rv) - useful).abs() < 1e-6, "{t}");
        short += rs + rv - useful;
    }
    // Each queue's projected service: Erlang C (wfmkit::staffing, itself checked against exact
    // and published values) on its served agents rounded down, net of the demo's 30% shrinkage,
    // with the queue's forecast volume and AHT from the published requirements (tolerance 1e-9:
    // the CSV carries the figures as text).
    let req: BTreeMap<(String, NaiveDateTime), (f64, f64)> = rows(&run.join("requirements.csv"))
        .iter()
        .map(|r| {
            (
                (r["queue"].clone(), ts(&r["interval_start"])),
                (r["volume"].parse().unwrap(), r["aht_s"].parse().unwrap()),
            )
        })
        .collect();
    for r in &cov {
        let (volume, aht) = req[&(r["queue"].clone(), ts(&r["interval_start"]))];
        let served: f64 = r["served"].parse().unwrap();
        let net = ((served + 1e-9).floor() * 0.7 + 1e-9).floor() as u32;
        assert_eq!(r["net_agents"].parse::<u32>().unwrap(), net, "{r:?}");
        let m = wfmkit::staffing::erlang_c(volume, aht, 900.0, net, 20.0).unwrap();
        let sl: f64 = r["service_level"].parse().unwrap();
        assert!(
            (sl - m.service_level).abs() < 1e-9,
            "{r:?}: {sl} vs {}",
            m.service_level
        );
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let under = m["roster"]["under"].as_f64().unwrap();
    assert!(
        (under - 15.0 * 10.0 * short).abs() < 1e-6,
        "{under} vs {}",
        15.0 * 10.0 * short
    );
    assert!(m["roster"]["bound"].as_f64().unwrap() <= m["roster"]["objective"].as_f64().unwrap() + 1e-6);
}
