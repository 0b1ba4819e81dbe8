"""Multi-skill staffing (issue 15, part 4) through Python: the simulation against exact Erlang C
where it must equal it, against the exact Markov chain of a genuinely multi-skill system (solved
here with SciPy), and the cross-training saving re-checked by an independent simulation."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import wfmkit


def _n_design_chain(lam, mu, n, q_max):
    """The exact stationary chain of two types and three groups (specialists 0 and 1, and a
    group serving both that prefers type 0), routed as the module documents: a call goes to its
    specialists, else to the shared group, else waits; a freed shared agent takes the oldest
    type-0 call, else type 1. State: busy specialists of each type, shared agents busy on each
    type, the two queues (truncated at `q_max`). Returns P(wait) per type (PASTA), the ASA per
    type (Little: E[queue] / rate) and the probability mass at the truncation."""
    n0, n1, n2 = n
    states = [(b0, b1, a, b, q0, q1)
              for b0 in range(n0 + 1) for b1 in range(n1 + 1) for a in range(n2 + 1) for b in range(n2 + 1 - a)
              for q0 in range(q_max + 1) for q1 in range(q_max + 1)
              if (q0 == 0 or (b0 == n0 and a + b == n2)) and (q1 == 0 or (b1 == n1 and a + b == n2))]
    index = {s: i for i, s in enumerate(states)}
    rows, cols, vals = [], [], []

    def add(s, t, rate):
        if rate > 0 and t in index:
            rows.append(index[s])
            cols.append(index[t])
            vals.append(rate)

    for s in states:
        b0, b1, a, b, q0, q1 = s
        if b0 < n0:
            add(s, (b0 + 1, b1, a, b, q0, q1), lam[0])
        elif a + b < n2:
            add(s, (b0, b1, a + 1, b, q0, q1), lam[0])
        else:
            add(s, (b0, b1, a, b, q0 + 1, q1), lam[0])
        if b1 < n1:
            add(s, (b0, b1 + 1, a, b, q0, q1), lam[1])
        elif a + b < n2:
            add(s, (b0, b1, a, b + 1, q0, q1), lam[1])
        else:
            add(s, (b0, b1, a, b, q0, q1 + 1), lam[1])
        add(s, (b0, b1, a, b, q0 - 1, q1) if q0 else (b0 - 1, b1, a, b, q0, q1), b0 * mu[0])
        add(s, (b0, b1, a, b, q0, q1 - 1) if q1 else (b0, b1 - 1, a, b, q0, q1), b1 * mu[1])
        add(s, (b0, b1, a, b, q0 - 1, q1) if q0 else
            ((b0, b1, a - 1, b + 1, q0, q1 - 1) if q1 else (b0, b1, a - 1, b, q0, q1)), a * mu[0])
        add(s, (b0, b1, a + 1, b - 1, q0 - 1, q1) if q0 else
            ((b0, b1, a, b, q0, q1 - 1) if q1 else (b0, b1, a, b - 1, q0, q1)), b * mu[1])
    size = len(states)
    gen = sp.csr_matrix((vals, (rows, cols)), shape=(size, size))
    gen = gen - sp.diags(np.asarray(gen.sum(axis=1)).ravel())
    a_t = gen.T.tocsc()
    rest = spl.spsolve(a_t[1:, 1:], -a_t[1:, 0].toarray().ravel())  # pi_0 = 1, then normalise
    pi = np.concatenate([[1.0], rest])
    pi /= pi.sum()
    st = np.array(states)
    p_wait = [pi[(st[:, 0] == n0) & (st[:, 2] + st[:, 3] == n2)].sum(),
              pi[(st[:, 1] == n1) & (st[:, 2] + st[:, 3] == n2)].sum()]
    asa = [(pi * st[:, 4]).sum() / lam[0], (pi * st[:, 5]).sum() / lam[1]]
    tail = pi[(st[:, 4] == q_max) | (st[:, 5] == q_max)].sum()
    return p_wait, asa, tail


def test_a_multi_skill_system_against_its_exact_markov_chain():
    # 40 and 22.5 calls an hour, handle times 6 and 4 minutes (5.5 Erlangs), 3 + 1 specialists
    # and 3 shared agents; 2,000-hour periods so the empty start is negligible, 40 replications.
    # Tolerance: 3 x the 95% half-width (about 5.9 standard errors) plus the chain's truncated mass.
    p_wait, asa, tail = _n_design_chain([40 / 3600, 22.5 / 3600], [1 / 360, 1 / 240], (3, 1, 3), 60)
    assert tail < 1e-5
    hours = 2000.0
    f = wfmkit.simulate_multi_skill([40 * hours, 22.5 * hours], [360.0, 240.0], [[0], [1], [0, 1]], [3, 1, 3],
                                    period_s=hours * 3600.0, replications=40, seed=6)
    for k in range(2):
        row = f.row(k, named=True)
        for key, exact in (("p_wait", p_wait[k]), ("asa_s", asa[k])):
            hw = (row[f"{key}_hi"] - row[f"{key}_lo"]) / 2
            assert abs(row[key] - exact) <= 3 * hw + tail * max(1.0, exact), (k, key, row[key], exact, hw)


def test_one_type_is_erlang_c():
    # 100 hours of one type at 10 Erlangs on 12 agents: the empty start is negligible; within
    # 2.5 x the 95% half-width plus 0.002 (as in tests/simulate_multi_skill.rs).
    f = wfmkit.simulate_multi_skill([10_000.0], [360.0], [[0]], [12], period_s=360_000.0, replications=20, seed=2)
    e = wfmkit.erlang_c(100.0, 360.0, 12, interval_s=3600.0, answer_within_s=20.0)
    row = f.row(0, named=True)
    hw = (row["service_level_hi"] - row["service_level_lo"]) / 2
    assert abs(row["service_level"] - e.service_level) <= 2.5 * hw + 0.002


def test_saving_and_an_independent_check():
    r = wfmkit.multi_skill_staffing([900.0, 300.0], [360.0, 360.0], [[0], [1], [0, 1]], cost=[1.0, 1.0, 1.1],
                                    target=0.8, period_s=36_000.0, replications=40, seed=11,
                                    names=["english", "french"])
    assert r.feasible and r.saving > 0 and r.cost < r.alone_cost
    assert r.performance["call_type"].to_list() == ["english", "french"]
    check = wfmkit.simulate_multi_skill([900.0, 300.0], [360.0, 360.0], [[0], [1], [0, 1]], r.agents,
                                        period_s=36_000.0, replications=200, seed=999)
    assert (check["service_level_hi"] >= 0.8).all()


def test_bad_input_names_the_field():
    with pytest.raises(wfmkit.InvalidInputError, match="serves no call type"):
        wfmkit.simulate_multi_skill([10.0, 10.0], [300.0, 300.0], [[0], []], [1, 1])
    with pytest.raises(wfmkit.InvalidInputError, match="no group serves call type 1"):
        wfmkit.multi_skill_staffing([10.0, 10.0], [300.0, 300.0], [[0]], cost=[1.0], target=0.8)
    with pytest.raises(wfmkit.InvalidInputError, match="routed to group 0"):
        wfmkit.simulate_multi_skill([10.0, 10.0], [300.0, 300.0], [[0], [1]], [1, 1], routing=[[0], [0]])
