"""Tests of the independent Curtois & Qu roster checker (benches/curtois_check.py).

The checker is pure standard-library Python and shares no code with wfmkit or with any model; these
tests check the checker itself:

* a tiny hand-written instance (TINY) with a valid roster, and one hand-built roster per hard rule
  that breaks that rule once and nothing else;
* the README's boundary convention (min-consecutive blocks touching day 0 or day H-1 are exempt);
* the published optima of Instances 1-3 (607, 828, 1001; data/curtois_shift_scheduling/README.md)
  recomputed from stored rosters in tests/python/data/curtois/InstanceK_optimal.csv.  Those rosters
  come from the highspy compact-MILP replica benches/curtois_highspy.py (HiGHS 1.16.0, one thread,
  status Optimal), were verified by this checker (0 violations), and their recomputed objectives
  equal the published optima.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "benches" / "curtois_check.py"
INSTANCES = ROOT / "data" / "curtois_shift_scheduling"
FIXTURES = Path(__file__).resolve().parent / "data" / "curtois"

_spec = importlib.util.spec_from_file_location("curtois_check", CHECKER)
cc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cc)

# One employee, two weeks (Mon..Sun twice: weekends are days 5,6 and 12,13).
# Shifts: E and L of 480 min (L cannot be followed by E), N of 600 min.
# A: L at most 3, 2400..4500 minutes (5..9 shifts of 480), 2..4 consecutive shifts,
#    at least 2 consecutive days off, at most 1 weekend, day 4 off.
TINY = """\
# tiny test instance
SECTION_HORIZON
14

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E
N,600,

SECTION_STAFF
A,E=14|L=3|N=14,4500,2400,4,2,2,1

SECTION_DAYS_OFF
A,4

SECTION_SHIFT_ON_REQUESTS
A,0,E,2

SECTION_SHIFT_OFF_REQUESTS
A,1,L,3

SECTION_COVER
""" + "".join(f"{d},E,1,100,1\n{d},L,0,100,1\n{d},N,0,100,1\n" for d in range(14))


def roster(spec: dict[int, str], employee: str = "A"):
    """{day: shift or 'S1|S2'} -> list of (employee, day, shift)."""
    out = []
    for d, ss in sorted(spec.items()):
        for s in ss.split("|"):
            out.append((employee, d, s))
    return out


# work 0-3, off 4-6 (4 is the day off), work 7-8, off 9-10, work 11-13 (L on 13): 9 shifts, 4320 min,
# weekend 1 worked only.
VALID = {0: "E", 1: "E", 2: "E", 3: "E", 7: "E", 8: "E", 11: "E", 12: "E", 13: "L"}


def changed(drop=(), **set_days):
    spec = {d: s for d, s in VALID.items() if d not in drop}
    spec.update({int(k[1:]): v for k, v in set_days.items()})
    return spec


@pytest.fixture(scope="module")
def tiny():
    return cc.parse_instance_text(TINY)


def rules(violations):
    return sorted(v["rule"] for v in violations)


def test_parse_tiny(tiny):
    assert tiny["horizon"] == 14
    assert list(tiny["shifts"]) == ["E", "L", "N"]
    assert tiny["shifts"]["L"]["cannot_follow"] == ["E"]
    a = tiny["staff"]["A"]
    assert a["max_shifts"] == {"E": 14, "L": 3, "N": 14}
    assert (a["max_total_minutes"], a["min_total_minutes"]) == (4500, 2400)
    assert (a["max_consecutive_shifts"], a["min_consecutive_shifts"]) == (4, 2)
    assert (a["min_consecutive_days_off"], a["max_weekends"]) == (2, 1)
    assert tiny["days_off"]["A"] == {4}
    assert tiny["shift_on"] == [("A", 0, "E", 2)]
    assert tiny["shift_off"] == [("A", 1, "L", 3)]
    assert len(tiny["cover"]) == 42


def test_valid_roster(tiny):
    obj, viol = cc.check(tiny, roster(VALID))
    assert viol == []
    # E short on days 4,5,6,9,10,13 (6 x 100) + L over on day 13 (1); both requests satisfied.
    assert obj == 601


def test_objective_requests_and_cover(tiny):
    # drop day 0: shift-on request A,0,E (2) refused and E short on day 0 (100).
    obj, viol = cc.check(tiny, roster(changed(drop=[0])))
    assert viol == []
    assert obj == 601 + 100 + 2
    # N instead of E on day 1: shift-off request (L) not hit, E short (100) and N over (1) on day 1.
    obj, viol = cc.check(tiny, roster(changed(d1="N")))
    assert viol == []
    assert obj == 601 + 100 + 1
    # shift-off request A,1,L hit: day 0 off, L on days 1-3 (L->L is allowed, day 4 is off),
    # E instead of L on day 13 (L count 3 = max).
    spec = changed(drop=[0], d1="L", d2="L", d3="L", d13="E")
    obj, viol = cc.check(tiny, roster(spec))
    assert viol == []
    # E short on days 0..6, 9, 10 (9 x 100), L over on 1,2,3 (3), on-request refused (2), off-request hit (3)
    assert obj == 900 + 3 + 2 + 3


@pytest.mark.parametrize(
    "name, spec, rule, day",
    [
        # two shifts on day 12 (day 11 dropped so the totals stay unchanged)
        ("one_shift_per_day", changed(drop=[11], d12="E|L"), "one_shift_per_day", 12),
        # work on the day off (day 4) instead of day 0: block 1-4, day 0 off touches the start
        ("days_off", changed(drop=[0], d4="E"), "days_off", 4),
        # four L shifts (max 3): days 8, 11, 12, 13
        ("max_shifts", changed(d8="L", d11="L", d12="L"), "max_shifts", None),
        # two N shifts: 7 x 480 + 2 x 600 = 4560 > 4500
        ("max_total_minutes", changed(d0="N", d1="N"), "max_total_minutes", None),
        # only days 0-3: 1920 < 2400
        ("min_total_minutes", changed(drop=[7, 8, 11, 12, 13]), "min_total_minutes", None),
        # block 7-11 of five shifts (max 4), days 12-13 off
        ("max_consecutive_shifts", changed(drop=[12, 13], d9="E", d10="E"), "max_consecutive_shifts", 7),
        # single shift on day 7 inside the horizon (min 2)
        ("min_consecutive_shifts", changed(drop=[8]), "min_consecutive_shifts", 7),
        # single day off (10) inside the horizon (min 2); day 3 dropped to keep the minutes
        ("min_consecutive_days_off", changed(drop=[3], d9="E"), "min_consecutive_days_off", 10),
        # both weekends: off 0-4, work 5-8, off 9-10, work 11-13
        ("max_weekends", changed(drop=[0, 1, 2, 3], d5="E", d6="E"), "max_weekends", 5),
        # L on day 0 then E on day 1
        ("forbidden_succession", changed(d0="L"), "forbidden_succession", 0),
    ],
)
def test_each_rule_once(tiny, name, spec, rule, day):
    obj, viol = cc.check(tiny, roster(spec))
    assert rules(viol) == [rule], viol
    assert viol[0]["employee"] == "A"
    assert viol[0]["day"] == day


def test_unknown_rows(tiny):
    bad = roster(VALID) + [("Z", 3, "E"), ("A", 14, "E"), ("A", 5, "X")]
    obj, viol = cc.check(tiny, bad)
    assert rules(viol) == ["unknown"] * 3
    assert obj == 601  # unknown rows are ignored by the objective


def test_boundary_convention(tiny):
    # a single shift on day 0 touches the start: exempt from MinConsecutiveShifts
    obj, viol = cc.check(tiny, roster(changed(drop=[1, 2, 3])))
    assert viol == []
    # a single day off on day 13 touches the end: exempt from MinConsecutiveDaysOff
    obj, viol = cc.check(tiny, roster(changed(drop=[13])))
    assert viol == []
    # a single shift on day 13 touches the end: exempt (days 9-12 off)
    obj, viol = cc.check(tiny, roster(changed(drop=[11, 12])))
    assert viol == []
    # a single day off on day 0 touches the start: exempt
    obj, viol = cc.check(tiny, roster(changed(drop=[0])))
    assert viol == []


def test_parse_instance1():
    inst = cc.parse_instance(INSTANCES / "Instance1.txt")
    assert inst["horizon"] == 14
    assert list(inst["shifts"]) == ["D"]
    assert len(inst["staff"]) == 8
    assert inst["staff"]["A"]["max_shifts"] == {"D": 14}
    assert inst["days_off"]["A"] == {0}
    assert len(inst["shift_on"]) == 21 and len(inst["shift_off"]) == 5
    assert inst["cover"][(1, "D")] == {"requirement": 7, "w_under": 100, "w_over": 1}


def test_empty_roster_instance1():
    inst = cc.parse_instance(INSTANCES / "Instance1.txt")
    obj, viol = cc.check(inst, [])
    # every employee is below MinTotalMinutes; nothing else is broken
    assert rules(viol) == ["min_total_minutes"] * 8
    # all cover missing (71 shifts x 100) + all 21 shift-on requests refused (weights sum 37)
    assert sum(c["requirement"] for c in inst["cover"].values()) == 71
    assert obj == 71 * 100 + 37


@pytest.mark.parametrize("k, optimum", [(1, 607), (2, 828), (3, 1001)])
def test_published_optima(k, optimum):
    inst = cc.parse_instance(INSTANCES / f"Instance{k}.txt")
    obj, viol = cc.check(inst, cc.read_roster(FIXTURES / f"Instance{k}_optimal.csv"))
    assert viol == []
    assert obj == optimum


@pytest.mark.parametrize("k, optimum", [(1, 607), (2, 828), (3, 1001)])
def test_single_cell_changes_are_judged(k, optimum):
    # removing any one shift from an optimal roster can only keep or raise the objective,
    # or break a hard rule: the checker must never report a better valid roster than the optimum.
    inst = cc.parse_instance(INSTANCES / f"Instance{k}.txt")
    base = cc.read_roster(FIXTURES / f"Instance{k}_optimal.csv")
    for i in range(len(base)):
        obj, viol = cc.check(inst, base[:i] + base[i + 1:])
        assert viol or obj >= optimum


def test_cli_exit_codes(tmp_path):
    inst = tmp_path / "tiny.txt"
    inst.write_text(TINY)
    good = tmp_path / "good.csv"
    good.write_text("employee,day,shift\n" + "".join(f"A,{d},{s}\n" for _, d, s in roster(VALID)))
    bad = tmp_path / "bad.csv"
    bad.write_text("employee,day,shift\n" + "".join(f"A,{d},{s}\n" for _, d, s in roster(changed(d0="L"))))
    r = subprocess.run([sys.executable, str(CHECKER), str(inst), str(good)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "objective 601" in r.stdout
    r = subprocess.run([sys.executable, str(CHECKER), str(inst), str(bad)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "employee=A day=0 rule=forbidden_succession" in r.stdout
