"""Backlog staffing (issue 15, part 2) against an LP the team wrote apart from the model.

wfmkit's model splits each interval's items into deadline classes, each worked first come first
served. The check here is the plain assignment formulation: ``x[s, t]`` items of interval ``s``
worked in interval ``t`` (any order at all), solved by SciPy's ``linprog``; the deadline of each
interval's items is computed here again from the documented convention. The fewest peak agents
must agree (tolerance 1e-6 relative: both are LP optima to HiGHS's 1e-7 feasibility tolerance).
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest
from scipy.optimize import linprog

import wfmkit


def _deadline(s: int | None, age: int, within: int, dt: int, clock: str, is_open: list[bool]) -> int | None:
    """The last interval that meets `within` minutes for items arriving at the start of `s`
    (`None` for the initial backlog, `age` minutes old); `None` past the horizon; -1 if none."""
    n = len(is_open)
    k = (within - age) // dt
    if clock == "calendar":
        d = (0 if s is None else s) + k - 1
        return d if d < n else None
    first = 0 if s is None else sum(is_open[:s])
    idx = first + k - 1
    if idx < 0:
        return -1
    opens = [t for t in range(n) if is_open[t]]
    return opens[idx] if idx < len(opens) else None


def _flow_peak(arrivals, is_open, dt, handle_s, targets, clock, initial=0.0, age=0):
    """The fewest peak agents by the assignment LP."""
    n = len(arrivals)
    cohorts = []  # (items, release, deadlines per target)
    if initial > 0:
        cohorts.append((initial, 0, [_deadline(None, age, w, dt, clock, is_open) for _, w in targets]))
    for s, a in enumerate(arrivals):
        if a > 0:
            cohorts.append((a, s + 1, [_deadline(s, 0, w, dt, clock, is_open) for _, w in targets]))
    var = {}
    for c, (_, r, _) in enumerate(cohorts):
        for t in range(r, n):
            if is_open[t]:
                var[(c, t)] = len(var)
    peak = len(var)
    nv = peak + 1
    per_agent = 60.0 * dt / handle_s
    a_ub, b_ub, a_eq, b_eq = [], [], [], []
    for t in range(n):
        row = np.zeros(nv)
        for c in range(len(cohorts)):
            if (c, t) in var:
                row[var[(c, t)]] = 1.0
        row[peak] = -per_agent
        a_ub.append(row)
        b_ub.append(0.0)
    rest = targets[-1][0] < 1.0
    for c, (items, r, dls) in enumerate(cohorts):
        row = np.zeros(nv)
        for t in range(r, n):
            if (c, t) in var:
                row[var[(c, t)]] = 1.0
        done_by_end = dls[-1] is not None and (not rest or any(is_open[r:]))
        if done_by_end:
            a_eq.append(row)
            b_eq.append(items)
        else:
            a_ub.append(row)
            b_ub.append(items)
    for j, (share, _) in enumerate(targets):
        due = [c for c, co in enumerate(cohorts) if co[2][j] is not None]
        if not due:
            continue
        row = np.zeros(nv)
        for c in due:
            d = cohorts[c][2][j]
            for t in range(cohorts[c][1], n):
                if t <= d and (c, t) in var:
                    row[var[(c, t)]] = -1.0
        a_ub.append(row)
        b_ub.append(-share * sum(cohorts[c][0] for c in due))
    cost = np.zeros(nv)
    cost[peak] = 1.0
    res = linprog(cost, A_ub=np.array(a_ub), b_ub=b_ub, A_eq=np.array(a_eq) if a_eq else None,
                  b_eq=b_eq if b_eq else None, bounds=[(0, None)] * nv, method="highs")
    assert res.status == 0, res.message
    return res.x[peak]


@pytest.mark.parametrize("seed", range(30))
def test_peak_agrees_with_the_assignment_lp(seed):
    rng = random.Random(seed)
    dt = rng.choice([15, 30, 60])
    n = rng.randint(20, 60)
    clock = rng.choice(["business", "calendar"])
    is_open = [rng.random() < 0.8 for _ in range(n)]
    arrivals = [float(rng.randint(0, 20)) if rng.random() < 0.8 else 0.0 for _ in range(n)]
    first = rng.randint(2, 5) * dt
    targets = [(rng.choice([0.5, 0.8, 0.9, 1.0]), first)]
    if rng.random() < 0.5:
        targets = [(min(targets[0][0], 0.7), first), (rng.choice([0.95, 1.0]), first + rng.randint(1, 6) * dt)]
    initial, age = (float(rng.randint(0, 30)), rng.randint(0, 1) * dt) if rng.random() < 0.5 else (0.0, 0)
    handle_s = rng.choice([120.0, 300.0, 600.0])
    try:
        r = wfmkit.backlog_staffing(arrivals, targets=targets, handle_s=handle_s, interval_minutes=dt, clock=clock,
                                    open=is_open, initial_backlog=initial, initial_backlog_age_minutes=age)
    except wfmkit.InfeasibleError:
        # The assignment LP must then be infeasible too (no agents can make it).
        with pytest.raises(AssertionError):
            _flow_peak(arrivals, is_open, dt, handle_s, targets, clock, initial, age)
        return
    want = _flow_peak(arrivals, is_open, dt, handle_s, targets, clock, initial, age)
    assert r.peak_agents == pytest.approx(want, rel=1e-6, abs=1e-7)
    for j, (share, _) in enumerate(targets):
        assert r.within[j] >= share - 1e-6
    # The frame is the plan: agents x per-agent items is the work, and the work is what arrived.
    f = r.frame
    per_agent = 60.0 * dt / handle_s
    assert np.allclose(f["agents"].to_numpy() * per_agent, f["worked"].to_numpy(), atol=1e-7)
    assert f["worked"].sum() + r.carried_out == pytest.approx(sum(arrivals) + initial, abs=1e-5)
    assert not f.filter(~pl.col("open") & (pl.col("agents") > 1e-9)).height


def _week(minutes: int = 30) -> pl.DataFrame:
    start = datetime(2026, 1, 5)  # a Monday
    n = 7 * 24 * 60 // minutes
    ts = [start + timedelta(minutes=minutes * i) for i in range(n)]
    vol = [20.0 if 8 <= t.hour < 18 else 4.0 for t in ts]
    return pl.DataFrame({"interval_start": ts, "volume": vol, "aht_s": [300.0] * n, "queue": ["email"] * n})


def test_a_forecast_frame_with_opening_hours():
    # Mon-Fri 08:00-18:00, 90% within 4 business hours and all within 8.
    hours = {d: "08:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    r = wfmkit.backlog_staffing(_week(), targets=[(0.9, 240), (1.0, 480)], opening_hours=hours, shrinkage=0.25)
    f = r.frame
    assert f.columns == ["interval_start", "volume", "open", "worked", "agents", "agents_gross", "backlog", "overdue"]
    assert f.filter(pl.col("open")).height == 5 * 20
    opened = f.filter(pl.col("open"))["interval_start"]
    assert min(t.hour for t in opened) == 8 and max(t.hour * 60 + t.minute for t in opened) == 17 * 60 + 30
    assert np.allclose(f["agents_gross"].to_numpy(), f["agents"].to_numpy() / 0.75)
    assert r.within[0] >= 0.9 - 1e-6 and r.within[1] >= 1.0 - 1e-6
    # aht_s 300 s everywhere: the handle time taken from it. Agent-hours = worked items x 5 min.
    assert r.agent_hours == pytest.approx(f["worked"].sum() * 300.0 / 3600.0, rel=1e-9)
    # The weekend's items wait for Monday: backlog grows through Sunday, never worked then.
    sunday = f.filter(pl.col("interval_start").dt.weekday() == 7)
    assert sunday["worked"].sum() == 0.0 and sunday["backlog"].is_sorted()
    assert r.peak_agents == pytest.approx(f["agents"].max())


def test_bad_input_names_the_argument():
    with pytest.raises(wfmkit.InvalidInputError, match="shorter than two"):
        wfmkit.backlog_staffing([1.0] * 8, targets=[(1.0, 20)], handle_s=60, interval_minutes=15)
    with pytest.raises(wfmkit.InvalidInputError, match="interval_minutes"):
        wfmkit.backlog_staffing([1.0] * 8, targets=[(1.0, 60)], handle_s=60)
    with pytest.raises(wfmkit.InvalidInputError, match="clock"):
        wfmkit.backlog_staffing([1.0] * 8, targets=[(1.0, 60)], handle_s=60, interval_minutes=15, clock="wall")
    with pytest.raises(wfmkit.InvalidInputError, match="opening_hours"):
        wfmkit.backlog_staffing(_week(), targets=[(1.0, 240)], opening_hours={"monday": "08:00-18:00"})
    with pytest.raises(wfmkit.InvalidInputError, match="closes before"):
        wfmkit.backlog_staffing(_week(), targets=[(1.0, 240)], opening_hours="18:00-08:00")
    with pytest.raises(wfmkit.InvalidInputError, match="index 2.*arrivals"):
        wfmkit.backlog_staffing([1.0, 1.0, math.nan], targets=[(1.0, 60)], handle_s=60, interval_minutes=15)
    with pytest.raises(wfmkit.InvalidInputError, match="targets"):
        wfmkit.backlog_staffing([1.0] * 8, targets=[(1.0, 120), (0.9, 240)], handle_s=60, interval_minutes=15)
    # A calendar deadline that falls in the night with nobody at work: infeasible, naming the
    # first such interval (Monday 00:00, interval 0: its items are due by 04:00).
    with pytest.raises(wfmkit.InfeasibleError, match="interval 0"):
        wfmkit.backlog_staffing(_week(), targets=[(1.0, 240)], clock="calendar", opening_hours="08:00-18:00")


def test_requirements_staffs_a_backlog_forecast():
    # The same forecast through `requirements(backlog=...)` (the job's path) and
    # `backlog_staffing`: whole agents are the fluid plan rounded up (tolerance 1e-6 on the
    # fluid), grossed up by 30% shrinkage; nothing required while closed.
    week = _week(15)
    req = wfmkit.requirements(week, shrinkage=0.3, backlog={
        "targets": [(0.9, 240), (1.0, 480)], "opening_hours": {"daily": "08:00-18:00", "sun": "10:00-14:00"}})
    direct = wfmkit.backlog_staffing(week, targets=[(0.9, 240), (1.0, 480)],
                                     opening_hours={**{d: "08:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri",
                                                                                   "sat")}, "sun": "10:00-14:00"})
    want = np.ceil(direct.frame["agents"].to_numpy() - 1e-6).clip(0)
    assert np.array_equal(req["agents"].to_numpy(), want)
    assert np.array_equal(req["agents_gross"].to_numpy(), np.ceil(want / 0.7 - 1e-9))
    assert req.filter(~pl.Series(direct.frame["open"]) & (pl.col("agents") > 0)).height == 0
    assert ((req["service_level"] >= 0) & (req["service_level"] <= 1)).all()
    with pytest.raises(wfmkit.InvalidInputError, match="service_level.*backlog"):
        wfmkit.requirements(week, service_level=0.8, backlog={"targets": [(1.0, 240)]})
    with pytest.raises(wfmkit.InvalidInputError, match="opening_hours"):
        wfmkit.requirements(week, backlog={"targets": [(1.0, 240)], "opening_hours": {"moon": "08:00-18:00"}})
