//! Break rules: implicit break placement (one count per shift, rule and begin; Aykin 1996) against
//! the explicit set-covering model of Dantzig (1954), which has one column per shift and
//! combination of break begins. Both are exact, so on the same instance they must reach the same
//! optimum; the explicit model is built here directly with good_lp, independently of wfmkit's.
//!
//! Instances: 12 hours of 30-minute slots from 08:00, demand drawn by a fixed linear congruential
//! generator (so the instances are reproducible). Tolerance: 1e-6 on objectives (sums of
//! multiples of 0.5).

// Checks that mirror a model index by index read clearer with index loops.
#![allow(clippy::needless_range_loop)]

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel};
use wfmkit::schedule::{
    schedule, BreakRule, CoverRequirement, Plan, ScheduleError, ScheduleOptions, ShiftTemplate, SolveStatus,
};

const SLOT_MIN: u32 = 30;
const N: usize = 24;

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn templates() -> Vec<ShiftTemplate> {
    vec![
        ShiftTemplate {
            name: "full".into(),
            earliest_start: hm(8, 0),
            latest_start: hm(12, 0),
            start_step_min: None,
            min_length_min: 480,
            max_length_min: 540,
            length_step_min: None,
            days: None,
            cost_per_min: 1.0,
            max_per_day: None,
            breaks: vec![
                BreakRule::new(30, 90, 150, true),
                BreakRule::new(60, 210, 270, false).named("lunch"),
                BreakRule::new(30, 360, 390, true),
            ],
        },
        ShiftTemplate {
            name: "part".into(),
            earliest_start: hm(8, 0),
            latest_start: hm(16, 0),
            start_step_min: None,
            min_length_min: 240,
            max_length_min: 240,
            length_step_min: None,
            days: None,
            cost_per_min: 1.1,
            max_per_day: None,
            breaks: vec![BreakRule::new(30, 90, 150, true)],
        },
    ]
}

fn options() -> ScheduleOptions {
    ScheduleOptions::default()
        .templates(templates())
        .under_cost(5.0)
        .over_cost(0.5)
}

fn demand(seed: u64) -> Vec<f64> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..N)
        .map(|i| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let peak = if (4..20).contains(&i) { 6 } else { 2 };
            (peak + (x >> 33) % 5) as f64
        })
        .collect()
}

/// The explicit model: a column per (template, start, length, break begins), solved by HiGHS.
fn explicit_optimum(req: &[f64], opts: &ScheduleOptions) -> f64 {
    let mut vars = ProblemVariables::new();
    let mut cover: Vec<Expression> = vec![Expression::from(0.0); N];
    let mut obj = Expression::from(0.0);
    // Pattern costs: a binary per (start, length) used, linked by a plain big-M (no agent count
    // here comes near 100: demand is at most 10).
    let mut pattern_y: std::collections::BTreeMap<(usize, u32), good_lp::Variable> = Default::default();
    let mut links: Vec<(good_lp::Variable, good_lp::Variable)> = Vec::new();
    for t in &opts.templates {
        let s0 = (t.earliest_start - hm(8, 0)).num_minutes() as usize / SLOT_MIN as usize;
        let s1 = (t.latest_start - hm(8, 0)).num_minutes() as usize / SLOT_MIN as usize;
        let unpaid: u32 = t.breaks.iter().filter(|b| !b.paid).map(|b| b.length_min).sum();
        for s in s0..=s1 {
            for len in (t.min_length_min..=t.max_length_min).step_by(SLOT_MIN as usize) {
                // Every combination of break begins (cartesian product over the rules).
                let mut combos: Vec<Vec<usize>> = vec![vec![]];
                for b in &t.breaks {
                    let offs: Vec<usize> = (b.earliest_after_start_min..=b.latest_after_start_min)
                        .step_by(SLOT_MIN as usize)
                        .map(|m| (m / SLOT_MIN) as usize)
                        .collect();
                    combos = combos
                        .iter()
                        .flat_map(|c| offs.iter().map(move |&o| [c.clone(), vec![o]].concat()))
                        .collect();
                }
                for combo in combos {
                    let x = vars.add(variable().integer().min(0));
                    obj += t.cost_per_min * (len - unpaid) as f64 * x;
                    if opts.pattern_cost > 0.0 {
                        let y = *pattern_y.entry((s, len)).or_insert_with(|| {
                            let y = vars.add(variable().binary());
                            obj += opts.pattern_cost * y;
                            y
                        });
                        links.push((x, y));
                    }
                    let mut on = [false; N];
                    for i in s..(s + (len / SLOT_MIN) as usize).min(N) {
                        on[i] = true;
                    }
                    for (b, &o) in t.breaks.iter().zip(&combo) {
                        for i in s + o..s + o + (b.length_min / SLOT_MIN) as usize {
                            if i < N {
                                on[i] = false;
                            }
                        }
                    }
                    for i in 0..N {
                        if on[i] {
                            cover[i] += x;
                        }
                    }
                }
            }
        }
    }
    let under = vars.add_vector(variable().min(0), N);
    let over = vars.add_vector(variable().min(0), N);
    let m = SLOT_MIN as f64;
    for i in 0..N {
        obj += opts.under_cost * m * under[i] + opts.over_cost * m * over[i];
    }
    let mut problem = vars.minimise(obj.clone()).using(good_lp::highs);
    for (i, c) in cover.into_iter().enumerate() {
        problem = problem.with(constraint!(c + under[i] - over[i] == req[i]));
    }
    for (x, y) in links {
        problem = problem.with(constraint!(x <= 100.0 * y));
    }
    let sol = problem.set_threads(1).solve().unwrap();
    sol.eval(&obj)
}

/// The plan's objective recomputed from its shifts and breaks.
fn recompute(plan: &Plan, req: &[f64], opts: &ScheduleOptions) -> f64 {
    let mut on = [0i64; N];
    let mut paid = 0.0;
    let slot = |t: NaiveDateTime| ((t - t0()).num_minutes() / SLOT_MIN as i64) as usize;
    for s in &plan.shifts {
        let tpl = opts.templates.iter().find(|t| t.name == s.shift).unwrap();
        assert_eq!(s.breaks.len(), tpl.breaks.len());
        for (b, rule) in s.breaks.iter().zip(&tpl.breaks) {
            let after = (b.start - s.start).num_minutes() as u32;
            assert!(
                (rule.earliest_after_start_min..=rule.latest_after_start_min).contains(&after),
                "{}: break {} begins {after} min after the start",
                s.shift,
                rule.name
            );
            assert_eq!(b.end - b.start, Duration::minutes(rule.length_min as i64));
            assert_eq!(b.kind, rule.name);
        }
        let unpaid: u32 = s
            .breaks
            .iter()
            .filter(|b| !b.paid)
            .map(|b| (b.end - b.start).num_minutes() as u32)
            .sum();
        assert_eq!(s.paid_minutes, s.length_min - unpaid);
        paid += s.count as f64 * s.paid_minutes as f64 * tpl.cost_per_min;
        for i in slot(s.start)..slot(s.end).min(N) {
            on[i] += s.count as i64;
        }
        for b in &s.breaks {
            for i in slot(b.start)..slot(b.end).min(N) {
                on[i] -= s.count as i64;
            }
        }
    }
    let m = SLOT_MIN as f64;
    let mut pen = 0.0;
    for i in 0..N {
        assert_eq!(on[i], plan.coverage.scheduled[i] as i64, "slot {i}");
        let d = on[i] as f64 - req[i];
        pen += m * if d < 0.0 {
            -d * opts.under_cost
        } else {
            d * opts.over_cost
        };
    }
    paid + pen
}

#[test]
fn implicit_breaks_reach_the_explicit_optimum() {
    for seed in 1..=5 {
        let d = demand(seed);
        let req = CoverRequirement::regular(t0(), SLOT_MIN * 60, d.clone()).unwrap();
        let opts = options();
        let plan = schedule(&req, &opts).unwrap();
        assert_eq!(plan.status, SolveStatus::Optimal, "seed {seed}");
        let explicit = explicit_optimum(&d, &opts);
        let recomputed = recompute(&plan, &d, &opts);
        assert!(
            (recomputed - plan.objective).abs() < 1e-6,
            "seed {seed}: {recomputed} vs {}",
            plan.objective
        );
        assert!(
            (plan.objective - explicit).abs() < 1e-6,
            "seed {seed}: implicit {} vs explicit {explicit}",
            plan.objective
        );
    }
}

/// The same comparison with a cost of 100 per distinct (start, length) pattern, on half the
/// demand (the explicit model is slow with patterns); the explicit model links patterns with a
/// plain big-M, independent of wfmkit's tightened links and cuts.
#[test]
fn implicit_breaks_with_pattern_costs_reach_the_explicit_optimum() {
    let seed = 4;
    let d: Vec<f64> = demand(seed).iter().map(|x| (x / 2.0).floor()).collect();
    let req = CoverRequirement::regular(t0(), SLOT_MIN * 60, d.clone()).unwrap();
    let opts = options().pattern_cost(100.0);
    let plan = schedule(&req, &opts).unwrap();
    assert_eq!(plan.status, SolveStatus::Optimal, "seed {seed}");
    let patterns: std::collections::BTreeSet<_> = plan.shifts.iter().map(|s| (s.start, s.length_min)).collect();
    let recomputed = recompute(&plan, &d, &opts) + 100.0 * patterns.len() as f64;
    assert!(
        (recomputed - plan.objective).abs() < 1e-6,
        "seed {seed}: {recomputed} vs {}",
        plan.objective
    );
    let explicit = explicit_optimum(&d, &opts);
    assert!(
        (plan.objective - explicit).abs() < 1e-6,
        "seed {seed}: implicit {} vs explicit {explicit}",
        plan.objective
    );
}

/// Pattern costs without breaks, where the cut-set and jump inequalities carry the pattern
/// relaxation: on five random demands and two pattern costs (one a slot's worth of
/// under-cover, one large), the optimum equals the explicit big-M model's, which has neither cut
/// (tolerance 1e-6: both are proven optimal, the rest is float rounding).
#[test]
fn pattern_cuts_keep_the_explicit_optimum_without_breaks() {
    let mut tpl = templates();
    for t in &mut tpl {
        t.breaks.clear();
    }
    for seed in 1..=5 {
        for pattern_cost in [5.0 * SLOT_MIN as f64, 400.0] {
            let d = demand(seed);
            let req = CoverRequirement::regular(t0(), SLOT_MIN * 60, d.clone()).unwrap();
            let opts = options().templates(tpl.clone()).pattern_cost(pattern_cost);
            let plan = schedule(&req, &opts).unwrap();
            assert_eq!(plan.status, SolveStatus::Optimal, "seed {seed}");
            let patterns: std::collections::BTreeSet<_> = plan.shifts.iter().map(|s| (s.start, s.length_min)).collect();
            let recomputed = recompute(&plan, &d, &opts) + pattern_cost * patterns.len() as f64;
            assert!((recomputed - plan.objective).abs() < 1e-6, "seed {seed}");
            let explicit = explicit_optimum(&d, &opts);
            assert!(
                (plan.objective - explicit).abs() < 1e-6,
                "seed {seed}, pattern cost {pattern_cost}: wfmkit {} vs explicit {explicit}",
                plan.objective
            );
        }
    }
}

#[test]
fn a_break_outside_the_shortest_shift_is_named() {
    let mut t = templates();
    t[1].breaks = vec![BreakRule::new(30, 90, 240, true)];
    let req = CoverRequirement::regular(t0(), SLOT_MIN * 60, demand(1)).unwrap();
    let err = schedule(&req, &options().templates(t)).unwrap_err();
    match &err {
        ScheduleError::InvalidTemplate { template, field, .. } => {
            assert_eq!(template, "part");
            assert_eq!(*field, "breaks.latest_after_start_min");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        err.to_string().contains("does not fit inside the shortest shift"),
        "{err}"
    );
}

#[test]
fn overlapping_and_off_grid_break_windows_are_named() {
    let req = CoverRequirement::regular(t0(), SLOT_MIN * 60, demand(2)).unwrap();
    let mut t = templates();
    t[0].breaks[1].earliest_after_start_min = 120; // before break 1 may end (150 + 30)
    let err = schedule(&req, &options().templates(t)).unwrap_err();
    assert!(
        matches!(&err, ScheduleError::InvalidTemplate { template, field, .. } if template == "full" && *field == "breaks.earliest_after_start_min"),
        "{err:?}"
    );
    let mut t = templates();
    t[0].breaks[0].length_min = 15;
    let err = schedule(&req, &options().templates(t)).unwrap_err();
    assert!(
        matches!(&err, ScheduleError::InvalidTemplate { field, .. } if *field == "breaks.length_min"),
        "{err:?}"
    );
}

/// The job config's `[schedule]` table carries break rules and the pattern cost (the CLI reads the
/// same serde struct); unknown keys in a break rule are rejected with the key's name.
#[test]
fn schedule_options_with_breaks_parse_from_toml() {
    let opts: ScheduleOptions = toml::from_str(
        r#"
        under_cost = 10.0
        pattern_cost = 60.0
        [[templates]]
        name = "full"
        earliest_start = "08:00"
        latest_start = "10:00"
        min_length_min = 480
        max_length_min = 540
        [[templates.breaks]]
        length_min = 30
        earliest_after_start_min = 90
        latest_after_start_min = 150
        paid = true
        [[templates.breaks]]
        name = "lunch"
        length_min = 60
        earliest_after_start_min = 210
        latest_after_start_min = 270
        "#,
    )
    .unwrap();
    assert_eq!(opts.pattern_cost, 60.0);
    assert_eq!(opts.templates[0].breaks, templates()[0].breaks[..2].to_vec());
    let err = toml::from_str::<ScheduleOptions>(
        "[[templates]]\nname = \"x\"\nearliest_start = \"08:00\"\nlatest_start = \"08:00\"\nmin_length_min = 60\nmax_length_min = 60\n[[templates.breaks]]\nlength_min = 30\nearliest_after_start_min = 0\nlatest_after_start_min = 0\nunpaid = true\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("unpaid"), "{err}");
}

/// Counts as large as the requirement: break begins are handed out as runs (begin, agents), not
/// one entry per agent. Regression: a billion agents made `schedule` allocate one begin per
/// agent and break (the randomized suite hit a 68-gigabyte allocation, which aborts).
///
/// Two hours from 08:00 need 1e9 agents each. The only shift starts at 08:00, lasts 120 min and
/// has an unpaid 60-min break beginning exactly 60 min in, so nobody can work the second hour.
/// Each agent costs 60 paid minutes and saves 60 × 10 of under-cover in the first hour, so the
/// optimum staffs 1e9 agents: paid 1e9 × 60 = 6e10, under-cover 1e9 × 60 × 10 = 6e11 (second
/// hour), total 6.6e11 (exact: every term is an integer below 2^53).
#[test]
fn a_billion_agents_take_their_breaks_in_one_row() {
    let req = CoverRequirement::regular(t0(), 3600, vec![1e9, 1e9]).unwrap();
    let t = ShiftTemplate {
        name: "two_hours".into(),
        earliest_start: hm(8, 0),
        latest_start: hm(8, 0),
        start_step_min: None,
        min_length_min: 120,
        max_length_min: 120,
        length_step_min: None,
        days: None,
        cost_per_min: 1.0,
        breaks: vec![BreakRule::new(60, 60, 60, false)],
        max_per_day: None,
    };
    let plan = schedule(&req, &ScheduleOptions::default().templates(vec![t]).time_limit_s(10.0)).unwrap();
    assert_eq!(plan.shifts.len(), 1);
    let s = &plan.shifts[0];
    assert_eq!((s.count, s.paid_minutes), (1_000_000_000, 60));
    assert_eq!(s.breaks[0].start, t0() + Duration::hours(1));
    assert_eq!(plan.coverage.scheduled, vec![1_000_000_000, 0]);
    assert_eq!(plan.objective, 6.6e11);
}
