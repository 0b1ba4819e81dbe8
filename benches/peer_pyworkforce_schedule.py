"""Peer comparison: wfmkit.schedule against pyworkforce's MinRequiredResources (OR-Tools CP-SAT)
on the same shift-count problem, in one run on one machine.

Input: one week (Mon 1 - Sun 7 November 1999) of Erlang C requirements for the Anonymous Bank
(80% within 20 s, 15-minute periods) from wfmkit's weekly-average forecast. pyworkforce cannot
cross midnight, so demand outside 06:00-23:00 is set to 0 for both. Shifts: full-time 8 h starting
06:00-14:00 and part-time 4 h starting 07:00-19:00, every 30 minutes, the same set for both.
Objective: every period covered (pyworkforce's hard constraint; for wfmkit an under-cover cost far
above any shift's cost), minimum total shift cost (full 8, part 4.4 per agent: cost_per_min 1/60
and 1.1/60; pyworkforce wants integers, so costs are scaled by 10 to 80 and 44).

Both solvers run on one thread with a 120 s limit. Prints each side's objective (recomputed from
its plan in wfmkit's units), status and seconds, and the time ratio.

Run: python benches/peer_pyworkforce_schedule.py   (needs `pip install pyworkforce`)
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import polars as pl
from pyworkforce.scheduling import MinRequiredResources

import wfmkit

ROOT = Path(__file__).resolve().parents[1]
PERIOD_MIN = 15
PERIODS = 24 * 60 // PERIOD_MIN


def requirement() -> pl.DataFrame:
    history = pl.read_csv(ROOT / "data/anon_bank_1999/anon_bank_1999_janoct_15min.csv", try_parse_dates=True)
    columns = {"interval_start": "timestamp", "volume": "handled", "aht_s": "aht_seconds", "handled": "handled"}
    fc = wfmkit.forecast(history, columns=columns, horizon_days=7, k_weeks=8)
    req = wfmkit.requirements(fc, service_level=0.8, answer_within_s=20.0)
    hour = pl.col("interval_start").dt.hour()
    return req.with_columns(
        pl.when((hour >= 6) & (hour < 23)).then(pl.col("agents")).otherwise(0).cast(pl.Float64).alias("agents")
    ).select("interval_start", "agents")


def shift_set():
    """(name, start minute of day, length minutes, cost per agent)."""
    out = []
    for m in range(6 * 60, 14 * 60 + 1, 30):
        out.append((f"full_{m // 60:02d}{m % 60:02d}", m, 480, 8.0))
    for m in range(7 * 60, 19 * 60 + 1, 30):
        out.append((f"part_{m // 60:02d}{m % 60:02d}", m, 240, 4.4))
    return out


def main() -> None:
    req = requirement()
    need = req["agents"].to_list()
    days = len(need) // PERIODS
    shifts = shift_set()

    # wfmkit: one template per shift (fixed start and length).
    templates = [
        wfmkit.ShiftTemplate(name, dt.time(m // 60, m % 60), dt.time(m // 60, m % 60), length, length,
                             cost_per_min=cost / length)
        for name, m, length, cost in shifts
    ]
    t = time.perf_counter()
    plan = wfmkit.schedule(req, templates, under_cost=1000.0, over_cost=0.0, time_limit_s=120, threads=1)
    t_wfm = time.perf_counter() - t
    cost_of = {name: cost for name, _, _, cost in shifts}
    wfm_obj = sum(cost_of[r["shift"]] * r["count"] for r in plan.shifts.iter_rows(named=True))
    wfm_short = plan.coverage["short"].sum()

    # pyworkforce: coverage arrays per shift, required per day and period, integer costs.
    coverage = {name: [1 if m <= p * PERIOD_MIN < m + length else 0 for p in range(PERIODS)] for name, m, length, _ in shifts}
    required = [[int(need[d * PERIODS + p]) for p in range(PERIODS)] for d in range(days)]
    peer = MinRequiredResources(
        num_days=days,
        periods=PERIODS,
        shifts_coverage=coverage,
        required_resources=required,
        max_period_concurrency=200,
        max_shift_concurrency=100,
        cost_dict={name: int(round(cost * 10)) for name, _, _, cost in shifts},
        max_search_time=120.0,
        num_search_workers=1,
    )
    t = time.perf_counter()
    sol = peer.solve()
    t_peer = time.perf_counter() - t
    peer_obj = sum(cost_of[r["shift"]] * r["resources"] for r in sol["resources_shifts"])
    # Recompute the peer's coverage to confirm every period is covered.
    on = [0] * len(need)
    for r in sol["resources_shifts"]:
        for p, c in enumerate(coverage[r["shift"]]):
            on[r["day"] * PERIODS + p] += c * r["resources"]
    peer_short = sum(max(n - o, 0) for n, o in zip(need, on))

    print(f"instance: {days} days x {PERIODS} periods, {len(shifts)} shifts per day")
    print(f"wfmkit      objective {wfm_obj:9.1f}  short {wfm_short:4.0f}  status {plan.status:<10} {t_wfm:7.2f} s")
    print(f"pyworkforce objective {peer_obj:9.1f}  short {peer_short:4.0f}  status {sol['status']:<10} {t_peer:7.2f} s")
    print(f"time ratio pyworkforce / wfmkit: {t_peer / t_wfm:.1f}")


if __name__ == "__main__":
    main()
