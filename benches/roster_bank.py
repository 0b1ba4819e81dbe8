#!/usr/bin/env python3
"""The contact-centre roster bench: 4 weeks at 15 minutes, 200 named agents on three contracts.

Usage::

    python benches/roster_bank.py [--agents 200] [--design-time 20] [--time-limit 25] [--lns-time 75] [--method compact]
                                  [--scale 8] [--seed 7] [--threads 2]

The budget is ``--design-time`` for the shift design, then ``--time-limit`` for the roster's first
solve (a model this size is built batch by batch of agents) and ``--lns-time`` for the
large-neighbourhood search: 120 s in all by default. With ``--threads 2`` (default, the machine's
two cores) the roster model's linear relaxation, the roster's bound, runs on one thread alongside
the roster, whose HiGHS solves use the other; with ``--threads 1`` it comes first, in at most half
of ``--time-limit``.

The requirement is the bundled Anonymous Bank's (data/anon_bank_1999): a 28-day weekly-average
forecast of the handled calls from 1 November 1999, volumes multiplied by ``--scale`` (the bank's
own peak needs ~18 agents; the scale makes a centre that needs ~200), staffed by Erlang C for 80%
in 20 s with 30% shrinkage. Agents (seeded): 50% full-time (5 days, 8.5 h with a 30-minute lunch,
11 h rest, at most 2 weekends of 4), 30% part-time (at most 4 days of 4-6 h), 20% weekend/evening
(at most 3 days, 4-6 h, from 14:00), with leave for 10% of agents (a random week day), availability
windows for half the part-timers and day-off requests for 20% of agents.

Prints the roster's objective, bound, gap, seconds, its price of named agents against the
shift-design optimum, and the process's peak resident memory (``ru_maxrss``). Goals: gap <= 1%
within 120 s, price of named agents <= 2%.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
from pathlib import Path

import polars as pl

import wfmkit as w

ROOT = Path(__file__).resolve().parents[1]


def requirement(scale: float) -> pl.DataFrame:
    hist = pl.read_csv(ROOT / "data/anon_bank_1999/anon_bank_1999_janoct_15min.csv", try_parse_dates=True)
    hist = hist.with_columns(pl.col("handled") * scale)
    fc = w.forecast(
        hist,
        columns={"interval_start": "timestamp", "volume": "handled", "aht_s": "aht_seconds"},
        horizon_days=28,
        k_weeks=8,
    )
    return w.requirements(fc, service_level=0.8, answer_within_s=20, shrinkage=0.3)


TEMPLATES = [
    w.ShiftTemplate("full", "06:00", "15:00", 510, 510, start_step_min=60,
                    breaks=[w.BreakRule(30, 210, 300, name="lunch")]),
    w.ShiftTemplate("part", "06:00", "20:00", 240, 360, start_step_min=60, length_step_min=120),
]
CONTRACTS = [
    w.Contract("ft", min_days_per_week=4, max_days_per_week=5, shifts=["full"], min_rest_min=660,
               max_consecutive_days=6, max_weekends=2),
    w.Contract("pt", max_days_per_week=4, shifts=["part"], min_rest_min=660),
    w.Contract("we", max_days_per_week=3, shifts=["part"], min_rest_min=660),
]


def agents(n: int, start: dt.date, seed: int) -> list[w.Agent]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        c = "ft" if i < n * 0.5 else ("pt" if i < n * 0.8 else "we")
        leave, avail, reqs = [], [], []
        if rng.random() < 0.1:
            leave = [start + dt.timedelta(days=rng.randrange(28))]
        if c == "pt" and rng.random() < 0.5:
            avail = [(d, "06:00", "16:00") for d in ("Mon", "Tue", "Wed", "Thu", "Fri")]
        if c == "we":
            avail = [(d, "14:00", None) for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
        if rng.random() < 0.2:
            reqs = [(start + dt.timedelta(days=rng.randrange(28)), "day_off", None, 50.0)]
        out.append(w.Agent(f"{c.upper()}{i:03d}", c, days_off=leave, availability=avail, requests=reqs))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=200)
    ap.add_argument("--design-time", type=float, default=20.0)
    ap.add_argument("--time-limit", type=float, default=25.0)
    ap.add_argument("--lns-time", type=float, default=75.0)
    ap.add_argument("--method", default="compact", choices=["compact", "price_and_branch"])
    ap.add_argument("--scale", type=float, default=8.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--candidate-shifts", default="design")
    ap.add_argument("--fairness", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    req = requirement(a.scale)
    start = req["interval_start"].min().date()
    ag = agents(a.agents, start, a.seed)
    t = time.perf_counter()
    r = w.roster(req, TEMPLATES, ag, CONTRACTS, time_limit_s=a.time_limit, design_time_limit_s=a.design_time,
                 lns_time_s=a.lns_time, method=a.method,
                 candidate_shifts=a.candidate_shifts, fairness_weight=a.fairness, threads=a.threads)
    secs = time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    d = r.design
    print(f"intervals {req.height}, peak {req['agents_gross'].max()} agents gross, {a.agents} agents, "
          f"{a.threads} threads")
    print(f"design: objective {d.objective:.0f}, bound {d.bound:.0f}")
    print(f"roster: {r.status}, objective {r.objective:.0f} (under {r.costs.under:.0f}, over {r.costs.over:.0f}, "
          f"paid {r.costs.paid:.0f}, requests {r.costs.requests:.0f}, fairness {r.costs.fairness:.0f})")
    print(f"bound {r.bound:.0f}, gap {100 * r.gap:.2f}%, price of named agents {100 * d.price_of_named_agents:.2f}%, "
          f"{secs:.1f} s (design and roster; budget 120 s), peak RSS {rss_mb:.0f} MB")
    rb = "not reached" if r.relaxation_bound is None else f"{r.relaxation_bound:.0f}"
    print(f"model bound (the roster model over the shifts offered) {r.model_bound:.0f}, "
          f"linear relaxation over every shift {rb}")
    if r.column_generation is not None:
        c = r.column_generation
        print(f"column generation: {c.rounds} rounds, {c.columns} columns, root LP {c.lp:.0f}, "
              f"converged {c.converged}, {c.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
