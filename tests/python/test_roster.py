"""wfmkit.roster and wfmkit.roster_per_shift through the Python API.

Expected values come from outside wfmkit:

* Curtois & Qu Instance 1: the published optimum 607 (data/curtois_shift_scheduling/README.md),
  with the objective and every hard rule recomputed from the returned roster by the standard-library
  checker benches/curtois_check.py (no shared code). Tolerance: exact (integer objective).
* The interval form: cover, cost and every contract rule are recomputed here, in plain Python, from
  the returned ``activities`` and ``shifts`` frames alone (not from wfmkit's coverage or costs).
  Tolerance 1e-6 on costs (sums of integers times 0.5-minute multiples).
* The anonymous shift-design optimum bounds the roster's cover-plus-paid cost (named agents only add
  rules), so ``design.objective <= under + over + paid`` must hold to 1e-6.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

import wfmkit as w

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("curtois_bench", ROOT / "benches" / "curtois.py")
cb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cb)

T0 = dt.datetime(2024, 1, 1)  # a Monday
INTERVAL_MIN = 30


def _requirement(weeks: int = 1) -> pl.DataFrame:
    n = 48 * 7 * weeks
    ts = [T0 + dt.timedelta(minutes=INTERVAL_MIN * i) for i in range(n)]
    need = []
    for i in range(n):
        slot, day = i % 48, (i // 48) % 7
        base = 4 if 16 <= slot < 36 else (2 if 14 <= slot < 42 else 0)
        need.append(base - (1 if day >= 5 and base else 0))
    return pl.DataFrame({"interval_start": ts, "agents_gross": need})


TEMPLATES = [
    w.ShiftTemplate("full", "07:00", "12:00", 510, 510, start_step_min=60,
                    breaks=[w.BreakRule(30, 180, 300, name="lunch"), w.BreakRule(30, 360, 420, paid=True)]),
    w.ShiftTemplate("part", "08:00", "16:00", 240, 240, start_step_min=60),
]
FT = w.Contract("ft", min_days_per_week=4, max_days_per_week=5, shifts=["full"], min_rest_min=660,
                max_consecutive_days=5)
PT = w.Contract("pt", max_days_per_week=4, shifts=["part"], min_rest_min=660)


def _agents():
    out = []
    for i in range(10):
        out.append(w.Agent(f"F{i:02d}", "ft", days_off=["2024-01-03"] if i == 0 else ()))
    for i in range(4):
        out.append(w.Agent(f"P{i:02d}", "pt", availability=[(d, "08:00", "20:00") for d in ("Mon", "Tue", "Thu", "Fri", "Sat")],
                           requests=[("2024-01-06", "day_off", None, 20.0)] if i == 0 else ()))
    return out


@pytest.fixture(scope="module")
def rostered():
    return w.roster(_requirement(), TEMPLATES, _agents(), [FT, PT], under_cost=10.0, time_limit_s=60)


def test_curtois_instance1_optimum_recomputed_by_the_independent_checker():
    inst, rows, r = cb.run(ROOT / "data" / "curtois_shift_scheduling" / "Instance1.txt", 60.0)
    objective, violations = cb.cc.check(inst, rows)
    assert violations == []
    assert objective == 607  # published optimum
    assert r.objective == pytest.approx(607, abs=1e-6)
    assert r.status == "optimal" and r.gap <= 1e-4
    assert set(r.shift_coverage.columns) == {"date", "shift", "required", "scheduled"}


def test_price_and_branch_proves_curtois_instance4_recomputed_by_the_independent_checker():
    # Instance 4's published optimum is 1716 (proven; the column-generation lower bound 1716 in
    # data/curtois_shift_scheduling/README.md). Price-and-branch's bound must reach it; the
    # objective and every hard rule are recomputed by benches/curtois_check.py. Exact.
    inst, rows, r = cb.run(ROOT / "data" / "curtois_shift_scheduling" / "Instance4.txt", 60.0,
                           method="price_and_branch")
    objective, violations = cb.cc.check(inst, rows)
    assert violations == []
    assert objective == 1716
    assert r.objective == pytest.approx(1716, abs=1e-6)
    assert r.bound == pytest.approx(1716, abs=1e-6) and r.status == "optimal"
    cg = r.column_generation
    assert cg is not None and cg.converged and cg.columns > 0 and cg.lp == pytest.approx(1716, abs=1e-6)


def test_unknown_method_is_named():
    with pytest.raises(w.InvalidInputError, match="branch_and_cut"):
        w.roster(_requirement(), TEMPLATES, _agents(), [FT, PT], method="branch_and_cut")


def test_interval_roster_cover_and_costs_recomputed_from_activities(rostered):
    r = rostered
    req = _requirement()
    # Cover: agents in `work` activities per interval, counted from the activities frame alone.
    on = defaultdict(int)
    for start, end, kind in r.activities.select("start", "end", "kind").iter_rows():
        if kind != "work":
            continue
        t = start
        while t < end:
            on[t] += 1
            t += dt.timedelta(minutes=INTERVAL_MIN)
    need = dict(req.iter_rows())
    scheduled = {t: on.get(t, 0) for t in need}
    cov = dict(r.coverage.select("interval_start", "scheduled").iter_rows())
    assert cov == scheduled
    under = sum(max(need[t] - scheduled[t], 0) for t in need) * INTERVAL_MIN * 10.0
    over = sum(max(scheduled[t] - need[t], 0) for t in need) * INTERVAL_MIN * 0.0
    paid = float(r.shifts["paid_minutes"].sum())
    # The paid minutes themselves: length less the unpaid breaks, from the activities.
    unpaid = r.activities.filter(~pl.col("paid")).with_columns(m=(pl.col("end") - pl.col("start")).dt.total_minutes())
    length = r.shifts.with_columns(m=(pl.col("end") - pl.col("start")).dt.total_minutes())["m"].sum()
    assert paid == length - unpaid["m"].sum()
    requests = 20.0 * r.shifts.filter((pl.col("agent_id") == "P00") & (pl.col("date") == dt.date(2024, 1, 6))).height
    assert r.costs.under == pytest.approx(under, abs=1e-6)
    assert r.costs.paid == pytest.approx(paid, abs=1e-6)
    assert r.costs.requests == pytest.approx(requests, abs=1e-6)
    assert r.objective == pytest.approx(under + over + paid + requests, abs=1e-6)
    # The anonymous design bounds cover + paid; the reported bound is below the objective.
    assert r.design is not None
    assert r.design.objective <= r.costs.under + r.costs.over + r.costs.paid + 1e-6
    assert r.bound <= r.objective + 1e-6 and 0.0 <= r.gap <= 1.0
    # The linear relaxation over every shift bounds the roster and is part of the bound.
    assert r.relaxation_bound is not None and r.relaxation_bound <= r.objective + 1e-6
    assert r.bound >= r.relaxation_bound - 1e-6


def test_interval_roster_keeps_every_contract_rule(rostered):
    r = rostered
    by_agent = defaultdict(list)
    for a, d, s, start, end in r.shifts.select("agent_id", "date", "shift", "start", "end").iter_rows():
        by_agent[a].append((d, s, start, end))
    for a, rows in by_agent.items():
        dates = [d for d, *_ in rows]
        assert len(dates) == len(set(dates)), f"{a}: two shifts on a day"
        rows.sort()
        ft = a.startswith("F")
        assert len(rows) <= (5 if ft else 4)
        if ft:
            assert len(rows) >= 4, f"{a}: min 4 days"
            assert all(s.startswith("full") for _, s, *_ in rows)
        else:
            assert all(s.startswith("part") for _, s, *_ in rows)
            for d, s, start, end in rows:
                assert d.strftime("%a") in ("Mon", "Tue", "Thu", "Fri", "Sat")
                assert start.time() >= dt.time(8) and end <= dt.datetime.combine(d, dt.time(20))
        for (_, _, _, e1), (_, _, s2, _) in zip(rows, rows[1:]):
            assert s2 - e1 >= dt.timedelta(minutes=660), f"{a}: rest"
    assert dt.date(2024, 1, 3) not in [d for d, *_ in by_agent["F00"]]
    # Breaks inside each shift, at the template's windows.
    lunches = r.activities.filter(pl.col("kind") == "lunch")
    assert lunches.height == r.shifts.filter(pl.col("shift").str.starts_with("full")).height
    summary = r.summary.sort("agent_id")
    days = r.shifts.group_by("agent_id").len().sort("agent_id")
    assert dict(days.iter_rows()) == {k: v for k, v in summary.select("agent_id", "days").iter_rows() if v}


def test_agents_as_a_frame_give_the_same_roster(rostered):
    frame = pl.DataFrame({"agent_id": [a.agent_id for a in _agents()], "contract": [a.contract for a in _agents()]})
    leave = pl.DataFrame({"agent_id": ["F00"], "date": [dt.date(2024, 1, 3)]})
    avail = pl.DataFrame(
        [(f"P{i:02d}", d, "08:00", "20:00") for i in range(4) for d in ("Mon", "Tue", "Thu", "Fri", "Sat")],
        schema=["agent_id", "weekday", "from", "to"], orient="row",
    )
    reqs = pl.DataFrame({"agent_id": ["P00"], "date": ["2024-01-06"], "kind": ["day_off"], "shift": [None], "weight": [20.0]})
    r = w.roster(_requirement(), TEMPLATES, frame, [FT, PT], leave=leave, availability=avail, requests=reqs, time_limit_s=60)
    assert r.objective == pytest.approx(rostered.objective, abs=1e-6)
    assert r.shifts.equals(rostered.shifts)


def test_fairness_weight_narrows_the_weekend_spread():
    agents = [w.Agent(f"F{i}", "ft") for i in range(10)]
    c = w.Contract("ft", max_days_per_week=5, shifts=["full"])
    kw = dict(time_limit_s=60)
    plain = w.roster(_requirement(2), TEMPLATES[:1], agents, [c], **kw)
    fair = w.roster(_requirement(2), TEMPLATES[:1], agents, [c], fairness_weight=50.0, **kw)
    spread = lambda r: r.summary["weekends"].max() - r.summary["weekends"].min()  # noqa: E731
    assert spread(fair) <= spread(plain)
    assert spread(fair) <= 1
    assert fair.costs.fairness == pytest.approx(50.0 * (spread(fair) + 0), abs=1e-6)


@pytest.mark.parametrize(
    "agents,contracts,needle",
    [
        ([w.Agent("a", "ft"), w.Agent("a", "ft")], [FT], "a"),
        ([w.Agent("a", "nope")], [FT], "nope"),
        ([w.Agent("a", "ft", requests=[("2030-01-01", "day_off", None, 1.0)])], [FT], "2030-01-01"),
        ([w.Agent("a", "ft", availability=[("Mon", "08:00", "12:00"), ("Mon", "10:00", "14:00")])], [FT], "overlaps"),
        ([w.Agent("a", "ft")], [w.Contract("ft", min_minutes=600, max_minutes=300)], "min_minutes"),
        ([w.Agent("a", "ft", locked=[("2024-01-02", "nope 07:00-15:30")])], [FT], "nope"),
    ],
)
def test_bad_input_names_the_agent_or_field(agents, contracts, needle):
    with pytest.raises(w.InvalidInputError, match=needle):
        w.roster(_requirement(), TEMPLATES, agents, contracts)


def test_bad_tables_name_the_row():
    frame = pl.DataFrame({"agent_id": ["a"], "contract": ["ft"]})
    with pytest.raises(w.InvalidInputError, match=r"leave.agent_id.*row 1.*zz"):
        w.roster(_requirement(), TEMPLATES, frame, [FT], leave=pl.DataFrame({"agent_id": ["zz"], "date": ["2024-01-02"]}))
    with pytest.raises(w.InvalidInputError, match=r"requests.kind.*row 2"):
        w.roster(_requirement(), TEMPLATES, frame, [FT], requests=pl.DataFrame(
            {"agent_id": ["a", "a"], "date": ["2024-01-02"] * 2, "kind": ["day_off", "holiday"], "weight": [1.0, 1.0]}))
    with pytest.raises(w.InvalidInputError, match="unknown keyword `fairnes_weight`"):
        w.roster(_requirement(), TEMPLATES, frame, [FT], fairnes_weight=1.0)


def test_rules_that_cannot_hold_name_agent_and_rule():
    leave = [f"2024-01-0{d}" for d in (1, 2, 3, 4)]
    with pytest.raises(w.InfeasibleError, match=r"F9.*min_days_per_week"):
        w.roster(_requirement(), TEMPLATES, [w.Agent("F9", "ft", days_off=leave)], [FT])


def test_preferred_starts_cost_recomputed_from_shifts():
    """Start preferences: F00 must start 11:00-12:00 (weight 1e5, above any cover saving); F01
    would like a Monday start 05:00-06:00, which no template offers, so a Monday worked costs 3.
    The summary's request_cost and starts_off_preference are recomputed here from the shifts."""
    base = _agents()
    agents = [
        w.Agent("F00", "ft", preferred_starts=[(None, "11:00", "12:00", 1e5)]),
        w.Agent("F01", "ft", preferred_starts=[("Mon", "05:00", "06:00", 3.0)]),
        *base[2:],
    ]
    r = w.roster(_requirement(), TEMPLATES, agents, [FT, PT], time_limit_s=60)
    s = r.shifts.with_columns(pl.col("start").dt.time().alias("t"), pl.col("date").dt.weekday().alias("wd"))
    f00 = s.filter(pl.col("agent_id") == "F00")
    assert f00.height >= 4  # min_days_per_week
    assert all(dt.time(11) <= t <= dt.time(12) for t in f00["t"])
    mondays = s.filter((pl.col("agent_id") == "F01") & (pl.col("wd") == 1)).height
    summary = {row["agent_id"]: row for row in r.summary.iter_rows(named=True)}
    assert summary["F00"]["starts_off_preference"] == 0
    assert summary["F01"]["starts_off_preference"] == mondays
    assert summary["F01"]["request_cost"] == pytest.approx(3.0 * mondays, abs=1e-9)
    # The same agents as a frame with a preferred_starts table give the same roster.
    frame = pl.DataFrame({"agent_id": [a.agent_id for a in agents], "contract": [a.contract for a in agents]})
    prefs = pl.DataFrame(
        {"agent_id": ["F00", "F01"], "weekday": [None, "Mon"], "from": ["11:00", "05:00"], "to": ["12:00", "06:00"],
         "weight": [1e5, 3.0]}
    )
    leave = pl.DataFrame({"agent_id": [], "date": []}, schema={"agent_id": pl.String, "date": pl.Date})
    avail = pl.DataFrame(
        [(f"P{i:02d}", d, "08:00", "20:00") for i in range(4) for d in ("Mon", "Tue", "Thu", "Fri", "Sat")],
        schema=["agent_id", "weekday", "from", "to"], orient="row",
    )
    reqs = pl.DataFrame({"agent_id": ["P00"], "date": ["2024-01-06"], "kind": ["day_off"], "shift": [None], "weight": [20.0]})
    rf = w.roster(_requirement(), TEMPLATES, frame, [FT, PT], leave=leave, availability=avail, requests=reqs,
                  preferred_starts=prefs, time_limit_s=60)
    assert rf.objective == pytest.approx(r.objective, abs=1e-6)
    with pytest.raises(w.InvalidInputError, match=r"preferred_starts.weekday.*row 1"):
        w.roster(_requirement(), TEMPLATES, frame, [FT, PT], preferred_starts=prefs.with_columns(weekday=pl.lit("Funday")))


def test_two_queues_split_recomputed_from_activities():
    """Sales and service on one grid (sales half of each interval's need, rounded down). Agents
    F00-F02 do sales only, F03-F05 service only, the rest both. The least short-fall for the
    agents on duty is, by hand, min(N_s, R_s) + min(N_v, R_v) + min(N_both, what those leave);
    the roster's per-queue cover and costs must equal it, computed here from the activities."""
    base = _requirement()
    sales = base.with_columns((pl.col("agents_gross") // 2).alias("agents_gross"), pl.lit("sales").alias("queue"))
    service = base.with_columns(
        (pl.col("agents_gross") - pl.col("agents_gross") // 2).alias("agents_gross"), pl.lit("service").alias("queue")
    )
    req = pl.concat([sales, service])
    skills = {f"F{i:02d}": ["sales"] for i in range(3)} | {f"F{i:02d}": ["service"] for i in range(3, 6)}
    agents = [w.Agent(a.agent_id, a.contract, days_off=a.days_off, availability=a.availability, requests=a.requests,
                      skills=skills.get(a.agent_id, ())) for a in _agents()]
    r = w.roster(req, TEMPLATES, agents, [FT, PT], under_cost=10.0, time_limit_s=60)
    assert set(r.queue_coverage["queue"].unique()) == {"sales", "service"}
    # Agents on duty per skill set and interval, from the work periods.
    group = lambda a: "sales" if a in skills and skills[a] == ["sales"] else ("service" if a in skills else "both")  # noqa: E731
    on = defaultdict(float)
    for row in r.activities.filter(pl.col("kind") == "work").iter_rows(named=True):
        t = row["start"]
        while t < row["end"]:
            on[(group(row["agent_id"]), t)] += 1
            t += dt.timedelta(minutes=INTERVAL_MIN)
    need = {(row["queue"], row["interval_start"]): row["agents_gross"] for row in req.iter_rows(named=True)}
    short_total = over_total = 0.0
    served = {(row["queue"], row["interval_start"]): row["served"] for row in r.queue_coverage.iter_rows(named=True)}
    for t in base["interval_start"]:
        rs, rv = need[("sales", t)], need[("service", t)]
        ns, nv, nb = on[("sales", t)], on[("service", t)], on[("both", t)]
        useful = min(ns, rs) + min(nv, rv) + min(nb, max(rs - ns, 0) + max(rv - nv, 0))
        short_total += rs + rv - useful
        over_total += ns + nv + nb - useful
        assert served[("sales", t)] + served[("service", t)] == pytest.approx(ns + nv + nb, abs=1e-9)
        got_useful = min(served[("sales", t)], rs) + min(served[("service", t)], rv)
        assert got_useful == pytest.approx(useful, abs=1e-9), t
    assert r.costs.under == pytest.approx(short_total * INTERVAL_MIN * 10.0, abs=1e-6)
    assert r.design is not None and r.design.bound <= r.costs.under + r.costs.over + r.costs.paid + 1e-6
    with pytest.raises(w.InvalidInputError, match=r"skill `sale`.*did you mean `sales`"):
        w.roster(req, TEMPLATES, [w.Agent("a", "ft", skills=["sale"])], [FT])


def test_forbidden_successions_hold_in_the_roster():
    """A contract that forbids a full shift the day after a full shift: no agent works two days
    in a row, checked here from the shifts frame."""
    c = w.Contract("alt", max_days_per_week=5, shifts=["full"], forbidden_successions=[("full", "full")])
    agents = [w.Agent(f"A{i}", "alt") for i in range(12)]
    r = w.roster(_requirement(), TEMPLATES[:1], agents, [c], time_limit_s=60)
    assert r.shifts.height > 0
    for (agent,), g in r.shifts.group_by("agent_id"):
        days = sorted(g["date"])
        assert all((b - a).days >= 2 for a, b in zip(days, days[1:])), (agent, days)
    with pytest.raises(w.InvalidInputError, match=r"forbidden_successions.*`nope`"):
        w.roster(_requirement(), TEMPLATES[:1], agents, [w.Contract("alt", forbidden_successions=[("full", "nope")])])


def test_simulating_a_roster_simulates_its_agents_at_work(rostered):
    """Issue 14, part 4: a roster is simulated on the agents its coverage has at work (breaks
    taken out; that count is recomputed from the activities in
    ``test_interval_roster_cover_and_costs_recomputed_from_activities``): the same numbers, exactly,
    as ``simulate_intervals`` on that count, with patience and the answered definition."""
    import numpy as np

    req = _requirement()
    workload = req.select("interval_start", volume=pl.col("agents_gross") * 15.0, aht_s=pl.lit(240.0))
    sim = w.simulate(rostered, workload, sl_definition="answered", patience="exponential", patience_s=120.0,
                     replications=50, seed=5)
    scheduled = rostered.coverage["scheduled"]
    assert sim.intervals["net_agents"].to_list() == scheduled.to_list()
    direct = w.simulate_intervals(workload["volume"], 240.0, scheduled, interval_min=INTERVAL_MIN,
                                  patience="exponential", patience_s=120.0, replications=50, seed=5)
    for c in ("sl_answered", "abandon_rate", "asa_s"):
        assert np.array_equal(direct.intervals[c].to_numpy(), sim.intervals[c].to_numpy(), equal_nan=True), c
    assert np.array_equal(direct.intervals["sl_answered"].to_numpy(), sim.intervals["service_level"].to_numpy(),
                          equal_nan=True)


def test_roster_results_pickle(rostered):
    """Issue 16: every result object travels between Dask workers. A roster pickles and comes
    back equal, frame by frame (Arrow IPC bytes) and figure by figure."""
    import pickle

    back = pickle.loads(pickle.dumps(rostered))
    for name in ("shifts", "activities", "coverage", "summary"):
        a, b = getattr(rostered, name), getattr(back, name)
        assert a.write_ipc(None).getvalue() == b.write_ipc(None).getvalue(), name
    assert (back.status, back.objective, back.bound, back.gap) == (rostered.status, rostered.objective,
                                                                   rostered.bound, rostered.gap)
    assert back.costs == rostered.costs
