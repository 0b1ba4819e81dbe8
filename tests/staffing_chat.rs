//! Chat with concurrency (issue 15, part 1) against what it must equal and against a per-agent
//! simulation it shares no code with. Each test states its tolerance.

use wfmkit::staffing::{chat_agents, chat_metrics, erlang_c, ChatQueue};

fn queue(volume: f64, aht_s: f64, k: u32, slowdown: Vec<f64>) -> ChatQueue {
    ChatQueue {
        volume,
        aht_s,
        interval_s: 1800.0,
        concurrency: k,
        slowdown,
    }
}

/// One chat at a time and no slow-down is Erlang C; k chats at once with no slow-down is Erlang
/// C with n k servers. Relative 1e-9 on P(wait), service level and ASA (both sides exact), over
/// loads from 0.5 to 400 Erlangs and every stable agent count up to twice the load.
#[test]
fn without_slow_down_it_is_erlang_c() {
    for &(volume, aht) in &[(10.0, 90.0), (100.0, 180.0), (1000.0, 300.0), (4000.0, 180.0)] {
        for k in [1u32, 2, 4] {
            let q = queue(volume, aht, k, vec![]);
            let load = volume * aht / 1800.0;
            let first = (load / k as f64).floor() as u32 + 1;
            for n in first..=(2.0 * load / k as f64).ceil() as u32 + 2 {
                let m = chat_metrics(&q, n, 20.0).unwrap();
                let e = erlang_c(volume, aht, 1800.0, n * k, 20.0).unwrap();
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1e-12) + 1e-15;
                assert!(
                    close(m.service_level, e.service_level) && close(m.p_wait, e.p_wait) && close(m.asa_s, e.asa_s),
                    "load {load}, k {k}, n {n}: {m:?} vs {e:?}"
                );
            }
        }
    }
}

/// A per-agent simulation: chats arrive at rate λ, go to the least busy agent with a free slot
/// (lowest index on ties), else wait first come first served and go to the agent whose chat
/// ends; an agent with m chats finishes each at rate 1 / (AHT f(m)). Exponential times, so it
/// runs as a continuous-time Markov chain over every agent's count (no even-spread
/// assumption), one replication per seed after a warm-up. Returns per replication
/// (P(wait), SL, ASA, occupancy).
fn simulate(q: &ChatQueue, n: usize, t: f64, seed: u64, hours: f64) -> (f64, f64, f64, f64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::SmallRng::seed_from_u64(seed);
    let k = q.concurrency;
    let f = |m: u32| {
        if q.slowdown.is_empty() {
            1.0
        } else {
            q.slowdown[m as usize - 1]
        }
    };
    let rate_of = |m: u32| if m == 0 { 0.0 } else { m as f64 / (q.aht_s * f(m)) };
    let lambda = q.volume / q.interval_s;
    let mut open = vec![0u32; n];
    let mut waiting: std::collections::VecDeque<f64> = std::collections::VecDeque::new();
    let (mut now, warm, end) = (0.0f64, 3600.0 * 10.0, 3600.0 * (10.0 + hours));
    let (mut arrivals, mut waited, mut within, mut wait_sum) = (0u64, 0u64, 0u64, 0.0f64);
    let mut busy_area = 0.0;
    while now < end {
        let rates: Vec<f64> = open.iter().map(|&m| rate_of(m)).collect();
        let total = lambda + rates.iter().sum::<f64>();
        let dt = -(1.0 - rng.random::<f64>()).ln() / total;
        if now > warm {
            busy_area += open.iter().sum::<u32>() as f64 * dt;
        }
        now += dt;
        let mut u = rng.random::<f64>() * total;
        if u < lambda {
            let counted = now > warm;
            arrivals += counted as u64;
            let (a, &m) = open.iter().enumerate().min_by_key(|(_, m)| **m).unwrap();
            if m < k {
                open[a] += 1;
                within += counted as u64;
            } else {
                waited += counted as u64;
                waiting.push_back(now);
            }
            continue;
        }
        u -= lambda;
        let mut a = 0;
        while a + 1 < n && u >= rates[a] {
            u -= rates[a];
            a += 1;
        }
        open[a] -= 1;
        if let Some(arrived) = waiting.pop_front() {
            open[a] += 1;
            if arrived > warm {
                let w = now - arrived;
                wait_sum += w;
                within += (w <= t) as u64;
            }
        }
    }
    let a = arrivals as f64;
    (
        waited as f64 / a,
        within as f64 / a,
        wait_sum / a,
        busy_area / (hours * 3600.0 * (n as u32 * k) as f64),
    )
}

/// Three chats at once, each 1.0, 1.25 and 1.6 times as long (300 chats per 30 minutes, AHT
/// 360 s alone, 60-second threshold): the chain against 30 replications of 500 simulated hours
/// at the staffing `chat_agents` gives for 80% (34 agents; the naive Erlang C agents ÷ 3 give 22) and one agent fewer. Tolerance: the 99%
/// interval of the replications' mean (2.76 standard errors at 29 degrees of freedom) plus
/// 0.01 on P(wait) and SL (0.5 s on ASA, 0.005 on occupancy) for the even-spread
/// approximation (a chat's end is not rebalanced). Measured at 34 agents: P(wait) 0.268 against
/// 0.275 ± 0.011, SL 0.857 against 0.853 ± 0.009, occupancy 0.870 against 0.875 ± 0.003 (the
/// chain credits the agents with a little more throughput than uneven agents have).
#[test]
fn with_slow_down_it_agrees_with_a_per_agent_simulation() {
    let q = queue(300.0, 360.0, 3, vec![1.0, 1.25, 1.6]);
    let staffed = chat_agents(&q, 0.8, 60.0).unwrap();
    let naive = (erlang_c_agents(300.0, 360.0, 0.8, 60.0) as f64 / 3.0).ceil() as u32;
    eprintln!("chat agents {} (naive Erlang C / k: {naive})", staffed.agents);
    for n in [staffed.agents - 1, staffed.agents] {
        let m = chat_metrics(&q, n, 60.0).unwrap();
        let reps: Vec<(f64, f64, f64, f64)> = (0..30)
            .map(|s| simulate(&q, n as usize, 60.0, 1000 + s, 500.0))
            .collect();
        let stat = |get: fn(&(f64, f64, f64, f64)) -> f64| {
            let v: Vec<f64> = reps.iter().map(get).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt();
            (mean, 2.76 * sd / (v.len() as f64).sqrt())
        };
        let checks = [
            ("p_wait", stat(|r| r.0), m.p_wait, 0.01),
            ("service_level", stat(|r| r.1), m.service_level, 0.01),
            ("asa_s", stat(|r| r.2), m.asa_s, 0.5),
            ("occupancy", stat(|r| r.3), m.occupancy, 0.005),
        ];
        for (name, (mean, half), chain, slack) in checks {
            eprintln!("n {n} {name}: chain {chain:.4}, simulated {mean:.4} ± {half:.4}");
            assert!(
                (chain - mean).abs() <= half + slack,
                "n {n} {name}: chain {chain} vs {mean} ± {half}"
            );
        }
    }
}

/// The fewest agents for `service_level` within `t` by Erlang C (one chat at a time).
fn erlang_c_agents(volume: f64, aht: f64, service_level: f64, t: f64) -> u32 {
    (1..10_000)
        .find(|&n| {
            let e = erlang_c(volume, aht, 1800.0, n, t).unwrap();
            e.stable && e.service_level >= service_level
        })
        .unwrap()
}

/// Bad input is named; nothing panics.
#[test]
fn bad_input_is_named() {
    let bad = |q: ChatQueue, needle: &str| {
        let e = chat_metrics(&q, 3, 20.0).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    };
    bad(queue(10.0, 180.0, 0, vec![]), "concurrency");
    bad(queue(10.0, 180.0, 2, vec![1.0]), "slowdown");
    bad(queue(10.0, 180.0, 2, vec![1.0, 0.5]), "slowdown");
    bad(queue(-1.0, 180.0, 2, vec![]), "volume");
    bad(queue(10.0, f64::NAN, 2, vec![]), "aht_s");
    assert!(chat_agents(&queue(10.0, 180.0, 2, vec![]), 1.0, 20.0).is_err());
    let m = chat_metrics(&queue(1000.0, 180.0, 2, vec![]), 3, 20.0).unwrap();
    assert!(!m.stable && m.asa_s.is_infinite());
    assert_eq!(
        chat_metrics(&queue(0.0, 180.0, 2, vec![]), 0, 20.0)
            .unwrap()
            .service_level,
        1.0
    );
}
