//! A rule checker written apart from the model (tests/roster_rules) verifies every
//! hard rule on every roster these tests get back, and recomputes the objective; objectives
//! agree within 1e-6 (integer or half-integer data, so the tolerance only absorbs f64 sums).
//! Each rule gets a problem where it binds: the same problem with the rule removed has a
//! strictly better optimum that the checker flags as breaking the rule. Then seeded random
//! single-cell changes of returned rosters are judged by the checker and by the model with
//! every cell locked; both must agree.

// Checks that mirror a model index by index read clearer with index loops.
#![allow(clippy::needless_range_loop)]

mod curtois_loader;
mod roster_rules;

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use rand::{rngs::StdRng, Rng, SeedableRng};
use roster_rules::{assignment_violations, interval_objective, row, shift_cover_objective, violations};
use wfmkit::roster::{
    roster, roster_queues, roster_requirement, shift_name, Agent, Availability, Contract, Cover, Locked,
    PreferredStart, QueueRequirement, Request, Roster, RosterError, RosterMethod, RosterOptions, RosterProblem,
    ShiftCover, ShiftKind,
};
use wfmkit::schedule::{BreakRule, CoverRequirement, ScheduleOptions, ShiftTemplate};

const TOL: f64 = 1e-6;

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}
fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}
fn kinds() -> Vec<ShiftKind> {
    vec![
        ShiftKind::new("E", hm(6, 0), 480),
        ShiftKind::new("L", hm(14, 0), 480),
        ShiftKind::new("N", hm(22, 0), 480).cannot_follow(&["E"]),
    ]
}
fn cov(start: NaiveDate, days: &[usize], shift: &str, required: u32, uw: f64, ow: f64) -> Vec<ShiftCover> {
    days.iter()
        .map(|&d| ShiftCover {
            date: start + Duration::days(d as i64),
            shift: shift.into(),
            required,
            under_weight: uw,
            over_weight: ow,
        })
        .collect()
}
/// Rows with nothing required and 1 per agent over, for every shift on `days`, but `except`.
fn idle(start: NaiveDate, days: &[usize], except: &[(usize, &str)]) -> Vec<ShiftCover> {
    let mut out = Vec::new();
    for k in ["E", "L", "N"] {
        let ds: Vec<usize> = days.iter().copied().filter(|&d| !except.contains(&(d, k))).collect();
        out.extend(cov(start, &ds, k, 0, 10.0, 1.0));
    }
    out
}
fn one_agent(start: NaiveDate, days: usize, cover: Vec<ShiftCover>, contract: Contract, agent: Agent) -> RosterProblem {
    RosterProblem {
        start,
        days,
        shifts: kinds(),
        cover: Cover::PerShift(cover),
        contracts: vec![contract],
        agents: vec![agent],
    }
}
fn ann() -> Agent {
    Agent::new("ann", "c")
}
fn objective_of(p: &RosterProblem, r: &Roster) -> f64 {
    match p.cover {
        Cover::PerShift(_) => shift_cover_objective(p, r),
        _ => interval_objective(p, r),
    }
}

/// Solves, checks every hard rule and the objective, returns the roster. The same problem by
/// price-and-branch is checked the same way, and its bound and objective must bracket the
/// compact model's proven optimum (the column generation's bound is valid; its roster is a
/// roster, not always the optimal one).
fn solve_checked(p: &RosterProblem) -> Roster {
    let r = roster(p, &RosterOptions::default()).unwrap_or_else(|e| panic!("roster failed: {e}"));
    check(p, &r);
    assert_eq!(r.status, wfmkit::schedule::SolveStatus::Optimal);
    let pb = roster(p, &RosterOptions::default().method(RosterMethod::PriceAndBranch))
        .unwrap_or_else(|e| panic!("price-and-branch failed: {e}"));
    check(p, &pb);
    assert!(
        pb.bound <= r.objective + TOL && pb.objective >= r.objective - TOL,
        "price-and-branch: bound {} and objective {} around the optimum {}",
        pb.bound,
        pb.objective,
        r.objective
    );
    r
}

/// Every hard rule holds and the objective is the checker's.
fn check(p: &RosterProblem, r: &Roster) {
    let v = violations(p, r);
    assert!(v.is_empty(), "hard rules broken: {v:#?}");
    let o = objective_of(p, r);
    assert!(
        (o - r.objective).abs() < TOL,
        "recomputed objective {o}, roster says {}",
        r.objective
    );
}

/// The rule binds: with it the optimum is `expected`; without it, strictly lower, and the
/// checker (judging against the rule) flags the relaxed roster under `rule`.
fn binds(p: &RosterProblem, expected: f64, rule: &str, relax: impl Fn(&mut RosterProblem)) {
    let r = solve_checked(p);
    assert!(
        (r.objective - expected).abs() < TOL,
        "{rule}: objective {}, expected {expected}",
        r.objective
    );
    let mut q = p.clone();
    relax(&mut q);
    let rq = roster(&q, &RosterOptions::default()).unwrap();
    assert!(
        rq.objective < r.objective - TOL,
        "{rule}: relaxing does not help ({} vs {})",
        rq.objective,
        r.objective
    );
    let v = violations(p, &rq);
    assert!(
        v.iter().any(|s| s.contains(rule)),
        "{rule}: relaxed roster not flagged: {v:?}"
    );
}

#[test]
fn contract_shifts_bind() {
    let p = one_agent(
        monday(),
        3,
        cov(monday(), &[0, 1, 2], "L", 1, 10.0, 0.0),
        Contract::new("c").shifts(Some(vec!["E".into()])),
        ann(),
    );
    binds(&p, 30.0, "shifts", |q| q.contracts[0].shifts = None);
}

#[test]
fn days_off_bind() {
    let p = one_agent(
        monday(),
        3,
        cov(monday(), &[0, 1, 2], "E", 1, 10.0, 0.0),
        Contract::new("c"),
        ann().day_off(monday() + Duration::days(1)),
    );
    binds(&p, 10.0, "days_off", |q| q.agents[0].days_off.clear());
}

#[test]
fn availability_binds() {
    // Mon 06-14 (E only), Tue by date 14-22 (L only; replaces nothing), Wed no window, Thu 22-06
    // past midnight (N fits).
    let d = |k: i64| monday() + Duration::days(k);
    let mut cover = cov(monday(), &[0, 1], "L", 1, 10.0, 0.0);
    cover.extend(cov(monday(), &[2], "E", 1, 10.0, 0.0));
    cover.extend(cov(monday(), &[3], "N", 1, 10.0, 0.0));
    let a = ann()
        .available(Availability::weekday(Weekday::Mon, hm(6, 0), Some(hm(14, 0))))
        .available(Availability::weekday(Weekday::Tue, hm(6, 0), Some(hm(14, 0))))
        .available(Availability::date(d(1), hm(14, 0), Some(hm(22, 0))))
        .available(Availability::weekday(Weekday::Thu, hm(22, 0), Some(hm(6, 0))));
    let p = one_agent(monday(), 4, cover, Contract::new("c"), a);
    let r = solve_checked(&p);
    assert!(
        r.shifts.iter().any(|s| s.date == d(1) && s.shift == "L"),
        "the date window replaces Tuesday's"
    );
    assert!(
        r.shifts.iter().any(|s| s.date == d(3) && s.shift == "N"),
        "a window past midnight admits N"
    );
    binds(&p, 20.0, "availability", |q| q.agents[0].availability.clear());
}

#[test]
fn locks_bind() {
    let a = ann().lock(monday(), None).lock(monday() + Duration::days(1), Some("L"));
    let p = one_agent(
        monday(),
        3,
        cov(monday(), &[0, 1, 2], "E", 1, 10.0, 0.0),
        Contract::new("c"),
        a,
    );
    let r = solve_checked(&p);
    assert!(r
        .shifts
        .iter()
        .any(|s| s.date == monday() + Duration::days(1) && s.shift == "L"));
    binds(&p, 20.0, "locked", |q| q.agents[0].locked.clear());
}

#[test]
fn minutes_over_the_horizon_bind() {
    let p = one_agent(
        monday(),
        3,
        cov(monday(), &[0, 1, 2], "E", 1, 10.0, 0.0),
        Contract::new("c").minutes(None, Some(960)),
        ann(),
    );
    binds(&p, 10.0, "max_minutes", |q| q.contracts[0].max_minutes = None);
    let p = one_agent(
        monday(),
        3,
        idle(monday(), &[0, 1, 2], &[]),
        Contract::new("c").minutes(Some(1440), None),
        ann(),
    );
    binds(&p, 3.0, "min_minutes", |q| q.contracts[0].min_minutes = None);
}

#[test]
fn weekly_minutes_bind_and_scale_in_a_short_last_week() {
    let all: Vec<usize> = (0..10).collect();
    // max 2400/week: 5 shifts in week 1; week 2 has 3 days: ceil(2400*3/7) = 1029, 2 shifts.
    let p = one_agent(
        monday(),
        10,
        cov(monday(), &all, "E", 1, 10.0, 0.0),
        Contract::new("c").minutes_per_week(None, Some(2400)),
        ann(),
    );
    binds(&p, 30.0, "max_minutes_per_week", |q| {
        q.contracts[0].max_minutes_per_week = None
    });
    // min 2400/week: 5 shifts; week 2: floor(2400*3/7) = 1028, so 3 shifts.
    let p = one_agent(
        monday(),
        10,
        idle(monday(), &all, &[]),
        Contract::new("c").minutes_per_week(Some(2400), None),
        ann(),
    );
    binds(&p, 8.0, "min_minutes_per_week", |q| {
        q.contracts[0].min_minutes_per_week = None
    });
}

#[test]
fn weekly_days_bind_and_scale_in_a_short_last_week() {
    let all: Vec<usize> = (0..10).collect();
    // max 4: week 2 (3 days) ceil(12/7) = 2.
    let p = one_agent(
        monday(),
        10,
        cov(monday(), &all, "E", 1, 10.0, 0.0),
        Contract::new("c").days_per_week(None, Some(4)),
        ann(),
    );
    binds(&p, 40.0, "max_days_per_week", |q| {
        q.contracts[0].max_days_per_week = None
    });
    // min 4: week 2 floor(12/7) = 1.
    let p = one_agent(
        monday(),
        10,
        idle(monday(), &all, &[]),
        Contract::new("c").days_per_week(Some(4), None),
        ann(),
    );
    binds(&p, 5.0, "min_days_per_week", |q| {
        q.contracts[0].min_days_per_week = None
    });
}

#[test]
fn max_shifts_bind() {
    let p = one_agent(
        monday(),
        3,
        cov(monday(), &[0, 1, 2], "N", 1, 10.0, 0.0),
        Contract::new("c").max_shifts_of("N", 1),
        ann(),
    );
    binds(&p, 20.0, "max_shifts", |q| q.contracts[0].max_shifts.clear());
}

#[test]
fn consecutive_working_days_bind() {
    let all: Vec<usize> = (0..7).collect();
    let p = one_agent(
        monday(),
        7,
        cov(monday(), &all, "E", 1, 10.0, 0.0),
        Contract::new("c").consecutive_days(None, Some(3)),
        ann(),
    );
    binds(&p, 10.0, "max_consecutive_days", |q| {
        q.contracts[0].max_consecutive_days = None
    });
    // min 3: a lone day 3 is short; working 3 days costs 2 over.
    let mut cover = cov(monday(), &[3], "E", 1, 10.0, 1.0);
    cover.extend(idle(monday(), &all, &[(3, "E")]));
    let p = one_agent(
        monday(),
        7,
        cover,
        Contract::new("c").consecutive_days(Some(3), None),
        ann(),
    );
    binds(&p, 2.0, "min_consecutive_days", |q| {
        q.contracts[0].min_consecutive_days = None
    });
    // A lone day touching either end of the horizon is exempt.
    for edge in [0usize, 6] {
        let mut cover = cov(monday(), &[edge], "E", 1, 10.0, 1.0);
        cover.extend(idle(monday(), &all, &[(edge, "E")]));
        let p = one_agent(
            monday(),
            7,
            cover,
            Contract::new("c").consecutive_days(Some(3), None),
            ann(),
        );
        let r = solve_checked(&p);
        assert!(r.objective.abs() < TOL, "edge {edge}: {}", r.objective);
    }
}

#[test]
fn consecutive_days_off_bind() {
    let all: Vec<usize> = (0..7).collect();
    let a = ann().request(Request::day_off(monday() + Duration::days(3), 5.0));
    let p = one_agent(
        monday(),
        7,
        cov(monday(), &all, "E", 1, 3.0, 0.0),
        Contract::new("c").min_consecutive_days_off(Some(2)),
        a,
    );
    binds(&p, 5.0, "min_consecutive_days_off", |q| {
        q.contracts[0].min_consecutive_days_off = None
    });
    // Lone days off on the first and last day are exempt.
    let a = ann()
        .request(Request::day_off(monday(), 5.0))
        .request(Request::day_off(monday() + Duration::days(6), 5.0));
    let p = one_agent(
        monday(),
        7,
        cov(monday(), &all, "E", 1, 1.0, 0.0),
        Contract::new("c").min_consecutive_days_off(Some(2)),
        a,
    );
    let r = solve_checked(&p);
    assert!((r.objective - 2.0).abs() < TOL, "{}", r.objective);
}

#[test]
fn weekends_bind() {
    let c = || Contract::new("c").max_weekends(Some(1));
    // Two full weekends (days 5-6, 12-13).
    let p = one_agent(monday(), 14, cov(monday(), &[5, 13], "E", 1, 10.0, 0.0), c(), ann());
    binds(&p, 10.0, "max_weekends", |q| q.contracts[0].max_weekends = None);
    // A Sunday then the next Saturday are two weekends.
    let p = one_agent(monday(), 14, cov(monday(), &[6, 12], "E", 1, 10.0, 0.0), c(), ann());
    binds(&p, 10.0, "max_weekends", |q| q.contracts[0].max_weekends = None);
    // Starting on a Sunday: day 0 alone is a weekend; days 6-7 the next.
    let sunday = monday() - Duration::days(1);
    let p = one_agent(sunday, 8, cov(sunday, &[0, 7], "E", 1, 10.0, 0.0), c(), ann());
    binds(&p, 10.0, "max_weekends", |q| q.contracts[0].max_weekends = None);
    // A Saturday on the last day alone is a weekend.
    let p = one_agent(
        monday(),
        6,
        cov(monday(), &[5], "E", 1, 10.0, 0.0),
        Contract::new("c").max_weekends(Some(0)),
        ann(),
    );
    binds(&p, 10.0, "max_weekends", |q| q.contracts[0].max_weekends = None);
}

#[test]
fn rest_and_successions_bind() {
    let mut cover = cov(monday(), &[0], "L", 1, 10.0, 0.0);
    cover.extend(cov(monday(), &[1], "E", 1, 10.0, 0.0));
    let p = one_agent(monday(), 2, cover, Contract::new("c").min_rest_min(Some(660)), ann());
    binds(&p, 10.0, "min_rest_min", |q| q.contracts[0].min_rest_min = None);
    // N then E the next day is forbidden by cannot_follow (gap 0: no rest rule needed).
    let mut cover = cov(monday(), &[0], "N", 1, 10.0, 0.0);
    cover.extend(cov(monday(), &[1], "E", 1, 10.0, 0.0));
    let p = one_agent(monday(), 2, cover, Contract::new("c"), ann());
    binds(&p, 10.0, "cannot_follow", |q| q.shifts[2].cannot_follow.clear());
    // Rest over two days: N (ends 06:00 on day 1) then E on day 2 is 24 h; with a 30 h rest
    // it is forbidden, and L on day 2 (32 h) is allowed.
    let mut cover = cov(monday(), &[0], "N", 1, 10.0, 0.0);
    cover.extend(cov(monday(), &[2], "E", 1, 10.0, 0.0));
    let p = one_agent(
        monday(),
        3,
        cover,
        Contract::new("c").min_rest_min(Some(30 * 60)),
        ann(),
    );
    binds(&p, 10.0, "min_rest_min", |q| q.contracts[0].min_rest_min = None);
}

#[test]
fn overlapping_shifts_are_never_rostered() {
    let mut p = one_agent(monday(), 2, Vec::new(), Contract::new("c"), ann());
    p.shifts.push(ShiftKind::new("D24", hm(7, 0), 1440));
    let mut cover = cov(monday(), &[0], "D24", 1, 10.0, 0.0);
    cover.extend(cov(monday(), &[1], "E", 1, 10.0, 0.0));
    p.cover = Cover::PerShift(cover);
    let r = solve_checked(&p);
    assert!((r.objective - 10.0).abs() < TOL);
}

/// A contract's forbidden succession binds: L (14:00–22:00) then E (06:00) the next day has
/// 8 h of rest, which no rest rule forbids here; the contract forbids L then E. Cover: L on
/// day 0, E on day 1, one agent, 10 per agent short: with the rule one is short (10).
#[test]
fn contract_successions_bind() {
    let mut cover = idle(monday(), &[0, 1], &[(0, "L"), (1, "E")]);
    cover.extend(cov(monday(), &[0], "L", 1, 10.0, 0.0));
    cover.extend(cov(monday(), &[1], "E", 1, 10.0, 0.0));
    let p = one_agent(
        monday(),
        2,
        cover,
        Contract::new("c").forbid_succession("L", "E"),
        ann(),
    );
    binds(&p, 10.0, "forbidden_successions", |q| {
        q.contracts[0].forbidden_successions.clear()
    });
    let bad = one_agent(
        monday(),
        2,
        Vec::new(),
        Contract::new("c").forbid_succession("L", "X"),
        ann(),
    );
    let e = roster(&bad, &RosterOptions::default()).unwrap_err().to_string();
    assert!(
        e.contains("contract c") && e.contains("forbidden_successions") && e.contains("`X`"),
        "{e}"
    );
}

/// Rest longer than a day and a half reaches three days ahead: a 24-hour shift from 08:00 with
/// 50 hours' rest may not be followed 3 days later (a gap of 48 h).
#[test]
fn rest_reaches_three_days_ahead() {
    let mut p = one_agent(
        monday(),
        7,
        Vec::new(),
        Contract::new("c").min_rest_min(Some(50 * 60)),
        ann(),
    );
    p.shifts.push(ShiftKind::new("D24", hm(8, 0), 1440));
    p.cover = Cover::PerShift(cov(monday(), &(0..7).collect::<Vec<_>>(), "D24", 1, 10.0, 0.0));
    let r = solve_checked(&p);
    assert!((r.objective - 50.0).abs() < TOL, "{}", r.objective);
}

/// Preferred starts, by hand: E starts at 06:00 and is the only shift with cover (1 a day,
/// 10 per agent short). Every day 13:00–15:00 (weight 4) misses it; on day 0 a window over
/// midnight, 22:00–07:00 (weight 50), holds it; on Tuesday 07:00–08:00 (weight 7) misses it
/// too. So Monday and Wednesday pay 4 each, and Tuesday is cheaper short (10) than worked
/// (4 + 7): the optimum is 18 with two starts off preference.
#[test]
fn preferred_starts_cost_their_weight() {
    let d0 = monday();
    let ann = ann()
        .prefers_start(PreferredStart::every_day(hm(13, 0), hm(15, 0), 4.0))
        .prefers_start(PreferredStart::every_day(hm(22, 0), hm(7, 0), 50.0).on_date(d0))
        .prefers_start(PreferredStart::every_day(hm(7, 0), hm(8, 0), 7.0).on_weekday(Weekday::Tue));
    let p = one_agent(d0, 3, cov(d0, &[0, 1, 2], "E", 1, 10.0, 0.0), Contract::new("c"), ann);
    let r = solve_checked(&p);
    assert!((r.objective - 18.0).abs() < TOL, "objective {}", r.objective);
    assert!((r.costs.requests - 8.0).abs() < TOL && (r.costs.under - 10.0).abs() < TOL);
    assert_eq!(r.summary[0].starts_off_preference, 2);
    assert_eq!(
        r.shifts.iter().map(|s| s.date).collect::<Vec<_>>(),
        vec![d0, d0 + Duration::days(2)]
    );
    // Without the preferences every day is worked at no cost.
    let mut q = p.clone();
    q.agents[0].preferred_starts.clear();
    assert!(solve_checked(&q).objective.abs() < TOL);
}

#[test]
fn bad_preferred_starts_are_named() {
    let d0 = monday();
    let bad = |ps: PreferredStart| {
        let p = one_agent(
            d0,
            3,
            cov(d0, &[0], "E", 1, 10.0, 0.0),
            Contract::new("c"),
            ann().prefers_start(ps),
        );
        roster(&p, &RosterOptions::default()).unwrap_err().to_string()
    };
    let e = bad(PreferredStart::every_day(hm(8, 0), hm(9, 0), 0.0));
    assert!(
        e.contains("ann") && e.contains("preferred_starts") && e.contains("weight"),
        "{e}"
    );
    let e = bad(PreferredStart::every_day(hm(8, 0), hm(9, 0), 1.0).on_date(d0 + Duration::days(9)));
    assert!(
        e.contains("ann") && e.contains("preferred_starts") && e.contains("outside"),
        "{e}"
    );
    let mut both = PreferredStart::every_day(hm(8, 0), hm(9, 0), 1.0).on_weekday(Weekday::Mon);
    both.date = Some(d0);
    let e = bad(both);
    assert!(e.contains("ann") && e.contains("weekday and a date"), "{e}");
}

/// A 14-day, 5-agent problem with every rule at once (used by the single-cell test too).
fn rich() -> RosterProblem {
    let start = monday();
    let all: Vec<usize> = (0..14).collect();
    let mut cover = cov(start, &all, "E", 2, 20.0, 1.0);
    cover.extend(cov(start, &all, "L", 1, 20.0, 1.0));
    cover.extend(cov(start, &all, "N", 1, 20.0, 1.0));
    let ft = Contract::new("ft")
        .days_per_week(Some(2), Some(5))
        .minutes_per_week(None, Some(2400))
        .minutes(Some(2400), None)
        .consecutive_days(Some(2), Some(5))
        .min_consecutive_days_off(Some(2))
        .max_weekends(Some(1))
        .max_shifts_of("N", 4)
        .min_rest_min(Some(660));
    let pt = Contract::new("pt")
        .days_per_week(None, Some(3))
        .shifts(Some(vec!["E".into(), "L".into()]))
        .min_rest_min(Some(660));
    let d = |k: i64| start + Duration::days(k);
    let agents = vec![
        Agent::new("a1", "ft")
            .prefers_start(PreferredStart::every_day(hm(21, 0), hm(7, 0), 2.0).on_weekday(Weekday::Fri))
            .request(Request::shift_on(d(2), "N", 3.0))
            .request(Request::day_off(d(5), 4.0)),
        Agent::new("a2", "ft")
            .day_off(d(3))
            .day_off(d(4))
            .request(Request::shift_off(d(0), "E", 2.0)),
        Agent::new("a3", "ft")
            .lock(d(0), Some("L"))
            .lock(d(1), None)
            .request(Request::day_on(d(9), 2.0)),
        Agent::new("a4", "pt")
            .available(Availability::weekday(Weekday::Mon, hm(6, 0), Some(hm(14, 0))))
            .available(Availability::weekday(Weekday::Tue, hm(6, 0), None))
            .available(Availability::weekday(Weekday::Wed, hm(6, 0), None))
            .available(Availability::weekday(Weekday::Thu, hm(6, 0), None))
            .available(Availability::weekday(Weekday::Fri, hm(6, 0), None))
            .available(Availability::date(d(7), hm(14, 0), Some(hm(22, 0)))),
        Agent::new("a5", "pt")
            .request(Request::shift_on(d(6), "L", 5.0))
            .prefers_start(PreferredStart::every_day(hm(13, 0), hm(15, 0), 1.0)),
    ];
    RosterProblem {
        start,
        days: 14,
        shifts: kinds(),
        cover: Cover::PerShift(cover),
        contracts: vec![ft, pt],
        agents,
    }
}

#[test]
fn rich_problem_meets_every_rule() {
    solve_checked(&rich());
}

#[test]
fn curtois_instances_1_and_2_meet_every_rule() {
    for k in [1, 2] {
        let p = curtois_loader::load(k);
        solve_checked(&p);
    }
}

/// The interval form: 9 days (a short last week), 30-minute intervals, two templates with a
/// break each; returns the requirement, schedule options, contracts, agents, and the problem
/// over every shift the templates allow (the checker's view; roster_requirement offers a subset).
fn interval_case() -> (
    CoverRequirement,
    ScheduleOptions,
    Vec<Contract>,
    Vec<Agent>,
    RosterProblem,
) {
    let t0 = monday().and_hms_opt(0, 0, 0).unwrap();
    let need: Vec<f64> = (0..9 * 48)
        .map(|i| {
            let (day, slot) = (i / 48, i % 48);
            let weekend = matches!(day % 7, 5 | 6);
            if (16..32).contains(&slot) {
                if weekend {
                    1.0
                } else {
                    2.0
                }
            } else if (32..40).contains(&slot) && !weekend {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let req = CoverRequirement::regular(t0, 1800, need).unwrap();
    let mut day = ShiftTemplate {
        name: "day".into(),
        earliest_start: hm(7, 0),
        latest_start: hm(9, 0),
        start_step_min: None,
        min_length_min: 510,
        max_length_min: 510,
        length_step_min: None,
        days: None,
        cost_per_min: 1.0,
        breaks: vec![BreakRule::new(30, 180, 300, false).named("lunch")],
        max_per_day: None,
    };
    let mut late = day.clone();
    late.name = "late".into();
    late.earliest_start = hm(11, 0);
    late.latest_start = hm(12, 0);
    late.min_length_min = 480;
    late.max_length_min = 480;
    late.days = Some(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]);
    late.breaks = vec![BreakRule::new(30, 120, 300, true)];
    day.cost_per_min = 1.0;
    let templates = vec![day, late];
    let opts = ScheduleOptions::default()
        .templates(templates.clone())
        .under_cost(20.0)
        .over_cost(0.5);
    let contracts = vec![Contract::new("ft")
        .days_per_week(None, Some(5))
        .consecutive_days(None, Some(5))
        .min_consecutive_days_off(Some(2))
        .max_weekends(Some(1))
        .max_shifts_of("late", 3)
        .min_rest_min(Some(660))
        .shifts(Some(vec!["day".into(), "late".into()]))];
    let d = |k: i64| monday() + Duration::days(k);
    let agents = vec![
        Agent::new("a", "ft").prefers_start(PreferredStart::every_day(hm(9, 0), hm(10, 0), 3.0)),
        Agent::new("b", "ft").day_off(d(2)),
        Agent::new("c", "ft")
            .available(Availability::weekday(Weekday::Mon, hm(7, 0), Some(hm(17, 0))))
            .available(Availability::weekday(Weekday::Tue, hm(7, 0), Some(hm(17, 0))))
            .available(Availability::weekday(Weekday::Wed, hm(7, 0), Some(hm(17, 0))))
            .available(Availability::weekday(Weekday::Sat, hm(7, 0), Some(hm(17, 0)))),
        Agent::new("d", "ft")
            .lock(d(0), None)
            .request(Request::day_off(d(4), 30.0)),
    ];
    let mut shifts = Vec::new();
    for t in &templates {
        for s in t.start_offsets(1800) {
            for len in t.lengths_min(1800) {
                let at = NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap();
                shifts.push(ShiftKind {
                    name: shift_name(&t.name, at, len),
                    start: at,
                    length_min: len,
                    template: Some(t.name.clone()),
                    cannot_follow: Vec::new(),
                    night: None,
                });
            }
        }
    }
    let problem = RosterProblem {
        start: monday(),
        days: 9,
        shifts,
        cover: Cover::PerInterval {
            requirement: req.clone(),
            templates,
            under_cost: opts.under_cost,
            over_cost: opts.over_cost,
        },
        contracts: contracts.clone(),
        agents: agents.clone(),
    };
    (req, opts, contracts, agents, problem)
}

#[test]
fn interval_form_meets_every_rule_and_breaks_sit_inside_shifts() {
    let (req, opts, contracts, agents, problem) = interval_case();
    let r = roster_requirement(&req, &opts, &contracts, &agents, &RosterOptions::default()).unwrap();
    let v = violations(&problem, &r);
    assert!(v.is_empty(), "{v:#?}");
    assert!(!r.shifts.is_empty() && r.shifts.iter().all(|s| s.breaks.len() == 1));
    let o = interval_objective(&problem, &r);
    assert!((o - r.objective).abs() < TOL, "recomputed {o}, roster {}", r.objective);
    // And roster() over every shift the templates allow.
    solve_checked(&problem);
}

/// An 8-hour template "day" without breaks, 1 per paid minute, starting hourly from 08:00 to
/// `latest`.
fn day_8h(latest: NaiveTime) -> ShiftTemplate {
    ShiftTemplate {
        name: "day".into(),
        earliest_start: hm(8, 0),
        latest_start: latest,
        start_step_min: Some(60),
        min_length_min: 480,
        max_length_min: 480,
        length_step_min: None,
        days: None,
        cost_per_min: 1.0,
        breaks: Vec::new(),
        max_per_day: None,
    }
}

/// The linear relaxation over every shift bounds the roster of the agents given, where the
/// shift design (blind to them) cannot. One agent who may work 2 days a week against a need of
/// one agent 08:00–16:00 on 7 days (8-hour shifts starting 08:00 or 09:00, no break, 1 per paid
/// minute, 20 per agent-minute short), who asks to work Monday, Tuesday and Wednesday (100 per
/// refused request). By hand: the design pays 7 × 480 = 3,360; any roster of this agent pays
/// 2 × 480 + 5 × 16 × 30 × 20 + 100 = 49,060 (two requested days at 08:00, one request
/// refused), which the relaxation reaches (the weekly limit is a sum of the agent's days; the
/// refused request is the objective's constant, 300, less 100 per day worked). The design uses
/// only the 08:00 start, so the relaxation, over both starts, is not the roster's model. With
/// two threads it runs beside the roster and gives the same. On the richer interval case, the
/// relaxation of the default (design) run is at most the optimum over every shift.
#[test]
fn relaxation_bound_sees_the_agents_and_stays_below_the_optimum() {
    let t0 = monday().and_hms_opt(0, 0, 0).unwrap();
    let need: Vec<f64> = (0..7 * 48)
        .map(|i| if (16..32).contains(&(i % 48)) { 1.0 } else { 0.0 })
        .collect();
    let req = CoverRequirement::regular(t0, 1800, need).unwrap();
    let opts = ScheduleOptions::default()
        .templates(vec![day_8h(hm(9, 0))])
        .under_cost(20.0)
        .over_cost(0.5);
    let contracts = [Contract::new("c").days_per_week(None, Some(2))];
    let d = |k: i64| monday() + Duration::days(k);
    let agent = ann()
        .request(Request::day_on(d(0), 100.0))
        .request(Request::day_on(d(1), 100.0))
        .request(Request::day_on(d(2), 100.0));
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    for threads in [1, 2] {
        let o = RosterOptions::default().threads(threads);
        let r = roster_requirement(&req, &opts, &contracts, std::slice::from_ref(&agent), &o).unwrap();
        let design = r.design.unwrap();
        assert!(close(design.objective, 3360.0), "design {}", design.objective);
        assert!(close(r.objective, 49_060.0), "roster {}", r.objective);
        let relaxation = r.relaxation_bound.unwrap();
        assert!(
            close(relaxation, 49_060.0),
            "threads {threads}: relaxation {relaxation}"
        );
        assert!(
            close(r.bound, 49_060.0) && r.gap < 1e-6,
            "bound {}, gap {}",
            r.bound,
            r.gap
        );
        assert_eq!(r.status, wfmkit::schedule::SolveStatus::Optimal);
    }

    let (req, opts, contracts, agents, _) = interval_case();
    let design = roster_requirement(&req, &opts, &contracts, &agents, &RosterOptions::default()).unwrap();
    let all = RosterOptions::default()
        .candidate_shifts(wfmkit::roster::CandidateShifts::All)
        .time_limit_s(120.0);
    let optimum = roster_requirement(&req, &opts, &contracts, &agents, &all).unwrap();
    assert_eq!(optimum.status, wfmkit::schedule::SolveStatus::Optimal);
    let relaxation = design.relaxation_bound.unwrap();
    assert!(
        relaxation <= optimum.objective + TOL,
        "relaxation {relaxation}, optimum {}",
        optimum.objective
    );
    assert!(design.bound >= relaxation - TOL && design.bound <= design.objective + TOL);
}

/// Random single-cell changes of `base`: the checker and the model with every cell locked agree.
fn single_cell_changes(problem: &RosterProblem, base: &Roster, n: usize, seed: u64) -> (usize, usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut accepted, mut rejected) = (0, 0);
    let mut tried = 0;
    while tried < n {
        let a = rng.random_range(0..problem.agents.len());
        let d = rng.random_range(0..problem.days);
        let agent = &problem.agents[a];
        let date = problem.start + Duration::days(d as i64);
        if agent.locked.iter().any(|l| l.date == date) {
            continue;
        }
        let current = base
            .shifts
            .iter()
            .find(|s| s.agent_id == agent.agent_id && s.date == date)
            .map(|s| s.shift.clone());
        let new: Option<String> = if current.is_some() && rng.random_bool(0.5) {
            None
        } else {
            let others: Vec<&ShiftKind> = problem
                .shifts
                .iter()
                .filter(|k| Some(&k.name) != current.as_ref())
                .collect();
            if others.is_empty() {
                None
            } else {
                Some(others[rng.random_range(0..others.len())].name.clone())
            }
        };
        tried += 1;
        let mut shifts: Vec<_> = base
            .shifts
            .iter()
            .filter(|s| !(s.agent_id == agent.agent_id && s.date == date))
            .cloned()
            .collect();
        if let Some(n) = &new {
            shifts.push(row(problem, &agent.agent_id, date, n));
        }
        let checker = assignment_violations(problem, &shifts);
        // The model with the roster fixed.
        let mut fixed = problem.clone();
        for ag in fixed.agents.iter_mut() {
            ag.locked = (0..problem.days)
                .map(|k| {
                    let dt = problem.start + Duration::days(k as i64);
                    Locked {
                        date: dt,
                        shift: shifts
                            .iter()
                            .find(|s| s.agent_id == ag.agent_id && s.date == dt)
                            .map(|s| s.shift.clone()),
                    }
                })
                .collect();
        }
        let model = roster(&fixed, &RosterOptions::default());
        let what = format!(
            "change {tried}: agent {} on {date}: {current:?} -> {new:?}",
            agent.agent_id
        );
        match model {
            Ok(r) => {
                assert!(
                    checker.is_empty(),
                    "{what}: the model accepts, the checker rejects: {checker:?}"
                );
                let mut got: Vec<_> = r
                    .shifts
                    .iter()
                    .map(|s| (s.agent_id.clone(), s.date, s.shift.clone()))
                    .collect();
                let mut want: Vec<_> = shifts
                    .iter()
                    .map(|s| (s.agent_id.clone(), s.date, s.shift.clone()))
                    .collect();
                got.sort();
                want.sort();
                assert_eq!(got, want, "{what}: the model did not keep the locks");
                let v = violations(&fixed, &r);
                assert!(v.is_empty(), "{what}: {v:?}");
                assert!((objective_of(problem, &r) - r.objective).abs() < TOL, "{what}");
                accepted += 1;
            }
            Err(RosterError::Infeasible { conflicts }) => {
                assert!(
                    !checker.is_empty(),
                    "{what}: the model rejects ({conflicts:?}), the checker accepts"
                );
                rejected += 1;
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
    eprintln!("single-cell changes: {accepted} accepted, {rejected} rejected");
    (accepted, rejected)
}

#[test]
fn single_cell_changes_rich() {
    let p = rich();
    let r = solve_checked(&p);
    let (a, b) = single_cell_changes(&p, &r, 40, 17);
    assert!(a > 0 && b > 0, "{a} accepted, {b} rejected: both kinds should occur");
}

#[test]
fn single_cell_changes_curtois_1() {
    let p = curtois_loader::load(1);
    let r = solve_checked(&p);
    single_cell_changes(&p, &r, 40, 18);
}

#[test]
fn single_cell_changes_interval() {
    let (_, _, _, _, p) = interval_case();
    let r = solve_checked(&p);
    single_cell_changes(&p, &r, 40, 19);
}

/// The interval case split into two queues on one grid: `sales` takes half of each interval's
/// requirement (rounded down), `service` the rest. `a` does sales only, `b` service only, `c`
/// both, `d` names no skill (so both).
fn queues_case() -> (
    Vec<QueueRequirement>,
    ScheduleOptions,
    Vec<Contract>,
    Vec<Agent>,
    RosterProblem,
) {
    let (req, opts, contracts, mut agents, mut problem) = interval_case();
    let half: Vec<f64> = req.agents().iter().map(|r| (r / 2.0).floor()).collect();
    let rest: Vec<f64> = req.agents().iter().zip(&half).map(|(r, h)| r - h).collect();
    let q = |name: &str, v: Vec<f64>| QueueRequirement {
        queue: name.into(),
        requirement: CoverRequirement::try_new(req.interval_s(), req.timestamps().to_vec(), v).unwrap(),
    };
    let queues = vec![q("sales", half), q("service", rest)];
    agents[0].skills = vec!["sales".into()];
    agents[1].skills = vec!["service".into()];
    agents[2].skills = vec!["service".into(), "sales".into()];
    problem.agents = agents.clone();
    let Cover::PerInterval {
        templates,
        under_cost,
        over_cost,
        ..
    } = problem.cover.clone()
    else {
        unreachable!()
    };
    problem.cover = Cover::PerQueue {
        queues: queues.clone(),
        templates,
        under_cost,
        over_cost,
    };
    (queues, opts, contracts, agents, problem)
}

#[test]
fn queues_form_meets_every_rule_and_its_split_is_recomputed() {
    let (queues, opts, contracts, agents, problem) = queues_case();
    let r = roster_queues(&queues, &opts, &contracts, &agents, &RosterOptions::default()).unwrap();
    let v = violations(&problem, &r);
    assert!(v.is_empty(), "{v:#?}");
    let o = interval_objective(&problem, &r);
    assert!((o - r.objective).abs() < TOL, "recomputed {o}, roster {}", r.objective);
    // The pooled design bounds the cover-plus-paid cost; each queue's served time adds up to
    // the agents on duty in every interval.
    let design = r.design.unwrap();
    assert!(design.bound <= r.costs.under + r.costs.over + r.costs.paid + TOL);
    let cov = r.coverage.as_ref().unwrap();
    assert_eq!(r.queue_coverage.len(), 2);
    for t in 0..cov.scheduled.len() {
        let served: f64 = r.queue_coverage.iter().map(|q| q.served[t]).sum();
        assert!((served - cov.scheduled[t] as f64).abs() < 1e-9, "interval {t}");
    }
    // And roster() over every shift the templates allow.
    solve_checked(&problem);
}

#[test]
fn single_cell_changes_queues() {
    let (_, _, _, _, p) = queues_case();
    let r = solve_checked(&p);
    single_cell_changes(&p, &r, 40, 20);
}

/// Skills bind: sales and service each need one agent 08:00–16:00 on one day; both agents do
/// sales only, so service is short 8 hours (16 half-hours × 30 min × 20 = 9600) and sales
/// is over by the second agent (16 × 30 × 0.5 = 240), plus 2 × 480 paid minutes at 1 each:
/// 10 800. With one agent on service, 960.
#[test]
fn skills_bind() {
    let t0 = monday().and_hms_opt(0, 0, 0).unwrap();
    let need: Vec<f64> = (0..48).map(|i| if (16..32).contains(&i) { 1.0 } else { 0.0 }).collect();
    let q = |name: &str| QueueRequirement {
        queue: name.into(),
        requirement: CoverRequirement::regular(t0, 1800, need.clone()).unwrap(),
    };
    let queues = vec![q("sales"), q("service")];
    let opts = ScheduleOptions::default()
        .templates(vec![day_8h(hm(8, 0))])
        .under_cost(20.0)
        .over_cost(0.5);
    // Both agents must work (at least 480 paid minutes over the horizon).
    let c = vec![Contract::new("c").minutes(Some(480), None)];
    let sales = |id: &str| Agent::new(id, "c").skills(vec!["sales".into()]);
    let r = roster_queues(&queues, &opts, &c, &[sales("a"), sales("b")], &RosterOptions::default()).unwrap();
    assert!((r.objective - 10_800.0).abs() < TOL, "{}", r.objective);
    assert_eq!(r.queue_coverage[1].short[20], 1.0);
    let both = [sales("a"), Agent::new("b", "c").skills(vec!["service".into()])];
    let r = roster_queues(&queues, &opts, &c, &both, &RosterOptions::default()).unwrap();
    assert!((r.objective - 960.0).abs() < TOL, "{}", r.objective);
}

#[test]
fn bad_queues_and_skills_are_named() {
    let (mut queues, opts, contracts, mut agents, _) = queues_case();
    let o = RosterOptions::default();
    agents[0].skills = vec!["sale".into()];
    let e = roster_queues(&queues, &opts, &contracts, &agents, &o)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("agent `a`") && e.contains("`sale`") && e.contains("did you mean `sales`"),
        "{e}"
    );
    let (_, _, _, agents, _) = queues_case();
    queues[1].queue = "sales".into();
    let e = roster_queues(&queues, &opts, &contracts, &agents, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("queue `sales`") && e.contains("twice"), "{e}");
    queues[1].queue = "service".into();
    let r = &queues[1].requirement;
    queues[1].requirement =
        CoverRequirement::try_new(r.interval_s(), r.timestamps()[1..].to_vec(), r.agents()[1..].to_vec()).unwrap();
    let e = roster_queues(&queues, &opts, &contracts, &agents, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("queue `service`") && e.contains("grid"), "{e}");
    let e = roster_queues(&[], &opts, &contracts, &agents, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no queue"), "{e}");
}

/// The same rule with the roster fixed: D24 locked on days 0 and 3 leaves 48 h of rest where
/// the contract asks 50 h, so the model must reject it (the checker does).
#[test]
fn locked_rest_three_days_apart_is_rejected() {
    let a = ann()
        .lock(monday(), Some("D24"))
        .lock(monday() + Duration::days(3), Some("D24"));
    let mut p = one_agent(
        monday(),
        4,
        Vec::new(),
        Contract::new("c").min_rest_min(Some(50 * 60)),
        a,
    );
    p.shifts.push(ShiftKind::new("D24", hm(8, 0), 1440));
    let fixed = vec![
        row(&p, "ann", monday(), "D24"),
        row(&p, "ann", monday() + Duration::days(3), "D24"),
    ];
    assert!(assignment_violations(&p, &fixed)
        .iter()
        .any(|v| v.contains("min_rest_min")));
    match roster(&p, &RosterOptions::default()) {
        Err(RosterError::Infeasible { .. }) => {}
        Ok(r) => panic!(
            "the model accepts a roster the checker rejects: {:?}",
            violations(&p, &r)
        ),
        Err(e) => panic!("{e}"),
    }
}

/// The large-neighbourhood search returns rosters that keep every rule, with the objective
/// recomputed by the checker (Curtois–Qu instance 4 does not solve within 2 s, so the search
/// runs; its quality is measured in benches/curtois.rs, not here), also when the whole model
/// found no roster at all.
#[test]
fn lns_rosters_keep_every_rule() {
    let p = curtois_loader::load(4);
    // 2 s: HiGHS has a roster and the search improves it; 0.01 s: it has none (almost surely),
    // so the roster is built batch by batch and then searched.
    for limit in [2.0, 0.01] {
        let opts = RosterOptions::default().time_limit_s(limit).lns_time_s(4.0);
        let r = roster(&p, &opts).unwrap();
        let v = violations(&p, &r);
        assert!(v.is_empty(), "hard rules broken: {v:#?}");
        let o = objective_of(&p, &r);
        assert!((o - r.objective).abs() < TOL, "recomputed {o}, roster {}", r.objective);
        assert!(r.bound <= r.objective + TOL);
    }
}

/// An interval problem too large to solve whole (450 agents on the interval case's 9 days:
/// over 20 000 agent-day-shift binaries) with a search time is built batch by batch of agents
/// and then searched: the roster keeps every rule and its objective is recomputed by the
/// checker. (Quality is measured by benches/roster_bank.py, not here.)
#[test]
fn large_interval_rosters_are_built_in_batches_and_keep_every_rule() {
    let (_, _, _, agents, mut problem) = interval_case();
    problem.agents = (0..450)
        .map(|i| {
            let mut a = agents[i % agents.len()].clone();
            a.agent_id = format!("{}{i}", a.agent_id);
            a
        })
        .collect();
    let opts = RosterOptions::default().time_limit_s(20.0).lns_time_s(2.0);
    let r = roster(&problem, &opts).unwrap();
    let v = violations(&problem, &r);
    assert!(v.is_empty(), "hard rules broken: {:#?}", &v[..v.len().min(10)]);
    let o = objective_of(&problem, &r);
    assert!(
        (o - r.objective).abs() < 1e-6 * o.max(1.0),
        "recomputed {o}, roster {}",
        r.objective
    );
    assert_eq!(r.bound, 0.0, "no bound of its own on this path");
}

/// The column generation's pricing by labelling (dynamic programming over the days) against
/// the same problem as a MILP of the agent's rule rows, at random cell costs: the optima agree
/// within 1e-6 for every agent of the rich problem, the interval and queue cases and Curtois
/// instances 1–7 (three cost draws each there, ten elsewhere), and the labelling's schedule costs what it says. The MILP's rows are the
/// compact model's, which the rule checker above verifies.
#[test]
fn pricing_by_labelling_matches_the_agent_milp() {
    let mut problems = vec![
        ("rich".to_string(), rich()),
        ("interval".to_string(), interval_case().4),
        ("queues".to_string(), queues_case().4),
    ];
    for k in 1..=7 {
        problems.push((format!("curtois {k}"), curtois_loader::load(k)));
    }
    for (name, p) in problems {
        let trials = if name.starts_with("curtois") { 3 } else { 10 };
        let rows = wfmkit::roster::pricing_agreement(&p, &RosterOptions::default(), 7, trials).unwrap();
        assert!(!rows.is_empty());
        for check in rows {
            let (a, labels, milp, recomputed) = (check.agent, check.labels, check.milp, check.recomputed);
            let (below, at_optimum) = (&check.below, check.at_optimum);
            // Asked for the 5 cheapest below the optimum + 50: the optimum first, cheapest
            // first, each below the threshold and equal to its recomputed cost; and nothing
            // below the optimum itself (the threshold's pruning drops no schedule under it).
            assert!(
                !below.is_empty() && (below[0].0 - milp).abs() < TOL,
                "{name} agent {a}: {below:?} vs {milp}"
            );
            assert!(
                below.windows(2).all(|w| w[0].0 <= w[1].0 + TOL)
                    && below.iter().all(|&(v, r)| v < milp + 50.0 && (v - r).abs() < TOL),
                "{name} agent {a}: {below:?}"
            );
            assert_eq!(at_optimum, 0, "{name} agent {a}: schedules below the optimum {milp}");
            assert!(
                labels.is_finite() && milp.is_finite(),
                "{name} agent {a}: {labels} vs {milp}"
            );
            assert!(
                (labels - milp).abs() < TOL,
                "{name} agent {a}: labelling {labels}, MILP {milp}"
            );
            assert!(
                (labels - recomputed).abs() < TOL,
                "{name} agent {a}: {labels} vs {recomputed}"
            );
        }
    }
}
