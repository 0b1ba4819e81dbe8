//! Outbound campaigns and blending (issue 15, part 3): the expected work per record against a
//! seeded simulation of the dialling that shares no code with the model, and the blending rule
//! on cases solved by hand. Each test states its tolerance.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use wfmkit::staffing::{outbound_staffing, OutboundCampaign, StaffingError};

/// 200,000 records dialled one by one (each attempt reaches a person with the contact rate, up
/// to the maximum attempts), for several campaigns: the mean agent-seconds, attempts and
/// contacts per record fall within 4 standard errors of the model's expectation (a 99.99%
/// interval; the model's closed form is exact, so only sampling error separates them).
#[test]
fn expected_work_per_record_matches_a_dialling_simulation() {
    for (seed, &(rate, max_attempts, talk, attempt)) in [
        (0.4, 3u32, 300.0, 30.0),
        (0.1, 6, 240.0, 45.0),
        (0.9, 1, 180.0, 20.0),
        (0.25, 10, 420.0, 0.0),
    ]
    .iter()
    .enumerate()
    {
        let c = OutboundCampaign::new(1.0, rate, max_attempts, talk, attempt, 60);
        let n = 200_000usize;
        let mut rng = StdRng::seed_from_u64(seed as u64);
        let (mut sum, mut sum2, mut attempts, mut contacts) = (0.0f64, 0.0f64, 0usize, 0usize);
        for _ in 0..n {
            let mut secs = 0.0;
            for _ in 0..max_attempts {
                attempts += 1;
                if rng.random::<f64>() < rate {
                    contacts += 1;
                    secs += talk;
                    break;
                }
                secs += attempt;
            }
            sum += secs;
            sum2 += secs * secs;
        }
        let mean = sum / n as f64;
        let se = ((sum2 / n as f64 - mean * mean) / n as f64).sqrt();
        let want = c.seconds_per_record();
        assert!(
            (mean - want).abs() <= 4.0 * se,
            "campaign {seed}: simulated {mean} ± {se}, model {want}"
        );
        let (a, k) = c.per_record();
        let pa = attempts as f64 / n as f64;
        let pk = contacts as f64 / n as f64;
        // Attempts per record are at most max_attempts, so their sd is at most max_attempts / 2.
        assert!(
            (pa - a).abs() <= 4.0 * max_attempts as f64 / 2.0 / (n as f64).sqrt(),
            "attempts {pa} vs {a}"
        );
        assert!(
            (pk - k).abs() <= 4.0 * (k * (1.0 - k) / n as f64).sqrt() + 1e-12,
            "contacts {pk} vs {k}"
        );
    }
}

/// By hand: 1 record needing 6 agent-intervals of work (1 attempt, always reached, talk 6
/// intervals of 30 minutes = 10,800 s), slack 2, 0, 2, 0 agents in four open intervals: the
/// slack does 4 agent-intervals, and the other 2 go to dedicated agents spread evenly, 0.5 in
/// each interval. With slack 4 in every interval, no dedicated agent is needed and the work is
/// done as early as possible: 4 in interval 0 and 2 in interval 1. Tolerance 1e-12.
#[test]
fn blending_uses_the_slack_first_then_a_flat_dedicated_team() {
    let c = OutboundCampaign::new(1.0, 1.0, 1, 6.0 * 1800.0, 0.0, 30);
    let plan = outbound_staffing(&c, &[true; 4], &[2.0, 0.0, 2.0, 0.0]).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    assert!(close(plan.peak_dedicated, 0.5));
    assert!(plan.dedicated_agents.iter().all(|&d| close(d, 0.5)));
    assert_eq!(plan.blended_agents, vec![2.0, 0.0, 2.0, 0.0]);
    assert!(close(plan.agent_hours, 3.0) && close(plan.dedicated_hours, 1.0));
    assert!(plan.remaining[3].abs() < 1e-12);
    let plan = outbound_staffing(&c, &[true; 4], &[4.0; 4]).unwrap();
    assert_eq!(plan.dedicated_hours, 0.0);
    assert_eq!(plan.blended_agents, vec![4.0, 2.0, 0.0, 0.0]);
    assert!(close(plan.remaining[1], 0.0) && close(plan.records.iter().sum::<f64>(), 1.0));
    // Calling hours: closed intervals get nothing, the open ones share the work.
    let plan = outbound_staffing(&c, &[true, false, true, false], &[0.0; 4]).unwrap();
    assert_eq!(plan.dedicated_agents, vec![3.0, 0.0, 3.0, 0.0]);
    // Occupancy 0.75: 1/0.75 the agents for the same work.
    let plan = outbound_staffing(&c.clone().with_occupancy(0.75), &[true; 4], &[0.0; 4]).unwrap();
    assert!(close(plan.peak_dedicated, 1.5 / 0.75));
}

/// Bad input is a typed error naming the field (or the interval).
#[test]
fn bad_input_names_the_field() {
    let ok = OutboundCampaign::new(100.0, 0.3, 3, 300.0, 30.0, 30);
    let msg = |c: &OutboundCampaign| outbound_staffing(c, &[true; 2], &[0.0; 2]).unwrap_err().to_string();
    assert!(msg(&OutboundCampaign {
        contact_rate: 0.0,
        ..ok.clone()
    })
    .contains("contact_rate"));
    assert!(msg(&OutboundCampaign {
        max_attempts: 0,
        ..ok.clone()
    })
    .contains("max_attempts"));
    assert!(msg(&OutboundCampaign {
        records: -1.0,
        ..ok.clone()
    })
    .contains("records"));
    assert!(msg(&OutboundCampaign {
        talk_s: f64::NAN,
        ..ok.clone()
    })
    .contains("talk_s"));
    assert!(msg(&ok.clone().with_occupancy(1.5)).contains("occupancy"));
    let e = outbound_staffing(&ok, &[true; 2], &[0.0, -1.0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("index 1") && e.contains("slack"), "{e}");
    assert!(matches!(
        outbound_staffing(&ok, &[true; 2], &[0.0; 3]),
        Err(StaffingError::InvalidCampaign { name: "slack", .. })
    ));
    assert!(outbound_staffing(&ok, &[false; 2], &[0.0; 2])
        .unwrap_err()
        .to_string()
        .contains("calling hours"));
}
