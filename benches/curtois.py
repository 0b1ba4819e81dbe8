#!/usr/bin/env python3
"""Curtois & Qu instances through wfmkit's Python API (``wfmkit.roster_per_shift``).

Usage::

    python benches/curtois.py INSTANCE_DIR OUT_DIR [--time-limit S] [--lns-time S] [--method compact|price_and_branch] [--instances 1,2,...]

``--time-limit`` bounds the MILP; ``--lns-time`` (default 0) adds that many seconds of
large-neighbourhood search when the MILP stops at its limit without proving optimality.

Writes, per instance, ``OUT_DIR/InstanceK.csv`` (header ``employee,day,shift``: one row per assigned
shift, ``day`` 0-based, the instance's own ids) and ``OUT_DIR/summary.csv`` (instance, objective,
bound, gap, seconds, best_known, checker_objective, violations), so that any independent checker can
recompute each objective from the roster alone. The objective printed beside wfmkit's is recomputed
by ``benches/curtois_check.py`` (standard library only, no shared code).

The instance format is parsed here and in the checker, not in the library: the benchmark's format
does not belong in wfmkit's API. The horizon starts on a Monday (2024-01-01), so weekend k is days
7k+5 and 7k+6, as the benchmark defines.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import sys
import time
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("curtois_check", HERE / "curtois_check.py")
cc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cc)

DAY0 = dt.date(2024, 1, 1)

# Best known objectives (data/curtois_shift_scheduling/README.md, with their sources there; the same
# table as tests/curtois_loader/mod.rs).
BEST_KNOWN = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439, 10: 4631,
    11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3834, 16: 3225, 17: 5746, 18: 4459, 19: 3149,
    20: 4943, 21: 21159, 22: 33155, 23: 17428, 24: 48777,
}


def problem(inst: dict):
    """The instance as wfmkit's per-shift roster inputs."""
    import wfmkit as w

    shifts = [
        w.ShiftKind(sid, "00:00", sh["length"], cannot_follow=sh["cannot_follow"], night=False)
        for sid, sh in inst["shifts"].items()
    ]
    contracts, agents = [], []
    reqs: dict[str, list] = {e: [] for e in inst["staff"]}
    for e, d, s, wgt in inst["shift_on"]:
        reqs[e].append((DAY0 + dt.timedelta(days=d), "shift_on", s, float(wgt)))
    for e, d, s, wgt in inst["shift_off"]:
        reqs[e].append((DAY0 + dt.timedelta(days=d), "shift_off", s, float(wgt)))
    for e, st in inst["staff"].items():
        contracts.append(
            w.Contract(
                e,
                max_shifts=st["max_shifts"],
                max_minutes=st["max_total_minutes"],
                min_minutes=st["min_total_minutes"],
                max_consecutive_days=st["max_consecutive_shifts"],
                min_consecutive_days=st["min_consecutive_shifts"],
                min_consecutive_days_off=st["min_consecutive_days_off"],
                max_weekends=st["max_weekends"],
            )
        )
        agents.append(
            w.Agent(
                e,
                e,
                days_off=[DAY0 + dt.timedelta(days=d) for d in sorted(inst["days_off"][e])],
                requests=reqs[e],
            )
        )
    cover = pl.DataFrame(
        {
            "date": [DAY0 + dt.timedelta(days=d) for (d, _s) in inst["cover"]],
            "shift": [s for (_d, s) in inst["cover"]],
            "required": [c["requirement"] for c in inst["cover"].values()],
            "under_weight": [float(c["w_under"]) for c in inst["cover"].values()],
            "over_weight": [float(c["w_over"]) for c in inst["cover"].values()],
        }
    )
    return cover, shifts, agents, contracts


def run(path: Path, time_limit: float, threads: int = 1, lns_time: float = 0.0, method: str = "compact"):
    """Rosters one instance; returns (rows, roster)."""
    import wfmkit as w

    inst = cc.parse_instance(path)
    cover, shifts, agents, contracts = problem(inst)
    r = w.roster_per_shift(
        cover, shifts, agents, contracts, start=DAY0, days=inst["horizon"], time_limit_s=time_limit, threads=threads,
        lns_time_s=lns_time, method=method,
    )
    rows = [
        (a, (d - DAY0).days, s)
        for a, d, s in r.shifts.select("agent_id", "date", "shift").iter_rows()
    ]
    return inst, rows, r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("instance_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--instances", default="1,2,3")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lns-time", type=float, default=0.0)
    ap.add_argument("--method", default="compact", choices=["compact", "price_and_branch"])
    a = ap.parse_args(argv)
    a.out_dir.mkdir(parents=True, exist_ok=True)
    ks = [int(x) for x in a.instances.split(",") if x]
    summary = []
    print(f"{'inst':>4} {'objective':>10} {'bound':>10} {'gap %':>7} {'seconds':>8} {'best':>7} {'checker':>8} viol")
    for k in ks:
        t = time.perf_counter()
        inst, rows, r = run(a.instance_dir / f"Instance{k}.txt", a.time_limit, a.threads, a.lns_time, a.method)
        secs = time.perf_counter() - t
        with open(a.out_dir / f"Instance{k}.csv", "w", newline="") as f:
            wr = csv.writer(f)
            wr.writerow(["employee", "day", "shift"])
            wr.writerows(rows)
        obj, viol = cc.check(inst, rows)
        summary.append([k, r.objective, r.bound, r.gap, round(secs, 2), BEST_KNOWN.get(k), obj, len(viol)])
        print(
            f"{k:>4} {r.objective:>10.0f} {r.bound:>10.1f} {100 * r.gap:>7.2f} {secs:>8.1f} "
            f"{BEST_KNOWN.get(k, ''):>7} {obj:>8} {len(viol)}",
            flush=True,
        )
    with open(a.out_dir / "summary.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["instance", "objective", "bound", "gap", "seconds", "best_known", "checker_objective", "violations"])
        wr.writerows(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
