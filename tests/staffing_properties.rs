//! Bounded property tests: metrics are monotone in agents and stay in range; no input panics.
//!
//! Plain loops over fixed grids (no proptest dependency). The grids are small enough for the
//! default profile; set `WFMKIT_SLOW_TESTS=1` for denser grids.

use wfmkit::staffing::{
    agents_from_f64, erlang_a, erlang_b, erlang_c, gross_agents, required_agents, servers_for_blocking,
    traffic_for_blocking, SlDefinition, StaffingModel, StaffingOptions,
};

fn slow() -> bool {
    std::env::var_os("WFMKIT_SLOW_TESTS").is_some()
}

fn loads() -> Vec<f64> {
    let mut v = vec![0.0, 1e-6, 0.1, 0.9, 1.0, 2.5, 9.99, 50.0, 199.5, 1000.0, 20000.0];
    if slow() {
        v.extend((1..200).map(|i| f64::from(i) * 0.37));
    }
    v
}

fn in_unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

/// Allowance for rounding when checking monotonicity (values are exact to ~1e-13).
const SLACK: f64 = 1e-12;

#[test]
fn erlang_b_and_c_are_monotone_and_in_range() {
    for load in loads() {
        let top = (load + 8.0 * load.sqrt() + 20.0) as u32;
        let mut prev_b = f64::INFINITY;
        let mut prev: Option<wfmkit::staffing::ErlangCMetrics> = None;
        for n in 0..=top {
            let b = erlang_b(load, n).unwrap();
            assert!(in_unit(b) && b <= prev_b + SLACK, "B({n}, {load}) = {b}");
            prev_b = b;
            let m = erlang_c(load, 300.0, 300.0, n, 20.0).unwrap();
            let case = format!("C load {load} n {n}: {m:?}");
            assert!(
                in_unit(m.p_wait) && in_unit(m.service_level) && in_unit(m.occupancy),
                "{case}"
            );
            assert!(m.asa_s >= 0.0 && m.mean_queue_len >= 0.0, "{case}");
            assert_eq!(m.stable, load == 0.0 || f64::from(n) > load, "{case}");
            if let Some(p) = prev {
                assert!(m.service_level >= p.service_level - SLACK, "{case}");
                assert!(m.p_wait <= p.p_wait + SLACK, "{case}");
                assert!(m.asa_s <= p.asa_s * (1.0 + SLACK) || p.asa_s.is_infinite(), "{case}");
                assert!(m.occupancy <= p.occupancy + SLACK || n == 1, "{case}");
            }
            prev = Some(m);
        }
    }
}

#[test]
fn erlang_a_is_monotone_and_in_range() {
    let patiences: &[f64] = if slow() {
        &[0.0, 1.0, 30.0, 120.0, 300.0, 1000.0, 1e5, f64::INFINITY]
    } else {
        &[0.0, 30.0, 300.0, 1e5, f64::INFINITY]
    };
    for load in loads() {
        let top = (load + 6.0 * load.sqrt() + 10.0) as u32;
        let bottom = (load - 6.0 * load.sqrt() - 10.0).max(0.0) as u32;
        for &patience in patiences {
            for def in [SlDefinition::Offered, SlDefinition::Answered, SlDefinition::Virtual] {
                let mut prev: Option<wfmkit::staffing::ErlangAMetrics> = None;
                for n in bottom..=top {
                    let m = erlang_a(load, 300.0, 300.0, n, patience, 20.0, def).unwrap();
                    let case = format!("A load {load} n {n} patience {patience} {def}: {m:?}");
                    assert!(in_unit(m.p_wait) && in_unit(m.p_abandon), "{case}");
                    assert!(in_unit(m.service_level) && in_unit(m.occupancy), "{case}");
                    assert!(m.p_abandon <= m.p_wait + SLACK, "{case}");
                    assert!(m.asa_s >= 0.0 && m.mean_wait_all_s >= 0.0, "{case}");
                    if let Some(p) = prev {
                        assert!(m.service_level >= p.service_level - SLACK, "{case} after {p:?}");
                        assert!(m.p_wait <= p.p_wait + SLACK, "{case}");
                        assert!(m.p_abandon <= p.p_abandon + SLACK, "{case}");
                        assert!(
                            m.asa_s <= p.asa_s * (1.0 + 1e-9) + SLACK || p.asa_s.is_infinite(),
                            "{case} after {p:?}"
                        );
                        assert!(m.occupancy <= p.occupancy + SLACK, "{case} after {p:?}");
                    }
                    prev = Some(m);
                }
            }
        }
    }
}

#[test]
fn required_agents_rise_with_load_and_target() {
    let mut prev = 0;
    for i in 0..=400 {
        let load = f64::from(i) * 0.5;
        let o = StaffingOptions::new(StaffingModel::ErlangC).with_service_level(0.8, 20.0);
        let s = required_agents(load, 300.0, 300.0, &o).unwrap();
        assert!(s.agents >= prev, "load {load}");
        prev = s.agents;
        let mut prev_a = 0;
        for sl in [0.5, 0.7, 0.8, 0.9, 0.95, 0.99] {
            let o = StaffingOptions::new(StaffingModel::ErlangA)
                .with_patience_s(120.0)
                .with_service_level(sl, 20.0);
            let a = required_agents(load, 300.0, 300.0, &o).unwrap();
            assert!(a.agents >= prev_a, "load {load} sl {sl}");
            prev_a = a.agents;
        }
    }
}

/// Every public entry point on hostile floats: an `Ok` with in-range values or an `Err`, never
/// a panic, NaN or hang.
#[test]
fn hostile_inputs_never_panic() {
    let weird = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        -0.0,
        0.0,
        5e-324,
        1e-300,
        0.3,
        1.0,
        20.0,
        1800.0,
        1e7,
        1e300,
        f64::MAX,
    ];
    let agents = [0u32, 1, 7, 1000, u32::MAX];
    for &x in &weird {
        let _ = erlang_b(x, 3);
        let _ = servers_for_blocking(x, 0.01);
        let _ = servers_for_blocking(5.0, x);
        let _ = traffic_for_blocking(15, x);
        let _ = gross_agents(14, x);
        let _ = agents_from_f64(x);
        for &n in &agents {
            if let Ok(b) = erlang_b(x, n) {
                assert!(in_unit(b));
            }
        }
    }
    for &volume in &weird {
        for &aht in &[f64::NAN, -1.0, 0.0, 1e-300, 180.0, 1e300] {
            for &interval in &[f64::NAN, 0.0, 1e-300, 1800.0, f64::INFINITY] {
                for &n in &agents {
                    if let Ok(m) = erlang_c(volume, aht, interval, n, 20.0) {
                        assert!(in_unit(m.p_wait) && in_unit(m.service_level), "{m:?}");
                    }
                    for &patience in &[f64::NAN, -1.0, 0.0, 1e-300, 60.0, 1e300, f64::INFINITY] {
                        let r = erlang_a(volume, aht, interval, n, patience, 20.0, SlDefinition::Offered);
                        if let Ok(m) = r {
                            assert!(in_unit(m.p_wait) && in_unit(m.p_abandon), "{m:?}");
                            assert!(in_unit(m.service_level) && in_unit(m.occupancy), "{m:?}");
                            assert!(!m.asa_s.is_nan() && !m.mean_wait_all_s.is_nan(), "{m:?}");
                        }
                    }
                }
                for o in [
                    StaffingOptions::new(StaffingModel::ErlangC).with_service_level(0.8, 20.0),
                    StaffingOptions::new(StaffingModel::ErlangA)
                        .with_patience_s(60.0)
                        .with_service_level(0.8, 20.0),
                    StaffingOptions::new(StaffingModel::ErlangB).with_max_blocking(0.01),
                ] {
                    if let Ok(s) = required_agents(volume, aht, interval, &o) {
                        assert!(in_unit(s.service_level) && s.agents_gross >= s.agents, "{s:?}");
                    }
                }
            }
        }
    }
    for &t in &weird {
        let _ = erlang_c(100.0, 180.0, 1800.0, 14, t);
        let _ = erlang_a(100.0, 180.0, 1800.0, 14, 60.0, t, SlDefinition::Virtual);
        let o = StaffingOptions::new(StaffingModel::ErlangC).with_service_level(0.8, t);
        let _ = required_agents(100.0, 180.0, 1800.0, &o);
        for target in [Some(t), None] {
            let mut o = StaffingOptions::new(StaffingModel::ErlangA).with_patience_s(t);
            o.service_level = target;
            o.max_asa_s = Some(t);
            o.max_abandon = target;
            o.max_occupancy = target;
            o.max_p_wait = target;
            o.shrinkage = t;
            let _ = required_agents(100.0, 180.0, 1800.0, &o);
        }
    }
}
