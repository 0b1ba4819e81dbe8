#!/usr/bin/env python3
"""Compact MILP replica for the Curtois & Qu shift-scheduling benchmark, solved with highspy.

Research replica (like the earlier shift-design replica): it is *not* wfmkit and shares no code with
it. It exists to measure, outside the Rust build, which formulation choices help HiGHS on
Instances 1-24 before they are written in the library. Every roster it returns is re-checked by the
independent checker ``benches/curtois_check.py`` (rules and objective recomputed from the roster).

Usage (highspy lives in a private venv, not in the project's .venv)::

    /work/venv-proto/bin/python benches/curtois_highspy.py data/curtois_shift_scheduling OUT_DIR \
        --instances 1,2,3 --time-limit 60 [--variant base|best] [--set opt=value ...]

writes ``OUT_DIR/InstanceK.csv`` (header ``employee,day,shift``) and ``OUT_DIR/summary.csv``
(instance, best_known, objective, bound, gap, seconds, status, checker_objective, violations).

Model (names as in data/curtois_shift_scheduling/README.md; H days, E staff, S shift types)

* ``x[e,d,s]`` binary, created only when d is not a day off of e and MaxShifts[e][s] > 0;
  ``w[e,d] = sum_s x[e,d,s]`` is an expression (0 on a day off), not a variable.
* ``u[d,s], o[d,s] >= 0``: ``sum_e x[e,d,s] + u - o = req[d,s]``; cost ``w_under*u + w_over*o``.
* requests: shift-on costs ``W*(1 - x)`` (a constant offset when x does not exist), shift-off ``W*x``.
* ``w[e,d] <= 1``; ``sum_d x[e,d,s] <= MaxShifts``; ``Min <= sum len_s x <= Max`` (minutes).
* max consecutive: every window of ``max+1`` days inside the horizon has ``sum w <= max``.
* min consecutive shifts ``m``: forbid a work block of length ``j < m`` strictly inside the horizon:
  for ``1 <= d``, ``d+j <= H-1``: ``-w[d-1] + sum_{t=d}^{d+j-1} w[t] - w[d+j] <= j-1``.
  Min consecutive days off: the same on ``1-w``, i.e. ``w[d-1] - sum w[d..d+j-1] + w[d+j] <= 1``.
  Blocks touching day 0 or day H-1 are exempt (the README's boundary convention).
* weekends ``v[e,k]``: ``v >= w[sat]``, ``v >= w[sun]``, ``sum_k v <= MaxWeekends``
  (weekend k = days 7k+5, 7k+6).
* forbidden successions, aggregated: ``x[e,d,s1] + sum_{s2 in F(s1)} x[e,d+1,s2] <= 1``.

Variants (``--set`` flags; ``base`` is the model above, ``best`` the combination kept after the
measurements reported in benches/curtois_results.md):

* ``weekend_ub``  add ``v <= w[sat] + w[sun]`` and make v continuous in [0,1];
* ``pairwise``    one row per forbidden pair instead of the aggregated row;
* ``count_bounds`` bounds on the number of worked days implied by the minute bounds
  (``ceil(Min/Lmax) <= sum_d w <= floor(Max/Lmin)``) and by MaxShifts;
* ``lns``         fraction of the time limit spent on an LNS MIP start (``_lns``), 0 = off;
* HiGHS options can be given with ``--set highs:NAME=VALUE`` (e.g. ``highs:mip_heuristic_effort=0.3``).

Measurements (2026-12-04, HiGHS 1.16.0, threads=1, time_limit 60 s including the build, seed 0,
two instances solved at a time on a 2-core machine; one run each, so noisy). Objective = the
checker's value of the returned roster (0 violations on every roster); sum over Instances 1-12:
base 31323, weekend_ub 31525, mip_heuristic_effort=0.3 33575, pairwise 33079, lns=0.6 27634,
lns=0.85 25760 (but its final MIP is too short for a bound on Instance12: 0.00). Instances 1-3 are
proven optimal (607, 828, 1001) by every variant; none reaches the best known on 4-12 in 60 s.
HiGHS's reported incumbent value can exceed the roster's value (8: 3172 vs 3071, 12: 9728 vs 9627):
the incumbent has under- and over-cover slack both positive on one cell; fixing the roster in the
model (``fixed_roster_value``) gives the checker's value. count_bounds and symmetry breaking were not
measured (no two employees are identical in Instances 1-12).
"""
from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import time

import highspy
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from curtois_check import check, parse_instance  # noqa: E402

BEST_KNOWN = {1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439,
              10: 4631, 11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3834, 16: 3225, 17: 5746,
              18: 4459, 19: 3149, 20: 4943, 21: 21159, 22: 33155, 23: 17428, 24: 48777}

BASE = {"weekend_ub": False, "pairwise": False, "count_bounds": False, "lns": 0.0}
# kept variant: the base rows plus an LNS MIP start on 60 % of the time limit (see measurements above)
BEST = {"weekend_ub": False, "pairwise": False, "count_bounds": False, "lns": 0.6}


class Model:
    """Column/row lists for a HighsLp (integer columns), built from a parsed instance."""

    def __init__(self):
        self.cost, self.lo, self.hi, self.integer = [], [], [], []
        self.r_lo, self.r_hi, self.r_idx, self.r_val = [], [], [], []
        self.offset = 0.0

    def col(self, cost, lo, hi, integer):
        self.cost.append(float(cost))
        self.lo.append(float(lo))
        self.hi.append(float(hi))
        self.integer.append(bool(integer))
        return len(self.cost) - 1

    def row(self, terms, lo, hi):
        """terms: dict col -> coef (a constant part must already be moved into lo/hi)."""
        terms = {c: v for c, v in terms.items() if v != 0}
        if not terms:
            if lo > 1e-9 or hi < -1e-9:
                raise ValueError("infeasible constant row")
            return
        self.r_idx.append(list(terms))
        self.r_val.append([float(terms[c]) for c in terms])
        self.r_lo.append(float(lo))
        self.r_hi.append(float(hi))

    def to_highs(self, h: highspy.Highs):
        h.passModel(self.to_lp())

    def to_lp(self) -> highspy.HighsLp:
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        n, m = len(self.cost), len(self.r_lo)
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.array(self.cost)
        lp.col_lower_ = np.array(self.lo)
        lp.col_upper_ = np.array(self.hi)
        lp.row_lower_ = np.array([x if x > -1e29 else -inf for x in self.r_lo])
        lp.row_upper_ = np.array([x if x < 1e29 else inf for x in self.r_hi])
        lp.offset_ = self.offset
        # column-wise matrix
        cols = [[] for _ in range(n)]
        for i, (idx, val) in enumerate(zip(self.r_idx, self.r_val)):
            for c, v in zip(idx, val):
                cols[c].append((i, v))
        start, index, value = [0], [], []
        for c in range(n):
            for i, v in cols[c]:
                index.append(i)
                value.append(v)
            start.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(start, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value)
        lp.integrality_ = [highspy.HighsVarType.kInteger if b else highspy.HighsVarType.kContinuous
                           for b in self.integer]
        return lp


BIG = 1e30


def build(inst: dict, opts: dict):
    H = inst["horizon"]
    shifts, staff = inst["shifts"], inst["staff"]
    S = list(shifts)
    m = Model()
    x = {}  # (e,d,s) -> col
    on_w = {(e, d, s): wt for e, d, s, wt in inst["shift_on"]}
    off_w = {(e, d, s): wt for e, d, s, wt in inst["shift_off"]}
    for e, c in staff.items():
        for d in range(H):
            if d in inst["days_off"][e]:
                continue
            for s in S:
                if c["max_shifts"].get(s, H) <= 0:
                    continue
                cost = off_w.get((e, d, s), 0) - on_w.get((e, d, s), 0)
                x[e, d, s] = m.col(cost, 0, 1, True)
    m.offset += sum(on_w.values())

    def w(e, d):
        return {x[e, d, s]: 1 for s in S if (e, d, s) in x}

    def add(acc, terms, k=1):
        for c, v in terms.items():
            acc[c] = acc.get(c, 0) + k * v
        return acc

    # cover
    for (d, s), cv in inst["cover"].items():
        u = m.col(cv["w_under"], 0, BIG, False)
        o = m.col(cv["w_over"], 0, BIG, False)
        terms = {x[e, d, s]: 1 for e in staff if (e, d, s) in x}
        terms[u] = 1
        terms[o] = -1
        m.row(terms, cv["requirement"], cv["requirement"])

    for e, c in staff.items():
        # one shift per day
        for d in range(H):
            t = w(e, d)
            if len(t) > 1:
                m.row(t, -BIG, 1)
        # max shifts per type
        for s, mx in c["max_shifts"].items():
            t = {x[e, d, s]: 1 for d in range(H) if (e, d, s) in x}
            if len(t) > mx:
                m.row(t, -BIG, mx)
        # total minutes
        t = {x[e, d, s]: shifts[s]["length"] for d in range(H) for s in S if (e, d, s) in x}
        m.row(t, c["min_total_minutes"], c["max_total_minutes"])
        if opts.get("count_bounds"):
            lens = [shifts[s]["length"] for s in S if c["max_shifts"].get(s, H) > 0]
            lo_n = math.ceil(c["min_total_minutes"] / max(lens))
            hi_n = min(c["max_total_minutes"] // min(lens),
                       sum(c["max_shifts"].get(s, H) for s in S if c["max_shifts"].get(s, H) > 0))
            t = {x[e, d, s]: 1 for d in range(H) for s in S if (e, d, s) in x}
            m.row(t, lo_n, hi_n)
        # max consecutive
        mc = c["max_consecutive_shifts"]
        for d in range(0, H - mc):
            t = {}
            for k in range(d, d + mc + 1):
                add(t, w(e, d=k))
            if len(t) > mc:
                m.row(t, -BIG, mc)
        # min consecutive shifts: forbid work blocks of length j < min strictly inside
        for j in range(1, c["min_consecutive_shifts"]):
            for d in range(1, H - j):  # d-1 >= 0, d+j <= H-1
                t = add({}, w(e, d - 1), -1)
                for k in range(d, d + j):
                    add(t, w(e, k))
                add(t, w(e, d + j), -1)
                m.row(t, -BIG, j - 1)
        # min consecutive days off: forbid off blocks of length j < min strictly inside
        for j in range(1, c["min_consecutive_days_off"]):
            for d in range(1, H - j):
                t = add({}, w(e, d - 1), 1)
                for k in range(d, d + j):
                    add(t, w(e, k), -1)
                add(t, w(e, d + j), 1)
                # a + b - sum w_i <= 1; skip when it cannot bind (a or b identically 0)
                if w(e, d - 1) and w(e, d + j):
                    m.row(t, -BIG, 1)
        # weekends
        vs = []
        for k in range(H // 7 + 1):
            days = [dd for dd in (7 * k + 5, 7 * k + 6) if dd < H]
            terms = [w(e, dd) for dd in days]
            terms = [t for t in terms if t]
            if not terms:
                continue
            v = m.col(0, 0, 1, not opts.get("weekend_ub"))
            vs.append(v)
            for t in terms:
                m.row(add({v: 1}, t, -1), 0, BIG)
            if opts.get("weekend_ub"):
                t = {v: 1}
                for tt in terms:
                    add(t, tt, -1)
                m.row(t, -BIG, 0)
        if len(vs) > c["max_weekends"]:
            m.row({v: 1 for v in vs}, -BIG, c["max_weekends"])
        # forbidden successions
        for d in range(H - 1):
            for s1 in S:
                if (e, d, s1) not in x:
                    continue
                nxt = [s2 for s2 in shifts[s1]["cannot_follow"] if (e, d + 1, s2) in x]
                if not nxt:
                    continue
                if opts.get("pairwise"):
                    for s2 in nxt:
                        m.row({x[e, d, s1]: 1, x[e, d + 1, s2]: 1}, -BIG, 1)
                else:
                    t = {x[e, d, s1]: 1}
                    for s2 in nxt:
                        t[x[e, d + 1, s2]] = 1
                    m.row(t, -BIG, 1)
    return m, x


def _highs(lp, time_limit, threads, seed, highs_opts, start=None, lo=None, hi=None):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("time_limit", max(0.5, float(time_limit)))
    for k, v in (highs_opts or {}).items():
        h.setOptionValue(k, v)
    if lo is not None:
        lp.col_lower_ = lo
        lp.col_upper_ = hi
    h.passModel(lp)
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = list(start)
        sol.value_valid = True
        h.setSolution(sol)
    h.run()
    return h


def _lns(inst, m, x, lp, t_end, threads, seed, highs_opts, log):
    """MIP start by large-neighbourhood search with HiGHS as the sub-solver.

    A short full solve gives a first incumbent; then, until ``t_end``, a neighbourhood is freed and
    the rest of the x columns is fixed to the incumbent: alternately a random set of employees
    (about 20 % of the staff, at least 3) and a random window of 7-14 days for all employees. A sub
    MIP runs up to 3 s from the incumbent; an improvement (judged by the independent checker) is
    kept. Returns the incumbent column vector or None.
    """
    import random
    rng = random.Random(seed)
    lo0, hi0 = np.array(m.lo), np.array(m.hi)
    staff, H = list(inst["staff"]), inst["horizon"]
    by_emp = {e: [] for e in staff}
    by_day = [[] for _ in range(H)]
    for (e, d, s), c in x.items():
        by_emp[e].append(c)
        by_day[d].append(c)

    def value(col):
        r = [(e, d, s) for (e, d, s), c in x.items() if col[c] > 0.5]
        obj, viol = check(inst, r)
        return obj if not viol else None

    first = min(10.0, max(1.0, (t_end - time.perf_counter()) / 4))
    h = _highs(lp, first, threads, seed, highs_opts)
    if h.getInfo().primal_solution_status != 2:
        return None
    best = np.array(h.getSolution().col_value)
    best_obj = value(best)
    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        return best
    it = 0
    while time.perf_counter() < t_end - 0.5 and best_obj is not None:
        it += 1
        if it % 2:
            k = max(3, len(staff) // 5)
            free = [c for e in rng.sample(staff, min(k, len(staff))) for c in by_emp[e]]
        else:
            L = rng.randint(7, 14)
            d0 = rng.randrange(max(1, H - L + 1))
            free = [c for d in range(d0, min(H, d0 + L)) for c in by_day[d]]
        lo, hi = lo0.copy(), hi0.copy()
        xc = np.array(list(x.values()))
        fixv = np.round(best[xc])
        lo[xc], hi[xc] = fixv, fixv
        free = np.array(free, dtype=int)
        lo[free], hi[free] = lo0[free], hi0[free]
        tl = min(3.0, t_end - time.perf_counter())
        h = _highs(lp, tl, threads, seed + it, highs_opts, start=best, lo=lo, hi=hi)
        if h.getInfo().primal_solution_status == 2:
            cand = np.array(h.getSolution().col_value)
            obj = value(cand)
            if obj is not None and obj < best_obj:
                best, best_obj = cand, obj
                log.append((round(time.perf_counter(), 1), it, obj))
    lp.col_lower_, lp.col_upper_ = lo0, hi0
    return best


def solve(path, time_limit=60.0, opts=None, highs_opts=None, threads=1, seed=0):
    """Build and solve one instance; the time limit covers the build, the MIP start and the MIP."""
    opts = dict(BASE if opts is None else opts)
    inst = parse_instance(path)
    t0 = time.perf_counter()
    m, x = build(inst, opts)
    lp = m.to_lp()
    start, log = None, []
    if opts.get("lns", 0) > 0:
        start = _lns(inst, m, x, lp, t0 + opts["lns"] * time_limit, threads, seed, highs_opts, log)
    h = _highs(lp, time_limit - (time.perf_counter() - t0), threads, seed, highs_opts, start=start)
    secs = time.perf_counter() - t0
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    roster = []
    val = None
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        val = h.getSolution().col_value
    elif start is not None:
        val = start
    if val is not None:
        roster = [(e, d, s) for (e, d, s), c in x.items() if val[c] > 0.5]
        roster.sort(key=lambda r: (list(inst["staff"]).index(r[0]), r[1]))
    chk_obj, viol = check(inst, roster) if roster else (None, None)
    return {
        "objective": info.objective_function_value if roster else None,
        "bound": info.mip_dual_bound,
        "gap": info.mip_gap,
        "seconds": secs,
        "status": status,
        "roster": roster,
        "checker_objective": chk_obj,
        "violations": viol,
        "cols": len(m.cost),
        "rows": len(m.r_lo),
        "lns_log": log,
    }


def fixed_roster_value(inst: dict, roster, opts=None):
    """Judge a roster with the model: fix every x to the roster and solve for the rest.

    Returns ``(feasible, objective)``; a row the model has no column for (a day off, a shift type
    with MaxShifts 0, an unknown id) makes it infeasible. Used to cross-check the model against the
    independent checker (the same roster must be feasible iff the checker finds no violation, and
    then with the same objective).
    """
    m, x = build(inst, dict(BASE if opts is None else opts))
    want = set()
    for e, d, s in roster:
        if (e, d, s) not in x or (e, d, s) in want:
            return False, None
        want.add((e, d, s))
    for key, c in x.items():
        v = 1.0 if key in want else 0.0
        m.lo[c] = m.hi[c] = v
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    m.to_highs(h)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return False, None
    return True, round(h.getInfo().objective_function_value)


def crosscheck(path, roster, n=200, seed=1, opts=None):
    """Random single-cell changes of ``roster`` judged by the checker and by the fixed model.

    Each change sets one (employee, day) cell to off or to another shift type. Returns a list of
    disagreements (empty when the model and the checker agree on every change) and the number of
    changed rosters the checker found valid.
    """
    import random
    inst = parse_instance(path)
    rng = random.Random(seed)
    staff, S, H = list(inst["staff"]), list(inst["shifts"]), inst["horizon"]
    cells = {(e, d): s for e, d, s in roster}
    out, n_valid = [], 0
    for _ in range(n):
        e, d = rng.choice(staff), rng.randrange(H)
        cur = cells.get((e, d))
        new = rng.choice([None] + [s for s in S if s != cur]) if cur else rng.choice(S)
        c2 = dict(cells)
        if new is None:
            c2.pop((e, d), None)
        else:
            c2[e, d] = new
        r2 = [(ee, dd, ss) for (ee, dd), ss in c2.items()]
        obj, viol = check(inst, r2)
        feas, mobj = fixed_roster_value(inst, r2, opts)
        n_valid += not viol
        if feas != (not viol) or (feas and mobj != obj):
            out.append({"cell": (e, d, cur, new), "checker": (obj, [v["rule"] for v in viol]),
                        "model": (feas, mobj)})
    return out, n_valid


def parse_value(v: str):
    for f in (int, float):
        try:
            return f(v)
        except ValueError:
            pass
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    return v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("instance_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--instances", default="1,2,3,4,5,6,7,8,9,10,11,12")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--variant", choices=["base", "best"], default="base")
    ap.add_argument("--set", action="append", default=[], help="flag=value or highs:option=value")
    a = ap.parse_args(argv)
    opts = dict(BASE if a.variant == "base" else BEST)
    highs_opts = {}
    for kv in a.set:
        k, v = kv.split("=", 1)
        if k.startswith("highs:"):
            highs_opts[k[6:]] = parse_value(v)
        else:
            if k not in BASE:
                raise SystemExit(f"unknown flag {k}")
            opts[k] = parse_value(v)
    os.makedirs(a.out_dir, exist_ok=True)
    summ_path = os.path.join(a.out_dir, "summary.csv")
    new = not os.path.exists(summ_path)
    with open(summ_path, "a", newline="") as sf:
        sw = csv.writer(sf)
        if new:
            sw.writerow(["instance", "best_known", "objective", "bound", "gap", "seconds", "status",
                         "checker_objective", "violations", "cols", "rows", "lns_improvements", "opts"])
        for k in [int(i) for i in a.instances.split(",")]:
            r = solve(os.path.join(a.instance_dir, f"Instance{k}.txt"), a.time_limit, opts, highs_opts)
            with open(os.path.join(a.out_dir, f"Instance{k}.csv"), "w", newline="") as f:
                cw = csv.writer(f)
                cw.writerow(["employee", "day", "shift"])
                cw.writerows(r["roster"])
            obj = None if r["objective"] is None else round(r["objective"])
            nviol = None if r["violations"] is None else len(r["violations"])
            row = [k, BEST_KNOWN[k], obj, f"{r['bound']:.2f}", f"{r['gap']:.4f}", f"{r['seconds']:.1f}",
                   r["status"], r["checker_objective"], nviol, r["cols"], r["rows"], len(r["lns_log"]),
                   ";".join(f"{kk}={vv}" for kk, vv in {**opts, **highs_opts}.items())]
            sw.writerow(row)
            sf.flush()
            print(*row, sep="\t", flush=True)


if __name__ == "__main__":
    main()
