"""wfmkit.chat_staffing (issue 15, part 1) from Python: with one chat at a time it is Erlang C
exactly (wfmkit's own formula, itself checked against published tables); with concurrency and
a slow-down it gives the staffing the Rust tests check against a per-agent simulation
(``tests/staffing_chat.rs``); bad input is named."""

from __future__ import annotations

import pytest

import wfmkit


def test_one_chat_at_a_time_is_erlang_c():
    """Relative 1e-9 on service level, P(wait) and ASA; the fewest agents equal Erlang C's."""
    for n in (14, 15, 20):
        c = wfmkit.chat_staffing(100.0, 180.0, concurrency=1, interval_s=1800.0, answer_within_s=20.0, agents=n)
        e = wfmkit.erlang_c(100.0, 180.0, n, interval_s=1800.0, answer_within_s=20.0)
        assert c.service_level == pytest.approx(e.service_level, rel=1e-9)
        assert c.p_wait == pytest.approx(e.p_wait, rel=1e-9)
        assert c.asa_s == pytest.approx(e.asa_s, rel=1e-9)
    need = wfmkit.chat_staffing(100.0, 180.0, concurrency=1, interval_s=1800.0, answer_within_s=20.0,
                                service_level=0.8)
    assert need.agents == wfmkit.required_agents(100.0, 180.0, service_level=0.8, interval_s=1800.0).agents


def test_concurrency_with_slow_down_needs_more_than_the_naive_division():
    """300 chats per 30 minutes, 360 s alone, three at once at 1.0x/1.25x/1.6x, 80% within 60 s:
    34 agents (the Rust test checks that staffing by simulation); dividing the Erlang C agents by
    3 would give 22, far short, because a chat at concurrency 3 takes 1.6 times as long."""
    r = wfmkit.chat_staffing(300.0, 360.0, concurrency=3, slowdown=[1.0, 1.25, 1.6], interval_s=1800.0,
                             service_level=0.8, answer_within_s=60.0)
    assert r.agents == 34 and r.service_level >= 0.8 and r.stable
    fewer = wfmkit.chat_staffing(300.0, 360.0, concurrency=3, slowdown=[1.0, 1.25, 1.6], interval_s=1800.0,
                                 answer_within_s=60.0, agents=33)
    assert fewer.service_level < 0.8
    naive = wfmkit.required_agents(300.0, 360.0, service_level=0.8, answer_within_s=60.0, interval_s=1800.0)
    assert -(-naive.agents // 3) == 22


@pytest.mark.parametrize("kwargs, fragment", [
    ({"concurrency": 0}, "concurrency"),
    ({"slowdown": [1.0]}, "slowdown"),
    ({"slowdown": [1.0, 0.8]}, "slowdown"),
    ({"service_level": 1.0}, "service_level"),
    ({"service_level": None}, "agents"),
    ({"agents": -1}, "agents"),
])
def test_bad_input_is_named(kwargs, fragment):
    args = {"concurrency": 2, "interval_s": 1800.0, "service_level": 0.8}
    args.update(kwargs)
    with pytest.raises(wfmkit.InvalidInputError, match=fragment):
        wfmkit.chat_staffing(100.0, 180.0, **args)


def test_requirements_of_a_chat_queue_are_its_chat_staffing_per_interval():
    """``requirements(concurrency=3, slowdown=...)`` staffs every interval as
    :func:`chat_staffing` does (the same agents, exactly), grossed up by the shrinkage."""
    import datetime as dt

    import polars as pl

    vol = [0.0, 40.0, 150.0, 300.0, 220.0]
    t0 = dt.datetime(2024, 3, 4, 8)
    fc = pl.DataFrame({"interval_start": [t0 + dt.timedelta(minutes=30 * i) for i in range(5)],
                       "volume": vol, "aht_s": [360.0] * 5})
    slow = [1.0, 1.25, 1.6]
    r = wfmkit.requirements(fc, service_level=0.8, answer_within_s=60.0, shrinkage=0.25, concurrency=3,
                            slowdown=slow)
    for v, a, g in zip(vol, r["agents"], r["agents_gross"]):
        want = 0 if v == 0 else wfmkit.chat_staffing(v, 360.0, concurrency=3, slowdown=slow, interval_s=1800.0,
                                                     service_level=0.8, answer_within_s=60.0).agents
        assert a == want and g == -(-a * 4 // 3), (v, a, g)
    with pytest.raises(wfmkit.InvalidInputError, match="max_asa_s"):
        wfmkit.requirements(fc, service_level=0.8, max_asa_s=30.0, concurrency=3)
