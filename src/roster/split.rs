//! How the agents on duty in one interval split their time among the queues they are skilled
//! for: the split that leaves the least under-cover, a maximum flow.
//!
//! With one cost per agent-minute short and one per agent-minute over for every queue, and all
//! the agents' time allocated, `over − under = on duty − required` whatever the split, so the
//! cheapest split is the one with the least under-cover: the maximum flow from the skill
//! groups (capacity: agents on duty) to the queues (capacity: required) along the skills.
//! Time beyond that flow goes to the group's first queue (over-cover either way).

/// `alloc[g][k]`: the agents of group `g` serving its `k`-th queue (`groups[g][k]`), for
/// `supply[g]` agents on duty per group and `need[q]` required per queue.
pub(crate) fn best_split(supply: &[f64], groups: &[Vec<usize>], need: &[f64]) -> Vec<Vec<f64>> {
    let n_g = groups.len();
    let mut alloc: Vec<Vec<f64>> = groups.iter().map(|qs| vec![0.0; qs.len()]).collect();
    // Residual capacities: source → group, queue → sink; group → queue is unbounded, so only
    // its flow (which may be pushed back) is tracked.
    let mut from_source: Vec<f64> = supply.iter().map(|&s| s.max(0.0)).collect();
    let mut to_sink: Vec<f64> = need.iter().map(|&r| r.max(0.0)).collect();
    const EPS: f64 = 1e-12;
    /// How the search reached a group: from the source, or back along the flow it sends to
    /// its `k`-th queue.
    #[derive(Clone, Copy)]
    enum Reached {
        Source,
        Back(usize),
    }
    loop {
        // Breadth-first search over groups and queues from the source (Edmonds–Karp): a group
        // with spare supply reaches its queues; a queue reaches every group that sends it
        // flow (the flow can be pushed back). `queue_from[q]`: the group and the index of `q`
        // among its skills.
        let mut group_from: Vec<Option<Reached>> = vec![None; n_g];
        let mut queue_from: Vec<Option<(usize, usize)>> = vec![None; need.len()];
        let mut frontier: Vec<usize> = (0..n_g).filter(|&g| from_source[g] > EPS).collect();
        for &g in &frontier {
            group_from[g] = Some(Reached::Source);
        }
        let mut end = None;
        'search: while !frontier.is_empty() {
            let mut next = Vec::new();
            for g in frontier {
                for (k, &q) in groups[g].iter().enumerate() {
                    if queue_from[q].is_some() {
                        continue;
                    }
                    queue_from[q] = Some((g, k));
                    if to_sink[q] > EPS {
                        end = Some(q);
                        break 'search;
                    }
                    for (h, qs) in groups.iter().enumerate() {
                        if group_from[h].is_none() {
                            if let Some(kh) = qs.iter().position(|&x| x == q) {
                                if alloc[h][kh] > EPS {
                                    group_from[h] = Some(Reached::Back(kh));
                                    next.push(h);
                                }
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        let Some(q_end) = end else { break };
        // The path, walked back once from the sink: (group, forward skill index, how the group
        // was reached); then its bottleneck and the augmentation.
        let mut path = Vec::new();
        let mut q = q_end;
        while let Some((g, k)) = queue_from[q] {
            let Some(how) = group_from[g] else { break };
            path.push((g, k, how));
            match how {
                Reached::Source => break,
                Reached::Back(kb) => q = groups[g][kb],
            }
        }
        let amount = path.iter().fold(to_sink[q_end], |m, &(g, _, how)| match how {
            Reached::Source => m.min(from_source[g]),
            Reached::Back(kb) => m.min(alloc[g][kb]),
        });
        to_sink[q_end] -= amount;
        for &(g, k, how) in &path {
            alloc[g][k] += amount;
            match how {
                Reached::Source => from_source[g] -= amount,
                Reached::Back(kb) => alloc[g][kb] -= amount,
            }
        }
    }
    // Time left over: to the group's first queue.
    for (g, left) in from_source.into_iter().enumerate() {
        if left > 0.0 && !alloc[g].is_empty() {
            alloc[g][0] += left;
        }
    }
    alloc
}

#[cfg(test)]
mod tests {
    use super::best_split;

    /// Served per queue.
    fn served(alloc: &[Vec<f64>], groups: &[Vec<usize>], n_q: usize) -> Vec<f64> {
        let mut s = vec![0.0; n_q];
        for (g, qs) in groups.iter().enumerate() {
            for (k, &q) in qs.iter().enumerate() {
                s[q] += alloc[g][k];
            }
        }
        s
    }

    /// Two queues, dedicated and flexible groups: the least under-cover is, by hand,
    /// min(N_A, R_A) + min(N_B, R_B) + min(N_AB, the rest of both requirements).
    #[test]
    fn two_queues_match_the_closed_form() {
        let groups = vec![vec![0], vec![1], vec![0, 1]];
        for (na, nb, nab, ra, rb) in [
            (3.0, 1.0, 2.0, 4.0, 2.0),
            (0.0, 0.0, 5.0, 2.0, 2.0),
            (5.0, 0.0, 1.0, 2.0, 3.0),
            (1.0, 1.0, 0.0, 2.5, 0.5),
            (0.0, 3.0, 4.0, 6.0, 0.0),
        ] {
            let alloc = best_split(&[na, nb, nab], &groups, &[ra, rb]);
            let s = served(&alloc, &groups, 2);
            let useful: f64 = s.iter().zip([ra, rb]).map(|(x, r)| x.min(r)).sum();
            let by_hand = f64::min(na, ra) + f64::min(nb, rb) + f64::min(nab, (ra - na).max(0.0) + (rb - nb).max(0.0));
            assert!((useful - by_hand).abs() < 1e-9, "{useful} vs {by_hand}");
            assert!(
                (s.iter().sum::<f64>() - (na + nb + nab)).abs() < 1e-9,
                "all time allocated"
            );
            assert!(alloc.iter().flatten().all(|&x| x >= -1e-12));
        }
    }

    /// A path that needs flow pushed back: group {A,B} first fills A; group {A} can only serve
    /// A, so the flexible agents must move to B for both queues to be covered.
    #[test]
    fn flow_is_pushed_back_along_a_path() {
        let groups = vec![vec![0, 1], vec![0]];
        let alloc = best_split(&[1.0, 1.0], &groups, &[1.0, 1.0]);
        assert_eq!(served(&alloc, &groups, 2), vec![1.0, 1.0]);
    }
}
