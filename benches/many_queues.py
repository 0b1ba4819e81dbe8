"""Many queues on threads and on a Dask LocalCluster (issue 16's benchmark, scaled by arguments).

    python benches/many_queues.py [--queues N] [--days D] [--history-weeks W]

Generates N queues (the Anonymous Bank's 15-minute calls at N scales, the last W weeks of the
history each), plans D days of each with `wfmkit.plan_many`, and prints wall time, queues per
second and memory (peak RSS of this process; with Dask, each worker's RSS after the run) for: local
threads (1 and 2), and a LocalCluster of 1 and 2 worker processes. The per-queue overhead of the
distributed path is the difference of wall times per queue against the same number of threads.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import polars as pl

import wfmkit

ROOT = Path(__file__).resolve().parents[1]


def histories(n: int, weeks: int) -> pl.DataFrame:
    h = pl.read_csv(ROOT / "data/anon_bank_1999/anon_bank_1999_janoct_15min.csv", try_parse_dates=True)
    last = h["timestamp"].max()
    h = h.filter(pl.col("timestamp") > last - pl.duration(weeks=weeks)).select("timestamp", "handled", "aht_seconds")
    return pl.concat([h.with_columns((pl.col("handled") * (0.5 + k / n)).round().cast(pl.Int64),
                                     pl.lit(f"q{k:04d}").alias("queue")) for k in range(n)])


def config(days: int) -> dict:
    return {
        "history": {"interval_min": 15, "columns": {"interval_start": "timestamp", "volume": "handled",
                                                     "aht_s": "aht_seconds", "queue": "queue"}},
        "forecast": {"model": "weekly_average", "k_weeks": 4, "horizon_days": days},
        "staffing": {"service_level": 0.8, "shrinkage": 0.3},
        "schedule": {"time_limit_s": 30.0, "templates": [
            {"name": "full", "earliest_start": "06:00", "latest_start": "15:00", "start_step_min": 60,
             "min_length_min": 480, "max_length_min": 480},
            {"name": "part", "earliest_start": "06:00", "latest_start": "19:00", "start_step_min": 60,
             "min_length_min": 240, "max_length_min": 240}]},
    }


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queues", type=int, default=100)
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--history-weeks", type=int, default=6)
    a = ap.parse_args()
    h = histories(a.queues, a.history_weeks)
    cfg = config(a.days)
    print(f"{a.queues} queues, {h.height // a.queues} history rows each, {a.days} day(s) planned")
    base = {}
    for threads in (1, 2):
        t = time.perf_counter()
        r = wfmkit.plan_many(h, cfg, max_workers=threads)
        s = time.perf_counter() - t
        base[threads] = s
        print(f"threads={threads}: {s:7.2f} s  {a.queues / s:6.1f} queues/s  errors {len(r.errors)}  "
              f"peak RSS {peak_mib():.0f} MiB")
    from distributed import Client, LocalCluster

    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=40) as c, Client(c) as client:
            t = time.perf_counter()
            r = wfmkit.plan_many(h, cfg, client=client)
            s = time.perf_counter() - t
            # Current RSS of each worker after the run (psutil comes with distributed; a worker's
            # ru_maxrss would include what its process inherited when it was started).
            rss = client.run(lambda: __import__("psutil").Process().memory_info().rss / 2**20)
            per = s / a.queues - base[workers] / a.queues
            print(f"dask workers={workers}: {s:7.2f} s  {a.queues / s:6.1f} queues/s  errors {len(r.errors)}  "
                  f"overhead {1000 * per:+.1f} ms/queue against {workers} thread(s)  "
                  f"worker RSS after the run {', '.join(f'{v:.0f}' for v in rss.values())} MiB")


if __name__ == "__main__":
    main()
