"""Multi-skill staffing (issue 15, part 4) through Python: the simulation against exact Erlang C
where it must equal it, and the cross-training saving re-checked by an independent simulation."""

from __future__ import annotations

import pytest

import wfmkit


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
