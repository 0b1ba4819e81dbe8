//! Erlang B, C and A against independent high-precision values.
//!
//! Source of every expected value: `tests/python/staffing_reference.py`, run with mpmath at 60
//! significant digits (`mp.dps = 60`) and printed to 17 significant digits. Erlang B/C there use
//! the exact recursion in 60-digit arithmetic; Erlang A sums the birth-death stationary
//! distribution state by state with per-state waiting-time distributions (a different route from
//! the closed-form Kummer sums in `src/staffing/erlang_a.rs`). All cases use AHT 300 s and
//! t = 20 s, with `volume = load` and `interval_s = 300` so the load is exact.
//!
//! Tolerance: relative error 1e-9 (the accuracy `src/staffing/mod.rs` promises) on every
//! metric, except an absolute 1e-12 for
//! service levels below that (deep overload, see `ABS_FLOOR`). Observed when written: relative
//! error at most 7.2e-15 on every other value; the deep-overload service levels (2.8e-10 and
//! ~4e-61) are off by at most 2e-14 absolute.

// The constants are mpmath's output at 17 significant digits, kept verbatim so they can be
// checked against the script; the compiler rounds them to the nearest f64.
#![allow(clippy::excessive_precision)]

use wfmkit::staffing::{erlang_a, erlang_b, erlang_c, SlDefinition};

const REL_TOL: f64 = 1e-9;

/// Absolute tolerance for values so small that double precision cannot resolve them relative to
/// their complement: the service level of the deep-overload cases (true value 2.8e-10 and
/// 4e-61; mpmath itself prints the latter as noise around 0 at 60 digits).
const ABS_FLOOR: f64 = 1e-12;

fn assert_rel(got: f64, want: f64, what: &str) {
    let err = ((got - want) / want).abs();
    assert!(
        err <= REL_TOL || (got - want).abs() <= ABS_FLOOR,
        "{what}: got {got:e}, want {want:e} (rel err {err:e})"
    );
}

const ERLANG_B: [(f64, u32, f64); 10] = [
    (0.1, 1, 0.090909090909090914),
    (0.1, 5, 0.000000075403118265794655),
    (50.0, 40, 0.24979239185967505),
    (50.0, 60, 0.021668473057806245),
    (500.0, 480, 0.063196358790385354),
    (500.0, 540, 0.0037468895471422201),
    (5000.0, 5000, 0.011199358278505486),
    (5000.0, 5150, 0.00060940882043061976),
    (20000.0, 19900, 0.0091336869736950531),
    (20000.0, 20300, 0.00030358558990142903),
];
const ERLANG_C: [(f64, u32, f64, f64, f64); 10] = [
    (0.1, 1, 0.10000000000000001, 0.90582354664157512, 33.333333333333335),
    (
        0.1,
        3,
        0.00015600624024961001,
        0.99987141853469363,
        0.016138576577545863,
    ),
    (50.0, 51, 0.83972747966296437, 0.2144290772523011, 251.91824389888931),
    (50.0, 58, 0.1944318235550576, 0.88593730575898391, 7.29119338331466),
    (500.0, 501, 0.94572264216937791, 0.1152698623479898, 283.71679265081337),
    (500.0, 520, 0.27475634469652412, 0.9275750138588581, 4.1213451704478619),
    (
        5000.0,
        5001,
        0.98245515272757783,
        0.080906342143046124,
        294.73654581827335,
    ),
    (
        5000.0,
        5060,
        0.2922775184423289,
        0.99464675051691496,
        1.4613875922116445,
    ),
    (
        20000.0,
        20001,
        0.99118279523447661,
        0.072741571614983461,
        297.35483857034298,
    ),
    (
        20000.0,
        20100,
        0.36722315517806916,
        0.99953265940008574,
        1.1016694655342075,
    ),
];
/// (load, agents, patience_s, p_wait, p_abandon, sl_offered, sl_answered, sl_virtual, asa_s,
/// occupancy).
type ErlangARow = (f64, u32, f64, f64, f64, f64, f64, f64, f64, f64);

#[rustfmt::skip]
const ERLANG_A: [ErlangARow; 11] = [
    (0.1, 1, 180.0, 0.094069962988720713, 0.059300370112792924, 0.91148046963342529, 0.96893890533656821, 0.91179126111986525, 4.217541617500724, 0.094069962988720713),
    (50.0, 45, 180.0, 0.69860263944890393, 0.12609761604759342, 0.49870721203302652, 0.57066695456020922, 0.51016735829451953, 22.313056869844712, 0.97100264883600731),
    (50.0, 55, 600.0, 0.29259805983518076, 0.014940101940725192, 0.82871519128366293, 0.84128406091483787, 0.83061620588726047, 8.69359863044273, 0.89550899823570437),
    (500.0, 480, 180.0, 0.73646926944770284, 0.04652533050607096, 0.85025519220925919, 0.89174387051157307, 0.88116450015145091, 8.3753862583458259, 0.99320278072284275),
    (500.0, 510, 3000.0, 0.48131051822952989, 0.0030636654312471495, 0.81727712677943394, 0.81978868503470232, 0.8181463708480084, 9.1672530101396268, 0.97738856330269887),
    (5000.0, 4950, 180.0, 0.67661769113140832, 0.012703513136291328, 0.98729646012527211, 0.99999997291752081, 0.9999999700205601, 2.2839372092003608, 0.99726917865021078),
    (5000.0, 5030, 1200.0, 0.44023266681689673, 0.001729471305810731, 0.99676865349278771, 0.99849552284853474, 0.99846995603127625, 2.0719994198757643, 0.99231662892066528),
    (20000.0, 19900, 180.0, 0.67543694493502672, 0.0063540091687718252, 0.99364599083122817, 1.0, 1.0, 1.1430623518702017, 0.99863918676505344),
    (20000.0, 20050, 600.0, 0.42210841249461567, 0.001351130351212458, 0.99864886964812887, 0.99999999999934043, 0.99999999999931853, 0.80962483234644426, 0.99615847346512473),
    (2000.0, 1900, 3000.0, 0.99999999999956928, 0.050000000000003368, 0.00000000028093989583938815, 0.00000000029572620614672542, 0.00000000028250906649538911, 153.80093648676227, 0.99999999999999645),
    (20000.0, 14000, 6000.0, 1.0, 0.3, -4.3561106945027992e-61, -6.2230152778611417e-61, 3.8893845486632136e-61, 2140.0389493530575, 1.0),
];

#[test]
fn erlang_b_matches_mpmath() {
    for (load, n, want) in ERLANG_B {
        assert_rel(erlang_b(load, n).unwrap(), want, &format!("B({n}, {load})"));
    }
}

#[test]
fn erlang_c_matches_mpmath() {
    for (load, n, p_wait, sl, asa) in ERLANG_C {
        let m = erlang_c(load, 300.0, 300.0, n, 20.0).unwrap();
        let case = format!("C load {load} agents {n}");
        assert_rel(m.p_wait, p_wait, &format!("{case} p_wait"));
        assert_rel(m.service_level, sl, &format!("{case} service_level"));
        assert_rel(m.asa_s, asa, &format!("{case} asa_s"));
        assert_rel(m.occupancy, load / f64::from(n), &format!("{case} occupancy"));
        assert!(m.stable);
    }
}

#[test]
fn erlang_a_matches_mpmath() {
    for (load, n, patience, p_wait, p_ab, sl_off, sl_ans, sl_virt, asa, occ) in ERLANG_A {
        let case = format!("A load {load} agents {n} patience {patience}");
        let get = |def| erlang_a(load, 300.0, 300.0, n, patience, 20.0, def).unwrap();
        let m = get(SlDefinition::Offered);
        assert_rel(m.p_wait, p_wait, &format!("{case} p_wait"));
        assert_rel(m.p_abandon, p_ab, &format!("{case} p_abandon"));
        assert_rel(m.service_level, sl_off, &format!("{case} sl offered"));
        assert_rel(m.asa_s, asa, &format!("{case} asa_s"));
        assert_rel(m.occupancy, occ, &format!("{case} occupancy"));
        assert_rel(m.mean_wait_all_s, p_ab * patience, &format!("{case} mean wait all"));
        let m = get(SlDefinition::Answered);
        assert_rel(m.service_level, sl_ans, &format!("{case} sl answered"));
        let m = get(SlDefinition::Virtual);
        assert_rel(m.service_level, sl_virt, &format!("{case} sl virtual"));
    }
}
