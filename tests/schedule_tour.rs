//! Weekly tours as shifts over day-long intervals: the post-office problem.
//!
//! Source: the classic post-office work-scheduling example (Winston, *Operations Research:
//! Applications and Algorithms*, ch. 3, "A work-scheduling problem"): full-time
//! employees work 5 consecutive days then have 2 off, the week is cyclic, and the daily demand
//! Monday to Sunday is 17, 13, 15, 19, 14, 16, 11. The integer optimum is 23 employees; the LP
//! relaxation gives 22⅓. Tolerance: exact (integer counts).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use wfmkit::schedule::{schedule, CoverRequirement, ScheduleOptions, ShiftTemplate, SolveStatus};

fn monday() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// A five-day tour: starts at midnight on any day and lasts 5 × 1440 minutes; costs 1 per tour.
fn five_on_two_off() -> ShiftTemplate {
    ShiftTemplate {
        name: "five_on_two_off".into(),
        earliest_start: NaiveTime::MIN,
        latest_start: NaiveTime::MIN,
        start_step_min: None,
        min_length_min: 5 * 1440,
        max_length_min: 5 * 1440,
        length_step_min: None,
        days: None,
        cost_per_min: 1.0 / (5.0 * 1440.0),
        max_per_day: None,
        breaks: vec![],
    }
}

#[test]
fn post_office_needs_23() {
    let demand = [17.0, 13.0, 15.0, 19.0, 14.0, 16.0, 11.0];
    let req = CoverRequirement::regular(monday(), 86_400, demand.to_vec()).unwrap();
    let opts = ScheduleOptions::default()
        .templates(vec![five_on_two_off()])
        .under_cost(1.0) // 1440 per employee-day short: far above the cost of one tour
        .cyclic(true);
    let plan = schedule(&req, &opts).unwrap();
    assert_eq!(plan.status, SolveStatus::Optimal);
    let employees: u32 = plan.shifts.iter().map(|s| s.count).sum();
    assert_eq!(employees, 23);
    // Recompute coverage from the tours: each covers its start day and the next four, wrapping.
    let mut on = [0u32; 7];
    for s in &plan.shifts {
        let d0 = (s.start - monday()).num_days() as usize;
        assert_eq!(s.length_min, 5 * 1440);
        for d in d0..d0 + 5 {
            on[d % 7] += s.count;
        }
    }
    for d in 0..7 {
        assert!(on[d] as f64 >= demand[d], "day {d}: {} < {}", on[d], demand[d]);
        assert_eq!(on[d], plan.coverage.scheduled[d]);
    }
    assert!((plan.objective - 23.0).abs() < 1e-9);
    // The LP bound 22⅓ rounds up to 23 for an integer objective: the solver proves it.
    assert!(
        plan.bound > 22.0 + 1.0 / 3.0 - 1e-6 && plan.bound <= 23.0 + 1e-9,
        "bound {}",
        plan.bound
    );
}
