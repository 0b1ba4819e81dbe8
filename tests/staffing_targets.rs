//! Inverse staffing: fewest agents for every target at once, edge cases as answers, bad options as
//! errors.

use wfmkit::staffing::approx::{halfin_whitt_beta, square_root_staffing};
use wfmkit::staffing::{
    erlang_a, erlang_b, erlang_c, gross_agents, required_agents, required_agents_batch, SlDefinition, StaffingError,
    StaffingModel, StaffingOptions,
};

fn c_opts() -> StaffingOptions {
    StaffingOptions::new(StaffingModel::ErlangC)
}

fn a_opts(patience_s: f64) -> StaffingOptions {
    StaffingOptions::new(StaffingModel::ErlangA).with_patience_s(patience_s)
}

/// Minimality against the forward functions: the answer meets the targets and one agent fewer
/// does not, over a grid of loads (0.1 to 2,000 Erlangs) and target combinations.
#[test]
fn erlang_c_answer_is_the_fewest_agents() {
    let loads = [0.1, 0.5, 1.0, 2.7, 10.0, 33.3, 50.0, 120.0, 500.0, 2000.0];
    for &load in &loads {
        for &(sl, asa, pw, occ) in &[
            (Some(0.8), None, None, None),
            (Some(0.95), Some(10.0), None, None),
            (None, Some(5.0), None, Some(0.85)),
            (None, None, Some(0.1), None),
            (Some(0.0), None, None, None),
        ] {
            let mut o = c_opts();
            o.service_level = sl;
            o.max_asa_s = asa;
            o.max_p_wait = pw;
            o.max_occupancy = occ;
            // load Erlangs as `load` calls of 300 s in 300 s.
            let s = required_agents(load, 300.0, 300.0, &o).unwrap();
            let meets = |n: u32| {
                let m = erlang_c(load, 300.0, 300.0, n, 20.0).unwrap();
                m.stable
                    && sl.is_none_or(|v| m.service_level >= v)
                    && asa.is_none_or(|v| m.asa_s <= v)
                    && pw.is_none_or(|v| m.p_wait <= v)
                    && occ.is_none_or(|v| m.occupancy <= v)
            };
            let case = format!("load {load} targets {sl:?} {asa:?} {pw:?} {occ:?}");
            assert!(meets(s.agents), "{case}: {} fails", s.agents);
            assert!(!meets(s.agents - 1), "{case}: {} also works", s.agents - 1);
            // The lowest stable count is never skipped (pyworkforce's bug).
            assert!(s.agents > load.floor() as u32, "{case}");
        }
    }
}

#[test]
fn erlang_a_answer_is_the_fewest_agents() {
    let loads = [0.1, 1.0, 7.5, 50.0, 200.0, 500.0];
    for &load in &loads {
        for &patience in &[0.0, 30.0, 180.0, 900.0, f64::INFINITY] {
            for def in [SlDefinition::Offered, SlDefinition::Answered, SlDefinition::Virtual] {
                for &(sl, ab, asa) in &[
                    (Some(0.8), None, None),
                    (Some(0.9), Some(0.03), None),
                    (None, Some(0.05), Some(15.0)),
                ] {
                    let mut o = a_opts(patience).with_sl_definition(def);
                    o.service_level = sl;
                    o.max_abandon = ab;
                    o.max_asa_s = asa;
                    let case = format!("load {load} patience {patience} {def} {sl:?} {ab:?} {asa:?}");
                    let s = required_agents(load, 300.0, 300.0, &o).unwrap_or_else(|e| panic!("{case}: {e}"));
                    let meets = |n: u32| {
                        let m = erlang_a(load, 300.0, 300.0, n, patience, 20.0, def).unwrap();
                        sl.is_none_or(|v| m.service_level >= v)
                            && ab.is_none_or(|v| m.p_abandon <= v)
                            && asa.is_none_or(|v| m.asa_s <= v)
                    };
                    assert!(meets(s.agents), "{case}: {} fails", s.agents);
                    if s.agents > 0 {
                        assert!(!meets(s.agents - 1), "{case}: {} also works", s.agents - 1);
                    }
                }
            }
        }
    }
}

/// At 500 Erlangs (AHT 300 s, patience 180 s, 80% in 20 s) Erlang A needs 475 agents, below the
/// load (pyworkforce asks for 500). mpmath (`tests/python/staffing_reference.py`,
/// `worked_examples`): SL(475) = 0.807003711292124, SL(474) = 0.79748046503637; tolerance 1e-9.
#[test]
fn erlang_a_staffs_below_the_load() {
    let o = a_opts(180.0).with_service_level(0.8, 20.0);
    let s = required_agents(3000.0, 300.0, 1800.0, &o).unwrap();
    assert_eq!(s.agents, 475);
    assert!((s.service_level - 0.807003711292124).abs() < 1e-9);
    let below = erlang_a(3000.0, 300.0, 1800.0, 474, 180.0, 20.0, SlDefinition::Offered).unwrap();
    assert!((below.service_level - 0.79748046503637).abs() < 1e-9);
}

/// Square-root staffing is only an approximation. At 50 Erlangs with P(wait) <= 15%,
/// Halfin–Whitt gives 59 agents; exactly, C(59, 50) = 0.15182 > 0.15 and C(60, 50) = 0.11730
/// (mpmath, `tests/python/staffing_reference.py`, `worked_examples`), so 60 are needed.
#[test]
fn square_root_staffing_understaffs_at_50_erlangs() {
    let beta = halfin_whitt_beta(0.15).unwrap();
    assert_eq!(square_root_staffing(50.0, beta).unwrap(), 59);
    let s = required_agents(50.0, 1.0, 1.0, &c_opts().with_max_p_wait(0.15)).unwrap();
    assert_eq!(s.agents, 60);
    assert!((s.p_wait - 0.117302056132207).abs() < 1e-12);
}

#[test]
fn zero_volume_or_aht_needs_no_agents() {
    for o in [
        c_opts().with_service_level(0.8, 20.0),
        c_opts().with_service_level(1.0, 0.0),
        a_opts(60.0).with_max_abandon(0.0),
        StaffingOptions::new(StaffingModel::ErlangB).with_max_blocking(0.0),
    ] {
        for (v, aht) in [(0.0, 180.0), (100.0, 0.0), (0.0, 0.0)] {
            let s = required_agents(v, aht, 1800.0, &o).unwrap();
            assert_eq!((s.agents, s.agents_gross), (0, 0));
            assert_eq!(s.service_level, 1.0);
            assert_eq!((s.p_wait, s.p_abandon, s.asa_s), (0.0, 0.0, 0.0));
        }
    }
    let m = erlang_c(0.0, 180.0, 1800.0, 0, 20.0).unwrap();
    assert_eq!((m.service_level, m.p_wait, m.stable), (1.0, 0.0, true));
}

#[test]
fn t_zero_is_allowed() {
    // SL at t = 0 is P(no wait) = 1 - C.
    let m = erlang_c(100.0, 180.0, 1800.0, 14, 0.0).unwrap();
    assert!((m.service_level - (1.0 - m.p_wait)).abs() < 1e-15);
    let s = required_agents(100.0, 180.0, 1800.0, &c_opts().with_service_level(0.5, 0.0)).unwrap();
    let m = erlang_c(100.0, 180.0, 1800.0, s.agents, 0.0).unwrap();
    assert!(m.p_wait <= 0.5);
    let a = erlang_a(100.0, 180.0, 1800.0, 11, 120.0, 0.0, SlDefinition::Offered).unwrap();
    assert!((a.service_level - (1.0 - a.p_wait)).abs() < 1e-14);
}

#[test]
fn infinite_patience_is_erlang_c_and_zero_patience_is_erlang_b() {
    for n in [11u32, 12, 14, 20] {
        let c = erlang_c(100.0, 180.0, 1800.0, n, 20.0).unwrap();
        let a = erlang_a(100.0, 180.0, 1800.0, n, f64::INFINITY, 20.0, SlDefinition::Offered).unwrap();
        assert_eq!(
            (a.p_wait, a.service_level, a.asa_s),
            (c.p_wait, c.service_level, c.asa_s)
        );
        assert_eq!(a.p_abandon, 0.0);
        let b = erlang_b(10.0, n).unwrap();
        let l = erlang_a(100.0, 180.0, 1800.0, n, 0.0, 20.0, SlDefinition::Offered).unwrap();
        assert_eq!((l.p_wait, l.p_abandon), (b, b));
        assert_eq!((l.service_level, l.asa_s), (1.0 - b, 0.0));
    }
    // Very long finite patience approaches Erlang C (relative difference ~ AHT / patience).
    let c = erlang_c(100.0, 180.0, 1800.0, 12, 20.0).unwrap();
    let a = erlang_a(100.0, 180.0, 1800.0, 12, 1e7, 20.0, SlDefinition::Offered).unwrap();
    assert!((a.service_level - c.service_level).abs() < 1e-4);
    assert!((a.asa_s - c.asa_s).abs() / c.asa_s < 1e-3);
    // Same answers from the inverse.
    let sc = required_agents(100.0, 180.0, 1800.0, &c_opts().with_service_level(0.8, 20.0)).unwrap();
    let sa = required_agents(
        100.0,
        180.0,
        1800.0,
        &a_opts(f64::INFINITY).with_service_level(0.8, 20.0),
    )
    .unwrap();
    assert_eq!(sc.agents, sa.agents);
}

#[test]
fn zero_agents_and_unstable_erlang_c_are_explicit() {
    for n in [0u32, 5, 10] {
        // 10 Erlangs.
        let m = erlang_c(100.0, 180.0, 1800.0, n, 20.0).unwrap();
        assert_eq!((m.p_wait, m.service_level, m.stable), (1.0, 0.0, false));
        assert_eq!(m.asa_s, f64::INFINITY);
        assert!(m.occupancy <= 1.0);
    }
    let a = erlang_a(100.0, 180.0, 1800.0, 0, 120.0, 20.0, SlDefinition::Offered).unwrap();
    assert_eq!((a.p_wait, a.p_abandon, a.service_level), (1.0, 1.0, 0.0));
    assert_eq!(a.mean_wait_all_s, 120.0);
    assert_eq!(erlang_b(3.0, 0).unwrap(), 1.0);
}

#[test]
fn unreachable_targets_are_errors_not_hangs() {
    let unreachable = |o: StaffingOptions| {
        let e = required_agents(100.0, 180.0, 1800.0, &o).unwrap_err();
        assert!(matches!(e, StaffingError::Unreachable { .. }), "{o:?}: {e}");
    };
    unreachable(c_opts().with_service_level(1.0, 20.0));
    unreachable(c_opts().with_service_level(1.0, 0.0));
    unreachable(c_opts().with_max_p_wait(0.0));
    unreachable(c_opts().with_max_asa_s(0.0));
    unreachable(a_opts(60.0).with_service_level(1.0, 3600.0));
    unreachable(a_opts(60.0).with_max_abandon(0.0));
    unreachable(StaffingOptions::new(StaffingModel::ErlangB).with_max_blocking(0.0));
    // Limits that are reachable: answered-only SL 1 with zero patience (all answered at once),
    // no abandonment with infinite patience.
    let s = required_agents(
        100.0,
        180.0,
        1800.0,
        &a_opts(0.0)
            .with_sl_definition(SlDefinition::Answered)
            .with_service_level(1.0, 20.0),
    )
    .unwrap();
    assert_eq!(s.agents, 1);
    // Tiny but positive targets are met (exactly, far above the load).
    let s = required_agents(100.0, 180.0, 1800.0, &c_opts().with_max_p_wait(1e-300)).unwrap();
    assert!(s.p_wait <= 1e-300 && s.agents > 10);
}

#[test]
fn option_errors_name_the_option() {
    let err = |o: StaffingOptions| required_agents(100.0, 180.0, 1800.0, &o).unwrap_err();
    assert!(matches!(
        err(c_opts()),
        StaffingError::NoTarget { model: "erlang_c", .. }
    ));
    assert!(matches!(
        err(c_opts().with_service_level(1.5, 20.0)),
        StaffingError::TargetOutOfRange {
            name: "service_level",
            ..
        }
    ));
    assert!(matches!(
        err(c_opts().with_service_level(f64::NAN, 20.0)),
        StaffingError::TargetOutOfRange {
            name: "service_level",
            ..
        }
    ));
    assert!(matches!(
        err(c_opts().with_max_occupancy(0.0)),
        StaffingError::TargetOutOfRange {
            name: "max_occupancy",
            ..
        }
    ));
    assert!(matches!(
        err(c_opts().with_max_occupancy(1.01)),
        StaffingError::TargetOutOfRange {
            name: "max_occupancy",
            ..
        }
    ));
    assert!(matches!(
        err(c_opts().with_service_level(0.8, 20.0).with_shrinkage(1.0)),
        StaffingError::InvalidShrinkage { .. }
    ));
    assert!(matches!(
        err(c_opts().with_service_level(0.8, -1.0)),
        StaffingError::NotNonNegative {
            name: "answer_within_s",
            ..
        }
    ));
    assert!(matches!(
        err(c_opts().with_max_blocking(0.01)),
        StaffingError::NotForModel {
            name: "max_blocking",
            model: "erlang_c"
        }
    ));
    assert!(matches!(
        err(StaffingOptions::new(StaffingModel::ErlangA).with_service_level(0.8, 20.0)),
        StaffingError::MissingPatience
    ));
    assert!(matches!(
        err(a_opts(-1.0).with_service_level(0.8, 20.0)),
        StaffingError::InvalidPatience { .. }
    ));
    let o = c_opts().with_service_level(0.8, 20.0);
    for (v, aht, iv, name) in [
        (-1.0, 180.0, 1800.0, "volume"),
        (f64::NAN, 180.0, 1800.0, "volume"),
        (f64::INFINITY, 180.0, 1800.0, "volume"),
        (100.0, -180.0, 1800.0, "aht_s"),
        (100.0, 180.0, 0.0, "interval_s"),
        (100.0, 180.0, f64::INFINITY, "interval_s"),
    ] {
        let e = required_agents(v, aht, iv, &o).unwrap_err();
        let named = match &e {
            StaffingError::NotNonNegative { name, .. } | StaffingError::NotPositive { name, .. } => *name,
            _ => "",
        };
        assert_eq!(named, name, "{e}");
        assert!(e.to_string().contains(name));
    }
}

#[test]
fn batch_errors_name_the_index_and_field() {
    let o = c_opts().with_service_level(0.8, 20.0).with_shrinkage(0.3);
    let out = required_agents_batch(&[100.0, 0.0, 200.0], &[180.0; 3], 1800.0, &o).unwrap();
    assert_eq!((out[0].agents, out[0].agents_gross), (14, 20));
    assert_eq!((out[1].agents, out[1].agents_gross), (0, 0));
    let single = required_agents(200.0, 180.0, 1800.0, &o).unwrap();
    assert_eq!(out[2], single);
    assert_eq!(single.agents_gross, gross_agents(single.agents, 0.3).unwrap());
    let e = required_agents_batch(&[100.0, 100.0, f64::NAN], &[180.0; 3], 1800.0, &o).unwrap_err();
    match e {
        StaffingError::AtIndex { index, source } => {
            assert_eq!(index, 2);
            assert!(matches!(*source, StaffingError::NotNonNegative { name: "volume", .. }));
        }
        other => panic!("{other}"),
    }
    let e = required_agents_batch(&[1.0, 2.0], &[180.0], 1800.0, &o).unwrap_err();
    assert!(matches!(
        e,
        StaffingError::LengthMismatch {
            name: "aht_s",
            len: 1,
            expected: 2
        }
    ));
}

/// Needs `toml` and `serde_json`, which the crate enables with its `io` feature.
#[cfg(feature = "io")]
#[test]
fn options_deserialize_from_toml_and_json() {
    let toml_opts: StaffingOptions = toml::from_str(
        r#"
        model = "erlang_a"
        patience_s = inf
        service_level = 0.8
        answer_within_s = 20
        max_abandon = 0.05
        shrinkage = 0.3
        sl_definition = "answered"
        "#,
    )
    .unwrap();
    let json_opts: StaffingOptions = serde_json::from_str(
        r#"{"model": "erlang_a", "patience_s": "inf", "service_level": 0.8,
            "answer_within_s": 20, "max_abandon": 0.05, "shrinkage": 0.3,
            "sl_definition": "answered"}"#,
    )
    .unwrap();
    assert_eq!(toml_opts, json_opts);
    assert_eq!(json_opts.patience_s, Some(f64::INFINITY));
    assert!(json_opts.check().is_ok());
    // Round trip through JSON keeps infinite patience.
    let back: StaffingOptions = serde_json::from_str(&serde_json::to_string(&json_opts).unwrap()).unwrap();
    assert_eq!(back, json_opts);
    // Defaults: every field optional.
    let empty: StaffingOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, StaffingOptions::default());
    assert_eq!(empty.answer_within_s, 20.0);
    // Unknown keys, models and definitions are rejected.
    assert!(serde_json::from_str::<StaffingOptions>(r#"{"servce_level": 0.8}"#).is_err());
    assert!(serde_json::from_str::<StaffingOptions>(r#"{"model": "erlang_x"}"#).is_err());
    assert!(serde_json::from_str::<StaffingOptions>(r#"{"sl_definition": "all"}"#).is_err());
    assert!(serde_json::from_str::<StaffingOptions>(r#"{"patience_s": "soon"}"#).is_err());
    assert!("erlang_x".parse::<StaffingModel>().is_err());
    assert_eq!("virtual".parse::<SlDefinition>().unwrap(), SlDefinition::Virtual);
}
