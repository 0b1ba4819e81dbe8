"""wfmkit.schedule from Python: the MSD benchmark optimum recomputed from the shifts frame, breaks
in the activities frame, projected service against an independent mpmath Erlang C, and bad input
named by template and field."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

import wfmkit
from conftest import DATA
from staffing_reference import erlang_c as mp_erlang_c

MONDAY = dt.datetime(2024, 1, 1)


def load_dzn(path):
    kv = {}
    for stmt in path.read_text().split(";"):
        if "=" in stmt:
            k, v = stmt.split("=", 1)
            kv[k.strip()] = v.strip()
    ints = lambda s: [int(x) for x in s.strip("[]").split(",") if x.strip()]  # noqa: E731
    return int(kv["interval"]), ints(kv["demand"]), list(
        zip(ints(kv["minStart"]), ints(kv["maxStart"]), ints(kv["minLength"]), ints(kv["maxLength"]))
    )


def test_msd_random_example_1_reaches_480_recomputed_from_the_shifts_frame():
    """RandomExample1 (hourly): published optimum 480 (Di Gaspero et al., Annals of OR 155, 2007).
    The MSD objective is recomputed here from the shifts frame. Tolerance: exact."""
    slot, demand, types = load_dzn(DATA / "msd_dbai_dzn" / "DataSet1" / "RandomExample1.dzn")
    n = len(demand)
    req = pl.DataFrame(
        {
            "interval_start": [MONDAY + dt.timedelta(minutes=slot * i) for i in range(n)],
            "agents": [float(d) for d in demand],
        }
    )
    templates = [
        wfmkit.ShiftTemplate(
            name,
            dt.time(s0 * slot // 60, s0 * slot % 60),
            dt.time(s1 * slot // 60, s1 * slot % 60),
            l0 * slot,
            l1 * slot,
            cost_per_min=0.0,
        )
        for name, (s0, s1, l0, l1) in zip("MDAN", types)
    ]
    plan = wfmkit.schedule(req, templates, under_cost=1.0, over_cost=1.0, pattern_cost=slot, cyclic=True)
    assert plan.status == "optimal"
    on = [0] * n
    patterns = set()
    for row in plan.shifts.iter_rows(named=True):
        first = int((row["start"] - MONDAY).total_seconds() // 60 // slot)
        for k in range(first, first + row["length_min"] // slot):
            on[k % n] += row["count"]
        patterns.add((row["start"].time(), row["length_min"]))
    objective = slot * sum(abs(a - d) for a, d in zip(on, demand)) + slot * len(patterns)
    assert objective == 480
    assert plan.objective == pytest.approx(480, abs=1e-9)
    assert plan.costs.patterns_used == len(patterns)
    assert plan.coverage["scheduled"].to_list() == on


def day_requirement(agents, start=dt.datetime(2024, 1, 1, 8, 0), minutes=30, **extra):
    return pl.DataFrame(
        {
            "interval_start": [start + dt.timedelta(minutes=minutes * i) for i in range(len(agents))],
            "agents": [float(a) for a in agents],
            **extra,
        }
    )


def test_breaks_are_in_their_windows_and_coverage_counts_them():
    """Two break rules (paid break, unpaid lunch); every break in the activities frame lies in its
    window, paid minutes drop the lunch, and coverage recomputed from shifts and activities equals
    the plan's. Tolerance: exact (integer counts)."""
    need = [3, 5, 6, 6, 7, 7, 6, 6, 6, 7, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2]
    req = day_requirement(need)
    full = wfmkit.ShiftTemplate(
        "full",
        "08:00",
        dt.time(10, 0),
        480,
        510,
        breaks=(
            wfmkit.BreakRule(30, 60, 150, paid=True),
            wfmkit.BreakRule(60, 180, 300, name="lunch"),
        ),
    )
    plan = wfmkit.schedule(req, [full], under_cost=5.0, over_cost=0.5)
    assert plan.status == "optimal"
    acts = plan.activities
    assert set(acts["kind"].to_list()) == {"break", "lunch"}
    on = [0] * len(need)
    t0 = req["interval_start"][0]
    slot = lambda t: int((t - t0).total_seconds() // 1800)  # noqa: E731
    for i, row in enumerate(plan.shifts.iter_rows(named=True)):
        mine = acts.filter(pl.col("shift_row") == i)
        assert mine.height == 2
        assert row["break_starts"] == "; ".join(
            f"{b['start']:%Y-%m-%dT%H:%M} {b['kind']}" for b in mine.iter_rows(named=True)
        )
        unpaid = 0
        for b in mine.iter_rows(named=True):
            after = (b["start"] - row["start"]).total_seconds() / 60
            lo, hi = (60, 150) if b["kind"] == "break" else (180, 300)
            assert lo <= after <= hi
            assert b["count"] == row["count"]
            if not b["paid"]:
                unpaid += (b["end"] - b["start"]).total_seconds() / 60
            for k in range(slot(b["start"]), min(slot(b["end"]), len(need))):
                on[k] -= row["count"]
        assert row["paid_minutes"] == row["length_min"] - unpaid == row["length_min"] - 60
        for k in range(slot(row["start"]), min(slot(row["end"]), len(need))):
            on[k] += row["count"]
    assert plan.coverage["scheduled"].to_list() == on
    paid = sum(r["count"] * r["paid_minutes"] for r in plan.shifts.iter_rows(named=True))
    assert plan.costs.paid == pytest.approx(paid, abs=1e-9)


def test_projected_service_matches_mpmath_erlang_c():
    """A requirement with volume and AHT: coverage's projected SL and ASA equal an independent
    60-digit Erlang C (tests/python/staffing_reference.py) for the scheduled agents, within 1e-9;
    with no under-cover every interval meets the 80/20 target the requirement was sized for."""
    vols = [20, 40, 60, 80, 90, 90, 80, 70, 60, 60, 70, 80, 90, 80, 60, 40]
    fc = pl.DataFrame(
        {
            "interval_start": [dt.datetime(2024, 1, 1, 8) + dt.timedelta(minutes=30 * i) for i in range(len(vols))],
            "volume": [float(v) for v in vols],
            "aht_s": [240.0] * len(vols),
        }
    )
    req = wfmkit.requirements(fc, service_level=0.8, answer_within_s=20.0)
    tpl = {"name": "four", "earliest_start": "08:00", "latest_start": "12:00", "min_length_min": 240, "max_length_min": 240}
    plan = wfmkit.schedule(req, [tpl], under_cost=100.0, answer_within_s=20.0)
    cov = plan.coverage
    assert {"service_level", "asa_s", "net_agents"} <= set(cov.columns)
    assert cov["short"].sum() == 0
    for n, v, sl, asa in zip(cov["scheduled"], vols, cov["service_level"], cov["asa_s"]):
        load = v * 240.0 / 1800.0
        _, ref_sl, ref_asa = mp_erlang_c(n, load, 240.0, 20.0)
        assert sl == pytest.approx(float(ref_sl), abs=1e-9)
        assert asa == pytest.approx(float(ref_asa), rel=1e-9)
        assert sl >= 0.8
    # With shrinkage 0.3, net agents are floor(scheduled * 0.7).
    plan2 = wfmkit.schedule(req, [tpl], under_cost=100.0, projection_shrinkage=0.3)
    assert plan2.coverage["net_agents"].to_list() == [int(s * 0.7 + 1e-9) for s in plan2.coverage["scheduled"]]


def test_pattern_cost_reduces_distinct_shifts():
    """A larger pattern cost never uses more distinct (start, length) pairs: for optima x1, x2 at
    costs c1 < c2, adding f1 + c1 P1 <= f2 + c1 P2 and f2 + c2 P2 <= f1 + c2 P1 gives
    (c2 - c1)(P2 - P1) <= 0. Exact (integer counts)."""
    need = [2, 4, 6, 5, 7, 8, 6, 5, 6, 7, 5, 3, 4, 6, 5, 3, 2, 2, 1, 1]
    req = day_requirement(need)
    tpl = wfmkit.ShiftTemplate("flex", "08:00", "14:00", 240, 420, length_step_min=60)
    used = [
        wfmkit.schedule(req, [tpl], under_cost=10.0, over_cost=1.0, pattern_cost=c).costs.patterns_used
        for c in (0.0, 200.0, 2000.0)
    ]
    assert used[0] >= used[1] >= used[2] >= 1
    assert used[0] > used[2]  # 8 patterns free, 1 at 2000 each on this instance


def test_same_seed_same_plan():
    need = [2, 4, 6, 5, 7, 8, 6, 5, 6, 7, 5, 3, 4, 6, 5, 3, 2, 2, 1, 1]
    tpl = wfmkit.ShiftTemplate("flex", "08:00", "14:00", 240, 420, breaks=[wfmkit.BreakRule(30, 60, 150)])
    a = wfmkit.schedule(day_requirement(need), [tpl], pattern_cost=50.0, seed=3)
    b = wfmkit.schedule(day_requirement(need), [tpl], pattern_cost=50.0, seed=3)
    assert a.shifts.equals(b.shifts) and a.activities.equals(b.activities) and a.objective == b.objective


@pytest.mark.parametrize(
    "template, match",
    [
        (wfmkit.ShiftTemplate("x", "10:00", "09:00", 240, 240), "shift template `x`: `latest_start`"),
        (wfmkit.ShiftTemplate("x", "08:00", "09:00", 300, 240), "shift template `x`: `max_length_min`"),
        (wfmkit.ShiftTemplate("x", "08:00", "09:00", 240, 240, start_step_min=20), "`start_step_min` = 20 min is not a multiple"),
        (wfmkit.ShiftTemplate("x", "08:00", "09:00", 250, 250), "`min_length_min` = 250 min is not a multiple"),
        (
            wfmkit.ShiftTemplate("x", "08:00", "09:00", 240, 300, breaks=[wfmkit.BreakRule(60, 60, 210)]),
            "`breaks.latest_after_start_min`.*does not fit inside the shortest shift",
        ),
        (wfmkit.ShiftTemplate("x", "08:00", "09:00", 240, 240, cost_per_min=-1.0), "`cost_per_min`"),
        (wfmkit.ShiftTemplate("x", 8, "09:00", 240, 240), "shift template `x`: `earliest_start` must be"),
    ],
)
def test_bad_templates_are_named(template, match):
    with pytest.raises(wfmkit.InvalidInputError, match=match):
        wfmkit.schedule(day_requirement([2] * 20), [template])


def test_bad_options_and_requirements_are_named():
    tpl = wfmkit.ShiftTemplate("x", "08:00", "09:00", 240, 240)
    with pytest.raises(wfmkit.InvalidInputError, match="`pattern_cost` = -1"):
        wfmkit.schedule(day_requirement([2] * 20), [tpl], pattern_cost=-1.0)
    with pytest.raises(wfmkit.InvalidInputError, match="did you mean `pattern_cost`"):
        wfmkit.schedule(day_requirement([2] * 20), [tpl], patern_cost=1.0)
    gap = day_requirement([2] * 20).filter(pl.col("interval_start") != dt.datetime(2024, 1, 1, 10, 0))
    with pytest.raises(wfmkit.InvalidInputError, match=re.escape("row 5")):
        wfmkit.schedule(gap, [tpl])


def test_hard_coverage_names_the_interval_and_the_rule():
    """Hard rules from Python: an interval no template reaches raises InfeasibleError naming its
    row and time; a max_per_day limit below the requirement names the template; a microsecond
    limit before any plan raises TimeLimitError. Expected rows worked out from the inputs: the
    requirement starts at 06:00 hourly, so 06:00 is row 1 and 08:00 row 3."""

    def hourly(need):
        return day_requirement(need, start=dt.datetime(2024, 1, 1, 6, 0), minutes=60)

    need = [1, 0, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    day = wfmkit.ShiftTemplate("day", "08:00", "08:00", 480, 480)
    with pytest.raises(wfmkit.InfeasibleError, match=re.escape("row 1 (2024-01-01 06:00:00)")) as info:
        wfmkit.schedule(hourly(need), [day], hard_coverage=True)
    # The exception carries the Rust error's fields, as the README promises.
    assert (info.value.row, info.value.interval) == (1, "2024-01-01 06:00:00")
    need[0] = 0
    capped = wfmkit.ShiftTemplate("day", "08:00", "08:00", 480, 480, max_per_day=2)
    with pytest.raises(wfmkit.InfeasibleError, match=re.escape("row 3 (2024-01-01 08:00:00)") + ".*`day` \\(max_per_day 2\\)"):
        wfmkit.schedule(hourly(need), [capped], hard_coverage=True)
    # Feasible once a dearer template takes the third agent: 2 x 480 + 1 x 480 x 3 = 2400.
    extra = wfmkit.ShiftTemplate("extra", "08:00", "08:00", 480, 480, cost_per_min=3.0)
    plan = wfmkit.schedule(hourly(need), [capped, extra], hard_coverage=True)
    assert plan.status == "optimal" and plan.objective == 2400.0
    assert plan.coverage["short"].sum() == 0
    week = [float(3 + (i % 96 > 32)) for i in range(7 * 96)]
    req = pl.DataFrame(
        {"interval_start": [MONDAY + dt.timedelta(minutes=15 * i) for i in range(len(week))], "agents": week}
    )
    anytime = wfmkit.ShiftTemplate("any", "00:00", "23:45", 360, 540, breaks=[wfmkit.BreakRule(30, 120, 300)])
    with pytest.raises(wfmkit.TimeLimitError):
        wfmkit.schedule(req, [anytime], hard_coverage=True, cyclic=True, time_limit_s=1e-6)
