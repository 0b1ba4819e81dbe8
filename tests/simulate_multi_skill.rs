//! Multi-skill routing and staffing (issue 15, part 4): the simulator against exact Erlang C
//! where the theory gives it, the staffing against per-queue Erlang where it must reduce to it,
//! and the multi-skill saving checked by a simulation with other random numbers. Each test
//! states its tolerance.

use wfmkit::requirements::multi_skill_requirements;
use wfmkit::simulate::{simulate_multi_skill, staff_multi_skill, MultiSkillOptions, MultiSkillSystem, SimulateError};
use wfmkit::staffing::{erlang_c, required_agents, StaffingModel, StaffingOptions};

/// A long period (100 hours) so the empty start is a negligible part of it.
const PERIOD: f64 = 360_000.0;

fn system(volume_per_hour: &[f64], aht: &[f64], skills: Vec<Vec<usize>>) -> MultiSkillSystem {
    MultiSkillSystem {
        period_s: PERIOD,
        volume: volume_per_hour.iter().map(|v| v * PERIOD / 3600.0).collect(),
        aht_s: aht.to_vec(),
        patience_s: vec![f64::INFINITY; aht.len()],
        skills,
        routing: Vec::new(),
        answer_within_s: 20.0,
    }
}

/// One type, one group: M/M/n. Service level and P(wait) against exact Erlang C, over 100-hour
/// periods (20 replications): within 2.5 times the 95% half-width (about 4.9 standard errors),
/// plus 0.002 for the empty start (at most a few minutes of 100 hours).
#[test]
fn one_type_one_group_is_erlang_c() {
    for &(rate, aht, n) in &[(100.0, 360.0, 12u32), (300.0, 180.0, 17), (40.0, 600.0, 9)] {
        let sys = system(&[rate], &[aht], vec![vec![0]]);
        let r = simulate_multi_skill(
            &sys,
            &[n],
            &MultiSkillOptions {
                replications: 20,
                seed: 5,
            },
        )
        .unwrap();
        let e = erlang_c(rate / 2.0, aht, 1800.0, n, 20.0).unwrap();
        let (sl, pw) = (r.service_level[0], r.p_wait[0]);
        assert!(
            (sl.mean - e.service_level).abs() <= 2.5 * sl.half_width + 0.002,
            "{rate}/{aht}/{n}: {sl:?} vs {}",
            e.service_level
        );
        assert!(
            (pw.mean - e.p_wait).abs() <= 2.5 * pw.half_width + 0.002,
            "{pw:?} vs {}",
            e.p_wait
        );
    }
}

/// Two types with the same handle time served by one group that prefers type 0: the group is
/// busy exactly when an M/M/n with the pooled arrivals is (work-conserving, same service rate),
/// and by PASTA every arrival of either type waits with Erlang C's P(wait) for the pooled load,
/// whatever the priority. Same tolerance as above.
#[test]
fn a_pooled_group_waits_as_erlang_c_for_every_type() {
    let sys = system(&[120.0, 80.0], &[300.0, 300.0], vec![vec![0, 1]]);
    let r = simulate_multi_skill(
        &sys,
        &[20],
        &MultiSkillOptions {
            replications: 20,
            seed: 9,
        },
    )
    .unwrap();
    let e = erlang_c(100.0, 300.0, 1800.0, 20, 20.0).unwrap();
    for t in 0..2 {
        let pw = r.p_wait[t];
        assert!(
            (pw.mean - e.p_wait).abs() <= 2.5 * pw.half_width + 0.002,
            "type {t}: {pw:?} vs {}",
            e.p_wait
        );
    }
    // The preferred type waits less on average (a sanity check of the priority, not a bound).
    assert!(r.asa_s[0].mean < r.asa_s[1].mean);
}

/// With one specialist group per type, multi-skill staffing is per-queue staffing: the
/// simulation-based optimum equals each type's Erlang C agents for 80/20, within one agent per
/// group (the simulation's service level is an estimate; tolerance ±1).
#[test]
fn one_group_per_type_reduces_to_per_queue_erlang() {
    let rates = [100.0, 60.0, 200.0];
    let ahts = [300.0, 420.0, 240.0];
    let sys = system(&rates, &ahts, vec![vec![0], vec![1], vec![2]]);
    let opts = MultiSkillOptions {
        replications: 10,
        seed: 3,
    };
    let erlang: Vec<u32> = (0..3)
        .map(|t| {
            let o = StaffingOptions::new(StaffingModel::ErlangC).with_service_level(0.8, 20.0);
            required_agents(rates[t] / 2.0, ahts[t], 1800.0, &o).unwrap().agents
        })
        .collect();
    // Start below the answer, so the cutting planes climb to it (then the descent checks it).
    let start: Vec<u32> = erlang.iter().map(|&n| n.saturating_sub(3)).collect();
    let r = staff_multi_skill(&sys, &[1.0, 1.0, 1.0], &[0.8; 3], &start, &opts, 50).unwrap();
    assert!(r.feasible && r.iterations > 0, "{r:?}");
    for (t, (&got, &want)) in r.agents.iter().zip(&erlang).enumerate() {
        assert!(got.abs_diff(want) <= 1, "type {t}: {got} vs Erlang {want}");
    }
}

/// The classic saving: two types, two specialist groups (cost 1) and a flexible group serving
/// both (cost 1.1). Multi-skill staffing costs less than each type alone, and an independent
/// simulation (other seed) of the staffing found meets both targets within its 95% half-width.
#[test]
fn cross_trained_agents_save_and_the_result_holds_in_an_independent_simulation() {
    let mut sys = system(&[90.0, 30.0], &[360.0, 360.0], vec![vec![0], vec![1], vec![0, 1]]);
    sys.period_s = 36_000.0; // 10 hours
    sys.volume = vec![900.0, 300.0];
    let opts = MultiSkillOptions {
        replications: 40,
        seed: 11,
    };
    let plan = multi_skill_requirements(&sys, &[1.0, 1.0, 1.1], &[0.8, 0.8], &opts, 60).unwrap();
    assert!(plan.staffing.feasible && plan.alone.feasible);
    assert!(
        plan.saving > 0.0,
        "multi {} vs alone {}",
        plan.staffing.cost,
        plan.alone.cost
    );
    assert!(plan.staffing.agents[2] > 0, "{:?}", plan.staffing.agents);
    let check = simulate_multi_skill(
        &sys,
        &plan.staffing.agents,
        &MultiSkillOptions {
            replications: 200,
            seed: 999,
        },
    )
    .unwrap();
    for t in 0..2 {
        let sl = check.service_level[t];
        assert!(sl.mean + sl.half_width >= 0.8, "type {t}: {sl:?}");
    }
}

/// Bad input is a typed error naming the field.
#[test]
fn bad_skills_and_routing_are_named() {
    let ok = system(&[10.0, 10.0], &[300.0, 300.0], vec![vec![0], vec![1]]);
    let err = |s: &MultiSkillSystem| simulate_multi_skill(s, &[3, 3], &MultiSkillOptions::default()).unwrap_err();
    let e = err(&MultiSkillSystem {
        skills: vec![vec![0], vec![]],
        ..ok.clone()
    });
    assert!(e.to_string().contains("group 1 serves no call type"), "{e}");
    let e = err(&MultiSkillSystem {
        skills: vec![vec![0], vec![0]],
        ..ok.clone()
    });
    assert!(e.to_string().contains("no group serves call type 1"), "{e}");
    let e = err(&MultiSkillSystem {
        routing: vec![vec![1], vec![]],
        ..ok.clone()
    });
    assert!(e.to_string().contains("type 0 is routed to group 1"), "{e}");
    let e = err(&MultiSkillSystem {
        skills: vec![vec![0], vec![5]],
        ..ok.clone()
    });
    assert!(e.to_string().contains("names type 5"), "{e}");
    let e = err(&MultiSkillSystem {
        aht_s: vec![300.0],
        ..ok.clone()
    });
    assert!(matches!(e, SimulateError::InvalidRouting { name: "aht_s", .. }), "{e}");
    let e = simulate_multi_skill(&ok, &[3], &MultiSkillOptions::default()).unwrap_err();
    assert!(e.to_string().contains("agents"), "{e}");
    let e = staff_multi_skill(
        &ok,
        &[1.0, -1.0],
        &[0.8, 0.8],
        &[1, 1],
        &MultiSkillOptions::default(),
        10,
    )
    .unwrap_err();
    assert!(e.to_string().contains("cost"), "{e}");
}
